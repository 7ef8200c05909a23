"""Text every match of a regex must contain, so most entries are skipped with `in`.

screen() runs every lexicon entry on every message; a substring test is far cheaper
than a regex search, and most messages contain few of the required words.
"""

from __future__ import annotations

import sre_constants
import sre_parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

Needs = frozenset[str]  # any match contains at least one of these strings


def _strength(needs: Needs) -> tuple[int, int]:
    return min(len(text) for text in needs), -len(needs)


def _branch(branches: list[Any]) -> Needs | None:
    needs: set[str] = set()
    for branch in branches:
        got = _sequence(list(branch))
        if not got:
            return None  # one branch needs nothing, so the alternation needs nothing
        needs |= got
    return frozenset(needs)


def _sequence(items: list[tuple[Any, Any]]) -> Needs | None:
    candidates: list[Needs] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, arg in items:
        if op is sre_constants.LITERAL:
            run.append(chr(arg).lower())
            continue
        flush()
        got: Needs | None = None
        if op is sre_constants.SUBPATTERN:
            got = _sequence(list(arg[-1]))
        elif op is sre_constants.BRANCH:
            got = _branch(arg[1])
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and arg[0] >= 1:
            got = _sequence(list(arg[2]))
        if got:
            candidates.append(got)
    flush()
    return max(candidates, key=_strength, default=None)


def required_text(pattern: str, flags: int = 0) -> tuple[str, ...]:
    """Strings of which every match contains at least one; () when nothing is certain."""
    try:
        needs = _sequence(list(sre_parse.parse(pattern, flags)))  # type: ignore[call-overload]
    except (sre_constants.error, RecursionError):
        return ()
    return tuple(sorted(needs)) if needs else ()


# A trie of the needed strings: nested dicts keyed by character; _END marks the end of a
# needed string and holds the entry positions that need it.
_END = ""
_Trie = dict[str, Any]


def _trie(by_needed: Mapping[str, tuple[int, ...]]) -> _Trie:
    root: _Trie = {}
    for needed, positions in by_needed.items():
        node = root
        for char in needed:
            node = node.setdefault(char, {})
        node[_END] = positions
    return root


@dataclass(frozen=True)
class EntryIndex:
    """Which of a list of entries might match a text: every needed string found in one pass."""

    by_needed: Mapping[str, tuple[int, ...]]
    unfiltered: frozenset[int]  # entries that need nothing in particular
    # Built from by_needed: a lexicon has a couple of thousand needed strings, and walking
    # a trie from each character of a short message is far cheaper than testing each one.
    trie: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, needs: Sequence[tuple[str, ...]]) -> EntryIndex:
        by_needed: dict[str, list[int]] = {}
        unfiltered: set[int] = set()
        for position, entry_needs in enumerate(needs):
            if not entry_needs:
                unfiltered.add(position)
            for needed in entry_needs:
                by_needed.setdefault(needed, []).append(position)
        frozen = MappingProxyType({k: tuple(v) for k, v in by_needed.items()})
        return cls(frozen, frozenset(unfiltered), _trie(frozen))

    def candidates(self, text: str) -> list[int]:
        found = set(self.unfiltered)
        root = self.trie
        length = len(text)
        for start in range(length):
            node = root.get(text[start])
            index = start + 1
            while node is not None:
                positions = node.get(_END)
                if positions is not None:
                    found.update(positions)
                if index >= length:
                    break
                node = node.get(text[index])
                index += 1
        return sorted(found)
