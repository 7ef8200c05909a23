"""Who is talking: session start from the gateway's metadata, and identity checks.

Nothing about a debt, not even that one exists, is said before `verified` is true. The
wallet token proves identity; other channels answer date of birth and the account's last
4 digits, or give the one-time code the wallet app shows, checked by the ledger (which
counts failures and locks after three).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, EventType, FollowupAction, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.balance import explain_debts, tell_balance
from actions.context import (
    LEDGER_DOWN,
    latest_intent,
    latest_text,
    ledger,
    primary_account,
    today,
    utter,
)
from actions.dispute import tell_dispute_status
from bot.compliance.collection import journey_pause
from bot.ledger.client import LedgerClient
from bot.parsing import ParseError, one_time_code, parse_birth_date

# Metadata keys the gateway sends with every message; each becomes a slot of the same name.
_CONTEXT_SLOTS = ("debtor_id", "verified", "locale", "timezone", "channel")

_PAUSE_RESPONSES = {"collection": "utter_collection_paused", "dispute": "utter_dispute_hold"}

# What to run after identity is confirmed, by the intent that asked for it.
JOURNEYS = {
    "check_balance": "action_tell_balance",
    "explain_debt": "action_explain_debt",
    "dispute_debt": "dispute_form",
    "dispute_status": "action_dispute_status",
    "request_plan": "plan_form",
    "cancel_plan": "cancel_plan_form",
    "make_payment": "payment_form",
    "promise_to_pay": "promise_form",
    "ask_settlement": "action_settlement_quote",
}


async def _answer(pending: str, dispatcher: CollectingDispatcher, debtor: dict[str, Any]) -> bool:
    """Answers a question that is not a form here, in this action: a FollowupAction to a plain
    action leaves the dialogue policies in a state no rule covers, and the next message went
    unanswered. Forms are still followed up (a form asks, then the dialogue listens)."""
    if pending == "action_tell_balance":
        await tell_balance(dispatcher, debtor)  # the debtor this action has just fetched
    elif pending == "action_explain_debt":
        await explain_debts(dispatcher, str(debtor["id"]))
    elif pending == "action_dispute_status":
        account = primary_account(debtor)
        if account is None:
            utter(dispatcher, "utter_no_disputes")
        else:
            await tell_dispute_status(dispatcher, str(account["id"]))
    else:
        return False
    return True


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        metadata = tracker.get_slot("session_started_metadata") or {}
        events: list[EventType] = [SessionStarted()]
        # Carried-over slots first, then the gateway's fresh word on identity and locale.
        events += [
            SlotSet(key, value)
            for key, value in tracker.current_slot_values().items()
            if key not in _CONTEXT_SLOTS and key != "session_started_metadata"
        ]
        events += [SlotSet(key, metadata[key]) for key in _CONTEXT_SLOTS if key in metadata]
        events.append(ActionExecuted("action_listen"))
        return events


async def account_slots(debtor: dict[str, Any]) -> list[EventType]:
    account = primary_account(debtor)
    if account is None:
        return []
    return [SlotSet("account_id", account["id"]), SlotSet("currency", account["currency"])]


async def fetch_debtor(debtor_id: str) -> dict[str, Any]:
    async with ledger() as client:
        return await client.debtor(debtor_id)


def pause_response(journey: str | None, debtor: dict[str, Any]) -> str | None:
    """The reply when `journey` must not start now (bot.compliance.collection), else None."""
    account = primary_account(debtor) or {}
    reason = journey_pause(
        journey, debtor.get("flags", {}), account.get("status"), datetime.now(timezone.utc)
    )
    return None if reason is None else _PAUSE_RESPONSES[reason]


class ActionCheckIdentity(Action):
    """Runs before every debt journey; detours through identity_form when unverified."""

    def name(self) -> str:
        return "action_check_identity"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        debtor_id = tracker.get_slot("debtor_id")
        intent = latest_intent(tracker)
        journey = JOURNEYS.get(str(intent))
        if tracker.get_slot("verified") and debtor_id:
            try:
                debtor = await fetch_debtor(str(debtor_id))
            except LEDGER_DOWN:
                utter(dispatcher, "utter_service_unavailable")
                return [FollowupAction("action_listen")]
            paused = pause_response(journey, debtor)
            if paused:
                utter(dispatcher, paused)
                return [FollowupAction("action_listen")]
            return await account_slots(debtor)
        utter(dispatcher, "utter_verify_first")
        opening = {"intent": intent, "text": latest_text(tracker)}
        return [
            SlotSet("pending_action", journey),
            SlotSet("pending_opening", opening),
            FollowupAction("identity_form"),
        ]


class ValidateIdentityForm(FormValidationAction):
    """Birth date then last 4; or, in place of the birth date, the wallet app's code."""

    def name(self) -> str:
        return "validate_identity_form"

    async def extract_id_dob(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "my code is 140 891" can read as explain_debt or complain, intents the slot mapping
        # leaves alone (they are questions, not answers); a code or a birth date in it is the
        # answer whatever the classifier thought.
        if tracker.get_slot("requested_slot") != "id_dob":
            return {}
        text = latest_text(tracker)
        if one_time_code(text) is not None:
            return {"id_dob": text}
        try:
            parse_birth_date(text, today(tracker))
        except ParseError:
            return {}
        return {"id_dob": text}

    async def validate_id_dob(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"id_dob": parse_birth_date(str(value), today(tracker)).isoformat()}
        except ParseError:
            pass
        code = one_time_code(str(value))
        if code is None:
            utter(dispatcher, "utter_id_dob_invalid")
            return {"id_dob": None}
        # A code proves identity on its own: both questions are answered (never stored).
        return await _checked(
            dispatcher,
            lambda client: client.verify_code(str(tracker.get_slot("debtor_id")), code),
            answered={"id_dob": "code", "id_last4": "code"},
            mismatch="utter_id_code_mismatch",
        )

    async def validate_id_last4(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        digits = "".join(ch for ch in str(value) if ch.isdigit())
        if len(digits) != 4:
            utter(dispatcher, "utter_id_last4_invalid")
            return {"id_last4": None}
        debtor_id, dob = str(tracker.get_slot("debtor_id")), str(tracker.get_slot("id_dob"))
        return await _checked(
            dispatcher,
            lambda client: client.verify_identity(debtor_id, dob, digits),
            answered={"id_last4": digits},
            mismatch="utter_id_mismatch",
        )


async def _checked(
    dispatcher: CollectingDispatcher,
    check: Callable[[LedgerClient], Awaitable[dict[str, Any]]],
    answered: dict[str, Any],
    mismatch: str,
) -> dict[str, Any]:
    """Asks the ledger (which counts failures and locks) and turns its answer into slots."""
    retry = {"id_dob": None, "id_last4": None}  # a mismatch starts the questions again
    try:
        async with ledger() as client:
            result = await check(client)
    except LEDGER_DOWN:
        utter(dispatcher, "utter_service_unavailable")
        return retry
    if result.get("locked"):
        utter(dispatcher, "utter_id_locked")
        return {**answered, "verified": False, "pending_action": None}
    if not result.get("verified"):
        utter(dispatcher, mismatch)
        return retry
    utter(dispatcher, "utter_id_verified")
    return {**answered, "verified": True}


class ActionResumePending(Action):
    """After identity_form: continue with what the debtor asked for, if they passed."""

    def name(self) -> str:
        return "action_resume_pending"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # Answers are not kept: a later session must ask again.
        events: list[EventType] = [
            SlotSet("id_dob", None),
            SlotSet("id_last4", None),
            SlotSet("pending_action", None),
        ]
        pending = tracker.get_slot("pending_action")
        debtor_id = tracker.get_slot("debtor_id")
        if not tracker.get_slot("verified") or not debtor_id:
            return events
        try:
            debtor = await fetch_debtor(str(debtor_id))
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return events
        events += await account_slots(debtor)
        paused = pause_response(str(pending), debtor) if pending else None
        if paused:
            utter(dispatcher, paused)
        elif pending and not await _answer(str(pending), dispatcher, debtor):
            events.append(FollowupAction(str(pending)))
        return events
