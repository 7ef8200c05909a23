"""The agent console's login, sessions, CSRF, masking and actions on the debtor's behalf,
through the real gateway app and database (no Rasa needed)."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update

from bot import auth
from bot.config import ROOT, Settings
from bot.db import transaction
from bot.gateway.app import create_app
from bot.handoff.agents import create_agent
from bot.handoff.models import AgentSession, HandoffNote
from tests.ports import free_port

SECRET = "handoff-console-secret-0123456789abcdef0"
STATIC = ROOT / "bot" / "gateway" / "static"


def bearer(kind: str, subject: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth.issue(SECRET, kind, subject)}"}  # type: ignore[arg-type]


@pytest.fixture
async def client(ledger_db: Any, aiohttp_client: Any) -> Any:
    settings = Settings(
        database_url=ledger_db.url, secret=SECRET, rasa_port=free_port(), sweep_seconds=0
    )
    app = create_app(settings)
    test_client = await aiohttp_client(app)
    async with transaction(app["sessions"]) as session:
        await create_agent(session, "demo", "demo-password", "agent")
        await create_agent(session, "boss", "boss-password", "supervisor")
    return test_client


async def login(client: Any, name: str = "demo", password: str = "demo-password") -> str:
    async with client.post("/v1/agent/login", json={"name": name, "password": password}) as r:
        assert r.status == 200, await r.text()
        return str((await r.json())["csrf_token"])


async def queue_one(client: Any, debtor: str = "d-1001", text_: str = "I want a human") -> str:
    async with client.post(
        "/v1/chat/messages", json={"text": text_}, headers=bearer("wallet", debtor)
    ) as r:
        assert (await r.json())["state"] == "queued"
    async with client.get("/v1/agent/handoffs", headers=bearer("agent", "demo")) as r:
        return str((await r.json())["handoffs"][0]["id"])


# -- login and sessions ----------------------------------------------------------------------


async def test_login_sets_a_locked_down_session_cookie(client: Any) -> None:
    async with client.post(
        "/v1/agent/login", json={"name": "demo", "password": "demo-password"}
    ) as response:
        assert response.status == 200
        body = await response.json()
        cookie = response.headers["Set-Cookie"]
    assert body["agent"] == {"name": "demo", "role": "agent"} and len(body["csrf_token"]) > 30
    assert "settle_agent=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/" in cookie
    async with client.get("/v1/agent/me") as response:
        assert response.status == 200
        assert (await response.json())["csrf_token"] == body["csrf_token"]
    async with client.app["sessions"]() as session:
        stored = (await session.execute(select(AgentSession.token_hash))).scalars().all()
    token = re.search(r"settle_agent=([^;]+)", cookie).group(1)  # type: ignore[union-attr]
    assert stored and token not in stored  # only its hash is kept


async def test_repeated_wrong_passwords_lock_that_login_for_a_while(client: Any) -> None:
    for _ in range(5):
        async with client.post("/v1/agent/login", json={"name": "demo", "password": "guess"}) as r:
            assert r.status == 401
    async with client.post(
        "/v1/agent/login", json={"name": "Demo", "password": "demo-password"}
    ) as r:
        assert r.status == 429
        assert 0 < int(r.headers["Retry-After"]) <= 15 * 60
    # Another agent is not locked out by someone guessing at "demo".
    await login(client, "boss", "boss-password")


async def test_a_success_clears_earlier_wrong_passwords(client: Any) -> None:
    for _ in range(4):
        async with client.post("/v1/agent/login", json={"name": "demo", "password": "x"}) as r:
            assert r.status == 401
    await login(client)
    for _ in range(4):
        async with client.post("/v1/agent/login", json={"name": "demo", "password": "x"}) as r:
            assert r.status == 401
    await login(client)


@pytest.mark.parametrize(
    ("name", "password"), [("demo", "wrong-password"), ("nobody", "demo-password"), ("demo", "")]
)
async def test_a_wrong_login_says_nothing_about_which_part(
    client: Any, name: str, password: str
) -> None:
    async with client.post("/v1/agent/login", json={"name": name, "password": password}) as r:
        assert r.status == 401
        assert (await r.json())["error"] == "wrong name or password"
        assert "Set-Cookie" not in r.headers


async def test_cookie_writes_need_the_csrf_token_bearer_writes_do_not(client: Any) -> None:
    handoff_id = await queue_one(client)
    claim = f"/v1/agent/handoffs/{handoff_id}/claim"
    csrf = await login(client)
    async with client.post(claim) as r:
        assert r.status == 403 and "X-CSRF-Token" in (await r.json())["error"]
    async with client.post(claim, headers={"X-CSRF-Token": "forged"}) as r:
        assert r.status == 403
    async with client.post(
        claim, headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"}
    ) as r:
        assert r.status == 403
    async with client.get(f"/v1/agent/handoffs/{handoff_id}") as r:
        assert r.status == 200  # reads need no token
    async with client.post(claim, headers={"X-CSRF-Token": csrf}) as r:
        assert r.status == 200
    client.session.cookie_jar.clear()
    message = f"/v1/agent/handoffs/{handoff_id}/messages"
    async with client.post(message, json={"text": "hi"}, headers=bearer("agent", "demo")) as r:
        assert r.status == 201


async def test_logout_ends_the_session(client: Any) -> None:
    csrf = await login(client)
    async with client.post("/v1/agent/logout", headers={"X-CSRF-Token": csrf}) as r:
        assert r.status == 200
    async with client.app["sessions"]() as session:
        assert (await session.execute(select(AgentSession))).first() is None
    async with client.get("/v1/agent/me") as r:
        assert r.status == 401


async def test_an_expired_session_is_refused(client: Any) -> None:
    await login(client)
    async with transaction(client.app["sessions"]) as session:
        past = datetime.now(timezone.utc) - timedelta(minutes=1)
        await session.execute(update(AgentSession).values(expires_at=past))
    async with client.get("/v1/agent/handoffs") as r:
        assert r.status == 401


# -- privacy ---------------------------------------------------------------------------------


async def test_transcripts_are_masked_until_shown_and_showing_is_audited(client: Any) -> None:
    handoff_id = await queue_one(client, text_="agent please, call 07700 900123 or mail me@x.com")
    path = f"/v1/agent/handoffs/{handoff_id}"
    async with client.get(path, headers=bearer("agent", "demo")) as r:
        masked = await r.json()
    first = masked["transcript"][0]
    assert (first["author"], first["text"]) == ("debtor", "agent please, call ••• or mail •••")
    assert masked["masked"] is True and masked["summary"]["asked"] == [first["text"]]
    assert "07700" not in str(masked["summary"])
    for _ in range(2):
        async with client.post(f"{path}/reveal", headers=bearer("agent", "demo")) as r:
            shown = await r.json()
    assert shown["transcript"][0]["text"] == "agent please, call 07700 900123 or mail me@x.com"
    async with client.app["sessions"]() as session:
        audits = (
            (await session.execute(select(HandoffNote).where(HandoffNote.kind == "audit")))
            .scalars()
            .all()
        )
    assert [(a.author, a.text) for a in audits] == [("demo", "showed unmasked text")]


async def test_the_console_gets_the_ledger_canned_replies_and_notes(client: Any) -> None:
    handoff_id = await queue_one(client, "d-1002", "我要人工客服")
    path = f"/v1/agent/handoffs/{handoff_id}"
    async with client.post(
        f"{path}/notes", json={"text": "asked twice already"}, headers=bearer("agent", "demo")
    ) as r:
        assert r.status == 201
    async with client.get(path, headers=bearer("agent", "demo")) as r:
        detail = await r.json()
    [account] = detail["ledger"]["accounts"]
    assert (account["id"], account["currency"]) == ("a-1002", "CNY")
    assert account["balance_minor"] == 880000
    assert "itemization" in account and detail["ledger"]["debtor"]["flags"]["crisis_until"] is None
    assert detail["canned"][0]["text"].startswith("您好")
    assert [n["text"] for n in detail["notes"] if n["kind"] == "note"] == ["asked twice already"]
    assert detail["can_work"] is False  # not claimed yet


# -- acting for the debtor ------------------------------------------------------------------------


async def test_an_agent_opens_a_dispute_for_the_debtor(client: Any) -> None:
    handoff_id = await queue_one(client)
    path = f"/v1/agent/handoffs/{handoff_id}"
    agent = bearer("agent", "demo")
    body = {"account_id": "a-1001", "reason": "wrong_amount", "details": "fee charged twice"}
    async with client.post(f"{path}/ledger/dispute", json=body, headers=agent) as r:
        assert r.status == 403  # claim first
    await client.post(f"{path}/claim", headers=bearer("agent", "demo"))
    async with client.post(
        f"{path}/ledger/dispute",
        json={**body, "account_id": "a-1002"},
        headers=bearer("agent", "demo"),
    ) as r:
        assert r.status == 404  # another debtor's account
    async with client.post(f"{path}/ledger/dispute", json=body, headers=agent) as r:
        assert r.status == 201, await r.text()
        answer = await r.json()
    assert answer["ledger"]["reason"] == "wrong_amount"
    async with client.app["sessions"]() as session:
        status = (
            await session.execute(text("SELECT status FROM accounts WHERE id = 'a-1001'"))
        ).scalar()
        actor = (
            await session.execute(text("SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1"))
        ).scalar()
    assert status == "disputed_hold" and actor == "service:agent:demo"
    async with client.get(path, headers=bearer("agent", "demo")) as r:
        detail = await r.json()
    assert detail["ledger"]["accounts"][0]["disputes"][0]["reason"] == "wrong_amount"
    assert any(n["text"].startswith("dispute on a-1001") for n in detail["notes"])


async def test_an_agent_records_a_promise_and_agrees_a_plan(client: Any) -> None:
    handoff_id = await queue_one(client, "d-1003", "I need to speak to a person")
    path = f"/v1/agent/handoffs/{handoff_id}"
    headers = bearer("agent", "demo")
    await client.post(f"{path}/claim", headers=headers)
    due = (datetime.now(timezone.utc) + timedelta(days=7)).date().isoformat()
    promise = {"account_id": "a-1003", "date": due, "amount_minor": 5000, "reminder_consent": True}
    async with client.post(f"{path}/ledger/promise", json=promise, headers=headers) as r:
        assert r.status == 201, await r.text()
        first = (await r.json())["ledger"]
    # The debtor can't make that date after all: the agent changes the promise.
    later = {**promise, "amount_minor": 2500, "replaces": first["id"]}
    async with client.post(f"{path}/ledger/promise", json=later, headers=headers) as r:
        assert r.status == 201, await r.text()
    async with client.get(path, headers=headers) as r:
        [account] = (await r.json())["ledger"]["accounts"]
    assert [(p["amount_minor"], p["status"]) for p in account["promises"]] == [(2500, "pending")]
    async with client.post(
        f"{path}/ledger/plan_quote", json={"account_id": "a-1003"}, headers=headers
    ) as r:
        assert r.status == 200, await r.text()
        options = (await r.json())["ledger"]["options"]
    choice = {
        "account_id": "a-1003",
        "option_id": options[0]["option_id"],
        "idempotency_key": "console-plan-key-1",
    }
    async with client.post(f"{path}/ledger/plan", json=choice, headers=headers) as r:
        assert r.status == 201, await r.text()
    async with client.post(f"{path}/ledger/plan", json=choice, headers=headers) as r:
        assert r.status == 200  # the same key again: replayed, not a second plan
    async with client.post(f"{path}/ledger/refund", json=choice, headers=headers) as r:
        assert r.status == 404


# -- the console page and its socket ------------------------------------------------------------


async def test_the_console_page_is_served_with_a_strict_policy(client: Any) -> None:
    async with client.get("/agent") as r:
        assert r.status == 200
        page = await r.text()
        policy = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '<script src="/static/agent.js">' in page and "<script>" not in page
    assert "http" not in re.sub(r'(href|src)="/static/[^"]+"', "", page)  # no CDN


def test_the_console_never_writes_html_from_data() -> None:
    script = (STATIC / "agent.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
    assert "textContent" in script


async def test_the_console_socket_takes_a_same_origin_session_only(client: Any) -> None:
    await login(client)
    ws = await client.ws_connect("/v1/agent/ws")
    assert (await ws.receive_json(timeout=5))["type"] == "ready"
    await ws.close()
    # A page on another site cannot ride the cookie: it must bring a token, and cannot.
    ws = await client.ws_connect("/v1/agent/ws", headers={"Origin": "https://evil.example"})
    await ws.send_json({"type": "auth", "token": auth.issue(SECRET, "wallet", "d-1001")})
    frame = await ws.receive_json(timeout=5)
    assert (frame["type"], frame["status"]) == ("error", 401)
    await ws.close()


async def test_live_events_reach_the_console(client: Any) -> None:
    await login(client)
    ws = await client.ws_connect("/v1/agent/ws")
    try:
        assert (await ws.receive_json(timeout=5))["type"] == "ready"
        handoff_id = await queue_one(client, text_="I want to end my life")
        kinds = []
        while len(kinds) < 2:
            frame = await ws.receive_json(timeout=5)
            kinds.append((frame["type"], frame.get("event")))
            if frame["type"] == "handoff":
                assert frame["handoff"]["id"] == handoff_id
                assert frame["handoff"]["reason"] == "crisis"
    finally:
        await ws.close()
    assert ("handoff", "created") in kinds and ("message", None) in kinds


# -- accounts from the command line and the demo seed ---------------------------------------------


def test_agent_add_from_the_command_line(tmp_path: Path) -> None:
    env = {"SETTLE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", "PATH": ""}

    def add(*args: str, password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "agent", "add", *args, "--password-stdin"],
            input=f"{password}\n",
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    first = add("carol", "--supervisor", password="carol-password")
    assert first.returncode == 0, first.stderr
    assert "carol added (supervisor)" in first.stdout
    again = add("carol", "--supervisor", password="carol-password")
    assert again.returncode == 1 and "already exists" in again.stderr
    short = add("dave", password="short")
    assert short.returncode == 1 and "at least 8" in short.stderr


def test_prepare_seeds_the_demo_agent(tmp_path: Path) -> None:
    from bot.handoff.agents import check_password
    from bot.supervisor import prepare

    path = tmp_path / "seeded.db"
    settings = Settings(database_url=f"sqlite+aiosqlite:///{path}", secret=SECRET, sweep_seconds=0)
    prepare(settings)
    prepare(settings)  # idempotent
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT name, role, password_hash FROM agents").fetchall()
    [(name, role, stored)] = rows
    assert (name, role) == ("demo", "agent")
    assert check_password("demo-password", stored)
