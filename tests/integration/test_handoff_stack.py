"""The handoff against the real stack (gateway, rasa server, action server): Rasa's dialogue
is paused while a person handles the conversation and learns what happened before resuming.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.conftest import Stack

pytestmark = pytest.mark.e2e


def chat(stack: Stack, debtor: str, text: str, conversation_id: str | None = None) -> Any:
    body = {"text": text, **({"conversation_id": conversation_id} if conversation_id else {})}
    response = requests.post(
        f"{stack.base_url}/v1/chat/messages",
        json=body,
        timeout=60,
        headers={"Authorization": f"Bearer {stack.token(debtor)}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def agent(stack: Stack, method: str, path: str, body: Any = None) -> Any:
    response = requests.request(
        method,
        f"{stack.base_url}{path}",
        json=body,
        timeout=60,
        headers={"Authorization": f"Bearer {stack.agent_token('demo')}"},
    )
    assert response.status_code < 300, response.text
    return response.json()


def tracker(stack: Stack, conversation_id: str) -> Any:
    response = requests.get(
        f"{stack.settings.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": stack.settings.rasa_token},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


def handoff_for(stack: Stack, conversation_id: str, status: str = "open") -> Any:
    listing = agent(stack, "GET", f"/v1/agent/handoffs?status={status}")["handoffs"]
    [found] = [h for h in listing if h["conversation_id"] == conversation_id]
    return found


def test_the_agent_hands_back_and_the_bot_knows_what_happened(stack: Stack) -> None:
    crisis = chat(stack, "d-1001", "I want to end my life")
    conversation = crisis["conversation_id"]
    assert crisis["state"] == "queued"
    assert "988" in " ".join(m["text"] for m in crisis["messages"])
    assert tracker(stack, conversation)["paused"] is True

    still = chat(stack, "d-1001", "how much do I owe", conversation)
    assert (still["state"], still["messages"]) == ("queued", [])  # the dialogue never saw it

    handoff = handoff_for(stack, conversation)
    assert (handoff["reason"], handoff["priority"]) == ("crisis", 1)
    path = f"/v1/agent/handoffs/{handoff['id']}"
    agent(stack, "POST", f"{path}/claim")
    said = "I've paused your account for 30 days. You can ask me about it any time."
    agent(stack, "POST", f"{path}/messages", {"text": said})
    resolved = agent(
        stack,
        "POST",
        f"{path}/resolve",
        {"outcome": "support given; account paused 30 days", "return_to": "bot"},
    )
    assert resolved["rasa_synced"] is True

    state = tracker(stack, conversation)
    events = state["events"]
    assert state["paused"] is False
    assert any(e["event"] == "bot" and e.get("text") == said for e in events)
    assert state["slots"]["handoff_outcome"] == "support given; account paused 30 days"
    assert state["slots"]["agent_handled"] is True
    kinds = [e["event"] for e in events]
    assert kinds.index("resume") > max(i for i, k in enumerate(kinds) if k == "bot")

    after = chat(stack, "d-1001", "how much do I owe", conversation)
    assert after["state"] == "bot"
    assert "$1,234.56" in " ".join(m["text"] for m in after["messages"])


def test_the_rasa_action_queues_and_pauses_through_the_gateway(stack: Stack) -> None:
    """The safety net: Rasa's own `request_human` rule runs action_handoff, which queues
    the conversation via POST /v1/handoffs and pauses the dialogue."""
    hello = chat(stack, "d-1003", "hello")
    conversation = hello["conversation_id"]
    response = requests.post(
        f"{stack.settings.rasa_url}/conversations/{conversation}/trigger_intent",
        params={"token": stack.settings.rasa_token},
        json={"name": "request_human", "entities": {}},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    said = " ".join(m.get("text") or "" for m in response.json().get("messages", []))
    assert "person from our team" in said
    assert tracker(stack, conversation)["paused"] is True
    handoff = handoff_for(stack, conversation)
    assert handoff["reason"] == "request"
    later = chat(stack, "d-1003", "hello?", conversation)
    assert (later["state"], later["messages"]) == ("queued", [])


def test_stop_is_honoured_while_a_person_has_the_conversation(stack: Stack) -> None:
    # Rasa does not see these messages: the gateway itself must honour the keyword.
    first = chat(stack, "d-1006", "/request_human")
    conversation = first["conversation_id"]
    assert first["state"] == "queued"
    stopped = chat(stack, "d-1006", "STOP", conversation)
    assert stopped["state"] == "queued"  # the person still has the conversation
    said = " ".join(m["text"] for m in stopped["messages"])
    assert "won't contact you by the wallet app" in said, said
    response = requests.get(
        f"{stack.base_url}/v1/ledger/debtors/d-1006",
        timeout=10,
        headers={"Authorization": f"Bearer {stack.service_token()}"},
    )
    assert response.json()["contact_preferences"]["wallet"]["opted_out"] is True
    again = chat(stack, "d-1006", "stop", conversation)
    assert "already opted out" in " ".join(m["text"] for m in again["messages"])
    # The person sees both messages in the conversation.
    handoff = handoff_for(stack, conversation)
    seen = agent(stack, "GET", f"/v1/agent/handoffs/{handoff['id']}")["transcript"]
    assert [m["text"] for m in seen if m["author"] == "debtor"][-2:] == ["STOP", "stop"]
