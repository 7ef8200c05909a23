"""Why a ledger operation was refused; the API turns each into an HTTP status."""

from __future__ import annotations


class LedgerProblem(Exception):
    """A refused operation. Nothing was written: the transaction rolls back."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(LedgerProblem):
    status = 404


class Conflict(LedgerProblem):
    """The request is well-formed but the account's current state does not allow it."""

    status = 409


class Invalid(LedgerProblem):
    """The request itself is malformed: a bad field, amount, date or enum value."""

    status = 422


__all__ = ["Conflict", "Invalid", "LedgerProblem", "NotFound"]
