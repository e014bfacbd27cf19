"""docs/metrics.md's retention definitions written again in plain pandas, day by day.

Slow and literal on purpose: the tests compare the SQL of kapanalytics with these functions on
random portfolios and on the real data sets. Nothing here is shared with the library.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

GRAIN_MONTHS = {"year": 12, "quarter": 3, "month": 1}


def purchases_of(lines: pd.DataFrame) -> pd.DataFrame:
    """The purchases: invoices (id, else account and day) with total > 0, not all flagged."""
    frame = lines.copy()
    frame["invoice_date"] = pd.to_datetime(frame["invoice_date"])
    blank = frame["invoice_id"].isna() | (frame["invoice_id"].astype(str).str.strip() == "")
    frame["key"] = (
        frame["invoice_id"]
        .astype(object)
        .where(
            ~blank,
            "day:" + frame["account_id"] + ":" + frame["invoice_date"].dt.strftime("%Y-%m-%d"),
        )
    )
    flagged = frame["is_credit_note"].fillna(False).astype(bool)
    invoices = (
        frame.assign(flagged=flagged)
        .groupby(["account_id", "key"], as_index=False)
        .agg(date=("invoice_date", "min"), total=("net_amount", "sum"), flagged=("flagged", "all"))
    )
    return invoices[(invoices["total"] > 0) & ~invoices["flagged"]][["account_id", "date"]]


def periods_of(first: date, last: date, grain: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """(start, end) of each period from the one holding ``first`` to the one holding ``last``;
    the last ends on ``last``."""
    months = GRAIN_MONTHS[grain]
    start = pd.Timestamp(first.year, 1 + (first.month - 1) // months * months, 1)
    out = []
    while start <= pd.Timestamp(last):
        end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
        out.append((start, min(end, pd.Timestamp(last))))
        start = start + pd.DateOffset(months=months)
    return out


def crm_lost_dates(accounts: pd.DataFrame) -> pd.Series:
    """account_id -> CRM lost date where the status is 'lost' (any case), else NaT."""
    status = accounts["status"].fillna("").astype(str).str.strip().str.lower()
    dates = pd.to_datetime(accounts["lost_date"]).where(status == "lost")
    return pd.Series(dates.to_numpy(), index=accounts["account_id"])


def churn_as_of(purchases: pd.DataFrame, crm: pd.Series, day: pd.Timestamp, window_days: int):
    """account_id -> churn date as of ``day`` (NaT while a customer), for accounts with a
    purchase on or before ``day``."""
    last = purchases[purchases["date"] <= day].groupby("account_id")["date"].max()
    window = last + pd.Timedelta(days=window_days)
    window = window.where(window <= day)
    lost = crm.reindex(last.index)
    lost = lost.where(lost <= day)
    return pd.concat([window, lost], axis=1).min(axis=1)


def flow(purchases, crm, periods, window_days) -> pd.DataFrame:
    """start, new, reactivated, lost, end per period, straight from the definitions."""
    first = purchases.groupby("account_id")["date"].min()
    rows = []
    for start, end in periods:
        before = churn_as_of(purchases, crm, start - pd.Timedelta(days=1), window_days)
        after = churn_as_of(purchases, crm, end, window_days)
        customer_before = set(before[before.isna()].index)
        customer_after = set(after[after.isna()].index)
        lost_in = set(after[(after >= start) & (after <= end)].index)
        bought = set(purchases[purchases["date"].between(start, end)]["account_id"])
        arrived = customer_after | lost_in
        new = {a for a in arrived if start <= first[a] <= end}
        reactivated = {a for a in arrived & bought if first[a] < start and a not in customer_before}
        rows.append(
            {
                "period_start": start,
                "start": len(customer_before),
                "new": len(new),
                "reactivated": len(reactivated),
                "lost": len(lost_in),
                "end": len(customer_after),
            }
        )
    return pd.DataFrame(rows)


def retention(lines: pd.DataFrame, purchases: pd.DataFrame, periods) -> pd.DataFrame:
    """Customer retention rate, GRR and NRR per period with a period before it."""
    dated = lines.assign(invoice_date=pd.to_datetime(lines["invoice_date"]))
    rows = []
    for (p_start, p_end), (start, end) in zip(periods, periods[1:], strict=False):
        active_before = set(purchases[purchases["date"].between(p_start, p_end)]["account_id"])
        active_now = set(purchases[purchases["date"].between(start, end)]["account_id"])
        rev_before = (
            dated[dated["invoice_date"].between(p_start, p_end)]
            .groupby("account_id")["net_amount"]
            .sum()
        )
        rev_now = (
            dated[dated["invoice_date"].between(start, end)]
            .groupby("account_id")["net_amount"]
            .sum()
        )
        base = rev_before[rev_before.round(6) > 0]
        now = rev_now.reindex(base.index).fillna(0)
        rows.append(
            {
                "period_start": start,
                "base_accounts": len(active_before),
                "retained_accounts": len(active_before & active_now),
                "customer_retention_rate": len(active_before & active_now) / len(active_before)
                if active_before
                else float("nan"),
                "gross_revenue_retention": now.clip(lower=0).clip(upper=base).sum() / base.sum()
                if len(base)
                else float("nan"),
                "net_revenue_retention": now.clip(lower=0).sum() / base.sum()
                if len(base)
                else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def cohorts(lines: pd.DataFrame, purchases: pd.DataFrame, periods) -> pd.DataFrame:
    """cohort_start, period_offset, cohort_accounts, active_accounts, customer_retention."""
    starts = [s for s, _ in periods]

    def period_index(day: pd.Timestamp) -> int:
        return max(i for i, s in enumerate(starts) if s <= day)

    first = purchases.groupby("account_id")["date"].min().map(period_index)
    active = purchases.assign(k=purchases["date"].map(period_index))[["account_id", "k"]]
    active = active.drop_duplicates()
    rows = []
    for cohort, members in first.groupby(first):
        ids = set(members.index)
        for k in range(cohort, len(periods)):
            buyers = set(active[active["k"] == k]["account_id"]) & ids
            rows.append(
                {
                    "cohort_start": starts[cohort],
                    "period_offset": k - cohort,
                    "cohort_accounts": len(ids),
                    "active_accounts": len(buyers),
                    "customer_retention": len(buyers) / len(ids),
                }
            )
    return pd.DataFrame(rows)


def lifetimes(purchases: pd.DataFrame, crm: pd.Series, end: date, window_days: int):
    """account_id -> (duration_days, churned) as of ``end``."""
    day = pd.Timestamp(end)
    churn = churn_as_of(purchases, crm, day, window_days)
    first = purchases.groupby("account_id")["date"].min().reindex(churn.index)
    stop = churn.fillna(day)
    keep = stop >= first
    return pd.DataFrame(
        {"duration_days": (stop - first).dt.days[keep], "churned": churn.notna()[keep]}
    )
