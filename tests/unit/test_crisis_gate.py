"""bench/crisis_gate.py: the four cells, the rule, and a whole run from cached parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.crisis_gate import (
    Cells,
    cells,
    changes,
    failures,
    main,
    parses_for,
    report,
    set_numbers,
    set_path,
)
from bench.signals_eval import Example, load_examples

CRISIS = Example("i have the pills counted out", "en", frozenset({"crisis"}))
CRISIS_2 = Example("bye everyone, the dog is with my sister now", "en", frozenset({"crisis"}))
ORDINARY = Example("this interest is killing me lol", "en", frozenset())
ORDINARY_2 = Example("what do i owe", "en", frozenset())


def test_cells_count_each_group_on_its_own() -> None:
    screened = [
        (CRISIS, frozenset({"crisis"})),
        (CRISIS_2, frozenset({"distress"})),
        (ORDINARY, frozenset({"crisis"})),
        (ORDINARY_2, frozenset()),
    ]
    assert cells(screened) == Cells(flagged=1, reached=2, ordinary_flagged=1, ordinary_handed=1)


@pytest.mark.parametrize(
    ("after", "why"),
    [
        (Cells(50, 56, 4, 30), []),  # the same
        (Cells(49, 56, 9, 33), []),  # one fewer flagged, three more handed: within limits
        (Cells(50, 55, 4, 30), ["1 fewer crisis reach a person"]),
        (Cells(48, 57, 4, 30), ["2 fewer flagged crisis"]),
        (Cells(50, 56, 4, 34), ["4 more ordinary handed"]),
    ],
)
def test_failures_apply_the_three_limits(after: Cells, why: list[str]) -> None:
    assert failures(Cells(50, 56, 4, 30), after) == why


def test_report_fails_when_one_language_of_one_set_fails_and_sums_the_rest() -> None:
    zh = Example("药攒够了", "zh", frozenset({"crisis"}))
    before = [(CRISIS, frozenset({"crisis"})), (zh, frozenset({"crisis"}))]
    lost = [(CRISIS, frozenset({"crisis"})), (zh, frozenset())]
    lines, passed = report({5: (before, before), 6: (before, lost)}, show_changes=True)
    assert not passed and lines[-1] == "FAIL"
    assert lines[1] == "5 | 1/1/0/0 -> 1/1/0/0 | 1/1/0/0 -> 1/1/0/0"
    assert lines[2].startswith("6 | 1/1/0/0 -> 1/1/0/0 | 1/1/0/0 -> 0/0/0/0  FAILS")
    assert lines[3] == "sum | 2/2/0/0 -> 2/2/0/0 | 2/2/0/0 -> 1/1/0/0"
    assert "  - zh crisis: 药攒够了" in lines
    assert report({5: (before, before)})[1]


def test_changes_name_gains_and_losses() -> None:
    before = [(CRISIS, frozenset()), (ORDINARY, frozenset({"complaint"}))]
    after = [(CRISIS, frozenset({"distress"})), (ORDINARY, frozenset())]
    assert changes(before, after) == [
        f"  + en crisis: {CRISIS.text}",
        f"  - en ordinary: {ORDINARY.text}",
    ]


def test_set_numbers_start_at_five_and_sort_numerically(tmp_path: Path) -> None:
    for name in (
        "signals_fresh.yml",
        "signals_fresh_4.yml",
        "signals_fresh_10.yml",
        "signals_fresh_5.yml",
        "signals_fresh_7_brief.md",
    ):
        (tmp_path / name).write_text("[]\n")
    assert set_numbers(tmp_path) == [5, 10]
    assert set_numbers()[0] == 5


def test_parses_for_reads_the_cache_without_loading_the_model(tmp_path: Path) -> None:
    model = tmp_path / "settle-0000.tar.gz"  # not a model: loading it would fail
    (tmp_path / f"{model.name}.json").write_text(json.dumps({"hi": ["greet", 0.9]}))
    assert parses_for(model, ["hi"], tmp_path) == {"hi": ("greet", 0.9)}


def _cache(directory: Path, model: Path, texts: list[str], intent: str) -> None:
    parses = {text: [intent, 0.99] for text in texts}
    (directory / f"{model.name}.json").write_text(json.dumps(parses), "utf-8")


def test_a_whole_run_passes_a_model_against_itself_and_fails_one_that_hands_off_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = [e.text for e in load_examples(set_path(5))]
    calm, alarmed = tmp_path / "settle-calm.tar.gz", tmp_path / "settle-alarmed.tar.gz"
    for model, intent in ((calm, "inform"), (alarmed, "express_crisis")):
        model.write_bytes(b"")
        _cache(tmp_path, model, texts, intent)
    args = ["--sets", "5", "--cache", str(tmp_path)]

    assert main([str(calm), str(calm), *args]) == 0
    assert capsys.readouterr().out.rstrip().endswith("PASS")
    assert main([str(calm), str(alarmed), *args]) == 1
    out = capsys.readouterr().out
    assert "more ordinary handed" in out and out.rstrip().endswith("FAIL")


def test_an_unknown_set_is_refused_before_any_model_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "settle-x.tar.gz"
    model.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_:
        main([str(model), str(model), "--sets", "5", "999"])
    assert exit_.value.code == 2
    assert "no such screening set" in capsys.readouterr().err
