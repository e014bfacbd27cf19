"""The per-customer purchase summary (frequency, recency, T, monetary value): hand-made cases
pin one rule each; on the demo company and on CDNOW it equals lifetimes' own
``summary_data_from_transaction_data`` run on the purchases."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from lifetimes.utils import summary_data_from_transaction_data

from kapanalytics import facts
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, Period
from kapanalytics.ingest import import_file
from kapanalytics.purchase_summary import SUMMARY_COLUMNS, purchase_summary
from kapanalytics.store import connect
from tests.conftest import shared_data_file
from tests.test_facts import add_accounts, add_lines, d, line

ALL = Filters(Period(d("2024-01-01"), d("2024-12-31")))
END = "2024-12-31"


def customers(con, *ids: str) -> None:
    """Accounts with the given ids, plus one whose purchase keeps the data going to END."""
    add_accounts(con, *({"account_id": i} for i in ids), {"account_id": "ZZZ"})
    add_lines(con, line("ZZZ", END, 1.0))


def summary_of(con, account_id: str, **kwargs) -> dict:
    frame = purchase_summary(con, ALL, **kwargs).set_index("account_id")
    return frame.loc[account_id].to_dict()


def test_a_single_purchase_has_no_repeat_and_no_monetary_value(con):
    customers(con, "A")
    add_lines(con, line("A", "2024-10-02", 250))
    assert summary_of(con, "A") == {
        "frequency": 0.0,
        "recency": 0.0,
        "T": 90.0,  # 2024-10-02 .. 2024-12-31
        "monetary_value": 0.0,
    }


def test_repeat_days_count_from_the_first_purchase(con):
    customers(con, "A")
    add_lines(
        con, line("A", "2024-01-10", 100), line("A", "2024-03-01", 50), line("A", "2024-06-01", 70)
    )
    assert summary_of(con, "A") == {
        "frequency": 2.0,
        "recency": 143.0,  # 2024-01-10 .. 2024-06-01
        "T": 356.0,
        "monetary_value": 60.0,  # the mean of the repeat days, not of the first
    }


def test_two_invoices_on_one_day_are_one_period_with_their_sum(con):
    customers(con, "A")
    add_lines(
        con,
        line("A", "2024-02-01", 40),
        line("A", "2024-02-01", 60),
        line("A", "2024-05-01", 20),
        line("A", "2024-05-01", 25),
    )
    got = summary_of(con, "A")
    assert got["frequency"] == 1.0
    assert got["monetary_value"] == pytest.approx(45.0)


def test_a_credit_note_is_no_purchase_and_lowers_no_value(con):
    customers(con, "A")
    add_lines(
        con,
        line("A", "2024-01-10", 100),
        line("A", "2024-02-01", -30, credit_note=True),
        line("A", "2024-03-01", 50),
        line("A", "2024-03-01", -20, credit_note=True),
    )
    got = summary_of(con, "A")
    # the credit note of February is no period; that of 1 March leaves the day's purchase at 50
    assert got["frequency"] == 1.0
    assert got["recency"] == 51.0
    assert got["monetary_value"] == pytest.approx(50.0)


def test_a_negative_line_inside_a_purchase_lowers_its_total(con):
    customers(con, "A")
    add_lines(
        con,
        line("A", "2024-01-10", 100),
        line("A", "2024-03-01", 80, invoice="R-7"),
        line("A", "2024-03-01", -30, invoice="R-7"),
    )
    assert summary_of(con, "A")["monetary_value"] == pytest.approx(50.0)


def test_an_account_with_only_credit_notes_is_not_summarised(con):
    customers(con, "A")
    add_lines(con, line("A", "2024-03-01", -30, credit_note=True))
    assert "A" not in set(purchase_summary(con, ALL)["account_id"])


def test_purchases_after_the_observation_end_are_not_known(con):
    customers(con, "A", "B")
    add_lines(
        con,
        line("A", "2024-01-10", 100),
        line("A", "2024-03-01", 50),
        line("A", "2024-08-01", 70),
        line("B", "2024-07-01", 10),
    )
    frame = purchase_summary(con, ALL, as_of=d("2024-06-30")).set_index("account_id")
    assert frame.attrs["as_of"] == d("2024-06-30")
    assert frame.loc["A"].to_dict() == {
        "frequency": 1.0,
        "recency": 51.0,
        "T": 172.0,
        "monetary_value": 50.0,
    }
    assert "B" not in frame.index  # its first purchase lies after the end


def test_weeks_run_from_monday_to_sunday(con):
    customers(con, "A")
    add_lines(
        con,
        line("A", "2024-01-01", 10),  # a Monday
        line("A", "2024-01-07", 20),  # the Sunday of the same week: no repeat
        line("A", "2024-01-08", 5),  # the next Monday
    )
    got = summary_of(con, "A", freq="W")
    assert got["frequency"] == 1.0
    assert got["recency"] == 1.0
    assert got["T"] == 52.0  # 2024-12-31 is the Tuesday of week 53
    assert got["monetary_value"] == 5.0


def test_the_period_of_the_filters_plays_no_part_but_the_account_filters_do(con):
    add_accounts(con, {"account_id": "A", "region": "North"}, {"account_id": "B"})
    add_lines(con, line("A", "2022-01-10", 100), line("A", "2024-03-01", 50), line("B", END, 9))
    one_month = Filters(Period(d("2024-12-01"), d("2024-12-31")), region=("North",))
    frame = purchase_summary(con, one_month)
    assert frame["account_id"].tolist() == ["A"]
    assert frame["frequency"].tolist() == [1.0]
    assert frame["T"].tolist() == [float((d(END) - d("2022-01-10")).days)]


def test_an_unknown_period_length_is_refused(con):
    with pytest.raises(ConfigurationError, match="D, W"):
        purchase_summary(con, ALL, freq="M")


def test_without_invoice_lines_the_summary_is_empty(con):
    frame = purchase_summary(con, ALL)
    assert frame.empty
    assert list(frame.columns) == list(SUMMARY_COLUMNS)


# --- against lifetimes ------------------------------------------------------------------------


def purchases_in_pandas(con) -> pd.DataFrame:
    """The purchases computed from the stored lines in pandas: invoices (id, else account and
    day) with a positive total that are not all flagged as credit notes."""
    lines = con.execute(
        "select invoice_id, account_id, invoice_date, net_amount, is_credit_note from transactions"
    ).df()
    lines["invoice_date"] = pd.to_datetime(lines["invoice_date"])
    blank = lines["invoice_id"].isna() | (lines["invoice_id"].str.strip() == "")
    day_key = "day:" + lines["account_id"] + ":" + lines["invoice_date"].dt.strftime("%Y-%m-%d")
    lines["key"] = lines["invoice_id"].where(~blank, day_key)
    lines["flagged"] = lines["is_credit_note"].fillna(False).astype(bool)
    invoices = lines.groupby(["account_id", "key"], as_index=False).agg(
        invoice_date=("invoice_date", "min"),
        total=("net_amount", "sum"),
        flagged=("flagged", "all"),
    )
    return invoices[(invoices["total"] > 0) & ~invoices["flagged"]]


def lifetimes_summary(purchases: pd.DataFrame, as_of, freq: str = "D") -> pd.DataFrame:
    summary = summary_data_from_transaction_data(
        purchases,
        "account_id",
        "invoice_date",
        "total",
        observation_period_end=pd.Timestamp(as_of),
        freq=freq,
    )
    return summary.rename_axis("account_id").reset_index().sort_values("account_id")


def assert_same_summary(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(got) == len(expected) > 0
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True),
        expected[list(SUMMARY_COLUMNS)].reset_index(drop=True),
        check_exact=False,
        rtol=1e-9,
        check_dtype=False,
    )


@pytest.fixture(scope="module")
def demo(demo_db_template):
    con = duckdb.connect(str(demo_db_template), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize(
    ("as_of", "freq"),
    [(None, "D"), (None, "W"), ("2025-06-29", "D"), ("2025-06-29", "W")],  # a Sunday
)
def test_the_demo_company_summary_equals_lifetimes(demo, as_of, freq):
    end = d(as_of) if as_of else facts.analysis_date(demo)
    filters = Filters(Period(d("2025-01-01"), end))
    got = purchase_summary(demo, filters, as_of=d(as_of) if as_of else None, freq=freq)
    assert got.attrs["as_of"] == end
    expected = lifetimes_summary(purchases_in_pandas(demo), end, freq)
    assert_same_summary(got, expected)
    assert (got["frequency"] > 0).mean() > 0.5


def test_weekly_lifetimes_also_counts_the_rest_of_the_last_week_the_product_does_not(demo):
    """lifetimes truncates at the start of the observation end's period, so with weeks it keeps
    the purchases of the days after a mid-week end; the product never uses what comes later."""
    wednesday = d("2025-07-02")
    purchases = purchases_in_pandas(demo)
    later = purchases["invoice_date"].between("2025-07-03", "2025-07-06")
    assert later.any()
    got = purchase_summary(demo, Filters(Period(wednesday, wednesday)), wednesday, "W")
    known = lifetimes_summary(purchases[purchases["invoice_date"] <= "2025-07-02"], wednesday, "W")
    assert_same_summary(got, known)
    everything = lifetimes_summary(purchases, wednesday, "W")
    assert everything["frequency"].sum() > got["frequency"].sum()


@pytest.mark.slow
def test_cdnow_summary_equals_lifetimes_on_its_purchases():
    path = shared_data_file("cdnow", "CDNOW_master.txt")
    con = connect(":memory:")
    try:
        import_file(con, path, preset="cdnow")
        got = purchase_summary(con, Filters(Period(d("1997-01-01"), d("1998-06-30"))))
    finally:
        con.close()
    assert got.attrs["as_of"] == d("1998-06-30")
    raw = pd.read_csv(path, sep=r"\s+", dtype={"customer_id": str})
    raw["invoice_date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    days = raw.groupby(["customer_id", "invoice_date"], as_index=False)["dollar_value"].sum()
    # a day's lines form one invoice; one of 0 dollars is no purchase
    purchases = days[days["dollar_value"] > 0].rename(
        columns={"customer_id": "account_id", "dollar_value": "total"}
    )
    assert_same_summary(got, lifetimes_summary(purchases, "1998-06-30"))
    # 68 of the 23,570 customers only ever bought for 0 dollars: no purchase, no summary
    assert len(got) == 23_502
    # lifetimes on the raw log also counts the 0-dollar days: only their customers differ
    whole_log = lifetimes_summary(
        days.rename(columns={"customer_id": "account_id", "dollar_value": "total"}), "1998-06-30"
    )
    differ = set(
        whole_log.merge(got, on="account_id", how="outer", suffixes=("", "_product")).query(
            "frequency != frequency_product or T != T_product"
        )["account_id"]
    )
    assert differ
    assert differ <= set(days[days["dollar_value"] <= 0]["customer_id"])
