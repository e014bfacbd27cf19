"""Churn and retention: retention rate, GRR and NRR of the chosen period and over time, by
segment; the customer flow per period and the revenue bridge as a waterfall."""

import streamlit as st

from kapanalytics import charts_retention, churn, retention
from kapanalytics.format import format_date
from kapanalytics.store import main_currency
from pages._retention import card, grain, table, window_days
from pages._ui import T, filters, lang, option_labels, query

chosen = filters()
st.title(T("retention.churn.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)

controls = st.columns([1, 2, 2, 2])
window = window_days(controls[0])
period_grain = grain(controls[1])
segment_choice = controls[2].selectbox(
    T("retention.segment"),
    ["all", *retention.SEGMENT_DIMENSIONS],
    format_func=option_labels("retention.segment."),
    key="churn_segment",
)
segment = None if segment_choice == "all" else segment_choice
include_running = controls[3].toggle(
    T("retention.include_running"), key="churn_running", help=T("retention.include_running.help")
)

period, previous = chosen.period, chosen.period.previous()
st.caption(
    T(
        "retention.churn.caption",
        start=format_date(period.start, language),
        end=format_date(period.end, language),
        prev_start=format_date(previous.start, language),
        prev_end=format_date(previous.end, language),
        window=window,
    )
)
now = query(retention.period_retention, chosen)
before = query(retention.period_retention, chosen.with_period(previous))
cards = st.columns(3)
for column, key in zip(
    cards,
    ("customer_retention_rate", "gross_revenue_retention", "net_revenue_retention"),
    strict=True,
):
    change = now[key] - before[key]
    card(
        column,
        key,
        now[key],
        currency,
        delta=None if change != change else f"{change * 100:+.1f} pp",
    )

st.subheader(T("retention.churn.rates"))
rates = query(retention.retention_rates, chosen, period_grain, segment)
shown_rates = rates if include_running else rates[rates["is_complete"]]
if shown_rates.empty:
    st.info(T("retention.no_periods"))
else:
    st.plotly_chart(
        charts_retention.rates_over_time(shown_rates, period_grain, language, segment),
        key="churn_rates_chart",
    )
table(shown_rates, key="churn_rates", file_stem=f"retention_{period_grain}", height=240)

st.subheader(T("retention.churn.flow"))
flow = query(churn.customer_flow, chosen, period_grain, window_days=window)
# the data's first period has no known start: everyone already buying then looks new
shown_flow = flow if include_running else flow[flow["is_complete"]].iloc[1:]
if not shown_flow.empty:
    st.plotly_chart(
        charts_retention.customer_flow(shown_flow, period_grain, language),
        key="churn_flow_chart",
    )
table(shown_flow, key="churn_flow", file_stem=f"customer_flow_{period_grain}", height=240)

st.subheader(T("retention.churn.bridge"))
bridge = query(retention.revenue_bridge, chosen, period_grain)
if bridge.empty:
    st.info(T("retention.no_periods"))
else:
    labels = charts_retention.period_labels(bridge["period_start"], period_grain)
    complete = [label for label, whole in zip(labels, bridge["is_complete"], strict=True) if whole]
    picked_label = st.selectbox(
        T("retention.bridge.period"),
        labels,
        index=labels.index((complete or labels)[-1]),
        key=f"churn_bridge_period_{period_grain}",
    )
    picked = labels.index(picked_label)
    st.plotly_chart(
        charts_retention.revenue_waterfall(
            bridge.iloc[picked], retention.BRIDGE_STEPS, language, currency
        ),
        key="churn_bridge_chart",
    )
    table(bridge, key="churn_bridge", file_stem=f"revenue_bridge_{period_grain}", height=240)
