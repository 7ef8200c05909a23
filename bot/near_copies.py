"""Near copies between NLU texts: normalisation, difflib similarity and a fast index.

One definition for every check that two messages are "the same" — the data guards in
tests/unit/test_nlu_data.py and the benchmarks that must not credit a model for messages it
was trained on (bench/signals_eval.py --unseen).
"""

from __future__ import annotations

import bisect
import difflib
import functools
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

NEAR_COPY_RATIO = 0.9  # benchmark or held-out text vs training text
_BAG_BUCKETS = 64


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    source: str  # path relative to the repo, or "eval #<index>" for benchmark rows

    @functools.cached_property
    def norm(self) -> str:
        return normalise(self.text)


def normalise(text: str) -> str:
    """Lower-case, drop punctuation and symbols, collapse whitespace (NFKC for full-width)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PS")
    return " ".join(kept.split())


def _length_window(n: int, threshold: float) -> tuple[int, int]:
    """Lengths a string may have and still reach ``ratio >= threshold`` against length ``n``.

    SequenceMatcher.ratio() <= 2 * min(a, b) / (a + b), so min/max must be >= t / (2 - t).
    """
    eps = 1e-9  # keep boundary lengths despite float rounding
    lo = math.ceil(n * threshold / (2 - threshold) - eps)
    return lo, math.floor(n * (2 - threshold) / threshold + eps)


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1]: difflib ratio, taken in both directions (it is not symmetric)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return max(
        difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(),
        difflib.SequenceMatcher(None, b, a, autojunk=False).ratio(),
    )


def is_near_copy(a: str, b: str, threshold: float = NEAR_COPY_RATIO) -> bool:
    """True when the normalised texts are equal or difflib ratio >= threshold."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return na == nb
    lo, hi = _length_window(len(na), threshold)
    return lo <= len(nb) <= hi and similarity(na, nb) >= threshold


def _char_bag(text: str) -> np.ndarray:
    """Character counts folded into a few buckets (folding can only over-count matches)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) % _BAG_BUCKETS
    return np.bincount(codes, minlength=_BAG_BUCKETS).astype(np.int32)


class NearIndex:
    """Finds texts whose normalised form is a (near) copy of a query, quickly.

    Candidates are narrowed by length (ratio <= 2*min/(a+b)) and by a bucketed character-bag
    overlap (an upper bound on difflib's matching characters, like ``quick_ratio``) before
    the exact ``SequenceMatcher.ratio()`` runs, so no true match is ever skipped.
    """

    def __init__(self, examples: Iterable[Example]) -> None:
        self.items = sorted((ex for ex in examples if ex.norm), key=lambda ex: len(ex.norm))
        self.lengths = [len(ex.norm) for ex in self.items]
        self.length_array = np.array(self.lengths, dtype=np.int64)
        self.bags = (
            np.stack([_char_bag(ex.norm) for ex in self.items])
            if self.items
            else np.zeros((0, _BAG_BUCKETS), dtype=np.int32)
        )
        self.exact: dict[str, list[Example]] = defaultdict(list)
        for ex in self.items:
            self.exact[ex.norm].append(ex)

    def find(self, query: str, threshold: float) -> Iterator[tuple[Example, float]]:
        """Yield (indexed example, ratio) for every indexed text with ratio >= threshold."""
        if not query:
            return
        for ex in self.exact.get(query, ()):
            yield ex, 1.0
        lo, hi = _length_window(len(query), threshold)
        start, stop = bisect.bisect_left(self.lengths, lo), bisect.bisect_right(self.lengths, hi)
        if start >= stop:
            return
        overlap = np.minimum(self.bags[start:stop], _char_bag(query)).sum(axis=1)
        total = self.length_array[start:stop] + len(query)
        candidates = np.nonzero(2 * overlap + 1e-9 >= threshold * total)[0]
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(query)  # seq2 is the cached side
        for offset in candidates:
            ex = self.items[start + int(offset)]
            if ex.norm == query:
                continue
            matcher.set_seq1(ex.norm)
            ratio = matcher.ratio()
            if ratio < threshold:  # difflib's ratio is not symmetric; take the larger
                ratio = max(ratio, similarity(query, ex.norm))
            if ratio >= threshold:
                yield ex, ratio
