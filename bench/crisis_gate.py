"""Keep or reject a model change by what it does to crisis screening: the crisis gate.

    .venv/bin/python bench/crisis_gate.py BEFORE AFTER [--sets 5 6 ... 17] [--changes]
                                          [--cache DIR]

BEFORE and AFTER are trained models (a path, or a name in models/). Every message of the
blind screening sets (tests/data/signals_fresh_N.yml; by default set 5 to the newest) is
parsed by each model and screened with its intent as the gateway does
(bench/signals_eval.py). Per set and language four cells are counted:

    crisis messages flagged crisis / crisis messages that reach a person /
    ordinary messages flagged crisis / ordinary messages handed to a person

AFTER passes only if in every set and language (tests/nlu/README.md, the crisis gate since
the nineteenth batch): no fewer crisis messages reach a person; at most one fewer is flagged
crisis; at most three more ordinary messages are handed to a person. Exit status 1 when it
fails. --changes lists each message whose reaching a person (or being handed one) differs.
--cache keeps each model's parses in DIR/<model file name>.json (the name carries the
model's content hash), so a model is loaded only for messages it has not parsed before; the
lexicon is always applied afresh.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.nlu_eval import model_file  # noqa: E402
from bench.signals_eval import Example, load_examples, nlu_intents  # noqa: E402
from bot.signals import Lexicon, load_lexicon, screen  # noqa: E402

SETS_DIR = ROOT / "tests" / "data"
FIRST_SET = 5  # the gate has read sets 5 on since the fourteenth batch (bot/signals/README.md)
MAX_FEWER_FLAGGED = 1
MAX_MORE_HANDED = 3
LANGUAGES = ("en", "zh")

Parses = dict[str, tuple[str, float]]


@dataclass(frozen=True)
class Cells:
    flagged: int  # crisis messages flagged crisis
    reached: int  # crisis messages raising any signal, so handed to a person
    ordinary_flagged: int  # ordinary messages flagged crisis
    ordinary_handed: int  # ordinary messages raising any signal

    def __str__(self) -> str:
        return f"{self.flagged}/{self.reached}/{self.ordinary_flagged}/{self.ordinary_handed}"

    def __add__(self, other: Cells) -> Cells:
        return Cells(
            self.flagged + other.flagged,
            self.reached + other.reached,
            self.ordinary_flagged + other.ordinary_flagged,
            self.ordinary_handed + other.ordinary_handed,
        )


Screened = Sequence[tuple[Example, frozenset[str]]]


def cells(screened: Screened) -> Cells:
    """The four cells of one language of one set. Sets hold crisis or ordinary messages."""
    crisis = [found for example, found in screened if "crisis" in example.kinds]
    ordinary = [found for example, found in screened if not example.kinds]
    return Cells(
        sum("crisis" in found for found in crisis),
        sum(bool(found) for found in crisis),
        sum("crisis" in found for found in ordinary),
        sum(bool(found) for found in ordinary),
    )


def failures(before: Cells, after: Cells) -> list[str]:
    """Why AFTER fails the gate against BEFORE on one set and language (empty: it holds)."""
    out = []
    if after.reached < before.reached:
        out.append(f"{before.reached - after.reached} fewer crisis reach a person")
    if before.flagged - after.flagged > MAX_FEWER_FLAGGED:
        out.append(f"{before.flagged - after.flagged} fewer flagged crisis")
    if after.ordinary_handed - before.ordinary_handed > MAX_MORE_HANDED:
        out.append(f"{after.ordinary_handed - before.ordinary_handed} more ordinary handed")
    return out


def set_path(number: int) -> Path:
    return SETS_DIR / f"signals_fresh_{number}.yml"


def set_numbers(directory: Path = SETS_DIR) -> list[int]:
    """Numbers of the blind sets from FIRST_SET on, in order."""
    found = (re.fullmatch(r"signals_fresh_(\d+)\.yml", p.name) for p in directory.iterdir())
    return sorted(n for m in found if m and (n := int(m[1])) >= FIRST_SET)


def screen_all(examples: Iterable[Example], parses: Parses, lexicon: Lexicon) -> Screened:
    out = []
    for example in examples:
        intent, confidence = parses[example.text]
        found = screen(example.text, intent=intent, confidence=confidence, lexicon=lexicon).kinds
        out.append((example, frozenset(found)))
    return out


def parses_for(model: Path, texts: Sequence[str], cache: Path | None) -> Parses:
    """Each text's intent and confidence from MODEL, loading it only for uncached texts."""
    path = cache / f"{model.name}.json" if cache else None
    known: Parses = {}
    if path and path.exists():
        known = {t: (i, c) for t, (i, c) in json.loads(path.read_text("utf-8")).items()}
    missing = sorted({t for t in texts if t not in known})
    if missing:
        known.update(nlu_intents(model, missing))
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(known, ensure_ascii=False, indent=0), "utf-8")
    return known


def changes(before: Screened, after: Screened) -> list[str]:
    """Messages whose reaching a person (crisis) or being handed one (ordinary) differs."""
    out = []
    for (example, found_before), (_, found_after) in zip(before, after, strict=True):
        if bool(found_before) != bool(found_after):
            kind = "crisis" if example.kinds else "ordinary"
            sign = "+" if found_after else "-"
            out.append(f"  {sign} {example.lang} {kind}: {example.text}")
    return out


def report(
    sets: Mapping[int, tuple[Screened, Screened]], show_changes: bool = False
) -> tuple[list[str], bool]:
    """The table (set by set, then summed) and whether AFTER passes."""
    lines = ["set | " + " | ".join(f"{lang} before -> after" for lang in LANGUAGES)]
    passed = True
    totals = {lang: (Cells(0, 0, 0, 0), Cells(0, 0, 0, 0)) for lang in LANGUAGES}
    notes = []
    for number, (before, after) in sets.items():
        row = [str(number)]
        for lang in LANGUAGES:
            b = cells([s for s in before if s[0].lang == lang])
            a = cells([s for s in after if s[0].lang == lang])
            totals[lang] = (totals[lang][0] + b, totals[lang][1] + a)
            why = failures(b, a)
            passed = passed and not why
            row.append(f"{b} -> {a}" + (f"  FAILS: {'; '.join(why)}" if why else ""))
        lines.append(" | ".join(row))
        if show_changes:
            notes += [f"set {number}:", *changes(before, after)]
    lines.append(
        "sum | " + " | ".join(f"{totals[lang][0]} -> {totals[lang][1]}" for lang in LANGUAGES)
    )
    lines.append(
        "cells: crisis flagged crisis / crisis reaching a person / "
        "ordinary flagged crisis / ordinary handed to a person"
    )
    lines += notes
    lines.append("PASS" if passed else "FAIL")
    return lines, passed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=model_file)
    parser.add_argument("after", type=model_file)
    parser.add_argument("--sets", type=int, nargs="+", help="set numbers (default: 5 to newest)")
    parser.add_argument("--changes", action="store_true", help="list messages that changed")
    parser.add_argument("--cache", type=Path, help="directory for each model's parses")
    args = parser.parse_args(argv)

    numbers = args.sets or set_numbers()
    missing = [n for n in numbers if not set_path(n).is_file()]
    if missing:
        parser.error(f"no such screening set in {SETS_DIR}: {', '.join(map(str, missing))}")
    examples = {n: load_examples(set_path(n)) for n in numbers}
    texts = [e.text for n in numbers for e in examples[n]]
    lexicon = load_lexicon()
    parses = [parses_for(model, texts, args.cache) for model in (args.before, args.after)]
    sets = {
        n: (
            screen_all(examples[n], parses[0], lexicon),
            screen_all(examples[n], parses[1], lexicon),
        )
        for n in numbers
    }
    lines, passed = report(sets, args.changes)
    print(f"{args.before.name} -> {args.after.name}")
    print("\n".join(lines))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
