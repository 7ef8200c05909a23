"""Keeping Rasa's tracker in step with the handoff (event lists are pure; sending is not).

While a person handles the conversation, Rasa's dialogue is paused and sees nothing.
When it comes back, the tracker gets the agent's messages (as bot utterances) and the
outcome (as slots) before `resume`, so the assistant neither repeats nor contradicts them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from bot.gateway.rasa import RasaClient, RasaError
from bot.intents import NLU_FALLBACK

log = logging.getLogger(__name__)
Event = dict[str, Any]


def _slot(name: str, value: Any) -> Event:
    return {"event": "slot", "name": name, "value": value}


def context_slots(
    *, debtor_id: str, locale: str, timezone: str | None, channel: str, verified: bool
) -> list[Event]:
    """What the gateway knows about who is talking.

    A tracker first created by these events API calls (a crisis on the very first message)
    never ran a session start with the gateway's metadata, so the slots are set here.
    `verified` is only ever asserted, never withdrawn: a debtor who proved who they are
    in the conversation (identity questions) stays verified.
    """
    events = [
        _slot("debtor_id", debtor_id),
        _slot("locale", locale),
        _slot("timezone", timezone),
        _slot("channel", channel),
    ]
    if verified:
        events.append(_slot("verified", True))
    return events


def pause_events(context: Sequence[Event]) -> list[Event]:
    return [*context, {"event": "pause"}]


def resume_events(
    *, agent_texts: Sequence[str], outcome: str, reason: str, context: Sequence[Event]
) -> list[Event]:
    return [
        *({"event": "bot", "text": text, "metadata": {"author": "agent"}} for text in agent_texts),
        *context,
        # The agent dealt with whatever form was open; it must not pop up again.
        {"event": "active_loop", "name": None},
        _slot("requested_slot", None),
        _slot("handoff_outcome", outcome),
        _slot("handoff_reason", reason),
        _slot("agent_handled", True),
        {"event": "resume"},
    ]


async def send(rasa: RasaClient, conversation_id: str, events: list[Event]) -> bool:
    """Best effort: the gateway routes by its own state, so a missed pause loses nothing."""
    try:
        await rasa.append_events(conversation_id, events)
    except RasaError as exc:
        log.warning("could not update the Rasa tracker of %s: %s", conversation_id, exc)
        return False
    return True


async def slots(rasa: RasaClient, conversation_id: str) -> dict[str, Any] | None:
    try:
        tracker = await rasa.tracker(conversation_id)
    except RasaError as exc:
        log.info("no tracker for the summary of %s: %s", conversation_id, exc)
        return None
    found = tracker.get("slots")
    return dict(found) if isinstance(found, dict) else None


class Reading(NamedTuple):
    """What the NLU made of a message: its intent (nlu_fallback when unsure), the confidence,
    and its best guess among the real intents (the top of the ranking), which is the intent
    itself unless it fell back."""

    intent: str | None
    confidence: float | None
    best: str | None


def reading(result: Mapping[str, Any]) -> Reading:
    """The Reading of one /model/parse result (pure)."""
    intent = result.get("intent") or {}
    name = intent.get("name") if isinstance(intent, dict) else None
    confidence = intent.get("confidence") if isinstance(intent, dict) else None
    ranked = [
        str(r["name"])
        for r in result.get("intent_ranking") or []
        if isinstance(r, dict) and r.get("name") and r["name"] != NLU_FALLBACK
    ]
    return Reading(
        str(name) if name else None,
        float(confidence) if isinstance(confidence, (int, float)) else None,
        ranked[0] if ranked else (str(name) if name and name != NLU_FALLBACK else None),
    )


async def parse(rasa: RasaClient, text: str) -> Reading:
    """The message's Reading, or all None when Rasa is down: screening goes on anyway."""
    try:
        result = await rasa.parse(text)
    except RasaError as exc:
        log.info("NLU unavailable for screening: %s", exc)
        return Reading(None, None, None)
    return reading(result)
