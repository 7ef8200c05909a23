"""Plans on the ledger: quotes, acceptance checked server-side, payments into installments.

Numbers are worked by hand from the seed and bot/plans/policy.yml:
a-1001 owes 123456 USD (64 days late, fees 3500); a-1003 owes 64000 GBP (41 days, fees 1200).
Installment plans waive outstanding fees; settlements discount by the policy band.
"""

from __future__ import annotations

import copy
import uuid
from datetime import date
from typing import Any

import pytest


def months_after(start: date, k: int) -> date:
    month = start.month - 1 + k
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)


async def quote(ledger: Any, account_id: str, **answers: Any) -> Any:
    return await ledger.post(f"/accounts/{account_id}/plans/quote", answers, 200)


async def accept(ledger: Any, account_id: str, option: dict[str, Any], **extra: Any) -> Any:
    body = {"option_id": option["option_id"], "idempotency_key": ledger.key(), **extra}
    return await ledger.post(f"/accounts/{account_id}/plans", body, 201)


def amounts(plan: dict[str, Any]) -> list[int]:
    return [i["amount_minor"] for i in plan["installments"]]


def pay_event(request_id: str, amount: int, currency: str, status: str = "settled") -> Any:
    return {
        "event_id": f"evt-{uuid.uuid4().hex}",
        "payment_request_id": request_id,
        "amount_minor": amount,
        "currency": currency,
        "status": status,
        "method": "card",
    }


async def bill(ledger: Any, account_id: str, amount: int, currency: str) -> str:
    body = {
        "amount_minor": amount,
        "currency": currency,
        "purpose": "installment",
        "idempotency_key": ledger.key(),
    }
    answer = await ledger.post(f"/accounts/{account_id}/payment-requests", body, 201)
    return str(answer["id"])


async def test_a_quote_offers_settlement_and_fee_free_installments(ledger: Any) -> None:
    quoted = await quote(ledger, "a-1001")
    assert quoted["balance_minor"] == 123456
    assert quoted["affordable"] is True
    assert quoted["reason"] is None
    settlement, short, long_ = quoted["options"]
    # 64 days late: the 60-day band's 10% off 123456, rounded up in the lender's favour.
    assert (settlement["kind"], settlement["total_minor"]) == ("settlement", 111111)
    assert settlement["discount_minor"] == 12345
    # The 3500 of fees is waived: 119956 over 3 and over 12 months, rounding in the last.
    assert (short["kind"], amounts(short)) == ("installments", [39985, 39985, 39986])
    assert amounts(long_) == [9996] * 11 + [10000]
    assert short["discount_minor"] == long_["discount_minor"] == 3500
    assert len({o["option_id"] for o in quoted["options"]}) == 3


@pytest.mark.parametrize(
    ("account_id", "total", "discount"),
    [
        ("a-1001", 111111, 12345),  # USD, 64 days: 10%
        ("a-1004", 36060, 9015),  # USD, 182 days but under 50000: the 120-day band, 20%
        ("a-1002", 792000, 88000),  # CNY, 95 days: 10%
        ("a-1005", 937500, 312500),  # CNY, 210 days: 25%
        ("a-1003", None, None),  # GBP, 41 days: no band
        ("a-1006", None, None),  # GBP, 12 days
        ("a-1007", None, None),  # USD, 33 days
    ],
)
async def test_settlement_offers_follow_the_policy_bands(
    ledger: Any, account_id: str, total: int | None, discount: int | None
) -> None:
    answer = await ledger.post(f"/accounts/{account_id}/settlement/quote", {}, 200)
    offer = answer["offer"]
    if total is None:
        assert offer is None
    else:
        assert (offer["total_minor"], offer["discount_minor"]) == (total, discount)
        assert offer["option_id"]


async def test_accepting_an_option_creates_the_plan(ledger: Any) -> None:
    quoted = await quote(ledger, "a-1003")
    today = date.fromisoformat(quoted["today"])
    short = quoted["options"][0]
    assert amounts(short) == [20933, 20933, 20934]  # (64000 - 1200 fees) / 3
    body = {"option_id": short["option_id"], "idempotency_key": ledger.key()}
    status, plan = await ledger.call("POST", "/accounts/a-1003/plans", body)
    assert status == 201, plan
    assert plan["status"] == "active"
    # The first installment is due today: its bill comes with the plan.
    request = plan["payment_request"]
    assert (request["amount_minor"], request["purpose"], request["status"]) == (
        20933,
        "installment",
        "open",
    )
    assert [i["due"] for i in plan["installments"]] == [
        months_after(today, k).isoformat() for k in range(3)
    ]
    assert [i["status"] for i in plan["installments"]] == ["due"] * 3
    account = await ledger.get("/accounts/a-1003")
    assert account["status"] == "in_plan"
    assert account["active_plan"]["id"] == plan["id"]
    assert account["next_due"] == {"date": today.isoformat(), "amount_minor": 20933}
    assert (await ledger.get(f"/plans/{plan['id']}"))["installments"] == plan["installments"]
    # A retry replays; a new acceptance is refused while this plan is active.
    status, again = await ledger.call("POST", "/accounts/a-1003/plans", body)
    assert (status, again) == (200, plan)
    before = await ledger.counts()
    status, answer = await ledger.call(
        "POST",
        "/accounts/a-1003/plans",
        {"option_id": quoted["options"][1]["option_id"], "idempotency_key": ledger.key()},
    )
    assert status == 409
    assert "already has an active plan" in answer["error"]
    assert await ledger.counts() == before


async def test_a_plan_can_be_accepted_by_the_dict_it_was_shown(ledger: Any) -> None:
    option = (await quote(ledger, "a-1003"))["options"][1]
    body = {"plan": option, "idempotency_key": ledger.key()}
    plan = await ledger.post("/accounts/a-1003/plans", body, 201)
    assert plan["option_id"] == option["option_id"]
    assert plan["total_minor"] == 62800


async def test_client_numbers_are_never_trusted(ledger: Any) -> None:
    option = (await quote(ledger, "a-1003"))["options"][0]
    cheaper = copy.deepcopy(option)
    cheaper["installments"][-1]["amount_minor"] -= 10000
    cheaper["total_minor"] -= 10000
    cheaper["discount_minor"] += 10000
    before = await ledger.counts()
    status, answer = await ledger.call(
        "POST", "/accounts/a-1003/plans", {"plan": cheaper, "idempotency_key": ledger.key()}
    )
    assert status == 409
    assert "no longer on offer" in answer["error"]
    broken = copy.deepcopy(option)
    broken["total_minor"] = 1
    status, answer = await ledger.call(
        "POST", "/accounts/a-1003/plans", {"plan": broken, "idempotency_key": ledger.key()}
    )
    assert status == 422
    status, _ = await ledger.call(
        "POST", "/accounts/a-1003/plans", {"option_id": "0" * 24, "idempotency_key": ledger.key()}
    )
    assert status == 409
    status, _ = await ledger.call(
        "POST",
        "/accounts/a-1003/plans",
        {"option_id": option["option_id"], "plan": option, "idempotency_key": ledger.key()},
    )
    assert status == 422
    assert await ledger.counts() == before
    assert (await ledger.get("/accounts/a-1003"))["status"] == "delinquent"


async def test_an_option_from_answers_needs_the_same_answers(ledger: Any) -> None:
    quoted = await quote(ledger, "a-1001", affordable_per_period_minor=20000)
    # Full and settlement exceed 20000; 119956 at 20000 a month is 6 payments, and 12.
    fastest, slower = quoted["options"]
    assert amounts(fastest) == [20000] * 5 + [19956]
    assert len(slower["installments"]) == 12
    status, _ = await ledger.call(
        "POST",
        "/accounts/a-1001/plans",
        {"option_id": fastest["option_id"], "idempotency_key": ledger.key()},
    )
    assert status == 409
    plan = await accept(ledger, "a-1001", fastest, affordable_per_period_minor=20000)
    assert amounts(plan) == [20000] * 5 + [19956]


async def test_nothing_affordable_leads_to_a_hardship_plan(ledger: Any) -> None:
    quoted = await quote(ledger, "a-1001", affordable_per_period_minor=0)
    assert (quoted["affordable"], quoted["reason"]) == (False, "nothing_affordable")
    [hardship] = quoted["options"]
    # USD token payment 500 a month for at most 6 months; fees frozen out.
    assert (hardship["kind"], amounts(hardship)) == ("hardship", [500] * 6)
    plan = await accept(ledger, "a-1001", hardship, affordable_per_period_minor=0)
    assert plan["kind"] == "hardship"
    # Nothing payable now: the plan starts with a pause, and no bill comes with it.
    assert plan["installments"][0]["due"] > quoted["today"]
    assert plan["payment_request"] is None
    assert (await ledger.get("/accounts/a-1001"))["status"] == "in_plan"


async def test_income_and_essentials_cap_the_installments(ledger: Any) -> None:
    # Disposable 300000 - 260000 = 40000; half of it, 20000 a month, may go to the plan.
    quoted = await quote(
        ledger, "a-1001", income_monthly_minor=300000, essentials_monthly_minor=260000
    )
    assert [len(o["installments"]) for o in quoted["options"]] == [6, 12]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"frequency": "daily"}, "frequency"),
        ({"affordable_per_period_minor": -1}, "affordable_per_period_minor"),
        ({"affordable_per_period_minor": "100.50"}, "affordable_per_period_minor"),
        ({"affordable_per_period_minor": 100.5}, "affordable_per_period_minor"),
        ({"income_monthly_minor": 300000}, "essentials_monthly_minor"),
        ({"today": "31/12/2025"}, "today"),
        ({"budget": 1}, "unknown field"),
    ],
)
async def test_bad_quote_answers_are_422(ledger: Any, body: dict[str, Any], field: str) -> None:
    status, answer = await ledger.call("POST", "/accounts/a-1001/plans/quote", body)
    assert status == 422, answer
    assert field in answer["error"]


async def test_cancelling_a_plan_returns_the_account_to_delinquent(ledger: Any) -> None:
    plan = await accept(ledger, "a-1003", (await quote(ledger, "a-1003"))["options"][0])
    cancelled = await ledger.post(
        f"/plans/{plan['id']}/cancel", {"idempotency_key": ledger.key()}, 200
    )
    assert cancelled["status"] == "cancelled"
    account = await ledger.get("/accounts/a-1003")
    assert (account["status"], account["active_plan"], account["next_due"]) == (
        "delinquent",
        None,
        None,
    )
    before = await ledger.counts()
    status, _ = await ledger.call(
        "POST", f"/plans/{plan['id']}/cancel", {"idempotency_key": ledger.key()}
    )
    assert status == 409
    assert await ledger.counts() == before


async def test_changing_a_plan_replaces_it_in_one_step(ledger: Any) -> None:
    quoted = await quote(ledger, "a-1003")
    first = await accept(ledger, "a-1003", quoted["options"][0])
    weekly = await quote(ledger, "a-1003", frequency="weekly")
    second = await accept(
        ledger, "a-1003", weekly["options"][0], frequency="weekly", replaces=str(first["id"])
    )
    assert second["id"] != first["id"] and second["frequency"] == "weekly"
    assert (await ledger.get(f"/plans/{first['id']}"))["status"] == "cancelled"
    account = await ledger.get("/accounts/a-1003")
    assert (account["status"], account["active_plan"]["id"]) == ("in_plan", second["id"])
    actions = await ledger.scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('plan.cancelled', 'plan.accepted')"
    )
    assert actions == 3  # accepted, then cancelled + accepted together


@pytest.mark.parametrize("named", ["none", "wrong", "stale"])
async def test_a_replacement_must_name_the_active_plan(ledger: Any, named: str) -> None:
    quoted = await quote(ledger, "a-1003")
    first = await accept(ledger, "a-1003", quoted["options"][0])
    if named == "stale":  # changed elsewhere since: the plan this chat saw is gone
        await ledger.post(f"/plans/{first['id']}/cancel", {"idempotency_key": ledger.key()}, 200)
        await accept(ledger, "a-1003", quoted["options"][1])
    replaces = {"none": None, "wrong": "999999", "stale": str(first["id"])}[named]
    before = await ledger.counts()
    body = {"option_id": quoted["options"][2]["option_id"], "idempotency_key": ledger.key()}
    if replaces is not None:
        body["replaces"] = replaces
    status, answer = await ledger.call("POST", "/accounts/a-1003/plans", body)
    assert status == 409, answer
    assert await ledger.counts() == before


async def test_replacing_when_there_is_no_plan_is_refused(ledger: Any) -> None:
    quoted = await quote(ledger, "a-1003")
    body = {"option_id": quoted["options"][0]["option_id"], "idempotency_key": ledger.key()}
    status, answer = await ledger.call("POST", "/accounts/a-1003/plans", {**body, "replaces": "1"})
    assert status == 409 and "not the active plan" in answer["error"]
    status, answer = await ledger.call("POST", "/accounts/a-1003/plans", {**body, "replaces": 1})
    assert status == 422


async def test_no_plan_while_a_dispute_is_open(ledger: Any) -> None:
    option = (await quote(ledger, "a-1003"))["options"][0]
    await ledger.post(
        "/accounts/a-1003/disputes",
        {"reason": "already_paid", "channel": "email", "idempotency_key": ledger.key()},
        201,
    )
    status, answer = await ledger.call(
        "POST",
        "/accounts/a-1003/plans",
        {"option_id": option["option_id"], "idempotency_key": ledger.key()},
    )
    assert status == 409
    assert "dispute" in answer["error"]


async def test_payments_fill_installments_in_order_and_complete_the_plan(ledger: Any) -> None:
    plan = await accept(ledger, "a-1003", (await quote(ledger, "a-1003"))["options"][0])
    first = await bill(ledger, "a-1003", 30000, "GBP")
    status, _ = await ledger.webhook(pay_event(first, 30000, "GBP"))
    assert status == 200
    state = await ledger.get(f"/plans/{plan['id']}")
    assert [(i["paid_minor"], i["status"]) for i in state["installments"]] == [
        (20933, "paid"),
        (9067, "due"),
        (0, "due"),
    ]
    account = await ledger.get("/accounts/a-1003")
    assert account["next_due"] == {
        "date": plan["installments"][1]["due"],
        "amount_minor": 20933 - 9067,
    }
    rest = await bill(ledger, "a-1003", 32800, "GBP")
    status, paid = await ledger.webhook(pay_event(rest, 32800, "GBP"))
    # 64000 - 30000 - 32800 leaves the 1200 of fees, waived now the plan is complete.
    assert paid["account"] == {"id": "a-1003", "balance_minor": 0, "status": "settled"}
    assert (await ledger.get(f"/plans/{plan['id']}"))["status"] == "completed"
    waiver = await ledger.scalar(
        "SELECT amount_minor FROM ledger_entries WHERE account_id = 'a-1003' AND kind = 'waiver'"
    )
    assert waiver == -1200


async def test_a_settlement_paid_in_the_wallet_settles_the_account(ledger: Any) -> None:
    offer = (await ledger.post("/accounts/a-1001/settlement/quote", {}, 200))["offer"]
    plan = await accept(ledger, "a-1001", offer)
    request = plan["payment_request"]
    assert (request["amount_minor"], request["purpose"]) == (111111, "settlement")
    assert request["deeplink"] == f"wallet://pay?request={request['id']}"
    status, paid = await ledger.webhook(pay_event(request["id"], 111111, "USD"))
    assert paid["account"] == {"id": "a-1001", "balance_minor": 0, "status": "settled"}
    assert (await ledger.get(f"/plans/{plan['id']}"))["status"] == "completed"
    # The wallet claws the money back: the discount goes too, the plan is live again.
    status, reversed_ = await ledger.webhook(pay_event(request["id"], 111111, "USD", "reversed"))
    assert status == 200
    assert reversed_["account"] == {"id": "a-1001", "balance_minor": 123456, "status": "in_plan"}
    again = await ledger.get(f"/plans/{plan['id']}")
    assert again["status"] == "active"
    assert again["installments"][0]["paid_minor"] == 0


async def test_cancelling_a_settlement_cancels_its_bill(ledger: Any) -> None:
    offer = (await ledger.post("/accounts/a-1001/settlement/quote", {}, 200))["offer"]
    plan = await accept(ledger, "a-1001", offer)
    await ledger.post(f"/plans/{plan['id']}/cancel", {"idempotency_key": ledger.key()}, 200)
    request = await ledger.get(f"/payment-requests/{plan['payment_request']['id']}")
    assert request["status"] == "cancelled"


async def test_nothing_owed_means_nothing_to_quote(ledger: Any) -> None:
    dispute = await ledger.post(
        "/accounts/a-1006/disputes",
        {"reason": "fraud", "channel": "wallet", "idempotency_key": ledger.key()},
        201,
    )
    await ledger.post(
        f"/disputes/{dispute['id']}/resolve",
        {"outcome": "resolved_for_debtor", "idempotency_key": ledger.key()},
        200,
    )
    status, answer = await ledger.call("POST", "/accounts/a-1006/plans/quote", {})
    assert status == 409
    assert "nothing is owed" in answer["error"]
