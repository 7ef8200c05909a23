"""Chinese text as one string the Chinese lexicon is searched in.

Chinese has no spaces between words, and debtors sometimes type 转 人 工: spaces
next to a Chinese character are dropped, spaces between two Latin words kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.signals.english import base_text
from bot.signals.quotes import quoted_mask

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
CLAUSE_BREAKS = frozenset(".,;:!?…\n\r，。；：！？、")


@dataclass(frozen=True)
class ChineseText:
    text: str
    quoted: tuple[bool, ...]

    def clause_start(self, index: int) -> int:
        start = index
        while start > 0 and self.text[start - 1] not in CLAUSE_BREAKS:
            start -= 1
        return start


def _is_cjk(char: str) -> bool:
    return _CJK.match(char) is not None


def _drops_space(kept: list[str], next_char: str) -> bool:
    if not kept or not next_char or kept[-1] in " \n":
        return True
    return _is_cjk(kept[-1]) or _is_cjk(next_char)


def chinese_text(text: str) -> ChineseText:
    base = base_text(text)
    mask = quoted_mask(base)
    next_visible = [""] * (len(base) + 1)
    for index in range(len(base) - 1, -1, -1):
        char = base[index]
        next_visible[index] = next_visible[index + 1] if char.isspace() else char
    chars: list[str] = []
    quoted: list[bool] = []
    for index, char in enumerate(base):
        if char.isspace():
            if char in "\n\r":
                char = "\n"
            elif _drops_space(chars, next_visible[index]):
                continue
            else:
                char = " "
        elif char in "\n\r":
            char = "\n"
        chars.append(char)
        quoted.append(mask[index])
    return ChineseText("".join(chars), tuple(quoted))
