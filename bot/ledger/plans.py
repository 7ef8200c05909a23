"""Payment plans on the ledger: quote, accept, cancel, and apply payments to installments.

The calculator (bot.plans) is the only source of plan numbers. A client accepts an option
by its `option_id` (or by sending the plan itself); the server re-runs the quote for the
account as it is now and accepts only an option that quote produces, so stale or edited
numbers are refused (409: quote again).

Discounts (settlement discount, fees waived by an installment plan) are posted as one
`waiver` entry when the plan completes, not when it is accepted: a plan that breaks or
is cancelled leaves the full balance owed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import plans as calculator
from bot.ledger import audit, payments, service, status
from bot.ledger.audit import canonical
from bot.ledger.errors import Conflict, Invalid, NotFound
from bot.ledger.models import (
    Account,
    Debtor,
    PaymentPlan,
    PaymentRequest,
    PlanInstallment,
    utcnow,
)
from bot.ledger.views import payment_request_view, plan_view
from bot.ledger.writes import Result, lock_account


@lru_cache(maxsize=1)
def policies() -> dict[str, calculator.Policy]:
    return calculator.load_policies()


@dataclass(frozen=True)
class Answers:
    """What the debtor told us about what they can pay (all optional)."""

    frequency: calculator.Frequency = "monthly"
    affordable_per_period_minor: int | None = None
    income_monthly_minor: int | None = None
    essentials_monthly_minor: int | None = None


def option_id(plan: calculator.Plan) -> str:
    """A stable name for one option: a hash of exactly what the debtor would agree to."""
    return hashlib.sha256(canonical(plan.to_dict()).encode()).hexdigest()[:24]


def option_view(plan: calculator.Plan) -> dict[str, Any]:
    return {**plan.to_dict(), "option_id": option_id(plan)}


@dataclass(frozen=True)
class Terms:
    """The account's numbers the calculator works from."""

    balance_minor: int
    fees_minor: int
    policy: calculator.Policy
    today: date


async def terms(session: AsyncSession, account: Account, today: date | None = None) -> Terms:
    owed = await service.balance(session, account.id)
    if owed <= 0:
        raise Conflict(f"nothing is owed on account {account.id}")
    try:
        policy = calculator.policy_for(policies(), account.currency)
    except calculator.PlanError as exc:
        raise Conflict(f"no plans are offered in {account.currency}") from exc
    if today is None:
        debtor = await session.get(Debtor, account.debtor_id)
        today = service.local_today(debtor.timezone if debtor else "UTC")
    return Terms(owed, await _outstanding_fees(session, account.id, owed), policy, today)


async def _outstanding_fees(session: AsyncSession, account_id: str, owed: int) -> int:
    # Fees charged less waivers (waivers are how fees get forgiven), capped below the
    # balance: a balance made only of fees gets no fee waiver (it would forgive it all).
    fees = await service.sum_of_kind(session, account_id, "fee")
    waived = await service.sum_of_kind(session, account_id, "waiver")
    outstanding = max(fees + waived, 0)
    return outstanding if outstanding < owed else 0


def run_quote(account: Account, numbers: Terms, answers: Answers) -> calculator.Quote:
    limits = None
    if answers.income_monthly_minor is not None and answers.essentials_monthly_minor is not None:
        limits = calculator.affordability(
            answers.income_monthly_minor, answers.essentials_monthly_minor, numbers.policy
        )
    try:
        return calculator.quote(
            numbers.balance_minor,
            account.currency,
            account.days_past_due,
            numbers.policy,
            numbers.today,
            affordable_per_period_minor=answers.affordable_per_period_minor,
            frequency=answers.frequency,
            affordability=limits,
            fees_minor=numbers.fees_minor,
        )
    except calculator.PlanError as exc:
        raise Invalid(f"cannot quote ({exc.code}): {exc}") from exc


def quote_view(numbers: Terms, account: Account, found: calculator.Quote) -> dict[str, Any]:
    return {
        "account_id": account.id,
        "currency": account.currency,
        "balance_minor": numbers.balance_minor,
        "today": numbers.today.isoformat(),
        "affordable": found.affordable,
        "reason": found.reason,
        "options": [option_view(p) for p in found.options],
    }


def settlement(account: Account, numbers: Terms) -> calculator.Plan | None:
    try:
        return calculator.settlement_offer(
            numbers.balance_minor,
            account.currency,
            account.days_past_due,
            numbers.policy,
            numbers.today,
        )
    except calculator.PlanError as exc:
        raise Invalid(f"cannot quote ({exc.code}): {exc}") from exc


def candidates(account: Account, numbers: Terms, answers: Answers) -> dict[str, calculator.Plan]:
    """Every option the server would offer now: for these answers and for none."""
    found: dict[str, calculator.Plan] = {}
    for asked in (answers, Answers(frequency=answers.frequency), Answers()):
        for plan in run_quote(account, numbers, asked).options:
            found.setdefault(option_id(plan), plan)
    offer = settlement(account, numbers)
    if offer is not None:
        found.setdefault(option_id(offer), offer)
    return found


def requested_option(body: dict[str, Any]) -> str:
    """The option the client names, by id or by the plan dict it was shown."""
    if ("option_id" in body) == ("plan" in body):
        raise Invalid("give exactly one of option_id or plan")
    if "option_id" in body:
        value = body["option_id"]
        if not isinstance(value, str) or not 1 <= len(value) <= 64:
            raise Invalid("option_id must be the string from a quote")
        return value
    raw = body["plan"]
    if not isinstance(raw, dict):
        raise Invalid("plan must be a plan object from a quote")
    shown = {k: v for k, v in raw.items() if k != "option_id"}
    try:
        return option_id(calculator.Plan.from_dict(shown))
    except calculator.PlanError as exc:
        raise Invalid(f"plan is not a valid plan: {exc}") from exc


async def accept(
    session: AsyncSession,
    account: Account,
    chosen: str,
    answers: Answers,
    actor: str,
    replaces: str | None = None,
) -> Result:
    """A new plan; `replaces` names the active plan it takes over from (changing a plan),
    cancelled in the same transaction so the debtor is never left without one."""
    if account.status == status.HOLD:
        raise Conflict(
            f"account {account.id} is on hold while a dispute is open; "
            "plans can be agreed once it is resolved"
        )
    current = await service.active_plan(session, account.id)
    current_id = None if current is None else str(current.id)
    if replaces != current_id:
        raise Conflict(
            f"account {account.id} already has an active plan ({current_id}): name it in replaces"
            if replaces is None
            else f"plan {replaces} is not the active plan of account {account.id}"
        )
    numbers = await terms(session, account)
    plan = candidates(account, numbers, answers).get(chosen)
    if plan is None:
        raise Conflict("that option is no longer on offer for this account: quote again")
    if current is not None:
        await _end(session, current, account, actor)
    row = await _store(session, account, plan, chosen)
    request = None
    if plan.kind in ("full", "settlement"):
        purpose = "settlement" if plan.kind == "settlement" else "payment"
        request = await payments.create_request(
            session, account, plan.total_minor, purpose, plan_id=row.id
        )
    elif plan.installments[0].due <= numbers.today:
        # The first installment is due today: its bill comes with the plan, so the debtor can
        # pay it from the same message instead of asking again.
        first = plan.installments[0].amount_minor
        request = await payments.create_request(
            session, account, first, "installment", plan_id=row.id
        )
    status.refresh(account, numbers.balance_minor, has_active_plan=True)
    items = await service.installments(session, row.id)
    await audit.append(
        session,
        actor=actor,
        action="plan.accepted",
        subject=f"account:{account.id}",
        data={
            "plan_id": row.id,
            "option_id": chosen,
            "plan": plan.to_dict(),
            "payment_request_id": request.id if request else None,
            "replaces": current_id,
            "account_status": account.status,
        },
    )
    body = plan_view(row, items)
    body["payment_request"] = payment_request_view(request, utcnow()) if request else None
    return Result(201, body)


async def _store(
    session: AsyncSession, account: Account, plan: calculator.Plan, chosen: str
) -> PaymentPlan:
    row = PaymentPlan(
        account_id=account.id,
        option_id=chosen,
        kind=plan.kind,
        frequency=plan.frequency,
        currency=plan.currency,
        balance_minor=plan.balance_minor,
        total_minor=plan.total_minor,
        discount_minor=plan.discount_minor,
        interest_minor=plan.interest_minor,
        status="active",
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    for seq, item in enumerate(plan.installments, start=1):
        session.add(
            PlanInstallment(
                plan_id=row.id,
                seq=seq,
                due=item.due,
                amount_minor=item.amount_minor,
                paid_minor=0,
                status="due",
            )
        )
    await session.flush()
    return row


async def lock_plan(session: AsyncSession, plan_id: str) -> tuple[PaymentPlan, Account]:
    plan = await session.get(PaymentPlan, int(plan_id)) if plan_id.isdigit() else None
    if plan is None:
        raise NotFound(f"no plan {plan_id}")
    account = await lock_account(session, plan.account_id)
    await session.refresh(plan)  # re-read under the lock
    return plan, account


async def cancel(session: AsyncSession, plan: PaymentPlan, account: Account, actor: str) -> Result:
    if plan.status != "active":
        raise Conflict(f"plan {plan.id} is {plan.status}, not active")
    await _end(session, plan, account, actor)
    return Result(200, plan_view(plan, await service.installments(session, plan.id)))


async def _end(session: AsyncSession, plan: PaymentPlan, account: Account, actor: str) -> None:
    """Cancels an active plan and its open payment requests, with the audit row."""
    plan.status = "cancelled"
    plan.ended_at = utcnow()
    await session.execute(
        update(PaymentRequest)
        .where(PaymentRequest.plan_id == plan.id, PaymentRequest.status == "open")
        .values(status="cancelled")
    )
    await session.flush()
    status.refresh(account, await service.balance(session, account.id), has_active_plan=False)
    await audit.append(
        session,
        actor=actor,
        action="plan.cancelled",
        subject=f"account:{account.id}",
        data={"plan_id": plan.id, "account_status": account.status},
    )


async def plan_detail(session: AsyncSession, plan_id: str) -> dict[str, Any]:
    plan = await session.get(PaymentPlan, int(plan_id)) if plan_id.isdigit() else None
    if plan is None:
        raise NotFound(f"no plan {plan_id}")
    view = plan_view(plan, await service.installments(session, plan.id))
    stmt = select(PaymentRequest).where(PaymentRequest.plan_id == plan.id)
    now = utcnow()
    view["payment_requests"] = [
        payment_request_view(r, now)
        for r in (await session.execute(stmt.order_by(PaymentRequest.created_at))).scalars()
    ]
    return view


__all__ = [
    "Answers",
    "Terms",
    "accept",
    "cancel",
    "candidates",
    "lock_plan",
    "option_id",
    "option_view",
    "plan_detail",
    "policies",
    "quote_view",
    "requested_option",
    "run_quote",
    "settlement",
    "terms",
]
