"""Simultaneous writes through real HTTP requests never double-post or fork the audit chain."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from typing import Any

from bot.ledger import audit

N = 10


def settled(request_id: str, amount: int, currency: str = "USD") -> dict[str, Any]:
    return {
        "event_id": f"evt-{uuid.uuid4().hex}",
        "payment_request_id": request_id,
        "amount_minor": amount,
        "currency": currency,
        "status": "settled",
        "method": "wallet_balance",
    }


async def bills(ledger: Any, account_id: str, currency: str, amount: int, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        body = {"amount_minor": amount, "currency": currency, "idempotency_key": ledger.key()}
        ids.append((await ledger.post(f"/accounts/{account_id}/payment-requests", body, 201))["id"])
    return ids


async def assert_chain_intact(ledger: Any) -> None:
    async with ledger.client.server.app["sessions"]() as session:
        verdict = await audit.verify(session)
    assert verdict.ok, verdict
    assert verdict.count == await ledger.count("audit_log")


async def test_only_one_of_simultaneous_plan_acceptances_wins(ledger: Any) -> None:
    options = (await ledger.post("/accounts/a-1003/plans/quote", {}, 200))["options"]
    plans_before = await ledger.count("plans")
    bodies = [
        {"option_id": options[i % len(options)]["option_id"], "idempotency_key": ledger.key()}
        for i in range(N)
    ]
    answers = await asyncio.gather(
        *(ledger.call("POST", "/accounts/a-1003/plans", body) for body in bodies)
    )
    assert Counter(status for status, _ in answers) == {201: 1, 409: N - 1}
    assert await ledger.count("plans") == plans_before + 1
    [winner] = [body for status, body in answers if status == 201]
    assert await ledger.count("plan_installments") == len(winner["installments"])
    assert (await ledger.get("/accounts/a-1003"))["status"] == "in_plan"
    await assert_chain_intact(ledger)


async def test_distinct_simultaneous_payments_all_post(ledger: Any) -> None:
    request_ids = await bills(ledger, "a-1001", "USD", 1000, N)
    entries_before = await ledger.count("ledger_entries")
    answers = await asyncio.gather(*(ledger.webhook(settled(r, 1000)) for r in request_ids))
    assert [status for status, _ in answers] == [200] * N
    assert all(body["duplicate"] is False for _, body in answers)
    assert await ledger.count("payments") == N
    assert await ledger.count("ledger_entries") == entries_before + N
    assert await ledger.balance("a-1001") == 123456 - N * 1000
    # Every answer saw a distinct balance: each payment was applied on top of the last.
    balances = sorted(body["account"]["balance_minor"] for _, body in answers)
    assert balances == [123456 - k * 1000 for k in range(N, 0, -1)]
    await assert_chain_intact(ledger)


async def test_one_event_delivered_many_times_at_once_posts_once(ledger: Any) -> None:
    [request_id] = await bills(ledger, "a-1001", "USD", 2500, 1)
    event = settled(request_id, 2500)
    answers = await asyncio.gather(*(ledger.webhook(event) for _ in range(N)))
    assert [status for status, _ in answers] == [200] * N
    assert Counter(body["duplicate"] for _, body in answers) == {False: 1, True: N - 1}
    assert len({body["payment"]["id"] for _, body in answers}) == 1
    assert await ledger.count("payments") == 1
    assert await ledger.balance("a-1001") == 123456 - 2500
    assert len([name for name, _ in ledger.events if name == "payment_posted"]) == 1


async def test_one_idempotency_key_sent_many_times_at_once_writes_once(ledger: Any) -> None:
    body = {"reason": "fraud", "channel": "voice", "idempotency_key": ledger.key()}
    answers = await asyncio.gather(
        *(ledger.call("POST", "/accounts/a-1002/disputes", body) for _ in range(N))
    )
    assert Counter(status for status, _ in answers) == {201: 1, 200: N - 1}
    assert len({answer["reference"] for _, answer in answers}) == 1
    assert await ledger.count("disputes") == 1


async def test_writes_on_many_accounts_at_once_keep_one_audit_chain(ledger: Any) -> None:
    accounts = [("a-1001", "USD"), ("a-1002", "CNY"), ("a-1003", "GBP"), ("a-1004", "USD")]
    requests = [
        (request_id, currency)
        for account_id, currency in accounts
        for request_id in await bills(ledger, account_id, currency, 100, 3)
    ]
    answers = await asyncio.gather(
        *(ledger.webhook(settled(r, 100, currency)) for r, currency in requests)
    )
    assert [status for status, _ in answers] == [200] * len(requests)
    await assert_chain_intact(ledger)
