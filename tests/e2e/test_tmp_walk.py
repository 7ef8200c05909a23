from tests.e2e.test_journeys import Chat, Stack

EN = [
    "this debt is not mine",
    "bye",
    "this loan isnt mine",
    "someone used my details, i reported it to the police last week",
]
ZH = [
    "我想承诺下周五还款",
    "拜拜",
    "我要投诉你们的催收员",
]


def test_walk(stack: Stack) -> None:
    for debtor, msgs in (("d-1003", EN), ("d-1002", ZH)):
        chat = Chat(stack, debtor)
        for t in msgs:
            print("\n>>", t, "\n<<", chat.say(t), [b["title"] for b in chat.buttons()])
