"""Access control in the library: passwords, users from the secrets, what each role sees and
may change."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import tomllib

import pandas as pd
import pytest

import kapanalytics
from kapanalytics import access, cli, plans, powermap, ratings
from kapanalytics.errors import AccessDeniedError, ConfigurationError
from kapanalytics.filters import Filters, default_period
from kapanalytics.keyaccounts import decision_history, record_decision
from kapanalytics.risk import RiskWeights, save_weights
from kapanalytics.scoring import SelectionConfig
from kapanalytics.selection_configs import save_config
from kapanalytics.store import connect
from tests.reliability_support import all_checksums, stock

ANNA_HASH = access.hash_password("anna-secret")
SECRETS = {
    "access": {
        "users": {
            "lead": {"name": "Lena Lead", "role": "leadership", "password": ANNA_HASH},
            "ctrl": {"role": "controlling", "password": ANNA_HASH},
            "anna": {
                "name": "Anna",
                "role": "key_account_manager",
                "owner": "Anna",
                "password": ANNA_HASH,
            },
            "ana": {"name": "Ana Lyst", "role": "analyst", "password": ANNA_HASH},
        }
    }
}


def _user(login: str) -> access.User:
    return access.AccessConfig.from_secrets(SECRETS).authenticate(login, "anna-secret")


@pytest.fixture
def stocked(tmp_path):
    """Accounts A1 (owner Anna) and A2 (owner Bert), with lines, a decision, a setting, a plan."""
    con = stock(connect(":memory:"), tmp_path)
    yield con
    con.close()


# ---- passwords and users --------------------------------------------------------------------


def test_a_password_is_stored_as_a_salted_scrypt_hash():
    first, second = access.hash_password("s3cret"), access.hash_password("s3cret")
    assert first.startswith("scrypt$16384$8$1$")
    assert "s3cret" not in first
    assert first != second  # a fresh salt each time
    assert access.verify_password("s3cret", first)
    assert access.verify_password("s3cret", second)
    assert not access.verify_password("S3cret", first)
    assert not access.verify_password("s3cret", "s3cret")
    assert not access.verify_password("s3cret", "scrypt$x$y")


def test_sign_in_is_off_without_users_and_on_with_them():
    assert not access.AccessConfig.from_secrets({}).enabled
    assert not access.AccessConfig.from_secrets(None).enabled
    assert access.AccessConfig.from_secrets(SECRETS).enabled
    switched_off = {"access": {**SECRETS["access"], "enabled": False}}
    assert not access.AccessConfig.from_secrets(switched_off).enabled


def test_users_sign_in_with_their_password_only():
    config = access.AccessConfig.from_secrets(SECRETS)
    anna = config.authenticate("anna", "anna-secret")
    assert (anna.login, anna.name, anna.role, anna.owner) == (
        "anna",
        "Anna",
        "key_account_manager",
        "Anna",
    )
    assert config.authenticate("ctrl", "anna-secret").name == "ctrl"
    assert config.authenticate("anna", "wrong") is None
    assert config.authenticate("nobody", "anna-secret") is None


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ({"role": "analyst", "password": "plain text"}, "is not a hash"),
        ({"role": "boss", "password": ANNA_HASH}, "use one of leadership"),
        ({"role": "analyst"}, "kap hash-password"),
    ],
)
def test_a_broken_user_entry_is_refused(entry, words):
    with pytest.raises(ConfigurationError, match=words):
        access.AccessConfig.from_secrets({"access": {"users": {"x": entry}}})


@pytest.mark.parametrize(
    "secrets",
    [
        {"access": {"users": "julia"}},
        {"access": {"users": {"julia": "scrypt$"}}},
        {"access": {"users": {"j.doe": {"role": "analyst", "password": ANNA_HASH}}}},
    ],
)
def test_a_user_list_of_the_wrong_shape_is_refused(secrets):
    with pytest.raises(ConfigurationError, match="access"):
        access.AccessConfig.from_secrets(secrets)


def test_kap_user_add_writes_a_hash_and_keeps_the_rest(tmp_path, monkeypatch, capsys):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n')
    monkeypatch.setattr(cli, "_new_password", lambda prompt="": "pw-one")
    args = ["user", "add", "julia", "--role", "key_account_manager", "--name", "Julia Neumann"]
    assert cli.main([*args, "--secrets", str(secrets)]) == 0
    monkeypatch.setattr(cli, "_new_password", lambda prompt="": "pw-two")
    assert cli.main([*args, "--secrets", str(secrets)]) == 0  # replaced, not added twice

    text = secrets.read_text()
    assert "pw-two" not in text
    assert "pw-one" not in text
    assert text.count("[access.users.julia]") == 1
    assert "redirect_uri" in text
    config = access.AccessConfig.from_secrets(tomllib.loads(text))
    julia = config.authenticate("julia", "pw-two")
    assert (julia.name, julia.owner) == ("Julia Neumann", "Julia Neumann")
    assert config.authenticate("julia", "pw-one") is None


def test_kap_hash_password_prints_a_hash_that_verifies(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_new_password", lambda prompt="": "typed")
    assert cli.main(["hash-password"]) == 0
    printed = capsys.readouterr().out.strip()
    assert access.verify_password("typed", printed)


# ---- seeing ---------------------------------------------------------------------------------


def test_a_key_account_manager_sees_their_own_accounts_only(stocked):
    period = default_period(stocked)
    anna = access.with_accounts(stocked, _user("anna"))
    assert anna.accounts == ("A1",)
    assert access.restrict(Filters(period=period), anna).account_ids == ("A1",)
    # a choice is narrowed, never widened
    chosen = Filters(period=period, account_ids=("A1", "A2"))
    assert access.restrict(chosen, anna).account_ids == ("A1",)
    assert access.restrict(Filters(period=period, account_ids=("A2",)), anna).account_ids == ()


@pytest.mark.parametrize("login", ["lead", "ctrl", "ana"])
def test_leadership_controlling_and_analysts_see_everything(stocked, login):
    chosen = Filters(period=default_period(stocked))
    assert access.restrict(chosen, access.with_accounts(stocked, _user(login))) == chosen
    assert access.restrict(chosen, None) == chosen


# Library functions (con, filters, ...) whose account rows are not the filtered accounts, and
# why. Everything else that takes filters must return only the user's accounts.
NOT_ACCOUNT_LISTS = {
    # the benchmark of peers is built from every account; the functions that list accounts
    # from it (wallet, white_space_cells, product_matrix) keep the filtered ones
    "kapanalytics.potential.group_spend": "peers",
}
EXTRA_ARGUMENTS = {
    "kapanalytics.abc.unit_measures": {"level": "account"},
    "kapanalytics.facts.revenue_by_dimension": {"dimension": "region"},
}


def _functions_taking_filters():
    for info in pkgutil.iter_modules(kapanalytics.__path__):
        module = importlib.import_module(f"kapanalytics.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            qualified = f"{module.__name__}.{name}"
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameters = list(inspect.signature(function).parameters.values())
            if [p.name for p in parameters[:2]] != ["con", "filters"]:
                continue
            extra = EXTRA_ARGUMENTS.get(qualified, {})
            required = [
                p.name
                for p in parameters[2:]
                if p.default is inspect.Parameter.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                and p.name not in extra
            ]
            if not required and qualified not in NOT_ACCOUNT_LISTS:
                yield qualified, function, extra


def test_every_analysis_shows_a_key_account_manager_only_their_accounts(demo_db):
    con = connect(demo_db)
    julia = access.with_accounts(
        con, access.User("julia", "Julia Neumann", "key_account_manager", "Julia Neumann")
    )
    own = set(julia.accounts)
    chosen = access.restrict(Filters(period=default_period(con)), julia)
    checked, with_accounts = [], 0
    for qualified, function, extra in _functions_taking_filters():
        result = function(con, chosen, **extra)
        frames = [result] if isinstance(result, pd.DataFrame) else []
        frames += (
            [r for r in result if isinstance(r, pd.DataFrame)] if isinstance(result, tuple) else []
        )
        shown = set().union(*(set(f["account_id"].dropna()) for f in frames if "account_id" in f))
        assert shown <= own, f"{qualified} shows {len(shown - own)} accounts of others"
        checked.append(qualified)
        with_accounts += bool(shown)
    con.close()
    assert len(own) > 50
    assert len(checked) >= 30
    assert with_accounts >= 15


# ---- changing -------------------------------------------------------------------------------


def _save_everything(con, user: access.User | None, account_id: str) -> None:
    """Each kind of change a page can make, on ``account_id``, as ``user``."""
    name = user.name if user else "cli"
    record_decision(con, account_id, True, "why not", name, actor=user)
    ratings.record_ratings(con, [(account_id, "product_fit", 4)], name, actor=user)
    opened = plans.latest_version(con, account_id)
    plan = plans.Plan().with_sections({"mission": f"{name} was here"})
    plans.save_plan(con, account_id, plan, name, opened, actor=user)


SETTINGS_SAVES = {
    "selection configuration": lambda con, user: save_config(
        con,
        SelectionConfig("board", {"revenue_l12m": 1, "win_rate": 1, "product_fit": 1}),
        "x",
        actor=user,
    ),
    "early-warning weights": lambda con, user: save_weights(con, RiskWeights(), "x", actor=user),
}


@pytest.mark.parametrize("login", ["lead", "ctrl"])
def test_leadership_and_controlling_change_everything(stocked, login):
    user = access.with_accounts(stocked, _user(login))
    _save_everything(stocked, user, "A2")
    for save in SETTINGS_SAVES.values():
        save(stocked, user)
    assert decision_history(stocked, "A2").iloc[0]["decided_by"] == user.name


def test_an_analyst_changes_nothing_and_is_told_why(stocked):
    analyst = _user("ana")
    before = all_checksums(stocked)
    for account_id in ("A1", "A2"):
        with pytest.raises(AccessDeniedError, match="may look at key-account decisions but not"):
            record_decision(stocked, account_id, True, "no", analyst.name, actor=analyst)
        with pytest.raises(AccessDeniedError, match="analyst"):
            ratings.record_ratings(stocked, [(account_id, "product_fit", 2)], "x", actor=analyst)
        with pytest.raises(AccessDeniedError, match="account plans"):
            plans.save_plan(stocked, account_id, plans.Plan(), "x", 1, actor=analyst)
    for save in SETTINGS_SAVES.values():
        with pytest.raises(AccessDeniedError, match="shared settings"):
            save(stocked, analyst)
    assert all_checksums(stocked) == before


def test_a_key_account_manager_changes_their_own_accounts_only(stocked):
    anna = access.with_accounts(stocked, _user("anna"))
    _save_everything(stocked, anna, "A1")
    before = all_checksums(stocked)
    with pytest.raises(AccessDeniedError, match="own accounts only; A2 belongs to another"):
        record_decision(stocked, "A2", True, "mine now", "Anna", actor=anna)
    with pytest.raises(AccessDeniedError):
        ratings.record_ratings(
            stocked, [("A1", "product_fit", 3), ("A2", "product_fit", 3)], "Anna", actor=anna
        )
    with pytest.raises(AccessDeniedError):
        plans.save_plan(stocked, "A2", plans.Plan(), "Anna", 0, actor=anna)
    for save in SETTINGS_SAVES.values():
        with pytest.raises(AccessDeniedError, match="shared settings"):
            save(stocked, anna)
    assert all_checksums(stocked) == before


def test_power_map_edits_follow_the_same_rule(stocked):
    stocked.execute(
        "insert into contacts (contact_id, account_id, name, buying_role) values"
        " ('C1', 'A1', 'Eva', 'user'), ('C2', 'A2', 'Udo', 'user')"
    )
    anna = access.with_accounts(stocked, _user("anna"))
    mine = powermap.ContactChange("C1", "buying_role", "user", "decision maker")
    theirs = powermap.ContactChange("C2", "buying_role", "user", "decision maker")
    assert powermap.save_contact_edits(stocked, [mine], "Anna", actor=anna) == 1
    with pytest.raises(AccessDeniedError):
        powermap.save_contact_edits(stocked, [theirs], "Anna", actor=anna)
    with pytest.raises(AccessDeniedError):
        powermap.save_contact_edits(stocked, [theirs], "Ana", actor=_user("ana"))
    assert stocked.execute("select count(*) from contact_edits").fetchone()[0] == 1


def test_without_sign_in_every_change_is_allowed(stocked):
    _save_everything(stocked, None, "A2")
    assert access.may_change(None, "settings")
    with pytest.raises(ConfigurationError, match="Unknown kind of change"):
        access.check_change(None, "everything")
