"""Rasa custom actions: thin wrappers over the ledger API, plans and handoff."""

from actions import balance, identity

__all__ = ["balance", "identity"]
