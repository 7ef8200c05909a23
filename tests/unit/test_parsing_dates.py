from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parsing import ParseError, parse_date, parse_moved_date, without_dates

WEDNESDAY = date(2026, 3, 11)  # weeks start on Monday 2026-03-09

# (text, expected) with today = Wednesday 2026-03-11 — expected dates worked out by hand
ON_WEDNESDAY = [
    # the brief's examples
    ("next Friday", date(2026, 3, 20)),  # Friday of next week
    ("friday", date(2026, 3, 13)),
    ("this friday", date(2026, 3, 13)),
    ("下周五", date(2026, 3, 20)),
    ("周五", date(2026, 3, 13)),
    ("这周五", date(2026, 3, 13)),
    ("星期五", date(2026, 3, 13)),
    ("礼拜五", date(2026, 3, 13)),
    ("the 15th", date(2026, 3, 15)),
    ("15th", date(2026, 3, 15)),
    ("on the 3rd", date(2026, 4, 3)),  # the 3rd of March is past
    ("15号", date(2026, 3, 15)),
    ("下个月15号", date(2026, 4, 15)),
    ("月底", date(2026, 3, 31)),
    ("end of the month", date(2026, 3, 31)),
    ("tomorrow", date(2026, 3, 12)),
    ("明天", date(2026, 3, 12)),
    ("后天", date(2026, 3, 13)),
    ("in 2 weeks", date(2026, 3, 25)),
    ("两周后", date(2026, 3, 25)),
    ("2026-12-01", date(2026, 12, 1)),
    ("12/15", date(2026, 12, 15)),
    ("Dec 1", date(2026, 12, 1)),
    ("1 December", date(2026, 12, 1)),
    ("12月1日", date(2026, 12, 1)),
    # weekdays
    ("wednesday", date(2026, 3, 18)),  # a bare weekday is strictly after today
    ("this wednesday", date(2026, 3, 11)),  # "this" includes today
    ("这周三", date(2026, 3, 11)),
    ("next wednesday", date(2026, 3, 18)),
    ("wed next week", date(2026, 3, 18)),
    ("friday this week", date(2026, 3, 13)),
    ("this coming friday", date(2026, 3, 13)),
    ("monday", date(2026, 3, 16)),
    ("next monday", date(2026, 3, 16)),
    ("sunday", date(2026, 3, 15)),
    ("next sunday", date(2026, 3, 22)),
    ("周日", date(2026, 3, 15)),
    ("星期天", date(2026, 3, 15)),
    ("下周日", date(2026, 3, 22)),
    ("下个星期五", date(2026, 3, 20)),
    ("下下周五", date(2026, 3, 27)),
    ("by friday", date(2026, 3, 13)),
    ("I can pay on friday", date(2026, 3, 13)),
    ("I'll pay 500 next friday", date(2026, 3, 20)),
    ("我下周五还五百", date(2026, 3, 20)),
    ("周五下午三点", date(2026, 3, 13)),
    ("monday 5pm", date(2026, 3, 16)),
    ("next tuesday at noon", date(2026, 3, 17)),
    ("friday the 13th", date(2026, 3, 13)),  # the weekday agrees with the date
    ("tue 15 dec", date(2026, 12, 15)),
    ("fridays", date(2026, 3, 13)),
    ("firday", date(2026, 3, 13)),
    # weekends
    ("this weekend", date(2026, 3, 14)),
    ("周末", date(2026, 3, 14)),
    ("下周末", date(2026, 3, 21)),
    # days of the month
    ("the 31st", date(2026, 3, 31)),
    ("the first", date(2026, 4, 1)),
    ("i get paid on the first", date(2026, 4, 1)),
    ("before the 20th", date(2026, 3, 20)),
    ("on the 20", date(2026, 3, 20)),
    ("the 15", date(2026, 3, 15)),
    ("on 15", date(2026, 3, 15)),
    ("1st", date(2026, 4, 1)),
    ("15日", date(2026, 3, 15)),
    ("十五号", date(2026, 3, 15)),
    ("三十一号", date(2026, 3, 31)),
    ("十号", date(2026, 4, 10)),
    ("15", date(2026, 3, 15)),  # a lone day answering "which day?"
    ("十五", date(2026, 3, 15)),
    ("11", date(2026, 3, 11)),  # today is the 11th
    ("15号下午", date(2026, 3, 15)),
    ("每月15号", date(2026, 3, 15)),
    # days of other months
    ("下个月31号", date(2026, 4, 30)),  # April has 30 days
    ("下月5号", date(2026, 4, 5)),
    ("本月20号", date(2026, 3, 20)),
    ("15th next month", date(2026, 4, 15)),
    ("the 15th of next month", date(2026, 4, 15)),
    ("the first of next month", date(2026, 4, 1)),
    ("next month on the 20th", date(2026, 4, 20)),
    ("20th of this month", date(2026, 3, 20)),
    ("end of next month", date(2026, 4, 30)),
    ("next month end", date(2026, 4, 30)),
    ("下个月底", date(2026, 4, 30)),
    ("月末", date(2026, 3, 31)),
    ("月初", date(2026, 4, 1)),
    ("beginning of next month", date(2026, 4, 1)),
    # relative
    ("today", date(2026, 3, 11)),
    ("tonight", date(2026, 3, 11)),
    ("今天", date(2026, 3, 11)),
    ("tmrw", date(2026, 3, 12)),
    ("tommorow", date(2026, 3, 12)),
    ("the day after tomorrow", date(2026, 3, 13)),
    ("大后天", date(2026, 3, 14)),
    ("后天下午", date(2026, 3, 13)),
    ("in two weeks", date(2026, 3, 25)),
    ("in a week", date(2026, 3, 18)),
    ("in 10 days", date(2026, 3, 21)),
    ("in a month", date(2026, 4, 11)),
    ("in a fortnight", date(2026, 3, 25)),
    ("2 weeks from now", date(2026, 3, 25)),
    ("a week from today", date(2026, 3, 18)),
    ("two weeks later", date(2026, 3, 25)),
    ("can i pay in 3 weeks", date(2026, 4, 1)),
    ("三天后", date(2026, 3, 14)),
    ("一周后", date(2026, 3, 18)),
    ("两个星期后", date(2026, 3, 25)),
    ("一个礼拜后", date(2026, 3, 18)),
    ("一个月后", date(2026, 4, 11)),
    ("半个月后", date(2026, 3, 26)),
    # calendar dates
    ("十二月一日", date(2026, 12, 1)),
    ("12月1号", date(2026, 12, 1)),
    ("2026年12月1日", date(2026, 12, 1)),
    ("明年3月1日", date(2027, 3, 1)),
    ("3月1日", date(2027, 3, 1)),  # March 1 is past this year
    ("2026/12/1", date(2026, 12, 1)),
    ("December 1st 2026", date(2026, 12, 1)),
    ("1st of december", date(2026, 12, 1)),
    ("december the first", date(2026, 12, 1)),
    ("dec 1, 2027", date(2027, 12, 1)),
    ("1-dec-2026", date(2026, 12, 1)),
    ("march 15", date(2026, 3, 15)),
    ("15 march", date(2026, 3, 15)),
    ("12/15/2026", date(2026, 12, 15)),
    ("15/12/26", date(2026, 12, 15)),
    ("15/12", date(2026, 12, 15)),
    ("12-15", date(2026, 12, 15)),
    ("5/5", date(2026, 5, 5)),
    ("2/29", date(2028, 2, 29)),  # the next February 29
    ("３月１５日", date(2026, 3, 15)),  # full-width digits
    ("end of march", date(2026, 3, 31)),
    ("end of feb", date(2027, 2, 28)),
    ("3月底", date(2026, 3, 31)),
    ("四月末", date(2026, 4, 30)),
    ("Friday 20 March", date(2026, 3, 20)),
    ("Fri 20/3", date(2026, 3, 20)),
    ("on the 20th, friday", date(2026, 3, 20)),
    ("四月二十号", date(2026, 4, 20)),
    ("2026.4.20", date(2026, 4, 20)),
    ("20.4.2026", date(2026, 4, 20)),
    ("下个月的15号", date(2026, 4, 15)),
    ("下月15", date(2026, 4, 15)),
    ("三号", date(2026, 4, 3)),
    ("这个月底", date(2026, 3, 31)),
    ("下个月初", date(2026, 4, 1)),
    ("10天后", date(2026, 3, 21)),
    ("三个月后", date(2026, 6, 11)),
    ("pay 100 at 3:30 tomorrow", date(2026, 3, 12)),
    ("I'll pay 200 on 1/15", date(2027, 1, 15)),
]


@pytest.mark.parametrize(("text", "expected"), ON_WEDNESDAY)
def test_parse_date_on_a_wednesday(text: str, expected: date) -> None:
    assert parse_date(text, WEDNESDAY) == expected


# (text, today, expected): the week and month edges
EDGES = [
    ("friday", date(2026, 3, 13), date(2026, 3, 20)),  # on a Friday: next week's
    ("this friday", date(2026, 3, 13), date(2026, 3, 13)),
    ("周五", date(2026, 3, 13), date(2026, 3, 20)),
    ("这周五", date(2026, 3, 13), date(2026, 3, 13)),
    ("friday", date(2026, 3, 14), date(2026, 3, 20)),  # on a Saturday
    ("this friday", date(2026, 3, 14), date(2026, 3, 20)),
    ("next friday", date(2026, 3, 15), date(2026, 3, 20)),  # on a Sunday: 5 days on
    ("下周五", date(2026, 3, 15), date(2026, 3, 20)),
    ("next friday", date(2026, 3, 16), date(2026, 3, 27)),  # on a Monday: 11 days on
    ("周末", date(2026, 3, 15), date(2026, 3, 15)),  # on a Sunday: today
    ("the 31st", date(2026, 2, 10), date(2026, 2, 28)),  # clamped to February's end
    ("the 30th", date(2028, 2, 29), date(2028, 2, 29)),  # leap day, clamped: today
    ("the 30th", date(2026, 1, 31), date(2026, 2, 28)),
    ("31号", date(2026, 4, 1), date(2026, 4, 30)),
    ("下个月31号", date(2026, 1, 31), date(2026, 2, 28)),
    ("月底", date(2026, 3, 31), date(2026, 3, 31)),  # on the last day: today
    ("月底", date(2028, 2, 3), date(2028, 2, 29)),
    ("end of next month", date(2026, 12, 5), date(2027, 1, 31)),
    ("月初", date(2026, 4, 1), date(2026, 4, 1)),
    ("the 1st", date(2026, 12, 31), date(2027, 1, 1)),
    ("dec 1", date(2026, 12, 2), date(2027, 12, 1)),
    ("in a month", date(2026, 1, 31), date(2026, 2, 28)),
    ("tomorrow", date(2026, 12, 31), date(2027, 1, 1)),
    ("下个月15号", date(2026, 12, 20), date(2027, 1, 15)),
]


@pytest.mark.parametrize(("text", "today", "expected"), EDGES)
def test_parse_date_at_week_and_month_edges(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


REFUSED = [
    ("2020-01-01", "past_date"),
    ("yesterday", "past_date"),
    ("昨天", "past_date"),
    ("前天", "past_date"),
    ("last friday", "past_date"),
    ("上周五", "past_date"),
    ("这周二", "past_date"),  # Tuesday of this week was yesterday
    ("这个月10号", "past_date"),
    ("今年3月1日", "past_date"),
    ("dec 1, 2025", "past_date"),
    ("friday or monday", "ambiguous"),
    ("明天或者后天", "ambiguous"),
    ("friday the 15th", "ambiguous"),  # the 15th is a Sunday
    ("3/4", "ambiguous"),  # March 4 or April 3
    ("1/2", "ambiguous"),
    ("between the 1st and the 5th", "ambiguous"),
    ("next week", "vague_date"),
    ("下周", "vague_date"),
    ("下个月", "vague_date"),
    ("this month", "vague_date"),
    ("May", "vague_date"),
    ("march 2027", "vague_date"),
    ("3月", "vague_date"),
    ("soon", "vague_date"),
    ("within a week", "vague_date"),
    ("in a couple of weeks", "vague_date"),
    ("我发工资那天", "vague_date"),
    ("周六或者周日", "ambiguous"),
    ("later", "vague_date"),
    ("过几天", "vague_date"),
    ("after payday", "vague_date"),
    ("发工资以后", "vague_date"),
    ("32号", "invalid_date"),
    ("0号", "invalid_date"),
    ("feb 30", "invalid_date"),
    ("31/31", "invalid_date"),
    ("2026-02-30", "invalid_date"),
    ("ok", "no_date"),
    ("", "no_date"),
    ("500", "no_date"),
    ("9999", "no_date"),
    ("2027", "no_date"),
    ("hello there", "no_date"),
    ("whenever", "no_date"),
    ("a", "no_date"),
    ("at 5", "no_date"),
    ("800日元", "no_date"),
]


@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_parse_date_refuses(text: str, code: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_date(text, WEDNESDAY)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("text", "today"),
    [(text, date(9999, 12, 30)) for text in ("end of feb", "dec 1", "下个月15号", "in 3 months",
                                             "next weekend", "下下周五", "in 2 weeks")]
    + [("yesterday", date.min), ("last monday", date.min)],
)  # fmt: skip
def test_dates_off_the_calendar_are_invalid(text: str, today: date) -> None:
    with pytest.raises(ParseError) as caught:
        parse_date(text, today)
    assert caught.value.code == "invalid_date"


def test_a_datetime_today_is_read_as_its_date() -> None:
    assert parse_date("tomorrow", datetime(2026, 3, 11, 23, 59)) == date(2026, 3, 12)


@settings(max_examples=100, deadline=None)
@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    ahead=st.integers(min_value=0, max_value=400),
)
def test_iso_dates_round_trip(today: date, ahead: int) -> None:
    target = today + timedelta(days=ahead)
    assert parse_date(target.isoformat(), today) == target
    assert parse_date(f"{target.year}年{target.month}月{target.day}日", today) == target


FUTURE_WORDS = ("friday", "周五", "next friday", "下周五", "the 15th", "15号", "月底", "下个月31号",
                "tomorrow", "两周后", "12/15", "Dec 1", "12月1日", "the 31st")  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(today=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_relative_words_are_never_in_the_past(today: date) -> None:
    for text in FUTURE_WORDS:
        assert parse_date(text, today) >= today


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=60),
    today=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
def test_random_text_gives_a_date_or_a_parse_error(text: str, today: date) -> None:
    try:
        result = parse_date(text, today)
    except ParseError:
        return
    assert result >= today


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet="0123456789/-. 号日月周五下个底后天年thendofrimay", max_size=16),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_date_like_text_gives_a_date_or_a_parse_error(text: str, today: date) -> None:
    try:
        result = parse_date(text, today)
    except ParseError:
        return
    assert result >= today


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("i can pay half next friday", "i can pay half"),
        ("On the 15th I'll pay it all", "on i'll pay it all"),
        ("下周五我先还一半", "我先还一半"),
        ("pay 200 tomorrow", "pay 200"),
        ("no date here", "no date here"),
        ("all of it on the 32nd", "all of it on the 32nd"),  # not a date: nothing taken out
    ],
)
def test_without_dates_leaves_what_else_a_message_says(text: str, rest: str) -> None:
    assert without_dates(text, WEDNESDAY) == rest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("move it from the 15th to the 22nd", date(2026, 3, 22)),
        ("can i change it from friday to next monday", date(2026, 3, 16)),
        ("从15号改到22号", date(2026, 3, 22)),
        ("能从周五推到下个月5号吗", date(2026, 4, 5)),
        ("the 22nd", date(2026, 3, 22)),  # one date: as parse_date
    ],
)
def test_a_date_moved_from_one_day_to_another_is_the_day_it_moves_to(
    text: str, expected: date
) -> None:
    assert parse_moved_date(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "text",
    ["friday or monday", "between the 15th and the 22nd", "from the 15th to the 22nd or 23rd"],
)
def test_two_dates_without_a_move_to_one_of_them_stay_ambiguous(text: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_moved_date(text, WEDNESDAY)
    assert err.value.code == "ambiguous"
