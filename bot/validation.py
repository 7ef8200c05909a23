"""`python -m bot validate`: `rasa data validate`, failing on every warning that is real.

Rasa 3.6 warns that each form question (`utter_ask_<slot>`) "is not used in any story or
rule": forms ask them at run time, stories never name them. Worse, its
`--fail-on-warnings` ignores unused responses altogether (validator.py keeps
`everything_is_alright` true for them), so a response nothing uses would pass. Here every
warning fails the check except a question for a slot that a form in domain.yml requests,
and `utter_default`, which Rasa's own action_default_fallback says.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

_WARNING = re.compile(r"UserWarning: (.+?)(?:\x1b\[0m)?$")
_UNUSED = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule\.")
SAID_BY_RASA = frozenset({"utter_default"})


def form_questions(domain: dict) -> set[str]:
    """`utter_ask_<slot>` for every slot some form requests."""
    return {
        f"utter_ask_{slot}"
        for form in (domain.get("forms") or {}).values()
        for slot in (form or {}).get("required_slots", [])
    }


def real_warnings(output: Iterable[str], questions: set[str]) -> list[str]:
    """Rasa's warnings, minus "unused" form questions and responses Rasa itself says."""
    found = []
    for line in output:
        match = _WARNING.search(line.rstrip())
        if not match:
            continue
        unused = _UNUSED.fullmatch(match.group(1))
        if unused and unused.group(1) in questions | SAID_BY_RASA:
            continue
        found.append(match.group(1))
    return found


def run(root: Path) -> int:
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    questions = form_questions(yaml.safe_load((root / "domain.yml").read_text()))
    warnings = real_warnings((result.stdout + result.stderr).splitlines(), questions)
    for warning in warnings:
        print(f"rasa data validate: {warning}", file=sys.stderr)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
    ok = result.returncode == 0 and not warnings
    print("rasa data validate: clean" if ok else "rasa data validate: FAILED")
    return 0 if ok else 1
