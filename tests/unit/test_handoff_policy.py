"""Queue order, SLA timers, wait estimates, opening hours and urgency rules (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

import pytest

from bot.handoff.policy import (
    DEFAULT_SLA_SECONDS,
    PRIORITY,
    REASONS,
    HandoffSettings,
    HoursError,
    OpeningHours,
    ahead_of,
    estimate_wait_minutes,
    first_response_due,
    more_urgent,
    queue_order,
    reason_for,
    sla_status,
    wants_wait_update,
)
from bot.signals import screen

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)  # a Monday


@dataclass(frozen=True)
class Item:
    name: str
    priority: int
    created_at: datetime


def test_the_reasons_are_the_contracts() -> None:
    assert set(REASONS) == {
        "crisis",
        "distress",
        "vulnerability",
        "complaint",
        "request",
        "fallback",
        "error",
    }
    assert set(PRIORITY) == set(REASONS) == set(DEFAULT_SLA_SECONDS)
    assert PRIORITY["crisis"] == 1 and min(PRIORITY.values()) == 1


def test_queue_is_most_urgent_first_then_longest_waiting() -> None:
    items = [
        Item("old request", 4, T0),
        Item("new crisis", 1, T0 + timedelta(minutes=9)),
        Item("new complaint", 3, T0 + timedelta(minutes=5)),
        Item("old complaint", 3, T0 + timedelta(minutes=1)),
    ]
    assert [i.name for i in queue_order(items)] == [
        "new crisis",
        "old complaint",
        "new complaint",
        "old request",
    ]


def test_ahead_of_counts_only_those_taken_first() -> None:
    mine = Item("mine", 3, T0 + timedelta(minutes=2))
    others = [
        Item("crisis later", 1, T0 + timedelta(minutes=5)),
        Item("same prio earlier", 3, T0),
        Item("same prio later", 3, T0 + timedelta(minutes=3)),
        Item("request earlier", 4, T0),
    ]
    assert ahead_of(mine, others) == 2


@pytest.mark.parametrize(
    ("ahead", "agents", "handle", "expected"),
    [(0, 1, 8, 8), (2, 1, 8, 24), (3, 2, 8, 16), (0, 4, 1, 1), (5, 0, 8, None)],
)
def test_wait_estimate(ahead: int, agents: int, handle: float, expected: int | None) -> None:
    assert estimate_wait_minutes(ahead, agents, handle) == expected


@pytest.mark.parametrize(
    ("elapsed_s", "colour", "left"),
    [
        (0, "green", 120),
        (59, "green", 61),
        (60, "amber", 60),
        (119, "amber", 1),
        (120, "red", 0),
        (500, "red", -380),
    ],
)
def test_sla_colour_by_time_left(elapsed_s: int, colour: str, left: int) -> None:
    status = sla_status(T0 + timedelta(seconds=elapsed_s), T0 + timedelta(seconds=120), 120, None)
    assert (status.colour, status.seconds_left, status.met) == (colour, left, None)


def test_sla_after_the_first_response_is_met_or_missed() -> None:
    due = T0 + timedelta(minutes=15)
    met = sla_status(T0 + timedelta(hours=5), due, 900, T0 + timedelta(minutes=3))
    missed = sla_status(T0 + timedelta(hours=5), due, 900, T0 + timedelta(minutes=16))
    assert (met.met, met.colour, met.seconds_left) == (True, "green", None)
    assert (missed.met, missed.colour) == (False, "red")


def test_escalation_never_moves_the_deadline_later() -> None:
    sla = DEFAULT_SLA_SECONDS
    assert first_response_due(T0, "crisis", sla, None) == T0 + timedelta(minutes=2)
    already = T0 + timedelta(minutes=1)
    assert first_response_due(T0, "crisis", sla, already) == already
    assert first_response_due(T0, "crisis", sla, T0 + timedelta(hours=1)) == T0 + timedelta(
        minutes=2
    )


@pytest.mark.parametrize(
    ("new", "current", "raises"),
    [
        ("crisis", "request", True),
        ("crisis", "distress", True),
        ("crisis", "crisis", False),
        ("complaint", "request", True),
        ("complaint", "vulnerability", False),
        ("request", "complaint", False),
        ("distress", "complaint", True),
        ("fallback", "error", False),
    ],
)
def test_more_urgent(new: str, current: str, raises: bool) -> None:
    assert more_urgent(new, current) is raises  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I want to end my life", "crisis"),
        ("我不想活了", "crisis"),
        ("I want to make a complaint about your harassment", "complaint"),
        ("can I talk to a real person", "request"),
        ("how much do I owe?", None),
    ],
)
def test_reason_for_a_screening(text: str, reason: str | None) -> None:
    assert reason_for(screen(text)) == reason


def test_opening_hours() -> None:
    always = OpeningHours.parse("always")
    weekdays = OpeningHours.parse("mon-fri 08:00-20:00 Europe/London")
    night = OpeningHours.parse("sun 22:00-06:00 UTC")
    assert always.is_open(T0)
    assert weekdays.is_open(T0)  # Monday 12:00 UTC = 12:00 London in March
    assert not weekdays.is_open(T0 + timedelta(days=5))  # Saturday
    assert not weekdays.is_open(T0.replace(hour=20))  # closing time is exclusive
    sunday = T0 - timedelta(days=1)
    assert night.is_open(sunday.replace(hour=23)) and not night.is_open(sunday.replace(hour=12))
    assert OpeningHours.parse("fri-mon 09:00-17:00").days == frozenset({4, 5, 6, 0})
    assert weekdays.start == time(8) and weekdays.tz == "Europe/London"


@pytest.mark.parametrize(
    "spec", ["weekdays", "mon-fri 8-20", "xyz 08:00-20:00", "mon 08:00-20:00 Mars/Base"]
)
def test_bad_opening_hours_are_refused(spec: str) -> None:
    with pytest.raises(HoursError):
        OpeningHours.parse(spec)


def test_settings_from_the_environment() -> None:
    settings = HandoffSettings.from_env(
        {
            "SETTLE_CRISIS_HOLD_DAYS": "45",
            "SETTLE_HANDOFF_SLA": "crisis=60, complaint=600",
            "SETTLE_AGENT_HOURS": "mon-fri 09:00-17:00 UTC",
        }
    )
    assert settings.crisis_hold_days == 45
    assert settings.sla_seconds["crisis"] == 60 and settings.sla_seconds["complaint"] == 600
    assert settings.sla_seconds["request"] == DEFAULT_SLA_SECONDS["request"]
    assert not settings.hours.is_open(T0 + timedelta(days=5))
    defaults = HandoffSettings.from_env({})
    assert defaults.crisis_hold_days == 30 and defaults.hours.is_open(T0)


@pytest.mark.parametrize(
    "env",
    [
        {"SETTLE_HANDOFF_SLA": "panic=10"},
        {"SETTLE_HANDOFF_SLA": "crisis=-1"},
        {"SETTLE_CRISIS_HOLD_DAYS": "soon"},
        {"SETTLE_CRISIS_HOLD_DAYS": "0"},
        {"SETTLE_AGENT_HOURS": "weekdays"},
    ],
)
def test_bad_settings_stop_the_start(env: dict[str, str]) -> None:
    with pytest.raises(SystemExit):
        HandoffSettings.from_env(env)


@pytest.mark.parametrize(
    ("state", "heard_ago", "expected"),
    [
        ("queued", None, True),  # nothing sent yet (the action queued it, say)
        ("queued", timedelta(minutes=5), True),
        ("queued", timedelta(minutes=4, seconds=59), False),  # the same burst of messages
        ("agent", timedelta(hours=1), False),  # a person has it: they answer, not us
        ("bot", timedelta(hours=1), False),
    ],
)
def test_a_queued_debtor_writing_into_silence_hears_the_wait_once_per_burst(
    state: str, heard_ago: timedelta | None, expected: bool
) -> None:
    heard = None if heard_ago is None else T0 - heard_ago
    assert wants_wait_update(state, heard, T0) is expected
