"""The account 360: search, profile, key figures against industry peers (by hand), the
divisions' 2x2, touchpoints and cadence, and the standing taken from the modules that define it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kapanalytics import abc, account360, divisions, keyaccounts, potential, risk, touchpoints
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, last_12_months
from kapanalytics.staging import refresh_staged_tables
from kapanalytics.store import connect

AS_OF = date(2026, 9, 30)


@pytest.fixture
def db(con):
    """Energy: A (ours), P1, P2 (peers), P3 (no purchase in the last window); X another industry."""
    con.execute(
        "insert into accounts (account_id, name, industry, annual_potential, attitude,"
        " parent_account_id, owner) values"
        " ('A', 'Alpha Holding', 'energy', 1000, 'positive', null, 'Tim'),"
        " ('A-DE', 'Alpha Deutschland', 'energy', 400, 'mentor', 'A', 'Tim'),"
        " ('A-FR', 'Alpha France', 'energy', 100, 'negative', 'A', 'Lisa'),"
        " ('P1', 'Peer One', 'energy', 200, 'neutral', null, 'Lisa'),"
        " ('P2', 'Peer Two', 'energy', null, 'neutral', null, 'Lisa'),"
        " ('P3', 'Peer Three', 'energy', 100, 'neutral', null, 'Lisa'),"
        " ('X', 'Xeno Foods', 'food', 100, 'neutral', null, 'Lisa')"
    )
    lines = [
        # the last window 2025-10-01 .. 2026-09-30
        ("a1", "A", "2026-09-30", 300, 200, "Pumps"),
        ("a2", "A", "2026-03-01", 200, None, "Valves"),
        ("a3", "A", "2026-04-01", -50, -30, "Pumps"),  # a credit note: no purchase
        ("p1", "P1", "2026-01-10", 100, 60, "Pumps"),
        ("p2", "P2", "2026-02-10", 60, 30, "Pumps"),
        ("p3", "P2", "2026-02-11", 40, 10, "Pumps"),
        ("x1", "X", "2026-02-11", 9999, 1, "Pumps"),
        ("d1", "A-DE", "2026-05-05", 80, 40, "Pumps"),
        # the window before: 2024-10-01 .. 2025-09-30
        ("a4", "A", "2025-09-30", 100, 50, "Pumps"),
        ("p4", "P3", "2025-01-01", 70, 35, "Pumps"),
    ]
    con.executemany(
        "insert into transactions (invoice_id, line_no, account_id, invoice_date, net_amount,"
        " cost_amount, product_group) values (?, 1, ?, ?, ?, ?, ?)",
        lines,
    )
    refresh_staged_tables(con)
    keyaccounts.record_decision(con, "A", True, "big", "board")
    return con


def figure(frame: pd.DataFrame, name: str, window_end: date) -> pd.Series:
    row = frame[(frame["figure"] == name) & (frame["window_end"] == pd.Timestamp(window_end))]
    return row.iloc[0]


def test_five_windows_of_twelve_months_end_on_the_analysis_date():
    periods = account360.windows(AS_OF)
    assert [(p.start, p.end) for p in periods[-2:]] == [
        (date(2024, 10, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2026, 9, 30)),
    ]
    assert len(periods) == 5


def test_key_figures_against_the_median_of_the_active_industry_peers(db):
    frame = account360.key_figures(db, "A")
    revenue = figure(frame, "revenue", AS_OF)
    # A: 300 + 200 - 50; peers active in the window: A-DE 80, P1 100, P2 100 (not P3, not X)
    assert revenue["account"] == pytest.approx(450)
    assert revenue["peer_median"] == pytest.approx(100)
    assert revenue["peers"] == 3
    margin = figure(frame, "contribution_margin", AS_OF)
    # only lines with a cost: (300 - 200) + (-50 + 30); peers 40, 40, 60
    assert margin["account"] == pytest.approx(80)
    assert margin["peer_median"] == pytest.approx(40)
    orders = figure(frame, "order_count", AS_OF)
    assert orders["account"] == 2  # the credit note is no purchase
    assert orders["peer_median"] == 1  # A-DE 1, P1 1, P2 2
    wallet = figure(frame, "share_of_wallet", AS_OF)
    assert wallet["account"] == pytest.approx(0.45)
    # A-DE 80/400, P1 100/200; P2 has no potential
    assert wallet["peer_median"] == pytest.approx((0.2 + 0.5) / 2)
    before = figure(frame, "revenue", date(2025, 9, 30))
    assert (before["account"], before["peer_median"], before["peers"]) == (100, 70, 1)


def test_revenue_by_product_group_per_window(db):
    frame = account360.revenue_by_product_group(db, "A")
    last = frame[frame["window_end"] == pd.Timestamp(AS_OF)]
    assert last[["product_group", "revenue"]].values.tolist() == [
        ["Pumps", 250.0],
        ["Valves", 200.0],
    ]


def test_search_by_part_of_the_name_or_the_id_with_an_exact_id_first(db):
    found = account360.search_accounts(db, "alpha")
    assert found["account_id"].tolist() == ["A", "A-DE", "A-FR"]  # key account, then revenue
    assert account360.search_accounts(db, "p1")["account_id"].tolist() == ["P1"]
    assert account360.search_accounts(db, "a", limit=2)["account_id"].tolist() == ["A", "A-DE"]


def test_search_respects_the_account_filters(db):
    chosen = Filters(period=last_12_months(AS_OF), owner=("Lisa",))
    found = account360.search_accounts(db, "alpha", chosen)
    assert found["account_id"].tolist() == ["A-FR"]


def test_profile_names_group_divisions_and_key_account_status(db):
    profile = account360.account_profile(db, "A-DE")
    assert (profile["group_id"], profile["group_name"]) == ("A", "Alpha Holding")
    assert profile["parent_name"] == "Alpha Holding"
    assert profile["is_key_account"] is False
    head = account360.account_profile(db, "A")
    assert head["divisions"] == [("A-DE", "Alpha Deutschland"), ("A-FR", "Alpha France")]
    assert head["is_key_account"] is True
    with pytest.raises(ConfigurationError, match="no account 'nope'"):
        account360.account_profile(db, "nope")


def test_the_divisions_matrix_places_each_division_in_its_quadrant(db):
    matrix = divisions.divisions_matrix(db, "A-FR").set_index("account_id")
    assert set(matrix.index) == {"A", "A-DE", "A-FR"}
    assert matrix.loc["A-FR", "is_selected"]
    # the potential line is the median (400): on it counts as high
    assert matrix.loc["A", "quadrant"] == "focus"  # positive, high potential
    assert matrix.loc["A-DE", "quadrant"] == "focus"  # mentor, potential on the line
    assert matrix.loc["A-FR", "quadrant"] == "observe"  # negative, low potential
    assert matrix.loc["A-DE", "revenue_l12m"] == 80
    assert divisions.divisions_matrix(db, "P1").empty


def test_place_divisions_reads_the_four_quadrants():
    frame = pd.DataFrame(
        {
            "account_id": ["hp_pos", "hp_neg", "lp_pos", "lp_neg", "unknown"],
            "name": list("abcde"),
            "attitude": ["positive", "neutral", "mentor", "enemy", None],
            "attitude_score": [75.0, 50.0, 100.0, 0.0, None],
            "annual_potential": [900.0, 800.0, 100.0, 50.0, 500.0],
            "revenue_l12m": [10.0, 20.0, 30.0, 40.0, 50.0],
            "share_of_wallet": [0.1, 0.2, 0.3, 0.4, 0.5],
        }
    )
    placed = divisions.place_divisions(frame, "lp_pos").set_index("account_id")
    assert placed["quadrant"].to_dict() == {
        "hp_pos": "focus",
        "hp_neg": "win_over",
        "unknown": None,
        "lp_pos": "reference",
        "lp_neg": "observe",
    }
    assert placed.loc["hp_pos", "potential_line"] == 500


# ---- touchpoints -------------------------------------------------------------------------------


def timeline(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["activity_date", "type"])


def test_cadence_counts_visits_and_meetings_of_the_last_12_months_against_the_target():
    frame = timeline(
        (date(2026, 9, 10), "visit"),
        (date(2026, 6, 1), "meeting"),
        (date(2026, 5, 1), "call"),
        (date(2025, 9, 30), "visit"),  # the day before the 12 months begin
    )
    key = touchpoints.cadence(frame, AS_OF, "key account")
    assert (key["personal_l12m"], key["target"]) == (2, 12)
    assert key["attainment"] == pytest.approx(2 / 12)
    assert key["days_since_personal"] == 20
    assert key["is_behind"]
    b = touchpoints.cadence(frame, AS_OF, "B")
    assert not b["is_behind"]


def test_the_cadence_class_is_key_account_first_then_abc():
    assert touchpoints.cadence_class(True, "C") == "key account"
    assert touchpoints.cadence_class(False, "A") == "A"
    assert touchpoints.cadence_class(False, None) == "C"


def test_touchpoints_by_month_fill_every_month_with_zeros():
    frame = timeline((date(2026, 9, 10), "visit"), (date(2026, 9, 11), "visit"))
    months = touchpoints.touchpoints_by_month(frame, AS_OF, months=3)
    assert months["month"].dt.strftime("%Y-%m").unique().tolist() == [
        "2026-07",
        "2026-08",
        "2026-09",
    ]
    september = months[months["month"] == pd.Timestamp("2026-09-01")]
    assert september["touchpoints"].sum() == 2


def test_decision_makers_never_contacted_come_first():
    contacts = pd.DataFrame(
        {
            "contact_id": ["a", "b", "c"],
            "name": ["Ann", "Bob", "Cid"],
            "title": None,
            "account_name": "X",
            "relationship_owner": "Tim",
            "buying_role": ["decision maker", "Decision Maker ", "buyer"],
            "last_contact_date": None,
            "days_since_contact": pd.array([30, None, 400], dtype="Int64"),
            "freshness": None,
        }
    )
    assert touchpoints.decision_makers(contacts)["contact_id"].tolist() == ["b", "a"]


# ---- the standing comes from the modules that define it (demo company) ----------------------


@pytest.fixture(scope="module")
def demo(demo_db):
    con = connect(demo_db, read_only=True)
    yield con
    con.close()


def test_status_takes_abc_risk_and_wallet_from_their_modules(demo):
    account_id = keyaccounts.current_key_accounts(demo)[0]
    status = account360.account_status(demo, account_id)
    as_of = account360.as_of_date(demo)
    everyone = Filters(period=last_12_months(as_of))
    classes = abc.abc_classes(demo, everyone).set_index("account_id")
    assert status["abc_class"] == classes.loc[account_id, "abc_class"]
    assert status["is_key_account"] is True
    wallet = potential.wallet(demo, everyone).set_index("account_id")
    assert status["white_space"] == pytest.approx(wallet.loc[account_id, "white_space"])
    scores = risk.risk_scores(demo, everyone).set_index("account_id")
    if account_id in scores.index:
        assert status["risk_score"] == pytest.approx(scores.loc[account_id, "risk_score"])
    assert status["selection_score"] is not None


def test_an_accounts_white_space_is_its_rows_of_the_portfolios_cross_sell_list(demo):
    everyone = Filters(period=last_12_months(account360.as_of_date(demo)))
    cells = potential.white_space_cells(demo, everyone)
    counts = cells["account_id"].value_counts()
    without = demo.execute("select min(account_id) from accounts").fetchone()[0]
    chosen = [*counts.index[:3], counts.index[-1]]
    if without not in counts.index:
        chosen.append(without)
    for account_id in chosen:
        mine = account360.account_white_space(demo, account_id)
        expected = cells[cells["account_id"] == account_id][list(mine.columns)]
        pd.testing.assert_frame_equal(mine, expected.reset_index(drop=True))
    assert len(account360.account_white_space(demo, counts.index[0])) == counts.iloc[0] > 0


def test_yearly_facts_of_the_peers_equal_the_invoice_lines_summed_by_hand(demo):
    account_id = keyaccounts.current_key_accounts(demo)[0]
    facts = account360.yearly_facts(demo, account_id)
    window = facts[facts["window_end"] == facts["window_end"].max()]
    start, end = window["window_start"].iloc[0], window["window_end"].iloc[0]
    lines = (
        demo.execute(
            """
        select t.account_id, sum(t.net_amount) as revenue,
            sum(t.net_amount - t.cost_amount) as margin
        from transactions t join accounts a using (account_id)
        where a.industry = (select industry from accounts where account_id = ?)
            and t.invoice_date between ? and ?
        group by t.account_id
        """,
            [account_id, start, end],
        )
        .df()
        .set_index("account_id")
    )
    shown = window.set_index("account_id")
    assert shown.loc[lines.index, "revenue"].to_numpy() == pytest.approx(lines["revenue"])
    assert shown.loc[lines.index, "contribution_margin"].to_numpy() == pytest.approx(
        lines["margin"]
    )
    assert (shown.drop(lines.index)["revenue"] == 0).all()


def test_plan_prompts_put_white_space_before_open_deals_and_drivers_before_losses():
    white = pd.DataFrame({"product_group": ["Valves"], "expected_value": [5000.0]})
    deals = pd.DataFrame(
        {
            "name": ["small", "big", "gone", "dropped"],
            "status": ["open", "open", "lost", "lost"],
            "amount": [10.0, 900.0, 50.0, 60.0],
            "competitor": [None, None, "Nordstern", None],
            "lost_reason": [None, None, "price", "no decision"],
        }
    )
    warnings = pd.DataFrame([{"warning": "single_thread", "threads": 1}])
    prompts = account360.plan_prompts({"risk_drivers": ["recency"]}, white, deals, warnings)
    assert [code for code, _ in prompts["opportunities"]] == [
        "white_space",
        "open_opportunity",
        "open_opportunity",
    ]
    assert prompts["opportunities"][1][1]["name"] == "big"
    assert prompts["risks"] == [
        ("risk_driver", {"factor": "recency"}),
        ("warning", {"warning": "single_thread", "threads": 1}),
        ("lost_to", {"name": "gone", "competitor": "Nordstern", "reason": "price"}),
    ]
    assert len(account360.plan_prompts({}, white, deals, warnings, limit=1)["risks"]) == 1
