"""Masks personal data in transcript text before an agent sees it (pure).

The console shows masked text by default; an agent who needs the real value presses
"show", which is logged. Masking is deliberately greedy (years and reference numbers of
four or more digits are hidden too): a hidden year costs a click, a leaked card number
costs far more.
"""

from __future__ import annotations

import re

MASK = "•••"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: optional +, then digits with the separators people type, 7+ digits in all.
# ASCII-only word boundaries: a number glued to Chinese text (电话13812345678) still counts.
_PHONE = re.compile(r"(?<![A-Za-z0-9_.,])\+?\(?\d(?:[\s().-]*\d){6,}(?![A-Za-z0-9_])")
# Any other run of 4+ digits (card, account, ID numbers; \d also matches full-width digits);
# a Chinese ID number may end in X.
_DIGITS = re.compile(r"\d{4,}(?:[Xx](?![A-Za-z]))?")


def mask_pii(text: str) -> str:
    """The text with emails, phone numbers and runs of 4+ digits replaced by •••."""
    text = _EMAIL.sub(MASK, text)
    text = _PHONE.sub(MASK, text)
    return _DIGITS.sub(MASK, text)
