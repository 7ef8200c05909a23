"""bench/nlu_tune.py: which examples a fold trains on and scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import nlu_tune
from bench.nlu_tune import report_intents, training_examples


def _write(path: Path, intent: str, texts: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(f"    - {t}\n" for t in texts)
    path.write_text(f'version: "3.1"\nnlu:\n- intent: {intent}\n  examples: |\n{lines}')


def test_train_only_files_are_split_from_the_scored_ones(tmp_path: Path) -> None:
    _write(tmp_path / "en" / "balance.yml", "check_balance", ["how much do i owe"])
    _write(tmp_path / "en" / "figurative.yml", "promise_to_pay", ["dying to pay this off friday"])
    _write(tmp_path / "zh" / "balance.yml", "check_balance", ["我还欠多少"])
    only = frozenset({"figurative"})

    scored = training_examples(tmp_path, only, exclude=True)
    always = training_examples(tmp_path, only)

    assert scored == {
        "en": [("how much do i owe", "check_balance")],
        "zh": [("我还欠多少", "check_balance")],
    }
    assert always == {"en": [("dying to pay this off friday", "promise_to_pay")], "zh": []}
    assert len(training_examples(tmp_path)["en"]) == 2


def test_every_intents_recall_is_read_with_the_handoff_weight(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fees = [("faq_fees", 0.6), ("complain", 0.4)]  # complain x2.0 outweighs it
    rights = [("faq_rights", 0.9), ("complain", 0.1)]
    low = [("faq_rights", 0.25), ("faq_fees", 0.25), ("greet", 0.25), ("thank", 0.25)]
    results = [("en", "faq_fees", fees), ("en", "faq_rights", rights), ("en", "faq_rights", low)]
    results += [("zh", "faq_fees", rights)]
    report_intents(results, threshold=0.3, ambiguity=0.05)
    rows = dict(line.split(" | ", 1) for line in capsys.readouterr().out.splitlines()[2:])
    # Rows are the gold intents; "low" is under the threshold (nlu_fallback), a miss.
    assert rows == {"faq_fees": "0.000 | 0.000", "faq_rights": "0.500 | -"}


def test_the_fallback_reading_of_a_ranking_already_weighted() -> None:
    clear = [("complain", 0.7), ("faq_fees", 0.2)]
    assert nlu_tune.fallback_reading(clear, 0.3, 0.1) == "complain"
    assert nlu_tune.fallback_reading([("complain", 0.25), ("faq_fees", 0.2)], 0.3, 0.1) == (
        "nlu_fallback"
    )  # under the threshold
    assert nlu_tune.fallback_reading([("complain", 0.45), ("faq_fees", 0.4)], 0.3, 0.1) == (
        "nlu_fallback"
    )  # too close to the runner-up
    assert nlu_tune.fallback_reading([], 0.3, 0.1) == "nlu_fallback"
    assert nlu_tune.first(clear) == ("complain", 0.7)
    assert nlu_tune.first([]) == ("nlu_fallback", 0.0)
