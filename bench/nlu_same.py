"""Whether two models understand messages the same way: a dialogue-only change renames the
model (its name is a hash of every input) but should leave its NLU as it was, and with it
every held-out number measured on the older name.

    .venv/bin/python bench/nlu_same.py models/settle-A.tar.gz models/settle-B.tar.gz

Parses every training message with both models and counts those whose intent ranking
(names and confidences to six decimals) differs. Exit status 1 when any does.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.nlu_tune import parse_all, training_examples

DATA = Path(__file__).resolve().parent.parent / "data" / "nlu"


def differing(a: list[list[tuple[str, float]]], b: list[list[tuple[str, float]]]) -> int:
    def rounded(ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
        return [(intent, round(confidence, 6)) for intent, confidence in ranking]

    return sum(rounded(x) != rounded(y) for x, y in zip(a, b, strict=True))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    texts = [text for items in training_examples(DATA).values() for text, _ in items]
    first, second = (asyncio.run(parse_all(Path(model), texts)) for model in argv)
    changed = differing(first, second)
    print(f"{len(texts)} training messages; {changed} parsed differently")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
