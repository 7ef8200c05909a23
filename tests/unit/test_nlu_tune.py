"""bench/nlu_tune.py: which examples a fold trains on and scores."""

from __future__ import annotations

from pathlib import Path

from bench.nlu_tune import training_examples


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
