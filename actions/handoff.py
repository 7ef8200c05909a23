"""A person, please: the safety net for when the gateway's screening did not catch it.

The gateway normally queues these conversations before Rasa sees the message; this action
covers what only the dialogue notices (e.g. the gateway could not reach NLU). It decides
with the same screening as the gateway (bot/signals: same confidence floors, same
negation), so the two paths never disagree: a handoff intent the classifier is unsure of
gets a question with a one-tap way to a person, not a handoff. (Handing those off too put
13% of the labelled set's ordinary English messages in front of a person, against the
0.8% the screening alone does; bench/signals_eval.py --model prints both.) When it hands
off, it asks the gateway to queue the conversation, says what the gateway says to say,
and pauses the dialogue until an agent hands it back.
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

from actions.context import latest_confidence, latest_intent, latest_text, utter
from bot import auth
from bot.config import load
from bot.handoff import policy
from bot.handoff.policy import Reason
from bot.handoff.replies import utterances_from_json
from bot.signals import screen

TIMEOUT_S = 10


class HandoffUnavailable(Exception):
    pass


def reason_for(tracker: Tracker) -> Reason | None:
    """The screening's verdict on the latest message, or None when it finds no signal."""
    screening = screen(
        latest_text(tracker),
        intent=latest_intent(tracker) or None,
        confidence=latest_confidence(tracker),
    )
    return policy.reason_for(screening)


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
        reason = reason_for(tracker)
        if reason is None:
            crisis = latest_intent(tracker) == "express_crisis"
            check_in = "utter_check_in_crisis" if crisis else "utter_check_in"
            utter(dispatcher, check_in)
            return []
        try:
            result = await request_handoff(tracker.sender_id, reason)
        except (aiohttp.ClientError, asyncio.TimeoutError, HandoffUnavailable):
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return []
        for utterance in utterances_from_json(result.get("messages") or []):
            dispatcher.utter_message(response=utterance.response, **dict(utterance.args))
        # The person takes over: close any open form, and stop predicting until resumed
        # (the gateway appends `resume` when the agent hands the conversation back).
        return [ActiveLoop(None), SlotSet("requested_slot", None), ConversationPaused()]
