"""The dialogue's handoff reason: a crisis only when the classifier is as sure as the
screening requires; otherwise a person still takes over, as distress."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.handoff import reason_for
from bot.signals.detector import CRISIS_MIN_CONFIDENCE


def tracker(intent: str, confidence: float) -> Tracker:
    message = {"text": "…", "intent": {"name": intent, "confidence": confidence}}
    return Tracker("c-1", {}, message, [], False, None, None, "action_listen")


def test_a_confident_crisis_intent_is_a_crisis() -> None:
    assert reason_for(tracker("express_crisis", CRISIS_MIN_CONFIDENCE + 0.01)) == "crisis"


def test_an_unsure_crisis_intent_still_reaches_a_person_as_distress() -> None:
    assert reason_for(tracker("express_crisis", CRISIS_MIN_CONFIDENCE - 0.01)) == "distress"


@pytest.mark.parametrize(
    ("intent", "reason"),
    [
        ("complain", "complaint"),
        ("express_distress", "distress"),
        ("request_human", "request"),
        ("nlu_fallback", "fallback"),
    ],
)
def test_other_intents_keep_their_reason_at_any_confidence(intent: str, reason: str) -> None:
    assert reason_for(tracker(intent, 0.31)) == reason
