"""A compiled lexicon: what the loader produces and the matchers consume."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from bot.signals.prefilter import EntryIndex

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
HARMLESS = "harmless"


class LexiconError(ValueError):
    """A lexicon file is unreadable or holds an entry that cannot be used."""


@dataclass(frozen=True)
class Entry:
    section: str  # a Kind, or HARMLESS
    source: str  # as written in the file; reported as a Hit's evidence
    pattern: re.Pattern[str]
    phrase: bool  # plain phrase rather than regex
    always: bool  # counts even after a negation word
    # Any match contains one of these: a cheap test before running the pattern.
    needs: tuple[str, ...] = ()


def _index(entries: tuple[Entry, ...]) -> EntryIndex:
    return EntryIndex.build([entry.needs for entry in entries])


@dataclass(frozen=True)
class LanguageLexicon:
    signals: tuple[Entry, ...] = ()
    harmless: tuple[Entry, ...] = ()
    # English: squeezed words joined by a space ("no need"); Chinese: the cue itself.
    negation: tuple[str, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False
    )
    signal_index: EntryIndex = field(init=False, compare=False, repr=False)
    harmless_index: EntryIndex = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Derived from the entries, so built here rather than passed in.
        object.__setattr__(self, "signal_index", _index(self.signals))
        object.__setattr__(self, "harmless_index", _index(self.harmless))

    def candidate_signals(self, text: str) -> list[Entry]:
        return [self.signals[i] for i in self.signal_index.candidates(text)]

    def candidate_harmless(self, text: str) -> list[Entry]:
        return [self.harmless[i] for i in self.harmless_index.candidates(text)]


@dataclass(frozen=True)
class Lexicon:
    en: LanguageLexicon = LanguageLexicon()
    zh: LanguageLexicon = LanguageLexicon()
