"""What a debtor is told on a handoff: crisis lines per market, waits, in both languages."""

from __future__ import annotations

import pytest

from bot.handoff.policy import Reason, reason_for
from bot.handoff.replies import (
    CALLBACK_PAYLOAD,
    crisis_utterances,
    handoff_utterances,
    queue_utterances,
    render_all,
    still_waiting_utterances,
    utterances_from_json,
)
from bot.handoff.resources import load_resources, market_for
from bot.i18n.messages import RESPONSES
from bot.signals import screen

MARKETS = load_resources()


def _text(messages: list[dict]) -> str:
    return "\n".join(m["text"] for m in messages)


def test_the_crisis_lines_are_exactly_the_vetted_ones() -> None:
    # A guard: a changed number must be a deliberate, reviewed edit of this test too.
    numbers = {code: [line.phone for line in m.lines] for code, m in MARKETS.items()}
    assert numbers == {"US": ["988"], "GB": ["116 123"], "CN": ["010-82951332", "400-161-9995"]}
    assert MARKETS["US"].lines[0].text and MARKETS["US"].lines[0].always_open
    assert {m.emergency for m in MARKETS.values()} == {"911", "999", "110 / 120"}
    for market in MARKETS.values():
        for line in market.lines:
            assert line.name("en") and line.name("zh_Hans")


@pytest.mark.parametrize(
    ("locale", "market"),
    [
        ("en_US", "US"),
        ("en_GB", "GB"),
        ("zh_Hans_CN", "CN"),
        ("zh_CN", "CN"),
        ("en", None),
        ("fr_FR", "FR"),
        (None, None),
        ("not a locale!", None),
    ],
)
def test_market_is_the_locale_territory(locale: str | None, market: str | None) -> None:
    assert market_for(locale) == market


def test_us_debtor_gets_988() -> None:
    text = _text(render_all(crisis_utterances("en_US", MARKETS), "en_US"))
    assert "I'm really sorry you're feeling this way" in text
    assert "988 Suicide & Crisis Lifeline: call or text 988, any time, day or night" in text
    assert "please call 911" in text


def test_uk_debtor_gets_samaritans() -> None:
    text = _text(render_all(crisis_utterances("en_GB", MARKETS), "en_GB"))
    assert "Samaritans: call 116 123, any time, day or night" in text and "999" in text
    assert "988" not in text


def test_chinese_crisis_message_gets_chinese_lines_in_chinese() -> None:
    screening = screen("我真的不想活了，活着没意思")
    assert reason_for(screening) == "crisis" and screening.priority == 1
    utterances = handoff_utterances("crisis", "zh_Hans_CN", None, MARKETS)
    text = _text(render_all(utterances, "zh_Hans_CN"))
    assert "北京心理危机研究与干预中心：请拨打 010-82951332" in text
    assert "全国心理援助热线：请拨打 400-161-9995" in text
    assert "110 / 120" in text
    assert "I'm" not in text  # all of it translated


def test_unknown_market_gets_the_generic_line_not_a_wrong_number() -> None:
    for locale in ("fr_FR", "en", None):
        text = _text(render_all(crisis_utterances(locale, MARKETS), locale))
        assert "findahelpline.com" in text
        assert not any(line.phone in text for m in MARKETS.values() for line in m.lines)


def test_crisis_comes_first_then_what_happens_next() -> None:
    utterances = handoff_utterances("crisis", "en_US", 4, MARKETS)
    assert utterances[0].response == "utter_crisis_support"
    assert utterances[-1].response == "utter_handoff_queued"


@pytest.mark.parametrize(
    ("reason", "first"),
    [
        ("distress", ["utter_handoff_distress"]),
        ("vulnerability", ["utter_handoff_vulnerability"]),
        ("complaint", ["utter_handoff_complaint"]),
        ("request", []),  # asked for a person: being brought one is the whole answer
        ("fallback", []),
        ("error", []),
    ],
)
def test_what_the_debtor_said_is_answered_before_the_wait(reason: Reason, first: list[str]) -> None:
    said = [u.response for u in handoff_utterances(reason, "en_US", None, MARKETS)]
    assert said == [*first, "utter_handoff_no_agent"]


def test_a_job_loss_hears_what_a_person_can_do_in_the_debtors_language() -> None:
    screening = screen("我失业了 还不起")
    assert reason_for(screening) == "vulnerability"
    utterances = handoff_utterances("vulnerability", "zh_Hans_CN", 5, MARKETS)
    text = _text(render_all(utterances, "zh_Hans_CN"))
    assert "暂停还款" in text and "5" in text
    assert "I'm" not in text


def test_the_wait_or_an_honest_later_with_a_callback() -> None:
    waiting = render_all(queue_utterances(7), "en_US")
    assert "about 7 min" in waiting[0]["text"] and "buttons" not in waiting[0]
    nobody = render_all(queue_utterances(None), "zh_Hans_CN")
    assert "暂时没有客服在线" in nobody[0]["text"]
    assert nobody[0]["buttons"] == [{"title": "请求回电", "payload": CALLBACK_PAYLOAD}]


def test_still_waiting_says_the_message_is_saved_and_the_wait_now() -> None:
    waiting = render_all(still_waiting_utterances(12), "zh_Hans_CN")
    assert "已保存" in waiting[0]["text"] and "12" in waiting[0]["text"]
    assert "buttons" not in waiting[0]
    nobody = render_all(still_waiting_utterances(None), "en_US")
    assert "Nobody from our team is available" in nobody[0]["text"]
    assert nobody[0]["buttons"] == [{"title": "Request a callback", "payload": CALLBACK_PAYLOAD}]


@pytest.mark.parametrize("locale", ["en_US", "zh_Hans_CN"])
def test_every_handoff_response_renders(locale: str) -> None:
    names = [n for n in RESPONSES if n.startswith(("utter_crisis", "utter_handoff"))]
    assert len(names) >= 12
    args = {"name": "Line", "phone": "123", "emergency": "999", "minutes": 3}
    for name in names:
        assert render_all(
            [u for u in utterances_from_json([{"response": name, "args": args}])], locale
        )[0]["text"]


def test_utterances_survive_the_trip_to_the_action_server() -> None:
    utterances = handoff_utterances("crisis", "en_GB", 2, MARKETS)
    again = utterances_from_json([u.as_json() for u in utterances] + [{"junk": 1}, "x"])
    assert again == utterances
