"""A thank-you that also says goodbye ends a form; a plain one does not."""

from __future__ import annotations

import pytest

from bot.farewell import says_bye


@pytest.mark.parametrize(
    "text",
    [
        "thanks bye",
        "ok thx, byeee",
        "thank you, see you",
        "谢谢 拜拜",
        "谢谢，再见",
        "好的谢谢 先这样",
    ],
)
def test_a_thank_you_with_a_goodbye(text: str) -> None:
    assert says_bye(text)


@pytest.mark.parametrize(
    "text",
    ["thanks", "thank you, I'll pay later", "thanks, maybe", "谢谢", "谢谢你的耐心", "bye-law"],
)
def test_a_plain_thank_you(text: str) -> None:
    assert not says_bye(text)
