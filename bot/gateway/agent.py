"""The agent console's HTTP API and websocket (`/v1/agent/...`, page at `/agent`), and the
action server's `POST /v1/handoffs`.

Agents authenticate with the console's session cookie (HttpOnly, SameSite=Strict; every
state-changing request must also carry the session's `X-CSRF-Token`) or with an agent
bearer token (`python -m bot token --agent NAME`), which browsers never attach on their
own and so needs no CSRF token.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

import aiohttp
from aiohttp import WSMsgType, web
from sqlalchemy import select

from bot import auth
from bot.config import Settings
from bot.db import transaction
from bot.gateway.http import error, json_body, principal
from bot.gateway.models import Conversation
from bot.gateway.pages import STATIC
from bot.gateway.throttle import LoginThrottle
from bot.handoff import agents, console, routing, service
from bot.handoff.agents import Identity
from bot.handoff.models import Agent, Handoff
from bot.handoff.policy import is_reason
from bot.ledger.models import Account

routes = web.RouteTableDef()
COOKIE = "settle_agent"
CSRF_HEADER = "X-CSRF-Token"
MAX_TEXT = 2000
MAX_OUTCOME = 500
AUTH_FRAME_TIMEOUT_S = 10

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _settings(request: web.Request) -> Settings:
    settings: Settings = request.app["settings"]
    return settings


def _same_origin(request: web.Request) -> bool:
    """Browsers send Origin on websockets and cross-site writes; it must be this host."""
    origin = request.headers.get("Origin")
    return origin is None or origin.split("://", 1)[-1] == request.host


async def identify(request: web.Request, *, write: bool) -> Identity:
    header = request.headers.get("Authorization")
    if header:
        try:
            who = auth.verify(_settings(request).secret, auth.bearer(header), "agent")
        except auth.AuthError as exc:
            error(401, str(exc))
        async with request.app["sessions"]() as session:
            identity = await agents.token_identity(session, who.subject)
        if identity is None:
            error(403, f"agent {who.subject} is deactivated")
        return identity
    token = request.cookies.get(COOKIE)
    if not token:
        error(401, "log in, or send an agent bearer token")
    async with request.app["sessions"]() as session:
        identity = await agents.session_identity(session, token, _now())
    if identity is None:
        error(401, "your session has ended: log in again")
    if write:
        sent = request.headers.get(CSRF_HEADER, "")
        if not (identity.csrf_token and hmac.compare_digest(sent, identity.csrf_token)):
            error(403, f"missing or wrong {CSRF_HEADER} header")
        if not _same_origin(request):
            error(403, "cross-origin request refused")
    return identity


def handoff_errors(handler: Handler) -> Handler:
    """Queue refusals become their status with a JSON `{"error": ...}` body."""

    async def wrapper(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except service.HandoffError as exc:
            error(exc.status, str(exc))

    wrapper.__name__ = handler.__name__
    wrapper.__doc__ = handler.__doc__
    return wrapper


def _text(body: dict[str, Any], name: str, limit: int) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        error(422, f"{name} must be a non-empty string")
    if len(value) > limit:
        error(422, f"{name} must be at most {limit} characters")
    return value.strip()


def _view(request: web.Request, handoff: Handoff) -> dict[str, Any]:
    return service.view(handoff, _now(), routing.handoffs(request.app).settings)


# -- pages and login -----------------------------------------------------------------------


@routes.get("/agent")
async def console_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "agent.html")


@routes.post("/v1/agent/login")
async def login(request: web.Request) -> web.Response:
    body = await json_body(request)
    name, password = body.get("name"), body.get("password")
    if not isinstance(name, str) or not isinstance(password, str):
        error(422, "name and password must be strings")
    throttle: LoginThrottle = request.app["login_throttle"]
    address, now = request.remote or "?", _now()
    until = throttle.locked_until(name, address, now)
    if until is not None:
        raise web.HTTPTooManyRequests(
            text=json.dumps(
                {"error": "too many failed logins; try again later", "until": until.isoformat()}
            ),
            content_type="application/json",
            headers={"Retry-After": str(max(1, int((until - now).total_seconds())))},
        )
    async with transaction(request.app["sessions"]) as session:
        agent = await agents.authenticate(session, name, password)
        if agent is None:
            throttle.failed(name, address, now)
            error(401, "wrong name or password")
        throttle.succeeded(name, address)
        token, login_row = await agents.start_session(session, agent, now)
        identity = {"name": agent.name, "role": agent.role}
        csrf = login_row.csrf_token
    response = web.json_response({"agent": identity, "csrf_token": csrf})
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        secure=request.secure,
        path="/",
        max_age=int(agents.SESSION_TTL.total_seconds()),
    )
    return response


@routes.post("/v1/agent/logout")
async def logout(request: web.Request) -> web.Response:
    await identify(request, write=True)
    token = request.cookies.get(COOKIE)
    if token:
        async with transaction(request.app["sessions"]) as session:
            await agents.end_session(session, token)
    response = web.json_response({"ok": True})
    response.del_cookie(COOKIE, path="/")
    return response


@routes.get("/v1/agent/me")
async def me(request: web.Request) -> web.Response:
    """Who is logged in; the page reads its CSRF token from here after a reload."""
    identity = await identify(request, write=False)
    return web.json_response(
        {
            "agent": {"name": identity.name, "role": identity.role},
            "csrf_token": identity.csrf_token,
            "online": sorted(routing.handoffs(request.app).agents.online()),
        }
    )


@routes.get("/v1/agent/agents")
async def list_agents(request: web.Request) -> web.Response:
    """Supervisors pick whom to reassign to."""
    identity = await identify(request, write=False)
    if not identity.supervisor:
        error(403, "only a supervisor can list agents")
    online = routing.handoffs(request.app).agents.online()
    async with request.app["sessions"]() as session:
        rows = (await session.execute(select(Agent).order_by(Agent.name))).scalars()
        found = [
            {"name": a.name, "role": a.role, "active": a.active, "online": a.name in online}
            for a in rows
        ]
    return web.json_response({"agents": found})


# -- the queue ------------------------------------------------------------------------------


@routes.get("/v1/agent/handoffs")
@handoff_errors
async def list_handoffs(request: web.Request) -> web.Response:
    identity = await identify(request, write=False)
    status = request.query.get("status", "open")
    async with request.app["sessions"]() as session:
        found = await service.list_handoffs(session, status, identity)
    return web.json_response({"handoffs": [_view(request, h) for h in found]})


@routes.get("/v1/agent/handoffs/{handoff_id}")
@handoff_errors
async def get_handoff(request: web.Request) -> web.Response:
    identity = await identify(request, write=False)
    found = await console.detail(
        request.app, request.match_info["handoff_id"], identity, reveal=False
    )
    return web.json_response(found)


@routes.post("/v1/agent/handoffs/{handoff_id}/reveal")
@handoff_errors
async def reveal(request: web.Request) -> web.Response:
    """The same as GET, unmasked; the first reveal per agent and handoff is audited."""
    identity = await identify(request, write=True)
    found = await console.detail(
        request.app, request.match_info["handoff_id"], identity, reveal=True
    )
    return web.json_response(found)


@routes.post("/v1/agent/handoffs/{handoff_id}/claim")
@handoff_errors
async def claim(request: web.Request) -> web.Response:
    identity = await identify(request, write=True)
    async with transaction(request.app["sessions"]) as session:
        handoff = await service.claim(session, request.match_info["handoff_id"], identity, _now())
    await console.after_claim(request.app, handoff)
    return web.json_response({"handoff": _view(request, handoff)})


@routes.post("/v1/agent/handoffs/{handoff_id}/messages")
@handoff_errors
async def reply(request: web.Request) -> web.Response:
    identity = await identify(request, write=True)
    text = _text(await json_body(request), "text", MAX_TEXT)
    async with transaction(request.app["sessions"]) as session:
        handoff, row = await service.agent_reply(
            session, request.match_info["handoff_id"], identity, text, _now()
        )
    await console.after_reply(request.app, handoff, row)
    message = {"id": row.id, "text": row.text, "author": "agent"}
    return web.json_response({"message": message, "handoff": _view(request, handoff)}, status=201)


@routes.post("/v1/agent/handoffs/{handoff_id}/notes")
@handoff_errors
async def add_note(request: web.Request) -> web.Response:
    identity = await identify(request, write=True)
    text = _text(await json_body(request), "text", MAX_TEXT)
    async with transaction(request.app["sessions"]) as session:
        note = await service.add_note(
            session, request.match_info["handoff_id"], identity, text, _now()
        )
    return web.json_response({"note": service.note_view(note)}, status=201)


@routes.post("/v1/agent/handoffs/{handoff_id}/resolve")
@handoff_errors
async def resolve(request: web.Request) -> web.Response:
    identity = await identify(request, write=True)
    body = await json_body(request)
    outcome = _text(body, "outcome", MAX_OUTCOME)
    return_to = body.get("return_to", "bot")
    if return_to not in ("bot", "closed"):
        error(422, 'return_to must be "bot" or "closed"')
    async with transaction(request.app["sessions"]) as session:
        resolution = await service.resolve(
            session, request.match_info["handoff_id"], identity, outcome, return_to, _now()
        )
    synced = await console.after_resolve(request.app, resolution)
    return web.json_response({"handoff": _view(request, resolution.handoff), "rasa_synced": synced})


@routes.post("/v1/agent/handoffs/{handoff_id}/reassign")
@handoff_errors
async def reassign(request: web.Request) -> web.Response:
    identity = await identify(request, write=True)
    to_agent = _text(await json_body(request), "agent", 100)
    async with transaction(request.app["sessions"]) as session:
        handoff = await service.reassign(
            session, request.match_info["handoff_id"], identity, to_agent, _now()
        )
    await routing.broadcast_handoff(request.app, "reassigned", handoff)
    return web.json_response({"handoff": _view(request, handoff)})


# -- actions on the debtor's behalf, through the ledger API -----------------------------------

# action → (path under /v1/ledger/accounts/{account_id}, fields the console may send, writes?)
LEDGER_ACTIONS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "dispute": ("/disputes", ("reason", "details"), True),
    "plan_quote": ("/plans/quote", ("frequency", "affordable_per_period_minor"), False),
    "plan": ("/plans", ("option_id", "frequency", "affordable_per_period_minor"), True),
    "promise": ("/promises", ("date", "amount_minor", "reminder_consent", "replaces"), True),
}


def _local_base(request: web.Request) -> str:
    """This gateway's own listener: the ledger API lives in the same process."""
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    if isinstance(sockname, tuple) and len(sockname) >= 2:
        host = "127.0.0.1" if sockname[0] in ("0.0.0.0", "::") else sockname[0]
        return f"http://{host}:{sockname[1]}"
    return _settings(request).gateway_url


async def _forward(
    request: web.Request, identity: Identity, path: str, body: dict[str, Any]
) -> tuple[int, Any]:
    """POSTs to /v1/ledger/accounts/{path} as the agent; (status, JSON answer or None)."""
    token = auth.issue(_settings(request).secret, "service", f"agent:{identity.name}", 60)
    url = f"{_local_base(request)}/v1/ledger/accounts/{path}"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as http,
            http.post(url, json=body, headers={"Authorization": f"Bearer {token}"}) as resp,
        ):
            raw, status = await resp.text(), resp.status
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        error(502, f"the ledger did not answer: {exc!r}")
    try:
        answer = json.loads(raw)
    except json.JSONDecodeError:
        answer = None
    if status in (404, 405) and not (isinstance(answer, dict) and "error" in answer):
        # aiohttp's own plain-text 404/405: this build's ledger has no such endpoint.
        raise web.HTTPNotImplemented(
            text=json.dumps({"error": f"ledger endpoint POST {url.split('/', 3)[3]} is missing"}),
            content_type="application/json",
        )
    return status, answer


@routes.post("/v1/agent/handoffs/{handoff_id}/ledger/{action}")
@handoff_errors
async def ledger_action(request: web.Request) -> web.Response:
    """Opens a dispute, quotes or accepts a plan, or records a promise for the debtor.

    Goes through the ledger's HTTP API (validation, idempotency, audit all live there),
    authenticated as `agent:<name>` so the ledger's audit log names the agent.
    """
    action = request.match_info["action"]
    if action not in LEDGER_ACTIONS:
        error(404, f"no ledger action {action}; one of {', '.join(LEDGER_ACTIONS)}")
    path, fields, writes = LEDGER_ACTIONS[action]
    identity = await identify(request, write=True)
    body = await json_body(request)
    account_id = body.get("account_id")
    if not isinstance(account_id, str):
        error(422, "account_id must be a string")
    async with request.app["sessions"]() as session:
        handoff = await service.get(session, request.match_info["handoff_id"])
        account = await session.get(Account, account_id)
        conversation = await session.get(Conversation, handoff.conversation_id)
    if not service.may_see(identity, handoff):
        raise service.Forbidden(f"handoff {handoff.id} is not yours")
    if writes and not (
        handoff.status == "claimed" and (handoff.claimed_by == identity.name or identity.supervisor)
    ):
        raise service.Forbidden("claim the handoff before acting on the debtor's account")
    if account is None or account.debtor_id != handoff.debtor_id:
        error(404, f"no account {account_id} for this debtor")
    forwarded = {k: body[k] for k in fields if k in body}
    if writes:
        forwarded["idempotency_key"] = str(body.get("idempotency_key") or uuid.uuid4().hex)
    if action in ("dispute", "promise"):
        forwarded["channel"] = conversation.channel if conversation is not None else "wallet"
    if action == "promise":
        forwarded["currency"] = account.currency
    status, answer = await _forward(request, identity, f"{account.id}{path}", forwarded)
    if writes and status < 300:
        async with transaction(request.app["sessions"]) as session:
            change = f"{action} on {account.id}: {json.dumps(forwarded)}"
            await service.add_note(session, handoff.id, identity, change, _now(), kind="audit")
    return web.json_response({"status": status, "ledger": answer}, status=status)


# -- live updates ---------------------------------------------------------------------------


async def _ws_identity(request: web.Request, ws: web.WebSocketResponse) -> Identity | None:
    """Cookie session (same origin only), or a first frame `{"type": "auth", "token": …}`."""
    token = request.cookies.get(COOKIE)
    if token and _same_origin(request):
        async with request.app["sessions"]() as session:
            identity = await agents.session_identity(session, token, _now())
        if identity is not None:
            return identity
    try:
        frame = await ws.receive(timeout=AUTH_FRAME_TIMEOUT_S)
        data = json.loads(frame.data) if frame.type == WSMsgType.TEXT else {}
        if not isinstance(data, dict) or data.get("type") != "auth":
            raise auth.AuthError('the first frame must be {"type": "auth", "token": ...}')
        who = auth.verify(_settings(request).secret, str(data.get("token", "")), "agent")
        async with request.app["sessions"]() as session:
            found = await agents.token_identity(session, who.subject)
        if found is None:
            raise auth.AuthError("this agent is deactivated")
        return found
    except (auth.AuthError, json.JSONDecodeError, asyncio.TimeoutError) as exc:
        await ws.send_json({"type": "error", "status": 401, "error": str(exc) or "timeout"})
        await ws.close(code=4401)
        return None


@routes.get("/v1/agent/ws")
async def agent_socket(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=30)
    await ws.prepare(request)
    identity = await _ws_identity(request, ws)
    if identity is None:
        return ws
    hub = routing.handoffs(request.app).agents
    hub.join(identity.name, ws)
    await ws.send_json({"type": "ready", "agent": identity.name, "role": identity.role})
    try:
        async for frame in ws:
            if frame.type == WSMsgType.TEXT and frame.data == '{"type":"ping"}':
                await ws.send_json({"type": "pong"})
    finally:
        hub.leave(ws)
    return ws


# -- the action server's door ----------------------------------------------------------------


@routes.post("/v1/handoffs")
@handoff_errors
async def create_handoff(request: web.Request) -> web.Response:
    """`{conversation_id, reason}` (service token) → the handoff and what to tell the debtor.

    `messages` are `{response, args}` pairs for the action to utter through the NLG.
    201 when a handoff was opened, 200 when the conversation already had one.
    """
    principal(request, "service")
    body = await json_body(request)
    conversation_id = body.get("conversation_id")
    reason = body.get("reason")
    if not isinstance(conversation_id, str) or not conversation_id:
        error(422, "conversation_id must be a non-empty string")
    if not is_reason(reason):
        error(
            422,
            "reason must be one of crisis, distress, vulnerability, complaint, "
            "request, fallback, error",
        )
    opened, handoff, utterances = await routing.queue_without_pause(
        request.app, conversation_id, reason
    )
    return web.json_response(
        {
            "created": opened is not None and opened.created,
            "handoff": None if handoff is None else _view(request, handoff),
            "messages": [u.as_json() for u in utterances],
        },
        status=201 if opened is not None and opened.created else 200,
    )


__all__ = ["COOKIE", "CSRF_HEADER", "routes"]
