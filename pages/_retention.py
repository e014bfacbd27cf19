"""What the retention pages share: the churn window W, metric cards, column labels, and tables
that send at most a few thousand rows to the browser."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from kapanalytics.churn import DEFAULT_WINDOW_DAYS, GRAINS
from kapanalytics.format import format_money, format_number, format_percent
from kapanalytics.i18n import TEXTS
from kapanalytics.metrics_catalog import metric_definitions
from pages._ui import T, lang, option_labels, table_with_downloads

MAX_TABLE_ROWS = 2_000
"""A table shows at most this many rows; its full CSV is one click away."""

_WINDOW_STATE = "_retention_window_days"

PLAIN_DECIMALS = {"roc_auc": 2, "top_decile_lift": 2, "log_rank_p_value": 3}
"""Metrics written as plain numbers by convention: an AUC of 0.69, a lift of 2.99, p = 0.012."""


def window_days(container=None) -> int:
    """W, the churn window in days: one value for every retention page of the session."""
    target = container or st
    current = st.session_state.get(_WINDOW_STATE, DEFAULT_WINDOW_DAYS)
    chosen = target.number_input(
        T("retention.window"),
        min_value=30,
        max_value=1095,
        value=current,
        step=30,
        key="retention_window",
        help=T("retention.window.help"),
    )
    st.session_state[_WINDOW_STATE] = int(chosen)
    return int(chosen)


def grain(container=None, key: str = "retention_grain") -> str:
    """Year, quarter or month."""
    target = container or st
    return target.segmented_control(
        T("retention.grain"),
        GRAINS,
        format_func=option_labels("retention.grain."),
        default="year",
        required=True,
        key=key,
    )


def formatted(key: str, value: float | None, currency: str = "EUR") -> str:
    """``value`` written by the unit the catalogue gives metric ``key``."""
    unit = metric_definitions()[key]["unit"]
    language = lang()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "money":
        return format_money(value, language, currency, compact=True)
    if key == "log_rank_p_value" and value < 0.001:
        return "< " + format_number(0.001, language, 3)
    if key in PLAIN_DECIMALS:
        return format_number(value, language, PLAIN_DECIMALS[key])
    if unit == "ratio":
        return format_percent(value, language)
    if unit == "points":
        return format_number(value, language, 1)
    return format_number(value, language)


def card(
    container,
    key: str,
    value: float | None,
    currency: str = "EUR",
    *,
    label: str | None = None,
    **kwargs,
) -> None:
    """A bordered metric with the catalogue's label (or ``label``) and its definition on hover."""
    entry = metric_definitions()[key]
    language = lang()
    container.metric(
        label or entry[f"label_{language}"],
        formatted(key, value, currency),
        help=entry[f"help_{language}"],
        border=True,
        **kwargs,
    )


def labels(*names: str) -> dict[str, str]:
    """Column name -> label: the shared ``col.*`` text where there is one, else the
    ``retention.col.*`` one."""
    return {
        name: T(f"col.{name}") if f"col.{name}" in TEXTS else T(f"retention.col.{name}")
        for name in names
    }


# ratio columns whose names do not say so (0.25 is shown as 25 %)
RATIO_COLUMNS = (
    "gross_revenue_retention",
    "net_revenue_retention",
    "customer_retention",
    "revenue_retention",
    "survival_1y",
    "survival_2y",
    "survival_3y",
    "recoverability",
    "time_factor",
    "win_rate_value",
)


def table(frame: pd.DataFrame, *, key: str, file_stem: str, height: int | str = "auto") -> None:
    """The table with CSV and Excel downloads of all of it; beyond :data:`MAX_TABLE_ROWS`
    rows only the first are shown."""
    percent = st.column_config.NumberColumn(format="percent")
    table_with_downloads(
        frame.head(MAX_TABLE_ROWS),
        key=key,
        file_stem=file_stem,
        column_labels=labels(*frame.columns),
        column_config={c: percent for c in RATIO_COLUMNS if c in frame.columns},
        height=height,
        download_frame=frame,
    )
    if len(frame) > MAX_TABLE_ROWS:
        st.caption(
            T(
                "retention.truncated",
                shown=format_number(MAX_TABLE_ROWS, lang()),
                total=format_number(len(frame), lang()),
            )
        )
