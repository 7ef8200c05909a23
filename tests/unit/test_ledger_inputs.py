"""Request parsing, webhook signatures, plan option ids and the event bus."""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import date, datetime, timezone
from typing import Any

import pytest

from bot.events import Events
from bot.ledger import plans, validation, webhook
from bot.ledger.errors import Invalid
from bot.plans import Installment, Plan


@pytest.mark.parametrize("value", [True, 1.5, 1.0, "100", None, [1]])
def test_amounts_are_whole_minor_units_only(value: Any) -> None:
    with pytest.raises(Invalid, match="whole number"):
        validation.integer({"amount_minor": value}, "amount_minor")


def test_amount_bounds() -> None:
    assert validation.integer({"a": 1}, "a", minimum=1) == 1
    with pytest.raises(Invalid, match="at least 1"):
        validation.integer({"a": 0}, "a", minimum=1)
    with pytest.raises(Invalid, match="too large"):
        validation.integer({"a": 10**15 + 1}, "a")


@pytest.mark.parametrize("key", ["1234567", "k" * 101, 12345678, "tab\there!", None])
def test_bad_idempotency_keys(key: Any) -> None:
    with pytest.raises(Invalid, match="idempotency_key"):
        validation.idempotency_key({"idempotency_key": key})


def test_good_idempotency_keys() -> None:
    for key in ("12345678", "k" * 100, "dispute:conv-1:7"):
        assert validation.idempotency_key({"idempotency_key": key}) == key


@pytest.mark.parametrize("value", ["2025-02-29", "2025-1-01", "20250101", 20250101, "", None])
def test_bad_dates(value: Any) -> None:
    with pytest.raises(Invalid, match="YYYY-MM-DD"):
        validation.iso_date(value, "date")


def test_times_need_an_offset_and_come_back_in_utc() -> None:
    parsed = validation.aware_datetime("2030-01-02T08:00:00+08:00", "t")
    assert parsed == datetime(2030, 1, 2, 0, 0, tzinfo=timezone.utc)
    assert validation.aware_datetime("2030-01-02T00:00:00Z", "t") == parsed
    with pytest.raises(Invalid, match="UTC offset"):
        validation.aware_datetime("2030-01-02T00:00:00", "t")


def test_unknown_and_missing_fields_are_named() -> None:
    with pytest.raises(Invalid, match=r"unknown field.*amount"):
        validation.check_fields({"amount": 1, "x": 2}, ("x",))
    with pytest.raises(Invalid, match=r"missing field.*reason"):
        validation.check_fields({}, ("reason",))


def test_currency_must_be_the_accounts() -> None:
    assert validation.currency({"currency": "USD"}, "USD") == "USD"
    with pytest.raises(Invalid, match="does not match"):
        validation.currency({"currency": "GBP"}, "USD")
    with pytest.raises(Invalid, match="ISO 4217"):
        validation.currency({"currency": "usd"}, "USD")


def test_webhook_signatures_are_hmac_sha256_of_the_raw_body() -> None:
    body = b'{"event_id":"e1"}'
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert webhook.sign("s3cret", body) == expected
    assert webhook.signature_ok("s3cret", body, expected)
    assert not webhook.signature_ok("s3cret", body + b" ", expected)
    assert not webhook.signature_ok("other", body, expected)
    assert not webhook.signature_ok("s3cret", body, None)
    assert not webhook.signature_ok("s3cret", body, expected.replace("sha256=", "sha1="))


def test_webhook_events_ignore_unknown_fields_but_check_known_ones() -> None:
    body = {
        "event_id": "e1",
        "payment_request_id": "pr-1",
        "amount_minor": 100,
        "currency": "USD",
        "status": "settled",
        "method": "card",
        "attempt": 2,
    }
    assert webhook.parse_event(body).amount_minor == 100
    with pytest.raises(Invalid, match="status"):
        webhook.parse_event({**body, "status": "pending"})


def plan(total: int) -> Plan:
    return Plan(
        kind="full",
        currency="USD",
        total_minor=total,
        balance_minor=total,
        discount_minor=0,
        interest_minor=0,
        frequency=None,
        installments=(Installment(date(2026, 1, 1), total),),
        freeze_interest=False,
    )


def test_option_ids_name_exactly_one_plan() -> None:
    assert plans.option_id(plan(100)) == plans.option_id(plan(100))
    assert plans.option_id(plan(100)) != plans.option_id(plan(101))
    assert len(plans.option_id(plan(100))) == 24


async def test_events_reach_every_subscriber_even_after_one_fails(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = Events()
    heard: list[tuple[str, Any]] = []

    async def first(payload: Any) -> None:
        heard.append(("first", payload))

    async def broken(_payload: Any) -> None:
        raise RuntimeError("boom")

    async def last(payload: Any) -> None:
        heard.append(("last", payload))

    for callback in (first, broken, last):
        bus.subscribe("payment_posted", callback)
    with caplog.at_level(logging.ERROR):
        await bus.publish("payment_posted", {"amount_minor": 5})
        await bus.publish("nobody_listens", {})
    assert heard == [("first", {"amount_minor": 5}), ("last", {"amount_minor": 5})]
    assert "boom" in caplog.text
    bus.unsubscribe("payment_posted", first)
    await bus.publish("payment_posted", {"amount_minor": 6})
    assert heard[-1] == ("last", {"amount_minor": 6})
    assert len(heard) == 3
