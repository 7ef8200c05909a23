from tests.e2e.test_journeys import Chat, Stack

EN = [
    "hi",
    "what happens if i stop paying",
    "is this going to affect my credit score",
    "i cant afford this right now",
    "thanks",
    "how much is left",
    "can i pay 20 today",
    "ok",
    "what if i never pay",
    "bye",
]
ZH = [
    "你好",
    "不还会怎么样",
    "不还的话会被起诉吗",
    "我还欠多少",
    "能不能少还点",
    "谢谢",
    "再见",
]


def test_walk(stack: Stack) -> None:
    for debtor, msgs in (("d-1007", EN), ("d-1002", ZH)):
        chat = Chat(stack, debtor)
        for t in msgs:
            print("\n>>", t, "\n<<", chat.say(t), [b["title"] for b in chat.buttons()])
