"""Rights questions about what not paying leads to get the consequences answer."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.faq import answer_for
from bot.faq import asks_consequences
from bot.i18n.messages import N_, RESPONSES, Button


@pytest.mark.parametrize(
    "text",
    [
        "what happens if I don't pay?",
        "what happens if i stop paying",
        "what if i just never pay",
        "will you take me to court?",
        "can you sue me",
        "are you going to take legal action",
        "can i go to jail for this",
        "can you send the police",
        "不还会怎么样",
        "不还钱的话会怎样",
        "你们会起诉我吗",
        "不还钱会坐牢吗",
        "会不会被抓",
    ],
)
def test_consequence_questions_are_recognised(text: str) -> None:
    assert asks_consequences(text)


@pytest.mark.parametrize(
    "text",
    [
        "what are my rights",
        "can you call my work",
        "are you allowed to contact my family",
        "what happens to my data",
        "what happens if i pay late",
        "thanks for the courtesy",
        "你们可以打电话给我家人吗",
        "我有什么权利",
        "我已经还了",
    ],
)
def test_other_rights_questions_are_not(text: str) -> None:
    assert not asks_consequences(text)


def _tracker(active_loop: str | None) -> Tracker:
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("c-1", {}, {"text": "can you sue me"}, [], False, None, loop, "action_listen")


@pytest.mark.parametrize("response", ["utter_faq_consequences", "utter_faq_fees"])
def test_mid_plan_answers_drop_the_set_up_a_plan_button(response: str) -> None:
    assert answer_for(response, _tracker(None)) == response
    in_plan = answer_for(response, _tracker("plan_form"))
    assert in_plan != response
    plan = Button(N_("Set up a plan"), "/request_plan")
    assert plan in RESPONSES[response].buttons
    assert plan not in RESPONSES[in_plan].buttons
    assert RESPONSES[in_plan].text == RESPONSES[response].text


def test_other_forms_keep_the_plan_button() -> None:
    consequences = "utter_faq_consequences"
    assert answer_for(consequences, _tracker("dispute_form")) == consequences
    assert answer_for("utter_faq_rights", _tracker("plan_form")) == "utter_faq_rights"
