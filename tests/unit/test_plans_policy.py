"""Policy file loading: the packaged file is valid, and bad files fail with clear errors."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.plans import DEFAULT_POLICY_PATH, DiscountBand, PolicyError, load_policies


def valid() -> dict[str, Any]:
    return {
        "USD": {
            "min_installment_minor": 2500,
            "max_term_months": 24,
            "max_share_of_disposable": "0.4",
            "settlement_floor_share": "0.6",
            "settlement_bands": [
                {"min_days_past_due": 180, "min_balance_minor": 50000, "max_discount_share": "0.3"},
                {"min_days_past_due": 90, "min_balance_minor": 0, "max_discount_share": "0.1"},
            ],
            "fee_waiver": {"on_installments": True, "on_hardship": False},
            "hardship": {
                "token_payment_minor": 100,
                "max_reduced_months": 3,
                "max_holiday_days": 30,
            },
        }
    }


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "policy.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_packaged_policy_covers_the_wallet_currencies() -> None:
    policies = load_policies()
    assert {"USD", "GBP", "CNY"} <= set(policies)
    assert load_policies(DEFAULT_POLICY_PATH) == policies
    # Minor-unit digits come from Babel's ISO 4217 data.
    assert (policies["USD"].exponent, policies["GBP"].exponent, policies["CNY"].exponent) == (
        2,
        2,
        2,
    )
    assert policies["JPY"].exponent == 0


def test_valid_file_loads_with_exact_values(tmp_path: Path) -> None:
    policy = load_policies(write(tmp_path, valid()))["USD"]
    assert policy.min_installment_minor == 2500
    assert policy.max_share_of_disposable == Decimal("0.4")
    assert policy.settlement_bands == (
        DiscountBand(90, 0, Decimal("0.1")),
        DiscountBand(180, 50000, Decimal("0.3")),
    )
    assert policy.settlement_discount_share(200, 60000) == Decimal("0.3")
    assert policy.settlement_discount_share(200, 40000) == Decimal("0.1")
    assert policy.settlement_discount_share(89, 60000) == Decimal(0)
    assert (policy.fee_waiver.on_installments, policy.fee_waiver.on_hardship) == (True, False)
    assert policy.hardship.max_holiday_days == 30


def test_no_bands_means_no_settlements(tmp_path: Path) -> None:
    data = valid()
    data["USD"]["settlement_bands"] = []
    assert load_policies(write(tmp_path, data))["USD"].settlement_bands == ()


def change(path: str, value: object) -> dict[str, Any]:
    """valid() with the dotted `path` set to `value` (or removed when value is DELETE)."""
    data = copy.deepcopy(valid())
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is DELETE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


DELETE = object()


@pytest.mark.parametrize(
    ("data", "where", "words"),
    [
        (change("USD.colour", "red"), "USD", "unknown field(s) colour"),
        (change("USD.max_term_months", DELETE), "USD", "missing field(s) max_term_months"),
        (change("USD.min_installment_minor", -1), "USD.min_installment_minor", "at least 1"),
        (change("USD.min_installment_minor", 0), "USD.min_installment_minor", "at least 1"),
        (change("USD.min_installment_minor", True), "USD.min_installment_minor", "whole number"),
        (change("USD.min_installment_minor", "2500"), "USD.min_installment_minor", "whole number"),
        (change("USD.max_term_months", 0), "USD.max_term_months", "between 1 and 600"),
        (change("USD.max_share_of_disposable", "0"), "USD.max_share_of_disposable", "(0, 1]"),
        (change("USD.max_share_of_disposable", "1.5"), "USD.max_share_of_disposable", "(0, 1]"),
        (change("USD.max_share_of_disposable", "-0.1"), "USD.max_share_of_disposable", "(0, 1]"),
        (change("USD.max_share_of_disposable", "NaN"), "USD.max_share_of_disposable", "(0, 1]"),
        (change("USD.max_share_of_disposable", 0.5), "USD.max_share_of_disposable", "quoted"),
        (
            change("USD.max_share_of_disposable", "half"),
            "USD.max_share_of_disposable",
            "not a decimal",
        ),
        (change("USD.settlement_floor_share", "0"), "USD.settlement_floor_share", "(0, 1]"),
        (
            change("USD.settlement_bands.0.max_discount_share", "0.41"),
            "USD.settlement_bands[0].max_discount_share",
            "below the floor",
        ),
        (
            change("USD.settlement_bands.1.max_discount_share", "1"),
            "USD.settlement_bands[1].max_discount_share",
            "(0, 1)",
        ),
        (
            change("USD.settlement_bands.0.extra", 1),
            "USD.settlement_bands[0]",
            "unknown field(s) extra",
        ),
        (
            change("USD.settlement_bands.1.min_balance_minor", -5),
            "USD.settlement_bands[1].min_balance_minor",
            "at least 0",
        ),
        (
            change(
                "USD.settlement_bands.1",
                {"min_days_past_due": 30, "min_balance_minor": 90000, "max_discount_share": "0.2"},
            ),
            "USD.settlement_bands",
            "overlap",
        ),
        (
            change(
                "USD.settlement_bands.1",
                {"min_days_past_due": 180, "min_balance_minor": 50000, "max_discount_share": "0.2"},
            ),
            "USD.settlement_bands",
            "overlap",
        ),
        (change("USD.settlement_bands", {"a": 1}), "USD.settlement_bands", "must be a list"),
        (
            change("USD.fee_waiver.on_hardship", "yes"),
            "USD.fee_waiver.on_hardship",
            "true or false",
        ),
        (
            change("USD.fee_waiver.on_hardship", DELETE),
            "USD.fee_waiver",
            "missing field(s) on_hardship",
        ),
        (
            change("USD.hardship.max_reduced_months", 25),
            "USD.hardship.max_reduced_months",
            "between 1 and 24",
        ),
        (
            change("USD.hardship.max_holiday_days", -1),
            "USD.hardship.max_holiday_days",
            "between 0 and 365",
        ),
        (
            change("USD.hardship.token_payment_minor", 0),
            "USD.hardship.token_payment_minor",
            "at least 1",
        ),
        (change("USD.hardship", None), "USD.hardship", "must be a mapping"),
        ({"usd": valid()["USD"]}, "usd", "ISO 4217"),
        ({"ABC": valid()["USD"]}, "ABC", "ISO 4217"),
        ({**valid(), "GBP": None}, "GBP", "must be a mapping"),
        ([valid()], "", "must map currency codes"),
        ({}, "", "must map currency codes"),
    ],
)
def test_bad_policy_files_name_file_currency_and_field(
    tmp_path: Path, data: object, where: str, words: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(PolicyError) as err:
        load_policies(path)
    assert err.value.where == where
    assert words in err.value.problem
    message = str(err.value)
    assert str(path) in message and where in message and words in message


def test_overlap_message_explains_the_ambiguity(tmp_path: Path) -> None:
    data = change(
        "USD.settlement_bands.1",
        {"min_days_past_due": 200, "min_balance_minor": 0, "max_discount_share": "0.2"},
    )
    with pytest.raises(PolicyError) as err:
        load_policies(write(tmp_path, data))
    # Band 0 needs 180 days and 50000; band 1 needs 200 days and 0: a debtor at 200 days
    # owing 50000 matches both.
    assert "[0] and [1] overlap" in str(err.value)
    assert "at least 200 days past due owing at least 50000" in str(err.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("USD: {min_installment_minor: 1\n", "invalid YAML"),
        ("USD: {}\nUSD: {}\n", "duplicate key 'USD'"),
        ("USD:\n  max_term_months: 1\n  max_term_months: 2\n", "duplicate key 'max_term_months'"),
        ("", "must map currency codes"),
    ],
)
def test_unparseable_files(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "policy.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_policies(path)
    assert str(path) in str(err.value) and words in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as err:
        load_policies(tmp_path / "nope.yml")
    assert "nope.yml" in str(err.value) and "cannot read" in str(err.value)
