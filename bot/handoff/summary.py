"""The automatic summary an agent reads before answering (pure: built from values).

It answers "what does this person want, what do we know, why are they here" in one
screen, so the agent does not make the debtor repeat themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.intents import NLU_FALLBACK
from bot.signals import Hit

ASKED_LIMIT = 5
# Slots that describe the session, not the debtor's request; the console shows them elsewhere.
_HIDDEN_SLOTS = frozenset({"session_started_metadata", "requested_slot", "debtor_id"})


@dataclass(frozen=True)
class DebtorTurn:
    text: str
    intent: str | None = None
    confidence: float | None = None


def intents_so_far(turns: Iterable[DebtorTurn]) -> list[str]:
    """Each recognised intent once, in the order the debtor first expressed it."""
    return list(dict.fromkeys(t.intent for t in turns if t.intent and t.intent != NLU_FALLBACK))


def signal_view(hit: Hit) -> dict[str, str]:
    return {"kind": hit.kind, "source": hit.source, "evidence": hit.evidence}


def visible_slots(slots: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Slots worth an agent's attention: set ones only. None: the tracker was unreachable."""
    if slots is None:
        return None
    return {k: v for k, v in sorted(slots.items()) if v is not None and k not in _HIDDEN_SLOTS}


def headline(reason: str, hits: Sequence[Mapping[str, str]], intents: Sequence[str]) -> str:
    """One line for the queue: why, the strongest evidence, and what the debtor asked about."""
    parts = [reason]
    # Lexicon phrases read well; `re:` patterns do not (the signal list still shows them).
    evidence = next(
        (
            h["evidence"]
            for h in hits
            if h.get("kind") == reason and not h.get("evidence", "").startswith("re:")
        ),
        None,
    )
    if evidence:
        parts.append(f"“{evidence}”")
    if intents:
        parts.append("asked: " + ", ".join(intents[-3:]))
    return " · ".join(parts)


def build_summary(
    *,
    reason: str,
    turns: Sequence[DebtorTurn],
    hits: Sequence[Hit],
    slots: Mapping[str, Any] | None,
    ledger: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """JSON-ready summary. `turns` are the debtor's messages, oldest first, this one last."""
    intents = intents_so_far(turns)
    signals = [signal_view(h) for h in hits]
    return {
        "reason": reason,
        "headline": headline(reason, signals, intents),
        "asked": [t.text for t in turns[-ASKED_LIMIT:]],
        "intents": intents,
        "slots": visible_slots(slots),
        "ledger": dict(ledger) if ledger is not None else None,
        "signals": signals,
    }


def add_signals(summary: Mapping[str, Any], reason: str, hits: Sequence[Hit]) -> dict[str, Any]:
    """The summary after an escalation: new evidence appended, headline redone."""
    known = list(summary.get("signals") or [])
    known += [s for s in map(signal_view, hits) if s not in known]
    intents = list(summary.get("intents") or [])
    return {
        **summary,
        "reason": reason,
        "signals": known,
        "headline": headline(reason, known, intents),
    }
