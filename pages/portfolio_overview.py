"""Overview: the portfolio's headline figures against the previous period, the monthly trend,
revenue by product group and region, and the top accounts."""

import streamlit as st

from kapanalytics import charts, facts
from kapanalytics.filters import count_accounts
from kapanalytics.format import format_change, format_date, format_number, format_value
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.store import main_currency
from pages._ui import T, column_labels, filters, lang, query, table_with_downloads

# How each KPI is written: money, a share, or a count. Lost accounts are better when fewer.
KPI_KINDS = {
    "revenue": "money",
    "contribution_margin": "money",
    "contribution_margin_pct": "percent",
    "active_accounts": "count",
    "new_accounts": "count",
    "lost_accounts": "count",
    "key_account_revenue_share": "percent",
}
FEWER_IS_BETTER = {"lost_accounts"}

chosen = filters()
st.title(T("overview.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()

language = lang()
currency = query(main_currency)
period, previous = chosen.period, chosen.period.previous()
kpis = query(facts.overview_kpis, chosen)
definitions = metric_definitions()
account_count = query(count_accounts, chosen)

st.caption(
    T(
        "overview.caption",
        start=format_date(period.start, language),
        end=format_date(period.end, language),
        prev_start=format_date(previous.start, language),
        prev_end=format_date(previous.end, language),
        accounts=format_number(account_count, language),
        currency=currency,
    )
)


# Money figures in the first row, account counts in the second, so every card has room.
KPI_ROWS = (
    ("revenue", "contribution_margin", "contribution_margin_pct", "key_account_revenue_share"),
    ("active_accounts", "new_accounts", "lost_accounts"),
)
by_kpi = kpis.set_index("kpi")
for kpi_row in KPI_ROWS:
    for column, kpi in zip(st.columns(len(KPI_ROWS[0])), kpi_row, strict=False):
        kind, row, definition = KPI_KINDS[kpi], by_kpi.loc[kpi], definitions[kpi]
        previous = T(
            "overview.previous_value", value=format_value(row.previous, kind, language, currency)
        )
        column.metric(
            definition[f"label_{language}"],
            format_value(row.current, kind, language, currency),
            delta=format_change(row.change, row.change_pct, kind, language, currency),
            delta_color="inverse" if kpi in FEWER_IS_BETTER else "normal",
            help=f"{definition[f'help_{language}']}\n\n{previous}",
            border=True,
        )

with st.expander(T("overview.kpi_table")):
    kpi_table = kpis.assign(kpi=[definitions[k][f"label_{language}"] for k in kpis["kpi"]])
    table_with_downloads(
        kpi_table[["kpi", "current", "previous", "change", "change_pct"]],
        key="overview_kpis",
        file_stem="overview_kpis",
        column_labels=column_labels("kpi", "current", "previous", "change", "change_pct"),
    )

monthly = query(facts.revenue_by_month, chosen)
if monthly["revenue"].abs().sum() == 0:
    st.info(T("common.no_data"))
    st.stop()

st.subheader(T("overview.trend"))
st.plotly_chart(charts.monthly_trend(monthly, language, currency), key="overview_trend")
table_with_downloads(
    monthly,
    key="overview_monthly",
    file_stem="revenue_by_month",
    column_labels=column_labels("month", "revenue", "contribution_margin"),
    height=200,
)

left, right = st.columns(2)
for container, dimension, title_key in (
    (left, "product_group", "overview.by_product_group"),
    (right, "region", "overview.by_region"),
):
    with container:
        st.subheader(T(title_key))
        by_dimension = query(facts.revenue_by_dimension, chosen, dimension)
        st.plotly_chart(
            charts.revenue_bars(by_dimension, dimension, language, currency),
            key=f"overview_by_{dimension}",
        )
        table_with_downloads(
            by_dimension,
            key=f"overview_table_{dimension}",
            file_stem=f"revenue_by_{dimension}",
            column_labels=column_labels(dimension, "revenue", "share"),
            height=200,
        )

st.subheader(T("overview.top_accounts"))
top_n = st.select_slider(T("overview.top_n"), [10, 20, 50, 100], value=20, key="overview_top_n")
top = query(facts.top_accounts, chosen, top_n)
table_with_downloads(
    top,
    key="overview_top_accounts",
    file_stem="top_accounts",
    column_labels=column_labels(*top.columns),
)
