"""rasa_sync.reading: what screening and typed buttons take from a /model/parse result."""

from __future__ import annotations

from bot.handoff.rasa_sync import Reading, reading


def test_a_confident_reading_is_its_own_best_guess() -> None:
    result = {
        "intent": {"name": "request_plan", "confidence": 0.92},
        "intent_ranking": [
            {"name": "request_plan", "confidence": 0.92},
            {"name": "affirm", "confidence": 0.07},
        ],
    }
    assert reading(result) == Reading("request_plan", 0.92, "request_plan")


def test_a_fallback_keeps_the_top_real_intent_as_its_best_guess() -> None:
    result = {
        "intent": {"name": "nlu_fallback", "confidence": 0.3},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.3},
            {"name": "request_plan", "confidence": 0.459},
            {"name": "affirm", "confidence": 0.436},
        ],
    }
    assert reading(result) == Reading("nlu_fallback", 0.3, "request_plan")


def test_nothing_readable_gives_no_guess() -> None:
    # "?" alone: the classifier gives no intent (bot/nlu/classifier.py) and the fallback no ranking.
    assert reading({"intent": {"name": "nlu_fallback", "confidence": 0.3}}) == Reading(
        "nlu_fallback", 0.3, None
    )
    assert reading({}) == Reading(None, None, None)
    assert reading({"intent": "garbled", "intent_ranking": "garbled"}) == Reading(None, None, None)
