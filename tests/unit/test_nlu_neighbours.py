"""The nearest training examples' vote and its mix with the model (pure arithmetic)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.nlu.neighbours import mix, standing, vote

# Five memory rows: labels 0, 0, 1, 2, 1.
LABELS = np.array([0, 0, 1, 2, 1])


def test_only_the_k_nearest_vote() -> None:
    sims = np.array([[0.9, 0.1, 0.8, 0.2, 0.0]])
    out = vote(sims, LABELS, 3, k=2, temperature=1.0)
    # Rows 0 (label 0) and 2 (label 1) are the two nearest; label 2 gets nothing.
    assert out[0, 2] == 0.0
    assert np.isclose(out[0, 0] / out[0, 1], np.exp(0.9 - 0.8))


def test_a_low_temperature_is_nearly_the_nearest_label() -> None:
    sims = np.array([[0.70, 0.60, 0.90, 0.65, 0.1]])
    out = vote(sims, LABELS, 3, k=4, temperature=0.01)
    assert int(out[0].argmax()) == 1
    assert out[0, 1] > 0.99


def test_many_near_votes_outweigh_one_nearest_at_a_high_temperature() -> None:
    sims = np.array([[0.80, 0.79, 0.81, 0.0, 0.0]])  # two label-0 rows, one label-1 row nearest
    assert int(vote(sims, LABELS, 3, k=3, temperature=10.0)[0].argmax()) == 0
    assert int(vote(sims, LABELS, 3, k=3, temperature=0.001)[0].argmax()) == 1


def test_k_larger_than_the_memory_uses_all_of_it() -> None:
    out = vote(np.zeros((1, 5)), LABELS, 3, k=50, temperature=1.0)
    assert np.allclose(out, [[0.4, 0.4, 0.2]])


def test_balance_one_gives_every_label_the_same_say_by_count() -> None:
    # All five rows vote equally; labels 0 and 1 have two rows each, label 2 one.
    out = vote(np.zeros((1, 5)), LABELS, 3, k=50, temperature=1.0, balance=1.0)
    assert np.allclose(out, [[1 / 3, 1 / 3, 1 / 3]])


def test_balance_half_divides_a_vote_by_the_square_root_of_its_label_count() -> None:
    labels = np.array([0, 0, 0, 0, 1])  # label 0 has four rows
    sims = np.array([[0.5, 0.0, 0.0, 0.0, 0.5]])  # one row of each label is nearest
    out = vote(sims, labels, 2, k=2, temperature=1.0, balance=0.5)
    assert np.isclose(out[0, 1] / out[0, 0], 2.0)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        vote(np.zeros((1, 5)), LABELS, 3, k=0, temperature=1.0)
    with pytest.raises(ValueError):
        vote(np.zeros((1, 5)), LABELS, 3, k=2, temperature=0.0)
    with pytest.raises(ValueError):
        vote(np.zeros((1, 5)), LABELS, 3, k=2, temperature=1.0, balance=-0.5)
    with pytest.raises(ValueError):
        mix(np.ones((1, 3)) / 3, np.ones((1, 3)) / 3, 1.5)


@given(
    st.lists(st.floats(-1.0, 1.0), min_size=5, max_size=5),
    st.integers(1, 6),
    st.floats(0.01, 5.0),
    st.floats(0.0, 1.0),
)
def test_votes_and_mixes_are_distributions(
    sims: list[float], k: int, temperature: float, weight: float
) -> None:
    votes = vote(np.array([sims]), LABELS, 3, k=k, temperature=temperature)
    assert np.isclose(votes.sum(), 1.0) and (votes >= 0).all()
    model = np.array([[0.5, 0.3, 0.2]])
    mixed = mix(model, votes, weight)
    assert np.isclose(mixed.sum(), 1.0) and (mixed >= 0).all()
    # The mix lies between the two for every label.
    assert (mixed >= np.minimum(model, votes) - 1e-12).all()
    assert (mixed <= np.maximum(model, votes) + 1e-12).all()


def test_weight_zero_is_the_model_and_one_is_the_vote() -> None:
    model = np.array([[0.5, 0.3, 0.2]])
    votes = np.array([[0.0, 1.0, 0.0]])
    assert np.allclose(mix(model, votes, 0.0), model)
    assert np.allclose(mix(model, votes, 1.0), votes)


def test_standing_rows_keep_the_models_reading() -> None:
    model = np.array([[0.7, 0.2, 0.1], [0.7, 0.2, 0.1]])
    votes = np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    mixed = mix(model, votes, 0.5, standing=np.array([True, False]))
    assert np.allclose(mixed[0], model[0])
    assert np.allclose(mixed[1], [0.35, 0.6, 0.05])


def test_a_handoff_reading_stands_from_its_floor() -> None:
    labels = ["check_balance", "complain", "express_crisis"]
    floors = {"complain": 0.6, "express_crisis": 0.0}
    weighted = np.array(
        [
            [0.2, 0.7, 0.1],  # complain above its floor: stands
            [0.35, 0.55, 0.1],  # complain under it: the vote may move it
            [0.4, 0.25, 0.35],  # check_balance on top: no floor, never stands
            [0.3, 0.3, 0.4],  # crisis on top at any confidence: stands
        ]
    )
    assert standing(weighted, labels, floors).tolist() == [True, False, False, True]
    assert not standing(weighted, labels, {}).any()
