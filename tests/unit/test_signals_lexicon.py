"""Lexicon files: loading, errors a non-programmer can act on, and the prefilter's safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.signals import LexiconError, load_lexicon, screen
from bot.signals.chinese import chinese_text
from bot.signals.english import tokenize
from bot.signals.prefilter import EntryIndex, required_text

LABELLED = Path(__file__).resolve().parents[1] / "data" / "signals_labelled.yml"


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_default_lexicon_is_loaded_once() -> None:
    assert load_lexicon() is load_lexicon()


def test_custom_files_extend_and_replace(tmp_path: Path) -> None:
    base = write(tmp_path, "en.yml", "complaint:\n  - widget\n")
    extra = write(tmp_path, "en_extra.yml", "request:\n  - 're:\\bgadget\\b'\n")
    chinese = write(tmp_path, "zh.yml", "distress:\n  - 好烦\n")
    lexicon = load_lexicon([base, extra, chinese])
    assert screen("my Widgets broke", lexicon=lexicon).kinds == set()  # whole words only
    assert screen("the WIDGET broke", lexicon=lexicon).kinds == {"complaint"}
    assert screen("gadget please", lexicon=lexicon).kinds == {"request"}
    assert screen("今天好烦", lexicon=lexicon).kinds == {"distress"}
    assert screen("I want to kill myself", lexicon=lexicon).kinds == set()


def test_star_allows_any_ending(tmp_path: Path) -> None:
    lexicon = load_lexicon([write(tmp_path, "en.yml", "complaint:\n  - grumbl*\n")])
    assert screen("stop grumbling", lexicon=lexicon).kinds == {"complaint"}
    assert screen("agrumble", lexicon=lexicon).kinds == set()


def test_elongations_are_cut_but_acronyms_are_kept(tmp_path: Path) -> None:
    body = "complaint:\n  - 're:\\bbbb\\b'\nrequest:\n  - 're:\\bplease\\b'\n"
    lexicon = load_lexicon([write(tmp_path, "en.yml", body)])
    assert screen("told the BBB", lexicon=lexicon).kinds == {"complaint"}
    assert screen("pleeeeease", lexicon=lexicon).kinds == {"request"}


def test_regex_lookarounds_hold_for_double_letters(tmp_path: Path) -> None:
    # The squeezed view reads "street" as "stret"; it must not slip past the lookahead.
    body = "crisis:\n  - 're:\\bbridge\\b(?! street)'\n  - 're:(?<!feel like )\\bburden\\b'\n"
    lexicon = load_lexicon([write(tmp_path, "en.yml", body)])
    assert screen("at the bridge street branch", lexicon=lexicon).kinds == set()
    assert screen("i feel like burden", lexicon=lexicon).kinds == set()
    assert screen("on the bridge", lexicon=lexicon).kinds == {"crisis"}
    assert screen("on the briiidge", lexicon=lexicon).kinds == {"crisis"}


def test_aliases_apply_to_messages_and_phrases(tmp_path: Path) -> None:
    body = "aliases:\n  thx: thank you\ncomplaint:\n  - thank you not\n"
    lexicon = load_lexicon([write(tmp_path, "en.yml", body)])
    assert screen("THXXX not", lexicon=lexicon).kinds == {"complaint"}


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ("crisis:\n  - 're:(unclosed'\n", ["en.yml", "crisis", "(unclosed"]),
        ("panic_attack:\n  - help\n", ["en.yml", "panic_attack"]),
        ("distress:\n  - 're:x*'\n", ["en.yml", "x*", "any message"]),
        ("negation:\n  - no\n", ["en.yml", "quote"]),
        ("request:\n  - re: agent\n", ["en.yml", "single quotes"]),
        ("request: agent\n", ["en.yml", "request", "list"]),
        ("request:\n  - ''\n", ["en.yml", "non-empty"]),
        ("crisis: [unclosed\n", ["en.yml", "YAML"]),
        ("crisis:\n  - 're:my {kin} died'\n", ["en.yml", "crisis", "{kin}", "unknown fragment"]),
        ("fragments:\n  Kin: [mum]\n", ["en.yml", "Kin", "lower-case"]),
        ("fragments:\n  kin: []\n", ["en.yml", "kin", "no words"]),
        ("fragments: [mum]\n", ["en.yml", "fragments", "mapping"]),
        ("crisis:\n  - a\ncrisis:\n  - b\n", ["en.yml", "'crisis' is written twice"]),
        ("aliases:\n  wnt: want\n  wnt: went\n", ["en.yml", "'wnt' is written twice"]),
    ],
)
def test_bad_entries_name_file_and_entry(tmp_path: Path, body: str, mentions: list[str]) -> None:
    path = write(tmp_path, "en.yml", body)
    with pytest.raises(LexiconError) as error:
        load_lexicon([path])
    for text in mentions:
        assert text in str(error.value)


def test_fragments_are_shared_by_regex_entries(tmp_path: Path) -> None:
    body = (
        "fragments:\n  kin: [mum, step dad]\n"
        "vulnerability:\n  - 're:my {kin} .{0,6}died'\n"
        "complaint:\n  - '{kin}'\n"  # a plain phrase is taken as written
    )
    lexicon = load_lexicon([write(tmp_path, "en.yml", body)])
    assert screen("my mum just died", lexicon=lexicon).kinds == {"vulnerability"}  # {0,6} stays
    assert screen("my step dad died", lexicon=lexicon).kinds == {"vulnerability"}
    assert screen("my boss died", lexicon=lexicon).kinds == set()
    assert screen("{kin}", lexicon=lexicon).kinds == {"complaint"}


def test_a_fragment_may_be_defined_in_another_file_of_the_language(tmp_path: Path) -> None:
    words = write(tmp_path, "zh_words.yml", "fragments:\n  kin: [爸, 妈]\n")
    entries = write(tmp_path, "zh.yml", "vulnerability:\n  - 're:{kin}的后事'\n")
    lexicon = load_lexicon([entries, words])
    assert screen("我妈的后事办完了", lexicon=lexicon).kinds == {"vulnerability"}
    with pytest.raises(LexiconError, match="defined twice"):
        load_lexicon([words, entries, words])


def test_file_name_must_say_its_language(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"fr\.yml"):
        load_lexicon([write(tmp_path, "fr.yml", "crisis:\n  - mourir\n")])


def test_missing_file_is_a_lexicon_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"nowhere\.yml"):
        load_lexicon([tmp_path / "en_nowhere.yml"])


def test_aliases_only_in_english(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="aliases"):
        load_lexicon([write(tmp_path, "zh.yml", "aliases:\n  a: b\n")])


def test_chinese_latin_entries_respect_word_edges(tmp_path: Path) -> None:
    lexicon = load_lexicon([write(tmp_path, "zh.yml", "vulnerability:\n  - icu\n")])
    assert screen("我爸在ICU", lexicon=lexicon).kinds == {"vulnerability"}
    assert screen("ridiculous", lexicon=lexicon).kinds == set()


# --- the prefilter never hides a match ---------------------------------------------

PATTERNS = [
    r"ab(c|d)e",
    r"x+yz",
    r"(foo|bar)ba[zq]?",
    r"a(?:b|c)*d",
    r"\bkill(ing)? me\b",
    r"(?<!no )help",
    r"^(ab|b)+$",
    r"c(a|)t",
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefgkilmnortxyz ", max_size=30), st.sampled_from(PATTERNS))
def test_required_text_is_in_every_match(text: str, pattern: str) -> None:
    needs = required_text(pattern)
    if re.search(pattern, text):
        assert not needs or any(needed in text for needed in needs)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet="abc 转人工", min_size=1, max_size=4), max_size=3), max_size=12
    ),
    st.text(alphabet="abc 转人工x", max_size=30),
)
def test_index_finds_exactly_the_entries_needed(needs: list[list[str]], text: str) -> None:
    index = EntryIndex.build([tuple(entry) for entry in needs])
    expected = [i for i, entry in enumerate(needs) if not entry or any(n in text for n in entry)]
    assert index.candidates(text) == expected


def test_required_text_finds_literals() -> None:
    assert required_text(r"\bgo (to|into) hospital\b") == (" hospital",)
    assert set(required_text(r"(cancer|tumou?r)")) == {"cancer", "tumo"}
    assert required_text(r"(a|)b?") == ()


def test_prefilter_keeps_every_real_match_in_the_labelled_set() -> None:
    lexicon = load_lexicon()
    texts = [item["text"] for item in yaml.safe_load(LABELLED.read_text(encoding="utf-8"))]
    for text in texts:
        for view in tokenize(text, lexicon.en.aliases).views:
            kept = set(lexicon.en.candidate_signals(view.text))
            for entry in lexicon.en.signals:
                if entry.pattern.search(view.text):
                    assert entry in kept, (entry.source, text)
        zh = chinese_text(text).text
        kept = set(lexicon.zh.candidate_signals(zh))
        for entry in lexicon.zh.signals:
            if entry.pattern.search(zh):
                assert entry in kept, (entry.source, text)
