"""Selection configurations as records: saved by name, versioned, compared, exported.

A configuration (:class:`kapanalytics.scoring.SelectionConfig`) is stored in ``settings`` under
the name ``selection.config.<name>``: each save adds a row with the next version number, the
author and the time; nothing is overwritten, so every earlier version stays readable. Loading
gets the latest version unless one is asked for. A save names the version it was based on
(``expected_version``); when someone saved the same name since, the save is refused with
:class:`kapanalytics.errors.EditConflictError` and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from kapanalytics import saved_settings
from kapanalytics.access import User
from kapanalytics.criteria import account_criteria_frame
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters
from kapanalytics.keyaccounts import current_key_accounts, decision_history
from kapanalytics.scoring import Scorer, SelectionConfig, default_config, score_accounts

SETTING_PREFIX = "selection.config."
TOP_N_CHANGES = ("enters", "leaves", "stays in", "stays out")
DEFAULT_CONFIG_NAME = "default"
"""The name under which the starting configuration is known until one is saved under it."""


@dataclass(frozen=True)
class SavedConfig:
    """A stored configuration with its version (1, 2, ...), author and time of saving."""

    config: SelectionConfig
    version: int
    saved_by: str | None
    saved_at: datetime


def setting_name(name: str) -> str:
    """The ``settings.name`` under which the configuration ``name`` is stored."""
    return SETTING_PREFIX + name.strip()


def latest_version(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """The latest saved version of configuration ``name``; 0 when it was never saved."""
    return saved_settings.latest_version(con, setting_name(name))


def save_config(
    con: duckdb.DuckDBPyConnection,
    config: SelectionConfig,
    author: str | None,
    expected_version: int | None = None,
    *,
    actor: User | None = None,
) -> int:
    """Store ``config`` under its name as the next version; return that version.

    ``expected_version`` is the version the edit started from (0 for a new name); when the
    latest stored version differs, someone saved in between and :class:`EditConflictError`
    is raised without writing. None skips the check. The row and the app event (which makes
    cached pages recompute) land in one transaction (:mod:`kapanalytics.saved_settings`).
    """
    return saved_settings.save_setting(
        con,
        setting_name(config.name),
        config.to_dict(),
        author,
        expected_version,
        label=config.name,
        actor=actor,
    )


def load_config(
    con: duckdb.DuckDBPyConnection, name: str, version: int | None = None
) -> SavedConfig:
    """The latest (or the given) version of configuration ``name``.

    Raises :class:`ConfigurationError` naming the saved configurations when there is none.
    """
    saved = saved_settings.load_setting(con, setting_name(name), version)
    if saved is None:
        names = list_configs(con)["name"].tolist()
        known = ", ".join(names) if names else "none yet"
        which = f"version {version} of " if version is not None else ""
        raise ConfigurationError(
            f"There is no {which}configuration '{name}'. Saved configurations: {known}."
        )
    config = SelectionConfig.from_dict(saved.value)
    return SavedConfig(config, saved.version, saved.saved_by, saved.saved_at)


def list_configs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per saved configuration, by name: name, version (latest), versions (count),
    saved_by and saved_at (of the latest version)."""
    return con.execute(
        """
        select
            substr(name, ?) as name,
            max(version) as version,
            count(*) as versions,
            arg_max(saved_by, version) as saved_by,
            max_by(saved_at, version) as saved_at
        from settings
        where starts_with(name, ?)
        group by name
        order by name
        """,
        [len(SETTING_PREFIX) + 1, SETTING_PREFIX],
    ).df()


def config_history(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Every saved version of ``name``, newest first: version, saved_by, saved_at, weights
    (criterion: share in percent, as text)."""
    rows = con.execute(
        "select version, saved_by, saved_at, value_json from settings where name = ?"
        " order by version desc",
        [setting_name(name)],
    ).fetchall()
    records = []
    for version, saved_by, saved_at, value_json in rows:
        config = SelectionConfig.from_dict(json.loads(value_json))
        weights = ", ".join(f"{k} {w:.0f} %" for k, w in config.weight_shares.items())
        records.append((version, saved_by, saved_at, weights))
    return pd.DataFrame(records, columns=["version", "saved_by", "saved_at", "weights"])


def compare_configs(
    frame: pd.DataFrame,
    first: SelectionConfig,
    second: SelectionConfig,
    *,
    top_n: int | None = None,
) -> pd.DataFrame:
    """How the ranking changes from ``first`` to ``second`` on the same criteria frame.

    An account is "in the top" of a configuration when its rank is <= ``top_n``, or, without
    ``top_n``, when it is in that configuration's first class. Output, sorted by rank_second:
    account_id, name, score_first, score_second, rank_first, rank_second, rank_change
    (rank_first - rank_second: positive means it moved up), in_top_first, in_top_second,
    top_n_change (enters, leaves, stays in, stays out).
    """
    a = _ranks(frame, first, top_n).add_suffix("_first")
    b = _ranks(frame, second, top_n).add_suffix("_second")
    merged = b.merge(a, left_on="account_id_second", right_on="account_id_first")
    merged = merged.rename(columns={"account_id_second": "account_id"})
    merged["rank_change"] = merged["rank_first"] - merged["rank_second"]
    was, now = merged["in_top_first"], merged["in_top_second"]
    merged["top_n_change"] = pd.Categorical(
        np.select([~was & now, was & ~now, was & now], list(TOP_N_CHANGES[:3]), TOP_N_CHANGES[3]),
        categories=list(TOP_N_CHANGES),
    )
    names = frame.set_index("account_id")["name"] if "name" in frame else None
    merged.insert(1, "name", merged["account_id"].map(names) if names is not None else None)
    columns = [
        "account_id",
        "name",
        "score_first",
        "score_second",
        "rank_first",
        "rank_second",
        "rank_change",
        "in_top_first",
        "in_top_second",
        "top_n_change",
    ]
    return merged[columns].sort_values("rank_second", ignore_index=True)


def rank_movement(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    config: SelectionConfig,
    *,
    against: str | None = None,
) -> pd.DataFrame:
    """Each account's rank under ``config`` and under the latest saved version of ``against``
    (default: the configuration's own name), on the same criteria frame.

    Output, sorted by rank: account_id, rank, previous_rank, rank_movement (previous_rank -
    rank: positive means it moved up). previous_rank and rank_movement are NaN when nothing
    is saved under that name yet.
    """
    current = Scorer.from_frame(frame, config).rescore()[["account_id", "rank"]]
    name = against if against is not None else config.name
    if latest_version(con, name) == 0:
        current["previous_rank"] = np.nan
    else:
        saved = load_config(con, name).config
        previous = Scorer.from_frame(frame, saved).rescore()[["account_id", "rank"]]
        current = current.merge(
            previous.rename(columns={"rank": "previous_rank"}), on="account_id", how="left"
        )
        current["previous_rank"] = current["previous_rank"].astype("float64")
    current["rank_movement"] = current["previous_rank"] - current["rank"]
    return current


def scores_export(
    con: duckdb.DuckDBPyConnection,
    config_name: str,
    filters: Filters | None = None,
    *,
    version: int | None = None,
) -> pd.DataFrame:
    """The ranked list under a saved configuration, with the current key-account decisions.

    Builds the criteria frame at the configuration's level for the filtered accounts, scores
    it, and joins each account's current key-account status and its latest decision
    (:func:`ranked_with_decisions`). The name :data:`DEFAULT_CONFIG_NAME` means the saved
    configuration of that name, or :func:`kapanalytics.scoring.default_config` (version 0)
    while nothing is saved under it.
    """
    config, config_version = _export_config(con, config_name, version)
    frame = account_criteria_frame(con, filters, level=config.level)
    return ranked_with_decisions(
        score_accounts(frame, config),
        config,
        current_key_accounts(con),
        decision_history(con),
        config_version=config_version,
    )


def ranked_with_decisions(
    scored: pd.DataFrame,
    config: SelectionConfig,
    key_accounts: Iterable[str],
    decisions: pd.DataFrame,
    *,
    config_version: int | None = None,
) -> pd.DataFrame:
    """The scored frame as the ranked list people decide from and export.

    Input: :func:`kapanalytics.scoring.score_accounts` of ``config``, the current key accounts
    (:func:`kapanalytics.keyaccounts.current_key_accounts`) and the decision history
    (:func:`kapanalytics.keyaccounts.decision_history`, newest first). Output, sorted by rank:
    rank, account_id, name, class, score, is_key_account, decision_reason, decided_by,
    decided_at (of the account's latest decision), then per active criterion its raw value,
    ``<key>_normalised`` and ``<key>_contribution``, then criteria_missing, config_name,
    config_version (None for a configuration not saved).
    """
    scored = scored.assign(is_key_account=scored["account_id"].isin(set(key_accounts)))
    latest = decisions.drop_duplicates("account_id")  # newest first
    latest = latest.rename(columns={"reason": "decision_reason"})[
        ["account_id", "decision_reason", "decided_by", "decided_at"]
    ]
    scored = scored.merge(latest, on="account_id", how="left")
    criteria = list(config.active_criteria)
    columns = [
        "rank",
        "account_id",
        "name",
        "class",
        "score",
        "is_key_account",
        "decision_reason",
        "decided_by",
        "decided_at",
        *criteria,
        *(f"{key}_normalised" for key in criteria),
        *(f"{key}_contribution" for key in criteria),
        "criteria_missing",
    ]
    export = scored[columns].copy()
    export["config_name"] = config.name
    export["config_version"] = config_version
    return export


def _export_config(
    con: duckdb.DuckDBPyConnection, name: str, version: int | None
) -> tuple[SelectionConfig, int]:
    # the starting configuration answers to its name until someone saves one under it, so
    # "kap export scores --config default" works on a fresh database
    unsaved = version is None and latest_version(con, DEFAULT_CONFIG_NAME) == 0
    if name.strip() == DEFAULT_CONFIG_NAME and unsaved:
        return default_config(DEFAULT_CONFIG_NAME), 0
    saved = load_config(con, name, version)
    return saved.config, saved.version


def _ranks(frame: pd.DataFrame, config: SelectionConfig, top_n: int | None) -> pd.DataFrame:
    ranked = Scorer.from_frame(frame, config).rescore()
    # without top_n, "the top" is each configuration's own first class
    in_top = ranked["rank"] <= top_n if top_n is not None else ranked["class"].cat.codes == 0
    return pd.DataFrame(
        {
            "account_id": ranked["account_id"],
            "score": ranked["score"],
            "rank": ranked["rank"],
            "in_top": in_top.to_numpy(),
        }
    )
