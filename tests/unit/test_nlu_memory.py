"""The classifier's memory for the neighbours' vote: indexed once, persisted with the model,
and a trained model without it refuses to load rather than serve without the vote."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from bot.nlu.classifier import MEMORY_FILE, LinearIntentClassifier
from bot.nlu.neighbours import Memory, Setting, with_vote

LABELS = ["complain", "faq_rights", "make_payment"]


def test_the_memory_maps_intents_to_the_classifiers_columns() -> None:
    memory = Memory.build(np.eye(3), ["make_payment", "complain", "make_payment"], LABELS)
    assert memory.columns.tolist() == [2, 0, 2]


def test_a_memory_intent_the_classifier_does_not_know_is_refused() -> None:
    with pytest.raises(ValueError, match="opt_out"):
        Memory.build(np.eye(2), ["complain", "opt_out"], LABELS)
    with pytest.raises(ValueError, match="3 vectors but 2 intents"):
        Memory.build(np.eye(3), ["complain", "complain"], LABELS)


def test_with_vote_moves_an_unsure_row_and_leaves_a_standing_one() -> None:
    memory = Memory.build(
        np.array([[1.0, 0.0], [0.0, 1.0]]), ["make_payment", "faq_rights"], LABELS
    )
    setting = Setting(k=1, temperature=0.05, balance=0.0, weight=0.4, keep={"complain": 0.6})
    model = np.array([[0.1, 0.45, 0.45], [0.7, 0.1, 0.2]])
    out = with_vote(model, model, np.array([[0.0, 1.0], [0.0, 1.0]]), memory, LABELS, setting)
    # Row 0: its one nearest example is faq_rights, which takes 0.4 of the row.
    assert out[0] == pytest.approx([0.06, 0.6 * 0.45 + 0.4, 0.6 * 0.45])
    # Row 1: complain at 0.7 is above its floor, so the model's reading stands.
    assert out[1] == pytest.approx(model[1])


def message(text: str, intent: str, sparse: list[float], dense: list[float]) -> Message:
    m = Message({TEXT: text, INTENT: intent})
    m.add_features(Features(csr_matrix([sparse]), FEATURE_TYPE_SENTENCE, TEXT, "counts"))
    m.add_features(Features(np.array([dense]), FEATURE_TYPE_SENTENCE, TEXT, "encoder"))
    return m


CONFIG = {
    **LinearIntentClassifier.get_default_config(),
    "neighbours": 1,
    "neighbour_weight": 0.4,
}


def trained(tmp_path: Path) -> tuple[LocalModelStorage, Resource, ExecutionContext]:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    context = ExecutionContext(GraphSchema({}), node_name="classifier")
    classifier = LinearIntentClassifier.create(CONFIG, storage, resource, context)
    data = [
        message("pay", "make_payment", [1.0, 0.0], [1.0, 0.0]),
        message("pay now", "make_payment", [1.0, 0.2], [0.9, 0.1]),
        message("rude", "complain", [0.0, 1.0], [0.0, 1.0]),
        message("so rude", "complain", [0.2, 1.0], [0.1, 0.9]),
    ]
    classifier.train(TrainingData(data))
    return storage, resource, context


def test_a_loaded_model_votes_with_its_memory(tmp_path: Path) -> None:
    storage, resource, context = trained(tmp_path)
    loaded = LinearIntentClassifier.load(CONFIG, storage, resource, context)
    (parsed,) = loaded.process([message("rude?", "", [0.0, 1.0], [0.0, 1.0])])
    assert parsed.get(INTENT)["name"] == "complain"
    # The model alone is unsure on two examples; the nearest example's vote adds 0.4.
    assert parsed.get(INTENT)["confidence"] > 0.4


def test_a_trained_model_without_its_memory_refuses_to_load(tmp_path: Path) -> None:
    storage, resource, context = trained(tmp_path)
    with storage.read_from(resource) as model_dir:
        (model_dir / MEMORY_FILE).unlink()
    with pytest.raises(FileNotFoundError, match="retrain"):
        LinearIntentClassifier.load(CONFIG, storage, resource, context)
