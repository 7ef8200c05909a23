"""bench/nlu_same.py: what counts as two models parsing a message differently."""

from __future__ import annotations

from bench.nlu_same import differing

RANKING = [("complain", 0.812345), ("request_human", 0.1)]


def test_the_same_rankings_do_not_differ_below_six_decimals() -> None:
    nearly = [("complain", 0.8123451), ("request_human", 0.1000004)]
    assert differing([RANKING, RANKING], [RANKING, nearly]) == 0


def test_another_confidence_or_order_is_a_difference() -> None:
    moved = [("complain", 0.81236), ("request_human", 0.1)]
    swapped = [("request_human", 0.812345), ("complain", 0.1)]
    assert differing([RANKING, RANKING, RANKING], [moved, swapped, RANKING]) == 2
