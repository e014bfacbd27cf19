"""Plans across the portfolio: which key accounts have no plan, which plans are stale, where
actions are overdue."""

import streamlit as st

from kapanalytics import account360, plan_review
from kapanalytics.format import format_date
from pages._accounts import table, translated
from pages._ui import T, filters, lang, query

st.title(T("accounts.page.plans"))
if query(account360.search_accounts, "", None, limit=1).empty:
    st.info(T("common.empty_database"))
    st.stop()
as_of = query(plan_review.judged_day)
review_days = st.columns([1, 3])[0].number_input(
    T("accounts.plan.review_days"),
    7,
    730,
    plan_review.DEFAULT_REVIEW_DAYS,
    key="plans_review_days",
)
overview = query(plan_review.plans_overview, review_days=int(review_days), filters=filters())
st.caption(T("accounts.plans.caption", as_of=format_date(as_of, lang()), days=int(review_days)))
cards = st.columns(len(plan_review.PLAN_STATES))
for card, state in zip(cards, plan_review.PLAN_STATES, strict=True):
    card.metric(
        T(f"accounts.plan_state.{state}"),
        int((overview["state"] == state).sum()),
        help=T(f"accounts.plan_state.{state}.help", days=int(review_days)),
        border=True,
    )
if overview.empty:
    st.info(T("accounts.plans.none"))
else:
    table(
        translated(overview, "state", "accounts.plan_state."), key="plans_table", file_stem="plans"
    )
    st.caption(T("accounts.plans.open_hint"))
