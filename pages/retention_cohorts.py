"""Cohorts: accounts grouped by the period of their first purchase ever, and the share of them
(or of their revenue) still there in each period after it."""

import pandas as pd
import streamlit as st

from kapanalytics import charts_retention, retention
from pages._retention import grain, table
from pages._ui import T, filters, lang, option_labels, query

chosen = filters()
st.title(T("retention.cohorts.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()

left, middle, right = st.columns([2, 2, 3])
cohort_grain = grain(left, key="cohorts_grain")
measure = middle.segmented_control(
    T("retention.cohorts.measure"),
    retention.COHORT_MEASURES,
    format_func=option_labels("retention.cohorts.measure."),
    default="customers",
    required=True,
    key="cohorts_measure",
)
st.caption(T("retention.cohorts.caption"))

cells = query(retention.cohort_retention, chosen, cohort_grain)
if cells.empty:
    st.info(T("common.no_data"))
    st.stop()
starts = sorted(cells["cohort_start"].unique())
labels = charts_retention.period_labels(pd.Series(starts), cohort_grain)
first, last = right.select_slider(
    T("retention.cohorts.range"),
    options=list(range(len(starts))),
    value=(max(0, len(starts) - 24), len(starts) - 1),
    format_func=lambda i: labels[i],
    key=f"cohorts_range_{cohort_grain}",
)
# the slider chooses which cohorts are shown; who belongs to a cohort never changes
shown = cells[cells["cohort_start"].between(starts[first], starts[last])]
matrix = retention.cohort_matrix(shown, measure)
st.plotly_chart(
    charts_retention.cohort_heatmap(matrix, cohort_grain, language), key="cohorts_heatmap"
)
table(shown, key="cohorts_cells", file_stem=f"cohorts_{cohort_grain}_{measure}", height=300)
