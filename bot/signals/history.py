"""Repeated misunderstanding across turns, one of the two roads to a `fallback` handoff."""

from __future__ import annotations

from collections.abc import Sequence

from bot.intents import NLU_FALLBACK
from bot.signals.screening import Turn

# Below the NLU's own fallback threshold (config.yml) the assistant did not follow;
# a test keeps the two equal.
LOW_CONFIDENCE = 0.3
MISUNDERSTOOD_INTENTS = frozenset({"out_of_scope", NLU_FALLBACK})
# The first miss gets a rephrase, the second the dialogue's offer of a person
# (actions/conversation.py); a third in a row means the offer did not help: a person joins.
FALLBACK_STREAK = 3


def misunderstood(intent: str | None, confidence: float | None, kinds: frozenset[str]) -> bool:
    return (
        intent in MISUNDERSTOOD_INTENTS
        or (confidence is not None and confidence < LOW_CONFIDENCE)
        or "fallback" in kinds
    )


def misunderstood_streak(
    history: Sequence[Turn], intent: str | None, confidence: float | None
) -> int:
    """How many turns in a row, ending with this one, the assistant failed to follow.

    The gateway screens before NLU, so the current turn usually has no intent yet:
    then the streak is the history's. Once its intent is known, an understood turn
    ends the streak and a misunderstood one extends it.
    """
    streak = 0
    for turn in reversed(history):
        if not misunderstood(turn.intent, turn.confidence, turn.kinds):
            break
        streak += 1
    if intent is None and confidence is None:
        return streak
    return streak + 1 if misunderstood(intent, confidence, frozenset()) else 0
