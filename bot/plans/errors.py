"""Errors raised by the plan calculator."""

from __future__ import annotations


class PlanError(ValueError):
    """A plan request that cannot be honoured; `code` is stable, the message is for logs.

    Codes: invalid_amount, invalid_count, invalid_frequency, invalid_rate, invalid_date,
    invalid_days, invalid_currency, invalid_plan, no_policy, below_minimum, term_too_long,
    holiday_too_long.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class PolicyError(ValueError):
    """The policy file is malformed; the message names the file, currency and field."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        super().__init__(f"{path}: {where}: {problem}" if where else f"{path}: {problem}")
        self.path = path
        self.where = where
        self.problem = problem
