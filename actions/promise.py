"""Promise to pay: a date and an amount, with consent for a reminder."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.amounts import amount_owed, balance, payment_in
from actions.context import (
    LEDGER_DOWN,
    account_as_form_starts,
    answers_cleared,
    conversation_account,
    idempotency_key,
    latest_intent,
    latest_text,
    ledger,
    opening_text,
    today,
    utter,
    verified_debtor,
)
from actions.switching import SwitchingFormValidation
from bot.compliance.collection import DISPUTE_HOLD
from bot.i18n.args import day, money
from bot.ledger.client import LedgerError
from bot.parsing import ParseError, parse_moved_date

MAX_DAYS_AHEAD = 30


def why_no_promise(account: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """What stops a new promise on this account view, as a response and its arguments: an open
    dispute's hold, or the promise already pending (the ledger keeps one at a time)."""
    if account["status"] == DISPUTE_HOLD:
        return "utter_dispute_hold", {}
    pending = pending_promise(account)
    if pending is not None:
        return "utter_promise_pending", _promise_args(pending)
    return None


async def _blocker(tracker: Tracker) -> tuple[str, dict[str, Any]] | None:
    return why_no_promise(await conversation_account(tracker))


def pending_promise(account: dict[str, Any]) -> dict[str, Any] | None:
    """The promise a new one would change (the ledger keeps one pending at a time)."""
    pending = account.get("promises") or []
    return pending[0] if pending else None


def change_asked(tracker: Tracker) -> str | None:
    """The message, as the form starts, that asked to move a promise ("can I change it to the
    22nd?"): read as changing a plan (cancel_plan), it comes here when there is no plan but a
    promise is pending (action_cancel_plan). None otherwise."""
    return opening_text(tracker, "cancel_plan")


def promise_said(tracker: Tracker) -> str | None:
    """The message that starts the promise form, or one that states the promise again while
    the form is asking ("actually, 800 on Friday"): what it says replaces what was said."""
    text = opening_text(tracker, "promise_to_pay") or change_asked(tracker)
    restated = latest_intent(tracker) == "promise_to_pay"
    if text is None and restated and tracker.get_slot("requested_slot") is not None:
        return latest_text(tracker)
    return text


def date_said(tracker: Tracker) -> str | None:
    """The date (ISO) the promise said as the form starts, or restated, names; None when it
    names none that can be read."""
    text = promise_said(tracker)
    if not text:
        return None
    try:
        return parse_moved_date(text, today(tracker)).isoformat()
    except ParseError:
        return None


class ValidatePromiseForm(SwitchingFormValidation):
    own = frozenset({"promise_to_pay"})

    def name(self) -> str:
        return "validate_promise_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        account = await account_as_form_starts(tracker)
        # A dispute hold: no promise is asked for, and the record step says why.
        if account is not None and account["status"] == DISPUTE_HOLD:
            return [SlotSet("requested_slot", None)]
        pending = None if account is None else pending_promise(account)
        if pending is None:
            return await super().run(dispatcher, tracker, domain)
        # One is pending: the first question is whether to change it (required_slots), asked
        # afresh even if an earlier attempt was stopped after a yes, and not at all when the
        # debtor has just asked to change it. The slot keeps the promise itself, for the
        # question and for the ledger's `replaces`.
        change = True if change_asked(tracker) is not None else None
        replacing = [SlotSet("replacing_promise", pending), SlotSet("promise_change", change)]
        tracker.add_slots(replacing)  # as rasa_sdk does, so required_slots sees it now
        return [*replacing, *await super().run(dispatcher, tracker, domain)]

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # "Change the promise you made?" is asked only when there is one (domain order: first).
        if tracker.get_slot("replacing_promise") is None:
            return [slot for slot in domain_slots if slot != "promise_change"]
        if tracker.get_slot("promise_change") is False:
            return ["promise_change"]  # keeping the promise: nothing more to ask
        return domain_slots

    # "I'll pay 200 next Friday" answers the form's first two questions as it starts it, and
    # "make it 800 on Friday instead" mid-way corrects them.
    async def extract_promise_date(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        when = date_said(tracker)  # None: no usable date in it, the form asks
        pending = tracker.get_slot("replacing_promise")
        if pending is not None and change_asked(tracker) is not None and when == pending["date"]:
            return {}  # "I can't make the 25th, can I move it?": the date being moved away from
        return {} if when is None else {"promise_date": when}

    async def extract_promise_amount(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        amount = payment_in(promise_said(tracker), tracker)
        pending = tracker.get_slot("replacing_promise")
        moving = change_asked(tracker) is not None or date_said(tracker) is not None
        if amount is None and pending is not None and moving:
            # "move it to the 22nd", "actually make it the 26th": the same amount, new date.
            amount = int(pending["amount_minor"])
        return {} if amount is None else {"promise_amount": amount}

    async def validate_promise_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        now = today(tracker)
        try:
            when = parse_moved_date(str(value), now)
        except ParseError:
            utter(dispatcher, "utter_date_invalid")
            return {"promise_date": None}
        if when > now + timedelta(days=MAX_DAYS_AHEAD):
            utter(dispatcher, "utter_date_too_far")
            return {"promise_date": None}
        return {"promise_date": when.isoformat()}

    async def validate_promise_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await amount_owed("promise_amount", value, dispatcher, tracker)


class ActionAskPromiseChange(Action):
    def name(self) -> str:
        return "action_ask_promise_change"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        pending = tracker.get_slot("replacing_promise")
        if pending is not None:
            utter(dispatcher, "utter_ask_promise_change", **_promise_args(pending))
        return []


def _promise_args(promise: dict[str, Any]) -> dict[str, Any]:
    return {
        "amount": money(promise["amount_minor"], promise["currency"]),
        "date": day(date.fromisoformat(promise["date"])),
    }


class ActionAskPromiseAmount(Action):
    def name(self) -> str:
        return "action_ask_promise_amount"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            owed_minor, currency = await balance(tracker)
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return []
        utter(dispatcher, "utter_ask_promise_amount", balance=money(owed_minor, currency))
        return []


class ActionRecordPromise(Action):
    def name(self) -> str:
        return "action_record_promise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset = answers_cleared(domain, "promise_form")
        if verified_debtor(tracker) is None:
            utter(dispatcher, "utter_verify_first")
            return reset
        if tracker.get_slot("promise_change") is False:
            utter(dispatcher, "utter_promise_kept")
            return reset
        if tracker.get_slot("promise_amount") is None:  # the form ended without asking
            await _explain(dispatcher, tracker)
            return reset
        when = date.fromisoformat(str(tracker.get_slot("promise_date")))
        amount = int(tracker.get_slot("promise_amount"))
        currency = str(tracker.get_slot("currency"))
        reminder = bool(tracker.get_slot("promise_reminder"))
        try:
            async with ledger() as client:
                await client.promise(
                    str(tracker.get_slot("account_id")),
                    when,
                    amount,
                    currency,
                    reminder,
                    str(tracker.get_slot("channel") or "wallet"),
                    idempotency_key(tracker, "promise"),
                    replaces=(tracker.get_slot("replacing_promise") or {}).get("id"),
                )
        except LEDGER_DOWN as error:
            if isinstance(error, LedgerError) and error.status == 409:
                await _explain(dispatcher, tracker)  # a dispute or another promise came first
            else:
                utter(dispatcher, "utter_service_unavailable")
            return reset
        utter(dispatcher, "utter_promise_recorded", amount=money(amount, currency), date=day(when))
        utter(dispatcher, "utter_promise_reminder_on" if reminder else "utter_promise_reminder_off")
        return reset


async def _explain(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Why no promise was recorded."""
    try:
        blocker = await _blocker(tracker)
    except LEDGER_DOWN:
        blocker = None
    response, args = blocker or ("utter_service_unavailable", {})
    utter(dispatcher, response, **args)
