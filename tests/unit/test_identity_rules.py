from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.compliance.identity import (
    CODE_TTL,
    Attempt,
    IssuedCode,
    code_digest,
    code_is_live,
    code_matches,
    locked_until,
    matches,
)
from bot.parsing.birth import parse_birth_date
from bot.parsing.codes import one_time_code
from bot.parsing.errors import ParseError

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def fails(*minutes_ago: int) -> list[Attempt]:
    return [Attempt(NOW - timedelta(minutes=m), ok=False) for m in minutes_ago]


def test_two_failures_do_not_lock() -> None:
    assert locked_until(fails(5, 1), NOW) is None


def test_the_third_failure_locks_for_thirty_minutes_from_it() -> None:
    assert locked_until(fails(10, 5, 1), NOW) == NOW - timedelta(minutes=1) + timedelta(minutes=30)


def test_the_lock_expires() -> None:
    assert locked_until(fails(50, 45, 31), NOW) is None


def test_a_success_resets_the_count() -> None:
    attempts = [*fails(10, 9), Attempt(NOW - timedelta(minutes=8), ok=True), *fails(2)]
    assert locked_until(attempts, NOW) is None


def test_failures_older_than_the_window_do_not_count() -> None:
    assert locked_until(fails(40, 2, 1), NOW) is None


def test_both_facts_must_match() -> None:
    born = date(1988, 3, 12)
    assert matches(born, ["4821"], born, "4821")
    assert not matches(born, ["4821"], born, "4822")
    assert not matches(born, ["4821"], date(1988, 3, 13), "4821")
    assert not matches(None, ["4821"], born, "4821")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1988-03-14", date(1988, 3, 14)),
        ("1988年3月14日", date(1988, 3, 14)),
        ("14/03/1988", date(1988, 3, 14)),
        ("03/14/1988", date(1988, 3, 14)),
        ("14 March 1988", date(1988, 3, 14)),
        ("March 14th, 1988", date(1988, 3, 14)),
        ("my dob is 1988.3.14", date(1988, 3, 14)),
        ("88年3月14号", date(1988, 3, 14)),
        ("我是05年1月2日出生的", date(2005, 1, 2)),  # 2005, not 1905: sixteen or older
        ("19880314", date(1988, 3, 14)),
        ("生日 20050102", date(2005, 1, 2)),
    ],
)
def test_birth_dates_as_debtors_type_them(text: str, expected: date) -> None:
    assert parse_birth_date(text, date(2026, 11, 22)) == expected


@pytest.mark.parametrize(
    "text",
    ["yesterday", "1988-02-30", "2030-01-01", "1850-01-01", "4821", "20300101", "19881314"],
)
def test_not_a_birth_date(text: str) -> None:
    with pytest.raises(ParseError):
        parse_birth_date(text, date(2026, 11, 22))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("482913", "482913"),
        ("482 913", "482913"),
        ("my code is 482-913", "482913"),
        ("验证码是４８２９１３", "482913"),
        ("code: 000123", "000123"),
    ],
)
def test_one_time_codes_as_debtors_type_them(text: str, expected: str) -> None:
    assert one_time_code(text) == expected


@pytest.mark.parametrize(
    "text", ["1988-03-14", "14/03/1988", "1988年3月14日", "4821", "12345678", "482913 482913", ""]
)
def test_not_a_one_time_code(text: str) -> None:
    assert one_time_code(text) is None


@pytest.mark.parametrize(
    "text",
    ["1988-03-14", "14/03/1988", "1988年3月14日", "14 March 1988", "88年3月14号", "19880314"],
)
def test_a_birth_date_is_never_read_as_a_code(text: str) -> None:
    parse_birth_date(text, date(2026, 11, 22))  # parses: the form reads it as a birth date
    assert one_time_code(text) is None


def issued(code: str, expires_in: timedelta = CODE_TTL, used: bool = False) -> IssuedCode:
    return IssuedCode(code_digest("s", "d-1", code), NOW + expires_in, used)


def test_a_code_is_live_until_used_or_expired() -> None:
    assert code_is_live(issued("482913"), NOW)
    assert not code_is_live(issued("482913", used=True), NOW)
    assert not code_is_live(issued("482913", expires_in=timedelta(0)), NOW)
    assert not code_is_live(None, NOW)


def test_a_code_matches_only_its_own_digest() -> None:
    code = issued("482913")
    assert code_matches(code, code_digest("s", "d-1", "482913"))
    assert not code_matches(code, code_digest("s", "d-1", "482914"))
    assert not code_matches(code, code_digest("s", "d-2", "482913"))  # another debtor's
    assert not code_matches(code, code_digest("other secret", "d-1", "482913"))
