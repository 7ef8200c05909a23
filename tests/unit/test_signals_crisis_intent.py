"""The classifier's crisis intent backs up the lexicon, with a lower confidence floor."""

from __future__ import annotations

from bot.signals import screen

# Deliberately bland wording the lexicon should not know: only the intent can flag it.
TEXT = "i have made up my mind about tonight"


def test_a_crisis_intent_alone_raises_crisis_at_modest_confidence() -> None:
    screening = screen(TEXT, intent="express_crisis", confidence=0.4)
    assert screening.top == "crisis" and screening.priority == 1


def test_a_very_unsure_crisis_intent_is_not_evidence() -> None:
    assert "crisis" not in screen(TEXT, intent="express_crisis", confidence=0.1).kinds


def test_other_intents_keep_the_usual_floor() -> None:
    assert "distress" not in screen(TEXT, intent="express_distress", confidence=0.4).kinds
    assert "distress" in screen(TEXT, intent="express_distress", confidence=0.7).kinds
