"""When an unusable answer to a form's question asks for another journey."""

from __future__ import annotations

from actions.switching import SURE, answered, switches_to

PROMISE = frozenset({"promise_to_pay"})


def test_a_sure_read_of_another_journey_switches() -> None:
    assert switches_to("cancel_plan", SURE, PROMISE)
    assert switches_to("dispute_debt", 0.99, PROMISE)


def test_the_forms_own_journey_an_unsure_read_or_a_question_do_not() -> None:
    assert not switches_to("promise_to_pay", 0.99, PROMISE)
    assert not switches_to("cancel_plan", SURE - 0.01, PROMISE)
    assert not switches_to("check_balance", 0.99, PROMISE)  # a digression, answered in place
    assert not switches_to("inform", 0.99, PROMISE)


def test_answered_needs_a_value_for_the_slot_asked() -> None:
    slot = {"event": "slot", "name": "promise_amount"}
    assert answered([{**slot, "value": 5000}], "promise_amount")
    assert not answered([{**slot, "value": None}], "promise_amount")
    assert not answered([{"event": "slot", "name": "promise_date", "value": "x"}], "promise_amount")
    assert not answered([], "promise_amount")
