"""bot/compliance/optout.py: the keywords honoured while a person has the conversation."""

from __future__ import annotations

import pytest

from bot.compliance.optout import is_opt_out


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "stop",
        " Stop. ",
        "ＳＴＯＰ",
        "STOP ALL",
        "unsubscribe!",
        "Opt-out",
        "退订",
        "退订！",
        "TD",
    ],
)
def test_the_keywords_are_honoured_in_any_case_width_or_punctuation(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text",
    [
        "stop calling my mother",  # a complaint for the person reading it, not a keyword
        "don't stop",
        "please stop",
        "end",
        "cancel",
        "I want to unsubscribe from the newsletter and talk about my plan",
        "别再发了",
        "",
    ],
)
def test_other_messages_are_left_to_the_person(text: str) -> None:
    assert not is_opt_out(text)
