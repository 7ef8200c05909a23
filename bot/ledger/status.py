"""How an account's status follows from its balance, plans and disputes (pure).

One rule for every write: an account is `settled` once nothing is owed, `in_plan` while
a plan is active, and otherwise keeps `current`/`delinquent` (falling back to
`delinquent` when the plan that made it `in_plan` ends with money still owed).
`closed` is final. While a dispute is open the account shows `disputed_hold` and the
rule updates `status_before_hold` instead, so lifting the hold lands on the right status
even if payments or plans changed things meanwhile.
"""

from __future__ import annotations

from bot.ledger.models import Account

HOLD = "disputed_hold"


def resting_status(current: str, balance_minor: int, has_active_plan: bool) -> str:
    if current == "closed":
        return "closed"
    if balance_minor <= 0:
        return "settled"
    if has_active_plan:
        return "in_plan"
    if current in ("in_plan", "settled", HOLD):
        return "delinquent"
    return current


def refresh(account: Account, balance_minor: int, has_active_plan: bool) -> None:
    """Apply the rule to the account, or to its pre-hold status while on hold."""
    if account.status == HOLD:
        before = account.status_before_hold or "delinquent"
        account.status_before_hold = resting_status(before, balance_minor, has_active_plan)
    else:
        account.status = resting_status(account.status, balance_minor, has_active_plan)


def hold(account: Account) -> None:
    if account.status != HOLD:
        account.status_before_hold = account.status
        account.status = HOLD


def lift_hold(account: Account, balance_minor: int, has_active_plan: bool) -> None:
    if account.status != HOLD:
        return
    before = account.status_before_hold or "delinquent"
    account.status = resting_status(before, balance_minor, has_active_plan)
    account.status_before_hold = None


__all__ = ["HOLD", "hold", "lift_hold", "refresh", "resting_status"]
