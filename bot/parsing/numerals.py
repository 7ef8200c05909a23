"""Number words shared by the amount and date parsers (pure).

Chinese numerals go through cn2an. English number words use a small strict grammar
instead of word2number 1.1, which accepts nonsense silently: "fiv hundred" → 100,
"five five" → 10, "twenty twenty" → 40, and even gets "one million two hundred thousand"
wrong (1201200). A typo must be an error, never a different amount.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import cn2an

CN_DIGITS: Final = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
CN_UNITS: Final = "十拾百佰千仟万萬亿億"
CN_NUMERALS: Final = CN_DIGITS + CN_UNITS


def ascii_re(pattern: str) -> re.Pattern[str]:
    """Compile with re.ASCII, so that \\b falls between a Chinese character and a Latin
    letter or digit ("请用english", "500usd"); text is NFKC-normalised first."""
    return re.compile(pattern, re.ASCII)


_CN_OR_ARABIC = re.compile(f"[0-9{CN_NUMERALS}]+")
_ARABIC_RUN = re.compile(r"[0-9]+")

EN_UNITS: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
EN_TEENS: Final[dict[str, int]] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
EN_TENS: Final[dict[str, int]] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
EN_SCALES: Final[dict[str, int]] = {
    "thousand": 1000, "grand": 1000, "million": 10**6, "billion": 10**9,
}  # fmt: skip
EN_NUMBER_WORDS: Final = frozenset({*EN_UNITS, *EN_TEENS, *EN_TENS, *EN_SCALES, "hundred", "zero"})
EN_DIGIT_WORDS: Final[dict[str, int]] = {"zero": 0, "oh": 0, **EN_UNITS}

_ORDINAL_UNITS: Final[dict[str, int]] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
}  # fmt: skip
_ORDINAL_TEENS: Final[dict[str, int]] = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip


def _ordinals() -> dict[str, int]:
    table = {**_ORDINAL_UNITS, **_ORDINAL_TEENS}
    for tens in ("twenty", "thirty"):
        for unit, value in _ORDINAL_UNITS.items():
            if EN_TENS[tens] + value <= 31:
                table[f"{tens} {unit}"] = EN_TENS[tens] + value
    return table


EN_ORDINALS: Final[dict[str, int]] = _ordinals()
EN_ORDINAL_PATTERN: Final = "|".join(
    sorted((name.replace(" ", r"[\s-]?") for name in EN_ORDINALS), key=len, reverse=True)
)


def chinese_int(text: str) -> int | None:
    """'五百' → 500, '两千' → 2000, '一万二' → 12000, '3千5' → 3500, '12万' → 120000.

    Arabic digit runs inside a Chinese numeral are read as Chinese first, so the
    colloquial "3千5" means 3500 like "三千五". None when it is not one well-formed number.
    """
    if not _CN_OR_ARABIC.fullmatch(text):
        return None
    if text.isascii():
        return int(text)
    if text[0] in CN_UNITS and text[0] not in "十拾":
        return None  # "千万" (by all means), "万一" (in case): words, not numbers
    try:
        spelled = _ARABIC_RUN.sub(lambda m: str(cn2an.an2cn(m.group())), text)
        value = cn2an.cn2an(spelled, "normal")
    except Exception:  # cn2an signals bad input with assorted exception types
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _below_hundred(words: Sequence[str], i: int) -> tuple[int, int] | None:
    if i >= len(words):
        return None
    word = words[i]
    if word in EN_UNITS:
        return EN_UNITS[word], i + 1
    if word in EN_TEENS:
        return EN_TEENS[word], i + 1
    if word in EN_TENS:
        if i + 1 < len(words) and words[i + 1] in EN_UNITS:
            return EN_TENS[word] + EN_UNITS[words[i + 1]], i + 2
        return EN_TENS[word], i + 1
    return None


def _group(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """1..9999: "five", "twenty five", "five hundred and six", "twelve hundred", "a hundred"."""
    if i + 1 < len(words) and words[i] in ("a", "an") and words[i + 1] == "hundred":
        value, i = 1, i + 1
    else:
        first = _below_hundred(words, i)
        if first is None:
            return None
        value, i = first
    if i < len(words) and words[i] == "hundred":
        value *= 100
        i += 1
        had_and = i < len(words) and words[i] == "and"
        rest = _below_hundred(words, i + 1 if had_and else i)
        if rest is not None:
            value += rest[0]
            i = rest[1]
        elif had_and:
            return None
    return value, i


def english_int(words: Sequence[str]) -> int | None:
    """Strict English cardinal: ["two", "hundred", "and", "fifty"] → 250; None if malformed."""
    if list(words) == ["zero"]:
        return 0
    total, i, last_scale = 0, 0, 0
    while i < len(words):
        if words[i] in ("a", "an") and i + 1 < len(words) and words[i + 1] in EN_SCALES:
            group: tuple[int, int] | None = (1, i + 1)
        else:
            group = _group(words, i)
        if group is None:
            return None
        value, i = group
        if last_scale and value >= last_scale:
            return None
        if i < len(words) and words[i] in EN_SCALES:
            scale = EN_SCALES[words[i]]
            if (last_scale and scale >= last_scale) or value >= 1000:
                return None
            total += value * scale
            last_scale = scale
            i += 1
            if i < len(words) and words[i] == "and":
                i += 1
                if i == len(words):
                    return None
            continue
        total += value
        if i != len(words):
            return None
    return total if words else None


def english_ordinal(text: str) -> int | None:
    """'fifteenth' → 15, 'twenty-first' → 21 (days of the month only)."""
    return EN_ORDINALS.get(re.sub(r"[\s-]+", " ", text.strip()))


def small_int(text: str) -> int | None:
    """A count or day written as digits, Chinese numerals or English words ('2', '两', 'two')."""
    text = text.strip()
    if text in ("a", "an"):
        return 1
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= 4 else None
    if _CN_OR_ARABIC.fullmatch(text):
        return chinese_int(text)
    return english_int(re.split(r"[\s-]+", text))
