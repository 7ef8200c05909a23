"""A vote of the nearest training examples, by sentence-vector similarity (pure arithmetic).

The logistic regression draws one straight boundary per intent through the whole space, so
a message that sits close to a handful of training examples of one intent, in a corner the
boundary cuts badly, is still read by the boundary. The few training messages nearest in
meaning (cosine similarity of the encoder's vectors) know that corner: each votes for its
intent with weight exp(similarity / temperature), so the nearest count most. The classifier
(bot/nlu/classifier.py) mixes that vote into its probabilities, except where the model alone
would hand the message to a person: neighbours that say otherwise must not take a person, or
crisis handling, from a message (missing them costs far more than a wrong label;
tests/nlu/README.md, "A seventeenth batch" and "An eighteenth batch").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Memory:
    """The training examples the vote draws on: their unit-length sentence vectors, one per
    row, and the column of each one's intent among the classifier's labels."""

    vectors: np.ndarray
    columns: np.ndarray

    @classmethod
    def build(cls, vectors: np.ndarray, intents: Sequence[str], labels: Sequence[str]) -> Memory:
        """Map each row's intent to its label column once, not on every message."""
        column = {label: i for i, label in enumerate(labels)}
        unknown = sorted({str(intent) for intent in intents} - column.keys())
        if unknown:
            raise ValueError(f"the memory holds intents the classifier has no label for: {unknown}")
        if len(intents) != len(vectors):
            raise ValueError(f"{len(vectors)} vectors but {len(intents)} intents")
        return cls(np.asarray(vectors), np.array([column[str(i)] for i in intents], dtype=int))


@dataclass(frozen=True)
class Setting:
    """How the vote is taken and mixed (the classifier's `neighbour_*` settings)."""

    k: int
    temperature: float
    balance: float
    weight: float
    # intent -> the confidence from which the model's own reading of it stands
    keep: Mapping[str, float] = field(default_factory=dict)


def vote(
    similarities: np.ndarray,
    memory_labels: np.ndarray,
    n_labels: int,
    k: int,
    temperature: float,
    balance: float = 0.0,
) -> np.ndarray:
    """Per row of `similarities` (queries × memory), a distribution over `n_labels` from the
    `k` most similar memory rows, each weighted by exp(similarity / temperature) and divided
    by (its label's number of memory rows) ** `balance`."""
    if k < 1 or temperature <= 0 or balance < 0:
        raise ValueError(
            f"k must be ≥ 1, temperature > 0 and balance ≥ 0 (got {k}, {temperature}, {balance})"
        )
    sims = np.atleast_2d(np.asarray(similarities, dtype=float))
    k = min(k, sims.shape[1])
    nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    near_sims = np.take_along_axis(sims, nearest, axis=1)
    # Subtracting each row's best similarity keeps exp() finite; the ratios are unchanged.
    strength = np.exp((near_sims - near_sims.max(axis=1, keepdims=True)) / temperature)
    # An intent with four times the examples turns up among the nearest more often by count
    # alone; balance 0.5 halves each of its votes (tests/nlu/README.md, "A nineteenth batch").
    counts = np.bincount(memory_labels, minlength=n_labels).astype(float)
    strength /= counts[memory_labels[nearest]] ** balance
    out = np.zeros((sims.shape[0], n_labels))
    rows = np.repeat(np.arange(sims.shape[0]), k)
    np.add.at(out, (rows, memory_labels[nearest].ravel()), strength.ravel())
    return out / out.sum(axis=1, keepdims=True)


def mix(
    probabilities: np.ndarray,
    votes: np.ndarray,
    weight: float,
    standing: np.ndarray | None = None,
) -> np.ndarray:
    """(1 − weight) × the model's probabilities + weight × the neighbours' vote, except in
    the rows `standing` marks (a boolean per row), which keep the model's probabilities."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"the neighbours' weight must be within [0, 1] (got {weight})")
    mixed = (1.0 - weight) * probabilities + weight * votes
    if standing is not None:
        mixed[standing] = probabilities[standing]
    return mixed


def standing(
    weighted: np.ndarray, labels: Sequence[str], floors: Mapping[str, float]
) -> np.ndarray:
    """Per row of the model's (cost-weighted) probabilities: True where its top label has a
    floor in `floors` and reaches it, so that the model's reading stands."""
    top = weighted.argmax(axis=1)
    confidence = weighted.max(axis=1)
    needed = np.array([floors.get(labels[i], np.inf) for i in top], dtype=float)
    return confidence >= needed


def with_vote(
    probabilities: np.ndarray,
    weighted: np.ndarray,
    queries: np.ndarray,
    memory: Memory,
    labels: Sequence[str],
    setting: Setting,
) -> np.ndarray:
    """The model's `probabilities` (rows of messages, columns `labels`) mixed with the vote of
    the memory rows nearest to each of `queries` (their unit-length sentence vectors), except
    where the model's cost-`weighted` reading stands by `setting.keep`. The classifier and
    bench/vote_screen.py both take the vote through here."""
    votes = vote(
        queries @ memory.vectors.T,
        memory.columns,
        len(labels),
        setting.k,
        setting.temperature,
        setting.balance,
    )
    kept = standing(weighted, labels, setting.keep)
    return mix(probabilities, votes, setting.weight, kept)
