"""Payment confirmations pushed to the debtor's chat, and the demo wallet's pay button."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Mapping
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import select

from bot.config import Settings
from bot.gateway.http import error, principal
from bot.gateway.models import Conversation
from bot.gateway.rasa import RasaClient, RasaError
from bot.handoff import routing as handoff_routing
from bot.i18n.args import money
from bot.i18n.render import render
from bot.ledger import webhook
from bot.ledger.models import Account, PaymentRequest

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


def subscribe(app: web.Application) -> None:
    tasks: set[asyncio.Task[None]] = set()
    app["payment_push_tasks"] = tasks

    async def on_payment_posted(payload: Mapping[str, Any]) -> None:
        # The webhook answers the wallet at once; telling the debtor happens after.
        task = asyncio.create_task(confirm_to_debtor(app, dict(payload)))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    for event in ("payment_posted", "payment_failed"):
        app["events"].subscribe(event, on_payment_posted)


async def confirm_to_debtor(app: web.Application, payment: dict[str, Any]) -> None:
    """Tells the debtor, in their latest conversation, that the payment arrived."""
    async with app["sessions"]() as session:
        conversation = (
            await session.execute(
                select(Conversation)
                .where(Conversation.debtor_id == payment["debtor_id"])
                .order_by(Conversation.updated_at.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
    if conversation is None or conversation.state == "closed":
        return
    currency = payment["currency"]
    settled = payment["payment_status"] == "settled"  # the payload's "status" is the account's
    message = render(
        "utter_payment_received" if settled else "utter_payment_failed",
        conversation.locale,
        {
            "amount": money(payment["amount_minor"], currency),
            "balance": money(payment["balance_minor"], currency),
        },
    )
    messages = [message]
    if conversation.state == "bot":
        # The dialogue's history gets the confirmation too, so the bot knows it was said.
        rasa: RasaClient = app["rasa"]
        try:
            await rasa.append_events(conversation.id, [{"event": "bot", "text": message["text"]}])
        except RasaError:
            log.warning("rasa unavailable; the payment confirmation is not in its tracker")
    # Stored like every bot reply: with transcript ids (for resume) and shown to an agent.
    messages = await handoff_routing.record_replies(app, conversation.id, messages)
    await app["hub"].push(
        payment["debtor_id"],
        {"type": "push", "conversation_id": conversation.id, "messages": messages},
    )


@routes.post("/v1/demo/payment-requests/{request_id}/pay")
async def demo_pay(request: web.Request) -> web.Response:
    """Plays the wallet backend in demo mode: pays the request through the signed webhook."""
    settings: Settings = request.app["settings"]
    if not settings.demo:
        error(404, "demo mode is off")
    who = principal(request, "wallet")
    async with request.app["sessions"]() as session:
        row = (
            await session.execute(
                select(PaymentRequest, Account.debtor_id)
                .join(Account, Account.id == PaymentRequest.account_id)
                .where(PaymentRequest.id == request.match_info["request_id"])
            )
        ).one_or_none()
    if row is None or row[1] != who.subject:
        error(404, "no such payment request")
    bill: PaymentRequest = row[0]
    body = json.dumps(
        {
            "event_id": f"demo-{uuid.uuid4().hex}",
            "payment_request_id": bill.id,
            "amount_minor": bill.amount_minor,
            "currency": bill.currency,
            "status": "settled",
            "method": "demo-wallet",
        }
    ).encode()
    headers = {
        webhook.SIGNATURE_HEADER: webhook.sign(settings.webhook_secret, body),
        "Content-Type": "application/json",
    }
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{settings.gateway_url}/v1/ledger/webhooks/payments", data=body, headers=headers
        ) as response,
    ):
        result = await response.json(content_type=None)
        return web.json_response(result, status=response.status)
