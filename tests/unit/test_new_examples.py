"""bench/new_examples.py: what is dropped from a writer's file before it is kept."""

from __future__ import annotations

from pathlib import Path

from bench.new_examples import screen, write, writer_examples
from bench.nlu_eval import examples


def _nlu(path: Path, intent: str, texts: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(f"    - {t}\n" for t in texts)
    path.write_text(f'version: "3.1"\nnlu:\n- intent: {intent}\n  examples: |\n{lines}')


def _repo(root: Path) -> Path:
    """A repository with one text of each kind a candidate may copy; returns the eval dir."""
    _nlu(root / "data/nlu/en/handoff.yml", "request_human", ["let me talk to a real person"])
    _nlu(root / "data/nlu/zh/faq.yml", "bot_challenge", ["are you a bot"])  # English in zh data
    _nlu(root / "tests/nlu/heldout_en.yml", "complain", ["your collector was so rude to my mum"])
    (root / "tests/data").mkdir(parents=True)
    (root / "tests/data/signals_x.yml").write_text(
        '- {text: "i cant sleep because of this debt", lang: en, kinds: [distress]}\n'
    )
    _nlu(root / "eval/public_intents.yml", "check_balance", ["what is my bank balance"])
    return root / "eval"


CANDIDATES = [
    ("let me talk to a real person!!", "request_human"),  # copy of training data
    ("Are you a bot??", "bot_challenge"),  # copy of the other language's training data
    ("what's my bank balance", "check_balance"),  # copy of the benchmark
    ("i cant sleep cause of this debt", "express_distress"),  # copy of a screening set
    ("the collector was really rude to my mum", "complain"),  # close to held-out: 0.8
    ("the fees doubled in a month and nobody explains why", "complain"),  # new
    ("the fees doubled in a month and nobody explains why!", "complain"),  # repeat
]


def test_new_training_data_drops_copies_and_what_is_close_to_held_out(tmp_path: Path) -> None:
    eval_dir = _repo(tmp_path)

    kept, dropped = screen(CANDIDATES, "training", set(), tmp_path, eval_dir)

    assert kept == [CANDIDATES[5]]
    assert dropped == {
        "near copy of training data": 2,
        "near copy of the benchmark": 1,
        "near copy of a screening set": 1,
        "within 0.75 of held-out": 1,
        "repeat within the file": 1,
    }


def test_a_heldout_batch_is_only_compared_with_training_data_and_held_out(tmp_path: Path) -> None:
    eval_dir = _repo(tmp_path)

    kept, dropped = screen(CANDIDATES, "heldout", set(), tmp_path, eval_dir)

    # Benchmark and screening-set look-alikes may be held out; close-but-not-near is fine.
    assert kept == CANDIDATES[2:6]
    assert dropped == {"near copy of training data": 2, "repeat within the file": 1}


def test_unsure_messages_are_counted_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "writer.yml"
    path.write_text(
        "nlu:\n- intent: deny\n  examples: |\n    - nah\n    - not now\n"
        "  unsure: |\n    - maybe later\n- intent: thank\n  examples: |\n    - ta\n"
    )

    assert writer_examples(path) == ([("nah", "deny"), ("not now", "deny"), ("ta", "thank")], 1)


def test_written_file_reads_back_by_intent(tmp_path: Path) -> None:
    out = tmp_path / "kept.yml"
    kept = [("nah: not me", "deny"), ("hi", "greet"), ("# no", "deny")]

    write(out, "two lines\nof header", kept)

    assert examples(out) == [("nah: not me", "deny"), ("# no", "deny"), ("hi", "greet")]
    assert out.read_text().splitlines()[1:3] == ["# two lines", "# of header"]


def test_a_file_with_nothing_kept_is_written_and_reads_back_empty(tmp_path: Path) -> None:
    # Rerunning on a writer's files once their output exists drops everything as copies.
    out = tmp_path / "kept.yml"

    write(out, "", [])

    assert examples(out) == []
