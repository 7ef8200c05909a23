"""Promises to pay, contact preferences and debtor flags."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest


def today_in(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()


def promise_body(ledger: Any, due: date, **overrides: Any) -> dict[str, Any]:
    body = {
        "date": due.isoformat(),
        "amount_minor": 5000,
        "currency": "GBP",
        "reminder_consent": True,
        "channel": "whatsapp",
        "idempotency_key": ledger.key(),
    }
    body.update(overrides)
    return body


async def test_a_promise_is_recorded_and_shows_as_next_due(ledger: Any) -> None:
    due = today_in("Europe/London") + timedelta(days=30)
    promise = await ledger.post("/accounts/a-1006/promises", promise_body(ledger, due), 201)
    assert promise["status"] == "pending"
    assert (promise["date"], promise["amount_minor"], promise["currency"]) == (
        due.isoformat(),
        5000,
        "GBP",
    )
    assert promise["reminder_consent"] is True
    account = await ledger.get("/accounts/a-1006")
    assert account["next_due"] == {"date": due.isoformat(), "amount_minor": 5000}
    assert [p["id"] for p in account["promises"]] == [promise["id"]]
    listed = await ledger.get("/accounts/a-1006/promises")
    assert listed["promises"] == [promise]
    status, answer = await ledger.call(
        "POST", "/accounts/a-1006/promises", promise_body(ledger, due - timedelta(days=1))
    )
    assert status == 409
    assert "already has a pending promise" in answer["error"]


async def test_a_pending_promise_is_changed_by_naming_it_in_replaces(ledger: Any) -> None:
    today = today_in("Europe/London")
    first = await ledger.post("/accounts/a-1006/promises", promise_body(ledger, today), 201)
    later = today + timedelta(days=10)
    changed = await ledger.post(
        "/accounts/a-1006/promises",
        promise_body(ledger, later, amount_minor=3000, replaces=first["id"]),
        201,
    )
    listed = (await ledger.get("/accounts/a-1006/promises"))["promises"]
    assert [(p["id"], p["status"]) for p in listed] == [
        (first["id"], "replaced"),
        (changed["id"], "pending"),
    ]
    account = await ledger.get("/accounts/a-1006")
    assert account["next_due"] == {"date": later.isoformat(), "amount_minor": 3000}
    assert await ledger.count("audit_log WHERE action = 'promise.replaced'") == 1


@pytest.mark.parametrize("replaces", ["stale", "none pending", "not a number"])
async def test_a_replacement_naming_the_wrong_promise_is_refused_and_changes_nothing(
    ledger: Any, replaces: str
) -> None:
    today = today_in("Europe/London")
    if replaces == "none pending":
        body = promise_body(ledger, today, replaces=12345)
        expected = 409
    else:
        first = await ledger.post("/accounts/a-1006/promises", promise_body(ledger, today), 201)
        wrong: Any = first["id"] + 1 if replaces == "stale" else str(first["id"])
        body = promise_body(ledger, today + timedelta(days=1), replaces=wrong)
        expected = 409 if replaces == "stale" else 422
    before = await ledger.get("/accounts/a-1006/promises")
    status, answer = await ledger.call("POST", "/accounts/a-1006/promises", body)
    assert status == expected, answer
    assert "replaces" in answer["error"] or "pending promise" in answer["error"]
    assert await ledger.get("/accounts/a-1006/promises") == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "2025-02-30"}, "date"),
        ({"date": "tomorrow"}, "date"),
        ({"days_ahead": 31}, "date"),
        ({"days_ahead": -1}, "date"),
        ({"amount_minor": 0}, "amount_minor"),
        ({"amount_minor": 20900}, "more than the balance"),  # a-1006 owes 20899
        ({"amount_minor": "50.00"}, "amount_minor"),
        ({"currency": "USD"}, "does not match"),
        ({"reminder_consent": "yes"}, "reminder_consent"),
        ({"channel": "fax"}, "channel"),
    ],
)
async def test_bad_promises_are_422_and_write_nothing(
    ledger: Any, change: dict[str, Any], field: str
) -> None:
    change = dict(change)  # parametrized values are shared between the database runs
    days = change.pop("days_ahead", 1)
    body = promise_body(ledger, today_in("Europe/London") + timedelta(days=days), **change)
    before = await ledger.counts()
    status, answer = await ledger.call("POST", "/accounts/a-1006/promises", body)
    assert status == 422, answer
    assert field in answer["error"]
    assert await ledger.counts() == before


async def test_opting_out_of_a_channel(ledger: Any) -> None:
    body = {"opted_out": True, "idempotency_key": ledger.key()}
    status, answer = await ledger.call("PUT", "/debtors/d-1002/contact-preferences/wechat", body)
    assert status == 200
    assert (answer["channel"], answer["opted_out"]) == ("wechat", True)
    status, again = await ledger.call("PUT", "/debtors/d-1002/contact-preferences/wechat", body)
    assert (status, again) == (200, answer)
    preferences = (await ledger.get("/debtors/d-1002"))["contact_preferences"]
    assert preferences["wechat"]["opted_out"] is True
    assert preferences["sms"] == {"opted_out": False, "updated_at": None}
    back = {"opted_out": False, "idempotency_key": ledger.key()}
    await ledger.call("PUT", "/debtors/d-1002/contact-preferences/wechat", back)
    preferences = (await ledger.get("/debtors/d-1002"))["contact_preferences"]
    assert preferences["wechat"]["opted_out"] is False
    assert await ledger.count("contact_preferences") == 1


@pytest.mark.parametrize(
    ("channel", "body"),
    [("pager", {"opted_out": True}), ("sms", {"opted_out": "yes"}), ("sms", {})],
)
async def test_bad_preferences_are_422(ledger: Any, channel: str, body: dict[str, Any]) -> None:
    before = await ledger.counts()
    status, _ = await ledger.call(
        "PUT",
        f"/debtors/d-1001/contact-preferences/{channel}",
        {**body, "idempotency_key": ledger.key()},
    )
    assert status == 422
    assert await ledger.counts() == before


async def test_flags_are_set_and_cleared(ledger: Any) -> None:
    until = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=8)))
    status, answer = await ledger.call(
        "PATCH",
        "/debtors/d-1005/flags",
        {"crisis_until": until.isoformat(), "vulnerable": True, "idempotency_key": ledger.key()},
    )
    assert status == 200, answer
    assert answer["flags"]["crisis_until"] == "2030-01-01T19:04:05+00:00"
    assert answer["flags"]["vulnerable"] is True
    flags = (await ledger.get("/debtors/d-1005"))["flags"]
    assert flags["crisis_until"] == "2030-01-01T19:04:05+00:00"
    assert flags["breathing_space_until"] is None
    status, answer = await ledger.call(
        "PATCH", "/debtors/d-1005/flags", {"crisis_until": None, "idempotency_key": ledger.key()}
    )
    assert status == 200
    assert answer["flags"]["crisis_until"] is None
    assert answer["flags"]["vulnerable"] is True  # untouched


@pytest.mark.parametrize(
    "body",
    [
        {"crisis_until": "2030-01-02T03:04:05"},  # no UTC offset: ambiguous
        {"crisis_until": "soon"},
        {"vulnerable": 1},
        {"deceased": True},
        {},
    ],
)
async def test_bad_flags_are_422(ledger: Any, body: dict[str, Any]) -> None:
    before = await ledger.counts()
    status, _ = await ledger.call(
        "PATCH", "/debtors/d-1005/flags", {**body, "idempotency_key": ledger.key()}
    )
    assert status == 422
    assert await ledger.counts() == before
