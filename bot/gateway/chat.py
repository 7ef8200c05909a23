"""The wallet app's chat: REST (`POST /v1/chat/messages`) and websocket (`/v1/chat/ws`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import WSMsgType, web

from bot import auth
from bot.config import Settings
from bot.db import transaction
from bot.gateway import conversations
from bot.gateway.http import error, json_body, principal
from bot.gateway.rasa import RasaClient, RasaError
from bot.handoff import console as handoff_console
from bot.handoff import routing as handoff_routing
from bot.i18n.locales import follow_language
from bot.ledger.models import Debtor

routes = web.RouteTableDef()
MAX_TEXT = 2000
AUTH_FRAME_TIMEOUT_S = 10


class ChatInputError(ValueError):
    """A message the gateway refuses; nothing is stored."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _validate(body: dict[str, Any]) -> tuple[str, str | None]:
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ChatInputError(422, "text must be a non-empty string")
    if len(text) > MAX_TEXT:
        raise ChatInputError(422, f"text must be at most {MAX_TEXT} characters")
    conversation_id = body.get("conversation_id")
    if conversation_id is not None and not isinstance(conversation_id, str):
        raise ChatInputError(422, "conversation_id must be a string")
    return text.strip(), conversation_id


async def handle_message(
    app: web.Application,
    debtor_id: str,
    body: dict[str, Any],
    channel: str = "wallet",
    verified: bool = True,
) -> dict[str, Any]:
    """Stores the debtor's message, routes it by conversation state, stores the replies."""
    text, conversation_id = _validate(body)
    async with transaction(app["sessions"]) as session:
        debtor = await session.get(Debtor, debtor_id)
        if debtor is None:
            raise ChatInputError(403, "this token's debtor is not known to the ledger")
        try:
            conversation = await conversations.open_conversation(
                session, debtor_id, conversation_id, channel=channel, locale=debtor.locale
            )
        except conversations.ConversationNotFound as exc:
            raise ChatInputError(404, f"no conversation {conversation_id}") from exc
        if conversation.state == "closed":
            # An agent closed that one: the debtor's next words start a new conversation.
            conversation = await conversations.open_conversation(
                session, debtor_id, None, channel=channel, locale=debtor.locale
            )
        conversation.locale = follow_language(conversation.locale, debtor.locale, text)
        state, locale, timezone = conversation.state, conversation.locale, debtor.timezone

    # Every message is screened and stored first; a signal queues it for a person, and
    # queued/agent conversations never reach Rasa's dialogue (bot/handoff/routing.py).
    routed = await handoff_routing.inbound(
        app,
        handoff_routing.Who(debtor_id, conversation.id, state, locale, timezone, channel, verified),
        text,
    )
    messages, state = routed.messages, routed.state
    if routed.forward:
        metadata = {
            "debtor_id": debtor_id,
            "verified": verified,  # a wallet token proves who the debtor is; a chat link not
            "locale": locale,
            "timezone": timezone,
            "channel": channel,
        }
        rasa: RasaClient = app["rasa"]
        try:
            replies = await rasa.send(conversation.id, routed.forward_text, metadata)
        except RasaError:
            who = handoff_routing.Who(
                debtor_id, conversation.id, state, locale, timezone, channel, verified
            )
            messages, state = await handoff_routing.dialogue_failed(app, who)
        else:
            messages = await handoff_routing.record_replies(app, conversation.id, replies)
            state = await handoff_routing.current_state(app, conversation.id)
    return {
        "conversation_id": conversation.id,
        "state": state,
        "message_id": routed.message_id,
        "messages": messages,
    }


@routes.post("/v1/chat/messages")
async def post_message(request: web.Request) -> web.Response:
    who = principal(request, "wallet")
    body = await json_body(request)
    try:
        result = await handle_message(request.app, who.subject, body, verified=who.verified)
    except ChatInputError as exc:
        error(exc.status, str(exc))
    return web.json_response(result)


async def _ws_principal(request: web.Request, ws: web.WebSocketResponse) -> auth.Principal | None:
    """Header auth, or a first `{"type": "auth", "token": ...}` frame (browsers can't set
    headers on a websocket)."""
    settings: Settings = request.app["settings"]
    header = request.headers.get("Authorization")
    try:
        if header:
            return auth.verify(settings.secret, auth.bearer(header), "wallet")
        frame = await ws.receive(timeout=AUTH_FRAME_TIMEOUT_S)
        data = json.loads(frame.data) if frame.type == WSMsgType.TEXT else {}
        if not isinstance(data, dict) or data.get("type") != "auth":
            raise auth.AuthError('the first frame must be {"type": "auth", "token": ...}')
        return auth.verify(settings.secret, str(data.get("token", "")), "wallet")
    except (auth.AuthError, json.JSONDecodeError, asyncio.TimeoutError) as exc:
        await ws.send_json({"type": "error", "status": 401, "error": str(exc) or "timeout"})
        await ws.close(code=4401)
        return None


@routes.get("/v1/chat/ws")
async def chat_socket(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=30)
    await ws.prepare(request)
    who = await _ws_principal(request, ws)
    if who is None:
        return ws
    hub = request.app["hub"]
    hub.join(who.subject, ws)
    await ws.send_json({"type": "ready", "debtor_id": who.subject})
    try:
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            await _on_frame(request.app, who, ws, frame.data)
    finally:
        hub.leave(who.subject, ws)
    return ws


async def _on_frame(
    app: web.Application, who: auth.Principal, ws: web.WebSocketResponse, raw: str
) -> None:
    try:
        data = json.loads(raw)
        if isinstance(data, dict) and data.get("type") == "resume":
            # A reconnecting client: everything after the last message id it has.
            frame = await handoff_console.resume_frame(app, who.subject, data)
            if frame is None:
                raise ChatInputError(404, "no such conversation to resume")
            await ws.send_json(frame)
            return
        if not isinstance(data, dict) or data.get("type") != "message":
            raise ChatInputError(400, 'frames must be {"type": "message", "text": ...}')
        result = await handle_message(app, who.subject, data, verified=who.verified)
    except json.JSONDecodeError:
        await ws.send_json({"type": "error", "status": 400, "error": "frames must be JSON"})
    except ChatInputError as exc:
        await ws.send_json({"type": "error", "status": exc.status, "error": str(exc)})
    else:
        await ws.send_json({"type": "reply", **result})
