"""Train the Rasa model only when its inputs changed (content hash of config, domain, data)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

from bot.config import ROOT

# Everything that changes what the model learns; custom NLU components count too.
INPUTS = ("config.yml", "domain.yml", "data", "bot/nlu")
KEEP_MODELS = 3


def inputs_hash(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".pyc":
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(models_dir: Path, root: Path = ROOT) -> Path:
    return models_dir / f"settle-{inputs_hash(root)}.tar.gz"


def ensure_model(models_dir: Path, force: bool = False, root: Path = ROOT) -> Path:
    """The model for the current inputs, training it first if needed."""
    target = model_path(models_dir, root)
    if target.exists() and not force:
        print(f"model up to date: {target.name}")
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    print(f"training {target.name} (inputs changed or --force) …", flush=True)
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "--config",
            str(root / "config.yml"),
            "--domain",
            str(root / "domain.yml"),
            "--data",
            str(root / "data"),
            "--out",
            str(models_dir),
            "--fixed-model-name",
            target.name.removesuffix(".tar.gz"),
        ],
        cwd=root,
        check=True,
    )
    print(f"trained {target.name} in {time.monotonic() - started:.0f} s", flush=True)
    _prune(models_dir, keep=target)
    return target


def _prune(models_dir: Path, keep: Path) -> None:
    """Keeps the newest few models so switching branches back and forth stays cheap."""
    models = sorted(models_dir.glob("settle-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in models[:-KEEP_MODELS]:
        if old != keep:
            old.unlink()
