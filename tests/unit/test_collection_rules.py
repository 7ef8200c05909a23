from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.compliance.collection import COLLECTION_JOURNEYS, collection_paused

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def _iso(delta: timedelta) -> str:
    return (NOW + delta).isoformat()


def test_no_flags_no_pause() -> None:
    assert not collection_paused({"crisis_until": None, "breathing_space_until": None}, NOW)


def test_a_crisis_hold_pauses_collection_until_it_ends() -> None:
    assert collection_paused({"crisis_until": _iso(timedelta(days=3))}, NOW)
    assert not collection_paused({"crisis_until": _iso(-timedelta(minutes=1))}, NOW)


def test_breathing_space_pauses_collection() -> None:
    assert collection_paused({"breathing_space_until": _iso(timedelta(days=60))}, NOW)


def test_only_journeys_that_ask_for_money_are_paused() -> None:
    assert "payment_form" in COLLECTION_JOURNEYS and "settlement_form" in COLLECTION_JOURNEYS
    assert "dispute_form" not in COLLECTION_JOURNEYS  # a debtor may always dispute
