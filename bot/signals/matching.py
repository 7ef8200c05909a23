"""Finding lexicon entries in a message, with negation, quotes and harmless idioms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from bot.signals.chinese import ChineseText
from bot.signals.english import EnglishText, View
from bot.signals.entries import Entry, LanguageLexicon
from bot.signals.negation import chinese_negated, english_negated

_CRISIS = "crisis"
Span = tuple[int, int]


@dataclass(frozen=True)
class Match:
    entry: Entry
    start: int  # English: token index; Chinese: character index
    end: int
    negated: bool
    quoted: bool


def _negatable(entry: Entry) -> bool:
    # Crisis errs on the side of caution: "I'm not suicidal but..." and a quoted
    # "kill myself" still reach a person, who can judge what a pattern cannot.
    return not entry.always and entry.section != _CRISIS


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _inherit_negation(found: list[Match]) -> list[Match]:
    # "not going to make a complaint": "complaint" alone is too far from "not" to
    # be negated, but it sits inside "make a complaint", which is.
    negated = [(m.start, m.end) for m in found if m.negated]
    return [
        replace(m, negated=True)
        if not m.negated
        and _negatable(m.entry)
        and any(start <= m.start and m.end <= end for start, end in negated)
        else m
        for m in found
    ]


def _span(found: re.Match[str]) -> Span:
    # A harmless entry may need context it must not cover ("someone stole my identity … i
    # reported it to the police"): its `only` group is the part that is harmless, so the
    # context, which could hold a crisis phrase, is still screened.
    return found.span("only") if "only" in found.re.groupindex else found.span()


def _squeezing_changed(text: EnglishText, span: Span) -> bool:
    return any(token.plain != token.squeezed for token in text.tokens[span[0] : span[1]])


def _english_spans(text: EnglishText, entry: Entry, views: tuple[View, ...]) -> set[Span]:
    # Plain phrases are written for the squeezed view; regexes may need either. A regex
    # is spelled normally, so the plain view decides wherever squeezing changed none of
    # the matched words: otherwise a lookaround such as (?! street) or (?<!feel like )
    # would fail to veto in the squeezed view ("stret", "fel like") and the match leak
    # through. The squeezed view only adds matches that needed it ("pleeease").
    spans: set[Span] = set()
    for view in views:
        if entry.phrase and view is not text.squeezed:
            continue
        for found in entry.pattern.finditer(view.text):
            start, end = _span(found)
            if end <= start:
                continue
            span = view.token_span(start, end)
            if entry.phrase or view is not text.squeezed or _squeezing_changed(text, span):
                spans.add(span)
    return spans


def _english_candidates(
    text: EnglishText, entries: Callable[[str], list[Entry]]
) -> list[tuple[Entry, list[Span]]]:
    views_of: dict[Entry, list[View]] = {}
    for view in text.views:
        for entry in entries(view.text):
            views_of.setdefault(entry, []).append(view)
    return [
        (entry, sorted(_english_spans(text, entry, tuple(views))))
        for entry, views in views_of.items()
    ]


def match_english(text: EnglishText, lexicon: LanguageLexicon) -> list[Match]:
    if not text.tokens:
        return []
    harmless = [
        span for _, spans in _english_candidates(text, lexicon.candidate_harmless) for span in spans
    ]
    found: list[Match] = []
    for entry, spans in _english_candidates(text, lexicon.candidate_signals):
        for start, end in spans:
            if _overlaps(start, end, harmless):
                continue
            negated = _negatable(entry) and english_negated(text.tokens, start, lexicon.negation)
            found.append(Match(entry, start, end, negated, text.tokens[start].quoted))
    return _inherit_negation(found)


def _chinese_spans(text: ChineseText, entry: Entry) -> list[Span]:
    spans = [_span(found) for found in entry.pattern.finditer(text.text)]
    return [(start, end) for start, end in spans if end > start]


def match_chinese(text: ChineseText, lexicon: LanguageLexicon) -> list[Match]:
    if not text.text:
        return []
    harmless = [
        span
        for entry in lexicon.candidate_harmless(text.text)
        for span in _chinese_spans(text, entry)
    ]
    found: list[Match] = []
    for entry in lexicon.candidate_signals(text.text):
        for start, end in _chinese_spans(text, entry):
            if _overlaps(start, end, harmless):
                continue
            negated = _negatable(entry) and chinese_negated(text, start, lexicon.negation)
            found.append(Match(entry, start, end, negated, text.quoted[start]))
    return _inherit_negation(found)
