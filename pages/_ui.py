"""What every page shares: the database connection, the language, the filters, cached queries,
and tables with their downloads. Layout helpers only; every figure comes from ``kapanalytics``.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from kapanalytics import access, i18n, store
from kapanalytics import filters as flt
from kapanalytics.errors import DatabaseCorruptError, KapError
from kapanalytics.export import frame_to_csv_bytes, frame_to_xlsx_bytes
from kapanalytics.shared_values import fresh_copy

SAMPLES_DIR = store.PROJECT_ROOT / "data" / "samples"


# ---- language ---------------------------------------------------------------------------------


def lang() -> str:
    return st.session_state.get("lang", "en")


def T(key: str, **values: object) -> str:  # noqa: N802 - reads like a translation marker
    """The user-facing text of ``key`` in the session's language."""
    return i18n.t(key, lang(), **values)


def option_labels(prefix: str, special: dict[str, str] | None = None) -> Callable[[str], str]:
    """A ``format_func`` writing option ``o`` as the text ``prefix + o`` (or ``special[o]``).

    The language is read now, while the script runs: Streamlit may call a ``format_func``
    outside the script run, where session state is not available.
    """
    language = lang()
    fixed = special or {}

    def label(option: str) -> str:
        return fixed[option] if option in fixed else i18n.t(f"{prefix}{option}", language)

    return label


# ---- database ---------------------------------------------------------------------------------


def database_path() -> str:
    return os.environ.get("KAP_DB") or str(store.DEFAULT_DB_PATH)


@st.cache_resource(show_spinner=False)
def _open_database(path: str) -> duckdb.DuckDBPyConnection:
    """The server's one connection to the file; built with the demo company on first start."""
    con = store.connect(path)
    if store.is_empty(con):
        from kapanalytics.demo import build_demo, write_samples

        build_demo(con)
        write_samples(SAMPLES_DIR)
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor of the server's connection for this session (one per session thread).

    Stops the page with a clear message and a way forward when the file cannot be used, and
    with the sign-in form while sign-in is on and no one has signed in.
    """
    _require_sign_in()
    try:
        with st.spinner(T("common.building_demo")):
            base = _open_database(database_path())
    except DatabaseCorruptError as exc:
        _damaged_database(exc)
        st.stop()
    except KapError as exc:
        st.error(T("common.database_error", error=exc))
        st.stop()
    moved = st.session_state.pop("_database_moved_to", None)
    if moved:
        st.success(T("common.database_moved", path=moved))
    cursor = st.session_state.get("_cursor")
    if cursor is None or st.session_state.get("_cursor_base") is not id(base):
        cursor = base.cursor()
        st.session_state["_cursor"] = cursor
        st.session_state["_cursor_base"] = id(base)
    return cursor


# ---- sign-in and roles (kapanalytics.access) -------------------------------------------------

USER = "_user"


def access_config() -> access.AccessConfig:
    """The users of ``.streamlit/secrets.toml``; sign-in is off without any."""
    try:
        secrets = st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets file (the demo): sign-in is off
        secrets = {}
    return access.AccessConfig.from_secrets(secrets)


def _require_sign_in() -> None:
    """Show the sign-in form and stop the run until a configured user has signed in."""
    try:
        config = access_config()
    except KapError as exc:
        # a broken user list must not open the app to everyone
        st.error(T("access.config_error", error=exc))
        st.stop()
    if not config.enabled or st.session_state.get(USER) is not None:
        return
    with st.form(key="sign_in"):
        st.subheader(T("access.sign_in"))
        login = st.text_input(T("access.login"), key="sign_in_login")
        password = st.text_input(T("access.password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(T("access.sign_in"), type="primary")
    if submitted:
        user = config.authenticate(login, password)
        if user is None:
            st.error(T("access.wrong"))
        else:
            st.session_state[USER] = user
            st.rerun()
    st.stop()


def current_user() -> access.User | None:
    """The signed-in user with their own accounts (None while sign-in is off).

    Pass it as ``actor`` to the library's write functions, which refuse what the role may not
    change.
    """
    user = st.session_state.get(USER)
    if user is None or user.sees_everything:
        return user
    return replace(user, accounts=query(access.owned_accounts, user.owner))


def may_change(what: str, account_id: str | None = None) -> bool:
    """Whether the signed-in user may change ``what`` (on ``account_id``): to disable controls."""
    return access.may_change(current_user(), what, connection(), account_id)


def require_seeing_everything() -> None:
    """Stop a page that shows every account's data for a user who sees only their own."""
    user = current_user()
    if user is not None and not user.sees_everything:
        st.info(T("access.page_not_for_role", role=T(f"access.role.{user.role}")))
        st.stop()


def _sign_out() -> None:
    st.session_state.pop(USER, None)


def _signed_in_box(user: access.User) -> None:
    st.caption(T("access.signed_in", name=user.name, role=T(f"access.role.{user.role}")))
    st.button(T("access.sign_out"), key="sign_out", on_click=_sign_out)


def _damaged_database(error: KapError) -> None:
    """The file cannot be opened: say so, and offer to set it aside and start on the demo."""
    path = Path(database_path())
    st.error(T("common.database_error", error=error))
    st.markdown(T("common.database_way_forward", name=path.name, path=path))
    if st.button(T("common.database_move_aside"), key="database_move_aside", type="primary"):
        st.session_state["_database_moved_to"] = str(store.move_aside(path))
        st.rerun()


def shared_cache(*, max_entries: int) -> Callable[[Callable], Callable]:
    """Cache a function's results for every session, as ``st.cache_data`` does (arguments
    whose name starts with ``_`` stay out of the key), and hand each caller a
    :func:`~kapanalytics.shared_values.fresh_copy`: safe to change, and without the pickling in
    and out that ``st.cache_data`` pays on every read (half of a warm page's script time for
    the selection's 200,000-row frames at size L)."""

    def decorate(func: Callable) -> Callable:
        cached = st.cache_resource(show_spinner=False, max_entries=max_entries)(func)

        @functools.wraps(func)
        def read(*args: object, **kwargs: object):
            return fresh_copy(cached(*args, **kwargs))

        read.clear = cached.clear  # type: ignore[attr-defined]
        return read

    return decorate


def query(func: Callable, *args: object, **kwargs: object):
    """``func(con, *args, **kwargs)`` cached until the data change.

    The cache key holds the function's name, its arguments and the data version, so a figure
    never outlives the data it was computed from. Each caller gets its own copy: safe to
    change.
    """
    con = connection()
    return _cached_query(
        con,
        func.__module__,
        func.__qualname__,
        store.data_version(con),
        args,
        tuple(sorted(kwargs.items())),
    )


@shared_cache(max_entries=512)
def _cached_query(
    _con: duckdb.DuckDBPyConnection, module: str, name: str, version: str, args: tuple, kwargs
):
    func = getattr(importlib.import_module(module), name)
    return func(_con, *args, **dict(kwargs))


def remembered(key: str, compute: Callable[[], object]):
    """``compute()`` cached under ``key`` and the data version.

    For what a page derives in pandas from cached query results (texts per account, a
    backtest's curves), so that a rerun does not derive it again. ``key`` must name
    everything ``compute`` depends on besides the data.
    """
    return _remembered(compute, key, store.data_version(connection()))


@shared_cache(max_entries=64)
def _remembered(_compute: Callable[[], object], key: str, version: str):
    return _compute()


# ---- filters ----------------------------------------------------------------------------------


PERIOD_CHOICES = ("last_12_months", "year_to_date", "previous_year", "custom")
KEPT_PERIOD_CHOICE = "_kept_period_choice"
KEPT_PERIOD_RANGE = "_kept_period_range"


def sidebar_filters() -> flt.Filters | None:
    """The shared sidebar: period and account filters. None when there are no invoice lines."""
    span = query(flt.data_date_range)
    with st.sidebar:
        st.subheader(T("sidebar.filters"))
        if span is None:
            st.caption(T("common.empty_database"))
            return None
        first, last = span
        # Widgets whose shown labels depend on the language get one key per language (the
        # browser keeps a widget's old labels while its key stays); the choice itself is kept
        # in a language-neutral place so switching language keeps it.
        choice = st.selectbox(
            T("sidebar.period"),
            PERIOD_CHOICES,
            index=PERIOD_CHOICES.index(st.session_state.get(KEPT_PERIOD_CHOICE, PERIOD_CHOICES[0])),
            format_func=option_labels("sidebar.period."),
            key=f"filter_period_choice_{lang()}",
            help=T("sidebar.period.help", end=_format_date(last)),
        )
        st.session_state[KEPT_PERIOD_CHOICE] = choice
        period = _period_for(choice, first, last)
        options = query(flt.filter_options)
        chosen = {}
        for name in flt.ACCOUNT_FILTER_FIELDS:
            chosen[name] = tuple(
                st.multiselect(
                    T(f"sidebar.filter.{name}"),
                    options[name],
                    key=f"filter_{name}",
                    placeholder=T("sidebar.filter.all"),
                    help=T("sidebar.filter.help"),
                )
            )
        st.button(T("sidebar.reset"), on_click=_reset_filters, key="filter_reset")
        st.caption(T("sidebar.database", path=Path(database_path()).name))
        user = current_user()
        if user is not None:
            _signed_in_box(user)
    return access.restrict(flt.Filters(period=period, **chosen), user)


def _period_for(choice: str, first: date, last: date) -> flt.Period:
    if choice == "year_to_date":
        return flt.year_to_date(last)
    if choice == "previous_year":
        return flt.previous_year(last)
    if choice == "custom":
        default = flt.last_12_months(last)
        kept = st.session_state.get(KEPT_PERIOD_RANGE, (default.start, default.end))
        picked = st.date_input(
            T("sidebar.period.range"),
            value=kept,
            min_value=first,
            max_value=last,
            key=f"filter_period_range_{lang()}",
            format="DD.MM.YYYY" if lang() == "de" else "YYYY-MM-DD",
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            st.session_state[KEPT_PERIOD_RANGE] = picked
            return flt.Period(picked[0], picked[1])
        return default
    return flt.last_12_months(last)


def _reset_filters() -> None:
    for name in flt.ACCOUNT_FILTER_FIELDS:
        st.session_state[f"filter_{name}"] = []
    for language in i18n.LANGUAGES:
        st.session_state.pop(f"filter_period_choice_{language}", None)
        st.session_state.pop(f"filter_period_range_{language}", None)
    st.session_state.pop(KEPT_PERIOD_CHOICE, None)
    st.session_state.pop(KEPT_PERIOD_RANGE, None)


def filters() -> flt.Filters | None:
    """The filters the sidebar set for this run."""
    return st.session_state.get("_filters")


# ---- formatting -------------------------------------------------------------------------------


def _format_date(value: date) -> str:
    from kapanalytics.format import format_date

    return format_date(value, lang())


# ---- tables -----------------------------------------------------------------------------------


def table_with_downloads(
    frame: pd.DataFrame,
    *,
    key: str,
    file_stem: str,
    column_labels: dict[str, str] | None = None,
    column_config: dict | None = None,
    height: int | str = "auto",
    download_frame: pd.DataFrame | None = None,
    placeholder: str | None = None,
) -> None:
    """Show ``frame`` and offer it as CSV and Excel, with the column names the user sees.

    ``download_frame`` (same columns) is what the downloads hold instead, when the page shows
    only part of a large table. ``placeholder`` is shown in empty cells (default: Streamlit's).
    """
    labels = column_labels or {}
    shown = frame.rename(columns=labels)
    downloaded = shown if download_frame is None else download_frame.rename(columns=labels)
    config = {**default_column_config(frame), **(column_config or {})}
    config = {labels.get(k, k): v for k, v in config.items()}
    st.dataframe(
        _rounded_for_display(frame).rename(columns=labels),
        hide_index=True,
        column_config=config,
        key=key,
        height=height,
        placeholder=placeholder,
    )
    buttons = st.container(horizontal=True)
    buttons.download_button(
        T("common.download_csv"),
        lambda: frame_to_csv_bytes(downloaded),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        help=T("common.download_help"),
        icon=":material/download:",
        on_click="ignore",
    )
    buttons.download_button(
        T("common.download_xlsx"),
        lambda: frame_to_xlsx_bytes(downloaded, sheet_name=file_stem),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        help=T("common.download_help"),
        icon=":material/download:",
        on_click="ignore",
    )


def _rounded_for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Amounts of a thousand and more without cents on screen; downloads keep every digit."""
    shown = frame.copy()
    for name in shown.columns:
        column = shown[name]
        is_amount = pd.api.types.is_float_dtype(column.dtype) and not str(name).endswith(
            SHARE_SUFFIXES
        )
        largest = column.abs().max() if is_amount else None
        # an empty or all-missing nullable column has no largest value (pd.NA)
        if is_amount and pd.notna(largest) and largest >= 1000:
            shown[name] = column.round(0)
    return shown


# Columns whose name ends like this hold shares (0.25 = 25 %).
SHARE_SUFFIXES = ("share", "_pct", "_rate", "share_of_revenue")


def default_column_config(frame: pd.DataFrame) -> dict:
    """Dates in the session language's order, numbers with thousands separators, shares as %."""
    date_format = "DD.MM.YYYY" if lang() == "de" else "YYYY-MM-DD"
    config = {}
    for name in frame.columns:
        dtype = frame[name].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            config[name] = st.column_config.DateColumn(format=date_format)
        elif pd.api.types.is_bool_dtype(dtype):
            continue
        elif pd.api.types.is_numeric_dtype(dtype):
            is_share = str(name).endswith(SHARE_SUFFIXES)
            config[name] = st.column_config.NumberColumn(
                format="percent" if is_share else "localized"
            )
    return config


def column_labels(*names: str) -> dict[str, str]:
    """Column name -> its label in the session's language, for the ``col.*`` texts."""
    return {name: T(f"col.{name}") for name in names}
