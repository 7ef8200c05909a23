"""The aiohttp client the Rasa actions use, against the real API on a test server."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import auth
from bot.ledger.client import LedgerClient, LedgerError

SECRET = "integration-test-secret-0123456789-abcdef"  # as in conftest.py


@pytest.fixture
async def client(ledger: Any) -> Any:
    base = str(ledger.client.make_url("")).rstrip("/")
    async with LedgerClient(base, auth.issue(SECRET, "service", "actions")) as api:
        yield api


async def test_every_client_call_reaches_its_endpoint(client: LedgerClient) -> None:
    account = await client.account("a-1001", since=date(2025, 9, 1))
    assert (account["balance_minor"], account["itemization"]["fees_minor"]) == (123456, 3500)

    dispute = await client.open_dispute("a-1007", "other", "not sure", "wallet", "key-dispute-1")
    assert dispute["reference"].startswith("DSP-")
    assert [d["id"] for d in await client.disputes("a-1007")] == [dispute["id"]]
    resolved = await client.resolve_dispute(
        dispute["reference"], "resolved_for_creditor", "", "key-resolve-1"
    )
    assert resolved["account"]["status"] == "delinquent"

    quoted = await client.quote_plans(
        "a-1003", frequency="monthly", affordable_per_period_minor=None
    )
    plan = await client.accept_plan("a-1003", quoted["options"][0]["option_id"], "key-plan-1")
    assert (await client.plan(plan["id"]))["status"] == "active"
    assert (await client.cancel_plan(plan["id"], "key-cancel-1"))["status"] == "cancelled"

    offer = await client.settlement_quote("a-1001")
    assert offer is not None and offer["total_minor"] == 111111
    assert await client.settlement_quote("a-1006") is None

    bill = await client.payment_request("a-1001", 5000, "USD", "payment", "key-bill-1")
    assert bill["deeplink"] == f"wallet://pay?request={bill['id']}"

    due = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=3)
    promise = await client.promise("a-1006", due, 2000, "GBP", True, "sms", "key-promise-1")
    assert [p["id"] for p in await client.promises("a-1006")] == [promise["id"]]

    preference = await client.set_contact_preference("d-1001", "sms", True, "key-pref-1")
    assert preference["opted_out"] is True
    until = datetime(2031, 1, 1, tzinfo=timezone.utc)
    flags = await client.set_flags("d-1001", "key-flags-1", crisis_until=until, vulnerable=True)
    assert flags["flags"]["crisis_until"] == "2031-01-01T00:00:00+00:00"


async def test_errors_carry_status_and_message(client: LedgerClient) -> None:
    with pytest.raises(LedgerError) as caught:
        await client.account("a-404")
    assert caught.value.status == 404
    assert "a-404" in caught.value.message
    with pytest.raises(LedgerError) as caught:
        await client.payment_request("a-1001", 0, "USD", "payment", "key-bill-bad")
    assert caught.value.status == 422
