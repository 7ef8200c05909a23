"""When the assistant must not ask for money (pure)."""

from __future__ import annotations

from datetime import datetime

# Journeys that ask the debtor to pay or commit to paying.
COLLECTION_JOURNEYS = frozenset(
    {"payment_form", "plan_form", "promise_form", "settlement_form", "action_settlement_quote"}
)
# Those that arrange payment for later. A dispute hold pauses them; paying now stays open to a
# debtor who wants to, as the ledger allows.
ARRANGEMENT_JOURNEYS = COLLECTION_JOURNEYS - {"payment_form"}
DISPUTE_HOLD = "disputed_hold"  # the account status an open dispute sets (bot.ledger.status)


def _active(until: str | None, now: datetime) -> bool:
    return until is not None and datetime.fromisoformat(until) > now


def collection_paused(flags: dict[str, str | None], now: datetime) -> bool:
    """True during a crisis hold or a (UK) breathing space: no asks for payment at all,
    even when the conversation is back with the bot after a person has helped."""
    return _active(flags.get("crisis_until"), now) or _active(
        flags.get("breathing_space_until"), now
    )


def journey_pause(
    journey: str | None, flags: dict[str, str | None], account_status: str | None, now: datetime
) -> str | None:
    """Why `journey` must not start now: "collection" (crisis hold or breathing space: no
    asks for payment at all) or "dispute" (the account's dispute is open: nothing to arrange).
    None when it may."""
    if journey in COLLECTION_JOURNEYS and collection_paused(flags, now):
        return "collection"
    if journey in ARRANGEMENT_JOURNEYS and account_status == DISPUTE_HOLD:
        return "dispute"
    return None
