"""Amounts in debtors' free text → integer minor units (pure, Decimal only).

How a message is read, in order:

1. Normalise: NFKC (full-width digits and ￥), lower case; a Chinese comma "，" separates
   sentences, so it never becomes a thousands separator.
2. Mask what looks like a number but is not an amount: dates ("12/15", "15号", "the 15th",
   "Dec 1", "12月1日"), weekdays ("周五"), times ("3pm", "3点"), durations and counts
   ("2 weeks", "6 months", "3期", "两周", "一个月"), ordinals ("第二") and percentages.
3. Find the numbers left: Arabic ("1,200.50", "1.2k"), Chinese ("五百", "1.2万", "3千5")
   and, when the text has no digits, English words ("two hundred and fifty").
   Minor units join the amount before them ("5 dollars 50 cents", "3块5", "3块5毛").
4. One distinct value must remain; a single Chinese character ("一", "两") or a lone "one"
   counts only next to a currency ("两块") or as the whole message, since "一下", "一起"
   and "no one" are not amounts. A number next to a period is still the amount
   ("£40 a week", "每月500"): only the period's own count is masked.

Errors (ParseError.code): no_amount, ambiguous ("500 or 600", "五六百", "一千多"),
invalid_number ("fiv hundred"), wrong_currency, unknown_currency, not_positive,
too_many_decimals (more digits after the point than the currency has, trailing zeros
included: "1.500" may mean 1500), too_large.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Final

from babel.numbers import get_currency_precision, list_currencies

from bot.parsing.errors import ParseError
from bot.parsing.numerals import (
    CN_DIGITS,
    CN_NUMERALS,
    CN_UNITS,
    EN_DIGIT_WORDS,
    EN_NUMBER_WORDS,
    EN_SCALES,
    ascii_re,
    chinese_int,
    english_int,
)

_KNOWN_CURRENCIES: Final = frozenset(list_currencies())
MAX_MINOR: Final = 10**15  # refuse anything from 10^15 minor units up ("too_large")
_MAX_DIGITS: Final = 18

_DOLLAR: Final = frozenset({"USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD"})

# (pattern, currencies it names, minor-unit factor or None for major units)
_MARKERS: Final[tuple[tuple[str, frozenset[str], Decimal | None], ...]] = (
    (r"us\$|\busd\b|\bus\s*dollars?\b|美元|美金", frozenset({"USD"}), None),
    (r"hk\$|\bhkd\b|港币|港幣|港元", frozenset({"HKD"}), None),
    (r"\ba\$|\baud\b", frozenset({"AUD"}), None),
    (r"\bc\$|\bcad\b", frozenset({"CAD"}), None),
    (r"\bs\$|\bsgd\b", frozenset({"SGD"}), None),
    (r"\bnz\$|\bnzd\b", frozenset({"NZD"}), None),
    (r"\bnt\$|\btwd\b|台币|台幣", frozenset({"TWD"}), None),
    (r"日元|日币|日幣|日圓|円|\byen\b|\bjpy\b", frozenset({"JPY"}), None),
    (r"欧元|歐元|€|\beur\b|\beuros?\b", frozenset({"EUR"}), None),
    (r"\bcents?\b|¢", _DOLLAR | {"EUR"}, Decimal("0.01")),
    (r"\bpence\b|\bpenny\b|\bpennies\b|(?<=[0-9])p\b", frozenset({"GBP"}), Decimal("0.01")),
    (r"£|\bgbp\b|\bpounds?\b|\bquids?\b|\bsterling\b|英镑|英鎊", frozenset({"GBP"}), None),
    (r"\$|\bdollars?\b|\bdollers?\b|\bbucks?\b", _DOLLAR, None),
    (r"¥", frozenset({"CNY", "JPY"}), None),
    (
        f"(?<=[0-9{CN_NUMERALS}])\\s*(?:毛钱?|角钱?)",
        frozenset({"CNY"}),
        Decimal("0.1"),
    ),
    (
        r"\brmb\b|\bcny\b|\byuan\b|\bkuai\b|人民币|人民幣|块钱|塊錢|块(?!儿)|塊(?!兒)"
        r"|元(?![旦宵])|圆|圓",
        frozenset({"CNY"}),
        None,
    ),
)
_MARKER_RE: Final = ascii_re("|".join(f"(?P<m{i}>{p})" for i, (p, _, _) in enumerate(_MARKERS)))
_MARKER_AFTER: Final = ascii_re(r"\s*(?:" + _MARKER_RE.pattern + ")")
_MARKER_BEFORE: Final = ascii_re("(?:" + _MARKER_RE.pattern + r")\s*\Z")
_MARKER_ONLY: Final = ascii_re(r"\s*(?:" + _MARKER_RE.pattern + r")\s*(?:and\s+)?\Z")
_YUAN_WORDS: Final = frozenset({"块", "塊", "元", "圆", "圓", "块钱", "塊錢"})

_CN: Final = CN_NUMERALS
_CN_SMALL: Final = "零〇一二两兩三四五六七八九十半"
_NOT_AFTER_NUMBER: Final = f"(?<![0-9.,{_CN}])"
_MONTHS: Final = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)
_NUMWORD: Final = r"(?:\b(?:" + "|".join(sorted(EN_NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
_EN_UNITS_OF_TIME: Final = (
    r"(?:days?|weeks?|wks?|months?|mths?|mos?|years?|yrs?|hours?|hrs?|minutes?|mins?|"
    r"fortnights?|installments?|instalments?|payments?|times)\b"
)
_CN_COUNTED: Final = (
    r"(?:个|個)?\s*(?:月|周|週|星期|礼拜|禮拜|天|日(?![元币幣圓])|号|號|年|期|次"
    r"|小时|小時|分钟|分鐘|岁|歲)"
)

_MASKS: Final = ascii_re(
    "|".join(
        (
            # dates
            r"[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}\s*[日号號]?",
            r"(?<![0-9.,])[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2})(?![0-9])",
            r"(?<![0-9.,/])[0-9]{1,2}/[0-9]{1,2}(?![0-9/])",
            rf"{_MONTHS}\s*(?:the\s+)?[0-9]{{1,2}}(?:st|nd|rd|th)?\b(?:\s*,?\s*[0-9]{{4}})?",
            rf"\b[0-9]{{1,2}}(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTHS}(?:\s*,?\s*[0-9]{{4}})?",
            r"\b[0-9]+\s*(?:st|nd|rd|th)\b",
            r"\b(?:on|by|before|until)\s+the\s+[0-9]{1,2}\b",
            rf"{_NOT_AFTER_NUMBER}[0-9{_CN_SMALL}]{{1,4}}\s*年",
            rf"{_NOT_AFTER_NUMBER}[0-9{_CN_SMALL}]{{1,3}}\s*{_CN_COUNTED}",
            rf"(?:周|週|星期|礼拜|禮拜)[一二三四五六日天1-7](?![0-9{_CN}点])",
            r"一次性|一(?:个|個)?(?:月|周|週|星期|礼拜|禮拜|年|天|期|次)",
            rf"第\s*[0-9{_CN_SMALL}]+",
            # times
            r"\b[0-9]{1,2}:[0-9]{2}(?:\s*[ap]\.?m\b\.?)?",
            r"\b(?:1[0-2]|0?[1-9])\s*[ap]\.?m\b\.?",
            rf"{_NOT_AFTER_NUMBER}[0-9{_CN_SMALL}]{{1,3}}\s*[点點](?:钟|鐘|半)?(?![0-9{CN_DIGITS}])",
            # durations and counts
            rf"(?:\b[0-9]+(?:\.[0-9]+)?|{_NUMWORD}(?:[\s-]+{_NUMWORD})?)[\s-]*{_EN_UNITS_OF_TIME}",
            # percentages
            rf"(?:[0-9]+(?:\.[0-9]+)?|{_NUMWORD}(?:[\s-]+{_NUMWORD})*)\s*(?:%|percent\b|per\s*cent\b)",
            rf"百分之[0-9{_CN}点.]+",
        )
    )
)

_RUN: Final = ascii_re(rf"[0-9{_CN}](?:[0-9{_CN}.,点點]*[0-9{_CN}])?|(?<![0-9])\.[0-9]+")
_GROUPED: Final = ascii_re(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9,])")
_PLAIN: Final = ascii_re(r"[0-9]*\.?[0-9]+")
_EN_MULTIPLIER: Final = ascii_re(r"\s*(k|grand|thousand|million|hundred)\b")
_EN_MULTIPLIERS: Final[dict[str, int]] = {"k": 1000, "hundred": 100, **EN_SCALES}
_CN_UNIT_VALUE: Final[dict[str, int]] = {
    "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
    "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8,
}  # fmt: skip
_CN_DIGIT_VALUE: Final[dict[str, str]] = {
    **{c: "0" for c in "零〇"}, "一": "1", "壹": "1", "二": "2", "贰": "2", "貳": "2",
    "两": "2", "三": "3", "叁": "3", "參": "3", "四": "4", "肆": "4", "五": "5", "伍": "5",
    "六": "6", "陆": "6", "陸": "6", "七": "7", "柒": "7", "八": "8", "捌": "8",
    "九": "9", "玖": "9",
}  # fmt: skip
_NONZERO: Final = CN_DIGITS.replace("零", "").replace("〇", "")
_RANGE: Final = ascii_re(f"[{_NONZERO}]{{2}}[{CN_UNITS}]")
_APPROXIMATE_AFTER: Final = ascii_re(r"\s*(?:\+|多(?![谢謝])|余|餘|几|幾|odd\b|plus\b|point\b)|w\b")
_APPROXIMATE_BEFORE: Final = ascii_re(r"几\s*\Z|幾\s*\Z")
_NEGATIVE_BEFORE: Final = ascii_re(
    r"(?:^|[\s(:：])[-−–]\s*(?:\$|£|¥|€)?\s*\Z|\bminus\s+\Z|\bnegative\s+\Z|负\s*\Z|負\s*\Z"
)
_WORD: Final = ascii_re(r"[a-z]+")
_EN_RUN_WORDS: Final = frozenset({*EN_NUMBER_WORDS, "and", "a", "an", "point"})
_EN_LEAD: Final = frozenset({"hundred", *EN_SCALES})


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    value: Decimal | None  # None: not a well-formed number
    decimals: int = 0
    weak: bool = False
    problem: str = "invalid_number"


def _exponent(currency: str) -> int:
    if not isinstance(currency, str) or currency not in _KNOWN_CURRENCIES:
        raise ParseError("unknown_currency", f"unknown currency {currency!r}")
    return int(get_currency_precision(currency))


def _normalise(text: str) -> str:
    text = text.replace("，", "; ").replace("、", "; ").replace("。", ". ")
    return unicodedata.normalize("NFKC", text).lower()


def _mask(text: str) -> str:
    return _MASKS.sub(lambda m: " " * len(m.group()), text)


def _decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _too_long(text: str) -> None:
    if len(re.sub(r"[^0-9]", "", text.split(".")[0])) > _MAX_DIGITS:
        raise ParseError("too_large", f"{text!r} is too large to be an amount")


def _chinese_value(text: str) -> tuple[Decimal, int] | None:
    """'五百' → 500, '1.2万' → 12000, '一点五' → 1.5; (value, decimals) or None."""
    parts = re.split("[.点點]", text)
    if len(parts) == 1:
        whole = chinese_int(text)
        return None if whole is None else (Decimal(whole), 0)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return None
    left, right = parts
    multiplier = 1
    if right[-1] in _CN_UNIT_VALUE:
        if any(c in _CN_UNIT_VALUE for c in left):
            return None
        multiplier = _CN_UNIT_VALUE[right[-1]]
        right = right[:-1]
    whole = chinese_int(left)
    digits = "".join(_CN_DIGIT_VALUE.get(c, c) for c in right)
    if whole is None or not digits.isascii() or not digits.isdigit():
        return None
    value = Decimal(f"{whole}.{digits}") * multiplier
    return value, (len(digits) if multiplier == 1 else _decimals_of(value))


def _run_tokens(norm: str, start: int, run: str) -> list[_Token]:
    """One run of digits / Chinese numerals (commas and points inside) → tokens."""
    if "," in run:
        grouped = _GROUPED.match(run)
        if grouped and "," not in run[grouped.end() :]:
            run_clean = run.replace(",", "")
            return _one_run(norm, start, start + len(run), run_clean)
        tokens: list[_Token] = []
        for part in re.finditer(r"[^,]+", run):
            tokens.extend(_run_tokens(norm, start + part.start(), part.group()))
        return tokens
    return _one_run(norm, start, start + len(run), run)


def _one_run(norm: str, start: int, end: int, run: str) -> list[_Token]:
    while run and run[-1] in ".点點":
        run, end = run[:-1], end - 1
    while run and run[0] in "点點":
        run, start = run[1:], start + 1
    if not run:
        return []
    _too_long(run)
    if run[0] in CN_UNITS and run[0] not in "十拾":
        return []  # "千万" (by all means), "万一" (in case): words, not amounts
    if _PLAIN.fullmatch(run):
        value = Decimal("0" + run if run.startswith(".") else run)
        decimals = len(run.split(".")[1]) if "." in run else 0
        multiplier = _EN_MULTIPLIER.match(norm, end)
        if multiplier:
            value *= _EN_MULTIPLIERS[multiplier.group(1)]
            end = multiplier.end()
            decimals = _decimals_of(value)
        if _APPROXIMATE_AFTER.match(norm, end):
            return [_Token(start, end, run, None, problem="ambiguous")]
        return [_Token(start, end, run, value, decimals)]
    approximate = _APPROXIMATE_AFTER.match(norm, end) or _APPROXIMATE_BEFORE.search(norm[:start])
    if _RANGE.search(run) or approximate:
        return [_Token(start, end, run, None, problem="ambiguous")]
    if not any(c in CN_NUMERALS for c in run):
        return [_Token(start, end, run, None)]  # "1.2.3"
    parsed = _chinese_value(run)
    unitless = (
        len(run) > 1
        and not any(c in _CN_UNIT_VALUE for c in run)
        and "点" not in run
        and "點" not in run
    )
    weak = len(run) == 1 or unitless
    if unitless and len(run) == 2:
        # "七八" (seven or eight), "乱七八糟": a range or an idiom, never a spelled number
        return [_Token(start, end, run, None, weak=True, problem="ambiguous")]
    if parsed is None:
        return [_Token(start, end, run, None, weak=weak)]
    return [_Token(start, end, run, parsed[0], parsed[1], weak=weak)]


def _number_tokens(norm: str, masked: str) -> list[_Token]:
    tokens: list[_Token] = []
    for run in _RUN.finditer(masked):
        tokens.extend(_run_tokens(norm, run.start(), run.group()))
    return tokens


def _english_pieces(words: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Split a run of number-ish words into numbers: "five or six" never reaches here,
    "fifty and sixty" splits at "and", "two hundred and fifty" does not."""
    names = [w.group() for w in words]
    pieces: list[list[re.Match[str]]] = [[]]
    for i, word in enumerate(words):
        name = names[i]
        nxt = names[i + 1] if i + 1 < len(names) else ""
        if name == "and" and not (
            pieces[-1] and names[i - 1] in _EN_LEAD and nxt in EN_NUMBER_WORDS
        ):
            pieces.append([])
            continue
        if name in ("a", "an") and nxt not in _EN_LEAD:
            pieces.append([])
            continue
        pieces[-1].append(word)
    return [p for p in pieces if any(w.group() in EN_NUMBER_WORDS for w in p)]


def _english_value(words: list[str]) -> tuple[Decimal, int] | None:
    if "point" in words:
        at = words.index("point")
        left, right = words[:at], words[at + 1 :]
        whole = english_int(left) if left else 0
        if whole is None or not right or any(w not in EN_DIGIT_WORDS for w in right):
            return None
        digits = "".join(str(EN_DIGIT_WORDS[w]) for w in right)
        return Decimal(f"{whole}.{digits}"), len(digits)
    whole = english_int(words)
    return None if whole is None else (Decimal(whole), 0)


def _english_tokens(masked: str) -> list[_Token]:
    """English number words, read only when the text has no digits at all."""
    tokens: list[_Token] = []
    run: list[re.Match[str]] = []
    for word in _WORD.finditer(masked):
        joined = bool(run) and re.fullmatch(r"[\s-]*", masked[run[-1].end() : word.start()])
        if word.group() in _EN_RUN_WORDS and (not run or joined):
            run.append(word)
            continue
        tokens.extend(_english_run(run))
        run = [word] if word.group() in _EN_RUN_WORDS else []
    tokens.extend(_english_run(run))
    return tokens


def _english_run(run: list[re.Match[str]]) -> list[_Token]:
    tokens = []
    for piece in _english_pieces(run):
        names = [w.group() for w in piece]
        text = " ".join(names)
        parsed = _english_value(names)
        start, end = piece[0].start(), piece[-1].end()
        if parsed is None:
            tokens.append(_Token(start, end, text, None))
        else:
            tokens.append(_Token(start, end, text, parsed[0], parsed[1], weak=names == ["one"]))
    return tokens


def _marker_after(norm: str, token: _Token) -> tuple[frozenset[str], Decimal | None, str] | None:
    match = _MARKER_AFTER.match(norm, token.end)
    if match is None or match.lastgroup is None:
        return None
    _, currencies, factor = _MARKERS[int(match.lastgroup[1:])]
    return currencies, factor, match.group(match.lastgroup)


def _has_marker_before(norm: str, token: _Token) -> bool:
    return _MARKER_BEFORE.search(norm[max(0, token.start - 12) : token.start]) is not None


def _combine_minor_units(norm: str, tokens: list[_Token]) -> list[_Token]:
    """'5 dollars 50 cents', '3块5毛', '3元5角', '3块5' → one token; '50 cents' → 0.50."""
    out: list[_Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        after = _marker_after(norm, token)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            token.value is not None
            and after is not None
            and after[1] is None
            and nxt is not None
            and nxt.value is not None
            and _MARKER_ONLY.fullmatch(norm[token.end : nxt.start])
        ):
            nxt_after = _marker_after(norm, nxt)
            minor: Decimal | None = None
            if nxt_after is not None and nxt_after[1] is not None:
                minor = nxt.value * nxt_after[1]
            elif after[2] in _YUAN_WORDS and nxt_after is None and nxt.text in "123456789":
                minor = nxt.value / 10
            if minor is not None:
                value = token.value + minor
                if nxt.value != nxt.value.to_integral_value() or minor >= 1:
                    out.append(replace(token, end=nxt.end, value=None, problem="ambiguous"))
                else:
                    out.append(_Token(token.start, nxt.end, token.text, value, _decimals_of(value)))
                i += 2
                continue
        if token.value is not None and after is not None and after[1] is not None:
            value = token.value * after[1]
            token = replace(token, value=value, decimals=_decimals_of(value), weak=False)
        out.append(token)
        i += 1
    return out


def _counts(norm: str, masked: str, token: _Token) -> bool:
    if not token.weak:
        return True
    if _marker_after(norm, token) is not None or _has_marker_before(norm, token):
        return True
    return re.sub(r"[\W_]+", "", masked) == re.sub(r"[\W_]+", "", token.text)


def _is_negative(norm: str, token: _Token) -> bool:
    return _NEGATIVE_BEFORE.search(norm[max(0, token.start - 12) : token.start]) is not None


def parse_amount(text: str, currency: str) -> int:
    """The one amount in `text`, in minor units of `currency`; raises ParseError.

    "500" → 50000 (USD), "$1,200.50" → 120050, "£40 a week" → 4000, "1.2万" → 1200000 (CNY),
    "two hundred and fifty dollars" → 25000. See the module docstring for the rules.
    """
    exponent = _exponent(currency)
    norm = _normalise(text)
    masked = _mask(norm)
    tokens = _number_tokens(norm, masked)
    if not re.search("[0-9]", masked):
        tokens.extend(_english_tokens(masked))
    tokens.sort(key=lambda t: t.start)
    tokens = [t for t in _combine_minor_units(norm, tokens) if _counts(norm, masked, t)]
    if not tokens:
        raise ParseError("no_amount", f"no amount in {text!r}")
    for marker in _MARKER_RE.finditer(norm):
        named = _MARKERS[int((marker.lastgroup or "m0")[1:])][1]
        if currency not in named:
            raise ParseError(
                "wrong_currency", f"{marker.group().strip()!r} is not {currency} in {text!r}"
            )
    for token in tokens:
        if token.value is None:
            raise ParseError(token.problem, f"{token.text!r} is not one clear number in {text!r}")
    values = {
        -token.value if _is_negative(norm, token) else token.value
        for token in tokens
        if token.value is not None
    }
    if len(values) > 1:
        shown = ", ".join(t.text for t in tokens)
        raise ParseError("ambiguous", f"{text!r} has more than one amount: {shown}")
    (value,) = values
    if value <= 0:
        raise ParseError("not_positive", f"the amount in {text!r} must be more than zero")
    decimals = max(t.decimals for t in tokens)
    if decimals > exponent:
        raise ParseError(
            "too_many_decimals",
            f"{currency} has {exponent} decimal places; {text!r} has {decimals}",
        )
    minor = value.scaleb(exponent)
    if minor != minor.to_integral_value():
        raise ParseError("too_many_decimals", f"{text!r} is not a whole number of minor units")
    if minor >= MAX_MINOR:
        raise ParseError("too_large", f"{text!r} is too large to be an amount")
    return int(minor)
