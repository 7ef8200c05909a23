"""Screening debtor messages for signals that hand the conversation to a person.

Pure: no I/O beyond reading the packaged lexicon files once.
"""

from __future__ import annotations

from bot.signals.detector import screen
from bot.signals.entries import Lexicon, LexiconError
from bot.signals.kinds import KINDS, PRIORITY, Kind
from bot.signals.loader import load_lexicon
from bot.signals.screening import Hit, Screening, Source, Turn

__all__ = [
    "KINDS",
    "PRIORITY",
    "Hit",
    "Kind",
    "Lexicon",
    "LexiconError",
    "Screening",
    "Source",
    "Turn",
    "load_lexicon",
    "screen",
]
