"""Measure bot/signals on the labelled messages: recall, precision, false positives.

    .venv/bin/python bench/signals_eval.py [--data PATH] [--model MODEL] [--unseen] [--errors]

Text only (no intent, no history) by default. With --model, each message is first
parsed by that Rasa model and its intent and confidence are screened too, as the
gateway does; the dialogue's safety net (actions/handoff.py) decides with the same
screening, so this is what reaches a person in the running system. Exits 1 when a
target is missed: crisis recall 1.0, distress and complaint recall >= 0.95, and at
most 3% of ordinary messages handed off, per language. --unseen scores only the messages
with no near copy in the NLU training data (data/nlu/), so a model is not credited for
messages it was trained on.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.nlu_eval import examples as training_examples  # noqa: E402
from bench.nlu_eval import load_agent, model_file  # noqa: E402
from bot.near_copies import NEAR_COPY_RATIO, NearIndex, normalise  # noqa: E402
from bot.near_copies import Example as TrainingExample  # noqa: E402
from bot.signals import KINDS, load_lexicon, screen  # noqa: E402

DATA = ROOT / "tests" / "data" / "signals_labelled.yml"
NLU_DATA = ROOT / "data" / "nlu"
MIN_RECALL = {"crisis": 1.0, "distress": 0.95, "complaint": 0.95}
MAX_ORDINARY_FP = 0.03
ANY = "any"


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    kinds: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    example: Example
    found: frozenset[str]


@dataclass(frozen=True)
class Row:
    lang: str
    kind: str
    n: int
    recall: float | None
    precision: float | None
    ordinary_fp: float


def load_examples(path: Path) -> list[Example]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Example(item["text"], item["lang"], frozenset(item["kinds"] or ())) for item in raw]


def unseen(examples: Sequence[Example], nlu_data: Path = NLU_DATA) -> list[Example]:
    """The examples with no near copy (difflib ratio >= 0.9) among the NLU training texts."""
    index = NearIndex(
        TrainingExample(text, intent, str(path))
        for path in sorted(nlu_data.glob("*/*.yml"))
        for text, intent in training_examples(path)
    )
    return [
        e for e in examples if not any(True for _ in index.find(normalise(e.text), NEAR_COPY_RATIO))
    ]


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def rows_for(lang: str, outcomes: Sequence[Outcome]) -> list[Row]:
    ordinary = [o for o in outcomes if not o.example.kinds]
    rows = []
    for kind in (*KINDS, ANY):

        def labelled(o: Outcome, kind: str = kind) -> bool:
            return bool(o.example.kinds) if kind == ANY else kind in o.example.kinds

        def raised(o: Outcome, kind: str = kind) -> bool:
            return bool(o.found) if kind == ANY else kind in o.found

        n = sum(labelled(o) for o in outcomes)
        hits = sum(labelled(o) and raised(o) for o in outcomes)
        predicted = sum(raised(o) for o in outcomes)
        # Precision for one kind counts any signal message raising it as a false alarm
        # only if it is not labelled with that kind; "any" asks whether a handoff was right.
        rows.append(
            Row(
                lang,
                kind,
                n,
                _ratio(hits, n),
                _ratio(hits, predicted),
                sum(raised(o) for o in ordinary) / len(ordinary) if ordinary else 0.0,
            )
        )
    return rows


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def print_table(rows: Sequence[Row], ordinary: dict[str, int]) -> None:
    print(f"{'lang':4}  {'kind':13} {'n':>4} {'recall':>7} {'precision':>9} {'FP/ordinary':>12}")
    for row in rows:
        print(
            f"{row.lang:4}  {row.kind:13} {row.n:4} {_fmt(row.recall):>7} "
            f"{_fmt(row.precision):>9} {row.ordinary_fp:11.1%}"
        )
        if row.kind == ANY:
            print(f"{'':6}({ordinary[row.lang]} ordinary messages)\n")


def missed_targets(rows: Sequence[Row]) -> list[str]:
    missed = []
    for row in rows:
        floor = MIN_RECALL.get(row.kind)
        if floor is not None and (row.recall is None or row.recall < floor):
            missed.append(f"{row.lang} {row.kind} recall {_fmt(row.recall).strip()} < {floor}")
        if row.kind == ANY and row.ordinary_fp > MAX_ORDINARY_FP:
            missed.append(f"{row.lang} ordinary false positives {row.ordinary_fp:.1%} > 3%")
    return missed


def print_errors(outcomes: Sequence[Outcome]) -> None:
    for o in outcomes:
        missing = sorted(o.example.kinds - o.found)
        extra = sorted(o.found - o.example.kinds)
        if missing or extra:
            print(f"  {o.example.lang} missing={missing} extra={extra}: {o.example.text}")


def nlu_intents(model: Path, texts: Sequence[str]) -> dict[str, tuple[str, float]]:
    """Intent and confidence for each text from a trained Rasa model."""
    import asyncio

    agent = load_agent(model)

    async def parse_all() -> dict[str, tuple[str, float]]:
        out = {}
        for text in texts:
            intent = (await agent.parse_message(text))["intent"]
            out[text] = (str(intent["name"]), float(intent["confidence"]))
        return out

    return asyncio.run(parse_all())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--model", type=model_file, help="also use this Rasa model's intents")
    parser.add_argument(
        "--unseen", action="store_true", help="skip messages with a near copy in data/nlu/"
    )
    args = parser.parse_args(argv)

    examples = load_examples(args.data)
    if args.unseen:
        kept = unseen(examples)
        print(
            f"{len(examples) - len(kept)} of {len(examples)} messages have a near copy in "
            f"data/nlu/ and are skipped\n"
        )
        examples = kept
    lexicon = load_lexicon()
    intents = nlu_intents(args.model, [e.text for e in examples]) if args.model else {}
    outcomes: list[Outcome] = []
    timings: list[float] = []
    for example in examples:
        intent, confidence = intents.get(example.text, (None, None))
        started = time.perf_counter()
        found = screen(example.text, intent=intent, confidence=confidence, lexicon=lexicon).kinds
        timings.append(time.perf_counter() - started)
        outcomes.append(Outcome(example, frozenset(found)))

    languages = sorted({e.lang for e in examples})
    rows = [
        row
        for lang in languages
        for row in rows_for(lang, [o for o in outcomes if o.example.lang == lang])
    ]
    ordinary = {
        lang: sum(1 for e in examples if e.lang == lang and not e.kinds) for lang in languages
    }
    print_table(rows, ordinary)
    timings.sort()
    print(
        f"screen() per message: mean {statistics.mean(timings) * 1e6:.0f} µs, "
        f"p99 {timings[int(len(timings) * 0.99)] * 1e6:.0f} µs over {len(timings)} messages"
    )
    if args.errors:
        print("\nMisses and false alarms:")
        print_errors(outcomes)
    missed = missed_targets(rows)
    for line in missed:
        print(f"TARGET MISSED: {line}")
    if not missed:
        print("All targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
