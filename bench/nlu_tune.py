"""Cross-validation on the training data only, for choosing the NLU pipeline's settings.

The held-out split in tests/nlu/ is for measuring the final model once, not for tuning:
every setting in config.yml was chosen here, on folds of data/nlu/ alone. Each fold trains
an NLU-only model on the other folds and scores the left-out fold; the fallback threshold
is swept on the same predictions without retraining.

    .venv/bin/python bench/nlu_tune.py                      # config.yml as it is
    .venv/bin/python bench/nlu_tune.py --set DIETClassifier.epochs=200 --folds 0 1
    .venv/bin/python bench/nlu_tune.py --set CountVectorsFeaturizer#1.max_ngram=5
    .venv/bin/python bench/nlu_tune.py --train-only figurative   # judge a data addition
    .venv/bin/python bench/nlu_tune.py --save folds.json         # keep every fold's rankings
    .venv/bin/python bench/nlu_tune.py --load folds.json         # report again, no training

`--set COMPONENT[#N].KEY=VALUE` changes one pipeline setting (#N picks the N-th component of
that name, from 0; VALUE is YAML). A fold takes about 3 minutes on 2 cores with the linear
classifier and the sentence encoder, about 6 with DIET.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bench.nlu_eval import (  # noqa: E402
    examples,
    judged,
    load_agent,
    macro_f1,
    read_as,
    scores,
    train_nlu,
)
from bot.nlu.classifier import reweight  # noqa: E402

LANGUAGES = ("en", "zh")
FOLDS = 5
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
WATCH = ("express_distress", "complain", "request_human", "express_crisis")
WEIGHTS = (1.0, 1.5, 2.0, 3.0, 4.0)  # for the WATCH intents, as the classifier's `weights`
READ_WEIGHT = 2.0  # the WATCH weight in config.yml, at which data additions are judged


def fold_of(text: str, intent: str) -> int:
    """Stable fold for an example: the same text always lands in the same fold."""
    return hashlib.sha256(f"{intent}\0{text}".encode()).digest()[0] % FOLDS


def training_examples(
    data_dir: Path, stems: frozenset[str] | None = None, exclude: bool = False
) -> dict[str, list[tuple[str, str]]]:
    """Examples per language from data_dir/<lang>/*.yml; `stems` keeps (or, with exclude,
    drops) only the files of those names."""

    def wanted(f: Path) -> bool:
        return stems is None or ((f.stem in stems) != exclude)

    return {
        lang: [
            ex for f in sorted((data_dir / lang).glob("*.yml")) if wanted(f) for ex in examples(f)
        ]
        for lang in LANGUAGES
    }


def write_nlu(path: Path, items: list[tuple[str, str]]) -> None:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in items:
        by_intent[intent].append(text)
    blocks = [
        {"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
        for intent, texts in sorted(by_intent.items())
    ]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True))


def apply_overrides(config: dict, overrides: list[str]) -> dict:
    for item in overrides:
        target, _, value = item.partition("=")
        component, _, key = target.rpartition(".")
        name, _, index = component.partition("#")
        matches = [c for c in config["pipeline"] if c["name"] == name]
        if not matches:
            raise SystemExit(f"no pipeline component named {name}")
        matches[int(index or 0)][key] = yaml.safe_load(value)
    config.pop("policies", None)
    return config


def ranking(parsed: dict) -> list[tuple[str, float]]:
    return [
        (r["name"], float(r["confidence"]))
        for r in parsed.get("intent_ranking", [])
        if r["name"] != "nlu_fallback"
    ]


Weights = float | Mapping[str, float]  # one weight for every WATCH intent, or one each


def decide(
    ranked: list[tuple[str, float]], threshold: float, ambiguity: float, weight: Weights = 1.0
) -> str:
    """What the classifier (with `weights` for WATCH) and FallbackClassifier would answer."""
    return fallback_reading(weighted(ranked, weight), threshold, ambiguity)


def fallback_reading(ranked: list[tuple[str, float]], threshold: float, ambiguity: float) -> str:
    """The FallbackClassifier's answer for a ranking already weighted, best first."""
    if not ranked or ranked[0][1] < threshold:
        return "nlu_fallback"
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < ambiguity:
        return "nlu_fallback"
    return ranked[0][0]


def weighted(ranked: list[tuple[str, float]], weight: Weights) -> list[tuple[str, float]]:
    """The ranking as the classifier's `weights` (WATCH × weight) would make it, best first."""
    if not ranked:
        return []
    names = [name for name, _ in ranked]
    weights = dict.fromkeys(WATCH, weight) if isinstance(weight, float | int) else weight
    row = reweight(np.array([p for _, p in ranked]), names, weights)
    return sorted(zip(names, row.tolist(), strict=True), key=lambda r: -r[1])


def top(ranked: list[tuple[str, float]], weight: Weights) -> tuple[str, float]:
    return first(weighted(ranked, weight))


def first(ranked: list[tuple[str, float]]) -> tuple[str, float]:
    """The best (intent, confidence) of a ranking already weighted, best first."""
    return ranked[0] if ranked else ("nlu_fallback", 0.0)


async def parse_all(model: Path, texts: list[str]) -> list[list[tuple[str, float]]]:
    agent = load_agent(model)
    return [ranking(await agent.parse_message(t)) for t in texts]


Result = tuple[str, str, list[tuple[str, float]]]  # (language, gold intent, ranking)


def report_thresholds(results: list[Result], ambiguity: float) -> None:
    """Macro-F1 and the WATCH intents' recall per handoff weight and fallback threshold."""
    print("weight | threshold | " + " | ".join(f"{lang} macro-F1" for lang in LANGUAGES) + " | "
          + " | ".join(f"{lang} {w[:8]}" for lang in LANGUAGES for w in WATCH))  # fmt: skip
    for weight in WEIGHTS:
        for threshold in THRESHOLDS:
            cells = []
            recalls = []
            for lang in LANGUAGES:
                pairs = [
                    (gold, judged(gold, decide(r, threshold, ambiguity, weight)))
                    for lg, gold, r in results
                    if lg == lang
                ]
                table = scores(pairs)
                cells.append(f"{macro_f1(table):.3f}")
                recalls += [f"{table[w]['recall']:.2f}" if w in table else "-" for w in WATCH]
            print(f"{weight:.1f} | {threshold:.2f} | " + " | ".join(cells + recalls))


def others_flagged(rows: list[tuple[str, tuple[str, float]]], floor: float) -> float:
    """Share of the other intents' (gold, top intent) rows whose top is a WATCH intent the
    screening trusts alone: at or above `floor`."""
    others = [t for gold, t in rows if gold not in WATCH]
    return sum(n in WATCH and p >= floor for n, p in others) / len(others)


def pipeline_parts(config: dict) -> tuple[dict, dict]:
    """The intent classifier and the FallbackClassifier after it, as config dicts."""
    pipeline = config["pipeline"]
    fallback = next(c for c in pipeline if c["name"] == "FallbackClassifier")
    return pipeline[pipeline.index(fallback) - 1], fallback


def report_floors(results: list[Result]) -> None:
    """The screening trusts a WATCH intent alone above a floor (bot/signals/detector.py):
    share of each caught, and of all other messages flagged."""
    print("\nweight | floor | " + " | ".join(f"{lang} {w[:8]}" for lang in LANGUAGES for w in WATCH)
          + " | " + " | ".join(f"{lang} others flagged" for lang in LANGUAGES))  # fmt: skip
    for weight in (1.0, 2.0, 3.0):
        for floor in (0.3, 0.4, 0.5, 0.6, 0.8):
            cells = []
            flagged = []
            for lang in LANGUAGES:
                rows = [(gold, top(r, weight)) for lg, gold, r in results if lg == lang]
                for intent in WATCH:
                    mine = [t for gold, t in rows if gold == intent]
                    cells.append(
                        f"{sum(n == intent and p >= floor for n, p in mine) / len(mine):.2f}"
                    )
                flagged.append(f"{others_flagged(rows, floor):.1%}")
            print(f"{weight:.1f} | {floor:.2f} | " + " | ".join(cells + flagged))


def report_confusions(results: list[Result], threshold: float, ambiguity: float) -> None:
    """What the WATCH intents' misses became (unweighted)."""
    for lang in LANGUAGES:
        pairs = [(gold, decide(r, threshold, ambiguity)) for lg, gold, r in results if lg == lang]
        for intent in WATCH:
            wrong = read_as(pairs, intent)
            print(f"{lang} {intent} missed as: {dict(wrong.most_common())}")


def report_intents(results: list[Result], threshold: float, ambiguity: float) -> None:
    """Every intent's recall at READ_WEIGHT and the config's threshold: a data addition aimed
    at one boundary must not take recall from the intents on its other side."""
    tables = {
        lang: scores(
            [
                (gold, judged(gold, decide(r, threshold, ambiguity, READ_WEIGHT)))
                for lg, gold, r in results
                if lg == lang
            ]
        )
        for lang in LANGUAGES
    }
    print("\nintent | " + " | ".join(f"{lang} recall" for lang in LANGUAGES)
          + f"  (weight {READ_WEIGHT}, threshold {threshold})")  # fmt: skip
    for intent in sorted(set().union(*tables.values())):
        cells = [f"{t[intent]['recall']:.3f}" if intent in t else "-" for t in tables.values()]
        print(f"{intent} | " + " | ".join(cells))


def run_folds(
    config: dict, data_dir: Path, folds: list[int], train_only: frozenset[str]
) -> list[Result]:
    """Train one NLU model per fold and rank every left-out example with it."""
    data = training_examples(data_dir, train_only, exclude=True)
    always = training_examples(data_dir, train_only) if train_only else {}
    results: list[Result] = []  # every left-out example of every fold run
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
        for fold in folds:
            train = [ex for lang in LANGUAGES for ex in data[lang] if fold_of(*ex) != fold]
            train += [ex for lang in always for ex in always[lang]]
            write_nlu(tmp / "nlu.yml", train)
            model = train_nlu(tmp / "config.yml", tmp / "nlu.yml", tmp, f"fold{fold}")
            for lang in LANGUAGES:
                held = [ex for ex in data[lang] if fold_of(*ex) == fold]
                ranked = asyncio.run(parse_all(model, [t for t, _ in held]))
                results += [(lang, gold, r) for (_, gold), r in zip(held, ranked, strict=True)]
            print(f"fold {fold} done", flush=True)
    return results


def save_results(path: Path, results: list[Result]) -> None:
    rows = [{"lang": lang, "gold": gold, "ranking": ranked} for lang, gold, ranked in results]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def load_results(path: Path) -> list[Result]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        (row["lang"], row["gold"], [(name, float(p)) for name, p in row["ranking"]]) for row in rows
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], dest="overrides")
    parser.add_argument("--folds", type=int, nargs="*", default=list(range(FOLDS)))
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "nlu")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--confusions", action="store_true", help="what the watched intents became")
    parser.add_argument("--intents", action="store_true", help="every intent's recall as read")
    parser.add_argument(
        "--train-only", nargs="*", default=[], metavar="STEM",
        help="data files (by name, e.g. figurative) always trained on and never scored, so that "
        "adding them is judged on the same left-out examples as before",
    )  # fmt: skip
    parser.add_argument("--save", type=Path, metavar="JSON", help="write every fold's rankings")
    parser.add_argument(
        "--load", type=Path, metavar="JSON",
        help="report on rankings saved by --save instead of training (as bench/weight_sweep.py)",
    )  # fmt: skip
    args = parser.parse_args()

    config = apply_overrides(yaml.safe_load(args.config.read_text()), args.overrides)
    classifier, fallback = pipeline_parts(config)
    # The full, unweighted ranking, so that weights can be swept without retraining. The
    # neighbours' standing rule still needs the served weights (bot/nlu/classifier.py).
    classifier.setdefault("neighbour_keep_weights", dict(classifier.get("weights") or {}))
    classifier.update(ranking_length=0, weights={})
    ambiguity = float(fallback.get("ambiguity_threshold", 0.1))
    train_only = frozenset(args.train_only)
    if args.load:
        results = load_results(args.load)
    else:
        results = run_folds(config, args.data, args.folds, train_only)
    if args.save:
        save_results(args.save, results)

    print(
        f"\nsettings: {args.overrides or args.config.name}; folds {args.folds}"
        + (f"; always trained on: {sorted(train_only)}" if train_only else "")
    )
    report_thresholds(results, ambiguity)
    report_floors(results)
    if args.confusions:
        report_confusions(results, float(fallback["threshold"]), ambiguity)
    if args.intents:
        report_intents(results, float(fallback["threshold"]), ambiguity)
    return 0


if __name__ == "__main__":
    sys.exit(main())
