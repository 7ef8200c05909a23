"""Dispute: reason, details, confirmation → a written dispute and a collection hold."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import (
    LEDGER_DOWN,
    answers_cleared,
    idempotency_key,
    latest_intent,
    latest_text,
    ledger,
    opening_text,
    utter,
    verified_debtor,
)
from bot.i18n.args import day, label
from bot.intents import NLU_FALLBACK

REASONS = ("not_mine", "wrong_amount", "already_paid", "fraud", "other")
# How debtors name a reason in their own words; first match wins, so fraud precedes not_mine.
_REASON_WORDS = (
    ("fraud", r"fraud|stole|scam|identity theft|hack|盗|冒用|冒名|诈骗|被骗"),
    ("already_paid", r"already paid|paid (it|this|that)|paid off|还过|已经还|还清了|付过"),
    (
        "wrong_amount",
        r"wrong amount|too (much|high)|amount is wrong|incorrect|不对|算错|多收|金额错",
    ),
    (
        "not_mine",
        r"not mine|isn'?t mine|(not|isn'?t|aint) my (debt|loan|account)|never (borrowed|took|had)"
        r"|don'?t recogni[sz]e|不是我|没借过|没借",
    ),
)
DETAILS_MAX = 2000
# Intents of a message that adds to the dispute while its confirmation is asked (others are
# answers, or digressions the rules handle).
_MORE_DETAILS = frozenset({"dispute_debt", "inform", NLU_FALLBACK})


def reason_from_text(text: str) -> str | None:
    lowered = text.lower()
    for reason, pattern in _REASON_WORDS:
        if re.search(pattern, lowered):
            return reason
    return None


def more_specific_reason(reason: str, details: str) -> str:
    """The reason once the details are known: "something else" takes the reason the details
    name, and "not mine" becomes fraud when the details say someone used their identity."""
    named = reason_from_text(details)
    if named and (reason in ("", "other") or (reason == "not_mine" and named == "fraud")):
        return named
    return reason or "other"


class ValidateDisputeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_dispute_form"

    async def extract_dispute_reason(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "This debt isn't mine" both starts the form and answers its first question.
        reason = reason_from_text(opening_text(tracker, "dispute_debt") or "")
        return {"dispute_reason": reason} if reason else {}

    async def validate_dispute_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value)
        if text in REASONS:
            return {"dispute_reason": text}
        return {"dispute_reason": reason_from_text(text) or "other"}

    async def extract_dispute_details(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # More said while the confirmation is asked ("I never even registered with you") goes on
        # the record too; the confirmation is then asked again.
        intent = latest_intent(tracker)
        if tracker.get_slot("requested_slot") != "dispute_confirm" or intent not in _MORE_DETAILS:
            return {}
        text = " ".join(latest_text(tracker).split())
        if not text or text.startswith("/"):
            return {}
        earlier = str(tracker.get_slot("dispute_details") or "")
        utter(dispatcher, "utter_dispute_details_added")
        return {"dispute_details": f"{earlier}\n{text}" if earlier else text}

    async def validate_dispute_details(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value).strip()[:DETAILS_MAX]
        if not text:
            return {"dispute_details": None}
        reason = more_specific_reason(str(tracker.get_slot("dispute_reason") or ""), text)
        return {"dispute_details": text, "dispute_reason": reason}


class ActionAskDisputeConfirm(Action):
    def name(self) -> str:
        return "action_ask_dispute_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        account_id = tracker.get_slot("account_id")
        last4 = ""
        try:
            async with ledger() as client:
                last4 = (await client.account(str(account_id)))["number_last4"]
        except LEDGER_DOWN:
            pass
        utter(
            dispatcher,
            "utter_ask_dispute_confirm",
            last4=last4,
            reason=label(str(tracker.get_slot("dispute_reason") or "other")),
        )
        return []


class ActionOpenDispute(Action):
    def name(self) -> str:
        return "action_open_dispute"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset = answers_cleared(domain, "dispute_form")
        if not tracker.get_slot("dispute_confirm"):
            utter(dispatcher, "utter_dispute_not_recorded")
            return reset
        if verified_debtor(tracker) is None:
            utter(dispatcher, "utter_verify_first")
            return reset
        try:
            async with ledger() as client:
                dispute = await client.open_dispute(
                    str(tracker.get_slot("account_id")),
                    reason=str(tracker.get_slot("dispute_reason")),
                    details=str(tracker.get_slot("dispute_details") or ""),
                    channel=str(tracker.get_slot("channel") or "wallet"),
                    key=idempotency_key(tracker, "dispute"),
                )
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return reset
        utter(
            dispatcher,
            "utter_dispute_recorded",
            reference=dispute["reference"],
            respond_by=day(date.fromisoformat(dispute["respond_by"][:10])),
        )
        return reset


class ActionDisputeStatus(Action):
    def name(self) -> str:
        return "action_dispute_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if verified_debtor(tracker) is None:
            utter(dispatcher, "utter_verify_first")
            return []
        await tell_dispute_status(dispatcher, str(tracker.get_slot("account_id")))
        return []


async def tell_dispute_status(dispatcher: CollectingDispatcher, account_id: str) -> None:
    """Each dispute on the account and where it stands (also the answer once identity is
    proven)."""
    try:
        async with ledger() as client:
            disputes = await client.disputes(account_id)
    except LEDGER_DOWN:
        utter(dispatcher, "utter_service_unavailable")
        return
    if not disputes:
        utter(dispatcher, "utter_no_disputes")
    for dispute in disputes:
        closed = dispute["status"].startswith("resolved")
        args = {
            "reference": dispute["reference"],
            "opened": day(date.fromisoformat(dispute["received_at"][:10])),
            "status": label(dispute["status"]),
        }
        if closed:
            utter(dispatcher, "utter_dispute_closed", **args)
        else:
            respond_by = day(date.fromisoformat(dispute["respond_by"][:10]))
            utter(dispatcher, "utter_dispute_status", respond_by=respond_by, **args)
