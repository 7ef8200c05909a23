from __future__ import annotations

import jwt
import pytest

from bot import auth

SECRET = "test-secret-0123456789-0123456789-xx"


def test_a_wallet_token_names_its_debtor() -> None:
    token = auth.issue(SECRET, "wallet", "d-1")
    assert auth.verify(SECRET, token, "wallet") == auth.Principal("wallet", "d-1")


def test_a_token_of_another_kind_is_refused() -> None:
    token = auth.issue(SECRET, "service", "svc")
    with pytest.raises(auth.AuthError, match="wallet"):
        auth.verify(SECRET, token, "wallet")


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = auth.issue("another-secret-0123456789-0123456789", "wallet", "d-1")
    with pytest.raises(auth.AuthError):
        auth.verify(SECRET, token, "wallet")


def test_an_expired_token_is_refused() -> None:
    token = auth.issue(SECRET, "wallet", "d-1", ttl_seconds=-10)
    with pytest.raises(auth.AuthError, match="expired"):
        auth.verify(SECRET, token, "wallet")


def test_a_token_without_a_kind_is_refused() -> None:
    token = jwt.encode({"sub": "d-1", "exp": 4102444800}, SECRET, algorithm="HS256")
    with pytest.raises(auth.AuthError):
        auth.verify(SECRET, token, "wallet")


def test_the_none_algorithm_is_refused() -> None:
    token = jwt.encode({"sub": "d-1", "typ": "wallet", "exp": 4102444800}, None, algorithm="none")
    with pytest.raises(auth.AuthError):
        auth.verify(SECRET, token, "wallet")


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer"])
def test_bearer_header_must_carry_a_token(header: str | None) -> None:
    with pytest.raises(auth.AuthError):
        auth.bearer(header)


def test_bearer_header_yields_the_token() -> None:
    assert auth.bearer("Bearer abc.def") == "abc.def"
