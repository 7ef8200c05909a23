"""What every action needs: who the debtor is, their account, a ledger client, the date."""

from __future__ import annotations

import asyncio
import os
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import auth
from bot.config import load
from bot.ledger.client import LedgerClient, LedgerError

# What a failed ledger call raises: an answer >= 400, a connection error, a timeout.
LEDGER_DOWN = (LedgerError, aiohttp.ClientError, asyncio.TimeoutError)


def ledger() -> LedgerClient:
    """A ledger client authenticated as the action server (a short-lived service token)."""
    settings = load()
    base = os.environ.get("SETTLE_GATEWAY_URL", settings.gateway_url)
    return LedgerClient(base, auth.issue(settings.secret, "service", "action-server", 300))


def verified_debtor(tracker: Tracker) -> str | None:
    """The debtor this conversation belongs to, only once identity is verified."""
    if not tracker.get_slot("verified"):
        return None
    value: Any = tracker.get_slot("debtor_id")
    return str(value) if value else None


def idempotency_key(tracker: Tracker, purpose: str) -> str:
    """Stable per debtor message: a retried action call writes once."""
    message_id = (tracker.latest_message or {}).get("message_id") or "none"
    return f"{purpose}:{tracker.sender_id}:{message_id}"[:100]


def today(tracker: Tracker) -> date:
    """The debtor's local date: 'tomorrow' means their tomorrow."""
    zone = tracker.get_slot("timezone") or "UTC"
    try:
        return datetime.now(ZoneInfo(zone)).date()
    except (KeyError, ValueError):
        return datetime.now(ZoneInfo("UTC")).date()


def _resumed_after_identity(tracker: Tracker) -> bool:
    """Whether the form starting now was started by action_resume_pending (the form's own
    name may already be the latest action as it activates)."""
    starting = tracker.latest_action_name
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") != starting:
            return bool(event.get("name") == "action_resume_pending")
    return False


async def conversation_account(tracker: Tracker) -> dict[str, Any]:
    """The ledger's view of the conversation's account: balance, hold, plan, promises."""
    async with ledger() as client:
        return await client.account(str(tracker.get_slot("account_id")))


async def account_as_form_starts(tracker: Tracker) -> dict[str, Any] | None:
    """The conversation's account as a form starts, for what the form has to ask (nothing
    without a plan to cancel; first "change it?" with a promise pending). Looked at once, not
    per question: None once the form is under way, and None when the ledger is unreachable
    (the questions are asked, and acting on the answers says the ledger is down)."""
    if tracker.get_slot("requested_slot") is not None:
        return None
    try:
        return await conversation_account(tracker)
    except LEDGER_DOWN:
        return None


def latest_text(tracker: Tracker) -> str:
    """What the debtor's latest message said ("" when it said nothing)."""
    return str((tracker.latest_message or {}).get("text") or "")


def latest_intent(tracker: Tracker) -> str:
    """The intent the classifier gave the latest message ("" when it gave none)."""
    return str(((tracker.latest_message or {}).get("intent") or {}).get("name") or "")


def latest_confidence(tracker: Tracker) -> float | None:
    """How sure the classifier was of that intent (None when it gave none)."""
    confidence = ((tracker.latest_message or {}).get("intent") or {}).get("confidence")
    return float(confidence) if isinstance(confidence, (int, float)) else None


def opening_text(tracker: Tracker, intent: str) -> str | None:
    """The message that is starting a form, when its intent is `intent`: it may already answer
    the form's questions ("this isn't mine", "I'll pay 200 next Friday"). None otherwise.

    When identity had to be proven first, the form starts right after action_resume_pending
    and the latest message is the last answer to identity; the opening is the one kept then.
    """
    if tracker.get_slot("requested_slot") is not None:
        return None  # the form is under way: this message answers the question it asked
    if _resumed_after_identity(tracker):
        kept = tracker.get_slot("pending_opening") or {}
        return str(kept.get("text") or "") if kept.get("intent") == intent else None
    if latest_intent(tracker) != intent:
        return None
    return latest_text(tracker)


def primary_account(debtor: dict[str, Any]) -> dict[str, Any] | None:
    """The account the conversation is about: the first one with money owed.

    Debtors with several owing accounts get the oldest first; the agent console shows all.
    """
    accounts = debtor.get("accounts", [])
    owing = [a for a in accounts if a["balance_minor"] > 0]
    return (owing or accounts or [None])[0]


def utter(dispatcher: CollectingDispatcher, response: str, **args: Any) -> None:
    dispatcher.utter_message(response=response, **args)


# Slots a form's own steps set besides the answers it asks for (the options it offered, the
# plan or promise it would replace): forgotten with the answers, however the form ends.
FORM_WORKING_SLOTS: dict[str, tuple[str, ...]] = {
    "plan_form": ("plan_options", "replacing_plan"),
    "promise_form": ("replacing_promise",),
}


def answers_cleared(domain: DomainDict, form: str) -> list[EventType]:
    """Forget everything `form` asked or worked out, so that starting it again asks afresh:
    slots carry over into later sessions, and "monthly" said last week is no answer today."""
    required = ((domain.get("forms") or {}).get(form) or {}).get("required_slots", [])
    return [SlotSet(slot, None) for slot in (*required, *FORM_WORKING_SLOTS.get(form, ()))]


def form_abandoned(tracker: Tracker, domain: DomainDict) -> list[EventType]:
    """Ends the active form ("no", "bye") and forgets its answers."""
    form = tracker.active_loop_name
    cleared = answers_cleared(domain, form) if form else []
    return [ActiveLoop(None), SlotSet("requested_slot", None), *cleared]
