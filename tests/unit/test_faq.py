"""Rights questions about what not paying leads to get the consequences answer."""

from __future__ import annotations

import pytest

from bot.faq import asks_consequences


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
