"""The daily overdue sweep: missed installments, broken plans and promises."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from bot.ledger.sweep import Swept, sweep


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
