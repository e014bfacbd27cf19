"""Win-back: the lost accounts worth winning back, ranked by former value, recoverability of
the reason and time since the loss; the reason classes; how often winning back has worked."""

import streamlit as st

from kapanalytics import charts_retention, winback
from kapanalytics.errors import KapError
from kapanalytics.store import main_currency
from pages._retention import card, grain, table, window_days
from pages._ui import T, connection, current_user, filters, lang, may_change, query

chosen = filters()
st.title(T("retention.winback.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)
saved, version = query(winback.load_config)

with st.expander(T("retention.winback.classes"), expanded=False):
    reasons = sorted({*saved.recoverable, *saved.unrecoverable, *query(winback.known_reasons)})
    recoverable = st.multiselect(
        T("retention.winback.recoverable"),
        reasons,
        default=[r for r in saved.recoverable if r in reasons],
        key="winback_recoverable",
    )
    unrecoverable = st.multiselect(
        T("retention.winback.unrecoverable"),
        [r for r in reasons if r not in recoverable],
        default=[r for r in saved.unrecoverable if r in reasons and r not in recoverable],
        key="winback_unrecoverable",
    )
    a, b, c = st.columns(3)
    unknown = a.slider(
        T("retention.winback.unknown_factor"),
        0.0,
        1.0,
        saved.unknown_factor,
        0.05,
        key="winback_unknown",
    )
    half_life = b.number_input(
        T("retention.winback.half_life"),
        30,
        3650,
        saved.half_life_days,
        30,
        key="winback_half_life",
    )
    years = c.number_input(
        T("retention.winback.max_years"), 1, 10, saved.max_years, 1, key="winback_years"
    )
    author = st.text_input(T("retention.saved_by"), key="winback_author")
    try:
        config = winback.WinBackConfig(
            tuple(recoverable), tuple(unrecoverable), unknown, int(half_life), int(years)
        )
    except KapError as exc:
        st.error(str(exc))
        st.stop()
    if st.button(T("retention.save"), key="winback_save", disabled=not may_change("settings")):
        try:
            new_version = winback.save_config(
                connection(), config, author or None, version, actor=current_user()
            )
        except KapError as exc:
            st.error(str(exc))
        else:
            st.success(T("retention.saved", version=new_version))
    st.caption(T("retention.winback.version", version=version))

left, _ = st.columns([1, 6])
window = window_days(left)
ranked = query(winback.candidates, chosen, config, window_days=window)
cards = st.columns(3)
cards[0].metric(
    T("retention.winback.candidates"),
    len(ranked),
    border=True,
    help=T("retention.winback.caption", years=config.max_years),
)
card(cards[1], "lost_revenue", ranked["lost_revenue"].sum(), currency)
card(cards[2], "win_back_score", ranked["score"].sum(), currency)
st.subheader(T("retention.winback.candidates"))
st.caption(T("retention.winback.caption", years=config.max_years))
table(ranked, key="winback_candidates", file_stem="win_back_candidates")

st.subheader(T("retention.winback.history"))
rate_grain = grain(key="winback_grain")
rates = query(winback.win_back_rates, chosen, rate_grain, window_days=window)
if not rates.empty:
    st.plotly_chart(
        charts_retention.rate_bars(rates, "period_start", "win_back_rate", language, rate_grain),
        key="winback_rates_chart",
    )
    st.caption(T("retention.winback.recent_note"))
table(rates, key="winback_rates", file_stem=f"win_back_rate_{rate_grain}")
st.subheader(T("retention.winback.reactivated"))
table(
    query(winback.reactivated_accounts, chosen, rate_grain, window_days=window),
    key="winback_reactivated",
    file_stem="reactivated_accounts",
)
