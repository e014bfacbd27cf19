"""How stable is a selection? Re-score under random weight perturbations and watch the ranks.

Definition (docs/metrics.md, "Ranking stability"): in each of ``draws`` draws every active
weight is multiplied by its own factor drawn uniformly from ``[1 - spread, 1 + spread]``
(seeded, so the same seed gives the same result), the accounts are re-scored with those
weights (same normalised values, same missing policy) and ranked (score descending, ties by
account_id). Per account: the best, worst and median rank over the draws, and the share of
draws in which it ranks within the top N. Its top-N membership is **fragile** when that share
lies in the band [0.1, 0.9]: at least one draw in ten puts it on the other side of the line.

For speed the draws are scored in float32 (scores agree to about 1e-5 points; closer scores
count as tied and go to the lower account_id) and ranked by sorting one 64-bit key per account
(the score's order-preserving bits, then the account's position), a few milliseconds per draw
for 200,000 accounts; chunks of draws run on parallel threads.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from kapanalytics.errors import ConfigurationError
from kapanalytics.scoring import Scorer, SelectionConfig

FRAGILE_BAND = (0.1, 0.9)
"""Top-N membership is fragile when the stay probability lies in this closed band."""

DRAWS_PER_CHUNK = 8
"""Draws one sorting thread takes at a time."""
SCORE_BLOCK = 64
"""Draws scored by one matrix product (bounds the divisor's temporary matrix)."""
ACCOUNTS_PER_BLOCK = 1024
# which uint32 of a uint64 holds its low half
_LOW_WORD = 0 if sys.byteorder == "little" else 1
_WORKERS = max(1, min(4, os.cpu_count() or 1))


def stability(
    normalised: pd.DataFrame | Scorer,
    config: SelectionConfig,
    *,
    draws: int = 500,
    spread: float = 0.2,
    seed: int = 0,
    top_n: int | None = None,
    fragile_band: tuple[float, float] = FRAGILE_BAND,
) -> pd.DataFrame:
    """Rank ranges and top-N stay probabilities under weight perturbations.

    Input: the normalised criteria (:func:`kapanalytics.scoring.normalise_criteria`) or a
    :class:`Scorer` built from them; the configuration whose weights are perturbed; ``top_n``
    (default: the configuration's first top-N cut-off, or under score thresholds the number of
    accounts in the first class). Output, sorted by base rank: account_id, score, base_rank
    (unperturbed), best_rank, worst_rank, median_rank (for an even number of draws the mean of
    the two middle ranks), top_n_probability (share of draws ranking it <= top_n), fragile
    (top_n_probability within ``fragile_band``). Accounts without a score rank last in every
    draw.
    """
    if not isinstance(draws, int) or isinstance(draws, bool) or draws < 1:
        raise ConfigurationError(f"draws must be a whole number >= 1, not {draws!r}.")
    if not 0 <= spread < 1:
        raise ConfigurationError(f"spread must lie in [0, 1), not {spread!r}.")
    low, high = fragile_band
    if not 0 <= low <= high <= 1:
        raise ConfigurationError(f"fragile_band must be (low, high) within 0..1: {fragile_band}.")
    scorer = normalised if isinstance(normalised, Scorer) else Scorer(normalised, config)
    base_weights = scorer.weight_vector(config.weights)
    base = scorer.rescore(config.weights)
    n = len(scorer.account_ids)
    if top_n is None and config.top_n is not None:
        top_n = config.top_n
    elif top_n is None:
        top_n = int((base["class"].cat.codes == 0).sum())
    if not isinstance(top_n, int | np.integer) or top_n < 0:
        raise ConfigurationError(f"top_n must be a whole number >= 0, not {top_n!r}.")

    active = np.flatnonzero(base_weights > 0)
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, len(active)))
    weights = (base_weights[active] * factors).astype(np.float32)
    values = np.ascontiguousarray(scorer.filled[:, active].T, dtype=np.float32)
    present = np.ascontiguousarray(scorer.available[:, active].T, dtype=np.float32)
    reweight = config.missing_policy == "reweight"

    # every draw's scores in one matrix; once a draw is sorted, its row is overwritten in
    # place by its ranks (int32, the same size), so the analysis needs one draws x n block
    scores = _draw_scores(weights, values, present, reweight)
    ranks = scores.view(np.int32)
    positions = np.arange(n, dtype=np.uint32)
    ones_to_n = np.arange(1, n + 1, dtype=np.int32)
    # all weights are > 0, so exactly the accounts without any available criterion are
    # unscored (0 / 0) under reweight, in every draw
    unscored = np.flatnonzero(present.sum(axis=0) == 0) if reweight else np.empty(0, np.intp)

    def rank_chunk(start: int) -> np.ndarray:
        keys = np.empty(n, dtype=np.uint64)
        in_top = np.zeros(n, dtype=np.int32)
        for draw in range(start, min(start + DRAWS_PER_CHUNK, draws)):
            order = _sorted_positions(keys, scores[draw], positions, unscored)
            ranks[draw, order] = ones_to_n
            in_top[order[:top_n]] += 1
        return in_top

    with ThreadPoolExecutor(_WORKERS) as pool:
        in_top = sum(pool.map(rank_chunk, range(0, draws, DRAWS_PER_CHUNK)))
        best, worst, median = _rank_summaries(ranks, pool)

    probability = in_top / draws
    result = pd.DataFrame(
        {
            "account_id": scorer.account_ids,
            "best_rank": best,
            "worst_rank": worst,
            "median_rank": median,
            "top_n_probability": probability,
            "fragile": (probability >= low) & (probability <= high),
        }
    )
    base = base.rename(columns={"rank": "base_rank"})[["account_id", "score", "base_rank"]]
    return base.merge(result, on="account_id", how="left")


def _draw_scores(
    weights: np.ndarray, values: np.ndarray, present: np.ndarray, reweight: bool
) -> np.ndarray:
    """Scores (draws x accounts, float32) of every draw: weighted sums over the divisor.

    All matrix products run here, before any sorting starts: the BLAS library's own threads
    keep spinning for a while after each product and would take the cores from the sorting
    threads if products and sorts alternated.
    """
    draws, n = len(weights), values.shape[1]
    scores = np.empty((draws, n), dtype=np.float32)
    for start in range(0, draws, SCORE_BLOCK):
        block = weights[start : start + SCORE_BLOCK]
        out = scores[start : start + SCORE_BLOCK]
        np.matmul(block, values, out=out)
        with np.errstate(invalid="ignore", divide="ignore"):
            # reweight: 0 / 0 (no criterion available) gives NaN, which ranks last
            out /= (block @ present) if reweight else block.sum(axis=1, keepdims=True)
    return scores


def _sorted_positions(
    keys: np.ndarray, score: np.ndarray, positions: np.ndarray, unscored: np.ndarray
) -> np.ndarray:
    """Account positions ordered by score descending, ties by position; unscored last.

    Sorts one uint64 key per account (in the buffer ``keys``): high word the inverted bits of
    the float32 score, low word the position. For scores >= 0 the bits of a float32 read as an
    unsigned integer grow with the value, so inverted they sort descending; an unscored
    account gets the largest high word. Returns a view of the sorted keys' low words.
    """
    words = keys.view(np.uint32)
    low, high = words[_LOW_WORD::2], words[1 - _LOW_WORD :: 2]
    low[:] = positions
    np.invert(score.view(np.uint32), out=high)
    if unscored.size:
        high[unscored] = np.uint32(0xFFFFFFFF)
    keys.sort()
    return low


def _rank_summaries(
    ranks: np.ndarray, pool: ThreadPoolExecutor
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best, worst and median of each column of ``ranks`` (draws x accounts).

    Works on blocks of accounts small enough to stay in cache: each block is transposed so an
    account's ranks lie side by side, then sorted; accounts whose rank never changed are not
    sorted at all (sorting equal values is the slow case of the vectorised sort).
    """
    draws, n = ranks.shape
    best = np.empty(n, dtype=np.int64)
    worst = np.empty(n, dtype=np.int64)
    median = np.empty(n, dtype=np.float64)
    low, high = (draws - 1) // 2, draws // 2

    def summarise(start: int) -> None:
        stop = min(start + ACCOUNTS_PER_BLOCK, n)
        block = np.ascontiguousarray(ranks[:, start:stop].T)
        block_min, block_max = block.min(axis=1), block.max(axis=1)
        varying = np.flatnonzero(block_min != block_max)
        moved = block[varying]
        moved.sort(axis=1)
        block_median = block_min.astype(np.float64)
        block_median[varying] = (moved[:, low].astype(np.float64) + moved[:, high]) / 2.0
        best[start:stop], worst[start:stop], median[start:stop] = (
            block_min,
            block_max,
            block_median,
        )

    list(pool.map(summarise, range(0, n, ACCOUNTS_PER_BLOCK)))
    return best, worst, median
