"""What a debtor can afford per installment, from their income and essential spending."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR

from bot.plans.dates import PERIODS_PER_YEAR, Frequency, check_frequency
from bot.plans.errors import PlanError
from bot.plans.policy import Policy


@dataclass(frozen=True)
class Affordability:
    disposable_monthly_minor: int
    max_installment_monthly_minor: int

    def max_installment(self, frequency: Frequency) -> int:
        """The monthly cap spread over the year, rounded down so it never overshoots."""
        per_year = self.max_installment_monthly_minor * 12
        return per_year // PERIODS_PER_YEAR[check_frequency(frequency)]


def affordability(
    income_monthly_minor: int, essentials_monthly_minor: int, policy: Policy
) -> Affordability:
    for name, value in (("income", income_monthly_minor), ("essentials", essentials_monthly_minor)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise PlanError("invalid_amount", f"{name} must be a whole number of minor units >= 0")
    disposable = max(income_monthly_minor - essentials_monthly_minor, 0)
    share = (disposable * policy.max_share_of_disposable).to_integral_value(rounding=ROUND_FLOOR)
    return Affordability(disposable, int(share))
