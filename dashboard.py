"""kapanalytics: the entry point. Run with ``streamlit run dashboard.py``.

Sets up the page, the language switch and the shared sidebar filters, then hands over to the
page the user chose. Pages live in ``pages/`` and only lay out what ``kapanalytics`` computes.
"""

import streamlit as st

from kapanalytics.i18n import LANGUAGE_NAMES, LANGUAGES
from pages._ui import T, sidebar_filters

st.set_page_config(page_title="kapanalytics", page_icon=":material/handshake:", layout="wide")

DEFAULT_PAGE = "pages/portfolio_overview.py"
# Navigation: group -> pages as (file in pages/, title text, icon, URL path).
# DEFAULT_PAGE opens at the root URL.
NAVIGATION = {
    "nav.portfolio": [
        ("pages/portfolio_overview.py", "page.overview", ":material/dashboard:", "overview"),
        (
            "pages/portfolio_selection.py",
            "selection.page.selection",
            ":material/star:",
            "selection",
        ),
        ("pages/portfolio_matrix.py", "selection.page.matrix", ":material/bubble_chart:", "matrix"),
        (
            "pages/portfolio_decisions.py",
            "selection.page.decisions",
            ":material/how_to_reg:",
            "decisions",
        ),
    ],
    "accounts.nav": [
        ("pages/accounts_360.py", "accounts.page.360", ":material/person_search:", "account-360"),
        (
            "pages/accounts_power_map.py",
            "accounts.page.power_map",
            ":material/account_tree:",
            "power-map",
        ),
        ("pages/accounts_plan.py", "accounts.page.plan", ":material/assignment:", "plan"),
        (
            "pages/accounts_plans_overview.py",
            "accounts.page.plans",
            ":material/checklist:",
            "plans",
        ),
    ],
    "nav.controlling": [
        ("pages/controlling_abc.py", "controlling.page.abc", ":material/bar_chart:", "abc"),
        (
            "pages/controlling_potential.py",
            "controlling.page.potential",
            ":material/account_balance_wallet:",
            "potential",
        ),
        (
            "pages/controlling_profitability.py",
            "controlling.page.profitability",
            ":material/savings:",
            "profitability",
        ),
        ("pages/controlling_budget.py", "controlling.page.budget", ":material/target:", "budget"),
    ],
    "nav.retention": [
        ("pages/retention_churn.py", "retention.page.churn", ":material/trending_down:", "churn"),
        ("pages/retention_cohorts.py", "retention.page.cohorts", ":material/grid_on:", "cohorts"),
        (
            "pages/retention_survival.py",
            "retention.page.survival",
            ":material/timeline:",
            "survival",
        ),
        ("pages/retention_lost.py", "retention.page.lost", ":material/person_remove:", "lost"),
        ("pages/retention_winback.py", "retention.page.winback", ":material/undo:", "win-back"),
        ("pages/retention_risk.py", "retention.page.risk", ":material/warning:", "early-warning"),
    ],
    "nav.data": [
        ("pages/data_import.py", "page.data_import", ":material/upload:", "import"),
        ("pages/data_tables.py", "page.data_tables", ":material/table_view:", "tables"),
    ],
}
PAGES = {
    T(group): [
        st.Page(file, title=T(title), icon=icon, url_path=url, default=file == DEFAULT_PAGE)
        for file, title, icon, url in pages
    ]
    for group, pages in NAVIGATION.items()
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
