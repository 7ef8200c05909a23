"""Reading and checking the YAML lexicon files (format: see the header of lexicon/en.yml)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from bot.signals.chinese import chinese_text
from bot.signals.english import WORD_CHARS, squeeze, tokenize
from bot.signals.entries import (
    HARMLESS,
    LANGUAGES,
    Entry,
    Language,
    LanguageLexicon,
    Lexicon,
    LexiconError,
)
from bot.signals.kinds import KINDS
from bot.signals.prefilter import required_text

LEXICON_DIR = Path(__file__).with_name("lexicon")
DEFAULT_PATHS: tuple[Path, ...] = (LEXICON_DIR / "en.yml", LEXICON_DIR / "zh.yml")

_ENTRY_SECTIONS = (*KINDS, HARMLESS)
_SECTIONS = (*_ENTRY_SECTIONS, "negation", "aliases", "fragments")
_REGEX_PREFIX = "re:"
_ALWAYS_PREFIX = "!"
# `{name}` in a regex entry; a quantifier such as {0,6} holds no letters, so cannot be one.
_FRAGMENT = re.compile(r"\{([a-z_]+)\}")


@dataclass
class _Raw:
    """One language's sections, gathered from every file before compiling."""

    entries: list[tuple[Path, str, str]] = field(default_factory=list)
    negation: list[tuple[Path, str]] = field(default_factory=list)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fragments: dict[str, str] = field(default_factory=dict)


def _language(path: Path) -> Language:
    prefix = re.split(r"[._-]", path.name, maxsplit=1)[0].lower()
    for language in LANGUAGES:
        if prefix == language:
            return language
    raise LexiconError(f"{path}: file name must start with one of {', '.join(LANGUAGES)}")


class _UniqueKeys(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys; a second `crisis:` section or alias written
    twice would silently drop the first, so a key written twice is an error."""


def _mapping(loader: _UniqueKeys, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is written twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys)  # a SafeLoader
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected sections (name: list), found {type(data).__name__}")
    return data


def _strings(path: Path, section: str, value: object) -> list[str]:
    if not isinstance(value, list):
        raise LexiconError(f"{path}: section {section!r} must be a list")
    # A number such as the 12378 hotline is a phrase too.
    value = [
        str(item) if isinstance(item, int) and not isinstance(item, bool) else item
        for item in value
    ]
    for item in value:
        if isinstance(item, dict):
            raise LexiconError(
                f"{path}: {section} entry {item!r} is not text; put regex entries in single "
                f"quotes: '{_REGEX_PREFIX}...'"
            )
        if isinstance(item, bool):
            raise LexiconError(
                f"{path}: {section} entry {item!r} was read as true/false; quote it: 'no'"
            )
        if not isinstance(item, str) or not item.strip():
            raise LexiconError(f"{path}: {section} entry {item!r} must be non-empty text")
    return [item.strip() for item in value]


def _gather_fragments(path: Path, raw: _Raw, value: object) -> None:
    """Named lists of words (e.g. every word for a relative) that regex entries share."""
    if not isinstance(value, dict):
        raise LexiconError(f"{path}: 'fragments' must be a mapping of name: [words]")
    for name, words in value.items():
        if not isinstance(name, str) or not _FRAGMENT.fullmatch("{" + name + "}"):
            raise LexiconError(f"{path}: fragment name {name!r} must be lower-case letters and _")
        if name in raw.fragments:
            raise LexiconError(f"{path}: fragment {name!r} is defined twice")
        alternatives = _strings(path, f"fragment {name!r}", words)
        if not alternatives:
            raise LexiconError(f"{path}: fragment {name!r} has no words")
        raw.fragments[name] = "(?:" + "|".join(map(re.escape, alternatives)) + ")"


def _expand_fragments(path: Path, section: str, source: str, body: str, raw: _Raw) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in raw.fragments:
            raise LexiconError(
                f"{path}: {section} entry {source!r} uses unknown fragment {{{name}}}"
            )
        return raw.fragments[name]

    return _FRAGMENT.sub(replace, body)


def _gather(path: Path, raw: _Raw, language: Language) -> None:
    for section, value in _read(path).items():
        if section not in _SECTIONS:
            raise LexiconError(
                f"{path}: unknown section {section!r} (expected one of: {', '.join(_SECTIONS)})"
            )
        if section == "aliases":
            if language != "en" or not isinstance(value, dict):
                raise LexiconError(f"{path}: 'aliases' must be a mapping, in English files only")
            for short, long in value.items():
                if not str(short).strip() or not str(long).strip():
                    raise LexiconError(f"{path}: alias {short!r}: {long!r} must be non-empty")
                raw.aliases[squeeze(str(short).strip().lower())] = tuple(str(long).lower().split())
        elif section == "fragments":
            _gather_fragments(path, raw, value)
        elif section == "negation":
            raw.negation.extend((path, cue) for cue in _strings(path, section, value))
        else:
            raw.entries.extend((path, section, item) for item in _strings(path, section, value))


def _english_phrase(path: Path, section: str, phrase: str, raw: _Raw) -> tuple[str, str]:
    """The pattern for a plain English phrase, and the squeezed words it must contain."""
    words: list[str] = []
    parts: list[str] = []
    for chunk in phrase.split():
        star = chunk.endswith("*")
        chunk_words = [t.squeezed for t in tokenize(chunk.rstrip("*"), raw.aliases).tokens]
        if not chunk_words:
            continue
        words.extend(chunk_words)
        parts.extend(re.escape(word) for word in chunk_words)
        if star:
            parts[-1] += f"[{WORD_CHARS}]*"
    if not parts:
        raise LexiconError(f"{path}: {section} entry {phrase!r} has no words to match")
    return r"(?<![^ ])" + " ".join(parts) + r"(?![^ ])", " ".join(words)


def _chinese_phrase(phrase: str) -> tuple[str, str]:
    """The pattern for a plain Chinese phrase; Latin at its edges needs word boundaries."""
    text = chinese_text(phrase).text
    pattern = re.escape(text)
    if text[:1].isascii() and text[:1].isalnum():
        pattern = "(?<![a-z0-9])" + pattern
    if text[-1:].isascii() and text[-1:].isalnum():
        pattern += "(?![a-z0-9])"
    return pattern, text


def _entry(path: Path, section: str, source: str, language: Language, raw: _Raw) -> Entry:
    body = source
    always = body.startswith(_ALWAYS_PREFIX)
    if always:
        body = body[len(_ALWAYS_PREFIX) :].strip()
    phrase = not body.startswith(_REGEX_PREFIX)
    literal = ""
    if not phrase:
        body = _expand_fragments(path, section, source, body[len(_REGEX_PREFIX) :].strip(), raw)
    elif language == "en":
        body, literal = _english_phrase(path, section, body, raw)
    else:
        body, literal = _chinese_phrase(body)
    try:
        pattern = re.compile(body, re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(
            f"{path}: {section} entry {source!r} is not a valid regular expression: {exc}"
        ) from exc
    if not body or pattern.search("") is not None:
        raise LexiconError(f"{path}: {section} entry {source!r} would match any message")
    needs = (literal,) if literal else required_text(body, re.IGNORECASE)
    return Entry(section, source, pattern, phrase, always, needs)


def _compile(language: Language, raw: _Raw) -> LanguageLexicon:
    entries = [_entry(path, section, item, language, raw) for path, section, item in raw.entries]
    negation: list[str] = []
    for path, cue in raw.negation:
        if language == "en":
            words = [token.squeezed for token in tokenize(cue, raw.aliases).tokens]
            normal = " ".join(words)
        else:
            normal = chinese_text(cue).text
        if not normal:
            raise LexiconError(f"{path}: negation entry {cue!r} has nothing to match")
        negation.append(normal)
    return LanguageLexicon(
        signals=tuple(entry for entry in entries if entry.section != HARMLESS),
        harmless=tuple(entry for entry in entries if entry.section == HARMLESS),
        negation=tuple(dict.fromkeys(negation)),
        aliases=MappingProxyType(dict(raw.aliases)),
    )


def _load(paths: Sequence[Path]) -> Lexicon:
    raws = {language: _Raw() for language in LANGUAGES}
    for path in paths:
        language = _language(Path(path))
        _gather(Path(path), raws[language], language)
    return Lexicon(en=_compile("en", raws["en"]), zh=_compile("zh", raws["zh"]))


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return _load(DEFAULT_PATHS)


def load_lexicon(paths: Sequence[Path] | None = None) -> Lexicon:
    """The lexicon in `paths` (default: the packaged en.yml and zh.yml, loaded once).

    A file's language is the start of its name (en.yml, zh_extra.yml). Files of
    the same language are merged. Raises LexiconError naming the file and entry.
    """
    if paths is None:
        return _default_lexicon()
    return _load(paths)
