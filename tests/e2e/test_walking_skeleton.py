"""One real conversation end to end: gateway → rasa → action server → ledger → Babel."""

from __future__ import annotations

import json
import sqlite3

import pytest
import requests
from aiohttp import ClientSession, WSMsgType

from tests.conftest import Stack

pytestmark = pytest.mark.e2e


def _chat(stack: Stack, debtor: str, text: str, conversation_id: str | None = None) -> dict:
    body: dict[str, str] = {"text": text}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = requests.post(
        f"{stack.base_url}/v1/chat/messages",
        json=body,
        headers={"Authorization": f"Bearer {stack.token(debtor)}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response.json()


def _texts(reply: dict) -> str:
    return " ".join(m["text"] for m in reply["messages"])


def _transcript_rows(stack: Stack) -> int:
    path = stack.settings.database_url.split(":///", 1)[1]
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM transcript_messages").fetchone()[0])


def test_health_names_every_dependency(stack: Stack) -> None:
    response = requests.get(f"{stack.base_url}/healthz", timeout=10)
    assert response.status_code == 200
    deps = response.json()["dependencies"]
    assert {name: d["status"] for name, d in deps.items()} == {
        "database": "ok",
        "rasa": "ok",
        "action_server": "ok",
    }


# Expected figures are the seed's entries summed by hand:
# d-1001: 110000 + 12456 + 3500 - 2500 = 123456 cents; d-1002: 800000 + 64000 + 36000 - 20000
# = 880000 fen; d-1003: 60000 + 4800 + 1200 - 2000 = 64000 pence.
@pytest.mark.parametrize(
    ("debtor", "question", "expected"),
    [
        (
            "d-1001",
            "how much do I owe?",
            "You owe $1,234.56 on your Pay Later account ending in 4821.",
        ),
        ("d-1002", "我还欠多少钱", "¥8,800.00"),
        ("d-1003", "whats my balance pls", "£640.00"),
    ],
)
def test_the_balance_comes_from_the_ledger_formatted_for_the_debtor(
    stack: Stack, debtor: str, question: str, expected: str
) -> None:
    reply = _chat(stack, debtor, question)
    assert reply["state"] == "bot"
    assert expected in _texts(reply)


def test_a_conversation_continues_under_its_id(stack: Stack) -> None:
    first = _chat(stack, "d-1001", "hello")
    second = _chat(stack, "d-1001", "what do i owe", first["conversation_id"])
    assert second["conversation_id"] == first["conversation_id"]
    assert "$1,234.56" in _texts(second)


def test_another_debtors_conversation_is_not_found(stack: Stack) -> None:
    mine = _chat(stack, "d-1001", "hi")
    response = requests.post(
        f"{stack.base_url}/v1/chat/messages",
        json={"text": "how much do I owe", "conversation_id": mine["conversation_id"]},
        headers={"Authorization": f"Bearer {stack.token('d-1002')}"},
        timeout=30,
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}],
)
def test_without_a_valid_token_nothing_is_stored(stack: Stack, headers: dict[str, str]) -> None:
    before = _transcript_rows(stack)
    response = requests.post(
        f"{stack.base_url}/v1/chat/messages",
        json={"text": "how much do I owe"},
        headers=headers,
        timeout=30,
    )
    assert response.status_code == 401
    assert "error" in response.json()
    assert _transcript_rows(stack) == before


def test_a_service_token_cannot_chat_as_a_debtor(stack: Stack) -> None:
    response = requests.post(
        f"{stack.base_url}/v1/chat/messages",
        json={"text": "hi"},
        headers={"Authorization": f"Bearer {stack.service_token()}"},
        timeout=30,
    )
    assert response.status_code == 401


@pytest.mark.parametrize("body", ['{"text": ""}', '{"text": 5}', "[1]", "not json", '{"x": 1}'])
def test_bad_chat_input_gets_a_clear_error_and_stores_nothing(stack: Stack, body: str) -> None:
    before = _transcript_rows(stack)
    response = requests.post(
        f"{stack.base_url}/v1/chat/messages",
        data=body,
        headers={"Authorization": f"Bearer {stack.token('d-1001')}"},
        timeout=30,
    )
    assert response.status_code in (400, 422)
    assert response.json()["error"]
    assert _transcript_rows(stack) == before


def test_ledger_contract(stack: Stack) -> None:
    headers = {"Authorization": f"Bearer {stack.service_token()}"}
    listing = requests.get(f"{stack.base_url}/v1/ledger/debtors", headers=headers, timeout=10)
    assert listing.status_code == 200
    debtors = {d["id"]: d for d in listing.json()["debtors"]}
    assert len(debtors) >= 6
    assert {d["locale"] for d in debtors.values()} >= {"en_US", "zh_Hans_CN", "en_GB"}
    one = requests.get(f"{stack.base_url}/v1/ledger/debtors/d-1002", headers=headers, timeout=10)
    assert one.status_code == 200
    body = one.json()
    assert (body["id"], body["locale"], body["timezone"]) == (
        "d-1002",
        "zh_Hans_CN",
        "Asia/Shanghai",
    )
    [account] = body["accounts"]
    assert (account["currency"], account["balance_minor"]) == ("CNY", 880000)
    assert isinstance(account["balance_minor"], int) and account["status"]
    wallet = {"Authorization": f"Bearer {stack.token('d-1002')}"}
    assert (
        requests.get(f"{stack.base_url}/v1/ledger/debtors", headers=wallet, timeout=10).status_code
        == 401
    )
    missing = requests.get(
        f"{stack.base_url}/v1/ledger/debtors/nobody", headers=headers, timeout=10
    )
    assert missing.status_code == 404


async def test_the_websocket_chat_answers_after_auth(stack: Stack) -> None:
    async with ClientSession() as http, http.ws_connect(f"{stack.base_url}/v1/chat/ws") as ws:
        await ws.send_json({"type": "auth", "token": stack.token("d-1002")})
        assert (await ws.receive_json(timeout=10))["type"] == "ready"
        await ws.send_json({"type": "message", "text": "我现在欠多少"})
        reply = await ws.receive_json(timeout=60)
        assert reply["type"] == "reply"
        assert "¥8,800.00" in " ".join(m["text"] for m in reply["messages"])


async def test_the_websocket_refuses_a_bad_token(stack: Stack) -> None:
    async with ClientSession() as http, http.ws_connect(f"{stack.base_url}/v1/chat/ws") as ws:
        await ws.send_json({"type": "auth", "token": "nope"})
        frame = await ws.receive(timeout=10)
        assert frame.type == WSMsgType.TEXT and json.loads(frame.data)["status"] == 401
        closing = await ws.receive(timeout=10)
        assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
