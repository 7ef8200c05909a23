"""The overdue sweep: missed installments, broken plans and promises; and the gateway's
periodic run of it."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update

from bot.ledger.models import Promise
from bot.ledger.sweep import Swept, sweep, sweep_periodically


async def run_sweep(ledger: Any, days_ahead: int) -> Swept:
    now = datetime.now(timezone.utc) + timedelta(days=days_ahead)
    return await sweep(ledger.client.server.app["sessions"], now)


async def test_two_missed_installments_break_the_plan(ledger: Any) -> None:
    quoted = await ledger.post("/accounts/a-1003/plans/quote", {}, 200)
    body = {"option_id": quoted["options"][0]["option_id"], "idempotency_key": ledger.key()}
    plan = await ledger.post("/accounts/a-1003/plans", body, 201)  # due today, +1 and +2 months
    assert await run_sweep(ledger, 0) == Swept()  # due today is not late yet
    assert await run_sweep(ledger, 1) == Swept(missed_installments=1)
    state = await ledger.get(f"/plans/{plan['id']}")
    assert [i["status"] for i in state["installments"]] == ["missed", "due", "due"]
    assert state["status"] == "active"  # one slip is tolerated
    audit_rows = await ledger.count("audit_log")
    assert await run_sweep(ledger, 1) == Swept()  # nothing new: nothing written
    assert await ledger.count("audit_log") == audit_rows
    assert await run_sweep(ledger, 40) == Swept(missed_installments=1, broken_plans=1)
    assert (await ledger.get(f"/plans/{plan['id']}"))["status"] == "broken"
    account = await ledger.get("/accounts/a-1003")
    assert (account["status"], account["active_plan"]) == ("delinquent", None)


async def test_a_promise_past_its_date_is_broken(ledger: Any) -> None:
    due = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=2)
    await ledger.post(
        "/accounts/a-1006/promises",
        {
            "date": due.isoformat(),
            "amount_minor": 1000,
            "currency": "GBP",
            "reminder_consent": False,
            "channel": "sms",
            "idempotency_key": ledger.key(),
        },
        201,
    )
    assert await run_sweep(ledger, 2) == Swept()
    assert await run_sweep(ledger, 4) == Swept(broken_promises=1)
    [promise] = (await ledger.get("/accounts/a-1006/promises"))["promises"]
    assert promise["status"] == "broken"
    assert (await ledger.get("/accounts/a-1006"))["next_due"] is None


async def test_the_periodic_sweep_breaks_a_promise_left_past_its_date(ledger: Any) -> None:
    tomorrow = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=1)
    body = {
        "date": tomorrow.isoformat(),
        "amount_minor": 1000,
        "currency": "GBP",
        "reminder_consent": False,
        "channel": "sms",
        "idempotency_key": ledger.key(),
    }
    await ledger.post("/accounts/a-1006/promises", body, 201)
    sessions = ledger.client.server.app["sessions"]
    # As if the gateway had been down since the promised day: the date is long past.
    async with sessions() as session, session.begin():
        await session.execute(update(Promise).values(due=tomorrow - timedelta(days=10)))
    task = asyncio.create_task(sweep_periodically(sessions, every_s=0.05, first_after_s=0))
    try:
        for _ in range(100):
            [promise] = (await ledger.get("/accounts/a-1006/promises"))["promises"]
            if promise["status"] == "broken":
                break
            await asyncio.sleep(0.05)
        assert promise["status"] == "broken"
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    # It keeps running without writing anything more once the account is up to date.
    assert await ledger.scalar("SELECT COUNT(*) FROM audit_log WHERE actor = 'sweep'") == 1
