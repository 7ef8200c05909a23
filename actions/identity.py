"""Session start: who is talking, in which language and timezone, on which channel."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

# Metadata keys the gateway sends with every message; each becomes a slot of the same name.
_CONTEXT_SLOTS = ("debtor_id", "verified", "locale", "timezone", "channel")


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        metadata = tracker.get_slot("session_started_metadata") or {}
        events: list[EventType] = [SessionStarted()]
        # Carried-over slots first, then the gateway's fresh word on identity and locale.
        events += [
            SlotSet(key, value)
            for key, value in tracker.current_slot_values().items()
            if key not in _CONTEXT_SLOTS and key != "session_started_metadata"
        ]
        events += [SlotSet(key, metadata[key]) for key in _CONTEXT_SLOTS if key in metadata]
        events.append(ActionExecuted("action_listen"))
        return events
