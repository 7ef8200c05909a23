"""The kinds of signal that hand a conversation to a person, and their urgency."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeGuard, get_args

Kind = Literal["crisis", "distress", "vulnerability", "complaint", "request", "fallback"]

# Most urgent first; also breaks ties between kinds of equal priority.
KINDS: tuple[Kind, ...] = get_args(Kind)

PRIORITY: Mapping[Kind, int] = MappingProxyType(
    {
        "crisis": 1,
        "distress": 2,
        "vulnerability": 3,
        "complaint": 3,
        "request": 4,
        "fallback": 5,
    }
)


def is_kind(name: str) -> TypeGuard[Kind]:
    return name in PRIORITY


def most_urgent(kinds: frozenset[Kind]) -> Kind | None:
    if not kinds:
        return None
    return min(kinds, key=lambda kind: (PRIORITY[kind], KINDS.index(kind)))
