"""How often a second reader gives a held-out message the label its writer gave it: a ceiling
for recall targets (tests/nlu/README.md, "A ninth batch", step 1). Not a test.

    .venv/bin/python bench/label_agreement.py export DIR   # DIR/<lang>_<n>.tsv: id, text
    (readers write DIR/<lang>_<n>.labels.tsv: id, intent, one line each, from brief.md alone)
    .venv/bin/python bench/label_agreement.py score DIR [--model PATH]

`export` takes the held-out messages of the handoff intents and their neighbours, shuffles
them with a fixed seed, and splits them into chunks without labels; the key (id → label,
file) stays in DIR/key.json, which readers must not open. `score` prints, per intent, how
many the reader labelled the same, and what else they chose. With `--model`, it also says
how many of the model's misses the reader labelled as the writer did: the misses a second
person would not have made.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.nlu_eval import heldout_batches  # noqa: E402

INTENTS = (
    "express_crisis", "express_distress", "complain", "request_human",
    "faq_rights", "faq_fees", "faq_data", "dispute_debt", "bot_challenge",
)  # fmt: skip
CHUNK = 250
SEED = 9


def export(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    key: dict[str, dict[str, str]] = {}
    for lang in ("en", "zh"):
        rows = [
            (text, intent, name)
            for name, items in heldout_batches(lang).items()
            for text, intent in items
            if intent in INTENTS
        ]
        random.Random(SEED).shuffle(rows)
        size = math.ceil(len(rows) / math.ceil(len(rows) / CHUNK))  # equal, at most CHUNK
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            lines = []
            for offset, (text, intent, name) in enumerate(chunk):
                ident = f"{lang}{start + offset:04d}"
                key[ident] = {"intent": intent, "file": name, "text": text}
                lines.append(f"{ident}\t{' '.join(text.split())}")
            (out / f"{lang}_{start // size + 1}.tsv").write_text("\n".join(lines) + "\n")
    (out / "key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1))
    print(f"{len(key)} messages in {len(list(out.glob('*_*.tsv')))} chunks under {out}")


def read_labels(directory: Path) -> dict[str, str]:
    labels: dict[str, str] = {}
    for path in sorted(directory.glob("*.labels.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                ident, intent = line.split("\t", 1)
                labels[ident.strip()] = intent.strip()
    return labels


def model_tops(model: Path, texts: list[str]) -> list[str]:
    """The model's top intent for each text (its ranking's first; no fallback threshold)."""
    from bench.nlu_tune import parse_all

    return [r[0][0] if r else "nlu_fallback" for r in asyncio.run(parse_all(model, texts))]


def score(directory: Path, model: Path | None) -> None:
    key: dict[str, dict[str, str]] = json.loads((directory / "key.json").read_text())
    labels = read_labels(directory)
    missing = [i for i in key if i not in labels]
    if missing:
        print(f"{len(missing)} of {len(key)} messages have no reader label (e.g. {missing[:3]})")
    idents = [i for i in key if i in labels]
    tops: dict[str, str] = {}
    if model:
        tops = dict(zip(idents, model_tops(model, [key[i]["text"] for i in idents]), strict=True))
    header = "| lang | intent | n | reader agrees | reader chose instead |"
    if model:
        header += " model misses | of them, reader agrees with the writer |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for lang in ("en", "zh"):
        for intent in INTENTS:
            mine = [i for i in idents if i.startswith(lang) and key[i]["intent"] == intent]
            if not mine:
                continue
            same = sum(labels[i] == intent for i in mine)
            other = Counter(labels[i] for i in mine if labels[i] != intent).most_common(4)
            row = (
                f"| {lang} | {intent} | {len(mine)} | {same / len(mine):.3f} ({same}) | "
                + ", ".join(f"{k} {v}" for k, v in other)
                + " |"
            )
            if model:
                missed = [i for i in mine if tops[i] != intent]
                agreed = sum(labels[i] == intent for i in missed)
                row += f" {len(missed)} | {agreed} |"
            print(row)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("export", "score"))
    parser.add_argument("directory", type=Path)
    parser.add_argument("--model", type=Path)
    args = parser.parse_args()
    if args.command == "export":
        export(args.directory)
    else:
        score(args.directory, args.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
