"""Screen settings of the neighbours' vote on saved fold rankings, without retraining.

The classifier's model part is deterministic, so one fold run with the vote off
(`bench/nlu_tune.py --set LinearIntentClassifier.neighbours=0 --save base.json`) holds every
left-out message's probabilities. The vote is arithmetic over the training examples' sentence
vectors (bot/nlu/neighbours.py), so any setting of it can be mixed in here, per fold, in
seconds. Each setting's report is written in nlu_tune's format and judged against the base by
bench/fold_verdict.py's rule:

    .venv/bin/python bench/vote_screen.py --base base.json --folds 0 1 --out /tmp/screen \\
        --train-only figurative ... -- k=10,temperature=0.05 k=5,temperature=0.03,balance=0.5

A screen, not a verdict: Rasa's training set and this one can differ by a few examples
(about 3% of the rankings differed from a real fold run's, tests/nlu/README.md, "A
nineteenth batch"), and settings picked here must still pass a real five-fold run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fold_verdict import print_verdict, read_run  # noqa: E402
from bench.nlu_tune import (  # noqa: E402
    FOLDS,
    LANGUAGES,
    Result,
    fold_of,
    load_results,
    pipeline_parts,
    report_floors,
    report_intents,
    report_thresholds,
    training_examples,
)
from bot.nlu import neighbours  # noqa: E402
from bot.nlu.classifier import reweight  # noqa: E402

DEFAULTS = {"k": 10.0, "temperature": 0.05, "weight": 0.4, "balance": 0.0}


def parse_setting(text: str, keep: Mapping[str, float]) -> neighbours.Setting:
    """Parse "k=5,temperature=0.03" into DEFAULTS with those two changed; the handoff readings
    stand from the floors `keep`, as config.yml's `neighbour_keep`."""
    setting = dict(DEFAULTS)
    for part in filter(None, text.split(",")):
        key, _, value = part.partition("=")
        if key not in DEFAULTS:
            raise ValueError(f"unknown vote setting {key!r} (known: {', '.join(DEFAULTS)})")
        setting[key] = float(value)
    return neighbours.Setting(
        k=int(setting["k"]),
        temperature=setting["temperature"],
        balance=setting["balance"],
        weight=setting["weight"],
        keep=dict(keep),
    )


def screened(
    base: list[Result],
    fold_rows: list[int],
    queries: np.ndarray,
    memories: dict[int, neighbours.Memory],
    labels: list[str],
    served: dict[str, float],
    setting: neighbours.Setting,
) -> list[Result]:
    """The base rankings with the vote of `setting` mixed in, as the classifier would."""
    probabilities = np.array([[dict(r)[label] for label in labels] for _, _, r in base])
    mixed = probabilities.copy()
    folds = np.array(fold_rows)
    for fold, memory in memories.items():
        rows = np.flatnonzero(folds == fold)
        if not len(rows):
            continue
        model = probabilities[rows]
        mixed[rows] = neighbours.with_vote(
            model,
            reweight(model, labels, served),
            queries[rows],
            memory,
            labels,
            setting,
        )
    return [
        (lang, gold, sorted(zip(labels, row.tolist(), strict=True), key=lambda r: -r[1]))
        for (lang, gold, _), row in zip(base, mixed, strict=True)
    ]


def report(results: list[Result], ambiguity: float, threshold: float) -> str:
    """The tables bench/fold_verdict.py reads, as nlu_tune prints them."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        report_thresholds(results, ambiguity)
        report_floors(results)
        report_intents(results, threshold, ambiguity)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="nlu_tune --save, vote off")
    parser.add_argument("--base-folds", type=int, nargs="*", default=list(range(FOLDS)))
    parser.add_argument("--folds", type=int, nargs="*", default=list(range(FOLDS)))
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "nlu")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--train-only", nargs="*", default=[], metavar="STEM")
    parser.add_argument("--out", type=Path, required=True, help="directory for the reports")
    parser.add_argument("settings", nargs="+", help="k=…,temperature=…,weight=…,balance=…")
    args = parser.parse_args()
    classifier, fallback = pipeline_parts(yaml.safe_load(args.config.read_text()))
    served = dict(classifier.get("weights") or {})
    keep = dict(classifier.get("neighbour_keep") or {})
    settings = {text: parse_setting(text, keep) for text in args.settings}
    threshold, ambiguity = float(fallback["threshold"]), float(fallback["ambiguity_threshold"])

    # The rows in the order nlu_tune.run_folds wrote them, with their texts and folds.
    train_only = frozenset(args.train_only)
    data = training_examples(args.data, train_only, exclude=True)
    always = [ex for lang in LANGUAGES for ex in training_examples(args.data, train_only)[lang]]
    order = [
        (fold, lang, text, gold)
        for fold in args.base_folds
        for lang in LANGUAGES
        for text, gold in data[lang]
        if fold_of(text, gold) == fold
    ]
    base = load_results(args.base)
    if [(lang, gold) for _, lang, _, gold in order] != [(lang, gold) for lang, gold, _ in base]:
        raise SystemExit("the base rankings do not match this data, --train-only and --base-folds")
    wanted = [i for i, row in enumerate(order) if row[0] in args.folds]
    base = [base[i] for i in wanted]
    order = [order[i] for i in wanted]

    from bot.nlu.sentence_encoder import SentenceEncoderFeaturizer

    encoder = SentenceEncoderFeaturizer(SentenceEncoderFeaturizer.get_default_config(), "screen")
    texts = sorted({text for lang in data for text, _ in data[lang]} | {t for t, _ in always})
    # Unit length, as the classifier's memory keeps them.
    unit = {t: v / np.linalg.norm(v) for t, v in zip(texts, encoder.encode(texts), strict=True)}
    queries = np.array([unit[text] for _, _, text, _ in order])
    labels = sorted(name for name, _ in base[0][2])
    memories = {}
    for fold in args.folds:
        memory = [ex for lang in LANGUAGES for ex in data[lang] if fold_of(*ex) != fold] + always
        memories[fold] = neighbours.Memory.build(
            np.array([unit[t] for t, _ in memory]), [g for _, g in memory], labels
        )

    args.out.mkdir(parents=True, exist_ok=True)
    base_text = report(base, ambiguity, threshold)
    (args.out / "base.txt").write_text(base_text, encoding="utf-8")
    before = read_run(base_text)
    fold_rows = [fold for fold, *_ in order]
    for number, (text, setting) in enumerate(settings.items()):
        results = screened(base, fold_rows, queries, memories, labels, served, setting)
        cand_text = report(results, ambiguity, threshold)
        (args.out / f"setting{number}.txt").write_text(f"{text}\n{cand_text}", encoding="utf-8")
        print(f"\n{text}  (folds {args.folds}; report: {args.out / f'setting{number}.txt'})")
        print_verdict(before, read_run(cand_text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
