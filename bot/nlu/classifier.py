"""Intent classifier: regularised logistic regression over normalised n-gram counts.

Rasa's LogisticRegressionClassifier fits raw counts with a fixed C, so a long message
weighs more than a short one and the regularisation cannot be tuned. Here counts are
damped (log1p) and each message's vector scaled to unit length before fitting, and C is a
setting. On folds of the training data (bench/nlu_tune.py) this beat DIET on these sparse
features in both languages, and it trains in seconds instead of minutes.

`weights` makes the decision cost-sensitive: missing a debtor in distress or with a
complaint costs far more than routing an ordinary message to a person, so those intents'
probabilities are scaled up before the ranking is renormalised.

Dense sentence features (bot/nlu/sentence_encoder.py), when the pipeline has them, are
scaled to unit length apart from the n-grams and weighted by `dense_weight`, so neither
block drowns the other whatever their sizes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.preprocessing import normalize


def reweight(
    probabilities: np.ndarray, labels: list[str], weights: Mapping[str, float]
) -> np.ndarray:
    """Scale the named labels' columns and renormalise each row to sum to 1."""
    scale = np.array([float(weights.get(label, 1.0)) for label in labels])
    scaled = probabilities * scale
    return scaled / scaled.sum(axis=-1, keepdims=True)


def combine(sparse: csr_matrix, dense: np.ndarray | None, dense_weight: float) -> csr_matrix:
    """One row per message: damped, unit-length n-gram counts, then the weighted dense block."""
    counts = csr_matrix(sparse, dtype=float)
    counts.data = np.log1p(np.abs(counts.data)) * np.sign(counts.data)
    counts = normalize(counts, norm="l2", copy=False)
    if dense is None:
        return counts
    block = normalize(np.asarray(dense, dtype=float), norm="l2") * dense_weight
    return csr_matrix(hstack([counts, csr_matrix(block)]))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "C": 100.0,
            "max_iter": 1000,
            "weights": {},
            "dense_weight": 1.0,
        }

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, execution_context.node_name, model_storage, resource)

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        # Index 1: the sentence-level features (0 is per token).
        sparse = vstack([csr_matrix(m.get_sparse_features(TEXT)[1].features) for m in messages])
        dense_rows = [m.get_dense_features(TEXT)[1] for m in messages]
        dense = (
            np.vstack([f.features for f in dense_rows])
            if all(f is not None for f in dense_rows)
            else None
        )
        return combine(sparse, dense, float(self.config["dense_weight"]))

    def process(self, messages: list[Message]) -> list[Message]:
        # "?", "..." or an emoji alone leave no token to count: no intent, confidence 0, so
        # the FallbackClassifier turns it into nlu_fallback instead of the model crashing.
        readable = []
        for message in messages:
            if message.get_sparse_features(TEXT)[1] is not None:
                readable.append(message)
            else:
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        if not readable:
            return messages
        labels = [str(label) for label in self.clf.classes_]
        probabilities = reweight(
            self.clf.predict_proba(self._create_X(readable)), labels, self.config["weights"]
        )
        limit = int(self.config["ranking_length"])
        for message, row in zip(readable, probabilities, strict=True):
            order = np.argsort(-row, kind="stable")
            ranking = [{"name": labels[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            shown = ranking[:limit] if limit > 0 else ranking
            message.set(INTENT_RANKING_KEY, shown, add_to_output=True)
        return messages
