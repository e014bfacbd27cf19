"""Lost customers: who was lost in the chosen period, with how much revenue, why and to whom;
how well reasons are coded; reasons over time; opportunities won and lost."""

import streamlit as st

from kapanalytics import charts_retention, lost, opportunities
from kapanalytics.format import format_date
from kapanalytics.store import main_currency
from pages._retention import card, grain, table, window_days
from pages._ui import T, filters, lang, option_labels, query

chosen = filters()
st.title(T("retention.lost.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)

left, _ = st.columns([1, 6])
window = window_days(left)
period = chosen.period
st.caption(
    T(
        "retention.lost.caption",
        start=format_date(period.start, language),
        end=format_date(period.end, language),
        window=window,
    )
)
lost_list = query(lost.lost_accounts, chosen, window_days=window)
cards = st.columns(3)
card(cards[0], "lost_accounts", len(lost_list))
card(cards[1], "lost_revenue", lost_list["lost_revenue"].sum(), currency)
coding = lost.reason_coding_by_owner(lost_list)
uncoded = (
    (coding["without_reason"].sum() + coding["other_reason"].sum()) / len(lost_list)
    if len(lost_list)
    else float("nan")
)
card(cards[2], "uncoded_share", uncoded)

tab_list, tab_reasons, tab_time, tab_opportunities = st.tabs(
    [
        T("retention.lost.tab.list"),
        T("retention.lost.tab.reasons"),
        T("retention.lost.tab.over_time"),
        T("retention.lost.tab.opportunities"),
    ]
)

with tab_list:
    table(lost_list, key="lost_list", file_stem="lost_accounts")

with tab_reasons:
    by_column, measure_column = st.columns(2)
    by = by_column.selectbox(
        T("retention.lost.by"),
        lost.PARETO_DIMENSIONS,
        format_func=option_labels("retention.segment."),
        key="lost_pareto_by",
    )
    measure = measure_column.segmented_control(
        T("retention.lost.measure"),
        ("accounts", "lost_revenue"),
        format_func=option_labels("retention.measure."),
        default="accounts",
        required=True,
        key="lost_pareto_measure",
    )
    if lost_list.empty:
        st.info(T("retention.lost.none"))
    else:
        pareto = lost.pareto(lost_list, by, measure)
        st.plotly_chart(
            charts_retention.pareto_chart(pareto, by, measure, language), key="lost_pareto"
        )
        table(pareto, key="lost_pareto_table", file_stem=f"lost_by_{by}")
    st.subheader(T("retention.lost.coding"))
    table(coding, key="lost_coding", file_stem="reason_coding_by_owner")

with tab_time:
    time_grain = grain(key="lost_time_grain")
    over_time = query(lost.reasons_over_time, chosen, time_grain, window_days=window)
    if over_time.empty:
        st.info(T("retention.lost.none"))
    else:
        st.plotly_chart(
            charts_retention.stacked_over_time(
                over_time, time_grain, "lost_reason", "accounts", language
            ),
            key="lost_over_time",
        )
        table(over_time, key="lost_over_time_table", file_stem="lost_reasons_over_time")

with tab_opportunities:
    overall = query(opportunities.win_rates, chosen).iloc[0]
    win_cards = st.columns(2)
    card(win_cards[0], "opportunity_win_rate", overall["win_rate"])
    card(win_cards[1], "opportunity_win_rate_value", overall["win_rate_value"])
    by_win = st.selectbox(
        T("retention.lost.win_by"),
        [d for d in opportunities.WIN_RATE_DIMENSIONS if d != "overall"],
        format_func=option_labels("retention.segment."),
        key="lost_win_by",
    )
    rates = query(opportunities.win_rates, chosen, by_win)
    if not rates.empty and by_win != "account":
        st.plotly_chart(
            charts_retention.rate_bars(rates.head(30), by_win, "win_rate", language),
            key="lost_win_rates",
        )
    table(rates, key="lost_win_table", file_stem=f"win_rates_by_{by_win}")
    st.subheader(T("retention.lost.lost_opportunities"))
    table(
        query(opportunities.lost_opportunities, chosen),
        key="lost_opportunities",
        file_stem="lost_opportunities",
    )
