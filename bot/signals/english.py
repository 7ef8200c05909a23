"""English text as tokens, in the two spellings the English lexicon is matched against.

`plain` cuts runs of three or more equal letters to two ("soooo" -> "soo", "killl"
-> "kill"); `squeezed` cuts every run to one ("soooo" -> "so", "kill" -> "kil").
Plain phrases are squeezed the same way, so they match whatever the repetition;
regexes are tried on both views so that their authors can spell words normally.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from bot.signals.quotes import quoted_mask

WORD_CHARS = "a-z0-9\u00c0-\u024f"
_WORD = re.compile(rf"[{WORD_CHARS}]+(?:['’‘][{WORD_CHARS}]+)*")
_APOSTROPHE = re.compile("['’‘]")
_RUN_OF_THREE = re.compile(r"([a-z\u00c0-\u024f])\1{2,}")
_RUN = re.compile(r"([a-z\u00c0-\u024f])\1+")
_CLAUSE_BREAK = re.compile(r"[.,;:!?…()\[\]{}<>|\n\r—–，。；：！？、\u3400-\u9fff\uf900-\ufaff]")
# A new clause starts here, so a negation before it does not reach past it.
_BREAK_WORDS = {
    "but",
    "and",
    "because",
    "however",
    "though",
    "although",
    "just",
    "yet",
    "except",
    "while",
    "whereas",
    "anyway",
    "plus",
}
BREAK_WORDS = frozenset(_RUN.sub(r"\1", word) for word in _BREAK_WORDS)
_SUFFIXES = {"ll": "will", "re": "are"}

Aliases = Mapping[str, tuple[str, ...]]


def squeeze(word: str) -> str:
    return _RUN.sub(r"\1", word)


def base_text(text: str) -> str:
    """NFKC (full-width -> half-width) and lower case: the text every view starts from."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True)
class Token:
    plain: str
    squeezed: str
    clause: int
    quoted: bool


@dataclass(frozen=True)
class View:
    """Tokens joined by single spaces, with where each token starts."""

    text: str
    starts: tuple[int, ...]

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """Tokens [first, last) covered by the characters [start, end)."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        return first, max(bisect_left(self.starts, end), first + 1)


def _view(words: list[str]) -> View:
    starts: list[int] = []
    offset = 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    return View(" ".join(words), tuple(starts))


@dataclass(frozen=True)
class EnglishText:
    tokens: tuple[Token, ...]
    plain: View
    squeezed: View

    @property
    def views(self) -> tuple[View, View]:
        return self.plain, self.squeezed


def _split_word(word: str) -> list[str]:
    parts = _APOSTROPHE.split(word)
    if len(parts) > 1 and parts[-1] in _SUFFIXES:
        # "you'll" must not become "youll", and "we'll" must not become "well".
        return ["".join(parts[:-1]), _SUFFIXES[parts[-1]]]
    return ["".join(parts)]


def words_of(text: str, aliases: Aliases) -> list[str]:
    """The words of `text` after contractions and aliases, not yet squeezed."""
    return [token.plain for token in tokenize(text, aliases).tokens]


def tokenize(text: str, aliases: Aliases) -> EnglishText:
    base = base_text(text)
    quoted = quoted_mask(base)
    tokens: list[Token] = []
    clause = 0
    position = 0
    for match in _WORD.finditer(base):
        if _CLAUSE_BREAK.search(base, position, match.start()):
            clause += 1
        position = match.end()
        in_quotes = quoted[match.start()]
        for raw in _split_word(match.group()):
            squeezed = squeeze(raw)
            for word in aliases.get(squeezed, (raw,)):
                squeezed_word = squeeze(word)
                if squeezed_word in BREAK_WORDS:
                    clause += 1
                # A short all-one-letter word is an acronym (BBB), not an elongation.
                plain = word if len(word) <= 3 else _RUN_OF_THREE.sub(r"\1\1", word)
                tokens.append(Token(plain, squeezed_word, clause, in_quotes))
    return EnglishText(
        tuple(tokens),
        _view([token.plain for token in tokens]),
        _view([token.squeezed for token in tokens]),
    )
