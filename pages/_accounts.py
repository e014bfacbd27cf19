"""What the account pages share: the account picker, the user's name, labelled tables.

The chosen account is kept beside the widgets (and in the address as ``?account=ID``), so it
stays chosen when the user moves between the 360, the power map and the plan, or reloads.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kapanalytics import account360
from kapanalytics.i18n import TEXTS
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.plan_export import column_titles
from pages._ui import T, current_user, filters, lang, query, table_with_downloads

KEPT_ACCOUNT = "_accounts_account"
KEPT_AUTHOR = "_accounts_author"


def account_page(title_key: str) -> str:
    """The page's title and the account the user picks; stops the page while there is no data
    yet or no account matches."""
    st.title(T(title_key))
    if filters() is None or query(account360.search_accounts, "", None, limit=1).empty:
        st.info(T("common.empty_database"))
        st.stop()
    account_id = pick_account()
    if account_id is None:
        st.stop()
    return account_id


def pick_account() -> str | None:
    """A search box and a searchable list of the matching accounts (at most
    :data:`account360.SEARCH_LIMIT`, key accounts and large ones first); returns the chosen id.

    The sidebar's account filters narrow the list; only the listed accounts' names reach the
    browser.
    """
    kept = st.query_params.get("account") or st.session_state.get(KEPT_ACCOUNT)
    left, right = st.columns([1, 2])
    text = left.text_input(
        T("accounts.search"),
        key="accounts_search",
        placeholder=T("accounts.search.placeholder"),
        help=T("accounts.search.help"),
    )
    found = query(account360.search_accounts, text, filters())
    options = found["account_id"].tolist()
    names = dict(zip(found["account_id"], found["name"], strict=True))
    if kept and kept not in options and not text.strip():
        # the account chosen before stays in the list while nothing is searched
        # through the same filters, so a signed-in manager never reaches another's account
        known = query(account360.search_accounts, kept, filters(), limit=1)
        if len(known) and known["account_id"].iloc[0] == kept:
            options.insert(0, kept)
            names[kept] = known["name"].iloc[0]
    if not options:
        right.info(T("accounts.search.none"))
        return None
    chosen = right.selectbox(
        T("accounts.account"),
        options,
        index=options.index(kept) if kept in options else 0,
        format_func=lambda a: f"{names.get(a) or a} ({a})",
        key=f"accounts_pick_{text.strip().lower()}",
    )
    st.session_state[KEPT_ACCOUNT] = chosen
    if st.query_params.get("account") != chosen:
        st.query_params["account"] = chosen
    return chosen


def account_status(account_id: str) -> dict:
    """:func:`account360.account_status` of the account, from the portfolio's standing kept
    in the cache: only the first account's page computes it."""
    return account360.standing_of(
        query(account360.portfolio_standing),
        account_id,
        query(account360.budget_standing, account_id),
    )


def author() -> str:
    """The user's name for what they save: the signed-in user's, else asked once and kept for
    every account page."""
    user = current_user()
    if user is not None:
        return user.name
    name = st.sidebar.text_input(
        T("accounts.author"),
        value=st.session_state.get(KEPT_AUTHOR, ""),
        key="accounts_author",
        help=T("accounts.author.help"),
    )
    st.session_state[KEPT_AUTHOR] = name
    return name.strip()


def labels(*columns: str) -> dict[str, str]:
    """Column -> its title in the user's language (:func:`plan_export.column_titles`)."""
    return column_titles(list(columns), lang())


def table(frame: pd.DataFrame, *, key: str, file_stem: str, height: int | str = "auto") -> None:
    """A table with CSV and Excel downloads, its columns labelled in the user's language."""
    frame = frame.copy()
    frame.attrs = {}  # dates kept in attrs cannot travel to the browser
    definitions = metric_definitions()
    shares = [
        c
        for c in frame.columns
        if c in SHARE_COLUMNS or definitions.get(c, {}).get("unit") == "ratio"
    ]
    table_with_downloads(
        frame,
        key=key,
        file_stem=file_stem,
        column_labels=labels(*frame.columns),
        column_config={c: st.column_config.NumberColumn(format="percent") for c in shares},
        height=height,
    )


SHARE_COLUMNS = ("probability",)
"""Columns holding shares (0.25 = 25 %) that are no metric of the catalogue."""


def translated(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    """``frame`` with the codes of ``column`` written as the texts ``prefix + code``."""
    codes = frame[column].astype(object)
    words = [
        T(f"{prefix}{c}") if isinstance(c, str) and f"{prefix}{c}" in TEXTS else c for c in codes
    ]
    return frame.assign(**{column: words})
