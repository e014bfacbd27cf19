"""Budget vs actual per key account and product group: year to date, forecasts to year end,
traffic lights, and a drill-down from the portfolio to one account."""

import streamlit as st

from kapanalytics import budget, charts_controlling
from kapanalytics.errors import ConfigurationError
from kapanalytics.format import format_date, format_number, format_percent
from kapanalytics.store import main_currency
from pages._controlling import explained_table, metric_card, translated
from pages._ui import T, filters, lang, query

LIGHT_KEYS = {"ytd_light": "traffic_light", "forecast_light": "traffic_light"}
# the colour Streamlit's markdown gives each light
LIGHT_COLOURS = {"green": "green", "amber": "orange", "red": "red"}

chosen = filters()
st.title(T("controlling.budget.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)
years = query(budget.budget_years)
if not years:
    st.info(T("controlling.budget.no_budgets"))
    st.stop()

year_column, green_column, amber_column = st.columns([2, 1, 1])
year = year_column.selectbox(T("controlling.budget.year"), years, key="budget_year")
green_from = green_column.number_input(
    T("controlling.budget.green_from"),
    0.0,
    2.0,
    1.0,
    0.01,
    key="budget_green_from",
    help=T("controlling.budget.lights_help"),
)
amber_from = amber_column.number_input(
    T("controlling.budget.amber_from"),
    0.0,
    2.0,
    0.9,
    0.01,
    key="budget_amber_from",
    help=T("controlling.budget.lights_help"),
)
try:
    budget.LightThresholds(green_from, amber_from)
except ConfigurationError as exc:
    st.error(str(exc))
    st.stop()
lights = {"green_from": green_from, "amber_from": amber_from}


def with_light_labels(frame):
    """The lights written as a coloured dot and a word in the session's language."""
    return frame.assign(
        ytd_light=translated(frame["ytd_light"], "controlling.light."),
        forecast_light=translated(frame["forecast_light"], "controlling.light."),
    )


portfolio = query(budget.budget_vs_actual, chosen, year=year, level="portfolio", **lights)
row = portfolio.iloc[0]
closed = portfolio.attrs["closed_months"]
st.caption(
    T(
        "controlling.budget.caption",
        year=year,
        months=closed,
        as_of=format_date(portfolio.attrs["as_of"], language),
        green=format_percent(green_from, language, 0),
        amber=format_percent(amber_from, language, 0),
    )
)
cards = st.columns(5)
metric_card(cards[0], "budget_ytd", row["budget_ytd"], currency)
metric_card(cards[1], "actual_ytd", row["actual_ytd"], currency)
metric_card(
    cards[2],
    "attainment_ytd",
    row["attainment_ytd"],
    currency,
    note=T(f"controlling.light.{row['ytd_light']}") if isinstance(row["ytd_light"], str) else None,
)
metric_card(cards[3], "forecast", row["forecast"], currency)
metric_card(cards[4], "forecast_attainment", row["forecast_attainment"], currency)

months = query(budget.budget_by_month, chosen, year=year)
st.plotly_chart(
    charts_controlling.budget_months_chart(months, language, currency), key="budget_months"
)
st.caption(T("controlling.budget.forecast_caption"))
explained_table(months, key="budget_month_table", file_stem=f"budget_{year}_months", height=200)

st.subheader(T("controlling.budget.accounts"))
accounts = query(budget.budget_vs_actual, chosen, year=year, level="account", **lights)
explained_table(
    with_light_labels(accounts),
    key="budget_accounts",
    file_stem=f"budget_{year}_accounts",
    metric_keys=LIGHT_KEYS,
    search_columns=("account_id", "name", "owner"),
)

st.subheader(T("controlling.budget.drill_down"))
names = dict(zip(accounts["account_id"], accounts["name"].fillna(""), strict=True))
account_id = st.selectbox(
    T("controlling.budget.account"),
    accounts["account_id"].tolist(),
    format_func=lambda a: f"{names.get(a, '')} ({a})",
    key="budget_account",
    help=T("controlling.budget.account_help"),
)
if account_id is not None:
    account_row = accounts[accounts["account_id"] == account_id].iloc[0]
    light = account_row["ytd_light"]
    light_text = (
        f":{LIGHT_COLOURS[light]}[**{T(f'controlling.light.{light}')}**]"
        if isinstance(light, str)
        else T("controlling.light.none")
    )
    st.markdown(
        T(
            "controlling.budget.account_heading",
            name=account_row["name"],
            owner=account_row["owner"] or T("common.none"),
            light=light_text,
        )
    )
    groups = query(
        budget.budget_vs_actual,
        chosen,
        year=year,
        level="product_group",
        account_id=account_id,
        **lights,
    )
    group = st.selectbox(
        T("controlling.budget.product_group"),
        [None, *groups["product_group"]],
        format_func=lambda g: T("controlling.budget.all_groups") if g is None else g,
        # the label of "all" is a word of the session's language: one widget per language
        key=f"budget_product_group_{language}",
    )
    account_months = query(
        budget.budget_by_month, chosen, year=year, account_id=account_id, product_group=group
    )
    st.plotly_chart(
        charts_controlling.budget_months_chart(account_months, language, currency),
        key="budget_account_months",
    )
    explained_table(
        with_light_labels(groups).drop(columns=["account_id", "name", "owner"]),
        key="budget_groups",
        file_stem=f"budget_{year}_{account_id}",
        metric_keys=LIGHT_KEYS,
    )
    explained_table(
        account_months,
        key="budget_account_month_table",
        file_stem=f"budget_{year}_{account_id}_months",
    )
st.caption(T("controlling.budget.count", accounts=format_number(len(accounts), language)))
