"""Applying a settled payment to the active plan's installments, and undoing it.

Money goes to the earliest unpaid installment first. When the last one is paid the plan
completes and its discount is posted as a `waiver` (capped at what is still owed). The
returned "effects" record exactly what changed, so a reversal can undo exactly that.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ledger import entries, service
from bot.ledger.models import Account, PaymentPlan, PlanInstallment, utcnow


async def apply_payment(
    session: AsyncSession, account: Account, amount_minor: int, today: date
) -> dict[str, Any]:
    plan = await service.active_plan(session, account.id)
    if plan is None:
        return {"allocations": []}
    items = await service.installments(session, plan.id)
    allocations = _allocate(items, amount_minor)
    effects: dict[str, Any] = {"plan_id": plan.id, "allocations": allocations}
    if all(i.paid_minor == i.amount_minor for i in items):
        effects.update(await _complete(session, account, plan, today))
    return effects


def _allocate(items: list[PlanInstallment], amount_minor: int) -> list[dict[str, Any]]:
    left = amount_minor
    allocations = []
    for item in items:
        open_minor = item.amount_minor - item.paid_minor
        if left == 0:
            break
        if open_minor <= 0:
            continue
        take = min(open_minor, left)
        allocations.append(
            {"installment_id": item.id, "amount_minor": take, "status_before": item.status}
        )
        item.paid_minor += take
        if item.paid_minor == item.amount_minor:
            item.status = "paid"
        left -= take
    return allocations


async def _complete(
    session: AsyncSession, account: Account, plan: PaymentPlan, today: date
) -> dict[str, Any]:
    plan.status = "completed"
    plan.ended_at = utcnow()
    await session.flush()
    owed = await service.balance(session, account.id)
    discount = min(plan.discount_minor, owed)
    effects: dict[str, Any] = {"completed_plan_id": plan.id, "waiver_entry_id": None}
    if discount > 0:
        label = "Settlement discount" if plan.kind == "settlement" else "Fees waived"
        entry = await entries.post(
            session, account, "waiver", -discount, today, f"{label} (plan {plan.id} completed)"
        )
        effects.update({"waiver_entry_id": entry.id, "waiver_minor": discount})
    return effects


async def undo_payment(
    session: AsyncSession, account: Account, effects: dict[str, Any], today: date
) -> None:
    for allocation in effects.get("allocations", []):
        item = await session.get(PlanInstallment, allocation["installment_id"])
        if item is not None:
            item.paid_minor -= allocation["amount_minor"]
            item.status = allocation["status_before"]
    plan_id = effects.get("completed_plan_id")
    if plan_id is not None:
        await _reopen(session, account, plan_id)
    if effects.get("waiver_entry_id") is not None:
        await entries.post(
            session,
            account,
            "reversal",
            int(effects["waiver_minor"]),
            today,
            f"Plan {plan_id} discount withdrawn: its payment was reversed",
        )


async def _reopen(session: AsyncSession, account: Account, plan_id: int) -> None:
    plan = await session.get(PaymentPlan, plan_id)
    if plan is None or plan.status != "completed":
        return
    # Only one plan may be active; if another was agreed since, this one counts as broken.
    other = await service.active_plan(session, account.id)
    plan.status = "active" if other is None else "broken"
    plan.ended_at = None if other is None else utcnow()


__all__ = ["apply_payment", "undo_payment"]
