"""The sentence-encoder featurizer on real messages (the packaged encoder, no Rasa model)."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.sentence_encoder import SentenceEncoderFeaturizer


@pytest.fixture(scope="module")
def featurizer() -> SentenceEncoderFeaturizer:
    config = {**SentenceEncoderFeaturizer.get_default_config(), "alias": "sentence_encoder"}
    return SentenceEncoderFeaturizer(config, "sentence_encoder")


def test_each_text_gets_one_unit_sentence_vector(featurizer: SentenceEncoderFeaturizer) -> None:
    messages = [Message({TEXT: "how much do i owe"}), Message({TEXT: "我还欠多少钱"})]
    featurizer.process(messages)
    for message in messages:
        sequence, sentence = message.get_dense_features(TEXT)
        assert sequence is None
        assert sentence is not None and sentence.features.shape == (1, 384)
        assert np.isclose(np.linalg.norm(sentence.features), 1.0, atol=1e-3)


def test_messages_without_text_are_left_alone(featurizer: SentenceEncoderFeaturizer) -> None:
    # Rasa passes intent-only messages through the featurizers when it trains the dialogue.
    message = Message({INTENT: "greet"})
    featurizer.process([message])
    assert message.get_dense_features(TEXT) == (None, None)


def test_meaning_is_shared_across_the_two_languages(
    featurizer: SentenceEncoderFeaturizer,
) -> None:
    # What the n-grams cannot do: the same request in English and Chinese lands closer
    # than two different requests in the same language.
    balance_en, balance_zh, human_en = featurizer.encode(
        ["how much do i still owe you", "我还欠你们多少钱", "let me talk to a real person"]
    )
    assert balance_en @ balance_zh > balance_en @ human_en
