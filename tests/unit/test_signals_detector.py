"""Focused behaviour of bot.signals.screen: negation, quotes, normalisation, intent, history."""

from __future__ import annotations

import pytest

from bot.signals import PRIORITY, Hit, Kind, Screening, Turn, screen


def kinds(text: str) -> set[str]:
    return set(screen(text).kinds)


# --- the contract's priorities -------------------------------------------------------


def test_priorities_are_the_published_ones() -> None:
    assert dict(PRIORITY) == {
        "crisis": 1,
        "distress": 2,
        "vulnerability": 3,
        "complaint": 3,
        "request": 4,
        "fallback": 5,
    }


def test_screening_reports_most_urgent_kind() -> None:
    both = Screening((Hit("request", "lexicon", "agent"), Hit("crisis", "lexicon", "kms")))
    assert both.top == "crisis"
    assert both.priority == 1
    assert both.handoff is True
    assert both.kinds == {"crisis", "request"}


def test_equal_priorities_prefer_vulnerability_over_complaint() -> None:
    tie = Screening((Hit("complaint", "lexicon", "x"), Hit("vulnerability", "lexicon", "y")))
    assert tie.top == "vulnerability"
    assert tie.priority == 3


def test_nothing_found_means_no_handoff() -> None:
    empty = screen("how much do I owe?")
    assert empty.hits == ()
    assert empty.top is None
    assert empty.priority is None
    assert empty.handoff is False


def test_hits_come_most_urgent_first_and_name_their_evidence() -> None:
    result = screen("this bot is useless, I want to kill myself")
    order = [hit.kind for hit in result.hits]
    assert (order[0], order[-1]) == ("crisis", "fallback")
    assert Hit("crisis", "lexicon", "kill myself") in result.hits


# --- English negation ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not complaining, just asking",
        "no I don't want a human",
        "I'm not going to make a formal complaint",
        "I don't need to speak to anyone, thanks",
        "no human",
        "I'm not stressed, just busy",
        "I haven't lost my job, I just got paid late",
        "no need to call me back",  # "no need" reaches further than a bare "no"
        "I have no intention of going to the press",
    ],
)
def test_negated_phrases_do_not_count(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I don't want to complain but your agent was rude", "complaint"),  # "but" ends the scope
        ("no i need a human", "request"),  # "no" only negates what directly follows
        ("why won't you let me talk to a person", "request"),  # a why-question asks
        ("don't harass me", "complaint"),  # "!" entries ignore negation
        ("I can't stop crying", "distress"),
    ],
)
def test_negation_does_not_reach_too_far(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal but some days I wish I could just die",
        "not going to kill myself... yet",
        "I'm not suicidal",
        'my friend keeps saying "I want to kill myself" about her debts too',
    ],
)
def test_crisis_errs_on_the_side_of_caution(text: str) -> None:
    assert "crisis" in kinds(text)


# --- quotes --------------------------------------------------------------------------


def test_quoted_threat_counts_as_complaint_context() -> None:
    assert "complaint" in kinds("your text said 'we will sue you'")
    assert "complaint" in kinds("your letter said “we will take you to court”, that is harassment")


def test_quoted_phrase_alone_does_not_request_a_person() -> None:
    assert "request" not in kinds('the menu says "talk to an agent", what does that mean?')
    assert "request" not in kinds("短信上写着“回复人工转人工客服”，这是什么意思")


def test_request_outside_quotes_still_counts() -> None:
    assert "request" in kinds('I want to talk to a human, not "press 1 for options"')


# --- Chinese negation ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "不用转人工",
        "我不想投诉",
        "我不是要投诉，只是问问",
        "我没有投诉的意思",
        "别转人工，我自己来",
        "不需要人工客服",  # 不需 reaches 要人工
        "我不想找律师",
    ],
)
def test_chinese_negation_cancels(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我不想活了", "crisis"),
        ("要不要转人工", "request"),  # A-not-A asks, it does not refuse
        ("为什么不给我转人工", "request"),
        ("为什么不转人工", "request"),
        ("我现在特别焦虑", "distress"),  # 特别 is "very", not 别
        ("别骚扰我", "complaint"),
        ("我不得不投诉", "complaint"),  # double negation
    ],
)
def test_chinese_negation_exceptions(text: str, kind: str) -> None:
    assert kind in kinds(text)


# --- normalisation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("SOOOOO OVERWHELMED", "distress"),
        ("I CANT COPEEEE", "distress"),
        ("i cannot cope", "distress"),
        ("I can’t cope", "distress"),  # curly apostrophe
        ("ｉ　ｗａｎｔ　ｔｏ　ｄｉｅ", "crisis"),  # full-width
        ("kms", "crisis"),
        ("转 人 工", "request"),
        ("ＡＧＥＮＴ", "request"),
        ("我真的 want to die", "crisis"),  # code-mixing
        ("帮我转 agent", "request"),
    ],
)
def test_normalisation(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "i'll pay friday",  # "i'll" must not read as "ill"
        "this is ridiculous, why is it so high",  # "icu" inside a word is not ICU
        "can I get a breakdown of my balance",
        "I'm dying to pay this off",
        "this interest is killing me",
        "kill the plan, I'll pay in full",
        "i'm killing myself laughing at the typo in your letter",
        "that plan would be financial suicide for me",
        "我快被利息压死了",
        "烦死了，到底还要还多少",
        "我想问一下利滚利是怎么算的",
        "stop texting me",
        "退订",
        "are you a real person?",
        "你是真人吗",
    ],
)
def test_harmless_and_ordinary_messages(text: str) -> None:
    assert kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can you call me at work?", {"request"}),  # asks for a call, from a person
        ("you can call me at work after 2", set()),
        ("they call me at work every day", {"complaint"}),
        ("why do you keep calling me at work", {"complaint"}),
        ("can you please stop calling me at work", {"complaint"}),
        ("你们可以打电话到我单位吗", set()),  # whether they may: a rights question
        ("你们有权联系我公司吗", set()),
        ("催收的又打电话到我单位", {"complaint"}),
        ("你们凭什么打电话到我单位", {"complaint"}),
    ],
)
def test_asking_about_calls_at_work_is_not_a_complaint(text: str, expected: set[str]) -> None:
    assert kinds(text) == expected


# --- intent --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intent", "kind"),
    [("express_distress", "distress"), ("complain", "complaint"), ("request_human", "request")],
)
def test_confident_intent_is_evidence_on_its_own(intent: str, kind: Kind) -> None:
    result = screen("hmm", intent=intent, confidence=0.92)
    assert result.hits == (Hit(kind, "intent", intent),)


def test_unsure_intent_is_ignored() -> None:
    assert not screen("hmm", intent="request_human", confidence=0.3).hits


def test_intent_without_confidence_counts() -> None:
    assert screen("hmm", intent="complain").kinds == {"complaint"}


def test_hardship_alone_is_not_a_handoff() -> None:
    assert not screen("money is tight", intent="report_hardship", confidence=0.95).handoff


def test_hardship_backs_up_a_vulnerability_phrase() -> None:
    result = screen("I lost my job last month", intent="report_hardship", confidence=0.95)
    assert Hit("vulnerability", "intent", "report_hardship") in result.hits
    assert any(hit.source == "lexicon" and hit.kind == "vulnerability" for hit in result.hits)


def test_negation_overrides_a_misled_classifier() -> None:
    result = screen("no I don't want a human", intent="request_human", confidence=0.9)
    assert "request" not in result.kinds


# --- history -------------------------------------------------------------------------

LOST = Turn("asdf", intent="out_of_scope", confidence=0.8)
UNSURE = Turn("hm?", intent="check_balance", confidence=0.2)
FINE = Turn("balance", intent="check_balance", confidence=0.95)


def test_three_misunderstood_turns_before_this_one_hand_off() -> None:
    result = screen("what", history=[FINE, LOST, UNSURE, LOST])
    assert result.kinds == {"fallback"}
    assert result.hits[0].source == "history"


def test_two_misunderstood_turns_plus_this_one_hand_off() -> None:
    assert screen("what", intent="nlu_fallback", history=[LOST, UNSURE]).kinds == {"fallback"}


def test_the_second_miss_is_left_to_the_dialogues_offer_of_a_person() -> None:
    # actions/conversation.py answers it with utter_fallback_offer_human.
    assert not screen("what", intent="nlu_fallback", history=[FINE, LOST]).handoff
    assert not screen("what", history=[FINE, LOST, UNSURE]).handoff


def test_misunderstandings_must_be_consecutive() -> None:
    assert not screen("what", history=[LOST, UNSURE, FINE, UNSURE]).handoff


def test_an_understood_turn_ends_the_streak() -> None:
    assert not screen(
        "balance", intent="check_balance", confidence=0.9, history=[LOST, LOST, LOST]
    ).handoff


def test_an_angry_earlier_turn_counts_toward_the_streak() -> None:
    angry = Turn("useless bot", kinds=frozenset({"fallback"}))
    assert screen("what", intent="out_of_scope", history=[angry, LOST]).kinds == {"fallback"}


def test_anger_alone_is_fallback() -> None:
    assert kinds("this bot is useless") == {"fallback"}
    assert kinds("垃圾机器人") == {"fallback"}


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # A police report about identity theft is a fraud dispute's detail, not a complaint.
        ("someone used my details, i reported it to the police last week", set()),
        ("i reported it to the police, someone stole my identity", set()),
        ("我已经报警了 有人盗用我的身份", set()),
        ("有人冒用我的身份借的 我已经报警了", set()),
        # Only the police words are harmless: what surrounds them is still screened.
        ("someone stole my identity and i want to die, i reported it to the police", {"crisis"}),
        ("有人盗用我的身份 我不想活了 已经报警了", {"crisis"}),
        # Without identity theft, or said of us, the police are still a complaint.
        ("i called the police", {"complaint"}),
        ("I will report you to the police", {"complaint"}),
        ("your agent threatened me so i called the police", {"complaint"}),
        ("我已经报警了", {"complaint"}),
        ("你们就是诈骗 我要报警", {"complaint"}),
    ],
)
def test_a_police_report_about_identity_theft_is_not_a_complaint(
    text: str, kinds: set[str]
) -> None:
    assert set(screen(text).kinds) == kinds


# --- researching a method, having decided, preparing, telling someone -----------------


@pytest.mark.parametrize(
    "text",
    [
        "is the top level of the multi storey high enough do you think",
        "would i survive a fall from the fourth floor",
        "how many sleeping pills would it take",
        "how long does it take to drown",
        "spent all night googling painless ways",
        "ive got it all planned and the day",
        "picked the bridge already",
        "i dont want anything. just wanted somebody to know",
        "put my affairs in order this week",
        "几楼跳下去才会死",
        "安眠药吃多少才会醒不过来",
        "昨晚一直在搜不痛苦的死法",
        "我已经想好什么时候走了",
        "没什么事 就是想有个人知道",
        "after the weekend the loan wont matter any more",
        "nobody left keeping me here now",
        "i keep burning my wrist with a cigarette",
        "the drop from there is far enough",
        "我家楼顶门一直没锁",
        "猫送走了 以后我照顾不了它了",
        "胳膊上又多了两道",
        "早上醒来第一件事就是想 怎么还活着",
        "我要是走了 这钱谁来还",
        "不想再活了",
    ],
)
def test_method_research_plans_and_disclosures_are_crisis(text: str) -> None:
    assert "crisis" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "is my income high enough to qualify for a plan",
        "i have a plan and a date for the first payment",
        "ive picked a date for the payment on the app",
        "how many payments before the balance is cleared",
        "how long does it take to clear the debt",
        "i googled the fees and they look wrong",
        "just wanted you to know i paid yesterday",
        "before i do it can you confirm the amount",
        "我走之前跟你们说一声，下个月换号码",
        "我的收入够不够申请分期",
        "还款日子已经定好了",
        "还款时间我已经想好了，下周五",
        "我已经还了，只是想让你们知道",
        "ill be gone 2 weeks for work, can i pay when im back",
        "my mum will look after the kids while i work extra shifts",
        "burned my hand on the oven so typing slowly",
        "昨晚太累睡死了 没听到你们电话",
        "冬天买木炭取暖花了不少钱",
        "这是我最后一次回你们消息，再打我就投诉",
        "我不想再活成这个样子，下个月开始好好还",
        "家里老人走了，丧事花了钱，能晚几天还吗",
    ],
)
def test_ordinary_plans_dates_and_amounts_are_not_crisis(text: str) -> None:
    assert "crisis" not in kinds(text)


# --- a relative's funeral or death is bereavement, one's own 后事 is crisis --------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # 后事 after a relative is harmless for crisis; the relative names the bereavement.
        ("我爸的后事处理完了 这个月能不能晚点还", {"vulnerability"}),
        # Every entry shares one list of people ({someone_else}); these two relatives were
        # missing from one copy of it, and the message was read as crisis.
        ("给我舅妈安排后事 这个月手头紧", {"vulnerability"}),
        ("给他安排后事花了很多钱 能晚点还吗", {"vulnerability"}),
        ("给我奶奶办后事花了不少钱 能分期吗", {"vulnerability"}),
        ("我哥撞到大货车上死了 家里乱成一团 这个月先别催", {"vulnerability"}),
        # Only 后事 is harmless: the rest of the message is still screened.
        ("我爸的后事处理完了 我也不想活了", {"crisis", "vulnerability"}),
        # One's own affairs put in order stay crisis.
        ("我的后事都交代好了", {"crisis"}),
        ("已经跟家人交代好后事了", {"crisis"}),
        ("其他后事我都交代好了 你们以后别打了", {"crisis"}),  # 其他 is not 他
        ("我一个老人的后事都安排好了", {"crisis"}),  # an old person's own
        ("家里老人的后事办完了 晚点还", {"vulnerability"}),
        # Ordinary look-alikes of this session's families and narrowed false alarms.
        ("我哥出差走了 下周回来再还", set()),
        ("i have my pills counted out for the week so i dont forget them", set()),
        ("tell my husband to pay the rest after i go to work", set()),
        ("我开到护栏上去了 车坏了 这个月还不上", set()),
    ],
)
def test_bereavement_is_not_read_as_a_plan(text: str, kinds: set[str]) -> None:
    assert set(screen(text).kinds) == kinds


# --- hyperbole about us, a cold or the debt's length is not crisis; a wish still is --------


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("I'd rather die than call your call centre again, 45 minutes on hold", False),
        ("rather die than sit on hold another hour", False),
        ("feel like im dying with this flu can i pay tomorrow", False),
        ("ill be six feet under before this is paid off at this rate", False),
        ("id rather die than live like this anymore", True),
        ("i'd rather die than tell my mum about this loan", True),
        ("feel like im dying inside", True),
        ("ill be dead before the weekend, ive got the pills", True),
    ],
)
def test_hyperbole_is_not_crisis_but_a_wish_is(text: str, crisis: bool) -> None:
    assert ("crisis" in kinds(text)) is crisis


# --- a firearm looked at or sat with, a try stopped short, g dropped (after set 16) ----------


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("grandpas old shotgun is in the closet and i sat with it last night", True),
        ("the pistol is in the glovebox, been looking at it all morning", True),
        ("couldnt go through with it tonight. maybe tomorrow", True),
        ("been thinkin bout endin it all", True),
        ("thought long and hard about ending my life this week", True),
        ("sold my rifle to pay you lot, the buyer looked at it and paid cash", False),
        ("went to the gun show, looked at it all, bought nothing, now can i pay 50", False),
        ("i couldnt go through with the payment today, card declined", False),
        ("thinking hard about ending it with this app and paying off early", False),
        ("im goin to pay friday when i get paid", False),
    ],
)
def test_firearms_held_and_plain_dialect_are_crisis_but_sales_and_payments_are_not(
    text: str, crisis: bool
) -> None:
    assert ("crisis" in kinds(text)) is crisis


# --- text-speak: vowels dropped, 2 for to before dying or ending it (after set 18) ------------


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("wnt 2 die tbh cnt pay nthin", True),
        ("ready 2 end it all 2nite", True),
        ("cnt go on like this", True),
        ("i have 2 end it with my bf lol, cnt pay till friday", False),
        ("got 2 kids cnt pay this month", False),
        ("smth wrong with the app, nthin loads", False),
    ],
)
def test_text_speak_reads_as_typed_out(text: str, crisis: bool) -> None:
    assert ("crisis" in kinds(text)) is crisis
