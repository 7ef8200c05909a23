"""bench/vote_screen.py: a vote mixed into saved rankings as the classifier would mix it."""

from __future__ import annotations

import numpy as np
import pytest

from bench.vote_screen import parse_setting, screened
from bot.nlu.neighbours import Memory

LABELS = ["complain", "faq_rights", "make_payment"]
# Memory of fold 0: two make_payment examples near the x axis, one faq_rights near y.
MEMORY = np.array([[1.0, 0.0], [0.99, 0.141], [0.0, 1.0]])
MEMORY_LABELS = ["make_payment", "make_payment", "faq_rights"]


def ranking(probabilities: list[float]) -> list[tuple[str, float]]:
    return sorted(zip(LABELS, probabilities, strict=True), key=lambda r: -r[1])


def screen(base: list[list[float]], queries: list[list[float]], **setting: float) -> list:
    rows = [("en", "faq_rights", ranking(p)) for p in base]
    text = ",".join(f"{key}={value}" for key, value in setting.items())
    return screened(
        rows,
        [0] * len(rows),
        np.array(queries),
        {0: Memory.build(MEMORY, MEMORY_LABELS, LABELS)},
        LABELS,
        {"complain": 2.0},
        parse_setting(text, {"complain": 0.6}),
    )


def test_the_vote_moves_an_unsure_reading_towards_the_nearest_examples() -> None:
    (row,) = screen([[0.1, 0.45, 0.45]], [[0.0, 1.0]], k=1.0, weight=0.4)
    assert row[2][0][0] == "faq_rights"
    assert row[2][0][1] == pytest.approx(0.6 * 0.45 + 0.4)


def test_weight_zero_leaves_the_rankings_as_they_were() -> None:
    base = [0.2, 0.5, 0.3]
    (row,) = screen([base], [[1.0, 0.0]], weight=0.0)
    assert dict(row[2]) == pytest.approx(dict(zip(LABELS, base, strict=True)))


def test_a_handoff_reading_above_its_floor_stands() -> None:
    # complain 0.45, doubled by its cost weight, is 0.62 of the weighted row: it stands.
    (row,) = screen([[0.45, 0.1, 0.45]], [[1.0, 0.0]], k=2.0, weight=0.9)
    assert dict(row[2])["complain"] == pytest.approx(0.45)


def test_unknown_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="neighbors"):
        parse_setting("neighbors=5", {})
    setting = parse_setting("k=5,balance=0.5", {"complain": 0.6})
    assert (setting.k, setting.balance, setting.keep) == (5, 0.5, {"complain": 0.6})
