"""Tables and history: rows per table, the import log, the quarantine, a look into each table,
and rebuilding the demo company."""

import pandas as pd
import streamlit as st

from kapanalytics import ingest, store
from kapanalytics.format import format_number
from kapanalytics.schema import CANONICAL_TABLES
from pages._ui import (
    T,
    column_labels,
    connection,
    lang,
    may_change,
    query,
    require_seeing_everything,
    table_with_downloads,
)

BROWSE_ROWS = 200

st.title(T("data.tables.title"))
require_seeing_everything()
con = connection()

st.subheader(T("data.tables.counts"))
counts = query(store.table_row_counts)
table_with_downloads(
    pd.DataFrame({"table": list(counts), "rows": list(counts.values())}),
    key="tables_counts",
    file_stem="row_counts",
    column_labels=column_labels("table", "rows"),
)

st.subheader(T("data.tables.history"))
history = query(ingest.import_history)
if history.empty:
    st.caption(T("data.tables.empty"))
else:
    table_with_downloads(history, key="tables_history", file_stem="import_history")

st.subheader(T("data.tables.quarantine"))
st.caption(T("data.tables.quarantine_help"))
quarantined = query(ingest.quarantine_rows)
if quarantined.empty:
    st.caption(T("data.tables.empty"))
else:
    table_with_downloads(quarantined, key="tables_quarantine", file_stem="quarantine")

st.subheader(T("data.tables.browse"))
table = st.selectbox(T("col.table"), list(CANONICAL_TABLES), key="tables_browse")
sample = query(store.first_rows, table, BROWSE_ROWS)
st.caption(
    T(
        "data.tables.browse_rows",
        rows=format_number(len(sample), lang()),
        total=format_number(counts[table], lang()),
    )
)
table_with_downloads(sample, key="tables_browse_rows", file_stem=table)

st.subheader(T("data.tables.maintenance"))
confirmed = st.checkbox(T("common.rebuild_demo_confirm"), key="tables_demo_confirm")
if st.button(
    T("common.rebuild_demo"),
    key="tables_demo_build",
    disabled=not confirmed or not may_change("imports"),
    help=T("common.rebuild_demo_help"),
):
    from kapanalytics.demo import build_demo

    with st.spinner(T("common.building_demo")):
        summary = build_demo(con)
    st.success(
        T(
            "common.demo_built",
            accounts=format_number(summary.row_counts["accounts"], lang()),
            lines=format_number(summary.row_counts["transactions"], lang()),
        )
    )
