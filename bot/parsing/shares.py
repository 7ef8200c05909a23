"""'All of it', '全部还清', 'half' in answer to "how much?" → the share of the balance meant.

Pure: the caller applies the share to what is owed. The whole message must be the answer
(a few lead words such as "I'll pay" / "我先还" and trailing "now" / "吧" allowed), so "not
all of it", "that's all" or "half my salary goes on rent" are not read as amounts.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

_LEAD: Final = (
    r"(?:(?:ok|okay|yes|yeah|just|i|i'?ll|i will|i want to|i wanna|i'?d like to|i would like to"
    r"|i can|let me|can i|to|on|by|come)\s+)*"
    r"(?:(?:pay|pay off|settle|clear)\s+)?"
    r"(?:我|要|想|先|就|能|可以|直接)*(?:还|付|支付|还款|结)?"
)
_TRAIL: Final = (
    r"(?:\s+(?:now|today|right now|please|pls|plz|then|thanks|thank you|on|by|before))*"
    r"(?:还|还清|还了|付|付清|支付|结清)?(?:现在|今天|马上|吧|了|啦|呗|哈)*"
)
_WHOLE: Final = (
    r"(?:all|all of it|it all|it all off|everything|the lot|the whole lot|in full|full"
    r"|the full amount|full amount|the full balance|the whole (?:amount|balance|thing)"
    r"|whole (?:amount|balance|thing)|the (?:entire|total) (?:amount|balance)|it off|off"
    r"|全部|全部还清|全部结清|全还|全额|还清|结清|一次性还清|一次还清|一次性|都还|全都还"
    r"|全部还|全部付清|付清)"
)
_HALF: Final = r"(?:half|half of it|half the (?:amount|balance)|一半|一半的钱)"

# A gap next to a Chinese character is where a date was taken out ("周五 先还一半").
_CJK_GAP: Final = re.compile(r"(?<=[\u4e00-\u9fff]) | (?=[\u4e00-\u9fff])")

_SHARES: Final = (
    (Fraction(1), re.compile(_LEAD + _WHOLE + _TRAIL)),
    (Fraction(1, 2), re.compile(_LEAD + _HALF + _TRAIL)),
)


def share_of_balance(text: str) -> Fraction | None:
    """1 for "all of it" / "全部还清", 1/2 for "half" / "先还一半"; None for anything else."""
    words = re.sub(r"[^\w\s']", " ", text.lower())
    normal = _CJK_GAP.sub("", " ".join(words.split()))
    for share, pattern in _SHARES:
        if pattern.fullmatch(normal):
            return share
    return None


def apply_share(share: Fraction, owed_minor: int) -> int:
    """The share of what is owed in minor units, rounded up so two halves cover it all."""
    return -(-owed_minor * share.numerator // share.denominator)
