from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.compliance.collection import (
    COLLECTION_JOURNEYS,
    DISPUTE_HOLD,
    collection_paused,
    journey_pause,
)
from bot.ledger import status as ledger_status

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


CRISIS = {"crisis_until": _iso(timedelta(days=3))}


@pytest.mark.parametrize(
    ("journey", "flags", "status", "pause"),
    [
        ("plan_form", {}, "delinquent", None),
        ("plan_form", CRISIS, "delinquent", "collection"),
        ("payment_form", CRISIS, "delinquent", "collection"),
        # A dispute hold stops arranging payment; paying now stays the debtor's choice.
        ("plan_form", {}, "disputed_hold", "dispute"),
        ("promise_form", {}, "disputed_hold", "dispute"),
        ("action_settlement_quote", {}, "disputed_hold", "dispute"),
        ("payment_form", {}, "disputed_hold", None),
        ("dispute_status", {}, "disputed_hold", None),
        ("payment_form", CRISIS, "disputed_hold", "collection"),  # the crisis hold says more
    ],
)
def test_which_journeys_wait_and_why(
    journey: str, flags: dict[str, str | None], status: str, pause: str | None
) -> None:
    assert journey_pause(journey, flags, status, NOW) == pause


def test_the_dispute_hold_is_the_ledgers_status() -> None:
    assert DISPUTE_HOLD == ledger_status.HOLD
