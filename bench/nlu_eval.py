"""Language-understanding evaluation (`make eval`), not a test.

The model is trained on data/ only (the training split; `bot train` caches it by content
hash). It is scored, per language and per intent, on the held-out split in tests/nlu/
(every heldout_<lang>*.yml file together, then each file's handoff recall apart)
and on the public benchmark in ../shared/eval/public_intents.yml (real messages, never
trained on). Prints precision/recall/F1 tables and checks the targets: macro-F1 ≥ 0.90
per language on the held-out split; recall ≥ 0.95 for express_distress, complain and
request_human. Writes results/nlu_eval.md. Exits 1 if a target is missed.

`nlu_fallback` (confidence below the threshold) counts as a miss, except for
out_of_scope messages, where "I didn't understand" is the right behaviour.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from bot.config import load  # noqa: E402
from bot.training import ensure_model  # noqa: E402

if TYPE_CHECKING:
    from rasa.core.agent import Agent

EVAL_DIR = Path(os.environ.get("SETTLE_EVAL_DIR", ROOT.parent / "shared" / "eval"))
MACRO_F1_TARGET = 0.90
RECALL_TARGETS = {"express_distress": 0.95, "complain": 0.95, "request_human": 0.95}


def listed(block_text: object) -> list[str]:
    """The `- item` lines of an NLU block scalar (`examples: |`), stripped."""
    lines = (line.strip() for line in str(block_text or "").splitlines())
    return [line[2:].strip() for line in lines if line.startswith("- ")]


def examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text()) or {}
    out = []
    for block in data.get("nlu") or []:  # "nlu:" with nothing under it is empty, not an error
        out += [(text, block["intent"]) for text in listed(block.get("examples"))]
    return out


def scores(pairs: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """Per-intent precision/recall/F1 and support from (gold, predicted) pairs."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, predicted in pairs:
        if gold == predicted:
            tp[gold] += 1
        else:
            fp[predicted] += 1
            fn[gold] += 1
    table = {}
    for intent in sorted({g for g, _ in pairs}):
        p = tp[intent] / (tp[intent] + fp[intent]) if tp[intent] + fp[intent] else 0.0
        r = tp[intent] / (tp[intent] + fn[intent]) if tp[intent] + fn[intent] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        table[intent] = {"precision": p, "recall": r, "f1": f, "n": tp[intent] + fn[intent]}
    return table


def macro_f1(table: dict[str, dict[str, float]]) -> float:
    """The unweighted mean of the per-intent F1 in a `scores` table."""
    return sum(s["f1"] for s in table.values()) / len(table)


def read_as(pairs: list[tuple[str, str]], intent: str) -> Counter[str]:
    """What the (gold, predicted) pairs of `intent` were read as when they were missed."""
    return Counter(p for g, p in pairs if g == intent != p)


def render(title: str, table: dict[str, dict[str, float]]) -> str:
    lines = [
        f"### {title}",
        "",
        "| intent | n | precision | recall | F1 |",
        "|---|---|---|---|---|",
    ]
    for intent, s in table.items():
        lines.append(
            f"| {intent} | {s['n']:.0f} | {s['precision']:.3f} | {s['recall']:.3f} | "
            f"{s['f1']:.3f} |"
        )
    macro = macro_f1(table)
    accuracy = sum(s["recall"] * s["n"] for s in table.values()) / sum(
        s["n"] for s in table.values()
    )
    lines += [
        f"| **macro** | {sum(s['n'] for s in table.values()):.0f} | | | **{macro:.3f}** |",
        "",
        f"accuracy {accuracy:.3f}",
        "",
    ]
    return "\n".join(lines)


def load_agent(model: Path) -> Agent:
    """A trained model, loaded for parsing, with Rasa's per-parse debug logging silenced."""
    import logging

    import structlog
    from rasa.core.agent import Agent

    # Rasa logs every parse at debug level; the tables are what matter here.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    return Agent.load(str(model))


def train_nlu(config: Path, nlu: Path, out: Path, name: str) -> Path:
    """A fresh NLU-only model (`rasa train nlu`, no cache) in `out`; its path.

    Rasa's progress goes to /dev/null; its warnings and errors stay on stderr.
    """
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config.resolve()),
         "--nlu", str(nlu.resolve()), "--out", str(out), "--fixed-model-name", name],
        cwd=out, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return out / f"{name}.tar.gz"


async def predict(model: Path, texts: list[str]) -> list[tuple[str, float]]:
    agent = load_agent(model)
    out = []
    for text in texts:
        parsed = await agent.parse_message(text)
        out.append((parsed["intent"]["name"], float(parsed["intent"]["confidence"])))
    return out


# What the gateway does with these messages: screen the text with the NLU's intent.
HANDOFF_INTENTS = ("express_crisis", "express_distress", "complain", "request_human")


def handoff_table(items: list[tuple[str, str]], parsed: list[tuple[str, float]]) -> str:
    """Share of the handoff intents' messages the gateway hands to a person (lexicon + NLU)."""
    from bot.signals import screen

    lines = ["handed to a person by the gateway's screening (lexicon + this model's intent):", ""]
    lines += ["| intent | n | NLU recall | handed off |", "|---|---|---|---|"]
    for intent in HANDOFF_INTENTS:
        rows = [(t, p) for (t, g), p in zip(items, parsed, strict=True) if g == intent]
        if not rows:
            continue
        nlu = sum(p[0] == intent for _, p in rows) / len(rows)
        handed = sum(screen(t, intent=p[0], confidence=p[1]).handoff for t, p in rows) / len(rows)
        lines.append(f"| {intent} | {len(rows)} | {nlu:.3f} | {handed:.3f} |")
    return "\n".join(lines) + "\n"


def misses_table(items: list[tuple[str, str]], predicted: list[str]) -> str:
    """Where the recall-target intents' misses go: each wrong label and its count."""
    lines = ["where the missed messages go:", ""]
    lines += ["| intent | missed | read as |", "|---|---|---|"]
    pairs = [(g, p) for (_, g), p in zip(items, predicted, strict=True)]
    for intent in RECALL_TARGETS:
        wrong = read_as(pairs, intent)
        if wrong:
            labels = ", ".join(f"{label} {n}" for label, n in wrong.most_common())
            lines.append(f"| {intent} | {sum(wrong.values())} | {labels} |")
    return "\n".join(lines) + "\n"


def judged(gold: str, predicted: str) -> str:
    return gold if gold == "out_of_scope" and predicted == "nlu_fallback" else predicted


def heldout_batches(lang: str) -> dict[str, list[tuple[str, str]]]:
    """The held-out split's files for one language (tests/nlu/README.md), by file name."""
    paths = sorted((ROOT / "tests" / "nlu").glob(f"heldout_{lang}*.yml"))
    return {path.name: examples(path) for path in paths}


def batch_table(batches: dict[str, list[tuple[str, str]]], predicted: list[str]) -> str:
    """Macro-F1 and the handoff intents' recall per held-out file (same predictions)."""
    lines = ["by file:", ""]
    lines += ["| file | n | macro-F1 | " + " | ".join(HANDOFF_INTENTS) + " |"]
    lines += ["|---|---|---|" + "---|" * len(HANDOFF_INTENTS)]
    start = 0
    for name, items in batches.items():
        mine = predicted[start : start + len(items)]
        start += len(items)
        table = scores([(g, judged(g, p)) for (_, g), p in zip(items, mine, strict=True)])
        macro = macro_f1(table)
        recalls = [
            f"{table[i]['recall']:.3f} ({table[i]['n']:.0f})" if i in table else "–"
            for i in HANDOFF_INTENTS
        ]
        lines.append(f"| {name} | {len(items)} | {macro:.3f} | " + " | ".join(recalls) + " |")
    return "\n".join(lines) + "\n"


def model_file(text: str) -> Path:
    """argparse type of every bench command's `--model`: a trained model that exists, so a
    mistyped path is refused before minutes of loading or scoring."""
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such model: {text}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model",
        type=model_file,
        help="score this model (e.g. a candidate) instead of the one trained on data/ now",
    )
    args = parser.parse_args(argv)
    model = args.model or ensure_model(load().models_dir)
    batches = {f"held-out ({lang})": heldout_batches(lang) for lang in ("en", "zh")}
    sets = {title: [item for items in b.values() for item in items] for title, b in batches.items()}
    public = EVAL_DIR / "public_intents.yml"
    if public.exists():
        sets["public benchmark (en, CLINC150 + HINT3)"] = examples(public)
    else:
        print(f"note: {public} not found; public benchmark skipped")
    report = ["## NLU evaluation", "", f"model: `{model.name}`", ""]
    failures = []
    for title, items in sets.items():
        parsed = asyncio.run(predict(model, [t for t, _ in items]))
        predicted = [name for name, _ in parsed]
        table = scores([(g, judged(g, p)) for (_, g), p in zip(items, predicted, strict=True)])
        report.append(render(title, table))
        report.append(handoff_table(items, parsed))
        report.append(misses_table(items, predicted))
        if len(batches.get(title, {})) > 1:
            report.append(batch_table(batches[title], predicted))
        fallbacks = sum(p == "nlu_fallback" for p in predicted)
        report.append(
            f"below the confidence threshold (nlu_fallback): {fallbacks} of {len(items)}\n"
        )
        if title.startswith("held-out"):
            macro = macro_f1(table)
            if macro < MACRO_F1_TARGET:
                failures.append(f"{title}: macro-F1 {macro:.3f} < {MACRO_F1_TARGET}")
            for intent, target in RECALL_TARGETS.items():
                if table.get(intent, {"recall": 0.0})["recall"] < target:
                    failures.append(
                        f"{title}: {intent} recall {table[intent]['recall']:.3f} < {target}"
                    )
    text = "\n".join(report)
    print(text)
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / "nlu_eval.md").write_text(text)
    for failure in failures:
        print(f"TARGET MISSED: {failure}")
    print("targets met" if not failures else f"{len(failures)} target(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
