"""The handoff queue through the real gateway app and database (no Rasa: it is unreachable
here on purpose, and the handoff path must not need it).

Debtor messages go through `POST /v1/chat/messages` and the websocket; agents use the
agent API with bearer tokens; concurrency uses real simultaneous HTTP requests.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select, text

from bot import auth
from bot.config import Settings
from bot.db import transaction
from bot.gateway.app import create_app
from bot.handoff import transcript
from bot.handoff.agents import create_agent
from bot.handoff.models import Handoff, HandoffNote
from bot.handoff.policy import HandoffSettings, OpeningHours
from bot.handoff.routing import Handoffs
from bot.ledger.models import Debtor
from tests.ports import free_port

SECRET = "handoff-integration-secret-0123456789abcdef"
CONTRACT_FIELDS = {
    "id",
    "conversation_id",
    "debtor_id",
    "reason",
    "priority",
    "status",
    "created_at",
}
REASONS = {"crisis", "distress", "vulnerability", "complaint", "request", "fallback", "error"}


class Gateway:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.app = client.server.app

    def bearer(self, kind: str, subject: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {auth.issue(SECRET, kind, subject)}"}  # type: ignore[arg-type]

    async def chat(self, debtor: str, text: str, conversation_id: str | None = None) -> Any:
        body = {"text": text, **({"conversation_id": conversation_id} if conversation_id else {})}
        async with self.client.post(
            "/v1/chat/messages", json=body, headers=self.bearer("wallet", debtor)
        ) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def agent(
        self, method: str, path: str, name: str = "demo", body: Any = None
    ) -> tuple[int, Any]:
        async with self.client.request(
            method, path, json=body, headers=self.bearer("agent", name)
        ) as response:
            return response.status, await response.json(content_type=None)

    async def queue(self, status: str = "open", name: str = "demo") -> list[dict[str, Any]]:
        code, body = await self.agent("GET", f"/v1/agent/handoffs?status={status}", name)
        assert code == 200, body
        return list(body["handoffs"])

    async def handoff_of(self, conversation_id: str) -> Handoff:
        async with self.app["sessions"]() as session:
            stmt = select(Handoff).where(Handoff.conversation_id == conversation_id)
            stmt = stmt.order_by(Handoff.created_at.desc())
            return (await session.execute(stmt)).scalars().first()

    async def scalar(self, sql: str, **params: Any) -> Any:
        async with self.app["sessions"]() as session:
            return (await session.execute(text(sql), params)).scalar()

    async def debtor_socket(self, debtor: str) -> Any:
        ws = await self.client.ws_connect("/v1/chat/ws")
        await ws.send_json({"type": "auth", "token": auth.issue(SECRET, "wallet", debtor)})
        assert (await ws.receive_json(timeout=5))["type"] == "ready"
        return ws

    async def agent_socket(self, name: str = "demo") -> Any:
        ws = await self.client.ws_connect("/v1/agent/ws")
        await ws.send_json({"type": "auth", "token": auth.issue(SECRET, "agent", name)})
        assert (await ws.receive_json(timeout=5))["type"] == "ready"
        return ws


async def next_of(ws: Any, kind: str, timeout: float = 5) -> dict[str, Any]:
    """The next frame of a type, skipping others (a queue event may come first)."""
    while True:
        frame = await ws.receive_json(timeout=timeout)
        if frame["type"] == kind:
            return dict(frame)


def texts(reply: dict[str, Any]) -> str:
    return "\n".join(m["text"] for m in reply["messages"])


@pytest.fixture
async def gw(ledger_db: Any, aiohttp_client: Any) -> Gateway:
    settings = Settings(
        database_url=ledger_db.url, secret=SECRET, rasa_port=free_port(), sweep_seconds=0
    )
    app = create_app(settings)
    app["handoff"] = Handoffs(settings=HandoffSettings(crisis_hold_days=30))
    client = await aiohttp_client(app)
    async with transaction(app["sessions"]) as session:
        await create_agent(session, "demo", "demo-password", "agent")
        await create_agent(session, "ana", "ana-password", "agent")
        await create_agent(session, "boss", "boss-password", "supervisor")
    return Gateway(client)


# -- screening opens handoffs --------------------------------------------------------------


async def test_a_crisis_is_answered_with_lines_holds_collection_and_tops_the_queue(
    gw: Gateway,
) -> None:
    request = await gw.chat("d-1003", "can I talk to a real person please")
    assert request["state"] == "queued"
    before = datetime.now(timezone.utc)

    reply = await gw.chat("d-1001", "I want to end my life")

    assert reply["state"] == "queued"
    messages = reply["messages"]
    assert messages[0]["text"].startswith("I'm really sorry you're feeling this way")
    assert "call or text 988" in texts(reply) and "911" in texts(reply)
    assert "person from our team" in messages[-1]["text"]
    assert all(isinstance(m["id"], int) and m["id"] > reply["message_id"] for m in messages)
    queue = await gw.queue()
    assert [(h["debtor_id"], h["reason"], h["priority"]) for h in queue] == [
        ("d-1001", "crisis", 1),
        ("d-1003", "request", 4),
    ]
    assert queue[0]["sla"]["seconds_total"] == 120
    async with gw.app["sessions"]() as session:
        hold = (await session.get(Debtor, "d-1001")).crisis_until
    hold = hold if hold.tzinfo else hold.replace(tzinfo=timezone.utc)
    assert before + timedelta(days=29, hours=23) < hold < before + timedelta(days=30, minutes=1)


async def test_chinese_and_british_debtors_get_their_own_lines(gw: Gateway) -> None:
    zh = await gw.chat("d-1002", "我不想活了")
    assert "北京心理危机研究与干预中心" in texts(zh) and "010-82951332" in texts(zh)
    assert "988" not in texts(zh)
    uk = await gw.chat("d-1003", "honestly I just want to kill myself")
    assert "Samaritans: call 116 123" in texts(uk) and "999" in texts(uk)


async def test_an_ordinary_message_stays_with_the_bot(gw: Gateway) -> None:
    reply = await gw.chat("d-1001", "how much do I owe?")
    assert reply["state"] == "bot"
    assert await gw.queue() == []
    # Rasa is down here: the debtor is asked to send it again; the message is stored and
    # screened.
    assert "send it again" in texts(reply)
    payload = await gw.scalar(
        "SELECT payload FROM transcript_messages WHERE id = :id", id=reply["message_id"]
    )
    # SQLite hands JSON columns back as text, PostgreSQL as a dict.
    stored = json.loads(payload) if isinstance(payload, str) else payload
    assert stored["kinds"] == [] and stored["intent"] is None


async def test_a_dialogue_failing_twice_in_a_row_brings_in_a_person(gw: Gateway) -> None:
    first = await gw.chat("d-1001", "how much do I owe?")
    assert first["state"] == "bot" and await gw.queue() == []
    again = await gw.chat("d-1001", "how much do I owe??", first["conversation_id"])
    assert again["state"] == "queued"
    assert "take over" in texts(again)
    [handoff] = await gw.queue()
    assert (handoff["reason"], handoff["conversation_id"]) == ("error", first["conversation_id"])


async def test_a_dialogue_that_answers_in_between_starts_the_count_again(gw: Gateway) -> None:
    first = await gw.chat("d-1001", "how much do I owe?")
    # An agent's or the bot's reply in between: here a canned bot answer stored directly.
    async with transaction(gw.app["sessions"]) as session:
        await transcript.add(session, first["conversation_id"], "bot", {"text": "You owe $1"})
    again = await gw.chat("d-1001", "and now?", first["conversation_id"])
    assert again["state"] == "bot" and await gw.queue() == []


async def test_while_queued_nothing_reaches_the_bot_and_the_console_sees_it_live(
    gw: Gateway,
) -> None:
    first = await gw.chat("d-1001", "I want to speak to a human")
    console = await gw.agent_socket()
    try:
        again = await gw.chat("d-1001", "my number is 555 123 4567", first["conversation_id"])
        event = await next_of(console, "message")
    finally:
        await console.close()
    assert (again["state"], again["messages"]) == ("queued", [])  # no bot answer, no apology
    assert event["conversation_id"] == first["conversation_id"]
    assert event["message"]["author"] == "debtor"
    assert event["message"]["text"] == "my number is •••"  # masked on the wire too


async def test_writing_again_after_minutes_of_silence_hears_it_is_saved_and_the_wait(
    gw: Gateway,
) -> None:
    first = await gw.chat("d-1001", "I want to speak to a human")
    conversation = first["conversation_id"]
    soon = await gw.chat("d-1001", "ok", conversation)
    assert soon["messages"] == []  # just told the wait: no echo for every message
    # Six minutes pass without a word from us (the replies are backdated in place).
    async with transaction(gw.app["sessions"]) as session:
        await session.execute(
            text(
                "UPDATE transcript_messages SET created_at = :t"
                " WHERE conversation_id = :c AND author != 'debtor'"
            ),
            {"t": datetime.now(timezone.utc) - timedelta(minutes=6), "c": conversation},
        )
    console = await gw.agent_socket()
    try:
        later = await gw.chat("d-1001", "hello?? anyone", conversation)
        burst = await gw.chat("d-1001", "still here", conversation)
    finally:
        await console.close()
    assert later["state"] == "queued" and len(later["messages"]) == 1
    assert "Your message is saved" in texts(later) and "about 8 min now" in texts(later)
    assert burst["messages"] == []
    assert len(await gw.queue()) == 1  # one handoff, not one per message


async def test_a_more_urgent_signal_raises_the_handoff_and_crisis_always_wins(
    gw: Gateway,
) -> None:
    first = await gw.chat("d-1001", "let me talk to an agent")
    conversation = first["conversation_id"]
    complaint = await gw.chat(
        "d-1001", "I want to file a complaint, your calls are harassment", conversation
    )
    handoff = await gw.handoff_of(conversation)
    assert (handoff.reason, handoff.priority, complaint["messages"]) == ("complaint", 3, [])

    crisis = await gw.chat("d-1001", "I don't want to be alive anymore", conversation)
    handoff = await gw.handoff_of(conversation)
    assert (handoff.reason, handoff.priority) == ("crisis", 1)
    assert "988" in texts(crisis)  # the crisis reply is never withheld
    repeat = await gw.chat("d-1001", "I want to die", conversation)
    assert repeat["messages"] == []  # once per handoff, not on every message
    await gw.chat("d-1001", "this is a complaint", conversation)
    assert (await gw.handoff_of(conversation)).reason == "crisis"
    async with gw.app["sessions"]() as session:
        notes = (
            (await session.execute(select(HandoffNote.text).where(HandoffNote.kind == "system")))
            .scalars()
            .all()
        )
    assert any("raised from request to complaint" in n for n in notes)
    assert any("raised from complaint to crisis" in n for n in notes)


async def test_a_crisis_on_the_bot_path_is_handled_mid_conversation(gw: Gateway) -> None:
    hello = await gw.chat("d-1001", "hello")
    assert hello["state"] == "bot"
    crisis = await gw.chat("d-1001", "i'm going to kill myself", hello["conversation_id"])
    assert crisis["state"] == "queued" and crisis["conversation_id"] == hello["conversation_id"]


# -- what the debtor is promised -----------------------------------------------------------


async def test_with_an_agent_online_the_debtor_gets_a_wait(gw: Gateway) -> None:
    console = await gw.agent_socket()
    try:
        reply = await gw.chat("d-1001", "real person please")
    finally:
        await console.close()
    assert "The wait should be about 8 min" in texts(reply)
    assert "buttons" not in reply["messages"][-1]


async def test_out_of_hours_is_honest_and_offers_a_callback(gw: Gateway) -> None:
    tomorrow = (datetime.now(timezone.utc).weekday() + 1) % 7
    gw.app["handoff"].settings = HandoffSettings(hours=OpeningHours(days=frozenset({tomorrow})))
    console = await gw.agent_socket()
    try:
        reply = await gw.chat("d-1001", "can I talk to someone")
    finally:
        await console.close()
    last = reply["messages"][-1]
    assert "Nobody is available right now" in last["text"]
    [button] = last["buttons"]
    callback = await gw.chat("d-1001", button["payload"], reply["conversation_id"])
    assert "call back" in texts(callback)
    assert (await gw.handoff_of(reply["conversation_id"])).callback_requested is True
    assert (await gw.queue())[0]["callback_requested"] is True


# -- the agent API ---------------------------------------------------------------------------


async def test_the_contract_listing(gw: Gateway) -> None:
    await gw.chat("d-1003", "put me through to a person")
    await gw.chat("d-1002", "我要投诉你们，你们一直骚扰我")
    await gw.chat("d-1001", "I want to end it all")
    handoffs = await gw.queue("open")
    assert [h["reason"] for h in handoffs] == ["crisis", "complaint", "request"]
    for handoff in handoffs:
        assert handoff.keys() >= CONTRACT_FIELDS
        assert handoff["reason"] in REASONS and handoff["status"] == "open"
        assert isinstance(handoff["priority"], int)
        datetime.fromisoformat(handoff["created_at"])
    priorities = [(h["priority"], h["created_at"]) for h in handoffs]
    assert priorities == sorted(priorities)


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer nope"}, 401), ("wallet", 401), ("service", 401)],
)
async def test_the_queue_needs_an_agent(gw: Gateway, headers: Any, status: int) -> None:
    if isinstance(headers, str):
        headers = gw.bearer(headers, "d-1001")
    async with gw.client.get("/v1/agent/handoffs?status=open", headers=headers) as response:
        assert response.status == status
        assert "error" in await response.json()


async def test_an_unknown_status_is_refused(gw: Gateway) -> None:
    code, body = await gw.agent("GET", "/v1/agent/handoffs?status=everything")
    assert code == 422 and "status" in body["error"]


async def test_only_one_of_simultaneous_claims_wins(gw: Gateway) -> None:
    reply = await gw.chat("d-1001", "I need a human")
    handoff_id = (await gw.queue())[0]["id"]
    names = ["demo", "ana", "boss"] * 4
    answers = await asyncio.gather(
        *(gw.agent("POST", f"/v1/agent/handoffs/{handoff_id}/claim", name) for name in names)
    )
    assert Counter(code for code, _ in answers) == {200: 1, 409: len(names) - 1}
    [(winner, body)] = [(n, b) for n, (c, b) in zip(names, answers, strict=True) if c == 200]
    assert body["handoff"]["claimed_by"] == winner
    assert all("already claimed" in b["error"] for c, b in answers if c == 409)
    state = await gw.scalar(
        "SELECT state FROM conversations WHERE id = :id", id=reply["conversation_id"]
    )
    assert state == "agent"
    assert await gw.queue("open") == []


async def test_an_agent_reply_reaches_the_debtor_live_and_the_transcript(gw: Gateway) -> None:
    reply = await gw.chat("d-1001", "human please")
    handoff_id = (await gw.queue())[0]["id"]
    debtor = await gw.debtor_socket("d-1001")
    try:
        assert (await gw.agent("POST", f"/v1/agent/handoffs/{handoff_id}/claim"))[0] == 200
        joined = await next_of(debtor, "push")
        code, sent = await gw.agent(
            "POST", f"/v1/agent/handoffs/{handoff_id}/messages", body={"text": "Hi, I'm Sam."}
        )
        pushed = await next_of(debtor, "push")
    finally:
        await debtor.close()
    assert joined["messages"][0]["author"] == "system"
    assert "has joined" in joined["messages"][0]["text"]
    assert code == 201 and sent["handoff"]["sla"]["met"] is True
    assert pushed == {
        "type": "push",
        "conversation_id": reply["conversation_id"],
        "messages": [{"id": sent["message"]["id"], "text": "Hi, I'm Sam.", "author": "agent"}],
    }
    author = await gw.scalar(
        "SELECT author FROM transcript_messages WHERE id = :id", id=sent["message"]["id"]
    )
    assert author == "agent"


async def test_only_the_claiming_agent_or_a_supervisor_works_a_handoff(gw: Gateway) -> None:
    await gw.chat("d-1001", "human please")
    handoff_id = (await gw.queue())[0]["id"]
    path = f"/v1/agent/handoffs/{handoff_id}"
    assert (await gw.agent("POST", f"{path}/messages", body={"text": "hi"}))[0] == 409  # open
    assert (await gw.agent("POST", f"{path}/claim", "ana"))[0] == 200
    assert (await gw.agent("POST", f"{path}/messages", "demo", {"text": "hi"}))[0] == 403
    assert (await gw.agent("GET", path, "demo"))[0] == 403  # not in the open queue any more
    assert (await gw.agent("POST", f"{path}/messages", "boss", {"text": "hi"}))[0] == 201
    assert (await gw.agent("POST", f"{path}/messages", "ana", {"text": " "}))[0] == 422
    assert (await gw.agent("POST", f"{path}/messages", "ana", {"text": "x" * 2001}))[0] == 422


async def test_agents_see_the_queue_and_their_own_supervisors_see_all(gw: Gateway) -> None:
    await gw.chat("d-1001", "human please")
    await gw.chat("d-1003", "human please")
    first, second = await gw.queue()
    await gw.agent("POST", f"/v1/agent/handoffs/{first['id']}/claim", "ana")
    await gw.agent("POST", f"/v1/agent/handoffs/{second['id']}/claim", "demo")
    assert [h["id"] for h in await gw.queue("claimed", "demo")] == [second["id"]]
    assert [h["id"] for h in await gw.queue("all", "demo")] == [second["id"]]
    assert {h["id"] for h in await gw.queue("claimed", "boss")} == {first["id"], second["id"]}


async def test_a_supervisor_reassigns_a_claimed_handoff(gw: Gateway) -> None:
    await gw.chat("d-1001", "human please")
    handoff_id = (await gw.queue())[0]["id"]
    path = f"/v1/agent/handoffs/{handoff_id}/reassign"
    assert (await gw.agent("POST", path, "boss", {"agent": "ana"}))[0] == 409  # not claimed
    await gw.agent("POST", f"/v1/agent/handoffs/{handoff_id}/claim", "demo")
    assert (await gw.agent("POST", path, "demo", {"agent": "ana"}))[0] == 403
    assert (await gw.agent("POST", path, "boss", {"agent": "nobody"}))[0] == 422
    code, body = await gw.agent("POST", path, "boss", {"agent": "ana"})
    assert code == 200 and body["handoff"]["claimed_by"] == "ana"
    assert (
        await gw.agent(
            "POST", f"/v1/agent/handoffs/{handoff_id}/messages", "ana", {"text": "hello"}
        )
    )[0] == 201


async def test_resolving_returns_the_conversation_to_the_bot(gw: Gateway) -> None:
    reply = await gw.chat("d-1001", "human please")
    conversation = reply["conversation_id"]
    handoff_id = (await gw.queue())[0]["id"]
    path = f"/v1/agent/handoffs/{handoff_id}"
    await gw.agent("POST", f"{path}/claim")
    bad = await gw.agent("POST", f"{path}/resolve", body={"outcome": "x", "return_to": "moon"})
    assert bad[0] == 422
    code, body = await gw.agent("POST", f"{path}/resolve", body={"outcome": "explained fees"})
    assert code == 200
    assert (body["handoff"]["status"], body["handoff"]["outcome"]) == ("resolved", "explained fees")
    assert body["rasa_synced"] is False  # Rasa is down in this test; the routing still moves
    state = await gw.scalar("SELECT state FROM conversations WHERE id = :id", id=conversation)
    assert state == "bot"
    after = await gw.chat("d-1001", "how much do I owe", conversation)
    assert (after["state"], after["conversation_id"]) == ("bot", conversation)
    assert (await gw.agent("POST", f"{path}/resolve", body={"outcome": "again"}))[0] == 409


async def test_a_closed_conversation_is_not_reopened(gw: Gateway) -> None:
    reply = await gw.chat("d-1001", "human please")
    handoff_id = (await gw.queue())[0]["id"]
    await gw.agent("POST", f"/v1/agent/handoffs/{handoff_id}/claim")
    code, body = await gw.agent(
        "POST",
        f"/v1/agent/handoffs/{handoff_id}/resolve",
        body={"outcome": "duplicate", "return_to": "closed"},
    )
    assert code == 200 and body["handoff"]["status"] == "closed"
    after = await gw.chat("d-1001", "hello again", reply["conversation_id"])
    assert after["conversation_id"] != reply["conversation_id"]
    assert after["state"] == "bot"


# -- nothing is lost when the debtor's socket drops ---------------------------------------------


async def test_resume_sends_everything_after_the_last_id(gw: Gateway) -> None:
    first = await gw.chat("d-1001", "human please")
    conversation = first["conversation_id"]
    seen = first["messages"][-1]["id"]
    handoff_id = (await gw.queue())[0]["id"]
    await gw.agent("POST", f"/v1/agent/handoffs/{handoff_id}/claim")
    await gw.agent("POST", f"/v1/agent/handoffs/{handoff_id}/messages", body={"text": "one"})
    await gw.chat("d-1001", "are you there", conversation)
    await gw.agent("POST", f"/v1/agent/handoffs/{handoff_id}/messages", body={"text": "two"})

    ws = await gw.debtor_socket("d-1001")
    try:
        await ws.send_json({"type": "resume", "conversation_id": conversation, "after_id": seen})
        frame = await next_of(ws, "push")
        await ws.send_json({"type": "resume", "conversation_id": conversation, "after_id": 10**9})
        empty = await next_of(ws, "push")
    finally:
        await ws.close()
    assert frame["resumed"] is True and frame["state"] == "agent"
    got = [(m["author"], m["text"]) for m in frame["messages"]]
    assert got == [
        ("system", "A person from our team has joined the conversation."),
        ("agent", "one"),
        ("debtor", "are you there"),
        ("agent", "two"),
    ]
    ids = [m["id"] for m in frame["messages"]]
    assert ids == sorted(ids) and ids[0] > seen
    assert empty["messages"] == []


async def test_resume_never_shows_another_debtors_conversation(gw: Gateway) -> None:
    theirs = await gw.chat("d-1002", "你好")
    ws = await gw.debtor_socket("d-1001")
    try:
        await ws.send_json(
            {"type": "resume", "conversation_id": theirs["conversation_id"], "after_id": 0}
        )
        frame = await ws.receive_json(timeout=5)
        await ws.send_json({"type": "resume", "conversation_id": 5, "after_id": "x"})
        junk = await ws.receive_json(timeout=5)
    finally:
        await ws.close()
    assert (frame["type"], frame["status"]) == ("error", 404)
    assert (junk["type"], junk["status"]) == ("error", 404)


# -- the action server's door --------------------------------------------------------------------


async def test_the_action_server_can_queue_a_conversation(gw: Gateway) -> None:
    hello = await gw.chat("d-1002", "你好")
    conversation = hello["conversation_id"]
    service = gw.bearer("service", "action-server")
    body = {"conversation_id": conversation, "reason": "fallback"}
    async with gw.client.post("/v1/handoffs", json=body, headers=service) as response:
        assert response.status == 201
        created = await response.json()
    assert created["created"] is True and created["handoff"]["reason"] == "fallback"
    assert created["messages"][-1]["response"] in ("utter_handoff_queued", "utter_handoff_no_agent")
    async with gw.client.post("/v1/handoffs", json=body, headers=service) as response:
        assert response.status == 200
        assert (await response.json())["created"] is False
    assert [h["conversation_id"] for h in await gw.queue()] == [conversation]
    for bad, status in [
        ({"conversation_id": "nope", "reason": "request"}, 404),
        ({"conversation_id": conversation, "reason": "bored"}, 422),
        ({"reason": "request"}, 422),
    ]:
        async with gw.client.post("/v1/handoffs", json=bad, headers=service) as response:
            assert response.status == status
    wallet = gw.bearer("wallet", "d-1002")
    async with gw.client.post("/v1/handoffs", json=body, headers=wallet) as response:
        assert response.status == 401


async def test_stop_is_honoured_even_with_the_dialogue_down(gw: Gateway) -> None:
    # Rasa is down here, as on every test of this file: the keyword needs no dialogue.
    reply = await gw.chat("d-1001", "STOP")
    assert reply["state"] == "bot"
    assert "won't contact you by the wallet app" in texts(reply)
    assert "send it again" not in texts(reply)
    opted_out = await gw.scalar(
        "SELECT opted_out FROM contact_preferences"
        " WHERE debtor_id = 'd-1001' AND channel = 'wallet'"
    )
    assert opted_out in (True, 1)
    again = await gw.chat("d-1001", "退订", reply["conversation_id"])
    assert "已经" in texts(again)  # already; in the language the debtor just wrote in
