"""Which characters of a message sit inside quotation marks."""

from __future__ import annotations

_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset('"“”„'),
    frozenset("'‘’‚"),
    frozenset("「」"),
    frozenset("『』"),
    frozenset("«»"),
)
_SINGLE = _FAMILIES[1]


def _family(char: str) -> frozenset[str] | None:
    for family in _FAMILIES:
        if char in family:
            return family
    return None


def _is_apostrophe(text: str, index: int) -> bool:
    # don't, debtor’s: a single quote between two letters is part of the word.
    return 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()


def quoted_mask(text: str) -> tuple[bool, ...]:
    """True for each character between a matching pair of quotation marks.

    Quotes do not nest, and an opening mark that is never closed marks nothing.
    """
    mask = [False] * len(text)
    open_family: frozenset[str] | None = None
    open_at = -1
    for index, char in enumerate(text):
        family = _family(char)
        if family is None or (family is _SINGLE and _is_apostrophe(text, index)):
            continue
        if open_family is None:
            open_family, open_at = family, index
        elif family is open_family:
            for inside in range(open_at + 1, index):
                mask[inside] = True
            open_family = None
    return tuple(mask)
