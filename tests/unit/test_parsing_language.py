from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parsing import Language, detect_language, requested_language

REQUESTS: list[tuple[str, Language | None]] = [
    # the brief's examples
    ("English please", "en"),
    ("can u speak english", "en"),
    ("in chinese", "zh"),
    ("说中文", "zh"),
    ("用英文", "en"),
    ("讲英语", "en"),
    ("换成中文", "zh"),
    ("中文", "zh"),
    ("普通话", "zh"),
    # more requests
    ("English", "en"),
    ("english?", "en"),
    ("Speak English!!", "en"),
    ("ENGLISH PLS", "en"),
    ("englsh please", "en"),
    ("Chinese, please", "zh"),
    ("do you speak chinese?", "zh"),
    ("switch to English", "en"),
    ("can we continue in english", "en"),
    ("I'd prefer Mandarin", "zh"),
    ("english version please", "en"),
    ("I speak english", "en"),
    ("中文谢谢", "zh"),
    ("中文版", "zh"),
    ("请用English", "en"),
    ("能不能说中文", "zh"),  # "can or cannot" is a question, not a negation
    ("讲中文可以吗", "zh"),
    ("你会说英语吗", "en"),
    ("切换到英文", "en"),
    ("国语", "zh"),
    ("简体中文", "zh"),
    ("english not chinese", "en"),
    ("不要英文，说中文", "zh"),
    ("Could you reply in Chinese, my English is poor", "zh"),
    ("my english is bad, can you speak chinese", "zh"),
    ("I don't understand chinese, english please", "en"),
    # not requests
    ("I don't speak english", None),
    ("no english", None),
    ("my english is bad", None),
    ("chinese food", None),
    ("I love chinese food", None),
    ("english or chinese", None),
    ("我不会说英语", None),
    ("我看不懂英文", None),
    ("我是中国人", None),
    ("I'm Chinese", None),
    ("中文名字", None),
    ("ok", None),
    ("500", None),
    ("help", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), REQUESTS)
def test_requested_language(text: str, expected: Language | None) -> None:
    assert requested_language(text) == expected


DETECTED: list[tuple[str, Language | None]] = [
    ("I want to pay", "en"),
    ("can u speak english", "en"),
    ("I can pay 500 next friday", "en"),
    ("我想还钱", "zh"),
    ("下周五还五百", "zh"),
    ("说中文", "zh"),
    ("我想 pay 500", "zh"),  # more ideographs than Latin words
    ("OK 好的", "zh"),
    ("ok", None),
    ("500", None),
    ("12/15", None),
    ("yes please", None),  # fewer than three words
    ("hi", None),
    ("", None),
    ("$1,200.50", None),
    ("I want to pay 五百", None),  # mixed, mostly English words
    ("こんにちは世界です", None),  # Japanese
    ("今日は晴れです", None),
    ("안녕하세요 여러분", None),  # Korean
    ("ＩＷＡＮＴ to pay", "en"),  # full-width letters
]


@pytest.mark.parametrize(("text", "expected"), DETECTED)
def test_detect_language(text: str, expected: Language | None) -> None:
    assert detect_language(text) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_random_text_gives_a_language_or_none(text: str) -> None:
    assert requested_language(text) in ("en", "zh", None)
    assert detect_language(text) in ("en", "zh", None)
