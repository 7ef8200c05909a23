"""bench/lexicon_diff.py reads the lexicon at a revision and compares verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import lexicon_diff


def test_the_working_lexicon_flags_no_ordinary_message_the_committed_one_did_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # On a clean checkout the two are the same; mid-change, this is the guard itself.
    assert lexicon_diff.main(["--base", "HEAD", "--kind", "crisis"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.endswith(" 0 newly flagged wrongly"), last


def test_every_held_message_is_screened_with_its_label() -> None:
    messages = lexicon_diff.labelled_messages()
    assert len(messages) > 20_000
    assert ("i wanna kms honestly", frozenset({"crisis"})) in messages  # a screening set
    assert any(kinds == frozenset({"request"}) for _, kinds in messages)  # NLU request_human


def test_an_old_lexicon_is_read_from_git(tmp_path: Path) -> None:
    old = lexicon_diff.lexicon_at("HEAD", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.yml", "zh.yml"]
    assert "crisis" in lexicon_diff.screen("i want to kill myself", lexicon=old).kinds


def test_a_skipped_set_is_left_out() -> None:
    everything = lexicon_diff.labelled_messages()
    without = lexicon_diff.labelled_messages(frozenset({"signals_fresh.yml"}))
    assert ("i wanna kms honestly", frozenset({"crisis"})) not in without
    assert 0 < len(everything) - len(without) < 2_000


def test_an_unknown_set_to_skip_is_refused() -> None:
    with pytest.raises(SystemExit) as refused:
        lexicon_diff.main(["--skip", "signals_nonexistent.yml"])
    assert refused.value.code == 2
