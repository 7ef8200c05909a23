"""Collections policy per currency, loaded from YAML and validated up front."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path
from typing import Final

import yaml
from babel.numbers import get_currency_precision, list_currencies

from bot.plans.errors import PlanError, PolicyError

DEFAULT_POLICY_PATH: Final = Path(__file__).with_name("policy.yml")
_KNOWN_CURRENCIES: Final = frozenset(list_currencies())


@dataclass(frozen=True)
class DiscountBand:
    """Debtors at least this late with at least this balance may get this discount."""

    min_days_past_due: int
    min_balance_minor: int
    max_discount_share: Decimal

    def applies(self, days_past_due: int, balance_minor: int) -> bool:
        return days_past_due >= self.min_days_past_due and balance_minor >= self.min_balance_minor


@dataclass(frozen=True)
class FeeWaiver:
    on_installments: bool
    on_hardship: bool


@dataclass(frozen=True)
class HardshipDefaults:
    token_payment_minor: int
    max_reduced_months: int
    max_holiday_days: int


@dataclass(frozen=True)
class Policy:
    currency: str
    exponent: int  # minor-unit digits, from Babel (2 for USD, 0 for JPY)
    min_installment_minor: int
    max_term_months: int
    max_share_of_disposable: Decimal
    settlement_floor_share: Decimal
    settlement_bands: tuple[DiscountBand, ...]  # least to most specific
    fee_waiver: FeeWaiver
    hardship: HardshipDefaults

    def settlement_discount_share(self, days_past_due: int, balance_minor: int) -> Decimal:
        """The most specific applicable band's discount; 0 when no band applies."""
        applicable = [b for b in self.settlement_bands if b.applies(days_past_due, balance_minor)]
        return applicable[-1].max_discount_share if applicable else Decimal(0)


def load_policies(path: Path | None = None) -> dict[str, Policy]:
    """Read and validate the policy file (default: the packaged policy.yml)."""
    source = path or DEFAULT_POLICY_PATH
    try:
        raw = yaml.load(source.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except OSError as exc:
        raise PolicyError(str(source), "", f"cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise PolicyError(str(source), "", f"invalid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not raw:
        raise PolicyError(str(source), "", "must map currency codes to policies")
    return {
        str(code): _policy(_Reader(str(source), str(code)), code, body)
        for code, body in raw.items()
    }


def policy_for(policies: Mapping[str, Policy], currency: str) -> Policy:
    try:
        return policies[currency]
    except KeyError:
        raise PlanError("no_policy", f"no collections policy for currency {currency!r}") from None


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys instead of silently keeping the last."""

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Hashable, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_POLICY_KEYS: Final = frozenset(
    {
        "min_installment_minor",
        "max_term_months",
        "max_share_of_disposable",
        "settlement_floor_share",
        "settlement_bands",
        "fee_waiver",
        "hardship",
    }
)
_BAND_KEYS: Final = frozenset({"min_days_past_due", "min_balance_minor", "max_discount_share"})
_FEE_KEYS: Final = frozenset({"on_installments", "on_hardship"})
_HARDSHIP_KEYS: Final = frozenset({"token_payment_minor", "max_reduced_months", "max_holiday_days"})
_MAX_TERM_MONTHS: Final = 600
_MAX_HOLIDAY_DAYS: Final = 365


@dataclass(frozen=True)
class _Reader:
    """Reads one section of the file; every error names file, currency and field."""

    path: str
    where: str

    def fail(self, problem: str, key: str = "") -> PolicyError:
        return PolicyError(self.path, f"{self.where}.{key}" if key else self.where, problem)

    def at(self, key: str) -> _Reader:
        return _Reader(self.path, f"{self.where}.{key}")

    def section(self, body: object, keys: frozenset[str]) -> Mapping[str, object]:
        if not isinstance(body, dict):
            raise self.fail("must be a mapping")
        unknown = sorted(str(k) for k in body if k not in keys)
        if unknown:
            raise self.fail(f"unknown field(s) {', '.join(unknown)}")
        missing = sorted(keys - body.keys())
        if missing:
            raise self.fail(f"missing field(s) {', '.join(missing)}")
        return body

    def integer(
        self, body: Mapping[str, object], key: str, low: int, high: int | None = None
    ) -> int:
        value = body[key]
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"must be a whole number, got {value!r}", key)
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise self.fail(f"must be {bound}, got {value}", key)
        return value

    def share(self, body: Mapping[str, object], key: str, *, below_one: bool = False) -> Decimal:
        value = body[key]
        if not isinstance(value, str):
            raise self.fail(f'must be a quoted decimal string like "0.5", got {value!r}', key)
        try:
            share = Decimal(value)
        except InvalidOperation:
            raise self.fail(f"{value!r} is not a decimal number", key) from None
        if not share.is_finite() or share <= 0 or share > 1 or (below_one and share == 1):
            interval = "(0, 1)" if below_one else "(0, 1]"
            raise self.fail(f"must be a share in {interval}, got {value}", key)
        return share

    def flag(self, body: Mapping[str, object], key: str) -> bool:
        value = body[key]
        if not isinstance(value, bool):
            raise self.fail(f"must be true or false, got {value!r}", key)
        return value


def _policy(reader: _Reader, code: object, body: object) -> Policy:
    if not isinstance(code, str) or code not in _KNOWN_CURRENCIES:
        raise reader.fail("not an ISO 4217 currency code known to Babel")
    fields = reader.section(body, _POLICY_KEYS)
    max_term = reader.integer(fields, "max_term_months", 1, _MAX_TERM_MONTHS)
    floor = reader.share(fields, "settlement_floor_share")
    return Policy(
        currency=code,
        exponent=int(get_currency_precision(code)),
        min_installment_minor=reader.integer(fields, "min_installment_minor", 1),
        max_term_months=max_term,
        max_share_of_disposable=reader.share(fields, "max_share_of_disposable"),
        settlement_floor_share=floor,
        settlement_bands=_bands(reader.at("settlement_bands"), fields["settlement_bands"], floor),
        fee_waiver=_fee_waiver(reader.at("fee_waiver"), fields["fee_waiver"]),
        hardship=_hardship(reader.at("hardship"), fields["hardship"], max_term),
    )


def _bands(reader: _Reader, body: object, floor: Decimal) -> tuple[DiscountBand, ...]:
    if not isinstance(body, list):
        raise reader.fail("must be a list (empty for no settlements)")
    bands = [
        _band(_Reader(reader.path, f"{reader.where}[{i}]"), item, floor)
        for i, item in enumerate(body)
    ]
    order = sorted(
        range(len(bands)), key=lambda i: (bands[i].min_days_past_due, bands[i].min_balance_minor)
    )
    # Bands must form a chain (each stricter than the last on both keys) so that exactly
    # one band is the most specific for any debtor; anything else is an overlap.
    for i, j in pairwise(order):
        a, b = bands[i], bands[j]
        if b.min_balance_minor < a.min_balance_minor or (
            (a.min_days_past_due, a.min_balance_minor) == (b.min_days_past_due, b.min_balance_minor)
        ):
            raise reader.fail(
                f"bands [{i}] and [{j}] overlap: a debtor at least "
                f"{max(a.min_days_past_due, b.min_days_past_due)} days past due owing at least "
                f"{max(a.min_balance_minor, b.min_balance_minor)} minor units matches both and "
                "neither is more specific"
            )
    return tuple(bands[i] for i in order)


def _band(reader: _Reader, body: object, floor: Decimal) -> DiscountBand:
    fields = reader.section(body, _BAND_KEYS)
    discount = reader.share(fields, "max_discount_share", below_one=True)
    if discount > 1 - floor:
        raise reader.fail(
            f"discount {discount} would take a settlement below the floor share {floor} "
            f"(at most {1 - floor})",
            "max_discount_share",
        )
    return DiscountBand(
        min_days_past_due=reader.integer(fields, "min_days_past_due", 0),
        min_balance_minor=reader.integer(fields, "min_balance_minor", 0),
        max_discount_share=discount,
    )


def _fee_waiver(reader: _Reader, body: object) -> FeeWaiver:
    fields = reader.section(body, _FEE_KEYS)
    return FeeWaiver(reader.flag(fields, "on_installments"), reader.flag(fields, "on_hardship"))


def _hardship(reader: _Reader, body: object, max_term: int) -> HardshipDefaults:
    fields = reader.section(body, _HARDSHIP_KEYS)
    return HardshipDefaults(
        token_payment_minor=reader.integer(fields, "token_payment_minor", 1),
        max_reduced_months=reader.integer(fields, "max_reduced_months", 1, max_term),
        max_holiday_days=reader.integer(fields, "max_holiday_days", 0, _MAX_HOLIDAY_DAYS),
    )
