from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.compliance.identity import Attempt, locked_until, matches
from bot.parsing.birth import parse_birth_date
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
    ],
)
def test_birth_dates_as_debtors_type_them(text: str, expected: date) -> None:
    assert parse_birth_date(text, date(2026, 11, 22)) == expected


@pytest.mark.parametrize("text", ["yesterday", "1988-02-30", "2030-01-01", "1850-01-01", "4821"])
def test_not_a_birth_date(text: str) -> None:
    with pytest.raises(ParseError):
        parse_birth_date(text, date(2026, 11, 22))
