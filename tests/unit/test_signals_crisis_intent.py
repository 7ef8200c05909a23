"""The classifier's crisis intent backs up the lexicon. Alone it must be confident: a
crisis stops collection and sends crisis lines, and at low floors ordinary messages
("I need more time") were taken for one. Between the floors it is distress."""

from __future__ import annotations

from bot.signals import screen
from bot.signals.detector import CRISIS_MIN_CONFIDENCE, MIN_INTENT_CONFIDENCE

# Deliberately bland wording the lexicon should not know: only the intent can flag it.
TEXT = "i have made up my mind about tonight"


def test_a_confident_crisis_intent_alone_raises_crisis_at_top_priority() -> None:
    screening = screen(TEXT, intent="express_crisis", confidence=CRISIS_MIN_CONFIDENCE + 0.05)
    assert screening.top == "crisis" and screening.priority == 1


def test_an_unsure_crisis_intent_is_distress() -> None:
    unsure = screen(TEXT, intent="express_crisis", confidence=CRISIS_MIN_CONFIDENCE - 0.05)
    assert unsure.kinds == {"distress"}
    below = screen(TEXT, intent="express_crisis", confidence=MIN_INTENT_CONFIDENCE - 0.05)
    assert not below.kinds


def test_a_negated_distress_is_not_raised_by_an_unsure_crisis_intent() -> None:
    text = "i am not stressed about it at all"
    assert "distress" not in screen(text, intent="express_crisis", confidence=0.7).kinds


def test_other_intents_have_their_own_floor() -> None:
    below, above = MIN_INTENT_CONFIDENCE - 0.05, MIN_INTENT_CONFIDENCE + 0.05
    assert "distress" not in screen(TEXT, intent="express_distress", confidence=below).kinds
    assert "distress" in screen(TEXT, intent="express_distress", confidence=above).kinds
