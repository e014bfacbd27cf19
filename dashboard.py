"""kapanalytics: the entry point. Run with ``streamlit run dashboard.py``.

Sets up the page, the language switch and the shared sidebar filters, then hands over to the
page the user chose. Pages live in ``pages/`` and only lay out what ``kapanalytics`` computes.
"""

import streamlit as st

from kapanalytics.i18n import LANGUAGE_NAMES, LANGUAGES
from pages._ui import T, sidebar_filters

st.set_page_config(page_title="kapanalytics", page_icon=":material/handshake:", layout="wide")

PAGES = {
    T("nav.portfolio"): [
        st.Page(
            "pages/portfolio_overview.py",
            title=T("page.overview"),
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
        st.Page(
            "pages/portfolio_selection.py",
            title=T("selection.page.selection"),
            icon=":material/star:",
            url_path="selection",
        ),
        st.Page(
            "pages/portfolio_matrix.py",
            title=T("selection.page.matrix"),
            icon=":material/bubble_chart:",
            url_path="matrix",
        ),
        st.Page(
            "pages/portfolio_decisions.py",
            title=T("selection.page.decisions"),
            icon=":material/how_to_reg:",
            url_path="decisions",
        ),
    ],
    T("accounts.nav"): [
        st.Page(
            "pages/accounts_360.py",
            title=T("accounts.page.360"),
            icon=":material/person_search:",
            url_path="account-360",
        ),
        st.Page(
            "pages/accounts_power_map.py",
            title=T("accounts.page.power_map"),
            icon=":material/account_tree:",
            url_path="power-map",
        ),
        st.Page(
            "pages/accounts_plan.py",
            title=T("accounts.page.plan"),
            icon=":material/assignment:",
            url_path="plan",
        ),
        st.Page(
            "pages/accounts_plans_overview.py",
            title=T("accounts.page.plans"),
            icon=":material/checklist:",
            url_path="plans",
        ),
    ],
    T("nav.controlling"): [
        st.Page(
            "pages/controlling_abc.py",
            title=T("controlling.page.abc"),
            icon=":material/bar_chart:",
            url_path="abc",
        ),
        st.Page(
            "pages/controlling_potential.py",
            title=T("controlling.page.potential"),
            icon=":material/account_balance_wallet:",
            url_path="potential",
        ),
        st.Page(
            "pages/controlling_profitability.py",
            title=T("controlling.page.profitability"),
            icon=":material/savings:",
            url_path="profitability",
        ),
        st.Page(
            "pages/controlling_budget.py",
            title=T("controlling.page.budget"),
            icon=":material/target:",
            url_path="budget",
        ),
    ],
    T("nav.retention"): [
        st.Page(
            "pages/retention_churn.py",
            title=T("retention.page.churn"),
            icon=":material/trending_down:",
            url_path="churn",
        ),
        st.Page(
            "pages/retention_cohorts.py",
            title=T("retention.page.cohorts"),
            icon=":material/grid_on:",
            url_path="cohorts",
        ),
        st.Page(
            "pages/retention_survival.py",
            title=T("retention.page.survival"),
            icon=":material/timeline:",
            url_path="survival",
        ),
        st.Page(
            "pages/retention_lost.py",
            title=T("retention.page.lost"),
            icon=":material/person_remove:",
            url_path="lost",
        ),
        st.Page(
            "pages/retention_winback.py",
            title=T("retention.page.winback"),
            icon=":material/undo:",
            url_path="win-back",
        ),
        st.Page(
            "pages/retention_risk.py",
            title=T("retention.page.risk"),
            icon=":material/warning:",
            url_path="early-warning",
        ),
    ],
    T("nav.data"): [
        st.Page(
            "pages/data_import.py",
            title=T("page.data_import"),
            icon=":material/upload:",
            url_path="import",
        ),
        st.Page(
            "pages/data_tables.py",
            title=T("page.data_tables"),
            icon=":material/table_view:",
            url_path="tables",
        ),
    ],
}

# Page files are named <group>_<page>.py and served at /<page>: a URL path equal to the file's
# name makes Streamlit's test runner treat the file as a stand-alone page on reruns.
page = st.navigation(PAGES)
# The language switch comes after st.navigation: a widget placed before it loses its new value
# on the rerun its click starts. The pages' titles above read the language from session state.
with st.sidebar:
    st.segmented_control(
        T("sidebar.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        default="en",
        required=True,
        key="lang",
    )
st.session_state["_filters"] = sidebar_filters()
page.run()
