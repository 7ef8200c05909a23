"""When the assistant must not ask for money (pure)."""

from __future__ import annotations

from datetime import datetime

# Journeys that ask the debtor to pay or commit to paying.
COLLECTION_JOURNEYS = frozenset(
    {"payment_form", "plan_form", "promise_form", "settlement_form", "action_settlement_quote"}
)


def _active(until: str | None, now: datetime) -> bool:
    return until is not None and datetime.fromisoformat(until) > now


def collection_paused(flags: dict[str, str | None], now: datetime) -> bool:
    """True during a crisis hold or a (UK) breathing space: no asks for payment at all,
    even when the conversation is back with the bot after a person has helped."""
    return _active(flags.get("crisis_until"), now) or _active(
        flags.get("breathing_space_until"), now
    )
