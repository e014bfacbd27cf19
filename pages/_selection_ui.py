"""What the key-account selection pages share: the configuration on screen, the name people
record under, the ranked list, tables whose columns explain themselves, and one account's
score as a waterfall.

The configuration being edited lives in session state as a draft (the JSON form of
:class:`kapanalytics.scoring.SelectionConfig` and the saved version it started from), not in
the widgets: Streamlit forgets a widget's value once its page is left, and the matrix and
decisions pages score with the same configuration as the selection page.

(Not ``_selection.py``: Streamlit's test runner would take a file named like the page's URL
path, ``selection``, for that page.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from kapanalytics import charts_selection, keyaccounts, store
from kapanalytics.criteria import CRITERIA, account_criteria_frame
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, default_period
from kapanalytics.format import MISSING, format_number
from kapanalytics.i18n import TEXTS
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.scoring import Scorer, SelectionConfig, default_config, score_accounts
from kapanalytics.selection_configs import (
    DEFAULT_CONFIG_NAME,
    latest_version,
    load_config,
    ranked_with_decisions,
)
from kapanalytics.selection_view import criterion_value_text, score_breakdown
from kapanalytics.stability import stability
from kapanalytics.table_view import ROW_CHOICES, first_rows, matching_rows
from pages._ui import (
    T,
    connection,
    current_user,
    filters,
    lang,
    query,
    shared_cache,
    table_with_downloads,
)

SELECTION_PAGE = "pages/portfolio_selection.py"
DRAFT = "_selection_draft"
KEPT_USER = "_selection_user"
# the widgets that show the draft; loading a configuration drops them so they show the new one
SETTING_WIDGETS = (
    "selection_criteria_",
    "selection_weight_",
    "selection_norm_",
    "selection_missing_",
    "selection_level_",
    "selection_method_",
    "selection_cutoff_",
    "selection_class_",
    "selection_name",
)
STABILITY_DRAWS, STABILITY_SPREAD, STABILITY_SEED = 500, 0.2, 0

# columns named otherwise than the metric that explains them
METRIC_OF_COLUMN = {
    "rank": "selection_rank",
    "base_rank": "selection_rank",
    "fragile": "fragile_selection",
    "normalised": "normalised_value",
}
NUMBER_FORMATS = {"money": "localized", "count": "localized", "ratio": "percent"}


# ---- who ---------------------------------------------------------------------------------------


def user_name() -> str:
    """The name decisions, ratings and configurations are recorded under: the signed-in
    user's, or while sign-in is off a sidebar field, kept for the session across pages."""
    user = current_user()
    if user is not None:
        st.session_state[KEPT_USER] = user.name
        return user.name
    if "selection_user" not in st.session_state:
        st.session_state["selection_user"] = st.session_state.get(KEPT_USER, "")
    name = st.sidebar.text_input(
        T("selection.user"), key="selection_user", help=T("selection.user.help")
    )
    st.session_state[KEPT_USER] = name.strip()
    return name.strip()


def selection_filters() -> Filters:
    """The sidebar's account filters over the selection's own window (the 12 months ending on
    the analysis date): the criteria ignore the sidebar's period, so choosing another period
    must not compute them again."""
    return filters().with_period(query(default_period))


# ---- the configuration on screen ---------------------------------------------------------------


def draft() -> dict:
    """The configuration being edited: ``{"config": <to_dict form>, "version": n,
    "loaded_name": name}``, where version is the saved version of ``loaded_name`` it started
    from (0 and None for a configuration never saved).

    A session starts from the saved configuration called ``default``, or the built-in
    starting configuration while none is saved.
    """
    if DRAFT not in st.session_state:
        con = connection()
        if latest_version(con, DEFAULT_CONFIG_NAME):
            saved = load_config(con, DEFAULT_CONFIG_NAME)
            set_draft(saved.config.to_dict(), saved.version)
        else:
            set_draft(default_config(DEFAULT_CONFIG_NAME).to_dict(), 0)
    return st.session_state[DRAFT]


def set_draft(config: dict, version: int) -> None:
    """Show ``config`` (to_dict form) as the configuration on screen, started from saved
    ``version`` of its name (0: not saved).

    Call it from a widget callback: it drops the settings' widgets, which then show the new
    draft when the page runs.
    """
    st.session_state[DRAFT] = {
        "config": config,
        "version": version,
        "loaded_name": config["name"] if version else None,
    }
    for key in list(st.session_state.keys()):
        if str(key).startswith(SETTING_WIDGETS):
            del st.session_state[key]


def current_config() -> SelectionConfig:
    """The configuration on screen; stops the page with the reason when it gives no score."""
    try:
        return SelectionConfig.from_dict(draft()["config"])
    except ConfigurationError:
        st.warning(T("selection.config_invalid_elsewhere"))
        st.page_link(SELECTION_PAGE, label=T("selection.page.selection"))
        st.stop()


# ---- the ranked list ---------------------------------------------------------------------------


def scored_selection(config: SelectionConfig) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The criteria frame of the filtered accounts at the configuration's level, its scores,
    and the ranked list with the current decisions (``version`` of the draft when saved).

    The scores and the ranked list are cached like the stability: until the data (decisions
    included), the filters or the configuration change; a rerun that changes none of them
    (a click in a table, another tab) does not score 200,000 accounts again."""
    frame = query(account_criteria_frame, selection_filters(), level=config.level)
    scored, ranked = _scored(
        frame,
        query(keyaccounts.current_key_accounts),
        query(keyaccounts.decision_history),
        _frame_key(config),
        json.dumps(config.to_dict(), sort_keys=True),
        draft()["version"] or None,
    )
    return frame, scored, ranked


def scored_key(config: SelectionConfig) -> str:
    """What the scores of :func:`scored_selection` depend on, as a cache key for figures
    computed from them: data version, filters, level, configuration and its version."""
    config_json = json.dumps(config.to_dict(), sort_keys=True)
    return f"{_frame_key(config)}|{config_json}|{draft()['version'] or None}"


def _frame_key(config: SelectionConfig) -> str:
    return f"{store.data_version(connection())}|{selection_filters()!r}|{config.level}"


@shared_cache(max_entries=16)
def _scored(
    _frame: pd.DataFrame,
    _key_accounts: list[str],
    _decisions: pd.DataFrame,
    frame_key: str,
    config_json: str,
    config_version: int | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    # the frames stay out of the cache key: frame_key (data version, filters, level) names
    # them, as for the stability
    config = SelectionConfig.from_dict(json.loads(config_json))
    scored = score_accounts(_frame, config)
    # every page shows a row's own decision, the group head's at the group level
    scored["is_key_account"] = scored["account_id"].isin(set(_key_accounts))
    ranked = ranked_with_decisions(
        scored, config, _key_accounts, _decisions, config_version=config_version
    )
    return scored, ranked


def selection_or_stop() -> tuple[SelectionConfig, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The configuration on screen and :func:`scored_selection` of it, for the pages that
    follow the selection page; stops the page when it gives no score or there are no
    accounts."""
    config = current_config()
    frame, scored, ranked = scored_selection(config)
    if frame.empty:
        st.info(T("common.no_data"))
        st.stop()
    return config, frame, scored, ranked


@shared_cache(max_entries=16)
def _stability(_frame: pd.DataFrame, frame_key: str, config_json: str) -> pd.DataFrame:
    # _frame stays out of the cache key (hashing it would cost as much as a re-score):
    # frame_key (data version, filters, level) names it
    config = SelectionConfig.from_dict(json.loads(config_json))
    return stability(
        Scorer.from_frame(_frame, config),
        config,
        draws=STABILITY_DRAWS,
        spread=STABILITY_SPREAD,
        seed=STABILITY_SEED,
    )


def ranking_stability(frame: pd.DataFrame, config: SelectionConfig) -> pd.DataFrame:
    """:func:`kapanalytics.stability.stability` of the configuration on the criteria frame,
    cached until the data, the filters or the configuration change."""
    return _stability(frame, _frame_key(config), json.dumps(config.to_dict(), sort_keys=True))


# ---- tables ------------------------------------------------------------------------------------


def criterion_name(key: str) -> str:
    return charts_selection.criterion_label(key, lang())


def column_setup(
    frame: pd.DataFrame, metric_keys: dict[str, str] | None = None
) -> tuple[dict[str, str], dict]:
    """Labels and column configs of every column, with the definition on hover.

    A criterion's column (raw, ``_normalised`` or ``_contribution``) is named after the
    criterion; any other column takes its metric (``metric_keys``, :data:`METRIC_OF_COLUMN`
    or its own name) from the catalogue, its label from the ``selection.col.*`` or ``col.*``
    texts, else the metric's label.
    """
    definitions = metric_definitions()
    language = lang()
    mapping = {**METRIC_OF_COLUMN, **(metric_keys or {})}
    labels, config = {}, {}
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column].dtype):
            # who decided or rated when: the time of day belongs to the record
            config[column] = st.column_config.DatetimeColumn(
                format="DD.MM.YYYY HH:mm" if language == "de" else "YYYY-MM-DD HH:mm"
            )
        base, _, suffix = str(column).rpartition("_")
        if column in CRITERIA:
            labels[column] = criterion_name(column)
            key, extra = column, None
        elif base in CRITERIA and suffix in ("normalised", "contribution"):
            labels[column] = T(f"selection.col.{suffix}_of", criterion=criterion_name(base))
            key = "normalised_value" if suffix == "normalised" else "contribution"
            extra = definitions[base][f"help_{language}"]
        else:
            key, extra = mapping.get(column, column), None
            labels[column] = _label(column, definitions.get(key))
        definition = definitions.get(key)
        if definition is None:
            continue
        help_text = definition[f"help_{language}"] + (f"\n\n{extra}" if extra else "")
        unit = definition["unit"]
        if column == "rank_movement":
            config[column] = st.column_config.NumberColumn(format="%+d", help=help_text)
        elif unit in NUMBER_FORMATS:
            config[column] = st.column_config.NumberColumn(
                format=NUMBER_FORMATS[unit], help=help_text
            )
        elif unit in ("points", "rating"):
            config[column] = st.column_config.NumberColumn(format="%.1f", help=help_text)
        elif pd.api.types.is_bool_dtype(frame[column].dtype):
            config[column] = st.column_config.CheckboxColumn(help=help_text)
        else:
            config[column] = st.column_config.TextColumn(help=help_text)
    return labels, config


def _label(column: str, definition: dict | None) -> str:
    if f"selection.col.{column}" in TEXTS:
        return T(f"selection.col.{column}")
    if f"col.{column}" in TEXTS:
        return T(f"col.{column}")
    if definition:
        return definition[f"label_{lang()}"]
    return str(column)


def explained_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_stem: str,
    metric_keys: dict[str, str] | None = None,
    search_columns: Sequence[str] = (),
    download_frame: pd.DataFrame | None = None,
    height: int | str = "auto",
) -> pd.DataFrame:
    """A table with labelled, explained columns and CSV / Excel downloads; returns the rows
    shown.

    With ``search_columns`` a search box and a row limit come first, and at most that many
    rows go to the browser; the downloads hold every matching row (of ``download_frame``,
    when given, which has the same rows with more columns).
    """
    # attributes (the analysis date) are notes of the analysis, not part of the table
    frame = frame.copy(deep=False)
    frame.attrs = {}
    if download_frame is not None:
        download_frame = download_frame.copy(deep=False)
        download_frame.attrs = {}
    shown, everything = frame, download_frame
    if search_columns:
        left, right = st.columns([3, 1])
        search = left.text_input(
            T("selection.search"), key=f"{key}_search", placeholder=T("selection.search_hint")
        )
        limit = right.selectbox(T("selection.rows_shown"), ROW_CHOICES, index=1, key=f"{key}_rows")
        matching = matching_rows(frame, search, search_columns)
        shown = first_rows(matching, limit)
        # the downloads hold the matching rows with every column of download_frame
        everything = matching if download_frame is None else download_frame.loc[matching.index]
        st.caption(
            T(
                "selection.showing",
                shown=format_number(len(shown), lang()),
                total=format_number(len(matching), lang()),
            )
        )
    labels, config = column_setup(everything if everything is not None else shown, metric_keys)
    table_with_downloads(
        shown,
        key=key,
        file_stem=file_stem,
        column_labels=labels,
        column_config=config,
        height=height,
        download_frame=everything,
        placeholder=MISSING,
    )
    return shown


# ---- accounts and cards ------------------------------------------------------------------------

MAX_ACCOUNT_CHOICES = 500
"""Accounts a choice box offers at most; the search narrows the ranked list first."""


def account_choice(ranked: pd.DataFrame, *, key: str) -> str | None:
    """A search box and a choice among the matching ranked accounts, in rank order; None (and
    a note) when nothing matches. Widget keys: ``<key>_search`` and ``<key>_account``."""
    search_column, choice_column = st.columns([1, 2])
    search = search_column.text_input(
        T("selection.find_account"), key=f"{key}_search", placeholder=T("selection.search_hint")
    )
    options = matching_rows(ranked, search, ("name", "account_id")).head(MAX_ACCOUNT_CHOICES)
    if options.empty:
        st.info(T("selection.no_match"))
        return None
    offered = options["account_id"].tolist()
    return choice_column.selectbox(
        T("selection.account"),
        offered,
        format_func=account_label(ranked, offered),
        key=f"{key}_account",
    )


def metric_cards(values: dict[str, str]) -> None:
    """One bordered card per metric of the catalogue, side by side: its label, the value as
    written, its definition on hover."""
    definitions = metric_definitions()
    language = lang()
    for column, (key, text) in zip(st.columns(len(values)), values.items(), strict=True):
        column.metric(
            definitions[key][f"label_{language}"],
            text,
            help=definitions[key][f"help_{language}"],
            border=True,
        )


# ---- why -------------------------------------------------------------------------------------


def account_label(ranked: pd.DataFrame, offered: list[str]):
    """A ``format_func`` writing an account id of ``offered`` as "name (id) · rank n"."""
    # only the few hundred accounts a choice box offers: a dictionary of every ranked account
    # took seconds for 200,000 of them on every rerun
    rows = ranked[ranked["account_id"].isin(offered)]
    ids = rows["account_id"].tolist()
    names = dict(zip(ids, rows["name"].tolist(), strict=True))
    ranks = dict(zip(ids, rows["rank"].tolist(), strict=True))
    template = T("selection.account_option")

    def label(account_id: str) -> str:
        return template.format(
            name=names.get(account_id, ""), id=account_id, rank=ranks.get(account_id, "–")
        )

    return label


def score_explanation(
    scored: pd.DataFrame, account_id: str, config: SelectionConfig, *, key: str, currency: str
) -> None:
    """The waterfall of one account's score by criterion, and the same as a table."""
    breakdown = score_breakdown(scored, account_id, config)
    st.plotly_chart(charts_selection.score_waterfall(breakdown, lang()), key=f"{key}_waterfall")
    breakdown["value"] = [
        criterion_value_text(k, v, lang(), currency)
        for k, v in zip(breakdown["criterion"], breakdown["value"], strict=True)
    ]
    breakdown["criterion"] = [criterion_name(k) for k in breakdown["criterion"]]
    explained_table(breakdown, key=f"{key}_table", file_stem=f"score_{account_id}")
