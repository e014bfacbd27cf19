"""Customer lifetime: Kaplan-Meier survival curves per segment with confidence bands, the
median lifetime, and a log-rank test whether the chosen segments differ."""

import streamlit as st

from kapanalytics import charts_retention, survival
from kapanalytics.format import format_number
from pages._retention import card, table, window_days
from pages._ui import T, filters, lang, option_labels, query

chosen = filters()
st.title(T("retention.survival.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()

left, middle, right = st.columns([1, 2, 4])
window = window_days(left)
dimension = middle.selectbox(
    T("retention.survival.by"),
    survival.SURVIVAL_DIMENSIONS,
    format_func=option_labels("retention.segment."),
    key="survival_by",
)
lives = query(survival.lifetimes, chosen, dimension, window_days=window)
if lives.empty:
    st.info(T("common.no_data"))
    st.stop()
sizes = lives["segment"].value_counts()
ordered = sorted(sizes.index, key=lambda s: (-sizes[s], str(s)))
segments = right.multiselect(
    T("retention.survival.segments"),
    ordered,
    default=ordered[:5],
    key=f"survival_segments_{dimension}",
)
st.caption(T("retention.survival.caption", window=window))
if not segments:
    st.info(T("retention.survival.pick"))
    st.stop()

curves, summary = survival.kaplan_meier(lives, segments)
test = survival.log_rank(lives, segments)
everyone = survival.kaplan_meier(lives.assign(segment=survival.ALL_ACCOUNTS))[1].iloc[0]

cards = st.columns(3)
card(cards[0], "median_lifetime_days", everyone["median_days"])
card(cards[1], "survival_rate", everyone["survival_1y"])
card(cards[2], "log_rank_p_value", test["p_value"])
if everyone["median_days"] != everyone["median_days"]:
    st.caption(T("retention.survival.median_not_reached"))
if test["p_value"] == test["p_value"]:
    st.caption(
        T(
            "retention.survival.log_rank",
            chi2=format_number(test["chi2"], language, 2),
            dof=int(test["dof"]),
        )
    )
st.plotly_chart(charts_retention.survival_curves(curves, language), key="survival_chart")
table(summary, key="survival_summary", file_stem=f"survival_by_{dimension}")
