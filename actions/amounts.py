"""Amounts debtors type in answer to a form's question, checked the same way everywhere."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import LEDGER_DOWN, conversation_account, today, utter
from bot.i18n.args import money
from bot.parsing import ParseError, apply_share, parse_amount, share_of_balance, without_dates

EXAMPLE_MINOR = 5000  # "for example 50.00" in the account's currency


async def balance(tracker: Tracker) -> tuple[int, str]:
    """What the conversation's account owes now, and its currency."""
    account = await conversation_account(tracker)
    return int(account["balance_minor"]), str(account["currency"])


def any_amount(
    slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
) -> dict[str, Any]:
    """A positive amount in the account's currency (income, spending, affordability)."""
    currency = str(tracker.get_slot("currency") or "USD")
    try:
        return {slot: parse_amount(str(value), currency)}
    except ParseError:
        utter(dispatcher, "utter_amount_invalid", example=money(EXAMPLE_MINOR, currency))
        return {slot: None}


def amount_in(text: str | None, tracker: Tracker) -> int | None:
    """The amount a journey's opening message names ("I'll pay 200 on Friday"), if any; the
    form then checks it as if it answered its question, and asks when there is none."""
    if not text:
        return None
    try:
        return parse_amount(text, str(tracker.get_slot("currency") or "USD"))
    except ParseError:
        return None


def payment_in(text: str | None, tracker: Tracker) -> int | str | None:
    """What a paying journey's opening names: a share of the balance ("I'll pay half next
    Friday", returned as its words for amount_owed to read), else an amount, else None."""
    if text:
        rest = without_dates(text, today(tracker))
        if share_of_balance(rest) is not None:
            return rest
    return amount_in(text, tracker)


async def amount_owed(
    slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
) -> dict[str, Any]:
    """An amount the debtor will pay: positive, at most the balance; "full" (the button),
    "all of it" or "全部还清" is the balance, "half" / "一半" half of it."""
    try:
        owed, currency = await balance(tracker)
    except LEDGER_DOWN:
        utter(dispatcher, "utter_service_unavailable")
        return {slot: None}
    share = None if isinstance(value, int) else share_of_balance(str(value))
    if share is not None:
        return {slot: apply_share(share, owed)}
    try:
        amount = value if isinstance(value, int) else parse_amount(str(value), currency)
    except ParseError:
        example = money(min(owed, EXAMPLE_MINOR), currency)
        utter(dispatcher, "utter_amount_invalid", example=example)
        return {slot: None}
    if amount > owed:
        utter(dispatcher, "utter_amount_too_high", balance=money(owed, currency))
        return {slot: None}
    return {slot: amount}
