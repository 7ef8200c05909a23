"""Plan calculator: payment options for an amount owed, in exact minor units (pure)."""

from __future__ import annotations

from bot.plans.affordability import Affordability, affordability
from bot.plans.dates import FREQUENCIES, Frequency, add_period
from bot.plans.errors import PlanError, PolicyError
from bot.plans.hardship import hardship_plan
from bot.plans.installments import installment_plan
from bot.plans.lump_sum import pay_in_full, settlement_offer
from bot.plans.model import PLAN_KINDS, Installment, Plan, PlanKind
from bot.plans.policy import (
    DEFAULT_POLICY_PATH,
    DiscountBand,
    FeeWaiver,
    HardshipDefaults,
    Policy,
    load_policies,
    policy_for,
)
from bot.plans.quote import Quote, quote

__all__ = [
    "DEFAULT_POLICY_PATH",
    "FREQUENCIES",
    "PLAN_KINDS",
    "Affordability",
    "DiscountBand",
    "FeeWaiver",
    "Frequency",
    "HardshipDefaults",
    "Installment",
    "Plan",
    "PlanError",
    "PlanKind",
    "Policy",
    "PolicyError",
    "Quote",
    "add_period",
    "affordability",
    "hardship_plan",
    "installment_plan",
    "load_policies",
    "pay_in_full",
    "policy_for",
    "quote",
    "settlement_offer",
]
