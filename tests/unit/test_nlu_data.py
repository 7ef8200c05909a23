"""Guards on the NLU training data and the held-out split, for English and Chinese.

1. No public benchmark example (``public_intents.yml`` in the shared eval folder) is copied,
   or nearly copied, into anything under ``data/``.
2. No held-out example (``tests/nlu/heldout_*.yml``) is copied or nearly copied into training data.
3. Every contract intent has enough distinct training examples in each language.
4. No near-duplicates inside one intent, and no text labelled with two intents.
5. No entity markup (intents only; amounts and dates are parsed from the raw text later).
6. The held-out split has enough examples per intent per language.

Failure messages never print benchmark texts, only our own text and the benchmark's index,
so that reading a failure does not leak the benchmark into whoever fixes the data.
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml

from bot.near_copies import NEAR_COPY_RATIO, Example, NearIndex, is_near_copy, normalise

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "data"
NLU_DIR = DATA_DIR / "nlu"
HELDOUT_DIR = REPO / "tests" / "nlu"
EVAL_FILE_NAME = "public_intents.yml"

LANGUAGES = ("en", "zh")
CONTRACT_INTENTS = (
    "check_balance",
    "explain_debt",
    "dispute_debt",
    "request_plan",
    "make_payment",
    "promise_to_pay",
    "ask_settlement",
    "report_hardship",
    "express_distress",
    "complain",
    "request_human",
    "opt_out",
    "greet",
    "goodbye",
    "affirm",
    "deny",
    "thank",
    "bot_challenge",
    "change_language",
    "out_of_scope",
)
MIN_TRAIN_PER_INTENT = 40
MIN_HELDOUT_PER_INTENT = 15
NEAR_DUPLICATE_RATIO = 0.95  # two training texts of one intent

YAML_SUFFIXES = {".yml", ".yaml"}
TEXT_SUFFIXES = YAML_SUFFIXES | {".json", ".md", ".txt", ".csv", ".tsv"}
# Rasa entity annotation: [text](entity), [text](entity:value), [text]{"entity": ...}
ENTITY_MARKUP = re.compile(r"\[[^\]\n]+\]\s*[({]")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _block_lines(block: str) -> Iterator[str]:
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("-"):
            line = line[1:].strip()
        if line:
            yield line


def _examples_from_nlu_item(item: dict, source: str) -> Iterator[Example]:
    label = str(item.get("intent") or item.get("synonym") or item.get("lookup") or "")
    if not label or "regex" in item:
        return
    kind = "intent" if "intent" in item else "lookup/synonym"
    label = label if kind == "intent" else f"<{kind}:{label}>"
    examples = item.get("examples")
    if isinstance(examples, str):
        for text in _block_lines(examples):
            yield Example(text, label, source)
    elif isinstance(examples, list):
        for entry in examples:
            text = entry.get("text") if isinstance(entry, dict) else entry
            if isinstance(text, str) and text.strip():
                yield Example(text.strip(), label, source)


def _user_texts(node: object, source: str) -> Iterator[Example]:
    """``user:`` texts of end-to-end stories/rules/tests, anywhere in a YAML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "user" and isinstance(value, str):
                yield Example(value.strip(), "<story user text>", source)
            else:
                yield from _user_texts(value, source)
    elif isinstance(node, list):
        for value in node:
            yield from _user_texts(value, source)


@functools.cache
def load_file(path: Path) -> tuple[Example, ...]:
    """Every example text in one file (NLU examples, lookups, synonyms, story user texts)."""
    source = _rel(path)
    if path.suffix in YAML_SUFFIXES:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found: list[Example] = []
        if isinstance(doc, dict):
            for item in doc.get("nlu") or []:
                if isinstance(item, dict):
                    found.extend(_examples_from_nlu_item(item, source))
            found.extend(_user_texts({k: v for k, v in doc.items() if k != "nlu"}, source))
        return tuple(found)
    # Anything else textual under data/: treat every line as a possible example.
    lines = path.read_text(encoding="utf-8", errors="replace")
    return tuple(Example(text, "<line>", source) for text in _block_lines(lines))


def _files(folder: Path, suffixes: set[str]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes)


def all_data_examples() -> list[Example]:
    return [ex for path in _files(DATA_DIR, TEXT_SUFFIXES) for ex in load_file(path)]


def training_examples(lang: str) -> list[Example]:
    return [
        ex
        for path in _files(NLU_DIR / lang, YAML_SUFFIXES)
        for ex in load_file(path)
        if not ex.intent.startswith("<")
    ]


def heldout_files() -> list[Path]:
    return sorted(HELDOUT_DIR.glob("heldout_*.yml"))


def heldout_paths(lang: str) -> list[Path]:
    """One language's held-out files (tests/nlu/README.md: the split comes in batches)."""
    return sorted(HELDOUT_DIR.glob(f"heldout_{lang}*.yml"))


def heldout_examples(lang: str) -> list[Example]:
    return [ex for path in heldout_paths(lang) for ex in load_file(path)]


def eval_dir() -> Path:
    override = os.environ.get("SETTLE_EVAL_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "shared" / "eval"


def _distinct_by_intent(examples: Iterable[Example]) -> dict[str, set[str]]:
    by_intent: dict[str, set[str]] = defaultdict(set)
    for ex in examples:
        if ex.norm:
            by_intent[ex.intent].add(ex.norm)
    return by_intent


def _report(problems: list[str], what: str, limit: int = 40) -> str:
    shown = "\n  ".join(problems[:limit])
    more = f"\n  ... and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} {what}:\n  {shown}{more}"


# --------------------------------------------------------------------------- self-check


def test_near_copy_detector_flags_known_pairs() -> None:
    assert normalise("  Hello,   WORLD!! ") == "hello world"
    assert normalise("Don't  pay—now?") == "dont paynow"
    assert normalise("我想还款，谢谢！") == normalise("我想还款谢谢")
    # exact after normalisation, near copy (one letter), and clearly different phrasings
    assert is_near_copy("How much do I owe?", "how much  do i owe")
    assert is_near_copy("i want to set up a payment plan", "i want to set up a payment plans")
    assert not is_near_copy("i want to set up a payment plan", "can i pay in instalments")
    assert not is_near_copy("hi", "hii")
    index = NearIndex([Example("Can I get a payment plan please", "request_plan", "x")])
    hits = list(index.find(normalise("can i get a payment plan pls!"), NEAR_COPY_RATIO))
    assert hits, "NearIndex missed a near copy"
    assert not list(index.find(normalise("what is my balance"), NEAR_COPY_RATIO))


# --------------------------------------------------------------------------- (1) benchmark


def test_no_public_benchmark_example_in_data() -> None:
    folder = eval_dir()
    if not folder.is_dir():
        pytest.skip(
            f"public eval folder not found at {folder} (set SETTLE_EVAL_DIR to point at it)"
        )
    eval_file = folder / EVAL_FILE_NAME
    assert eval_file.is_file(), f"{folder} exists but has no {EVAL_FILE_NAME}"
    bench = [Example(ex.text, ex.intent, f"eval #{i}") for i, ex in enumerate(load_file(eval_file))]
    assert bench, f"no examples parsed from {eval_file}"
    data = all_data_examples()
    assert data, f"no examples found under {DATA_DIR}"
    index = NearIndex(data)
    problems = sorted(
        {
            f"{hit.source}: {hit.text!r} ({hit.intent}) ~ {b.source} ({b.intent}), ratio {r:.2f}"
            for b in bench
            for hit, r in index.find(b.norm, NEAR_COPY_RATIO)
        }
    )
    assert not problems, _report(problems, "training texts copy the public benchmark")


# --------------------------------------------------------------------------- (2) held-out


def test_heldout_not_in_training() -> None:
    files = heldout_files()
    assert files, f"no held-out files in {HELDOUT_DIR}"
    index = NearIndex(all_data_examples())
    problems = sorted(
        {
            # Only the training side is shown: whoever fixes this must not read the held-out text.
            f"{hit.source}: {hit.text!r} ({hit.intent}) copies a held-out example, ratio {r:.2f}"
            for path in files
            for h in load_file(path)
            for hit, r in index.find(h.norm, NEAR_COPY_RATIO)
        }
    )
    assert not problems, _report(problems, "held-out texts are (near) copies of training data")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_heldout_batches_do_not_repeat_each_other(lang: str) -> None:
    """A message counted twice would weigh double in the scores."""
    problems: list[str] = []
    earlier: list[Example] = []
    for path in heldout_paths(lang):
        index = NearIndex(earlier)
        batch = load_file(path)
        problems.extend(
            f"{ex.source}: {ex.text!r} ~ {hit.source}: {hit.text!r}, ratio {r:.2f}"
            for ex in batch
            for hit, r in index.find(ex.norm, NEAR_COPY_RATIO)
        )
        earlier.extend(batch)
    assert not problems, _report(problems, f"[{lang}] held-out texts repeated across files")


# --------------------------------------------------------------------------- (3) counts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contract_intents_have_enough_training_examples(lang: str) -> None:
    examples = training_examples(lang)
    assert examples, f"no NLU training files under {_rel(NLU_DIR / lang)}"
    counts = {i: len(t) for i, t in _distinct_by_intent(examples).items()}
    short = [
        f"{intent}: {counts.get(intent, 0)}"
        for intent in CONTRACT_INTENTS
        if counts.get(intent, 0) < MIN_TRAIN_PER_INTENT
    ]
    assert not short, (
        f"[{lang}] intents with fewer than {MIN_TRAIN_PER_INTENT} distinct training examples: "
        + ", ".join(short)
    )


# --------------------------------------------------------------------------- (4) duplicates


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_near_duplicates_within_an_intent(lang: str) -> None:
    problems: list[str] = []
    by_intent: dict[str, list[Example]] = defaultdict(list)
    for ex in training_examples(lang):
        by_intent[ex.intent].append(ex)
    for intent, examples in sorted(by_intent.items()):
        seen: dict[str, Example] = {}
        for ex in examples:
            if ex.norm in seen:
                problems.append(f"{intent}: {ex.text!r} repeats {seen[ex.norm].text!r}")
            else:
                seen.setdefault(ex.norm, ex)
        index = NearIndex(seen.values())
        problems.extend(
            f"{intent}: {ex.text!r} ~ {hit.text!r}, ratio {r:.2f}"
            for ex in seen.values()
            for hit, r in index.find(ex.norm, NEAR_DUPLICATE_RATIO)
            if hit.norm > ex.norm  # report each pair once; exact repeats are handled above
        )
    assert not problems, _report(problems, f"[{lang}] near-duplicate training examples")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_labelled_with_two_intents(lang: str) -> None:
    intents_by_text: dict[str, set[str]] = defaultdict(set)
    for ex in training_examples(lang):
        if ex.norm:
            intents_by_text[ex.norm].add(ex.intent)
    clashes = sorted(f"{t!r}: {sorted(i)}" for t, i in intents_by_text.items() if len(i) > 1)
    assert not clashes, _report(clashes, f"[{lang}] texts labelled with more than one intent")


# --------------------------------------------------------------------------- (5) markup


def test_no_entity_markup() -> None:
    paths = _files(NLU_DIR, YAML_SUFFIXES) + heldout_files()
    problems = [
        f"{ex.source}: {ex.text!r}"
        for path in paths
        for ex in load_file(path)
        if ENTITY_MARKUP.search(ex.text)
    ]
    assert not problems, _report(problems, "examples with entity markup (intents only, please)")


# --------------------------------------------------------------------------- (6) held-out size


@pytest.mark.parametrize("lang", LANGUAGES)
def test_heldout_covers_every_intent(lang: str) -> None:
    heldout = heldout_examples(lang)
    assert heldout, f"no held-out examples in {_rel(HELDOUT_DIR)}/heldout_{lang}*.yml"
    train_intents = set(_distinct_by_intent(training_examples(lang)))
    counts = {i: len(t) for i, t in _distinct_by_intent(heldout).items()}
    needed = sorted(train_intents | set(CONTRACT_INTENTS))
    short = [
        f"{i}: {counts.get(i, 0)}" for i in needed if counts.get(i, 0) < MIN_HELDOUT_PER_INTENT
    ]
    assert not short, (
        f"[{lang}] held-out intents with fewer than {MIN_HELDOUT_PER_INTENT} examples: "
        + ", ".join(short)
    )
    unknown = sorted(set(counts) - train_intents)
    assert not unknown, f"[{lang}] held-out intents that are never trained: {unknown}"
