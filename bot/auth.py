"""Bearer tokens (JWT, HS256) for the three kinds of caller: debtors, services, agents."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import jwt

Kind = Literal["wallet", "service", "agent"]
_ALGORITHM = "HS256"
_DEFAULT_TTL = {"wallet": 24 * 3600, "service": 365 * 24 * 3600, "agent": 12 * 3600}


class AuthError(Exception):
    """The token is missing, malformed, expired, or of the wrong kind."""


@dataclass(frozen=True)
class Principal:
    kind: Kind
    subject: str
    # False for chat links (e.g. sent by SMS): they reach the debtor's chat but do not prove
    # who is holding the phone, so the assistant asks identity questions first.
    verified: bool = True


def issue(
    secret: str,
    kind: Kind,
    subject: str,
    ttl_seconds: int | None = None,
    *,
    verified: bool = True,
) -> str:
    now = int(time.time())
    ttl = _DEFAULT_TTL[kind] if ttl_seconds is None else ttl_seconds
    claims: dict[str, object] = {"typ": kind, "sub": subject, "iat": now, "exp": now + ttl}
    if not verified:
        claims["ver"] = False
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def verify(secret: str, token: str, *kinds: Kind) -> Principal:
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], options={"require": ["exp", "sub", "typ"]}
        )
    except jwt.PyJWTError as exc:
        raise AuthError(f"invalid token: {exc}") from exc
    kind = claims.get("typ")
    if kind not in kinds:
        raise AuthError(f"a {' or '.join(kinds)} token is required")
    return Principal(kind=kind, subject=str(claims["sub"]), verified=claims.get("ver") is not False)


def bearer(header: str | None) -> str:
    """The token from an `Authorization: Bearer …` header."""
    if not header or not header.startswith("Bearer "):
        raise AuthError("missing bearer token")
    return header[len("Bearer ") :].strip()
