"""What the controlling pages share: metric cards and tables whose columns explain themselves.

A column named after a metric of the catalogue (or mapped to one) gets the metric's label and
its definition as hover help; other columns take their label from the ``col.*`` texts or the
``controlling.col.*`` texts.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from kapanalytics.format import format_money, format_number, format_percent
from kapanalytics.i18n import TEXTS
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.table_view import ROW_CHOICES, first_rows, matching_rows
from pages._ui import T, lang, option_labels, table_with_downloads

NUMBER_FORMATS = {"money": "localized", "count": "localized", "ratio": "percent"}


def formatted(key: str, value: float | None, currency: str) -> str:
    """``value`` of metric ``key`` written by its unit: money compact, ratios as %, counts."""
    unit = metric_definitions()[key]["unit"]
    language = lang()
    if unit == "money":
        return format_money(value, language, currency, compact=True)
    if unit == "ratio":
        return format_percent(value, language)
    if unit == "class":
        return "–" if value is None or value != value else str(value)
    return format_number(value, language)


def metric_card(
    container,
    key: str,
    value: float | None,
    currency: str,
    *,
    label: str | None = None,
    note: str | None = None,
    text: str | None = None,
) -> None:
    """A bordered metric: the catalogue's label (or ``label``), the value, and the definition
    (with ``note``) on hover. ``text`` replaces the value as written by its unit."""
    definition = metric_definitions()[key]
    language = lang()
    help_text = definition[f"help_{language}"] + (f"\n\n{note}" if note else "")
    container.metric(
        label or definition[f"label_{language}"],
        formatted(key, value, currency) if text is None else text,
        help=help_text,
        border=True,
    )


def column_setup(
    frame: pd.DataFrame, metric_keys: dict[str, str] | None = None
) -> tuple[dict[str, str], dict]:
    """Labels and column configs (with hover help for metrics) of every column of ``frame``.

    A column's metric is ``metric_keys[column]`` or the column's own name, when the catalogue
    knows it: its definition becomes the hover help, its unit the number format. The label is
    the ``controlling.col.<column>`` text, else the ``col.<column>`` text, else the metric's
    label, else the column's name as it is (product groups and classes are data, not words).
    """
    definitions = metric_definitions()
    language = lang()
    labels, config = {}, {}
    for column in frame.columns:
        key = (metric_keys or {}).get(column, column)
        definition = definitions.get(key)
        if f"controlling.col.{column}" in TEXTS:
            labels[column] = T(f"controlling.col.{column}")
        elif f"col.{column}" in TEXTS:
            labels[column] = T(f"col.{column}")
        elif definition:
            labels[column] = definition[f"label_{language}"]
        else:
            labels[column] = str(column)
        if definition:
            help_text = definition[f"help_{language}"]
            number_format = NUMBER_FORMATS.get(definition["unit"])
            if number_format:
                config[column] = st.column_config.NumberColumn(format=number_format, help=help_text)
            else:
                config[column] = st.column_config.TextColumn(help=help_text)
    return labels, config


def explained_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_stem: str,
    metric_keys: dict[str, str] | None = None,
    search_columns: Sequence[str] = (),
    height: int | str = "auto",
) -> None:
    """A table with labelled, explained columns and CSV / Excel downloads.

    With ``search_columns`` the page shows a search box and at most the chosen number of rows;
    the downloads hold every row that matches the search.
    """
    labels, config = column_setup(frame, metric_keys)
    # attributes (dates, thresholds) are the analysis's notes, not part of the table
    frame = frame.copy(deep=False)
    frame.attrs = {}
    shown, everything = frame, None
    if search_columns:
        left, right = st.columns([3, 1])
        search = left.text_input(
            T("controlling.search"), key=f"{key}_search", placeholder=T("controlling.search_hint")
        )
        limit = right.selectbox(
            T("controlling.rows_shown"), ROW_CHOICES, index=1, key=f"{key}_rows"
        )
        everything = matching_rows(frame, search, search_columns)
        shown = first_rows(everything, limit)
        st.caption(
            T(
                "controlling.showing",
                shown=format_number(len(shown), lang()),
                total=format_number(len(everything), lang()),
            )
        )
    table_with_downloads(
        shown,
        key=key,
        file_stem=file_stem,
        column_labels=labels,
        column_config=config,
        height=height,
        download_frame=everything,
    )


def translated(values: pd.Series, prefix: str) -> pd.Series:
    """Each code in ``values`` written as its text ``prefix + code``; missing stays missing."""
    # each distinct code looked up once: a lookup per row of 100,000s took seconds
    texts = {code: T(prefix + code) for code in values.dropna().unique()}
    return values.map(lambda v: texts.get(v, v))


def translated_choice(
    container,
    kind: str,
    label: str,
    options: Sequence[str],
    *,
    key: str,
    prefix: str,
    default,
    special: dict[str, str] | None = None,
    **kwargs,
):
    """A choice whose option labels are texts ``prefix + option``: ``kind`` is selectbox,
    segmented or multiselect.

    The widget has one key per language (the browser keeps a widget's old labels while its
    key stays); the choice is kept under a language-neutral name, so a language switch keeps it.
    """
    kept_name = f"_kept_{key}"
    kept = st.session_state.get(kept_name, default)
    common = {"format_func": option_labels(prefix, special), "key": f"{key}_{lang()}", **kwargs}
    if kind == "selectbox":
        value = container.selectbox(label, options, index=list(options).index(kept), **common)
    elif kind == "segmented":
        value = container.segmented_control(label, options, default=kept, required=True, **common)
    else:
        value = container.multiselect(label, options, default=kept, **common)
    st.session_state[kept_name] = value
    return value
