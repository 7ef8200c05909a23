"""Whether a thank-you also says goodbye ("thanks bye", "谢谢 拜拜").

The NLU reads those as thank, and in the middle of a form a thank-you is answered and the
form asks its question again; a thank-you that says goodbye should end the form instead.
"""

from __future__ import annotations

import re

# Not "later": "thanks, I'll pay later" is no goodbye.
_EN = re.compile(
    r"\b(bye-bye|bye+|goodbye|good bye|see (you|ya|u)|cya|ttyl|take care)(?![\w-])", re.I
)
_ZH = re.compile(r"拜拜|再见|回见|先这样|下次再聊")


def says_bye(text: str) -> bool:
    return bool(_EN.search(text) or _ZH.search(text))
