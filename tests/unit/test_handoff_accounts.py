"""Console passwords and canned replies (pure)."""

from __future__ import annotations

import pytest

from bot.handoff.agents import check_password, hash_password
from bot.handoff.console import canned_for, canned_replies
from bot.i18n import locales


def test_passwords_are_salted_scrypt_hashes() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second  # a salt per user: equal passwords do not look equal
    assert first.startswith("scrypt$16384$8$1$") and "correct" not in first
    assert check_password("correct horse", first) and check_password("correct horse", second)
    assert not check_password("correct horsE", first)


@pytest.mark.parametrize("stored", ["", "plain", "bcrypt$1$2$3$aa$bb", "scrypt$x$8$1$00$00"])
def test_malformed_hashes_never_match(stored: str) -> None:
    assert not check_password("anything", stored)


def test_canned_replies_exist_in_every_supported_language() -> None:
    replies = canned_replies()
    assert len(replies) >= 4
    for reply in replies:
        assert all(reply["text"][c].strip() for c in locales.SUPPORTED)
    zh = canned_for("zh_Hans_CN")
    en = canned_for("en_GB")
    assert [r["id"] for r in zh] == [r["id"] for r in en]
    assert zh[0]["text"] != en[0]["text"] and zh[0]["title"] == en[0]["title"]
