"""What do I owe: the balance per account, from the ledger."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.context import debtor_id, ledger
from bot.i18n.args import money
from bot.ledger.client import LedgerError


class ActionTellBalance(Action):
    def name(self) -> str:
        return "action_tell_balance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        who = debtor_id(tracker)
        if who is None:
            # Identity first: not even the existence of a debt is disclosed.
            dispatcher.utter_message(response="utter_verify_first")
            return []
        try:
            async with ledger() as client:
                debtor = await client.debtor(who)
        except (LedgerError, aiohttp.ClientError, asyncio.TimeoutError):
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        owing = [a for a in debtor["accounts"] if a["balance_minor"] > 0]
        if not owing:
            dispatcher.utter_message(response="utter_no_debt")
        for account in owing:
            dispatcher.utter_message(
                response="utter_balance",
                balance=money(account["balance_minor"], account["currency"]),
                product=account["product"],
                last4=account["number_last4"],
            )
        return []
