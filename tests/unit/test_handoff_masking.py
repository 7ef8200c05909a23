"""PII masking for the console's transcript (pure)."""

from __future__ import annotations

import pytest

from bot.handoff.masking import MASK, mask_pii


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("my card is 4111 1111 1111 1111", f"my card is {MASK}"),
        ("call me on +1 (555) 123-4567 please", f"call me on {MASK} please"),
        ("email me at alex.carter+bills@example.co.uk ok", f"email me at {MASK} ok"),
        ("我的电话13812345678", f"我的电话{MASK}"),
        ("电话 138 1234 5678", f"电话 {MASK}"),
        ("身份证 11010519491231002X", f"身份证 {MASK}"),
        ("account ending in 4821.", f"account ending in {MASK}."),
        ("ref ０１２３４５", f"ref {MASK}"),  # full-width digits
    ],
)
def test_personal_data_is_masked(text: str, masked: str) -> None:
    assert mask_pii(text) == masked


@pytest.mark.parametrize(
    "text",
    ["I owe $1,234.56", "pay 500 on the 15th", "我还欠¥880.00", "3 payments of 120", "no digits"],
)
def test_amounts_and_short_numbers_stay_readable(text: str) -> None:
    assert mask_pii(text) == text


def test_masking_hides_every_digit_run_of_four_or_more() -> None:
    import re

    sample = "id 12345, phone 020 7946 0958, zip 90210, pin 1234, year 2026, x@y.io"
    assert not re.search(r"\d{4}", mask_pii(sample))
    assert "@" not in mask_pii(sample)
