"""The automatic summary agents read first, and the Rasa events around a handoff (pure)."""

from __future__ import annotations

from bot.handoff.rasa_sync import context_slots, pause_events, resume_events
from bot.handoff.summary import (
    ASKED_LIMIT,
    DebtorTurn,
    add_signals,
    build_summary,
    intents_so_far,
    visible_slots,
)
from bot.signals import Hit

CRISIS = Hit("crisis", "lexicon", "want to die")
REGEX = Hit("crisis", "lexicon", r"re:\b(end|ending) my life\b")
COMPLAINT = Hit("complaint", "intent", "complain")
LEDGER = {"accounts": [{"id": "a-1", "currency": "USD", "balance_minor": 123456}]}


def test_summary_says_what_was_asked_known_and_signalled() -> None:
    turns = [
        DebtorTurn("hi", "greet", 0.99),
        DebtorTurn("how much do I owe", "check_balance", 0.93),
        DebtorTurn("asdf", "nlu_fallback", 0.2),
        DebtorTurn("what do I owe again", "check_balance", 0.9),
        DebtorTurn("I want to die", "express_distress", 0.7),
    ]
    summary = build_summary(
        reason="crisis",
        turns=turns,
        hits=[CRISIS, COMPLAINT],
        slots={"verified": True, "session_started_metadata": {"x": 1}, "account_id": None},
        ledger=LEDGER,
    )
    assert summary["reason"] == "crisis"
    assert summary["asked"] == [t.text for t in turns][-ASKED_LIMIT:]
    assert summary["intents"] == ["greet", "check_balance", "express_distress"]
    assert summary["slots"] == {"verified": True}
    assert summary["ledger"] == LEDGER
    assert summary["signals"][0] == {
        "kind": "crisis",
        "source": "lexicon",
        "evidence": "want to die",
    }
    assert summary["headline"] == (
        "crisis · “want to die” · asked: greet, check_balance, express_distress"
    )


def test_asked_keeps_only_the_latest_messages() -> None:
    turns = [DebtorTurn(f"message {i}") for i in range(12)]
    summary = build_summary(reason="request", turns=turns, hits=[], slots=None, ledger=None)
    assert summary["asked"] == [f"message {i}" for i in range(12 - ASKED_LIMIT, 12)]
    assert summary["slots"] is None and summary["ledger"] is None  # unreachable, not empty


def test_regex_evidence_stays_out_of_the_headline() -> None:
    summary = build_summary(reason="crisis", turns=[], hits=[REGEX], slots={}, ledger=None)
    assert summary["headline"] == "crisis"
    assert summary["signals"][0]["evidence"].startswith("re:")


def test_escalation_appends_new_evidence_once() -> None:
    first = build_summary(reason="complaint", turns=[], hits=[COMPLAINT], slots={}, ledger=None)
    raised = add_signals(first, "crisis", [CRISIS, COMPLAINT])
    assert raised["reason"] == "crisis"
    assert [s["kind"] for s in raised["signals"]] == ["complaint", "crisis"]
    assert raised["headline"].startswith("crisis · “want to die”")
    assert first["reason"] == "complaint"  # the stored summary is not mutated


def test_intents_and_slots_helpers() -> None:
    assert intents_so_far([DebtorTurn("a", None), DebtorTurn("b", "nlu_fallback")]) == []
    assert visible_slots(None) is None
    assert visible_slots({"b": 1, "a": False, "requested_slot": "x"}) == {"a": False, "b": 1}


def test_pause_and_resume_events() -> None:
    context = context_slots(
        debtor_id="d-1",
        locale="en_US",
        timezone="America/New_York",
        channel="wallet",
        verified=True,
    )
    assert pause_events(context)[-1] == {"event": "pause"}
    events = resume_events(
        agent_texts=["I'm here", "Plan agreed"],
        outcome="plan agreed",
        reason="crisis",
        context=context,
    )
    assert [e["event"] for e in events[:2]] == ["bot", "bot"]
    assert [e["text"] for e in events[:2]] == ["I'm here", "Plan agreed"]
    assert events[-1] == {"event": "resume"}
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["handoff_outcome"] == "plan agreed"
    assert slots["agent_handled"] is True and slots["handoff_reason"] == "crisis"
    assert slots["verified"] is True and slots["debtor_id"] == "d-1"
    assert {"event": "active_loop", "name": None} in events


def test_an_unverified_channel_never_asserts_verified() -> None:
    context = context_slots(
        debtor_id="d-1", locale="en_US", timezone=None, channel="sms", verified=False
    )
    assert "verified" not in {e["name"] for e in context}
