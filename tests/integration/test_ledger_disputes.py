"""Disputes: hold on open, lift on the last close, write-off when resolved for the debtor."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest


def dispute_body(ledger: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "reason": "wrong_amount",
        "details": "I was charged twice for the late fee",
        "channel": "wallet",
        "idempotency_key": ledger.key(),
    }
    body.update(overrides)
    return body


async def open_dispute(ledger: Any, account_id: str = "a-1001", **overrides: Any) -> Any:
    return await ledger.post(
        f"/accounts/{account_id}/disputes", dispute_body(ledger, **overrides), expect=201
    )


async def test_opening_a_dispute_puts_the_account_on_hold(ledger: Any) -> None:
    dispute = await open_dispute(ledger)
    assert re.fullmatch(r"DSP-[A-Z0-9]{6}", dispute["reference"])
    assert dispute["status"] == "open"
    assert dispute["reason"] == "wrong_amount"
    # d-1001 lives in New York: the 30 days run from their calendar date of receipt.
    received = datetime.fromisoformat(dispute["received_at"]).astimezone(
        ZoneInfo("America/New_York")
    )
    assert date.fromisoformat(dispute["respond_by"]) == received.date() + timedelta(days=30)
    account = await ledger.get("/accounts/a-1001")
    assert account["status"] == "disputed_hold"
    assert [d["reference"] for d in account["disputes"]] == [dispute["reference"]]
    assert (await ledger.get(f"/disputes/{dispute['id']}"))["reference"] == dispute["reference"]
    by_reference = await ledger.get(f"/disputes/{dispute['reference']}")
    assert by_reference["id"] == dispute["id"]
    listed = await ledger.get("/accounts/a-1001/disputes")
    assert [d["id"] for d in listed["disputes"]] == [dispute["id"]]


async def test_the_same_key_and_body_replays_the_first_answer(ledger: Any) -> None:
    body = dispute_body(ledger)
    status, first = await ledger.call("POST", "/accounts/a-1001/disputes", body)
    assert status == 201
    before = await ledger.counts()
    status, again = await ledger.call("POST", "/accounts/a-1001/disputes", body)
    assert status == 200
    assert again == first
    assert await ledger.counts() == before


async def test_the_same_key_with_another_body_is_409(ledger: Any) -> None:
    body = dispute_body(ledger)
    await ledger.post("/accounts/a-1001/disputes", body, expect=201)
    before = await ledger.counts()
    status, answer = await ledger.call(
        "POST", "/accounts/a-1001/disputes", {**body, "reason": "fraud"}
    )
    assert status == 409
    assert "idempotency key" in answer["error"]
    # The same key on another account's path is a different request too.
    status, _ = await ledger.call("POST", "/accounts/a-1003/disputes", body)
    assert status == 409
    assert await ledger.counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": "dont_like_it"}, "reason"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"details": 42}, "details"),
        ({"idempotency_key": "short"}, "idempotency_key"),
        ({"idempotency_key": "k" * 101}, "idempotency_key"),
        ({"idempotency_key": None}, "idempotency_key"),
        ({"amount_minor": 5}, "unknown field"),
    ],
)
async def test_bad_dispute_input_is_422_and_writes_nothing(
    ledger: Any, change: dict[str, Any], field: str
) -> None:
    before = await ledger.counts()
    status, answer = await ledger.call(
        "POST", "/accounts/a-1001/disputes", dispute_body(ledger, **change)
    )
    assert status == 422
    assert field in answer["error"]
    assert await ledger.counts() == before
    assert (await ledger.get("/accounts/a-1001"))["status"] == "delinquent"


async def test_verified_keeps_the_hold_and_creditor_outcome_lifts_it(ledger: Any) -> None:
    dispute = await open_dispute(ledger)
    path = f"/disputes/{dispute['id']}/resolve"
    verified = await ledger.post(
        path, {"outcome": "verified", "note": "checked", "idempotency_key": ledger.key()}, 200
    )
    assert verified["status"] == "verified"
    assert verified["account"]["status"] == "disputed_hold"
    closed = await ledger.post(
        path,
        {
            "outcome": "resolved_for_creditor",
            "note": "fee correct",
            "idempotency_key": ledger.key(),
        },
        200,
    )
    assert closed["status"] == "resolved_for_creditor"
    assert closed["account"] == {"id": "a-1001", "status": "delinquent", "balance_minor": 123456}
    status, answer = await ledger.call(
        "POST", path, {"outcome": "resolved_for_debtor", "idempotency_key": ledger.key()}
    )
    assert status == 409
    assert "already closed" in answer["error"]
    assert (await ledger.get("/accounts/a-1001"))["disputes"] == []


async def test_the_hold_stays_until_the_last_open_dispute_closes(ledger: Any) -> None:
    first = await open_dispute(ledger)
    second = await open_dispute(ledger, reason="fraud")
    await ledger.post(
        f"/disputes/{first['id']}/resolve",
        {"outcome": "resolved_for_creditor", "idempotency_key": ledger.key()},
        200,
    )
    assert (await ledger.get("/accounts/a-1001"))["status"] == "disputed_hold"
    await ledger.post(
        f"/disputes/{second['id']}/resolve",
        {"outcome": "resolved_for_creditor", "idempotency_key": ledger.key()},
        200,
    )
    assert (await ledger.get("/accounts/a-1001"))["status"] == "delinquent"


async def test_resolving_for_the_debtor_writes_the_balance_off(ledger: Any) -> None:
    entries_before = await ledger.count("ledger_entries")
    dispute = await open_dispute(ledger, "a-1003", reason="not_mine")
    resolved = await ledger.post(
        f"/disputes/{dispute['reference']}/resolve",
        {
            "outcome": "resolved_for_debtor",
            "note": "identity theft",
            "idempotency_key": ledger.key(),
        },
        200,
    )
    assert resolved["account"] == {"id": "a-1003", "status": "settled", "balance_minor": 0}
    assert await ledger.count("ledger_entries") == entries_before + 1
    kind, amount = (
        await ledger.scalar(
            "SELECT kind FROM ledger_entries WHERE id = :id", id=resolved["adjustment_entry_id"]
        ),
        await ledger.scalar(
            "SELECT amount_minor FROM ledger_entries WHERE id = :id",
            id=resolved["adjustment_entry_id"],
        ),
    )
    assert (kind, amount) == ("adjustment", -64000)


@pytest.mark.parametrize(
    "body",
    [{"outcome": "maybe"}, {"outcome": "verified", "note": ["x"]}, {}],
)
async def test_bad_resolutions_are_422(ledger: Any, body: dict[str, Any]) -> None:
    dispute = await open_dispute(ledger)
    before = await ledger.counts()
    status, _ = await ledger.call(
        "POST", f"/disputes/{dispute['id']}/resolve", {**body, "idempotency_key": ledger.key()}
    )
    assert status == 422
    assert await ledger.counts() == before


async def accept_installments(ledger: Any, account_id: str) -> Any:
    quote = await ledger.post(f"/accounts/{account_id}/plans/quote", {}, 200)
    option = next(o for o in quote["options"] if o["kind"] == "installments")
    return await ledger.post(
        f"/accounts/{account_id}/plans",
        {"option_id": option["option_id"], "idempotency_key": ledger.key()},
        201,
    )


async def test_a_dispute_opened_during_a_plan_returns_to_in_plan(ledger: Any) -> None:
    await accept_installments(ledger, "a-1003")
    dispute = await open_dispute(ledger, "a-1003")
    assert (await ledger.get("/accounts/a-1003"))["status"] == "disputed_hold"
    resolved = await ledger.post(
        f"/disputes/{dispute['id']}/resolve",
        {"outcome": "resolved_for_creditor", "idempotency_key": ledger.key()},
        200,
    )
    assert resolved["account"]["status"] == "in_plan"


async def test_a_plan_cancelled_during_the_hold_returns_to_delinquent(ledger: Any) -> None:
    plan = await accept_installments(ledger, "a-1003")
    dispute = await open_dispute(ledger, "a-1003")
    assert (await ledger.get("/accounts/a-1003"))["status"] == "disputed_hold"
    # Cancelling the plan during the hold keeps the hold...
    await ledger.post(f"/plans/{plan['id']}/cancel", {"idempotency_key": ledger.key()}, 200)
    assert (await ledger.get("/accounts/a-1003"))["status"] == "disputed_hold"
    # ...and the account returns to delinquent, not to the plan it no longer has.
    await ledger.post(
        f"/disputes/{dispute['id']}/resolve",
        {"outcome": "resolved_for_creditor", "idempotency_key": ledger.key()},
        200,
    )
    assert (await ledger.get("/accounts/a-1003"))["status"] == "delinquent"
