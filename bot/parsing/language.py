"""Which language a debtor writes in, and explicit requests to switch (pure)."""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

from bot.parsing.numerals import ascii_re

Language = Literal["en", "zh"]

_EN_NAMES: Final = (
    r"\b(?:english|englsh|englsih|engilsh|engish|englis|enlish|inglish|englich)\b"
    r"|英文|英语|英語"
)
_ZH_NAMES: Final = (
    r"\b(?:chinese|chinease|chinses|chines|chiness|mandarin|putonghua|zhongwen)\b"
    r"|简体中文|簡體中文|中文|汉语|漢語|普通话|普通話|国语|國語|华语|華語|简体|簡體|中国话|中國話"
)
_NAMES: Final = ascii_re(f"(?P<en>{_EN_NAMES})|(?P<zh>{_ZH_NAMES})")

# "能不能" (can or cannot = can you?) is a question, not a negation.
_A_NOT_A: Final = ascii_re(r"能不能|可不可以|行不行|好不好|是不是|会不会|會不會|要不要")
_NEGATION: Final = ascii_re(
    r"\b(?:not|no|don'?t|do\s+not|doesn'?t|can'?t|cannot|can\s+not|never|won'?t|isn'?t|"
    r"without|instead\s+of|rather\s+than|stop|hate|bad|poor)\b|不|别|別|没|沒|莫|非"
)
_CLAUSE_BREAK: Final = ascii_re(r"[,.;:!?()\n]|\bbut\b|\band\b|但是|可是|而是")
_STRONG_BEFORE: Final = ascii_re(
    r"(?:\b(?:speak|speaking|talk|talking|write|writing|reply|replies|respond|answer|chat|text|"
    r"type|communicate|continue|use|using|in|switch(?:\s+(?:back|over))?\s+to|"
    r"change\s+(?:it\s+)?(?:back\s+)?to|go\s+back\s+to)\s+(?:in\s+)?"
    r"|(?:说|說|讲|講|用|使用|换成|換成|换到|換到|换回|換回|切换到|切換到|切换成|切換成|改成|改用|"
    r"改为|改為|转成|轉成|回复|回覆|回答)\s*)\Z"
)
_EN_FILLER: Final = frozenset({
    "please", "pls", "plz", "pleas", "pleae", "can", "could", "would", "will", "you", "u",
    "ya", "we", "i", "me", "us", "to", "in", "into", "the", "a", "an", "speak", "speaking",
    "talk", "talking", "write", "writing", "reply", "respond", "answer", "use", "using",
    "switch", "switching", "change", "swap", "go", "back", "prefer", "do", "does", "is", "are",
    "fine", "ok", "okay", "better", "language", "lang", "let's", "lets", "let", "only",
    "thanks", "thank", "thx", "ty", "want", "wanna", "like", "i'd", "id", "i'll", "hi",
    "hello", "hey", "sorry", "yes", "yeah", "with", "type", "chat", "text", "communicate",
    "continue", "rather", "now", "just", "need", "more", "also", "again", "translate", "over",
    "version", "mode", "kindly", "sir", "madam", "how", "about", "have", "understand", "it",
    "this", "that", "be", "there", "here", "our", "my", "so", "and", "or", "too", "may",
    "good", "great", "know",
})  # fmt: skip
_ZH_FILLER_WORDS: Final = (
    "请你", "請你", "请", "請", "麻烦你", "麻煩你", "麻烦", "麻煩", "可以", "可", "能够",
    "能夠", "能", "会", "會", "你们", "你們", "你", "您", "我们", "我們", "咱们", "我", "用",
    "使用", "说话", "說話", "讲话", "講話", "说", "說", "讲", "講", "换成", "換成", "换到",
    "換到", "换回", "換回", "换", "換", "切换到", "切換到", "切换成", "切換成", "切换", "切換",
    "改成", "改用", "改为", "改為", "改", "转成", "轉成", "转", "轉", "成", "到", "为", "為",
    "要", "想要", "想", "希望", "来", "來", "跟", "和", "与", "與", "交流", "沟通", "溝通",
    "聊天", "聊", "回复", "回覆", "回答", "回", "谢谢", "謝謝", "一下", "好的", "好", "的",
    "吗", "嗎", "么", "麼", "吧", "呢", "啊", "呀", "哦", "嗯", "行", "就", "还是", "還是",
    "版本", "版", "模式", "语言", "語言", "打字", "写", "寫", "对话", "對話", "给", "給", "以",
    "是", "懂", "听", "聽", "看", "一点", "一點", "只",
)  # fmt: skip
_ZH_FILLER: Final = re.compile("|".join(sorted(_ZH_FILLER_WORDS, key=len, reverse=True)))
_CJK: Final = ascii_re(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f]"
)
_KANA_HANGUL: Final = ascii_re("[\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\uac00-\ud7af]")
_LATIN_WORD: Final = ascii_re(r"[a-z]+(?:'[a-z]+)?")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()[:1000]


def requested_language(text: str) -> Language | None:
    """An explicit request for English or Chinese, else None.

    "English please", "can u speak english", "in chinese", "说中文", "用英文", "讲英语",
    "换成中文", "中文", "普通话" → a language. A mention that is not a request ("my english
    is bad", "chinese food") or is negated ("I don't speak English", "不要英文") → None;
    "English, not Chinese" → "en". Either the whole message is the language name plus polite
    or request words, or a request verb stands right before the name ("could you reply in
    Chinese, my English is poor" → "zh").
    """
    norm = _A_NOT_A.sub("能", _normalise(text))
    names = list(_NAMES.finditer(norm))
    if not names:
        return None
    strong: set[Language] = set()
    plain: set[Language] = set()
    rest: list[str] = []
    previous_end = 0
    for name in names:
        language: Language = "en" if name.lastgroup == "en" else "zh"
        between = norm[previous_end : name.start()]
        clause = 0
        for boundary in _CLAUSE_BREAK.finditer(between):
            clause = boundary.end()
        negation = _NEGATION.search(between, clause)
        if negation is not None:
            rest.append(between[: negation.start()])
        else:
            rest.append(between)
            plain.add(language)
            if _STRONG_BEFORE.search(between):
                strong.add(language)
        previous_end = name.end()
    rest.append(norm[previous_end:])
    if len(strong) == 1:
        return strong.pop()
    if len(plain) != 1:
        return None
    leftover = _ZH_FILLER.sub(" ", " ".join(rest))
    if _CJK.search(leftover) or _KANA_HANGUL.search(leftover) or re.search("[0-9]", leftover):
        return None
    if any(word not in _EN_FILLER for word in _LATIN_WORD.findall(leftover)):
        return None
    return plain.pop()


def detect_language(text: str) -> Language | None:
    """The language a message is written in, or None when it does not tell.

    "zh": it has CJK ideographs and at least as many of them as Latin-letter words
    ("我想 pay 500"), and no more than one kana/hangul letter (Japanese, Korean → None).
    "en": at least three Latin-letter words and no CJK. Otherwise None: "ok", "500",
    "12/15", "yes please", "I want to pay 五百" (mixed, mostly English words).
    """
    norm = _normalise(text)
    ideographs = len(_CJK.findall(norm))
    words = len(_LATIN_WORD.findall(norm))
    if ideographs:
        if len(_KANA_HANGUL.findall(norm)) > 1:
            return None
        return "zh" if ideographs >= words else None
    return "en" if words >= 3 else None
