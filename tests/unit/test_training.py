"""The model cache key: it must change with what the model learns, and only with that."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import yaml

from bot.config import ROOT
from bot.training import INPUTS, inputs_hash


def _copy_inputs(dest: Path) -> None:
    for name in INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)


def test_hash_follows_training_data_and_ignores_everything_else(tmp_path: Path) -> None:
    _copy_inputs(tmp_path)
    before = inputs_hash(tmp_path)
    (tmp_path / "README.md").write_text("not a model input\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "heldout_en.yml").write_text("nlu: []\n")
    assert inputs_hash(tmp_path) == before
    nlu_file = next((tmp_path / "data").rglob("*.yml"))
    nlu_file.write_text(nlu_file.read_text() + "\n# edited\n")
    assert inputs_hash(tmp_path) != before


def _nlu_imports(module: str) -> set[str]:
    """The bot.nlu modules that `module` (one of bot.nlu's) imports."""
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.nlu":
            found |= {f"bot.nlu.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot.nlu."):
            found.add(str(node.module))
    return found


def test_every_module_in_bot_nlu_is_a_pipeline_component() -> None:
    """bot/nlu is hashed into the model's name: a helper module there would force a
    retrain (and a new model name) whenever it changes, though the model never loads it.
    A module a component imports is loaded with it, so it belongs there."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    components = {
        step["name"].rsplit(".", 1)[0] for step in pipeline if step["name"].startswith("bot.")
    }
    loaded = components.union(*(_nlu_imports(module) for module in components))
    modules = {
        f"bot.nlu.{path.stem}"
        for path in (ROOT / "bot" / "nlu").glob("*.py")
        if path.stem != "__init__"
    }
    assert modules - loaded == set(), "move these out of bot/nlu (they are not model inputs)"
    assert loaded, "config.yml names no custom component: the test above checks nothing"
