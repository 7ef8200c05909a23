"""The model the stack serves carries what config.yml asks of it.

The classifier loads the nearest training examples' vectors from beside the model
(bot/nlu/classifier.py, `neighbours.npz`); without them it would quietly serve the model
alone, and no conversation would show the difference.
"""

from __future__ import annotations

import io
import tarfile

import numpy as np
import yaml

from bot.config import ROOT
from bot.nlu.classifier import MEMORY_FILE
from bot.training import model_path
from tests.conftest import Stack


def test_the_served_model_keeps_the_vote_memory(stack: Stack) -> None:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    classifier = next(c for c in pipeline if c["name"].endswith("LinearIntentClassifier"))
    assert int(classifier.get("neighbours", 0)) > 0, "config.yml has no vote: nothing to check"
    archive = model_path(ROOT / "models")  # the model `bot up` served to the stack
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/" + MEMORY_FILE))
        raw = tar.extractfile(member)
        assert raw is not None
        with np.load(io.BytesIO(raw.read()), allow_pickle=False) as saved:
            vectors, intents = saved["vectors"], saved["intents"]
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert vectors.shape == (len(intents), 384)
    assert len(intents) > 5000  # both languages' training examples
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert set(intents.tolist()) <= set(domain["intents"])
