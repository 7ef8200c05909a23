"""A button's words typed instead of tapped (pure).

People type "set up a plan" or "ok fine set up a plan then" under the buttons they were just
shown; the classifier may read the second as a bare "yes", which answers nothing. The
gateway hands Rasa the button's payload instead, as if it had been tapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_SPACE = re.compile(r"[\s,.!?;:，。！？、]+")


def _plain(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip()


def _contains(text: str, title: str) -> bool:
    if not title:
        return False
    if title.isascii():
        return re.search(rf"(?<!\w){re.escape(title)}(?!\w)", text) is not None
    return title in text  # Chinese has no spaces to mark word edges


def typed_button(text: str, intent: str | None, buttons: Iterable[Mapping[str, Any]]) -> str | None:
    """The payload of the button whose title `text` is, or, when the message reads as a bare
    yes, of the one button whose title it contains. Only intent payloads ("/..."): a typed
    "Pay £30.00" cannot open the wallet."""
    offered = [
        (_plain(str(b.get("title") or "")), str(b.get("payload") or ""))
        for b in buttons
        if str(b.get("payload") or "").startswith("/")
    ]
    said = _plain(text)
    exact = [payload for title, payload in offered if title and title == said]
    if exact:
        return exact[0]
    if intent != "affirm":
        return None
    named = {payload for title, payload in offered if _contains(said, title)}
    return named.pop() if len(named) == 1 else None
