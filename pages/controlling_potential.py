"""Share of wallet and white space: potential against revenue per account and in totals, the
account x product-group matrix, and the cross-sell list found by comparing peers."""

import streamlit as st

from kapanalytics import abc, charts_controlling, potential
from kapanalytics.filters import last_12_months
from kapanalytics.format import format_date, format_number
from kapanalytics.store import main_currency
from pages._controlling import explained_table, metric_card, translated_choice
from pages._ui import T, filters, lang, query, remembered

chosen = filters()
st.title(T("controlling.potential.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)
window = last_12_months(chosen.period.end)

level = translated_choice(
    st,
    "segmented",
    T("controlling.level"),
    abc.LEVELS,
    key="potential_level",
    prefix="controlling.level.",
    default="account",
)
accounts = query(potential.wallet, chosen, level=level)
st.caption(
    T(
        "controlling.potential.caption",
        start=format_date(window.start, language),
        end=format_date(window.end, language),
        accounts=format_number(len(accounts), language),
    )
)
overall = potential.wallet_overall(accounts)
cards = st.columns(5)
for card, key in zip(
    cards,
    ("annual_potential", "revenue_l12m", "share_of_wallet", "white_space", "untapped_potential"),
    strict=True,
):
    label = T("controlling.potential.revenue_card") if key == "revenue_l12m" else None
    metric_card(card, key, overall[key], currency, label=label)

st.subheader(T("controlling.potential.totals"))
by = translated_choice(
    st,
    "segmented",
    T("controlling.potential.by"),
    potential.TOTAL_DIMENSIONS,
    key="potential_by",
    prefix="col.",
    default="region",
)
by_totals = potential.wallet_totals(accounts, by)
st.plotly_chart(
    charts_controlling.wallet_bars(by_totals, by, language, currency), key="potential_bars"
)
explained_table(by_totals, key="potential_totals", file_stem=f"wallet_by_{by}")

st.subheader(T("controlling.potential.accounts"))
explained_table(
    accounts,
    key="potential_accounts",
    file_stem="share_of_wallet",
    search_columns=("account_id", "name", "region", "industry", "owner"),
)

st.subheader(T("controlling.potential.matrix"))
top_n = st.select_slider(
    T("controlling.potential.top_n"), [10, 20, 30, 50, 100], value=30, key="potential_top_n"
)
share_column, peers_column = st.columns(2)
min_peer_share = share_column.slider(
    T("controlling.potential.min_peer_share"),
    0.5,
    0.95,
    potential.PeerRule.min_peer_share,
    0.05,
    key="potential_min_peer_share",
    help=T("controlling.potential.rule_help"),
)
min_peers = peers_column.number_input(
    T("controlling.potential.min_peers"),
    1,
    50,
    potential.PeerRule.min_peers,
    key="potential_min_peers",
    help=T("controlling.potential.rule_help"),
)
# one reading of every account's spend per product group serves the matrix, the cross-sell
# list and the peers of each cell picked
accounts_and_spend = query(potential.group_spend, chosen)
matrix = remembered(
    f"product_matrix|{chosen!r}|{top_n}",
    lambda: potential.product_matrix_of(*accounts_and_spend, top_n=top_n),
)
rule = potential.PeerRule(min_peer_share, min_peers)
cells = remembered(
    f"white_space_cells|{chosen!r}|{rule!r}",
    lambda: potential.find_white_space(*accounts_and_spend, rule),
)
st.plotly_chart(
    charts_controlling.product_heatmap(matrix, cells, language, currency), key="potential_heatmap"
)
st.caption(T("controlling.potential.matrix_caption"))
explained_table(matrix, key="potential_matrix", file_stem="account_x_product_group")

st.subheader(T("controlling.potential.cross_sell"))
st.caption(T("controlling.potential.cross_sell_caption"))
explained_table(
    cells,
    key="potential_cells",
    file_stem="cross_sell",
    metric_keys={"peers": "peer_count"},
    search_columns=("account_id", "name", "industry", "product_group"),
)
if not cells.empty:
    top_cells = cells.head(200)
    choice = st.selectbox(
        T("controlling.potential.pick_cell"),
        range(len(top_cells)),
        format_func=lambda i: (
            f"{top_cells['name'].iloc[i]} ({top_cells['account_id'].iloc[i]})"
            f" – {top_cells['product_group'].iloc[i]}"
        ),
        key="potential_cell",
    )
    cell = top_cells.iloc[choice]
    account_id, group = cell["account_id"], cell["product_group"]
    peers = remembered(
        f"white_space_peers|{chosen!r}|{account_id}|{group}",
        lambda: potential.white_space_peers_of(
            *accounts_and_spend, chosen.account_ids, account_id, group
        ),
    )
    st.markdown(
        T(
            "controlling.potential.peers_of",
            name=cell["name"],
            group=cell["product_group"],
            industry=cell["industry"],
            band=cell["size_band"],
        )
    )
    explained_table(peers, key="potential_peers", file_stem="peers")
