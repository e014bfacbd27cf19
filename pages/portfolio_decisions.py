"""Decisions and ratings: make accounts key accounts or remove them, with a reason, who and
when; the decisions worth a second look under the current ranking; the history; and the 1..5
ratings behind the qualitative criteria, edited in a table."""

import streamlit as st

from kapanalytics import keyaccounts, ratings
from kapanalytics import selection_view as sv
from kapanalytics.criteria import RATING_CRITERIA, account_criteria_frame
from kapanalytics.errors import KapError
from kapanalytics.format import MISSING, format_number
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.table_view import ROW_CHOICES, first_rows, matching_rows
from pages._selection_ui import (
    KEPT_USER,
    account_choice,
    criterion_name,
    explained_table,
    metric_cards,
    selection_filters,
    selection_or_stop,
    user_name,
)
from pages._ui import (
    T,
    connection,
    current_user,
    filters,
    lang,
    may_change,
    option_labels,
    query,
)

# a ranked account with its latest decision, as the lists of this page show it
DECISION_COLUMNS = (
    "rank",
    "name",
    "account_id",
    "class",
    "score",
    "decision_reason",
    "decided_by",
    "decided_at",
)
RATINGS_GENERATION = "_selection_ratings_generation"
RATINGS_FLASH = "_selection_ratings_flash"

FLASH = "_decisions_flash"


def record(account_id: str, name: str, action_key: str) -> None:
    """Record the decision on screen (a button callback, so the page then shows it)."""
    user = st.session_state.get(KEPT_USER, "")
    action = st.session_state[action_key]
    reason = st.session_state.get("decisions_reason", "").strip()
    if not user:
        st.session_state[FLASH] = ("error", T("selection.user_needed"))
        return
    if not reason:
        st.session_state[FLASH] = ("error", T("selection.decisions.reason_needed"))
        return
    try:
        keyaccounts.record_decision(
            connection(), account_id, action == "make", reason, user, actor=current_user()
        )
    except KapError as exc:
        st.session_state[FLASH] = ("error", str(exc))
        return
    st.session_state["decisions_reason"] = ""
    st.session_state[FLASH] = (
        "success",
        T(f"selection.decisions.recorded.{action}", name=name, who=user),
    )


chosen = filters()
st.title(T("selection.decisions.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
definitions = metric_definitions()
user = user_name()
config, frame, scored, ranked = selection_or_stop()
review = sv.key_account_review(ranked)
st.caption(
    T("selection.decisions.caption", config=config.name, level=T(f"selection.level.{config.level}"))
)
metric_cards(
    {
        "key_account_count": format_number(int(ranked["is_key_account"].sum()), language),
        "review_add": format_number(int((review["kind"] == "add").sum()), language),
        "review_check": format_number(int((review["kind"] == "review").sum()), language),
    }
)

decide_tab, list_tab, ratings_tab = st.tabs(
    [
        T("selection.decisions.tab.decide"),
        T("selection.decisions.tab.list"),
        T("selection.decisions.tab.ratings"),
    ]
)

with decide_tab:
    account_id = account_choice(ranked, key="decisions")
    if account_id is not None:
        row = ranked[ranked["account_id"] == account_id].iloc[0]
        status = "yes" if row["is_key_account"] else "no"
        st.caption(
            T(
                f"selection.decisions.status.{status}",
                rank=format_number(row["rank"], language),
                score=format_number(row["score"], language, 1),
                cls=row["class"],
            )
        )
        # a key per account and status: after a decision the choice starts from the new status
        action_key = f"decisions_action_{language}_{account_id}_{status}"
        st.segmented_control(
            T("selection.decisions.action"),
            ("make", "remove"),
            format_func=option_labels("selection.decisions.action."),
            default="remove" if row["is_key_account"] else "make",
            required=True,
            key=action_key,
        )
        st.text_area(
            T("selection.decisions.reason"),
            key="decisions_reason",
            max_chars=500,
            help=T("selection.decisions.reason.help"),
        )
        st.button(
            T("selection.decisions.record"),
            key="decisions_record",
            icon=":material/gavel:",
            disabled=not may_change("decisions", account_id),
            on_click=record,
            args=(account_id, str(row["name"]), action_key),
        )
    flash = st.session_state.pop(FLASH, None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])
    st.subheader(T("selection.decisions.review_title"))
    st.caption(
        T("selection.decisions.review_caption", first_class=ranked["class"].cat.categories[0])
    )
    # the kind says whether it is a key account today
    shown_review = review.assign(
        kind=review["kind"].map(lambda k: T(f"selection.decisions.kind.{k}"))
    )
    explained_table(
        shown_review[["kind", *DECISION_COLUMNS]],
        key="decisions_review",
        file_stem="key_account_review",
        search_columns=("name", "account_id"),
    )

with list_tab:
    st.subheader(T("selection.decisions.current"))
    current = ranked[ranked["is_key_account"]]
    explained_table(
        current[list(DECISION_COLUMNS)],
        key="decisions_current",
        file_stem="key_accounts",
        search_columns=("name", "account_id"),
    )
    st.subheader(T("selection.decisions.history"))
    history = query(keyaccounts.decision_history, account_ids=chosen.account_ids)
    explained_table(
        history.drop(columns="decision_id"),
        key="decisions_history",
        file_stem="key_account_decisions",
        search_columns=("name", "account_id", "decided_by", "reason"),
    )

with ratings_tab:
    st.caption(T("selection.decisions.ratings_caption"))
    accounts = query(account_criteria_frame, selection_filters(), level="account")
    if config.level == "account":
        order = ranked[["account_id", "name"]]
    else:
        # at the group level the ranked rows are groups; ratings belong to single accounts
        order = accounts.sort_values(["revenue_l12m", "account_id"], ascending=[False, True])
        order = order[["account_id", "name"]]
    search_column, rows_column = st.columns([3, 1])
    search = search_column.text_input(
        T("selection.search"), key="ratings_search", placeholder=T("selection.search_hint")
    )
    limit = rows_column.selectbox(T("selection.rows_shown"), ROW_CHOICES, key="ratings_rows")
    shown = first_rows(matching_rows(order, search, ("name", "account_id")), limit)
    before = query(ratings.ratings_table, tuple(shown["account_id"]))
    before.insert(1, "name", shown["name"].to_numpy())
    generation = st.session_state.get(RATINGS_GENERATION, 0)
    editor_config = {
        "account_id": st.column_config.TextColumn(T("col.account_id")),
        "name": st.column_config.TextColumn(T("col.name")),
        **{
            key: st.column_config.NumberColumn(
                criterion_name(key),
                min_value=1,
                max_value=5,
                step=1,
                format="%d",
                help=definitions[key][f"help_{language}"],
            )
            for key in RATING_CRITERIA
        },
    }
    edited = st.data_editor(
        before,
        key=f"ratings_editor_{generation}",
        hide_index=True,
        disabled=["account_id", "name"],
        column_config=editor_config,
        placeholder=MISSING,
    )
    changes = ratings.changed_ratings(before.drop(columns="name"), edited.drop(columns="name"))
    st.caption(T("selection.decisions.ratings_pending", count=len(changes)))
    if st.button(
        T("selection.decisions.ratings_save"),
        key="ratings_save",
        disabled=not changes or not may_change("ratings"),
        icon=":material/save:",
    ):
        if not user:
            st.error(T("selection.user_needed"))
        else:
            try:
                saved = ratings.record_ratings(connection(), changes, user, actor=current_user())
            except KapError as exc:
                st.error(str(exc))
            else:
                # a new editor shows the stored ratings
                st.session_state[RATINGS_GENERATION] = generation + 1
                st.session_state[RATINGS_FLASH] = T(
                    "selection.decisions.ratings_saved", count=saved, who=user
                )
                st.rerun()
    if RATINGS_FLASH in st.session_state:
        st.success(st.session_state.pop(RATINGS_FLASH))
    st.subheader(T("selection.decisions.ratings_latest"))
    latest = query(ratings.latest_ratings, tuple(shown["account_id"]))
    latest["criterion"] = latest["criterion"].map(criterion_name)
    latest.insert(1, "name", latest["account_id"].map(shown.set_index("account_id")["name"]))
    # the newest first: who rated what last is what one looks for after saving
    latest = latest.sort_values(["rated_at", "account_id"], ascending=[False, True])
    explained_table(latest, key="ratings_latest", file_stem="latest_ratings")
