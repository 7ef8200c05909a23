"""`python -m bot validate` forgives only Rasa's false positives: form questions, and the
response its own default fallback says."""

from __future__ import annotations

from bot.validation import form_questions, real_warnings

DOMAIN = {
    "forms": {
        "plan_form": {"required_slots": ["plan_income", "plan_option"]},
        "empty_form": None,
    }
}
PREFIX = "/x/rasa/shared/utils/io.py:100: UserWarning: "


def line(text: str) -> str:
    return f"\x1b[93m{PREFIX}{text}\x1b[0m"


def test_form_questions_come_from_required_slots() -> None:
    assert form_questions(DOMAIN) == {"utter_ask_plan_income", "utter_ask_plan_option"}


def test_an_unused_form_question_is_forgiven() -> None:
    output = [line("The utterance 'utter_ask_plan_income' is not used in any story or rule.")]
    assert real_warnings(output, form_questions(DOMAIN)) == []


def test_the_default_fallbacks_response_is_forgiven() -> None:
    output = [line("The utterance 'utter_default' is not used in any story or rule.")]
    assert real_warnings(output, form_questions(DOMAIN)) == []


def test_an_unused_ordinary_response_fails() -> None:
    text = "The utterance 'utter_menu' is not used in any story or rule."
    assert real_warnings([line(text)], form_questions(DOMAIN)) == [text]


def test_a_question_for_a_slot_no_form_asks_fails() -> None:
    text = "The utterance 'utter_ask_favourite_colour' is not used in any story or rule."
    assert real_warnings([line(text)], form_questions(DOMAIN)) == [text]


def test_other_warnings_fail_and_other_lines_are_ignored() -> None:
    text = "The intent 'greet' is not used in any story or rule."
    output = ["2026-11-22 INFO rasa.validator - Validating intents...", line(text)]
    assert real_warnings(output, form_questions(DOMAIN)) == [text]
