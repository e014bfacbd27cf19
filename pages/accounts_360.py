"""Account 360: one customer at a glance, as of the analysis date: its standing, key figures
over five years against its industry peers, product groups, white space, opportunities,
budget, touchpoints and the divisions of its group."""

import streamlit as st

from kapanalytics import (
    account360,
    budget,
    charts_accounts,
    charts_controlling,
    divisions,
    powermap,
    touchpoints,
)
from kapanalytics.filters import Filters, last_12_months
from kapanalytics.format import format_date, format_number
from kapanalytics.store import main_currency
from pages._accounts import account_page, account_status, table, translated
from pages._controlling import metric_card
from pages._ui import T, lang, query

account_id = account_page("accounts.page.360")
language = lang()
currency = query(main_currency)
as_of = query(account360.as_of_date)
profile = query(account360.account_profile, account_id)
status = account_status(account_id)

st.header(profile["name"] or account_id)
if profile["group_id"] != account_id:
    group = T("accounts.360.in_group", group=profile["group_name"])
elif profile["divisions"]:
    group = T("accounts.360.divisions", count=len(profile["divisions"]))
else:
    group = T("accounts.360.standalone")
st.caption(
    T(
        "accounts.360.caption",
        account_id=account_id,
        industry=profile["industry"] or "–",
        country=profile["country"] or "–",
        owner=profile["owner"] or "–",
        group=group,
        as_of=format_date(as_of, language),
    )
)
key_text = (
    format_date(profile["key_account_since"], language)
    if status["is_key_account"]
    else T("accounts.360.no_key_account")
)
cards = st.columns(4)
metric_card(cards[0], "abc_class", status["abc_class"], currency)
cards[1].metric(
    T("accounts.360.key_status"), key_text, border=True, help=T("accounts.360.key_help")
)
metric_card(
    cards[2],
    "score",
    status["selection_score"],
    currency,
    note=T("accounts.360.selection_class", name=status["selection_class"] or "–"),
)
drivers = ", ".join(T(f"retention.factor.{d}") for d in status["risk_drivers"]) or "–"
metric_card(cards[3], "risk_score", status["risk_score"], currency, note=drivers)
cards = st.columns(4)
for card, key in zip(
    cards, ("revenue_l12m", "share_of_wallet", "white_space", "attainment_ytd"), strict=True
):
    light = T(f"accounts.light.{status['ytd_light']}") if status["ytd_light"] else None
    metric_card(card, key, status[key], currency, note=light if key == "attainment_ytd" else None)

st.subheader(T("accounts.360.key_figures"))
st.caption(T("accounts.360.key_figures_caption"))
figures = query(account360.key_figures, account_id)
columns = st.columns(2)
for i, figure in enumerate(account360.KEY_FIGURES):
    columns[i % 2].plotly_chart(
        charts_accounts.key_figure_chart(figures, figure, language, currency),
        key=f"account_figure_{figure}",
    )
with st.expander(T("accounts.360.key_figures_table")):
    table(
        translated(figures, "figure", "accounts.figure."),
        key="account_figures",
        file_stem="key_figures",
    )

st.subheader(T("accounts.360.product_groups"))
groups = query(account360.revenue_by_product_group, account_id)
st.plotly_chart(
    charts_accounts.product_group_chart(groups, language, currency), key="account_groups_chart"
)
white = query(account360.account_white_space, account_id)
st.markdown(f"**{T('accounts.360.white_space')}**")
if white.empty:
    st.caption(T("accounts.360.no_white_space"))
else:
    table(white, key="account_white_space", file_stem="white_space")

st.subheader(T("accounts.360.opportunities"))
cards = st.columns(4)
for card, key in zip(cards[:2], ("won_opportunities", "lost_opportunities"), strict=True):
    value = "–" if status[key] is None else format_number(status[key], language)
    card.metric(T(f"accounts.360.{key}"), value, border=True, help=T("accounts.360.won_lost_help"))
metric_card(cards[2], "win_rate", status["win_rate"], currency)
metric_card(cards[3], "open_pipeline", status["open_pipeline"], currency)
deals = query(account360.account_opportunities, account_id)
table(
    translated(deals, "status", "accounts.status."),
    key="account_opportunities",
    file_stem="opportunities",
)

st.subheader(T("accounts.360.budget"))
everyone = Filters(period=last_12_months(as_of))
plan = query(budget.budget_by_month, everyone, year=as_of.year, account_id=account_id)
by_group = query(
    budget.budget_vs_actual, everyone, year=as_of.year, level="product_group", account_id=account_id
)
if by_group.empty:
    st.caption(T("accounts.360.no_budget", year=as_of.year))
else:
    st.plotly_chart(
        charts_controlling.budget_months_chart(plan, language, currency), key="account_budget"
    )
    table(by_group, key="account_budget_table", file_stem="budget_vs_actual")

st.subheader(T("accounts.360.touchpoints"))
timeline = query(touchpoints.touchpoint_timeline, [account_id], as_of)
cadence_class = touchpoints.cadence_class(status["is_key_account"], status["abc_class"])
cadence = touchpoints.cadence(timeline, as_of, cadence_class)
cards = st.columns(4)
cards[0].metric(
    T("accounts.360.cadence_class"),
    T(f"accounts.cadence.{cadence_class.replace(' ', '_')}"),
    border=True,
    help=T(f"accounts.cadence.{cadence_class.replace(' ', '_')}.help")
    + "\n\n"
    + T("accounts.360.cadence_help"),
)
metric_card(
    cards[1],
    "personal_touchpoints_l12m",
    cadence["personal_l12m"],
    currency,
    note=T("accounts.360.target", target=cadence["target"]),
)
metric_card(cards[2], "cadence_attainment", cadence["attainment"], currency)
metric_card(cards[3], "days_since_personal_touchpoint", cadence["days_since_personal"], currency)
if cadence["is_behind"]:
    st.warning(T("accounts.360.behind", target=cadence["target"], done=cadence["personal_l12m"]))
by_month = touchpoints.touchpoints_by_month(timeline, as_of)
st.plotly_chart(
    charts_accounts.touchpoints_chart(by_month, cadence["target"], language), key="account_touch"
)
contacts = query(powermap.power_map_contacts, account_id, include_divisions=False)
makers = touchpoints.decision_makers(contacts)
st.markdown(f"**{T('accounts.360.decision_makers')}**")
if makers.empty:
    st.caption(T("accounts.360.no_decision_maker"))
else:
    table(
        translated(makers, "freshness", "accounts.freshness."),
        key="account_makers",
        file_stem="decision_makers",
    )
with st.expander(T("accounts.360.timeline", count=format_number(len(timeline), language))):
    table(
        translated(timeline, "type", "accounts.type."),
        key="account_timeline",
        file_stem="touchpoints",
        height=300,
    )

st.subheader(T("accounts.360.divisions_title"))
matrix = query(divisions.divisions_matrix, account_id)
if matrix.empty:
    st.caption(T("accounts.360.no_divisions"))
else:
    st.plotly_chart(
        charts_accounts.divisions_chart(matrix, language, currency), key="account_divisions"
    )
    for quadrant in divisions.QUADRANTS.values():
        guidance = T(f"accounts.quadrant.{quadrant}.guidance")
        st.markdown(f"- **{T(f'accounts.quadrant.{quadrant}')}**: {guidance}")
    shown = matrix.drop(columns=["attitude_score", "potential_line", "attitude_line"])
    table(
        translated(shown, "quadrant", "accounts.quadrant."),
        key="account_division_table",
        file_stem="divisions",
    )
