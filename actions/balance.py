"""What do I owe, and why: balances and itemization from the ledger."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import LEDGER_DOWN, ledger, utter, verified_debtor
from bot.compliance.collection import DISPUTE_HOLD, collection_paused
from bot.i18n.args import charges, day, money


class ActionTellBalance(Action):
    def name(self) -> str:
        return "action_tell_balance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        who = verified_debtor(tracker)
        if who is None:  # defence in depth: rules run action_check_identity first
            utter(dispatcher, "utter_verify_first")
            return []
        try:
            async with ledger() as client:
                debtor = await client.debtor(who)
        except LEDGER_DOWN:
            utter(dispatcher, "utter_service_unavailable")
            return []
        await tell_balance(dispatcher, debtor)
        return []


async def tell_balance(dispatcher: CollectingDispatcher, debtor: dict[str, Any]) -> None:
    """What each owing account of the debtor (as the ledger gave it) owes now and what is due
    next ("when is my next payment?" is a balance question); also the answer once identity
    is proven."""
    owing = [a for a in debtor["accounts"] if a["balance_minor"] > 0]
    if not owing:
        utter(dispatcher, "utter_no_debt")
        return
    try:
        async with ledger() as client:
            accounts = [await client.account(a["id"]) for a in owing]
    except LEDGER_DOWN:
        utter(dispatcher, "utter_service_unavailable")
        return
    paused = _collection_paused(debtor)
    for account in accounts:
        utter(
            dispatcher,
            "utter_balance",
            balance=money(account["balance_minor"], account["currency"]),
            product=account["product"],
            last4=account["number_last4"],
        )
        tell_what_is_due(dispatcher, account, paused)


class ActionExplainDebt(Action):
    """Itemization, who the debt started with, and what is due next."""

    def name(self) -> str:
        return "action_explain_debt"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        who = verified_debtor(tracker)
        if who is None:
            utter(dispatcher, "utter_verify_first")
            return []
        await explain_debts(dispatcher, who)
        return []


async def explain_debts(dispatcher: CollectingDispatcher, debtor_id: str) -> None:
    """Every account's itemization (also the answer once identity is proven)."""
    try:
        async with ledger() as client:
            debtor = await client.debtor(debtor_id)
            accounts = [await client.account(a["id"]) for a in debtor["accounts"]]
    except LEDGER_DOWN:
        utter(dispatcher, "utter_service_unavailable")
        return
    paused = _collection_paused(debtor)
    for account in accounts:
        explain(dispatcher, account, paused)


def _collection_paused(debtor: dict[str, Any]) -> bool:
    return collection_paused(debtor.get("flags") or {}, datetime.now(timezone.utc))


def explain(dispatcher: CollectingDispatcher, account: dict[str, Any], paused: bool) -> None:
    currency = account["currency"]
    items = account["itemization"]
    utter(
        dispatcher,
        "utter_itemization",
        product=account["product"],
        last4=account["number_last4"],
        principal=money(items["principal_minor"], currency),
        interest=money(items["interest_minor"], currency),
        fees=money(items["fees_minor"], currency),
        credits=money(items["payments_minor"] + items["other_minor"], currency),
        balance=money(account["balance_minor"], currency),
    )
    listed = [
        (date.fromisoformat(c["effective_on"]), c["kind"], c["description"], c["amount_minor"])
        for c in account.get("charges") or []
    ]
    if listed:
        utter(dispatcher, "utter_charges", charges=charges(listed, currency))
    utter(
        dispatcher,
        "utter_original_creditor",
        original_creditor=account["original_creditor"],
        creditor=account["creditor"],
        opened_on=day(date.fromisoformat(account["opened_on"])),
    )
    tell_what_is_due(dispatcher, account, paused)


def tell_what_is_due(
    dispatcher: CollectingDispatcher, account: dict[str, Any], paused: bool
) -> None:
    """The account's next agreed payment (an installment or a promise), its dispute hold, or
    that nothing is scheduled. Nothing during a crisis hold or breathing space (`paused`):
    a due date or "you can set up a plan" would be an ask for money."""
    if account["status"] == DISPUTE_HOLD:
        utter(dispatcher, "utter_on_hold")
        return
    if paused:
        return
    tell_plan_discount(dispatcher, account)
    if account.get("next_due"):
        due = account["next_due"]
        utter(
            dispatcher,
            "utter_next_due",
            amount=money(due["amount_minor"], account["currency"]),
            due=day(date.fromisoformat(due["date"])),
        )
    else:
        utter(dispatcher, "utter_nothing_scheduled")


def plan_left_to_pay(account: dict[str, Any]) -> tuple[int, int] | None:
    """(left to pay under the active plan, what it takes off on completion) when the plan
    carries a discount: the balance still counts the fees it waives until the plan is done,
    so the balance alone would overstate what the debtor has agreed to pay."""
    plan = account.get("active_plan")
    if not plan or plan["discount_minor"] <= 0:
        return None
    left = sum(i["amount_minor"] - i["paid_minor"] for i in plan["installments"])
    return left, plan["discount_minor"]


def tell_plan_discount(dispatcher: CollectingDispatcher, account: dict[str, Any]) -> None:
    found = plan_left_to_pay(account)
    if found is not None:
        left, discount = found
        currency = account["currency"]
        utter(
            dispatcher,
            "utter_plan_left_to_pay",
            left=money(left, currency),
            discount=money(discount, currency),
        )
