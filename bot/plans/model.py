"""Plan values: what a debtor is offered, as exact minor-unit amounts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Final, Literal, get_args

from bot.plans.dates import Frequency, check_frequency
from bot.plans.errors import PlanError

PlanKind = Literal["full", "installments", "settlement", "hardship"]
PLAN_KINDS: Final[tuple[PlanKind, ...]] = get_args(PlanKind)


@dataclass(frozen=True)
class Installment:
    due: date
    amount_minor: int


@dataclass(frozen=True)
class Plan:
    """One option for settling a balance.

    `total_minor` is what the debtor pays (the installments' sum). The balance splits as
    discount (settlement discount, waived fees) + principal paid (total - interest)
    + `remaining_minor` (still owed after a hardship period, zero for other kinds).
    `freeze_interest` tells the ledger to stop accruing interest and fees while the plan runs.
    """

    kind: PlanKind
    currency: str
    total_minor: int
    balance_minor: int
    discount_minor: int
    interest_minor: int
    frequency: Frequency | None
    installments: tuple[Installment, ...]
    freeze_interest: bool

    def __post_init__(self) -> None:
        _check_plan(self)

    @property
    def remaining_minor(self) -> int:
        return self.balance_minor - self.discount_minor - (self.total_minor - self.interest_minor)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "currency": self.currency,
            "total_minor": self.total_minor,
            "balance_minor": self.balance_minor,
            "discount_minor": self.discount_minor,
            "interest_minor": self.interest_minor,
            "frequency": self.frequency,
            "installments": [
                {"due": i.due.isoformat(), "amount_minor": i.amount_minor}
                for i in self.installments
            ],
            "freeze_interest": self.freeze_interest,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Plan:
        """Inverse of `to_dict`; raises PlanError("invalid_plan") on anything malformed."""
        expected = set(_FIELDS) | {"installments", "frequency", "freeze_interest", "kind"}
        if not isinstance(data, Mapping) or set(data) != expected:
            raise PlanError("invalid_plan", f"plan must have exactly the keys {sorted(expected)}")
        frequency = data["frequency"]
        freeze = data["freeze_interest"]
        if not isinstance(freeze, bool):
            raise PlanError("invalid_plan", "freeze_interest must be a boolean")
        raw = data["installments"]
        if not isinstance(raw, list):
            raise PlanError("invalid_plan", "installments must be a list")
        return cls(
            kind=_kind(data["kind"]),
            currency=_str(data, "currency"),
            total_minor=_int(data, "total_minor"),
            balance_minor=_int(data, "balance_minor"),
            discount_minor=_int(data, "discount_minor"),
            interest_minor=_int(data, "interest_minor"),
            frequency=None if frequency is None else _frequency(frequency),
            installments=tuple(_installment(item) for item in raw),
            freeze_interest=freeze,
        )


_FIELDS: Final = ("currency", "total_minor", "balance_minor", "discount_minor", "interest_minor")


def _str(data: Mapping[str, object], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise PlanError("invalid_plan", f"{key} must be a string")
    return value


def _int(data: Mapping[str, object], key: str) -> int:
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise PlanError("invalid_plan", f"{key} must be an integer number of minor units")
    return value


def _kind(value: object) -> PlanKind:
    for known in PLAN_KINDS:
        if value == known:
            return known
    raise PlanError("invalid_plan", f"unknown plan kind {value!r}")


def _frequency(value: object) -> Frequency:
    try:
        return check_frequency(value)
    except PlanError as exc:
        raise PlanError("invalid_plan", str(exc)) from exc


def _installment(item: object) -> Installment:
    if not isinstance(item, Mapping) or set(item) != {"due", "amount_minor"}:
        raise PlanError("invalid_plan", "each installment needs exactly 'due' and 'amount_minor'")
    due = item["due"]
    try:
        parsed = date.fromisoformat(due) if isinstance(due, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise PlanError("invalid_plan", f"installment due date {due!r} is not an ISO date")
    return Installment(parsed, _int(item, "amount_minor"))


def _check_plan(plan: Plan) -> None:
    """Refuse values that would misstate a debt, whoever builds them."""
    problems = []
    if not (isinstance(plan.currency, str) and len(plan.currency) == 3 and plan.currency.isupper()):
        problems.append(f"currency {plan.currency!r} is not an ISO 4217 code")
    if not plan.installments:
        problems.append("a plan needs at least one installment")
    if any(i.amount_minor <= 0 for i in plan.installments):
        problems.append("every installment must be positive")
    if sum(i.amount_minor for i in plan.installments) != plan.total_minor:
        problems.append("installments must sum to total_minor")
    dues = [i.due for i in plan.installments]
    if any(a >= b for a, b in pairwise(dues)):
        problems.append("due dates must be strictly increasing")
    if min(plan.balance_minor, plan.discount_minor, plan.interest_minor) < 0:
        problems.append("balance, discount and interest must not be negative")
    if plan.remaining_minor < 0:
        problems.append("the plan pays more principal than the balance")
    if plan.kind != "hardship" and plan.remaining_minor != 0:
        problems.append(f"a {plan.kind} plan must clear the balance")
    if (plan.frequency is None) != (plan.kind in ("full", "settlement")):
        problems.append("only installment and hardship plans have a frequency")
    if problems:
        raise PlanError("invalid_plan", "; ".join(problems))
