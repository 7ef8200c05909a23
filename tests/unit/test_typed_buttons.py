"""A button's words typed instead of tapped."""

from __future__ import annotations

import pytest

from bot.gateway.typed_buttons import typed_button

SETTLEMENT_NONE = [
    {"title": "Set up a plan", "payload": "/request_plan"},
    {"title": "Pay now", "payload": "/make_payment"},
    {"title": "Talk to a person", "payload": "/request_human"},
]
PAY = [{"title": "Pay £30.00", "payload": "wallet://pay?request=pr-1"}]
OPTIONS = [
    {"title": "方案 1", "payload": '/inform{"plan_option": "a"}'},
    {"title": "方案 2", "payload": '/inform{"plan_option": "b"}'},
]


@pytest.mark.parametrize(
    ("text", "intent", "buttons", "payload"),
    [
        # The title typed is the tap, whatever the classifier made of it.
        ("Set up a plan", "request_plan", SETTLEMENT_NONE, "/request_plan"),
        ("pay now!", "make_payment", SETTLEMENT_NONE, "/make_payment"),
        ("方案 2", "inform", OPTIONS, '/inform{"plan_option": "b"}'),
        # Read as a bare yes, a message naming one offered button means that button.
        ("ok fine set up a plan then", "affirm", SETTLEMENT_NONE, "/request_plan"),
        ("好吧 方案 1", "affirm", OPTIONS, '/inform{"plan_option": "a"}'),
        # Otherwise the classifier decides: not a yes, two buttons named, or none.
        ("i don't want to set up a plan", "deny", SETTLEMENT_NONE, None),
        ("ok set up a plan or pay now", "affirm", SETTLEMENT_NONE, None),
        ("ok", "affirm", SETTLEMENT_NONE, None),
        ("ok", "affirm", [], None),
        # A wallet deeplink is never followed from typed words.
        ("Pay £30.00", "make_payment", PAY, None),
    ],
)
def test_a_typed_button_is_its_payload(
    text: str, intent: str, buttons: list[dict[str, str]], payload: str | None
) -> None:
    assert typed_button(text, intent, buttons) == payload


@pytest.mark.parametrize(
    ("text", "best", "buttons", "payload"),
    [
        # Torn between a yes and the plan, the classifier fell back: the named button.
        ("ok fine set up a plan then", "request_plan", SETTLEMENT_NONE, "/request_plan"),
        ("ok fine set up a plan then", "affirm", SETTLEMENT_NONE, "/request_plan"),
        ("行吧 方案 2", "inform", OPTIONS, '/inform{"plan_option": "b"}'),
        # A no in it, or a best guess that is neither a yes nor the button: left to the
        # fallback's "say it another way".
        ("i don't want to set up a plan", "request_plan", SETTLEMENT_NONE, None),
        ("i dont want to set up a plan", "request_plan", SETTLEMENT_NONE, None),
        ("no set up a plan is a scam", "request_plan", SETTLEMENT_NONE, None),
        ("不要 方案 1", "inform", OPTIONS, None),
        ("why would i set up a plan with crooks like you", "complain", SETTLEMENT_NONE, None),
        ("ok set up a plan or pay now", "affirm", SETTLEMENT_NONE, None),
        ("ok fine set up a plan then", None, SETTLEMENT_NONE, None),
    ],
)
def test_an_unsure_reading_takes_the_named_button_only_when_it_leans_that_way(
    text: str, best: str | None, buttons: list[dict[str, str]], payload: str | None
) -> None:
    assert typed_button(text, "nlu_fallback", buttons, best) == payload


def test_a_confident_other_intent_is_never_overridden_by_a_named_button() -> None:
    # The classifier is sure it is a complaint: the words of a button in it change nothing.
    assert typed_button("set up a plan? no way", "complain", SETTLEMENT_NONE, "complain") is None
    assert typed_button("ok set up a plan", "complain", SETTLEMENT_NONE, "complain") is None
