"""What every action needs: who the debtor is, and a ledger client."""

from __future__ import annotations

import os
from typing import Any

from rasa_sdk import Tracker

from bot import auth
from bot.config import load
from bot.ledger.client import LedgerClient


def ledger() -> LedgerClient:
    """A ledger client authenticated as the action server (a service token)."""
    settings = load()
    base = os.environ.get("SETTLE_GATEWAY_URL", settings.gateway_url)
    return LedgerClient(base, auth.issue(settings.secret, "service", "action-server", 300))


def debtor_id(tracker: Tracker) -> str | None:
    """The debtor this conversation belongs to, only once identity is verified."""
    if not tracker.get_slot("verified"):
        return None
    value: Any = tracker.get_slot("debtor_id")
    return str(value) if value else None
