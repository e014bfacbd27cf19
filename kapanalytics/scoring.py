"""Weighted key-account scores: normalise each criterion to 0..100, weight, rank and classify.

Input is the criteria frame (:func:`kapanalytics.criteria.account_criteria_frame`, one row per
account or group); everything here is pandas and numpy, no database. The definitions
(docs/metrics.md, "Key-account selection"):

- **percentile**: the average rank of the value among the non-missing values (ties share the
  mean of their ranks, 1 = lowest), scaled to 0..100 as ``100 * (rank - 1) / (n - 1)``; a single
  value, or values all equal, give 50.
- **minmax**: ``100 * (x - min) / (max - min)`` over the non-missing values; all equal give 50.
- **rating**: a 1..5 rating r gives ``25 * (r - 1)`` (1, 2, 3, 4, 5 -> 0, 25, 50, 75, 100;
  group means in between map linearly); a value outside 1..5 counts as missing.
- **direction**: for a lower-is-better criterion the normalised value is ``100 - s``.
- **score** = ``sum(w_i * s_i) / sum(w_i)``. Missing policy ``reweight``: a criterion missing
  for an account is left out of both sums for that account; ``zero``: it counts as s_i = 0.
- **rank**: by score descending, ties by account_id ascending; an account without any
  available criterion (``reweight``) has no score and ranks after all others.

A :class:`Scorer` normalises once and keeps the matrix, so a weight change is one
matrix-vector product and a sort.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from kapanalytics.criteria import CRITERIA, DIRECTIONS, HIGHER, LEVELS, NORMALISATIONS
from kapanalytics.errors import ConfigurationError

MIN_CRITERIA = 3
MAX_CRITERIA = 8
MISSING_POLICIES = ("reweight", "zero")
CLASSIFICATION_METHODS = ("top_n", "thresholds")
DEFAULT_CLASS_NAMES = ("key account", "development", "maintain", "serve efficiently")
SCORE_DECIMALS = 9
"""Scores are rounded to this many decimals before ranking, so floating-point noise in the
weighted sum never decides a tie (ties go to the lower account_id)."""


@dataclass(frozen=True)
class CriterionSetting:
    """How one criterion enters a selection: its weight, and optionally its own normalisation
    and direction (None: the catalogue's default). A weight of 0 keeps it out of the score."""

    weight: float
    normalisation: str | None = None
    direction: str | None = None


@dataclass(frozen=True)
class Classification:
    """How the ranked accounts become classes.

    ``top_n``: ``cutoffs`` are cumulative ranks, e.g. (50, 200, 500): ranks 1..50 get the first
    class, 51..200 the second, 201..500 the third, the rest the last. ``thresholds``:
    ``cutoffs`` are minimum scores, descending, e.g. (75, 50, 25): score >= 75 the first class,
    >= 50 the second, >= 25 the third, the rest (and accounts without a score) the last.
    """

    method: str = "top_n"
    cutoffs: tuple[float, ...] = (50, 200, 500)
    class_names: tuple[str, ...] = DEFAULT_CLASS_NAMES

    def __post_init__(self) -> None:
        object.__setattr__(self, "cutoffs", tuple(self.cutoffs))
        object.__setattr__(self, "class_names", tuple(self.class_names))
        if self.method not in CLASSIFICATION_METHODS:
            raise ConfigurationError(
                f"Unknown classification {self.method!r}. Choose 'top_n' or 'thresholds'."
            )
        names = [str(n).strip() for n in self.class_names]
        if len(names) < 2 or not all(names) or len(set(names)) != len(names):
            raise ConfigurationError(
                "Give at least two class names, each non-empty and different from the others."
            )
        if len(self.cutoffs) != len(names) - 1:
            raise ConfigurationError(
                f"{len(names)} classes need {len(names) - 1} cut-offs, not {len(self.cutoffs)}."
            )
        if self.method == "top_n":
            if not all(_is_whole(c) and c >= 1 for c in self.cutoffs) or list(
                self.cutoffs
            ) != sorted(set(self.cutoffs)):
                raise ConfigurationError(
                    f"Top-N cut-offs must be whole ranks >= 1, strictly increasing, e.g. "
                    f"(50, 200, 500); got {self.cutoffs}."
                )
        elif not all(0 <= c <= 100 for c in self.cutoffs) or list(self.cutoffs) != sorted(
            set(self.cutoffs), reverse=True
        ):
            raise ConfigurationError(
                f"Score thresholds must lie in 0..100 and strictly decrease, e.g. (75, 50, 25); "
                f"got {self.cutoffs}."
            )

    def classify(self, scores: np.ndarray, ranks: np.ndarray) -> np.ndarray:
        """The class index (0 = first class) of each account; unscored accounts get the last."""
        last = len(self.class_names) - 1
        if self.method == "top_n":
            codes = np.searchsorted(np.asarray(self.cutoffs, dtype=np.float64), ranks, "left")
        else:
            below = [scores < t for t in self.cutoffs]
            codes = np.sum(below, axis=0) if below else np.zeros(len(scores), np.int64)
        return np.where(np.isnan(scores), last, codes).astype(np.int8)


@dataclass(frozen=True)
class SelectionConfig:
    """A named selection: criteria with weights (and normalisation), missing policy, classes.

    ``criteria`` maps a catalogue key (:data:`kapanalytics.criteria.CRITERIA`) to a
    :class:`CriterionSetting` or simply a weight. Weights are relative: they are normalised to
    100 % over the active criteria (weight > 0), of which there must be 3 to 8. An invalid
    configuration cannot be built: :class:`ConfigurationError` says what to change.

    >>> config = SelectionConfig("growth", {"revenue_l12m": 2, "revenue_cagr_3y": 1,
    ...                                     "product_fit": 1})
    >>> config.weight_shares["revenue_l12m"]
    50.0
    """

    name: str
    criteria: Mapping[str, CriterionSetting | float]
    missing_policy: str = "reweight"
    classification: Classification = field(default_factory=Classification)
    level: str = "account"

    def __post_init__(self) -> None:
        name = str(self.name).strip()
        if not name or len(name) > 100:
            raise ConfigurationError("Give the configuration a name of 1 to 100 characters.")
        object.__setattr__(self, "name", name)
        settings = {key: _setting(key, value) for key, value in dict(self.criteria).items()}
        object.__setattr__(self, "criteria", settings)
        if self.missing_policy not in MISSING_POLICIES:
            raise ConfigurationError(
                f"Unknown missing-value policy {self.missing_policy!r}. Choose 'reweight' "
                "(leave a missing criterion out for that account) or 'zero' (score it 0)."
            )
        if self.level not in LEVELS:
            raise ConfigurationError(f"Unknown level {self.level!r}. Choose 'account' or 'group'.")
        if not isinstance(self.classification, Classification):
            raise ConfigurationError("classification must be a Classification.")
        check_active_count(self.active_criteria)

    @property
    def active_criteria(self) -> tuple[str, ...]:
        """The criteria with a weight above 0, in the order given."""
        return tuple(key for key, s in self.criteria.items() if s.weight > 0)

    @property
    def weights(self) -> dict[str, float]:
        """Active criterion -> its weight as given."""
        return {key: float(self.criteria[key].weight) for key in self.active_criteria}

    @property
    def weight_shares(self) -> dict[str, float]:
        """Active criterion -> its weight in percent of all active weights (sums to 100)."""
        total = sum(self.weights.values())
        return {key: 100.0 * w / total for key, w in self.weights.items()}

    def normalisation_of(self, key: str) -> str:
        return self.criteria[key].normalisation or CRITERIA[key].normalisation

    def direction_of(self, key: str) -> str:
        return self.criteria[key].direction or CRITERIA[key].direction

    @property
    def top_n(self) -> int | None:
        """The number of accounts in the first class under top-N classification, else None."""
        if self.classification.method == "top_n":
            return int(self.classification.cutoffs[0])
        return None

    def with_weights(self, weights: Mapping[str, float]) -> SelectionConfig:
        """The same configuration with some weights changed (validated again)."""
        unknown = set(weights) - set(self.criteria)
        if unknown:
            raise ConfigurationError(
                f"{', '.join(sorted(unknown))} is not part of '{self.name}'; add the criterion "
                "to the configuration first."
            )
        criteria = {
            key: replace(s, weight=float(weights.get(key, s.weight)))
            for key, s in self.criteria.items()
        }
        return replace(self, criteria=criteria)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description; :meth:`from_dict` gives the configuration back."""
        return {
            "name": self.name,
            # a list keeps the order in which the criteria were chosen
            "criteria": [{"key": key, **asdict(s)} for key, s in self.criteria.items()],
            "missing_policy": self.missing_policy,
            "classification": {
                "method": self.classification.method,
                "cutoffs": list(self.classification.cutoffs),
                "class_names": list(self.classification.class_names),
            },
            "level": self.level,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SelectionConfig:
        try:
            return cls(
                name=data["name"],
                criteria={
                    entry["key"]: CriterionSetting(**{k: v for k, v in entry.items() if k != "key"})
                    for entry in data["criteria"]
                },
                missing_policy=data.get("missing_policy", "reweight"),
                classification=Classification(**data.get("classification", {})),
                level=data.get("level", "account"),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigurationError(
                f"The stored configuration is incomplete or malformed ({exc}). Save it again "
                "from the key-account selection page."
            ) from exc


DEFAULT_WEIGHTS = {
    "revenue_l12m": 20,
    "white_space": 15,
    "revenue_cagr_3y": 10,
    "contribution_margin_pct_l12m": 10,
    "relationship_strength": 10,
    "product_fit": 15,
    "strategic_importance": 20,
}
"""The starting weights (percent): today's size, room to grow, growth, margin, relationship,
fit and strategic importance; leadership adjusts them."""


def default_config(name: str = "standard") -> SelectionConfig:
    """A valid starting configuration: :data:`DEFAULT_WEIGHTS`, default normalisations,
    ``reweight``, top-N classes (50, 200, 500), account level."""
    return SelectionConfig(name, dict(DEFAULT_WEIGHTS))


def _setting(key: str, value: CriterionSetting | float) -> CriterionSetting:
    if key not in CRITERIA:
        raise ConfigurationError(f"Unknown criterion {key!r}. Choose from: {', '.join(CRITERIA)}.")
    setting = value if isinstance(value, CriterionSetting) else CriterionSetting(weight=value)
    try:
        weight = float(setting.weight)
    except (TypeError, ValueError):
        weight = math.nan
    if not math.isfinite(weight) or weight < 0:
        raise ConfigurationError(
            f"The weight of {key} must be a number >= 0, not {setting.weight!r}."
        )
    if setting.normalisation is not None and setting.normalisation not in NORMALISATIONS:
        raise ConfigurationError(
            f"Unknown normalisation {setting.normalisation!r} for {key}. Choose from: "
            f"{', '.join(NORMALISATIONS)}."
        )
    if setting.direction is not None and setting.direction not in DIRECTIONS:
        raise ConfigurationError(
            f"Unknown direction {setting.direction!r} for {key}. Choose 'higher' or 'lower'."
        )
    return replace(setting, weight=weight)


def check_active_count(active: tuple[str, ...] | list[str]) -> None:
    """Raise :class:`ConfigurationError` unless 3 to 8 criteria have a weight above 0."""
    if not MIN_CRITERIA <= len(active) <= MAX_CRITERIA:
        chosen = ", ".join(active) if active else "none"
        action = "Give more criteria" if len(active) < MIN_CRITERIA else "Set some weights to 0"
        raise ConfigurationError(
            f"A selection needs {MIN_CRITERIA} to {MAX_CRITERIA} criteria with a weight above "
            f"0; this one has {len(active)} ({chosen}). {action} to get a score."
        )


def percentile_rank(values: np.ndarray | pd.Series) -> np.ndarray:
    """0..100 by average rank among the non-missing values; NaN stays NaN; all equal -> 50."""
    x = _as_float(values)
    out = np.full(len(x), np.nan)
    present = ~np.isnan(x)
    n = int(present.sum())
    if n == 0:
        return out
    if n == 1:
        out[present] = 50.0
        return out
    ranks = pd.Series(x[present]).rank(method="average").to_numpy()
    out[present] = 100.0 * (ranks - 1.0) / (n - 1.0)
    return out


def min_max(values: np.ndarray | pd.Series) -> np.ndarray:
    """0..100 by ``(x - min) / (max - min)``; NaN stays NaN; all equal -> 50."""
    x = _as_float(values)
    if np.isnan(x).all():
        return x
    low, high = np.nanmin(x), np.nanmax(x)
    if high == low:
        return np.where(np.isnan(x), np.nan, 50.0)
    # divide first: (x - low) / (high - low) is exactly 1 at the maximum, so 100 stays 100
    return np.clip((x - low) / (high - low) * 100.0, 0.0, 100.0)


def rating_points(values: np.ndarray | pd.Series) -> np.ndarray:
    """A 1..5 rating r -> ``25 * (r - 1)``; outside 1..5 (or missing) -> NaN."""
    x = _as_float(values)
    with np.errstate(invalid="ignore"):
        valid = (x >= 1) & (x <= 5)
    return np.where(valid, 25.0 * (x - 1.0), np.nan)


_NORMALISERS = {"percentile": percentile_rank, "minmax": min_max, "rating": rating_points}


def normalise(values: np.ndarray | pd.Series, method: str, direction: str = HIGHER) -> np.ndarray:
    """Values mapped to 0..100 by ``method``; for direction ``lower``, ``100 - s``."""
    if method not in _NORMALISERS:
        raise ConfigurationError(
            f"Unknown normalisation {method!r}. Choose from: {', '.join(NORMALISATIONS)}."
        )
    points = _NORMALISERS[method](values)
    return points if direction == HIGHER else 100.0 - points


def normalise_criteria(frame: pd.DataFrame, config: SelectionConfig) -> pd.DataFrame:
    """Each criterion of ``config`` (weight 0 included) normalised over the frame's rows.

    Output: index account_id (sorted ascending), one column per criterion key, values 0..100,
    NaN where the raw value is missing (or a rating outside 1..5).
    """
    missing = [c for c in ("account_id", *config.criteria) if c not in frame.columns]
    if missing:
        raise ConfigurationError(
            f"The criteria frame lacks {', '.join(missing)}; build it with "
            "criteria.account_criteria_frame."
        )
    ordered = _by_account_id(frame)
    ids = ordered["account_id"].to_numpy()
    # sorted, so an account_id given twice stands next to itself
    if len(ids) > 1 and (ids[1:] == ids[:-1]).any():
        raise ConfigurationError("The criteria frame has an account_id more than once.")
    return pd.DataFrame(
        {
            key: normalise(
                ordered[key].to_numpy(), config.normalisation_of(key), config.direction_of(key)
            )
            for key in config.criteria
        },
        index=pd.Index(ordered["account_id"].to_numpy(), name="account_id"),
    )


class Scorer:
    """Scores for a fixed normalised matrix under changing weights.

    Build it once per criteria frame and configuration (``Scorer.from_frame``); each
    :meth:`rescore` is then a matrix-vector product, a sort and a classification.
    Attributes: ``account_ids`` (sorted), ``criteria`` (column order), ``normalised``
    (float64 N x k, NaN where missing), ``filled`` (NaN -> 0), ``available`` (1.0 / 0.0).
    """

    def __init__(self, normalised: pd.DataFrame, config: SelectionConfig) -> None:
        normalised = normalised.sort_index(kind="stable")
        self.config = config
        self.criteria: tuple[str, ...] = tuple(normalised.columns)
        unknown = set(config.active_criteria) - set(self.criteria)
        if unknown:
            raise ConfigurationError(
                f"{', '.join(sorted(unknown))} was not normalised; normalise the criteria of "
                "this configuration first (Scorer.from_frame)."
            )
        self._ids = normalised.index.array  # taking from it beats a numpy object array
        self.account_ids = normalised.index.to_numpy()
        self.normalised = normalised.to_numpy(dtype=np.float64, na_value=np.nan)
        outside = ~np.isnan(self.normalised) & ((self.normalised < 0) | (self.normalised > 100))
        if outside.any():
            raise ConfigurationError(
                "Normalised values must lie in 0..100 (or be missing); normalise the criteria "
                "with scoring.normalise_criteria."
            )
        self.available = (~np.isnan(self.normalised)).astype(np.float64)
        self.filled = np.nan_to_num(self.normalised, nan=0.0)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, config: SelectionConfig) -> Scorer:
        return cls(normalise_criteria(frame, config), config)

    def weight_vector(self, weights: Mapping[str, float] | None = None) -> np.ndarray:
        """The weights in column order, as shares summing to 1; 3..8 must be above 0."""
        given = self.config.weights if weights is None else dict(weights)
        unknown = set(given) - set(self.criteria)
        if unknown:
            raise ConfigurationError(
                f"{', '.join(sorted(unknown))} was not normalised; build a new Scorer for "
                "a configuration with other criteria."
            )
        vector = np.array([float(given.get(key, 0.0)) for key in self.criteria])
        if not np.isfinite(vector).all() or (vector < 0).any():
            raise ConfigurationError("Weights must be numbers >= 0.")
        check_active_count([k for k, w in zip(self.criteria, vector, strict=True) if w > 0])
        return vector / vector.sum()

    def scores(self, weights: Mapping[str, float] | None = None) -> np.ndarray:
        """The score of each account (in ``account_ids`` order); NaN without any criterion."""
        return self._scores(self.weight_vector(weights))

    def _scores(self, w: np.ndarray) -> np.ndarray:
        numerator = self.filled @ w
        if self.config.missing_policy == "zero":
            return np.round(numerator, SCORE_DECIMALS)
        denominator = self.available @ w
        with np.errstate(invalid="ignore", divide="ignore"):
            score = numerator / denominator
        return np.round(np.where(denominator > 0, score, np.nan), SCORE_DECIMALS)

    def rescore(self, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
        """Columns account_id, score, rank, class (categorical), sorted by rank."""
        w = self.weight_vector(weights)
        score = self._scores(w)
        order = rank_order(score)
        return self._ranked(score, order)

    def details(self, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
        """:meth:`rescore` plus criteria_used, criteria_missing, and per active criterion
        ``<key>_normalised`` (0..100, NaN if missing) and ``<key>_contribution``
        (``w_i * s_i / sum(w)`` over the weights counted for that account; the contributions
        of an account sum to its score)."""
        return self.details_in_order(weights)[0]

    def details_in_order(
        self, weights: Mapping[str, float] | None = None
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """:meth:`details` and the rank order: the positions in ``account_ids`` of its rows."""
        w = self.weight_vector(weights)
        score = self._scores(w)
        order = rank_order(score)
        ranked = self._ranked(score, order)
        active = np.flatnonzero(w > 0)
        # gather the rows once, in rank order; columns in the matrix's (Fortran) order so
        # each criterion below is a contiguous slice
        values = np.asfortranarray(self.normalised[order][:, active])
        available = ~np.isnan(values)
        used = available.sum(axis=1)
        if self.config.missing_policy == "zero":
            denominator = np.ones(len(score))
        else:
            denominator = available @ w[active]
        scale = np.divide(1.0, denominator, out=np.full(len(score), np.nan), where=denominator > 0)
        extra: dict[str, np.ndarray] = {"criteria_used": used.astype(np.int64)}
        extra["criteria_missing"] = len(active) - extra["criteria_used"]
        for j, column in enumerate(active):
            extra[f"{self.criteria[column]}_normalised"] = values[:, j]
        for j, column in enumerate(active):
            points = np.where(available[:, j], values[:, j], 0.0)
            extra[f"{self.criteria[column]}_contribution"] = points * (w[column] * scale)
        return pd.concat([ranked, pd.DataFrame(extra, copy=False)], axis=1), order

    def _ranked(self, score: np.ndarray, order: np.ndarray) -> pd.DataFrame:
        ranks = np.empty(len(score), dtype=np.int64)
        ranks[order] = np.arange(1, len(score) + 1)
        codes = self.config.classification.classify(score, ranks)
        classes = pd.Categorical.from_codes(
            codes[order], categories=list(self.config.classification.class_names), ordered=True
        )
        return pd.DataFrame(
            {
                "account_id": self._ids.take(order),
                "score": score[order],
                "rank": np.arange(1, len(score) + 1),
                "class": classes,
            }
        )


def rank_order(score: np.ndarray) -> np.ndarray:
    """Positions sorted by score descending, ties (and NaN, last) by position ascending.

    Positions are in account_id order, so a tie goes to the lower account_id. A fast unstable
    sort orders the scores; only the runs of equal scores are then put in position order.
    """
    key = np.where(np.isnan(score), -np.inf, score)
    order = np.argsort(-key)
    ordered = key[order]
    same_as_previous = ordered[1:] == ordered[:-1]
    if same_as_previous.any():
        in_run = np.zeros(len(order), dtype=bool)
        in_run[1:] |= same_as_previous
        in_run[:-1] |= same_as_previous
        run_id = np.cumsum(np.concatenate(([True], ~same_as_previous)))[in_run]
        tied = order[in_run]
        order[in_run] = tied[np.lexsort((tied, run_id))]
    return order


def score_accounts(frame: pd.DataFrame, config: SelectionConfig) -> pd.DataFrame:
    """The criteria frame scored under ``config``, sorted by rank.

    Output: every column of ``frame``, then score (0..100, NaN without any criterion),
    rank (1 = best; ties by account_id), class (categorical, the configured names),
    criteria_used, criteria_missing, ``<key>_normalised`` and ``<key>_contribution`` per active
    criterion. Raises :class:`ConfigurationError` when the frame lacks a criterion.
    """
    ordered = _by_account_id(frame)
    scorer = Scorer(normalise_criteria(ordered, config), config)
    detail, order = scorer.details_in_order()
    # the scorer's rows are the accounts in account_id order, like ``ordered``: taking its
    # rows in rank order lines them up without matching account ids
    rest = ordered.drop(columns=[c for c in detail.columns if c in ordered.columns])
    rest = rest.take(order).reset_index(drop=True)
    return pd.concat([detail[["account_id"]], rest, detail.drop(columns="account_id")], axis=1)


def _by_account_id(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` sorted by account_id (stable); as it is when it already is (criteria frames
    come sorted), which spares sorting a large frame by text."""
    if frame["account_id"].is_monotonic_increasing:
        return frame
    return frame.sort_values("account_id", kind="stable")


def _as_float(values: np.ndarray | pd.Series) -> np.ndarray:
    x = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    return np.where(np.isfinite(x), x, np.nan)


def _is_whole(value: object) -> bool:
    return isinstance(value, int | np.integer) or (isinstance(value, float) and value.is_integer())
