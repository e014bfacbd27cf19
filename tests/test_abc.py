"""ABC classes, Lorenz curve and Gini, the class grid and the migration.

Hand-made cases pin one rule each (ties, zero and negative measures, the account that crosses a
threshold, period edges, groups, filters); the Online Retail data set, imported with its preset,
is classified again by an independent pandas implementation of the definition.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from kapanalytics import abc, controlling_exports
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from tests.conftest import shared_data_file
from tests.test_facts import add_accounts, add_lines, line

YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def classes_of(values: dict[str, float], **thresholds) -> dict[str, str]:
    frame = pd.DataFrame({"account_id": list(values), "revenue": list(values.values())})
    classified = abc.classify(frame, "revenue", **thresholds)
    return dict(zip(classified["account_id"], classified["abc_class"], strict=True))


# --- the rule on hand-made frames -------------------------------------------------------------


def test_crossing_account_belongs_to_the_class_it_starts_in():
    # cumulative shares before: 0, 0.70, 0.85, 0.95
    classes = classes_of({"a1": 70, "a2": 15, "a3": 10, "a4": 5})
    assert classes == {"a1": "A", "a2": "A", "a3": "B", "a4": "C"}


def test_share_before_exactly_on_a_threshold_falls_into_the_next_class():
    # share_before of a2 is exactly 0.80: not < a, so B; of a3 exactly 0.95: not < b, so C
    assert classes_of({"a1": 80, "a2": 15, "a3": 5}) == {"a1": "A", "a2": "B", "a3": "C"}


def test_ties_are_ranked_by_account_id_ascending():
    # w and z tie at 10; w ranks first (share_before 0.8 -> B), z second (0.9 -> C with b=0.85)
    frame = pd.DataFrame({"account_id": ["z", "x", "w", "y"], "revenue": [10, 50, 10, 30]})
    classified = abc.classify(frame, "revenue", a=0.8, b=0.85)
    assert classified["account_id"].tolist() == ["x", "y", "w", "z"]
    assert classified["rank"].tolist() == [1, 2, 3, 4]
    assert classified["abc_class"].tolist() == ["A", "A", "B", "C"]


def test_zero_and_negative_measures_are_c_and_stay_out_of_the_total():
    classified = abc.classify(
        pd.DataFrame(
            {"account_id": ["p", "q", "r", "s", "t"], "revenue": [60.0, 30.0, 10.0, 0.0, -20.0]}
        ),
        "revenue",
    ).set_index("account_id")
    assert classified["abc_class"].to_dict() == {"p": "A", "q": "A", "r": "B", "s": "C", "t": "C"}
    # the denominator is the total of positive measures (100), not the net total (80)
    assert classified.loc["p", "share"] == pytest.approx(0.6)
    assert classified.loc["r", "share_before"] == pytest.approx(0.9)
    assert classified.loc["t", "share"] == pytest.approx(-0.2)


def test_a_single_positive_account_is_a_even_with_a_tiny_measure():
    assert classes_of({"only": 0.01, "zero": 0.0, "minus": -5.0}) == {
        "only": "A",
        "zero": "C",
        "minus": "C",
    }


def test_without_any_positive_measure_everyone_is_c_and_shares_are_undefined():
    classified = abc.classify(
        pd.DataFrame({"account_id": ["a", "b"], "revenue": [0.0, -3.0]}), "revenue"
    )
    assert classified["abc_class"].tolist() == ["C", "C"]
    assert classified["share_before"].isna().all()


def test_a_missing_measure_counts_as_zero():
    frame = pd.DataFrame({"account_id": ["a", "b"], "revenue": [5.0, np.nan]})
    assert abc.classify(frame, "revenue")["abc_class"].tolist() == ["A", "C"]


def test_custom_thresholds_move_the_boundaries():
    values = {"a1": 50, "a2": 30, "a3": 20}
    assert classes_of(values, a=0.5, b=0.8) == {"a1": "A", "a2": "B", "a3": "C"}
    assert classes_of(values, a=0.9, b=1.0) == {"a1": "A", "a2": "A", "a3": "A"}


@pytest.mark.parametrize(
    ("measure", "a", "b", "level", "message"),
    [
        ("profit", 0.8, 0.95, "account", "Cannot rank by 'profit'"),
        ("revenue", 0.95, 0.8, "account", "0 < a <= b <= 1"),
        ("revenue", 0.0, 0.95, "account", "0 < a <= b <= 1"),
        ("revenue", 0.8, 1.2, "account", "0 < a <= b <= 1"),
        ("revenue", 0.8, 0.95, "division", "Unknown level"),
        ("revenue", float("nan"), 0.95, "account", "must be a number"),
    ],
)
def test_bad_parameters_are_refused_with_the_rule(measure, a, b, level, message):
    with pytest.raises(ConfigurationError, match=message):
        abc.check_parameters(measure, a, b, level)


# --- class summary, Lorenz curve, Gini --------------------------------------------------------


def test_class_summary_counts_and_shares_every_class():
    classified = abc.classify(
        pd.DataFrame({"account_id": list("abcd"), "revenue": [70.0, 15.0, 10.0, 5.0]}),
        "revenue",
    )
    summary = abc.class_summary(classified, "revenue").set_index("abc_class")
    assert summary["accounts"].tolist() == [2, 1, 1]
    assert summary["account_share"].tolist() == [0.5, 0.25, 0.25]
    assert summary["revenue"].tolist() == [85.0, 10.0, 5.0]
    assert summary["revenue_share"].tolist() == pytest.approx([0.85, 0.10, 0.05])


def test_class_summary_shows_an_empty_class_and_the_chosen_measure():
    classified = abc.classify(
        pd.DataFrame({"account_id": ["a"], "revenue": [10.0], "order_count": [3]}), "order_count"
    )
    summary = abc.class_summary(classified, "order_count")
    assert summary["accounts"].tolist() == [1, 0, 0]
    assert summary["order_count"].tolist() == [3, 0, 0]
    assert summary["order_count_share"].tolist() == [1.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5.0] * 10, 0.0),  # everyone the same
        ([0.0] * 9 + [100.0], 0.9),  # one of n holds everything: (n - 1) / n
        (list(range(1, 101)), 99 / 300),  # 1..n: (n - 1) / (3 n)
        ([1.0, 3.0], 0.25),  # |1 - 3| * 2 / (2 * 4 * 2)
        ([-5.0, 0.0, 10.0], 2 / 3),  # negatives count as 0: one of three holds everything
    ],
)
def test_gini_on_known_distributions(values, expected):
    assert abc.gini(values) == pytest.approx(expected)


def test_gini_of_a_large_exponential_sample_is_one_half():
    sample = np.random.default_rng(3).exponential(size=200_000)
    assert abc.gini(sample) == pytest.approx(0.5, abs=0.01)


def test_gini_agrees_with_the_mean_absolute_difference():
    values = np.random.default_rng(5).lognormal(size=300)
    mean_difference = np.abs(values[:, None] - values[None, :]).sum()
    assert abc.gini(values) == pytest.approx(
        mean_difference / (2 * len(values) ** 2 * values.mean())
    )


def test_gini_is_undefined_without_a_positive_total():
    assert math.isnan(abc.gini([]))
    assert math.isnan(abc.gini([0.0, -1.0]))


def test_lorenz_curve_runs_from_the_origin_to_one_in_ascending_order():
    curve = abc.lorenz_curve([30.0, 10.0, 60.0])
    assert curve["account_share"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert curve["measure_share"].tolist() == pytest.approx([0, 0.1, 0.4, 1.0])


def test_a_long_lorenz_curve_is_thinned_but_keeps_both_ends():
    curve = abc.lorenz_curve(np.arange(10_000, dtype=float), max_points=200)
    assert len(curve) <= 200
    assert curve.iloc[0].tolist() == [0.0, 0.0]
    assert curve.iloc[-1].tolist() == [1.0, 1.0]
    assert curve["measure_share"].is_monotonic_increasing


# --- measured from the database ---------------------------------------------------------------


@pytest.fixture
def small_company(con):
    add_accounts(
        con,
        {"account_id": "A1", "name": "Alpha", "region": "North", "industry": "food"},
        {"account_id": "A2", "name": "Beta", "region": "South", "industry": "food"},
        {"account_id": "A3", "name": "Gamma", "region": "North", "industry": "metal"},
        {"account_id": "G", "name": "Group head", "region": "North"},
        {"account_id": "G1", "name": "Division 1", "parent_account_id": "G", "region": "North"},
        {"account_id": "G2", "name": "Division 2", "parent_account_id": "G", "region": "South"},
        {"account_id": "P", "name": "Prospect", "region": "North"},
    )
    add_lines(
        con,
        line("A1", "2024-01-01", 500, cost=300),
        line("A1", "2024-12-31", 300, cost=100),
        line("A1", "2024-06-01", -100, cost=-60, credit_note=True),
        line("A1", "2023-12-31", 9999),  # before the period
        line("A2", "2024-03-01", 100, cost=90),
        line("A2", "2024-04-01", 100, cost=90),
        line("A2", "2024-05-01", 100, cost=90),
        line("A3", "2024-02-01", -50),  # only a credit: ranked, class C
        line("G1", "2024-02-02", 150, cost=50),
        line("G2", "2024-02-03", 250, cost=50),
        line("A3", "2025-01-01", 7000),  # after the period
    )
    return con


def test_accounts_are_ranked_by_their_revenue_in_the_period(small_company):
    classified = abc.abc_classes(small_company, Filters(period=YEAR_2024))
    assert classified["account_id"].tolist() == ["A1", "A2", "G2", "G1", "A3"]
    assert classified["revenue"].tolist() == [700.0, 300.0, 250.0, 150.0, -50.0]
    # total positive 1400: A1 0 -> A, A2 0.5 -> A, G2 0.714 -> A, G1 0.893 -> B, A3 -> C
    assert classified["abc_class"].tolist() == ["A", "A", "A", "B", "C"]
    assert classified.loc[3, "share_before"] == pytest.approx(1250 / 1400)
    assert "P" not in set(classified["account_id"]), "an account without lines is not ranked"


def test_order_count_counts_purchases_not_credit_notes(small_company):
    classified = abc.abc_classes(small_company, Filters(period=YEAR_2024), measure="order_count")
    counts = dict(zip(classified["account_id"], classified["order_count"], strict=True))
    assert counts == {"A1": 2, "A2": 3, "G1": 1, "G2": 1, "A3": 0}
    assert classified["account_id"].tolist()[:2] == ["A2", "A1"]
    assert classified.set_index("account_id").loc["A3", "abc_class"] == "C"


def test_contribution_margin_ranks_by_revenue_minus_cost(small_company):
    classified = abc.abc_classes(
        small_company, Filters(period=YEAR_2024), measure="contribution_margin"
    )
    margins = dict(zip(classified["account_id"], classified["contribution_margin"], strict=True))
    assert margins["A1"] == pytest.approx(360.0)
    assert margins["G2"] == pytest.approx(200.0)
    assert math.isnan(margins["A3"]), "no costed line: no margin"
    assert classified.set_index("account_id").loc["A3", "abc_class"] == "C"


def test_group_level_sums_the_divisions_under_their_head(small_company):
    classified = abc.abc_classes(small_company, Filters(period=YEAR_2024), level="group")
    row = classified.set_index("account_id").loc["G"]
    assert row["revenue"] == 400.0
    assert row["members"] == 2
    assert row["name"] == "Group head"
    assert "G1" not in set(classified["account_id"])


def test_filters_choose_the_accounts_that_are_ranked(small_company):
    north = abc.abc_classes(small_company, Filters(period=YEAR_2024, region=("North",)))
    assert set(north["account_id"]) == {"A1", "A3", "G1"}
    assert north.set_index("account_id").loc["G1", "share"] == pytest.approx(150 / 850)


def test_revenue_class_against_margin_class(small_company):
    grid = abc.class_grid(small_company, Filters(period=YEAR_2024)).set_index("account_id")
    # margins: A1 360, G2 200, G1 100, A2 30 (total 690): A1 A, G2 A (0.52), G1 B (0.81), A2 C
    assert grid.loc["A2", ["revenue_class", "margin_class"]].tolist() == ["A", "C"]
    assert grid.loc["G1", ["revenue_class", "margin_class"]].tolist() == ["B", "B"]
    table = abc.cross_table(
        grid.reset_index(), "revenue_class", "margin_class", abc.CLASSES, abc.CLASSES
    )
    assert table.shape == (3, 3)
    assert table.loc["A", "C"] == 1
    assert table.to_numpy().sum() == 5


def test_migration_knows_new_and_lost_accounts(small_company):
    add_lines(small_company, line("A3", "2023-06-01", 100), line("P", "2023-02-01", 50))
    year_2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
    moves = abc.migration(small_company, Filters(period=YEAR_2024), year_2023)
    by_id = moves.set_index("account_id")
    # 2023: A1 9999 -> A; A3 100 (share before 0.985) -> C; P 50 -> C; nobody else has lines
    assert by_id.loc["A1", ["class_before", "class_after"]].tolist() == ["A", "A"]
    assert by_id.loc["A3", ["class_before", "class_after"]].tolist() == ["C", "C"]
    assert by_id.loc["P", ["class_before", "class_after"]].tolist() == ["C", abc.LOST]
    assert by_id.loc["A2", ["class_before", "class_after"]].tolist() == [abc.NEW, "A"]
    assert math.isnan(by_id.loc["P", "measure_after"])
    assert by_id.loc["P", "measure_before"] == 50.0
    matrix = abc.cross_table(
        moves, "class_before", "class_after", abc.MIGRATION_FROM, abc.MIGRATION_TO
    )
    assert matrix.loc[abc.NEW].tolist() == [2, 1, 0, 0]  # A2 and G2 new in A, G1 new in B
    assert matrix.loc["C", abc.LOST] == 1
    assert matrix.to_numpy().sum() == len(moves) == 6
    behind = abc.cell_members(moves, "class_before", abc.NEW, "class_after", "A")
    assert behind["account_id"].tolist() == ["A2", "G2"]


def test_classify_ranks_the_same_whatever_the_order_of_the_rows():
    # many ties: rows in id order take a shortcut, shuffled rows the full sort
    rng = np.random.default_rng(3)
    ids = [f"K{i:03d}" for i in range(300)]
    values = rng.choice([0.0, -5.0, 10.0, 20.0, 35.5, np.nan], size=300)
    in_id_order = pd.DataFrame({"account_id": ids, "revenue": values})
    shuffled = in_id_order.sample(frac=1, random_state=1)
    expected = independent_abc(in_id_order.set_index("account_id")["revenue"].fillna(0), 0.8, 0.95)
    for frame in (in_id_order, shuffled):
        classified = abc.classify(frame, "revenue")
        ranking = sorted(ids, key=lambda i: (-np.nan_to_num(values[ids.index(i)]), i))
        assert classified["account_id"].tolist() == ranking
        assert dict(zip(classified["account_id"], classified["abc_class"], strict=True)) == expected
    pd.testing.assert_frame_equal(
        abc.classify(in_id_order, "revenue"), abc.classify(shuffled, "revenue")
    )


def with_more_history(con):
    add_lines(
        con,
        line("A3", "2023-06-01", 100),
        line("P", "2023-02-01", 50, cost=20),
        line("A2", "2023-03-01", 9999, cost=1),
        line("G2", "2023-03-01", 250, cost=50),  # ties with G2 of 2024
    )
    return con


@pytest.mark.parametrize("measure", abc.MEASURES)
@pytest.mark.parametrize("level", abc.LEVELS)
def test_migration_joins_the_classes_of_both_periods(small_company, measure, level):
    con = with_more_history(small_company)
    year_2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
    after = abc.abc_classes(con, Filters(period=YEAR_2024), measure=measure, level=level)
    before = abc.abc_classes(con, Filters(period=year_2023), measure=measure, level=level)
    keep = ["account_id", "name", measure, "abc_class"]
    joined = before[keep].merge(after[keep], on="account_id", how="outer")
    expected = pd.DataFrame(
        {
            "account_id": joined["account_id"],
            "name": joined["name_y"].fillna(joined["name_x"]),
            "class_before": joined["abc_class_x"].fillna(abc.NEW),
            "class_after": joined["abc_class_y"].fillna(abc.LOST),
            "measure_before": joined[f"{measure}_x"],
            "measure_after": joined[f"{measure}_y"],
        }
    ).sort_values(
        ["measure_after", "measure_before", "account_id"],
        ascending=[False, False, True],
        na_position="last",
        ignore_index=True,
    )
    moves = abc.migration(con, Filters(period=YEAR_2024), year_2023, measure=measure, level=level)
    pd.testing.assert_frame_equal(moves, expected, check_dtype=False)
    assert abc.LOST in set(moves["class_after"]), "P has no line in 2024"


def test_class_grid_puts_both_classifications_side_by_side(small_company):
    con = with_more_history(small_company)
    for filters in (Filters(period=YEAR_2024), Filters(period=YEAR_2024, region=("North",))):
        grid = abc.class_grid(con, filters, a=0.5, b=0.9)
        by_revenue = abc.abc_classes(con, filters, a=0.5, b=0.9).set_index("account_id")
        by_margin = abc.abc_classes(
            con, filters, measure="contribution_margin", a=0.5, b=0.9
        ).set_index("account_id")
        expected = by_revenue[["name", "revenue", "contribution_margin"]].assign(
            revenue_class=by_revenue["abc_class"],
            margin_class=by_margin["abc_class"],
        )
        expected = expected.reset_index().sort_values(
            ["revenue", "account_id"], ascending=[False, True], ignore_index=True
        )
        pd.testing.assert_frame_equal(grid, expected)
        # from the ranked units of the page, whatever measure ranked them
        for measure in abc.MEASURES:
            classified = abc.abc_classes(con, filters, measure=measure)
            pd.testing.assert_frame_equal(abc.class_grid_of(classified, a=0.5, b=0.9), grid)


def test_the_export_defaults_to_the_twelve_months_up_to_the_last_invoice(small_company):
    # the last line is dated 2025-01-01: the 12 months are 2024-01-02 .. 2025-01-01
    table = controlling_exports.abc_table(small_company).set_index("account_id")
    assert table.loc["A3", "revenue"] == 7000 - 50
    assert table.loc["A1", "revenue"] == 300 - 100, "its line of 2024-01-01 is a day too early"


def test_the_export_refuses_a_period_that_ends_before_it_starts(small_company):
    with pytest.raises(ConfigurationError, match="--from before --to"):
        controlling_exports.abc_table(
            small_company, **{"from": date(2024, 12, 31), "to": date(2024, 1, 1)}
        )


# --- a real data set, against an independent computation --------------------------------------


def independent_abc(revenue: pd.Series, a: float, b: float) -> dict[str, str]:
    """DOMAIN.md's rule written out plainly: a loop over the ranked customers."""
    ordered = sorted(revenue.items(), key=lambda item: (-item[1], item[0]))
    total_positive = sum(value for _, value in ordered if value > 0)
    classes, running = {}, 0.0
    for customer, value in ordered:
        share_before = running / total_positive
        if value <= 0:
            classes[customer] = "C"
        elif share_before < a:
            classes[customer] = "A"
        elif share_before < b:
            classes[customer] = "B"
        else:
            classes[customer] = "C"
        running += value
    return classes


@pytest.mark.slow
@pytest.mark.parametrize(("a", "b"), [(0.8, 0.95), (0.7, 0.9)])
def test_online_retail_classes_match_an_independent_pandas_computation(con, a, b):
    from kapanalytics.ingest import import_file

    path = shared_data_file("uci_online_retail", "online_retail.parquet")
    import_file(con, path, preset="online_retail", on_bad_rows="quarantine")
    period = Period(date(2011, 1, 1), date(2011, 9, 30))

    source = pd.read_parquet(path).dropna(subset=["CustomerID"])
    day = source["InvoiceDate"].dt.date
    in_period = source[(day >= period.start) & (day <= period.end)]
    customer = in_period["CustomerID"].astype(int).astype(str)
    revenue = (
        (in_period["Quantity"] * in_period["UnitPrice"])
        .groupby(customer)
        .sum()
        .round(abc.MONEY_DECIMALS)
    )
    expected = independent_abc(revenue, a, b)

    classified = abc.abc_classes(con, Filters(period=period), a=a, b=b)
    got = dict(zip(classified["account_id"], classified["abc_class"], strict=True))
    assert len(got) == len(expected) == customer.nunique()
    assert got == expected
    assert (classified["revenue"] < 0).any(), "the data holds customers with net credits"
    counts = pd.Series(list(got.values())).value_counts()
    assert counts["A"] < counts["B"] + counts["C"], "a minority of customers makes the A class"
    by_id = classified.set_index("account_id")
    assert by_id["revenue"].to_dict() == pytest.approx(revenue.to_dict())
