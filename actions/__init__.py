"""Rasa custom actions: thin wrappers over the ledger API, plans and handoff."""

from actions import (
    balance,
    conversation,
    dispute,
    faq,
    hardship,
    identity,
    payment,
    plan,
    promise,
)
from actions import handoff as handoff  # the safety-net handoff (action_handoff)

__all__ = [
    "balance",
    "conversation",
    "dispute",
    "faq",
    "hardship",
    "identity",
    "payment",
    "plan",
    "promise",
]
