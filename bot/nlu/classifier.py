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

With `neighbours` above 0, the classifier also keeps the training examples' sentence vectors
and mixes a vote of the `neighbours` nearest of them into its probabilities with weight
`neighbour_weight` (bot/nlu/neighbours.py), before the cost weights.
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
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.preprocessing import normalize

from bot.nlu import neighbours

MEMORY_FILE = "neighbours.npz"  # the training examples' vectors and intents, beside the model


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
            "neighbours": 0,
            "neighbour_weight": 0.0,
            "neighbour_temperature": 0.05,
            "neighbour_balance": 0.0,
            "neighbour_keep": {},
            "neighbour_keep_weights": None,
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
        # The training examples' unit-length vectors, one per row, and their intents, as
        # persisted; and the same with the intents as label columns, as the vote reads them.
        self._memory: tuple[np.ndarray, np.ndarray] | None = None
        self._vote_memory: neighbours.Memory | None = None
        # How the vote is taken, read from the config once rather than on every message.
        self._vote_setting = neighbours.Setting(
            k=int(self.config["neighbours"]),
            temperature=float(self.config["neighbour_temperature"]),
            balance=float(self.config["neighbour_balance"]),
            weight=float(self.config["neighbour_weight"]),
            keep=dict(self.config["neighbour_keep"]),
        )
        # The cost weights applied to every reading, and those under which the model's own
        # handoff readings stand against the vote. bench/nlu_tune.py clears `weights` to
        # sweep them afterwards; it passes the served ones as `neighbour_keep_weights`, so
        # the folds judge the rule that would run.
        self._weights: dict[str, float] = dict(self.config["weights"])
        self._served_weights: dict[str, float] = dict(
            self.config.get("neighbour_keep_weights") or self.config["weights"]
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, execution_context.node_name, model_storage, resource)

    @staticmethod
    def _dense(messages: list[Message]) -> np.ndarray | None:
        """The messages' sentence vectors, one row each, or None if any message has none."""
        # Index 1: the sentence-level features (0 is per token).
        rows = [m.get_dense_features(TEXT)[1] for m in messages]
        if not rows or any(f is None for f in rows):
            return None
        return np.vstack([f.features for f in rows if f is not None])

    @classmethod
    def _vectors(cls, messages: list[Message]) -> np.ndarray | None:
        """The sentence vectors at unit length (float32), as the neighbours' vote compares them."""
        dense = cls._dense(messages)
        return None if dense is None else normalize(dense.astype(np.float32), norm="l2")

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        sparse = vstack([csr_matrix(m.get_sparse_features(TEXT)[1].features) for m in messages])
        return combine(sparse, self._dense(messages), float(self.config["dense_weight"]))

    def _uses_neighbours(self) -> bool:
        return int(self.config["neighbours"]) > 0 and float(self.config["neighbour_weight"]) > 0

    def train(self, training_data: TrainingData) -> Resource:
        # The same examples the logistic regression is fitted on (Rasa's selection).
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        vectors = self._vectors(examples) if self._uses_neighbours() else None
        if vectors is not None:
            self._memory = (vectors, np.array([str(e.get(INTENT)) for e in examples]))
        resource = super().train(training_data)
        self._remember()
        return resource

    def _remember(self) -> None:
        """Index the memory by the fitted model's label columns, once."""
        if self._memory is not None and hasattr(self.clf, "classes_"):
            vectors, intents = self._memory
            labels = [str(label) for label in self.clf.classes_]
            self._vote_memory = neighbours.Memory.build(vectors, list(intents), labels)

    def persist(self) -> None:
        super().persist()
        if self._memory is not None:
            with self._model_storage.write_to(self._resource) as model_dir:
                vectors, intents = self._memory
                np.savez_compressed(model_dir / MEMORY_FILE, vectors=vectors, intents=intents)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        assert isinstance(component, LinearIntentClassifier)
        # Rasa hands back an untrained component when the model has none; only a trained one
        # must carry its memory.
        if component._uses_neighbours() and hasattr(component.clf, "classes_"):
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / MEMORY_FILE
                if not path.exists():
                    # Serving without the vote would quietly read messages differently from
                    # the model that was measured.
                    raise FileNotFoundError(
                        f"{MEMORY_FILE} is missing from the trained classifier {resource.name}, "
                        "but its config takes the neighbours' vote: retrain the model"
                    )
                with np.load(path, allow_pickle=False) as saved:
                    component._memory = (saved["vectors"], saved["intents"])
            component._remember()
        return component

    def _with_neighbours(
        self, probabilities: np.ndarray, messages: list[Message], labels: list[str]
    ) -> np.ndarray:
        """The probabilities mixed with the nearest training examples' vote, if configured."""
        vectors = self._vectors(messages)
        if self._vote_memory is None or vectors is None:
            return probabilities
        # Where the model, with its cost weights, would hand the message to a person by its
        # intent alone, its reading stands (`neighbour_keep`: intent -> confidence floor).
        weighted = reweight(probabilities, labels, self._served_weights)
        return neighbours.with_vote(
            probabilities, weighted, vectors, self._vote_memory, labels, self._vote_setting
        )

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
        model = self.clf.predict_proba(self._create_X(readable))
        probabilities = reweight(
            self._with_neighbours(model, readable, labels), labels, self._weights
        )
        limit = int(self.config["ranking_length"])
        for message, row in zip(readable, probabilities, strict=True):
            order = np.argsort(-row, kind="stable")
            ranking = [{"name": labels[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            shown = ranking[:limit] if limit > 0 else ranking
            message.set(INTENT_RANKING_KEY, shown, add_to_output=True)
        return messages
