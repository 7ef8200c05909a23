"""bench/fold_verdict.py: the ninth batch's keep-or-reject rule, read from nlu_tune output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.fold_verdict import main, read_run, verdict
from bench.nlu_tune import WATCH

COLUMNS = ("express_", "complain", "request_", "express_")  # nlu_tune cuts names to 8
HEADS = " | ".join(f"{lang} {column}" for lang in ("en", "zh") for column in COLUMNS)


def log(
    *,
    macro: tuple[str, str],
    watch: str,
    flagged: tuple[str, str],
    fees: tuple[str, str] = ("0.900", "0.900"),
    rights: tuple[str, str] = ("0.900", "0.900"),
    exact: str | None = None,
) -> str:
    """An nlu_tune --intents output with only the rows the rule reads, plus decoys.

    `watch` is the sweep's two-place row; the per-intent table holds the handoff four to
    three places, `exact` when given (in the same order), else `watch`'s values."""
    values = [v.strip() for v in (exact or watch).split("|")]
    n = len(WATCH)
    handoff = "\n".join(
        f"{intent} | {values[i]} | {values[n + i]}" for i, intent in enumerate(WATCH)
    )
    return f"""fold 0 done

settings: c2.yml; folds [0, 1, 2, 3, 4]
weight | threshold | en macro-F1 | zh macro-F1 | {HEADS}
1.0 | 0.30 | 0.500 | 0.500 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10
2.0 | 0.30 | {macro[0]} | {macro[1]} | {watch}
2.0 | 0.35 | 0.500 | 0.500 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10

weight | floor | {HEADS} | en others flagged | zh others flagged
2.0 | 0.50 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 9.0% | 9.0%
2.0 | 0.60 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | 0.10 | {flagged[0]} | {flagged[1]}

intent | en recall | zh recall  (weight 2.0, threshold 0.3)
dispute_debt | 0.850 | 0.850
faq_data | 0.880 | 0.880
faq_fees | {fees[0]} | {fees[1]}
faq_rights | {rights[0]} | {rights[1]}
{handoff}
"""


BASE_PARTS: dict[str, object] = {
    "macro": ("0.934", "0.930"),
    "watch": "0.94 | 0.93 | 0.99 | 0.93 | 0.93 | 0.90 | 0.97 | 0.93",
    "flagged": ("0.9%", "0.7%"),
}
BASE = log(**BASE_PARTS)  # type: ignore[arg-type]


def judge_files(tmp_path: Path, cand: str) -> int:
    """fold_verdict's exit status for BASE and `cand` as log files."""
    (tmp_path / "base.txt").write_text(BASE)
    (tmp_path / "cand.txt").write_text(cand)
    return main([str(tmp_path / "base.txt"), str(tmp_path / "cand.txt")])


def test_the_rows_at_the_rules_weight_threshold_and_floor_are_read() -> None:
    run = read_run(BASE)
    assert run.macro_f1 == {"en": 0.934, "zh": 0.930}
    assert run.watch["en"] == (0.94, 0.93, 0.99, 0.93)
    assert run.watch["zh"] == (0.93, 0.90, 0.97, 0.93)
    assert run.flagged == {"en": 0.9, "zh": 0.7}
    assert run.recall[("zh", "faq_rights")] == 0.900


def test_each_language_is_judged_on_its_own_rows(tmp_path: Path) -> None:
    # en: complain 0.93 -> 0.92 lowers the four's mean and faq_rights falls 0.026: rejected.
    # zh: complain 0.90 -> 0.91, everything else equal: kept.
    cand = log(
        macro=("0.932", "0.931"),
        watch="0.94 | 0.92 | 0.99 | 0.93 | 0.93 | 0.91 | 0.97 | 0.93",
        flagged=("1.1%", "0.7%"),
        rights=("0.874", "0.900"),
    )
    base, run = read_run(BASE), read_run(cand)
    failed = {
        lang: [rule for rule, held, _ in verdict(base, run, lang) if not held]
        for lang in ("en", "zh")
    }
    assert failed == {"en": ["handoff four, mean not lower", "faq_rights >= -0.02"], "zh": []}
    assert judge_files(tmp_path, cand) == 1


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"macro": ("0.931", "0.930")}, "macro-F1 >= -0.002"),
        (
            {"watch": "0.96 | 0.93 | 0.99 | 0.91 | 0.93 | 0.90 | 0.97 | 0.93"},
            "crisis >= -0.01",
        ),
        ({"flagged": ("1.3%", "0.7%")}, "others flagged <= +0.3 points"),
        ({"fees": ("0.870", "0.900")}, "faq_fees >= -0.02"),
    ],
)
def test_one_broken_line_rejects(change: dict[str, object], rule: str) -> None:
    parts = {**BASE_PARTS, **change}
    lines = verdict(read_run(BASE), read_run(log(**parts)), "en")  # type: ignore[arg-type]
    assert [r for r, held, _ in lines if not held] == [rule]


def test_ties_and_allowed_slips_are_kept(tmp_path: Path) -> None:
    # macro-F1 -0.002, crisis -0.01, flagged +0.3 points, faq_fees -0.02: each at its limit.
    cand = log(
        macro=("0.932", "0.928"),
        watch="0.95 | 0.93 | 0.99 | 0.92 | 0.94 | 0.90 | 0.97 | 0.92",
        flagged=("1.2%", "1.0%"),
        fees=("0.880", "0.880"),
    )
    assert judge_files(tmp_path, cand) == 0


def test_a_loss_hidden_by_the_two_place_row_rejects() -> None:
    # The sixteenth batch's zh numbers: every handoff recall equal to two places, while to
    # three complain, request_human and crisis fall (mean .9378 -> .9347).
    base = log(
        **{**BASE_PARTS, "exact": "0.95 | 0.94 | 0.99 | 0.93 | 0.928 | 0.914 | 0.975 | 0.934"}
    )  # type: ignore[arg-type]
    cand = log(
        **{**BASE_PARTS, "exact": "0.95 | 0.94 | 0.99 | 0.93 | 0.932 | 0.910 | 0.969 | 0.928"}
    )  # type: ignore[arg-type]
    assert read_run(cand).watch["zh"] == (0.932, 0.910, 0.969, 0.928)
    failed = [rule for rule, held, _ in verdict(read_run(base), read_run(cand), "zh") if not held]
    assert failed == ["handoff four, mean not lower"]


def test_a_log_without_the_rules_row_is_an_error() -> None:
    with pytest.raises(ValueError, match=re.escape("no row 2.0 | 0.30")):
        read_run(BASE.replace("2.0 | 0.30 |", "2.0 | 0.31 |"))


def test_a_log_without_the_handoff_recalls_is_an_error() -> None:
    without = "\n".join(line for line in BASE.splitlines() if not line.startswith("complain |"))
    with pytest.raises(ValueError, match="no per-intent recall for complain"):
        read_run(without)
