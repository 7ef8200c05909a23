"""Values that go into and come out of a screening."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.signals.kinds import PRIORITY, Kind, most_urgent

Source = Literal["lexicon", "intent", "history"]


@dataclass(frozen=True)
class Turn:
    """An earlier debtor turn in the same conversation."""

    text: str
    intent: str | None = None
    confidence: float | None = None
    kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Hit:
    """One piece of evidence for a kind: the phrase, pattern or intent that fired."""

    kind: Kind
    source: Source
    evidence: str


@dataclass(frozen=True)
class Screening:
    hits: tuple[Hit, ...] = ()

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset(hit.kind for hit in self.hits)

    @property
    def top(self) -> Kind | None:
        return most_urgent(self.kinds)

    @property
    def priority(self) -> int | None:
        top = self.top
        return None if top is None else PRIORITY[top]

    @property
    def handoff(self) -> bool:
        return bool(self.hits)
