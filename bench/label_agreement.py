"""How often a second reader gives a held-out message the label its writer gave it: a ceiling
for recall targets (tests/nlu/README.md, "A ninth batch", step 1). Not a test.

    .venv/bin/python bench/label_agreement.py export DIR   # DIR/<lang>_<n>.tsv: id, text
    (readers write DIR/<lang>_<n>.labels.tsv: id, intent, one line each, from brief.md alone)
    .venv/bin/python bench/label_agreement.py score DIR [--model PATH]
    .venv/bin/python bench/label_agreement.py export DIR --training   # the boundary's training data
    (readers A and B write DIR/a/ and DIR/b/<lang>_<n>.labels.tsv)
    .venv/bin/python bench/label_agreement.py relabel DIR [--apply]

`export` takes the held-out messages of the handoff intents and their neighbours, shuffles
them with a fixed seed, and splits them into chunks without labels; the key (id → label,
file) stays in DIR/key.json, which readers must not open. `score` prints, per intent, how
many the reader labelled the same, and what else they chose. With `--model`, it also says
how many of the model's misses the reader labelled as the writer did: the misses a second
person would not have made.

With `--training`, `export` takes the training data's distress and crisis messages instead
(tests/nlu/README.md, "A fifteenth batch"), and `relabel` lists the messages two readers both
filed under the other of those two intents; `--apply` moves each to that intent's block in
its own file.
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

from bench.nlu_eval import examples, heldout_batches, model_file  # noqa: E402

INTENTS = (
    "express_crisis", "express_distress", "complain", "request_human",
    "faq_rights", "faq_fees", "faq_data", "dispute_debt", "bot_challenge",
)  # fmt: skip
BOUNDARY = ("express_distress", "express_crisis")
CHUNK = 250
SEED = 9


def training_rows(lang: str) -> list[tuple[str, str, str]]:
    """(text, intent, file relative to the repository) of the boundary's training data."""
    return [
        (text, intent, str(path.relative_to(ROOT)))
        for path in sorted((ROOT / "data" / "nlu" / lang).glob("*.yml"))
        for text, intent in examples(path)
        if intent in BOUNDARY
    ]


def export(out: Path, training: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    key: dict[str, dict[str, str]] = {}
    for lang in ("en", "zh"):
        rows = (
            training_rows(lang)
            if training
            else [
                (text, intent, name)
                for name, items in heldout_batches(lang).items()
                for text, intent in items
                if intent in INTENTS
            ]
        )
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


def agreed_changes(
    key: dict[str, dict[str, str]], a: dict[str, str], b: dict[str, str]
) -> list[tuple[str, str]]:
    """(id, new intent) where both readers gave the other boundary intent than the label."""
    return [
        (ident, new)
        for ident, entry in key.items()
        if (new := a.get(ident, "")) == b.get(ident) and new in BOUNDARY and new != entry["intent"]
    ]


def move_example(path: Path, text: str, old: str, new: str) -> None:
    """Move one `- text` line from intent `old`'s block to `new`'s in the same NLU file,
    leaving every other line as it was; `new` gets a block at the end if it has none."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)

    def block(intent: str) -> tuple[int, int] | None:
        starts = [i for i, line in enumerate(lines) if line.rstrip() == f"- intent: {intent}"]
        if not starts:
            return None
        start = starts[0]
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "")),
            len(lines),
        )
        return start, end

    def item(line: str) -> str | None:
        stripped = line.strip()
        return stripped[2:].strip() if stripped.startswith("- ") else None

    found = block(old)
    at = next((i for i in range(*found) if item(lines[i]) == text), None) if found else None
    if at is None:
        raise ValueError(f"{path}: no example {text!r} under {old}")
    line = lines.pop(at)
    target = block(new)
    if target is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += [f"- intent: {new}\n", "  examples: |\n", line]
    else:
        items = [i for i in range(*target) if item(lines[i]) is not None]
        lines.insert(items[-1] + 1 if items else target[0] + 2, line)
    path.write_text("".join(lines), encoding="utf-8")


def relabel(directory: Path, apply: bool) -> None:
    key: dict[str, dict[str, str]] = json.loads((directory / "key.json").read_text())
    a, b = read_labels(directory / "a"), read_labels(directory / "b")
    unread = [i for i in key if i not in a or i not in b]
    if unread:
        print(f"{len(unread)} of {len(key)} messages lack a label from both readers")
    changes = agreed_changes(key, a, b)
    for lang in ("en", "zh"):
        mine = [i for i in key if i.startswith(lang)]
        both = [i for i in mine if a.get(i) == b.get(i) == key[i]["intent"]]
        print(
            f"{lang}: {len(mine)} messages; both readers keep the label on {len(both)}; "
            + ", ".join(
                f"{old} → {new} {sum(1 for i, n in changes if i.startswith(lang) and n == new)}"
                for old, new in (BOUNDARY, BOUNDARY[::-1])
            )
        )
    for ident, new in changes:
        entry = key[ident]
        print(f"{ident}\t{entry['intent']} → {new}\t{entry['file']}\t{entry['text']}")
        if apply:
            move_example(ROOT / entry["file"], entry["text"], entry["intent"], new)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("export", "score", "relabel"))
    parser.add_argument("directory", type=Path)
    parser.add_argument("--model", type=model_file)
    parser.add_argument(
        "--training", action="store_true", help="export the boundary's training data"
    )
    parser.add_argument("--apply", action="store_true", help="relabel: move the agreed messages")
    args = parser.parse_args()
    if args.command == "export":
        export(args.directory, args.training)
    elif args.command == "relabel":
        relabel(args.directory, args.apply)
    else:
        score(args.directory, args.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
