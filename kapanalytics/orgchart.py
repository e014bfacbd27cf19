"""The power map as an org chart: who reports to whom, laid out as a tree.

The tree's roots are the account and, below it, its divisions; each contact hangs below the
person it reports to, or below its company when it reports to no one on the map (the top
manager, a manager outside the map, or a chain of reports that loops back on itself, which only
bad data can give). The layout is an outline: every node has a row of its own, each manager
directly above the people who report to them and indented by one step per level, so a label
written to the right of its node never meets a line or another label.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pandas as pd

ACCOUNT_PREFIX = "account:"

NODE_COLUMNS = ("node_id", "parent_id", "kind", "label", "depth", "row")


def family_accounts(con: duckdb.DuckDBPyConnection, account_ids: list[str]) -> pd.DataFrame:
    """account_id, name, parent_account_id of the given accounts."""
    return con.execute(
        "select account_id, min(name) as name, min(parent_account_id) as parent_account_id"
        " from accounts where list_contains(?::varchar[], account_id)"
        " group by account_id order by account_id",
        [account_ids],
    ).df()


def tree_parents(
    contacts: pd.DataFrame, accounts: pd.DataFrame, root: str
) -> dict[str, str | None]:
    """Every node's parent: accounts below their parent account (``root`` on top), contacts
    below whom they report to, else below their account; loops are cut (see module doc)."""
    account_ids = set(accounts["account_id"])
    parents: dict[str, str | None] = {}
    for row in accounts.itertuples(index=False):
        node = ACCOUNT_PREFIX + row.account_id
        above = row.parent_account_id
        is_below = row.account_id != root and above in account_ids
        parents[node] = ACCOUNT_PREFIX + (above if is_below else root)
    parents[ACCOUNT_PREFIX + root] = None
    contact_ids = set(contacts["contact_id"])
    home = {}
    for row in contacts.itertuples(index=False):
        home[row.contact_id] = ACCOUNT_PREFIX + row.account_id
        manager = row.reports_to_contact_id
        has_manager = isinstance(manager, str) and manager in contact_ids
        parents[row.contact_id] = manager if has_manager else home[row.contact_id]
    _cut_loops(parents, ACCOUNT_PREFIX + root, home)
    return parents


def _cut_loops(parents: dict[str, str | None], root: str, home: Mapping[str, str]) -> None:
    """Hang every node that cannot reach ``root`` (it sits in a loop) below its account: the
    stranded node with the smallest id first, until every node reaches the root."""
    while True:
        stranded = sorted(node for node in parents if not _reaches(node, parents, root))
        if not stranded:
            return
        node = stranded[0]
        parents[node] = home.get(node, root)


def _reaches(node: str, parents: Mapping[str, str | None], root: str) -> bool:
    seen = set()
    while node is not None and node not in seen:
        if node == root:
            return True
        seen.add(node)
        node = parents.get(node)
    return False


def org_chart(contacts: pd.DataFrame, accounts: pd.DataFrame, root: str) -> pd.DataFrame:
    """The nodes of the org chart with their place.

    Input: contacts (contact_id, account_id, name, reports_to_contact_id, influence; as
    :func:`kapanalytics.powermap.power_map_contacts` gives them), the accounts on the map
    (account_id, name, parent_account_id) and the root account. Output columns
    :data:`NODE_COLUMNS`: node_id (contact_id, or ``account:<id>``), parent_id, kind
    (``account`` or ``contact``), label (the name), depth (0 = the root) and row (0, 1, ...
    from the top, in the order of a depth-first walk: a node comes right before its
    children), then every contact column. Children: contacts by influence descending then
    name, before divisions by name.
    """
    contacts = contacts[contacts["account_id"].isin(set(accounts["account_id"]))]
    parents = _tree_parents_with_fallback(contacts, accounts, root)
    labels = {ACCOUNT_PREFIX + r.account_id: r.name or r.account_id for r in accounts.itertuples()}
    influence = {}
    for row in contacts.itertuples(index=False):
        labels[row.contact_id] = row.name or row.contact_id
        influence[row.contact_id] = 0 if pd.isna(row.influence) else int(row.influence)
    children: dict[str, list[str]] = {}
    for node, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(node)
    for siblings in children.values():
        siblings.sort(
            key=lambda n: (n.startswith(ACCOUNT_PREFIX), -influence.get(n, 0), labels[n], n)
        )
    places: dict[str, tuple[int, int]] = {}
    # a depth-first walk without recursion: a large group's map is deep enough for any stack
    stack = [(ACCOUNT_PREFIX + root, 0)]
    while stack:
        node, depth = stack.pop()
        places[node] = (depth, len(places))
        stack.extend((child, depth + 1) for child in reversed(children.get(node, [])))
    nodes = pd.DataFrame(
        [
            {
                "node_id": node,
                "parent_id": parents[node],
                "kind": "account" if node.startswith(ACCOUNT_PREFIX) else "contact",
                "label": labels[node],
                "depth": depth,
                "row": row,
            }
            for node, (depth, row) in places.items()
        ],
        columns=list(NODE_COLUMNS),
    )
    details = contacts.rename(columns={"contact_id": "node_id"}).drop(columns=["name"])
    return nodes.merge(details, on="node_id", how="left").sort_values("row", ignore_index=True)


def _tree_parents_with_fallback(
    contacts: pd.DataFrame, accounts: pd.DataFrame, root: str
) -> dict[str, str | None]:
    if root not in set(accounts["account_id"]):
        extra = pd.DataFrame([{"account_id": root, "name": root, "parent_account_id": None}])
        accounts = pd.concat([accounts, extra], ignore_index=True)
    return tree_parents(contacts, accounts, root)


def edges(nodes: pd.DataFrame) -> pd.DataFrame:
    """One row per line of the chart: from (manager) depth and row to (report) depth and row;
    drawn down from the manager, then across to the report."""
    places = nodes.set_index("node_id")[["depth", "row"]]
    linked = nodes[nodes["parent_id"].notna()]
    return pd.DataFrame(
        {
            "from_depth": places.loc[linked["parent_id"], "depth"].to_numpy(),
            "from_row": places.loc[linked["parent_id"], "row"].to_numpy(),
            "to_depth": linked["depth"].to_numpy(),
            "to_row": linked["row"].to_numpy(),
        }
    )
