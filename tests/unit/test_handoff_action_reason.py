"""The dialogue's safety net decides with the gateway's screening: same floors, same
negation. Unsure handoff intents get a question (None here), not a handoff."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.handoff import reason_for
from bot.signals.detector import CRISIS_MIN_CONFIDENCE, MIN_INTENT_CONFIDENCE

# Bland wording the lexicon does not know: only the intent can flag it.
TEXT = "ok so about that"


def tracker(intent: str, confidence: float, text: str = TEXT) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}}
    return Tracker("c-1", {}, message, [], False, None, None, "action_listen")


def test_a_confident_crisis_intent_is_a_crisis() -> None:
    assert reason_for(tracker("express_crisis", CRISIS_MIN_CONFIDENCE + 0.01)) == "crisis"


def test_a_less_sure_crisis_intent_reaches_a_person_as_distress() -> None:
    assert reason_for(tracker("express_crisis", CRISIS_MIN_CONFIDENCE - 0.01)) == "distress"


@pytest.mark.parametrize(
    ("intent", "reason"),
    [
        ("complain", "complaint"),
        ("express_distress", "distress"),
        ("request_human", "request"),
        ("express_crisis", "distress"),
    ],
)
def test_handoff_intents_need_the_screenings_confidence(intent: str, reason: str) -> None:
    assert reason_for(tracker(intent, MIN_INTENT_CONFIDENCE + 0.01)) == reason
    assert reason_for(tracker(intent, MIN_INTENT_CONFIDENCE - 0.01)) is None


def test_the_words_decide_when_the_intent_is_unsure() -> None:
    text = "this is harassment and i want to make a formal complaint"
    assert reason_for(tracker("complain", 0.31, text)) == "complaint"


def test_a_refused_person_is_not_handed_off() -> None:
    assert reason_for(tracker("request_human", 0.95, "no i dont want to talk to a human")) is None


def test_a_button_tap_is_a_confident_request() -> None:
    assert reason_for(tracker("request_human", 1.0, "/request_human")) == "request"
