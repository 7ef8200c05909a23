"""bench/nlu_eval.py's pure tables: where the recall-target intents' misses go."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bench import nlu_eval, signals_eval
from bench.nlu_eval import misses_table


def test_misses_are_counted_per_wrong_label_commonest_first() -> None:
    items = [
        ("a", "express_distress"),
        ("b", "express_distress"),
        ("c", "express_distress"),
        ("d", "express_distress"),
        ("e", "complain"),
        ("f", "complain"),
        ("g", "greet"),
    ]
    predicted = [
        "express_crisis",
        "nlu_fallback",
        "express_crisis",
        "express_distress",
        "complain",
        "faq_fees",
        "complain",  # a greeting read as a complaint is not a complaint's miss
    ]
    rows = misses_table(items, predicted).splitlines()
    assert "| express_distress | 3 | express_crisis 2, nlu_fallback 1 |" in rows
    assert "| complain | 1 | faq_fees 1 |" in rows
    assert not any(row.startswith("| request_human") or row.startswith("| greet") for row in rows)


def test_a_model_that_does_not_exist_is_refused_before_any_scoring(tmp_path: Path) -> None:
    # Options were once read by position: a mistyped one started a twelve-minute evaluation.
    with pytest.raises(SystemExit) as refused:
        nlu_eval.main(["--model", str(tmp_path / "settle-missing.tar.gz")])
    assert refused.value.code == 2


def test_every_bench_model_option_takes_only_an_existing_file(tmp_path: Path) -> None:
    trained = tmp_path / "settle-x.tar.gz"
    trained.write_bytes(b"")
    assert nlu_eval.model_file(str(trained)) == trained
    with pytest.raises(argparse.ArgumentTypeError, match="no such model"):
        nlu_eval.model_file(str(tmp_path / "settle-missing.tar.gz"))
    # signals_eval uses the same type: refused before any model is loaded.
    with pytest.raises(SystemExit) as refused:
        signals_eval.main(["--model", str(tmp_path / "settle-missing.tar.gz")])
    assert refused.value.code == 2
