"""bench/signals_eval.py --unseen: which messages count as already trained on."""

from __future__ import annotations

from pathlib import Path

from bench.signals_eval import Example, unseen


def test_unseen_skips_near_copies_of_training_text_in_either_language(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    (tmp_path / "en" / "handoff.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: request_human\n  examples: |\n'
        "    - connect me to a live agent\n"
    )
    (tmp_path / "zh" / "handoff.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: request_human\n  examples: |\n    - 转人工\n',
        encoding="utf-8",
    )
    copy = Example("Connect me to a live agent pls!", "en", frozenset({"request"}))
    copy_zh = Example("转人工！！", "zh", frozenset({"request"}))
    fresh = Example("is there anybody real i can speak with", "en", frozenset({"request"}))
    ordinary = Example("how much is left on my loan", "en", frozenset())

    assert unseen([copy, copy_zh, fresh, ordinary], tmp_path) == [fresh, ordinary]
