"""bench/label_agreement.py: the fifteenth batch's boundary relabelling (tests/nlu/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.label_agreement import BOUNDARY, agreed_changes, export, move_example, training_rows
from bench.nlu_eval import examples

KEY = {
    "en0000": {"intent": "express_distress", "file": "f", "text": "cant breathe, so scared"},
    "en0001": {"intent": "express_crisis", "file": "f", "text": "im sorry mum"},
    "en0002": {"intent": "express_distress", "file": "f", "text": "i want it all to end"},
    "en0003": {"intent": "express_crisis", "file": "f", "text": "at the end of my rope"},
    "zh0000": {"intent": "express_crisis", "file": "f", "text": "我裂开了"},
}


def test_a_label_changes_only_when_both_readers_give_the_other_intent() -> None:
    a = {
        "en0000": "express_distress",  # both keep it
        "en0001": "express_distress",  # only A moves it
        "en0002": "express_crisis",  # both move it
        "en0003": "other",  # both say neither fits: no change
        "zh0000": "express_distress",  # both move it
    }
    b = {
        "en0000": "express_distress",
        "en0001": "unsure",
        "en0002": "express_crisis",
        "en0003": "other",
        "zh0000": "express_distress",
    }

    assert agreed_changes(KEY, a, b) == [
        ("en0002", "express_crisis"),
        ("zh0000", "express_distress"),
    ]


def test_a_message_without_both_labels_keeps_its_label() -> None:
    assert agreed_changes(KEY, {"en0002": "express_crisis"}, {}) == []


DATA = """version: "3.1"
nlu:
- intent: express_distress
  examples: |
    - so scared i cant sleep
    - 我裂开了

- intent: express_crisis
  examples: |
    - i want to die
"""


def test_moving_an_example_changes_its_label_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "crisis.yml"
    path.write_text(DATA)

    move_example(path, "我裂开了", "express_distress", "express_crisis")

    assert examples(path) == [
        ("so scared i cant sleep", "express_distress"),
        ("i want to die", "express_crisis"),
        ("我裂开了", "express_crisis"),
    ]
    assert path.read_text().replace("    - 我裂开了\n", "") == DATA.replace("    - 我裂开了\n", "")


def test_an_intent_without_a_block_gets_one_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "hardship.yml"
    path.write_text(DATA.split("\n- intent: express_crisis")[0].rstrip("\n"))  # no final newline

    move_example(path, "so scared i cant sleep", "express_distress", "express_crisis")

    assert examples(path) == [
        ("我裂开了", "express_distress"),
        ("so scared i cant sleep", "express_crisis"),
    ]


def test_moving_a_message_that_is_not_there_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "crisis.yml"
    path.write_text(DATA)

    with pytest.raises(ValueError, match="no example"):
        move_example(path, "i want to die", "express_distress", "express_crisis")
    assert path.read_text() == DATA


def test_the_training_export_holds_every_boundary_message_once_and_no_label(tmp_path: Path) -> None:
    export(tmp_path, training=True)

    key = json.loads((tmp_path / "key.json").read_text())
    for lang in ("en", "zh"):
        rows = training_rows(lang)
        assert sorted(
            (e["text"], e["intent"]) for i, e in key.items() if i.startswith(lang)
        ) == sorted((text, intent) for text, intent, _ in rows)
        assert {intent for _, intent, _ in rows} == set(BOUNDARY)
    chunks = "".join(p.read_text() for p in tmp_path.glob("*_*.tsv"))
    assert len(chunks.splitlines()) == len(key)
    assert not any(intent in chunks for intent in BOUNDARY)
