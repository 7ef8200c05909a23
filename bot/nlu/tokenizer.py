"""A tokenizer for English and Simplified Chinese in one model.

Jieba segments Chinese; on Latin text it yields words but also the spaces and
punctuation between them, which would become features. We drop those and lower-case,
so "How much do I OWE?" and "how much do i owe" featurize alike.
"""

from __future__ import annotations

import unicodedata

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message


def _is_noise(text: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch).startswith("P") for ch in text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class MixedTokenizer(JiebaTokenizer):
    @staticmethod
    def supported_languages() -> list[str] | None:
        return None  # any: Chinese segments, other scripts split on spaces

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        return [
            Token(t.text.lower(), t.start, t.end, lemma=t.text.lower())
            for t in tokens
            if not _is_noise(t.text)
        ]
