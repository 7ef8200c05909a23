"""The opt-out words every channel must honour, whoever is answering (pure).

The dialogue understands "please stop texting me" in its own words (intent opt_out), but
Rasa does not see the debtor's messages while a person has the conversation, and may be down.
So the gateway honours the standard keywords itself, in every state: a whole message of STOP,
STOPALL, UNSUBSCRIBE, OPT OUT, 退订, 取消订阅 or TD (the Chinese SMS convention), in any case,
width or punctuation. Words that also mean something else in a live chat ("end", "quit",
"cancel") are left to the dialogue or the person reading them.
"""

from __future__ import annotations

import unicodedata

_KEYWORDS = frozenset(
    {"stop", "stopall", "stop all", "unsubscribe", "opt out", "optout", "退订", "td", "取消订阅"}
)


def is_opt_out(text: str) -> bool:
    """True when the whole message is an opt-out keyword ("STOP", "stop.", "退订！")."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(ch if unicodedata.category(ch)[0] not in "PS" else " " for ch in norm)
    return " ".join(kept.split()) in _KEYWORDS
