"""Sign-in in the app, per role: the form first, a key-account manager's own accounts on every
page, an analyst's controls disabled, a broken user list keeping the app closed."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from kapanalytics import access
from kapanalytics.store import PROJECT_ROOT, connect

PASSWORD = "open sesame"
HASH = access.hash_password(PASSWORD)
USERS = {
    "julia": {"name": "Julia Neumann", "role": "key_account_manager", "password": HASH},
    "ana": {"name": "Ana Lyst", "role": "analyst", "password": HASH},
    "lena": {"name": "Lena Lead", "role": "leadership", "password": HASH},
}
PAGES = sorted(
    f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py") if not p.name.startswith("_")
)


@pytest.fixture
def dashboard(demo_db, monkeypatch):
    """A function giving the dashboard with the users above in its secrets."""
    monkeypatch.setenv("KAP_DB", str(demo_db))

    def make(users: dict | None = None) -> AppTest:
        app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
        app.secrets["access"] = {"users": users if users is not None else USERS}
        return app

    return make


def _sign_in(app: AppTest, login: str, password: str = PASSWORD) -> AppTest:
    app.run()
    app.text_input(key="sign_in_login").input(login)
    app.text_input(key="sign_in_password").input(password)
    app.button[0].click()  # the form's sign-in button
    app.run()
    assert not app.exception, app.exception
    return app


def _own_accounts(demo_db, owner: str) -> set[str]:
    con = connect(demo_db)  # the app's own connection holds the file in this process
    try:
        return set(access.owned_accounts(con, owner))
    finally:
        con.close()


def test_the_sign_in_form_comes_first_and_a_wrong_password_is_refused(dashboard):
    app = dashboard()
    app.run()
    assert not app.exception, app.exception
    assert app.text_input(key="sign_in_password")
    assert not app.metric  # no figure before signing in

    _sign_in(app, "julia", "guessed")
    assert "Login or password is wrong" in app.error[0].value
    assert not app.metric

    _sign_in(app, "julia")
    assert app.metric
    assert any("Signed in: Julia Neumann" in c.value for c in app.sidebar.caption)

    app.button(key="sign_out").click()
    app.run()
    assert app.text_input(key="sign_in_password")
    assert not app.metric


def test_a_key_account_manager_sees_only_their_accounts_on_every_page(dashboard, demo_db):
    own = _own_accounts(demo_db, "Julia Neumann")
    app = _sign_in(dashboard(), "julia")
    assert set(app.session_state["_filters"].account_ids) == own
    shown_somewhere = 0
    for page in PAGES:
        app.switch_page(page)
        app.run()
        assert not app.exception, (page, app.exception)
        for table in app.dataframe:
            frame = table.value
            for column in ("account_id", "Account"):
                if column in getattr(frame, "columns", []):
                    ids = set(frame[column].dropna().astype(str))
                    assert ids <= own, (page, sorted(ids - own)[:5])
                    shown_somewhere += bool(ids)
    assert shown_somewhere >= 5
    app.switch_page("pages/data_tables.py")
    app.run()
    assert "shows the data of every account" in app.info[0].value
    assert not app.dataframe


def test_an_analyst_looks_but_cannot_change(dashboard):
    app = _sign_in(dashboard(), "ana")
    app.switch_page("pages/portfolio_decisions.py")
    app.run()
    assert not app.exception, app.exception
    assert app.button(key="decisions_record").disabled
    app.switch_page("pages/data_import.py")
    app.run()
    assert "you can look, but changes here are for other roles" in app.info[0].value
    assert not app.get("file_uploader")
    app.switch_page("pages/data_tables.py")
    app.run()
    assert app.dataframe  # an analyst sees every table
    assert app.button(key="tables_demo_build").disabled


def test_leadership_may_record_decisions(dashboard):
    app = _sign_in(dashboard(), "lena")
    app.switch_page("pages/portfolio_decisions.py")
    app.run()
    assert not app.exception, app.exception
    assert not app.button(key="decisions_record").disabled


def test_a_user_list_with_a_plain_password_keeps_the_app_closed(dashboard):
    app = dashboard({"eve": {"role": "leadership", "password": "letmein"}})
    app.run()
    assert not app.exception, app.exception
    assert "Sign-in is set up wrongly" in app.error[0].value
    assert "is not a hash" in app.error[0].value
    assert not app.metric
    assert not app.text_input
