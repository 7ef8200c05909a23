"""Whether a phrase is negated ("I'm not complaining", 不用转人工)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from bot.signals.chinese import ChineseText
from bot.signals.english import Token, squeeze

# Words a negation reaches across: "not *going to make a* complaint".
_TRANSPARENT = frozenset(
    squeeze(word)
    for words in (
        "a an the to be been being going trying try want wanting wanted need needing needed",
        "really even ever any some for of with i im am is are was were do does did have has",
        "had this that it me my you your make making made file filing ask asking talk talking",
        "speak speaking think mean meant intend intending plan planning at all about actually",
        "feel feeling get getting would will can could should like say saying so too very",
        "here looking bit",
    )
    for word in words.split()
)
_REACH = 6
# "No" negates only what follows it directly: "no human" but not "no I want a human".
# Longer cues that start with it ("no need", "no intention") reach as far as any other.
_ADJACENT_ONLY = frozenset({("no",)})


def _asks_why(tokens: Sequence[Token], before: int, clause: int) -> bool:
    # "why don't you put me through to a person" asks for one.
    words = [t.squeezed for t in tokens[:before] if t.clause == clause]
    return "why" in words or ("how", "come") in pairwise(words)


@lru_cache(maxsize=8)
def _split_cues(cues: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(cue.split()) for cue in cues), key=len, reverse=True))


def english_negated(tokens: Sequence[Token], first: int, cues: tuple[str, ...]) -> bool:
    """A negation cue precedes token `first` in its clause, with only light words between."""
    clause = tokens[first].clause
    split_cues = _split_cues(cues)
    index = first - 1
    while index >= 0 and first - index <= _REACH + 1 and tokens[index].clause == clause:
        for cue in split_cues:
            start = index - len(cue) + 1
            if start < 0 or tuple(t.squeezed for t in tokens[start : index + 1]) != cue:
                continue
            if tokens[start].clause != clause or (cue in _ADJACENT_ONLY and index != first - 1):
                continue
            return not _asks_why(tokens, start, clause)
        if tokens[index].squeezed not in _TRANSPARENT:
            return False
        index -= 1
    return False


# Words that may sit between a Chinese negation and the phrase: 不用转人工, 没有要投诉.
# 需 lets 不需 reach a phrase that itself starts with 要 (不需要人工: the entry 要人工).
_FILLERS = ("打算", "需要", "要", "想", "去", "再", "用", "会", "是", "在", "必", "找", "需")
_WHY = ("为什么", "为啥", "怎么", "干嘛", "凭什么", "何不")
_DOUBLE_NEGATION = ("不得", "不能", "不可", "没法")
_A_NOT_A = frozenset({"不", "没"})
# Words that merely end in a negation character: 特别焦虑 is "very anxious".
_NOT_A_CUE = (
    "特别",
    "分别",
    "区别",
    "告别",
    "级别",
    "类别",
    "性别",
    "个别",
    "差别",
    "识别",
    "辨别",
    "鉴别",
    "离别",
    "道别",
    "临别",
    "派别",
    "出没",
    "埋没",
    "淹没",
    "沉没",
    "吞没",
)


@lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    if not cues:
        return None
    alternatives = "|".join(re.escape(cue) for cue in sorted(cues, key=len, reverse=True))
    fillers = "|".join(_FILLERS)
    return re.compile(f"(?P<cue>{alternatives})(?:{fillers}){{0,2}}$")


def chinese_negated(text: ChineseText, start: int, cues: tuple[str, ...]) -> bool:
    pattern = _cue_pattern(cues)
    if pattern is None:
        return False
    clause_start = text.clause_start(start)
    before = text.text[clause_start:start]
    found = pattern.search(before)
    if found is None:
        return False
    cue_at, cue_end = found.span("cue")
    lead = before[:cue_at]
    if before[max(cue_at - 1, 0) : cue_end].endswith(_NOT_A_CUE):
        return False
    after_cue = text.text[clause_start + cue_end : clause_start + cue_end + 1]
    if found.group("cue") in _A_NOT_A and lead[-1:] == after_cue:
        return False  # 要不要转人工 / 能不能 asks, it does not refuse
    return not (lead.endswith(_DOUBLE_NEGATION) or any(word in lead for word in _WHY))
