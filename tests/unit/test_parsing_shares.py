"""bot/parsing/shares.py: 'all of it' and 'half' in answer to "how much?"."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.parsing.shares import apply_share, share_of_balance


@pytest.mark.parametrize(
    "text",
    [
        "full",  # the pay-it-all button's payload value
        "all of it",
        "All",
        "everything!",
        "i'll pay it all now",
        "I want to pay the full amount please",
        "pay it off",
        "yes the whole balance",
        "全部还清",
        "全部",
        "我想一次性还清",
        "还清吧",
        "全额支付",
    ],
)
def test_the_whole_balance(text: str) -> None:
    assert share_of_balance(text) == 1


@pytest.mark.parametrize(
    "text",
    # "我 先还一半" and "i'll pay half on" are what is left once a date is taken out.
    [
        "half",
        "half of it now",
        "I can pay half",
        "先还一半",
        "一半吧",
        "我 先还一半",
        "i'll pay half on",
    ],
)
def test_half_the_balance(text: str) -> None:
    assert share_of_balance(text) == Fraction(1, 2)


@pytest.mark.parametrize(
    "text",
    [
        "not all of it",
        "i can't pay all of it",
        "that's all",
        "all good",
        "half now and half next month",
        "half my salary goes on rent",
        "不能全部还",
        "还不了一半",
        "200",
        "",
    ],
)
def test_anything_else_is_not_a_share(text: str) -> None:
    assert share_of_balance(text) is None


def test_half_of_an_odd_amount_is_rounded_up() -> None:
    assert apply_share(Fraction(1, 2), 92041) == 46021
    assert apply_share(Fraction(1), 92041) == 92041


@given(st.integers(min_value=1, max_value=10**12))
def test_two_halves_cover_the_balance_and_never_exceed_it_by_more_than_a_minor_unit(
    owed: int,
) -> None:
    half = apply_share(Fraction(1, 2), owed)
    assert owed <= 2 * half <= owed + 1
