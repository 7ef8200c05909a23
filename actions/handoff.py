"""A person, please: the safety net for when the gateway's screening did not catch it.

The gateway normally queues these conversations before Rasa sees the message; this action
covers what only the dialogue notices (a `request_human`/`complain` intent the screening
missed, repeated fallbacks). It asks the gateway to queue the conversation, says what the
gateway says to say, and pauses the dialogue until an agent hands it back.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import aiohttp
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import auth
from bot.config import load
from bot.handoff.replies import utterances_from_json
from bot.signals.detector import CRISIS_MIN_CONFIDENCE

# The intent that triggered the action → the handoff's reason.
REASONS = {
    "complain": "complaint",
    "express_crisis": "crisis",
    "express_distress": "distress",
    "request_human": "request",
    "nlu_fallback": "fallback",
    "out_of_scope": "fallback",
}
TIMEOUT_S = 10


class HandoffUnavailable(Exception):
    pass


def reason_for(tracker: Tracker) -> str:
    intent = (tracker.latest_message or {}).get("intent") or {}
    reason = REASONS.get(str(intent.get("name")), "request")
    # Crisis lines and a crisis hold need the confidence the screening asks of the intent
    # ("I need more time" once scored 0.37 as a crisis); below it a person still looks.
    if reason == "crisis" and float(intent.get("confidence") or 0.0) < CRISIS_MIN_CONFIDENCE:
        return "distress"
    return reason


async def request_handoff(conversation_id: str, reason: str) -> dict[str, Any]:
    """`POST /v1/handoffs` on the gateway, as the action server (a service token)."""
    settings = load()
    base = os.environ.get("SETTLE_GATEWAY_URL", settings.gateway_url).rstrip("/")
    token = auth.issue(settings.secret, "service", "action-server", 300)
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as http,
        http.post(
            f"{base}/v1/handoffs",
            json={"conversation_id": conversation_id, "reason": reason},
            headers={"Authorization": f"Bearer {token}"},
        ) as response,
    ):
        body = await response.json(content_type=None)
        if response.status not in (200, 201) or not isinstance(body, dict):
            raise HandoffUnavailable(f"gateway answered {response.status}: {body}")
        return body


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            result = await request_handoff(tracker.sender_id, reason_for(tracker))
        except (aiohttp.ClientError, asyncio.TimeoutError, HandoffUnavailable):
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return []
        for utterance in utterances_from_json(result.get("messages") or []):
            dispatcher.utter_message(response=utterance.response, **dict(utterance.args))
        # The person takes over: close any open form, and stop predicting until resumed
        # (the gateway appends `resume` when the agent hands the conversation back).
        return [ActiveLoop(None), SlotSet("requested_slot", None), ConversationPaused()]
