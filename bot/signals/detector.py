"""screen(): every inbound message, before anything else, for reasons to hand off."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from bot.signals.chinese import chinese_text
from bot.signals.english import tokenize
from bot.signals.entries import Lexicon
from bot.signals.history import FALLBACK_STREAK, misunderstood_streak
from bot.signals.kinds import KINDS, PRIORITY, Kind, is_kind
from bot.signals.loader import load_lexicon
from bot.signals.matching import Match, match_chinese, match_english
from bot.signals.screening import Hit, Screening, Source, Turn

# On the intent classifier's scale (weighted logistic regression). The lexicon carries
# recall; an intent alone must be confident. Read off the labelled set with the model
# (bench/signals_eval.py --model): at a crisis floor of 0.3, "I need more time" was a
# crisis. A crisis intent between the floors is distress. The dialogue's safety net
# decides with this same screening (actions/handoff.py).
MIN_INTENT_CONFIDENCE = 0.6
CRISIS_MIN_CONFIDENCE = 0.8

# Intents that are evidence on their own.
INTENT_KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        "express_crisis": "crisis",
        "express_distress": "distress",
        "complain": "complaint",
        "request_human": "request",
    }
)
# Intents that only back up what the lexicon found: hardship is ordinary business
# until the debtor names illness, bereavement, job loss, abuse...
CORROBORATING_INTENTS: Mapping[str, Kind] = MappingProxyType({"report_hardship": "vulnerability"})
# "your text said 'reply AGENT'" quotes the word, it does not ask; but a quoted
# "we will sue you" is exactly what a complaint is about, so only these ignore quotes.
QUOTE_BLIND: frozenset[Kind] = frozenset({"request"})

_SOURCES: tuple[Source, ...] = ("lexicon", "intent", "history")


def _lexicon_evidence(matches: Iterable[Match]) -> tuple[list[Hit], set[Kind]]:
    """Hits, and the kinds whose only phrases were negated or quoted away."""
    hits: list[Hit] = []
    dismissed: set[Kind] = set()
    for match in matches:
        kind = match.entry.section
        if not is_kind(kind):
            continue
        if match.negated or (match.quoted and kind in QUOTE_BLIND):
            dismissed.add(kind)
        else:
            hits.append(Hit(kind, "lexicon", match.entry.source))
    return hits, dismissed - {hit.kind for hit in hits}


def _intent_hits(
    intent: str | None, confidence: float | None, found: set[Kind], dismissed: set[Kind]
) -> list[Hit]:
    kind = INTENT_KINDS.get(intent) if intent is not None else None
    if intent is None or (confidence is not None and confidence < MIN_INTENT_CONFIDENCE):
        return []
    # Crisis lines and a crisis hold need a surer classifier; a person still looks.
    if kind == "crisis" and confidence is not None and confidence < CRISIS_MIN_CONFIDENCE:
        kind = "distress"
    # The classifier saw "no I don't want a human" too; the negation decides.
    if kind is not None and kind not in dismissed:
        return [Hit(kind, "intent", intent)]
    kind = CORROBORATING_INTENTS.get(intent)
    if kind is not None and kind in found:
        return [Hit(kind, "intent", intent)]
    return []


def _history_hits(
    history: Sequence[Turn], intent: str | None, confidence: float | None
) -> list[Hit]:
    streak = misunderstood_streak(history, intent, confidence)
    if streak < FALLBACK_STREAK:
        return []
    return [Hit("fallback", "history", f"{streak} misunderstood turns in a row")]


def _ordered(hits: Iterable[Hit]) -> tuple[Hit, ...]:
    unique = list(dict.fromkeys(hits))
    return tuple(
        sorted(
            unique,
            key=lambda hit: (PRIORITY[hit.kind], KINDS.index(hit.kind), _SOURCES.index(hit.source)),
        )
    )


def screen(
    text: str,
    *,
    intent: str | None = None,
    confidence: float | None = None,
    history: Sequence[Turn] = (),
    lexicon: Lexicon | None = None,
) -> Screening:
    """Signals in one debtor message that should hand the conversation to a person.

    `text` alone must be enough (the gateway screens before NLU); `intent` and
    `confidence` (Rasa's, once known) and `history` (earlier turns, oldest first)
    add evidence. English and Chinese entries are both tried on every message,
    so code-mixed messages are covered.
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    matches = [
        *match_english(tokenize(text, lex.en.aliases), lex.en),
        *match_chinese(chinese_text(text), lex.zh),
    ]
    hits, dismissed = _lexicon_evidence(matches)
    found = {hit.kind for hit in hits}
    hits += _intent_hits(intent, confidence, found, dismissed)
    hits += _history_hits(history, intent, confidence)
    return Screening(_ordered(hits))
