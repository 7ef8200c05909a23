"""The intent classifier's cost-sensitive reweighting and feature scaling (pure arithmetic,
no model), and the screening's agreement with the NLU's fallback threshold."""

from __future__ import annotations

import numpy as np
import yaml
from hypothesis import given
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from bot.config import ROOT
from bot.nlu.classifier import combine, reweight
from bot.signals.history import LOW_CONFIDENCE

LABELS = ["check_balance", "complain", "express_distress"]


def test_no_weights_changes_nothing() -> None:
    probabilities = np.array([[0.5, 0.3, 0.2]])
    assert np.allclose(reweight(probabilities, LABELS, {}), probabilities)


def test_a_weighted_intent_can_overtake_the_top_one() -> None:
    # 0.3 * 2 = 0.6 > 0.5: the complaint wins once a miss is judged twice as costly.
    out = reweight(np.array([[0.5, 0.3, 0.2]]), LABELS, {"complain": 2.0})
    assert LABELS[int(out[0].argmax())] == "complain"
    assert np.isclose(out[0][1], 0.6 / 1.3)


def test_a_weighted_intent_far_behind_stays_behind() -> None:
    out = reweight(np.array([[0.9, 0.05, 0.05]]), LABELS, {"complain": 2.0})
    assert LABELS[int(out[0].argmax())] == "check_balance"


@given(
    st.lists(st.floats(0.001, 1.0), min_size=3, max_size=3),
    st.floats(1.0, 5.0),
)
def test_rows_stay_distributions_and_unweighted_order_is_kept(
    raw: list[float], weight: float
) -> None:
    row = np.array([raw]) / sum(raw)
    out = reweight(row, LABELS, {"express_distress": weight})
    assert np.isclose(out.sum(), 1.0)
    assert (out >= 0).all()
    # Reweighting one label never reorders the others among themselves.
    assert (out[0][0] >= out[0][1]) == (row[0][0] >= row[0][1])
    assert out[0][2] >= row[0][2] - 1e-12


def test_screening_counts_as_misunderstood_what_the_nlu_falls_back_on() -> None:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    fallback = next(c for c in pipeline if c["name"] == "FallbackClassifier")
    assert fallback["threshold"] == LOW_CONFIDENCE


def test_combine_scales_counts_and_dense_block_apart() -> None:
    # A long message (big counts) and a short one end up the same length; the dense block
    # counts for exactly dense_weight of each row whatever the counts were.
    sparse = csr_matrix(np.array([[40.0, 0.0, 9.0], [1.0, 1.0, 0.0]]))
    dense = np.array([[3.0, 4.0], [0.0, 0.5]])
    rows = combine(sparse, dense, 0.5).toarray()
    assert rows.shape == (2, 5)
    assert np.allclose(np.linalg.norm(rows[:, :3], axis=1), 1.0)
    assert np.allclose(np.linalg.norm(rows[:, 3:], axis=1), 0.5)
    assert np.allclose(rows[0, 3:], [0.3, 0.4])
    # Counts are damped: 40 and 9 stand in the ratio log(41) : log(10), not 40 : 9.
    assert np.isclose(rows[0, 0] / rows[0, 2], np.log1p(40) / np.log1p(9))


def test_combine_without_dense_features_is_the_counts_alone() -> None:
    sparse = csr_matrix(np.array([[2.0, 0.0, 2.0]]))
    assert np.allclose(combine(sparse, None, 1.0).toarray(), [[2**-0.5, 0.0, 2**-0.5]])
