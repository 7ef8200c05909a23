"""Keep or reject a data candidate: the ninth batch's rule applied to two nlu_tune runs.

    .venv/bin/python bench/fold_verdict.py BASE.txt CANDIDATE.txt

Both files are the printed output of `bench/nlu_tune.py --intents` (baseline data, and the
same data plus the candidate). Each language is judged on its own rows, at the weight and
threshold that run (2.0, 0.30) and the screening floor (0.60); the candidate is kept for a
language only if every line holds (tests/nlu/README.md, "A ninth batch"):

- macro-F1 no more than 0.002 lower;
- the mean recall of the four handoff intents not lower;
- express_crisis recall no more than 0.01 lower;
- other intents flagged at the floor no more than 0.3 points higher;
- faq_fees, faq_rights, dispute_debt and faq_data recall each no more than 0.02 lower.

Recalls are read from the per-intent table, to three places (at that same weight and
threshold): the sweep's two-place row hid a three-place loss of the handoff four once
(tests/nlu/README.md, "Sixteenth batch"). Prints each line with its numbers; exit status 1
when any language is rejected.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.nlu_tune import LANGUAGES, WATCH  # noqa: E402

WEIGHT, THRESHOLD, FLOOR = "2.0", "0.30", "0.60"
NEIGHBOURS = ("faq_fees", "faq_rights", "dispute_debt", "faq_data")
EPSILON = 1e-9  # the logs round to 2–3 places; a tie is not a loss


@dataclass(frozen=True)
class Run:
    macro_f1: dict[str, float]
    watch: dict[str, tuple[float, ...]]  # per language, recall in WATCH's order
    flagged: dict[str, float]  # per language, % of other intents flagged at the floor
    recall: dict[tuple[str, str], float]  # (language, intent)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("|")]


def _row(lines: list[str], header: str, key: tuple[str, str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    for line in lines[start + 1 :]:
        cells = _cells(line)
        if tuple(cells[:2]) == key:
            return cells[2:]
    raise ValueError(f"no row {' | '.join(key)} under {header!r}")


def read_run(text: str) -> Run:
    """The numbers the rule needs, from one nlu_tune output."""
    lines = text.splitlines()
    cells = _row(lines, "weight | threshold", (WEIGHT, THRESHOLD))
    macro = {lang: float(cells[i]) for i, lang in enumerate(LANGUAGES)}
    cells = _row(lines, "weight | floor", (WEIGHT, FLOOR))
    flags = cells[-len(LANGUAGES) :]
    flagged = {lang: float(flags[i].rstrip("%")) for i, lang in enumerate(LANGUAGES)}
    start = next(i for i, line in enumerate(lines) if line.startswith("intent | "))
    recall: dict[tuple[str, str], float] = {}
    for line in lines[start + 1 :]:
        cells = _cells(line)
        if len(cells) != 1 + len(LANGUAGES):
            break
        for lang, value in zip(LANGUAGES, cells[1:], strict=True):
            recall[(lang, cells[0])] = float(value)
    missing = [intent for intent in WATCH if (LANGUAGES[0], intent) not in recall]
    if missing:
        raise ValueError(f"no per-intent recall for {', '.join(missing)}")
    watch = {lang: tuple(recall[(lang, intent)] for intent in WATCH) for lang in LANGUAGES}
    return Run(macro, watch, flagged, recall)


def _recalls(values: tuple[float, ...]) -> str:
    return "(" + ", ".join(f"{v:.3f}" for v in values) + ")"


def verdict(base: Run, cand: Run, lang: str) -> list[tuple[str, bool, str]]:
    """(rule, held, before -> after) for each line of the rule, for one language."""
    crisis = WATCH.index("express_crisis")
    b_mean = sum(base.watch[lang]) / len(WATCH)
    c_mean = sum(cand.watch[lang]) / len(WATCH)
    lines = [
        (
            "macro-F1 >= -0.002",
            cand.macro_f1[lang] - base.macro_f1[lang] >= -0.002 - EPSILON,
            f"{base.macro_f1[lang]:.3f} -> {cand.macro_f1[lang]:.3f}",
        ),
        (
            "handoff four, mean not lower",
            c_mean >= b_mean - EPSILON,
            f"{_recalls(base.watch[lang])} {b_mean:.4f} -> "
            f"{_recalls(cand.watch[lang])} {c_mean:.4f}",
        ),
        (
            "crisis >= -0.01",
            cand.watch[lang][crisis] - base.watch[lang][crisis] >= -0.01 - EPSILON,
            f"{base.watch[lang][crisis]:.3f} -> {cand.watch[lang][crisis]:.3f}",
        ),
        (
            "others flagged <= +0.3 points",
            cand.flagged[lang] - base.flagged[lang] <= 0.3 + EPSILON,
            f"{base.flagged[lang]:.2f}% -> {cand.flagged[lang]:.2f}%",
        ),
    ]
    for intent in NEIGHBOURS:
        before, after = base.recall[(lang, intent)], cand.recall[(lang, intent)]
        held = after - before >= -0.02 - EPSILON
        lines.append((f"{intent} >= -0.02", held, f"{before:.3f} -> {after:.3f}"))
    return lines


def print_verdict(base: Run, cand: Run) -> bool:
    """Print each language's verdict and lines; True when every language keeps it."""
    kept_all = True
    for lang in LANGUAGES:
        lines = verdict(base, cand, lang)
        kept = all(held for _, held, _ in lines)
        kept_all &= kept
        print(lang, "KEEP" if kept else "REJECT")
        for rule, held, numbers in lines:
            print("  ", "ok " if held else "BAD", rule, numbers)
    return kept_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("candidate", type=Path)
    args = parser.parse_args(argv)
    base = read_run(args.base.read_text(encoding="utf-8"))
    cand = read_run(args.candidate.read_text(encoding="utf-8"))
    return 0 if print_verdict(base, cand) else 1


if __name__ == "__main__":
    sys.exit(main())
