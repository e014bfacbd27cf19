"""Where the untapped potential lies: share of wallet and white space, per account and in total,
and white-space cells of the account x product-group matrix found by comparing peers.

Share of wallet and white space are the key-account selection's criteria
(:func:`kapanalytics.criteria.account_criteria_frame`), used here as they are defined there:
``share_of_wallet`` = revenue of the last 12 months / annual potential (the customer's spend in
our categories, a CRM field), ``white_space`` = annual potential - that revenue. The 12 months
end on the last day of the chosen period.

A **white-space cell** (docs/metrics.md, "Share of wallet and white space") is a product group
an active account buys nothing of while most of its peers buy it. Peers are the other active
accounts of the same industry and size band (employees), among *all* accounts: the sidebar
filters choose which accounts are listed, never who their peers are.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kapanalytics.arrow_frames import arrow_text, query_frame
from kapanalytics.criteria import account_criteria_frame
from kapanalytics.errors import ConfigurationError
from kapanalytics.filters import Filters, account_filter_sql, last_12_months
from kapanalytics.staging import NONE_LABEL, Cte, staging_ctes, with_query

MONEY_DECIMALS = 6
"""Revenue per account and product group (and its total) is rounded to this many decimals
before it is compared with 0, as :mod:`kapanalytics.abc` does: lines that cancel out must not
leave an account buying or active by floating-point noise, differently from run to run."""

TOTAL_DIMENSIONS = ("region", "industry", "owner")
"""What the wallet totals can be broken down by."""

SIZE_BANDS = ((1, "1-49"), (50, "50-249"), (250, "250-999"), (1000, "1000+"))
"""Size bands by number of employees: (lower bound, label); each band runs to the next bound."""

WALLET_COLUMNS = (
    "account_id",
    "name",
    "region",
    "industry",
    "owner",
    "is_key_account",
    "annual_potential",
    "revenue_l12m",
    "share_of_wallet",
    "white_space",
)


def wallet(
    con: duckdb.DuckDBPyConnection, filters: Filters, *, level: str = "account"
) -> pd.DataFrame:
    """Annual potential, revenue of the 12 months ending on ``filters.period.end``, share of
    wallet and white space of each filtered account (or group).

    Columns :data:`WALLET_COLUMNS`; share_of_wallet is NaN without a positive potential,
    white_space NaN without a potential. Sorted by white space descending (missing last).
    """
    frame = account_criteria_frame(con, filters, as_of=filters.period.end, level=level)
    return wallet_of(con, frame)


def wallet_of(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`wallet` from a criteria frame already computed
    (:func:`kapanalytics.criteria.account_criteria_frame` of the same filters, date and
    level), so that a caller who has one does not compute it twice."""
    attributes = con.execute(
        "select account_id, min(region) as region, min(industry) as industry"
        " from accounts group by account_id"
    ).df()
    merged = frame.merge(attributes, on="account_id", how="left")[list(WALLET_COLUMNS)]
    return merged.sort_values(
        ["white_space", "account_id"],
        ascending=[False, True],
        na_position="last",
        ignore_index=True,
    )


def wallet_totals(accounts: pd.DataFrame, by: str) -> pd.DataFrame:
    """The :func:`wallet` rows summed per ``by`` (region, industry or owner).

    Columns: <by>, accounts, annual_potential (sum), revenue_l12m (sum over the accounts with a
    potential), share_of_wallet (that revenue / the potential, NaN when the potential is not
    positive), white_space (sum, = potential - revenue), untapped_potential (sum of the
    positive white spaces: what is left to win where we sell less than the potential). The
    sums are NaN where none of the accounts has a potential. A missing value of ``by`` is shown
    as "(none)". Sorted by untapped potential descending, unknown last.
    """
    if by not in TOTAL_DIMENSIONS:
        raise ConfigurationError(f"Cannot total by {by!r}. Choose one of: {TOTAL_DIMENSIONS}.")
    known = accounts["annual_potential"].notna()
    frame = pd.DataFrame(
        {
            by: accounts[by].fillna(NONE_LABEL).replace("", NONE_LABEL),
            "annual_potential": accounts["annual_potential"],
            "revenue_with_potential": accounts["revenue_l12m"].where(known),
            "white_space": accounts["white_space"],
            "untapped_potential": accounts["white_space"].clip(lower=0),
        }
    )
    grouped = frame.groupby(by, sort=False)
    # without any known potential the sums are unknown, not 0
    totals = pd.DataFrame(
        {
            "accounts": grouped.size(),
            **{
                column: grouped[source].sum(min_count=1)
                for column, source in (
                    ("annual_potential", "annual_potential"),
                    ("revenue_l12m", "revenue_with_potential"),
                    ("white_space", "white_space"),
                    ("untapped_potential", "untapped_potential"),
                )
            },
        }
    )
    potential = totals["annual_potential"]
    totals.insert(3, "share_of_wallet", (totals["revenue_l12m"] / potential).where(potential > 0))
    return (
        totals.rename_axis(by)
        .reset_index()
        .sort_values(
            ["untapped_potential", by],
            ascending=[False, True],
            na_position="last",
            ignore_index=True,
        )
    )


def wallet_overall(accounts: pd.DataFrame) -> dict[str, float]:
    """The figures of :func:`wallet_totals` over every account at once: accounts,
    annual_potential, revenue_l12m, share_of_wallet, white_space, untapped_potential."""
    if accounts.empty:
        return {
            "accounts": 0,
            "annual_potential": 0.0,
            "revenue_l12m": 0.0,
            "share_of_wallet": np.nan,
            "white_space": 0.0,
            "untapped_potential": 0.0,
        }
    everyone = accounts.assign(region="")
    return wallet_totals(everyone, "region").drop(columns="region").iloc[0].to_dict()


def size_band(employees: pd.Series) -> pd.Series:
    """The size band label of each number of employees (:data:`SIZE_BANDS`); "(none)" where
    unknown or below 1."""
    bounds = [bound for bound, _ in SIZE_BANDS] + [np.inf]
    labels = [label for _, label in SIZE_BANDS]
    bands = pd.cut(pd.to_numeric(employees, errors="coerce"), bounds, right=False, labels=labels)
    return bands.astype("object").where(bands.notna(), NONE_LABEL).astype(str)


@dataclass(frozen=True)
class PeerRule:
    """When a product group is white space for an account.

    ``min_peer_share``: more than this share of the peers buy the group ("most": 0.5).
    ``min_peers``: at least this many peers, or the comparison says nothing.
    """

    min_peer_share: float = 0.5
    min_peers: int = 3

    def __post_init__(self) -> None:
        if not 0 <= self.min_peer_share < 1:
            raise ConfigurationError(
                f"min_peer_share is a share 0 <= s < 1, not {self.min_peer_share!r}."
            )
        if self.min_peers < 1:
            raise ConfigurationError(f"min_peers must be at least 1, not {self.min_peers!r}.")


def group_spend(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every account and its revenue per product group in the 12 months ending on
    ``filters.period.end``, over all accounts (peers are never filtered away).

    Returns ``(accounts, spend)``: accounts with account_id, name, industry, employees,
    size_band, revenue_l12m (all groups), is_active (revenue_l12m > 0), is_listed (chosen by
    the filters); spend with account_id, product_group, revenue (only pairs with lines).
    """
    window = last_12_months(filters.period.end)
    everyone = Filters(period=window)
    condition, params = account_filter_sql(filters, alias="a")
    ctes = [
        *staging_ctes(everyone),
        Cte(
            "spend",
            """
    -- rounded, so that lines that cancel out give 0 whatever the order they are added in
    select account_id, product_group, round(sum(net_amount), ?) as revenue
    from invoice_lines
    where invoice_date between ? and ?
    group by all
    """,
            (MONEY_DECIMALS, window.start, window.end),
        ),
    ]
    sql, all_params = with_query(ctes, "select * from spend order by account_id, product_group")
    spend = query_frame(con, sql, all_params)
    accounts = query_frame(
        con,
        f"""
        select
            a.account_id,
            min(a.name) as name,
            coalesce(nullif(trim(min(a.industry)), ''), '{NONE_LABEL}') as industry,
            min(a.employees) as employees,
            bool_or({condition}) as is_listed
        from accounts as a
        group by a.account_id
        order by a.account_id
        """,
        params,
    )
    # plain floats: a nullable integer column would make its medians nullable too
    accounts["employees"] = pd.to_numeric(accounts["employees"]).astype(float)
    # summed per account by its position, in the lines' order as a group-by on the ids would
    position = _positions(spend["account_id"], accounts["account_id"])
    totals = spend["revenue"].groupby(position).sum().drop(-1, errors="ignore")
    revenue = np.zeros(len(accounts))
    revenue[totals.index.to_numpy()] = totals.to_numpy()
    accounts["revenue_l12m"] = revenue.round(MONEY_DECIMALS)
    accounts["is_active"] = accounts["revenue_l12m"] > 0
    accounts["size_band"] = size_band(accounts["employees"])
    return accounts, spend


CELL_COLUMNS = (
    "account_id",
    "name",
    "industry",
    "size_band",
    "employees",
    "revenue_l12m",
    "product_group",
    "peers",
    "peers_buying",
    "peer_buying_share",
    "peer_median_spend",
    "peer_median_employees",
    "size_factor",
    "expected_value",
)


def find_white_space(
    accounts: pd.DataFrame, spend: pd.DataFrame, rule: PeerRule = PeerRule()
) -> pd.DataFrame:
    """The white-space cells of the listed active accounts, ranked by expected value.

    Input as :func:`group_spend` returns it (one row per account). A cell (account a, product
    group g) is white space when a is listed and active, a's revenue in g is <= 0 (it buys
    nothing of g), a has at least ``rule.min_peers`` peers (the other active accounts of its
    industry and size band), and more than ``rule.min_peer_share`` of them buy g (revenue in g
    > 0). Its expected_value = the median revenue in g of the peers that buy it x size_factor,
    where size_factor = a's employees / the median employees of those peers (1 where either is
    unknown or 0). Columns :data:`CELL_COLUMNS`; sorted by expected_value descending, then
    account_id and product_group.
    """
    groups = sorted(set(spend["product_group"].unique()) - {NONE_LABEL})
    # everything below is numbered: accounts by position, bands and groups by code, so the
    # (band, group) figures are arrays and no account x group table of strings is ever built
    n_groups = len(groups)
    band_of = _band_codes(accounts)
    n_bands = int(band_of.max()) + 1 if len(band_of) else 0
    active = accounts["is_active"].to_numpy(dtype=bool) & (band_of >= 0)
    listed = active & accounts["is_listed"].to_numpy(dtype=bool)
    listed_bands = np.zeros(n_bands, dtype=bool)
    listed_bands[band_of[listed]] = True
    band_sizes = np.bincount(band_of[active], minlength=n_bands)

    account_of = _positions(spend["account_id"], accounts["account_id"])
    group_of = _positions(spend["product_group"], pd.Series(groups, dtype=object))
    revenue = spend["revenue"].to_numpy(dtype=float)
    employees = accounts["employees"].to_numpy(dtype=float)
    known = (revenue > 0) & (account_of >= 0) & (group_of >= 0)
    bought = np.zeros((len(accounts), n_groups), dtype=bool)
    bought[account_of[known], group_of[known]] = True
    # the peers' spend matters only in the bands of the listed accounts
    buyer = np.flatnonzero(known)
    buyer = buyer[active[account_of[buyer]] & listed_bands[band_of[account_of[buyer]]]]
    band_group = band_of[account_of[buyer]] * n_groups + group_of[buyer]
    peers_buying = np.bincount(band_group, minlength=n_bands * n_groups)
    medians = (
        pd.DataFrame(
            {
                "band_group": band_group,
                "peer_median_spend": revenue[buyer],
                "peer_median_employees": employees[account_of[buyer]],
            }
        )
        .groupby("band_group")
        .median()
        .reindex(range(n_bands * n_groups))
    )
    # the account itself buys nothing of the group, so every buyer in its band is a peer
    peers = np.repeat(band_sizes - 1, n_groups)
    share = peers_buying / np.where(peers > 0, peers, np.nan)
    white = (peers_buying > 0) & (peers >= rule.min_peers) & (share > rule.min_peer_share)

    rows = np.flatnonzero(listed)
    is_cell = white.reshape(n_bands, n_groups)[band_of[rows]] & ~bought[rows]
    cell_row, cell_group = np.nonzero(is_cell)
    account = rows[cell_row]
    key = band_of[account] * n_groups + cell_group
    cells = accounts.iloc[account][
        ["account_id", "name", "industry", "size_band", "employees", "revenue_l12m"]
    ].reset_index(drop=True)
    cells["product_group"] = pd.Series(groups, dtype="str").take(cell_group).reset_index(drop=True)
    cells["peers"] = peers[key]
    cells["peers_buying"] = peers_buying[key]
    cells["peer_buying_share"] = share[key]
    cells["peer_median_spend"] = medians["peer_median_spend"].to_numpy()[key]
    cells["peer_median_employees"] = medians["peer_median_employees"].to_numpy()[key]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = employees[account] / cells["peer_median_employees"].to_numpy()
    cells["size_factor"] = np.where(np.isfinite(ratio) & (ratio > 0), ratio, 1.0)
    cells["expected_value"] = cells["peer_median_spend"] * cells["size_factor"]
    return cells[list(CELL_COLUMNS)].sort_values(
        ["expected_value", "account_id", "product_group"],
        ascending=[False, True, True],
        ignore_index=True,
    )


def _positions(values: pd.Series, among: pd.Series) -> np.ndarray:
    """The position of each of ``values`` in ``among`` (of its first occurrence), -1 where it
    is not there."""
    # arrow's hash lookup: pandas' would convert the text to Python strings first
    found = pc.index_in(arrow_text(values), value_set=arrow_text(among))
    return pc.fill_null(found, -1).to_numpy().astype(np.intp)


def _band_codes(accounts: pd.DataFrame) -> np.ndarray:
    """Each account's band (industry and size band) as a number, -1 where either is missing:
    such an account is in no band, as in a pandas group-by."""
    industry, _ = pd.factorize(accounts["industry"])
    size, sizes = pd.factorize(accounts["size_band"])
    return np.where((industry >= 0) & (size >= 0), industry * len(sizes) + size, -1)


def white_space_cells(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    *,
    min_peer_share: float = PeerRule.min_peer_share,
    min_peers: int = PeerRule.min_peers,
) -> pd.DataFrame:
    """The cross-sell list: :func:`find_white_space` on the data (see there)."""
    rule = PeerRule(min_peer_share, min_peers)
    accounts, spend = group_spend(con, filters)
    return find_white_space(accounts, spend, rule)


def peers_of(
    accounts: pd.DataFrame, spend: pd.DataFrame, account_id: str, product_group: str
) -> pd.DataFrame:
    """The peers of ``account_id`` (other active accounts of its industry and size band) with
    their revenue in ``product_group``.

    Columns: account_id, name, employees, revenue_l12m, group_revenue, buys_group. Sorted by
    group_revenue descending, then account_id. Empty for an unknown account.
    """
    me = accounts[accounts["account_id"] == account_id]
    if me.empty:
        return pd.DataFrame(
            columns=[
                "account_id",
                "name",
                "employees",
                "revenue_l12m",
                "group_revenue",
                "buys_group",
            ]
        )
    industry, band = me.iloc[0]["industry"], me.iloc[0]["size_band"]
    peers = accounts[
        accounts["is_active"]
        & (accounts["industry"] == industry)
        & (accounts["size_band"] == band)
        & (accounts["account_id"] != account_id)
    ]
    in_group = spend[spend["product_group"] == product_group].set_index("account_id")["revenue"]
    peers = peers.assign(group_revenue=peers["account_id"].map(in_group).fillna(0.0))
    peers = peers.assign(buys_group=peers["group_revenue"] > 0)
    columns = ["account_id", "name", "employees", "revenue_l12m", "group_revenue", "buys_group"]
    return peers[columns].sort_values(
        ["group_revenue", "account_id"], ascending=[False, True], ignore_index=True
    )


def white_space_peers(
    con: duckdb.DuckDBPyConnection, filters: Filters, account_id: str, product_group: str
) -> pd.DataFrame:
    """:func:`peers_of` on the data: who the account is compared with, and what they spend.

    When ``filters.account_ids`` limits the accounts a user may see (a key-account manager's
    own), the peers outside them keep their figures but lose their id and name: the benchmark
    stays whole without showing whose it is.
    """
    accounts, spend = group_spend(con, filters)
    return white_space_peers_of(accounts, spend, filters.account_ids, account_id, product_group)


def white_space_peers_of(
    accounts: pd.DataFrame,
    spend: pd.DataFrame,
    visible: tuple[str, ...] | None,
    account_id: str,
    product_group: str,
) -> pd.DataFrame:
    """:func:`white_space_peers` from :func:`group_spend`'s frames, with ``visible`` the
    filters' ``account_ids`` (None: every account may be seen)."""
    peers = peers_of(accounts, spend, account_id, product_group)
    if visible is not None:
        hidden = ~peers["account_id"].isin(visible)
        peers["account_id"] = peers["account_id"].where(~hidden, None)
        peers["name"] = peers["name"].where(~hidden, None)
    return peers


def product_matrix(
    con: duckdb.DuckDBPyConnection, filters: Filters, *, top_n: int = 30
) -> pd.DataFrame:
    """The account x product-group revenue matrix of the ``top_n`` listed accounts with the
    highest revenue in the 12 months ending on ``filters.period.end``.

    Columns: account_id, name, revenue_l12m, then one column per product group (revenue, 0
    where none). Rows by revenue_l12m descending, then account_id.
    """
    accounts, spend = group_spend(con, filters)
    return product_matrix_of(accounts, spend, top_n=top_n)


def product_matrix_of(
    accounts: pd.DataFrame, spend: pd.DataFrame, *, top_n: int = 30
) -> pd.DataFrame:
    """:func:`product_matrix` from :func:`group_spend`'s frames."""
    if top_n < 1:
        raise ConfigurationError(f"top_n must be at least 1, not {top_n!r}.")
    top = (
        accounts[accounts["is_listed"] & accounts["is_active"]]
        .sort_values(["revenue_l12m", "account_id"], ascending=[False, True])
        .head(top_n)
    )
    wide = (
        spend[spend["account_id"].isin(top["account_id"])]
        .pivot_table(index="account_id", columns="product_group", values="revenue", aggfunc="sum")
        .reindex(columns=sorted(set(spend["product_group"].unique())))
    )
    matrix = top[["account_id", "name", "revenue_l12m"]].merge(
        wide, left_on="account_id", right_index=True, how="left"
    )
    return matrix.fillna({group: 0.0 for group in wide.columns}).reset_index(drop=True)
