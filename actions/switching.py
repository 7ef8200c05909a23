"""An answer to a form's question that asks for another journey instead.

"Can I cancel my plan instead?" in answer to "When can you pay?" fails the date check, and
the form used to ask again ("I couldn't read that date…"), so the debtor had to say "no"
before asking again. When the answer cannot be used and the classifier is sure it asks for
another journey, the form steps aside (ActionExecutionRejected) and the rules start that
journey, as they would outside the form. An answer that can be used is always an answer.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import latest_confidence, latest_intent

# Journeys a form's question may be abandoned for (each starts from its own rule).
JOURNEYS = frozenset(
    {
        "dispute_debt",
        "request_plan",
        "cancel_plan",
        "make_payment",
        "promise_to_pay",
        "ask_settlement",
        "report_hardship",
    }
)
# As sure as the screening must be of an intent alone before acting on it.
SURE = 0.8


def switches_to(intent: str, confidence: float, own: frozenset[str]) -> bool:
    """Whether an unusable answer read as `intent` asks for another journey."""
    return intent in JOURNEYS and intent not in own and confidence >= SURE


def answered(events: list[dict[str, Any]], slot: str) -> bool:
    return any(
        e.get("event") == "slot" and e.get("name") == slot and e.get("value") is not None
        for e in events
    )


class SwitchingFormValidation(FormValidationAction, metaclass=ABCMeta):
    """Validation for a form that steps aside for another journey (see the module).
    Abstract, so that rasa_sdk registers only the forms' own validations."""

    # The journeys that start this form: asking for them again is not a switch.
    own: frozenset[str] = frozenset()

    @abstractmethod
    def name(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        said_before = len(dispatcher.messages)
        events = await super().run(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        intent, confidence = latest_intent(tracker), latest_confidence(tracker) or 0.0
        if (
            requested
            and not answered(events, requested)
            and switches_to(intent, confidence, self.own)
        ):
            del dispatcher.messages[said_before:]  # no "I couldn't read that" for it
            return [ActionExecutionRejected(self.form_name())]
        return events
