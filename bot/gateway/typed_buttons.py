"""A button's words typed instead of tapped (pure).

People type "set up a plan" or "ok fine set up a plan then" under the buttons they were just
shown; the classifier may read the second as a bare "yes", which answers nothing, or be torn
between "yes" and the plan and fall back. The gateway hands Rasa the button's payload
instead, as if it had been tapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.intents import NLU_FALLBACK

_SPACE = re.compile(r"[\s,.!?;:，。！？、]+")
# Under an unsure reading, a message with any of these is left to the fallback's "say it
# another way": "i don't want to set up a plan" must never become the plan.
_NEGATIONS_EN = frozenset({"no", "not", "never", "nope", "nah", "dont", "cant", "wont", "without"})
_NEGATIONS_ZH = ("不", "别", "没")


def _plain(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip()


def _contains(text: str, title: str) -> bool:
    if not title:
        return False
    if title.isascii():
        return re.search(rf"(?<!\w){re.escape(title)}(?!\w)", text) is not None
    return title in text  # Chinese has no spaces to mark word edges


def _negated(said: str) -> bool:
    words = said.replace("’", "'").split()
    return any(w in _NEGATIONS_EN or w.endswith("n't") for w in words) or any(
        n in said for n in _NEGATIONS_ZH
    )


def _intent_of(payload: str) -> str:
    """'/inform{"plan_option": "a"}' -> 'inform'."""
    return payload[1:].split("{", 1)[0]


def typed_button(
    text: str, intent: str | None, buttons: Iterable[Mapping[str, Any]], best: str | None = None
) -> str | None:
    """The payload of the button whose title `text` is; or of the one button whose title it
    contains, when the message reads as a bare yes, or when the classifier fell back with a
    yes or that button's own intent as its best guess (`best`) and nothing in it says no.
    Only intent payloads ("/..."): a typed "Pay £30.00" cannot open the wallet."""
    offered = [
        (_plain(str(b.get("title") or "")), str(b.get("payload") or ""))
        for b in buttons
        if str(b.get("payload") or "").startswith("/")
    ]
    said = _plain(text)
    exact = [payload for title, payload in offered if title and title == said]
    if exact:
        return exact[0]
    named = {payload for title, payload in offered if _contains(said, title)}
    if len(named) != 1:
        return None
    (payload,) = named
    if intent == "affirm":
        return payload
    unsure_yes = intent == NLU_FALLBACK and best in ("affirm", _intent_of(payload))
    return payload if unsure_yes and not _negated(said) else None
