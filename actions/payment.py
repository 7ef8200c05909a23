"""Paying inside the wallet, confirmations pushed back, and settlement offers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.amounts import amount_owed, balance, payment_in
from actions.context import (
    LEDGER_DOWN,
    account_as_form_starts,
    idempotency_key,
    ledger,
    opening_text,
    utter,
    verified_debtor,
)
from actions.switching import SwitchingFormValidation
from bot.compliance.collection import DISPUTE_HOLD
from bot.i18n.args import moment, money


def offer_payment(dispatcher: CollectingDispatcher, request: dict[str, Any]) -> None:
    """The in-wallet pay button for a payment request."""
    amount = money(request["amount_minor"], request["currency"])
    dispatcher.utter_message(
        response="utter_pay_request",
        amount=amount,
        expires=moment(datetime.fromisoformat(request["expires_at"])),
        choices=[{"payload": request["deeplink"], "args": {"amount": amount}}],
        json_message={
            "type": "payment_request",
            "id": request["id"],
            "deeplink": request["deeplink"],
        },
    )


class ActionAskPayAmount(Action):
    def name(self) -> str:
        return "action_ask_pay_amount"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            owed_minor, currency = await balance(tracker)
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return []
        owed = money(owed_minor, currency)
        utter(
            dispatcher,
            "utter_ask_pay_amount",
            balance=owed,
            choices=[{"payload": '/inform{"pay_amount": "full"}', "args": {"amount": owed}}],
        )
        return []


class ValidatePaymentForm(SwitchingFormValidation):
    own = frozenset({"make_payment"})

    def name(self) -> str:
        return "validate_payment_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # Paying stays open during a dispute hold, but "do I still have to pay?" (read as
        # make_payment) must not be answered with only "how much?": say first that nothing
        # is due while the dispute is reviewed. Once, as the form starts.
        account = await account_as_form_starts(tracker)
        if account is not None and account["status"] == DISPUTE_HOLD:
            utter(dispatcher, "utter_dispute_hold")
        return await super().run(dispatcher, tracker, domain)

    async def extract_pay_amount(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "I want to pay 100 now" / "I want to pay it all off" names the amount the form
        # would ask for; validate_pay_amount reads a share against the balance.
        amount = payment_in(opening_text(tracker, "make_payment"), tracker)
        return {} if amount is None else {"pay_amount": amount}

    async def validate_pay_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await amount_owed("pay_amount", value, dispatcher, tracker)


class ActionPaymentRequest(Action):
    def name(self) -> str:
        return "action_payment_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset: list[EventType] = [SlotSet("pay_amount", None)]
        if verified_debtor(tracker) is None:
            utter(dispatcher, "utter_verify_first")
            return reset
        try:
            async with ledger() as client:
                request = await client.payment_request(
                    str(tracker.get_slot("account_id")),
                    int(tracker.get_slot("pay_amount")),
                    str(tracker.get_slot("currency")),
                    "payment",
                    idempotency_key(tracker, "pay"),
                )
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return reset
        offer_payment(dispatcher, request)
        return reset


class ValidateSettlementForm(FormValidationAction):
    """Asks only when the policy has an offer; otherwise the form ends at once."""

    def name(self) -> str:
        return "validate_settlement_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return domain_slots if tracker.get_slot("settlement_offer") else []


class ActionSettlementQuote(Action):
    """The policy's offer for this account now, or none; the form asks only if there is one."""

    def name(self) -> str:
        return "action_settlement_quote"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            async with ledger() as client:
                offer = await client.settlement_quote(str(tracker.get_slot("account_id")))
        except LEDGER_DOWN:
            offer = None
        # Also reached after an identity check (action_resume_pending), not only by the rule.
        return [SlotSet("settlement_offer", offer), FollowupAction("settlement_form")]


class ActionAskSettlementAccept(Action):
    def name(self) -> str:
        return "action_ask_settlement_accept"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        offer = tracker.get_slot("settlement_offer") or {}
        currency = offer.get("currency", tracker.get_slot("currency") or "USD")
        last4 = ""
        try:
            async with ledger() as client:
                last4 = (await client.account(str(tracker.get_slot("account_id"))))["number_last4"]
        except LEDGER_DOWN:
            pass
        utter(
            dispatcher,
            "utter_ask_settlement_accept",
            last4=last4,
            amount=money(offer.get("total_minor", 0), currency),
            balance=money(offer.get("balance_minor", 0), currency),
            discount=money(offer.get("discount_minor", 0), currency),
        )
        return []


class ActionSettlementDone(Action):
    def name(self) -> str:
        return "action_settlement_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset: list[EventType] = [
            SlotSet("settlement_offer", None),
            SlotSet("settlement_accept", None),
        ]
        offer = tracker.get_slot("settlement_offer")
        if not offer:
            utter(dispatcher, "utter_settlement_none")
            return reset
        if not tracker.get_slot("settlement_accept"):
            utter(dispatcher, "utter_settlement_declined")
            return reset
        try:
            async with ledger() as client:
                plan = await client.accept_plan(
                    str(tracker.get_slot("account_id")),
                    offer["option_id"],
                    idempotency_key(tracker, "settle"),
                )
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return reset
        if plan.get("payment_request"):
            offer_payment(dispatcher, plan["payment_request"])
        return reset
