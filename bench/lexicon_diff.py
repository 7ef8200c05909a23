"""Which messages a lexicon change flags differently: the guard for widening the lexicon.

    .venv/bin/python bench/lexicon_diff.py [--base REV] [--kind crisis] [--skip SET.yml ...]

Screens every message we hold (NLU training data, the held-out split, the screening sets)
with the lexicon at REV (default HEAD, so the uncommitted change is what is measured) and
with the one in the working tree, and lists each message whose verdict for KIND changed,
with its label. A widening should add only messages labelled with that kind. Exit status 1
when a message whose label is not that kind is newly flagged. `--skip` leaves out a screening
set that is still blind, so that the guard can run before the set judges the change.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.nlu_eval import examples  # noqa: E402
from bench.signals_eval import load_examples  # noqa: E402
from bot.signals import KINDS, Lexicon, load_lexicon, screen  # noqa: E402
from bot.signals.detector import INTENT_KINDS  # noqa: E402

LEXICON = "bot/signals/lexicon"


def labelled_messages(skip: frozenset[str] = frozenset()) -> list[tuple[str, frozenset[str]]]:
    """(text, kinds it should raise) for every message in data/nlu, tests/nlu and the sets.

    `skip` names screening sets (file names) to leave out.
    """
    nlu = sorted((ROOT / "data" / "nlu").glob("*/*.yml")) + sorted(
        (ROOT / "tests" / "nlu").glob("heldout_*.yml")
    )
    # An NLU message should raise the kind its intent is evidence of (none for the rest).
    out = [
        (text, frozenset({INTENT_KINDS[intent]} if intent in INTENT_KINDS else ()))
        for path in nlu
        for text, intent in examples(path)
    ]
    for path in sorted((ROOT / "tests" / "data").glob("signals_*.yml")):
        if path.name in skip:
            continue
        out += [(example.text, example.kinds) for example in load_examples(path)]
    return out


def lexicon_at(rev: str, folder: Path) -> Lexicon:
    """The lexicon files as they were at `rev`, written into `folder` and loaded."""
    paths = []
    for name in ("en.yml", "zh.yml"):
        text = subprocess.run(
            ["git", "show", f"{rev}:{LEXICON}/{name}"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return load_lexicon(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="git revision of the old lexicon")
    parser.add_argument("--kind", default="crisis", choices=sorted(KINDS))
    parser.add_argument(
        "--skip", nargs="*", default=[], metavar="SET", help="screening sets still blind"
    )
    args = parser.parse_args(argv)
    skip = frozenset(Path(name).name for name in args.skip)
    unknown = sorted(name for name in skip if not (ROOT / "tests" / "data" / name).is_file())
    if unknown:
        parser.error(f"no such screening set in tests/data: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory() as folder:
        old = lexicon_at(args.base, Path(folder))
    new = load_lexicon()
    messages = labelled_messages(skip)
    wrongly_added = 0
    changed = 0
    for text, kinds in messages:
        before = args.kind in screen(text, lexicon=old).kinds
        after = args.kind in screen(text, lexicon=new).kinds
        if before == after:
            continue
        changed += 1
        label = ",".join(sorted(kinds)) or "ordinary"
        print(f"{'+' if after else '-'} [{label}] {text}")
        wrongly_added += after and args.kind not in kinds
    print(f"{changed} of {len(messages)} messages changed; {wrongly_added} newly flagged wrongly")
    return 1 if wrongly_added else 0


if __name__ == "__main__":
    sys.exit(main())
