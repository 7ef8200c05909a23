"""Step 2 of tests/nlu/README.md for a writer's file: what is dropped before it is kept.

A writer hands in NLU YAML whose blocks may hold `unsure:` next to `examples:`. This drops,
and counts by reason:

- every message its writer marked unsure;
- near copies (difflib ratio >= 0.9) of the training data, and for new training data also of
  the public benchmark and the screening sets (tests/data/signals_*.yml);
- for new training data, anything within ratio 0.75 of a held-out message;
- for a new held-out batch, near copies of the held-out batches already committed;
- repeats within the file (the first is kept).

    .venv/bin/python bench/new_examples.py WRITER.yml [...] --kind heldout \
        --out tests/nlu/heldout_zh_5.yml --header "Held-out Chinese, batch 5 ..."

It writes the kept messages (sorted by intent, in the writer's order) and prints the counts.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.nlu_eval import EVAL_DIR, examples, listed  # noqa: E402
from bench.signals_eval import load_examples as load_signals  # noqa: E402
from bot.near_copies import NEAR_COPY_RATIO, Example, NearIndex, is_near_copy, normalise  # noqa: E402

HELDOUT_RATIO = 0.75  # new training text vs held-out text


def writer_examples(path: Path) -> tuple[list[tuple[str, str]], int]:
    """(text, intent) pairs a writer was sure of, and how many they marked unsure."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    sure: list[tuple[str, str]] = []
    unsure = 0
    for block in doc["nlu"]:
        sure += [(text, str(block["intent"])) for text in listed(block.get("examples")) if text]
        unsure += sum(1 for text in listed(block.get("unsure")) if text)
    return sure, unsure


def _index(paths: list[Path], exclude: set[Path]) -> NearIndex:
    return NearIndex(
        Example(text, intent, str(path))
        for path in paths
        if path.resolve() not in exclude
        for text, intent in examples(path)
    )


def _signals_index(root: Path) -> NearIndex:
    return NearIndex(
        Example(row.text, "<signals>", str(path))
        for path in sorted((root / "tests" / "data").glob("signals_*.yml"))
        for row in load_signals(path)
    )


def screen(
    candidates: list[tuple[str, str]],
    kind: str,
    exclude: set[Path],
    root: Path = ROOT,
    eval_dir: Path = EVAL_DIR,
) -> tuple[list[tuple[str, str]], Counter[str]]:
    """The candidates kept, and the count dropped for each reason (first reason wins).
    Every language is compared: Chinese data holds English phrases too. `exclude` names files
    not to compare against (the output, if it exists already)."""
    training = sorted((root / "data" / "nlu").glob("*/*.yml"))
    heldout = sorted((root / "tests" / "nlu").glob("heldout_*.yml"))
    copies = [("near copy of training data", _index(training, exclude), NEAR_COPY_RATIO)]
    if kind == "training":
        benchmark = _index([eval_dir / "public_intents.yml"], exclude)
        copies += [
            ("near copy of the benchmark", benchmark, NEAR_COPY_RATIO),
            ("near copy of a screening set", _signals_index(root), NEAR_COPY_RATIO),
            (f"within {HELDOUT_RATIO} of held-out", _index(heldout, exclude), HELDOUT_RATIO),
        ]
    else:
        copies.append(("near copy of held-out", _index(heldout, exclude), NEAR_COPY_RATIO))

    kept: list[tuple[str, str]] = []
    dropped: Counter[str] = Counter()
    for text, intent in candidates:
        query = normalise(text)
        reason = next(
            (name for name, index, ratio in copies if any(True for _ in index.find(query, ratio))),
            None,
        )
        if reason is None and any(is_near_copy(text, other) for other, _ in kept):
            reason = "repeat within the file"
        if reason:
            dropped[reason] += 1
        else:
            kept.append((text, intent))
    return kept, dropped


def write(path: Path, header: str, kept: list[tuple[str, str]]) -> None:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in kept:
        by_intent[intent].append(text)
    lines = ['version: "3.1"', *(f"# {h}" if h else "#" for h in header.splitlines()), "nlu:"]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in by_intent[intent]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if examples(path) != [(t, i) for i in sorted(by_intent) for t in by_intent[i]]:
        raise SystemExit(f"{path}: the YAML does not read back as written")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--kind", choices=("training", "heldout"), required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--header", default="", help="comment lines for the top of --out")
    args = parser.parse_args()

    candidates: list[tuple[str, str]] = []
    unsure = 0
    for path in args.files:
        sure, marked = writer_examples(path)
        candidates += sure
        unsure += marked
    kept, dropped = screen(candidates, args.kind, {args.out.resolve()})
    write(args.out, args.header, kept)
    print(f"{args.out}: {len(kept)} kept of {len(candidates) + unsure} written")
    print(f"  dropped: unsure {unsure}" + "".join(f", {r} {n}" for r, n in dropped.items()))
    for intent, n in sorted(Counter(i for _, i in kept).items()):
        print(f"  {intent}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
