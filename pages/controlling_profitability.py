"""Profitability and cost to serve: CM I, cost to serve at rates controlling sets, CM II, the
whale curve, profitability by ABC class, the loss-makers and what to do with C-customers."""

from dataclasses import fields

import streamlit as st

from kapanalytics import abc, charts_controlling
from kapanalytics import profitability as pf
from kapanalytics.format import format_date, format_money, format_number
from kapanalytics.store import main_currency
from pages._controlling import explained_table, metric_card, translated, translated_choice
from pages._ui import T, filters, lang, query

chosen = filters()
st.title(T("controlling.profitability.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)

with st.expander(T("controlling.profitability.rates"), icon=":material/tune:"):
    st.caption(T("controlling.profitability.rates_caption"))
    defaults = pf.CostRates()
    rate_columns = st.columns(4)
    rates = {}
    for number, field in enumerate(fields(pf.CostRates)):
        rates[field.name] = rate_columns[number % 4].number_input(
            T(f"controlling.driver.{field.name}"),
            min_value=0.0,
            value=float(getattr(defaults, field.name)),
            step=5.0,
            key=f"profit_rate_{field.name}",
        )
    cost_rates = pf.CostRates(**rates)

frame = query(pf.with_classes, chosen, cost_rates, a=abc.DEFAULT_A, b=abc.DEFAULT_B)
if frame.empty:
    st.info(T("common.no_data"))
    st.stop()
curve = pf.whale_curve(frame)
summary = pf.whale_summary(curve)
st.caption(
    T(
        "controlling.profitability.caption",
        start=format_date(chosen.period.start, language),
        end=format_date(chosen.period.end, language),
        accounts=format_number(len(frame), language),
    )
)
money_cards, account_cards = st.columns(3), st.columns(3)
if frame["cm1"].isna().all():
    st.info(T("controlling.profitability.no_costs"))
metric_card(money_cards[0], "cm1", frame["cm1"].sum(min_count=1), currency)
metric_card(money_cards[1], "cost_to_serve", frame["cost_to_serve"].sum(), currency)
metric_card(money_cards[2], "cm2", summary["total_cm2"], currency)
metric_card(account_cards[0], "loss_making_accounts", summary["loss_making_accounts"], currency)
metric_card(account_cards[1], "profit_destroyed", summary["profit_destroyed"], currency)
metric_card(account_cards[2], "whale_peak_share", summary["peak_share"], currency)

st.subheader(T("controlling.profitability.whale"))
st.plotly_chart(charts_controlling.whale_chart(curve, language, currency), key="profit_whale")
st.caption(
    T(
        "controlling.profitability.whale_caption",
        peak=format_money(summary["peak_cm2"], language, currency, compact=True),
        accounts=format_number(summary["accounts_at_peak"], language),
        total=format_money(summary["total_cm2"], language, currency, compact=True),
    )
)

explained_table(
    curve,
    key="profit_whale_table",
    file_stem="whale_curve",
    search_columns=("account_id", "name"),
)

st.subheader(T("controlling.profitability.by_class"))
classes = pf.by_class(frame)
left, right = st.columns([3, 2])
left.plotly_chart(
    charts_controlling.class_profit_bars(classes, language, currency), key="profit_classes"
)
with right:
    explained_table(classes, key="profit_class_table", file_stem="profitability_by_class")

DRIVER_COLUMNS = [pf.COST_COLUMNS[d] for d in pf.DRIVERS]
IDENTITY = ["account_id", "name", "abc_class", "revenue", "cm1", "cost_to_serve", "cm2"]

st.subheader(T("controlling.profitability.loss_makers"))
losers = pf.loss_makers(frame)
losers = losers.assign(
    main_cost_driver=translated(losers["main_cost_driver"], "controlling.driver.")
)
explained_table(
    losers[[*IDENTITY, "main_cost_driver", *DRIVER_COLUMNS]],
    key="profit_loss_makers",
    file_stem="loss_making_accounts",
    search_columns=("account_id", "name"),
)

st.subheader(T("controlling.profitability.c_customers"))
threshold = frame.attrs["high_potential_from"]
st.caption(
    T(
        "controlling.profitability.rule",
        threshold=format_money(threshold, language, currency),
    )
)
c_frame = pf.c_customers(frame)
counts = c_frame["treatment"].value_counts()
treatment_cards = st.columns(len(pf.TREATMENTS))
for card, treatment in zip(treatment_cards, pf.TREATMENTS, strict=True):
    card.metric(
        T(f"controlling.treatment.{treatment}"),
        format_number(int(counts.get(treatment, 0)), language),
        help=T(f"controlling.treatment.{treatment}.help"),
        border=True,
    )
shown_treatments = translated_choice(
    st,
    "multiselect",
    T("controlling.profitability.treatments"),
    pf.TREATMENTS,
    key="profit_treatments",
    prefix="controlling.treatment.",
    default=["develop", "review_prices", "inside_sales"],
)
chosen_c = c_frame[c_frame["treatment"].isin(shown_treatments)]
chosen_c = chosen_c.assign(
    treatment=translated(chosen_c["treatment"], "controlling.treatment."),
    main_cost_driver=translated(chosen_c["main_cost_driver"], "controlling.driver."),
)
explained_table(
    chosen_c[
        [
            *IDENTITY,
            "annual_potential",
            "is_high_potential",
            "treatment",
            "main_cost_driver",
            *DRIVER_COLUMNS,
        ]
    ],
    key="profit_c_customers",
    file_stem="c_customers",
    search_columns=("account_id", "name"),
)

with st.expander(T("controlling.profitability.all_accounts")):
    explained_table(
        frame.assign(
            treatment=translated(frame["treatment"], "controlling.treatment."),
            main_cost_driver=translated(frame["main_cost_driver"], "controlling.driver."),
        ),
        key="profit_accounts",
        file_stem="profitability",
        search_columns=("account_id", "name", "industry", "owner"),
    )
