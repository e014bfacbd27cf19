"""Early warning: a churn-risk score 0..100 for every customer from weighted stability factors,
the factors that drive each account's score, and a backtest on a past day that shows how well
the score ranked those who then left, next to revenue trend alone."""

from datetime import timedelta

import streamlit as st

from kapanalytics import charts_retention, risk, risk_backtest
from kapanalytics.errors import KapError
from kapanalytics.facts import analysis_date
from pages._retention import card, formatted, table, window_days
from pages._ui import T, connection, current_user, filters, lang, may_change, query, remembered

chosen = filters()
st.title(T("retention.risk.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
saved, version = query(risk.load_weights)

with st.expander(T("retention.risk.weights"), expanded=False):
    columns = st.columns(4)
    weights = {}
    for i, factor in enumerate(risk.FACTORS):
        weights[factor] = columns[i % 4].number_input(
            T(f"retention.factor.{factor}"),
            min_value=0.0,
            max_value=100.0,
            value=float(saved.weights.get(factor, 0.0)),
            step=5.0,
            key=f"risk_weight_{factor}",
            help=T(f"retention.factor.{factor}.help"),
        )
    author = st.text_input(T("retention.saved_by"), key="risk_author")
    try:
        config = risk.RiskWeights(weights)
    except KapError as exc:
        st.error(str(exc))
        st.stop()
    if st.button(T("retention.save"), key="risk_save", disabled=not may_change("settings")):
        try:
            new_version = risk.save_weights(
                connection(), config, author or None, version, actor=current_user()
            )
        except KapError as exc:
            st.error(str(exc))
        else:
            st.success(T("retention.saved", version=new_version))
    st.caption(T("retention.risk.version", version=version))

left, _ = st.columns([1, 6])
window = window_days(left)
scored = query(risk.risk_scores, chosen, config, window_days=window)


shown = scored[
    [
        "account_id",
        "name",
        "owner",
        "segment",
        "risk_score",
        "last_purchase_date",
        "days_since_purchase",
        "revenue_12m",
        "revenue_prev_12m",
        "complaints_6m",
    ]
].copy()
factor_labels = {factor: T(f"retention.factor.{factor}") for factor in risk.FACTORS}
scores_key = f"{chosen!r}|{config!r}|{window}"
drivers = remembered(
    f"risk_drivers|{scores_key}|{language}", lambda: risk.driver_summary(scored, factor_labels)
)
shown.insert(5, "drivers", drivers)
cards = st.columns(3)
card(cards[0], "risk_score", scored["risk_score"].mean(), label=T("retention.risk.mean"))
high = int((scored["risk_score"] >= 50).sum())
cards[1].metric(T("retention.risk.high"), high, border=True, help=T("retention.risk.high.help"))
cards[2].metric(T("retention.risk.customers"), len(scored), border=True)
st.subheader(T("retention.risk.list"))
table(shown, key="risk_scores", file_stem="risk_scores")

st.subheader(T("retention.risk.backtest"))
end = query(analysis_date)
latest = end - timedelta(days=window)
as_of = st.date_input(
    T("retention.risk.as_of"),
    value=latest,
    max_value=latest,
    key="risk_as_of",
    format="DD.MM.YYYY" if language == "de" else "YYYY-MM-DD",
    help=T("retention.risk.as_of.help", window=window),
)
try:
    frame = query(risk_backtest.backtest_frame, chosen, config, as_of=as_of, window_days=window)
except KapError as exc:
    st.error(str(exc))
    st.stop()
summary, calibration, curves = remembered(
    f"risk_backtest|{scores_key}|{as_of}",
    lambda: (
        risk_backtest.backtest_summary(frame).set_index("model"),
        risk_backtest.calibration(frame),
        {model: risk_backtest.roc_curve(frame, model) for model in risk_backtest.MODELS},
    ),
)
cards = st.columns(4)
card(cards[0], "roc_auc", summary.loc["risk_score", "roc_auc"])
card(cards[1], "top_decile_lift", summary.loc["risk_score", "top_decile_lift"])
cards[2].metric(
    T("retention.risk.auc_trend"),
    formatted("roc_auc", summary.loc["revenue_trend_only", "roc_auc"]),
    border=True,
    help=T("retention.risk.trend.help"),
)
cards[3].metric(
    T("retention.risk.lift_trend"),
    formatted("top_decile_lift", summary.loc["revenue_trend_only", "top_decile_lift"]),
    border=True,
    help=T("retention.risk.trend.help"),
)
st.caption(T("retention.risk.backtest.caption"))
left, right = st.columns(2)
with left:
    st.plotly_chart(
        charts_retention.calibration_chart(calibration, language),
        key="risk_calibration",
    )
with right:
    st.plotly_chart(charts_retention.roc_chart(curves, language), key="risk_roc")
models = summary.reset_index()
models["model"] = [T(f"retention.model.{m}") for m in models["model"]]
table(models, key="risk_backtest_summary", file_stem="risk_backtest")
table(calibration, key="risk_calibration_table", file_stem="risk_calibration")
