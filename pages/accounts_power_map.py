"""Power map: the customer's people as an org chart (attitude by colour, influence by size), the
warnings to act on, and the contacts' roles, influence, attitude and owner, editable."""

import streamlit as st

from kapanalytics import account360, charts_accounts, orgchart, powermap
from kapanalytics.criteria import BUYING_ROLES
from kapanalytics.errors import KapError
from kapanalytics.format import format_date
from kapanalytics.plan_export import warning_text
from pages._accounts import account_page, author, labels, table
from pages._ui import T, connection, current_user, lang, may_change, query

account_id = account_page("accounts.page.power_map")
language = lang()
name = author()
as_of = query(account360.as_of_date)
st.header(query(account360.account_profile, account_id)["name"] or account_id)
include = st.toggle(T("accounts.map.include_divisions"), value=True, key="map_divisions")
contacts = query(powermap.power_map_contacts, account_id, include_divisions=include)
st.caption(T("accounts.map.caption", count=len(contacts), as_of=format_date(as_of, language)))

warnings = powermap.power_map_warnings(contacts)
if len(warnings):
    lines = [f"- {warning_text(w, language)}" for w in warnings.to_dict("records")]
    st.warning(
        "\n".join([T("accounts.map.warnings", count=len(warnings)), *lines]),
        icon=":material/warning:",
    )
else:
    st.success(T("accounts.map.no_warnings"))

family = query(powermap.account_family, account_id) if include else [account_id]
companies = query(orgchart.family_accounts, family)
nodes = orgchart.org_chart(contacts, companies, account_id)
flagged = set(warnings["contact_id"].dropna())
st.plotly_chart(charts_accounts.power_map_chart(nodes, language, flagged), key="power_map_chart")
st.caption(T("accounts.map.legend"))

st.subheader(T("accounts.map.edit"))
st.caption(T("accounts.map.edit_caption"))
editable = contacts[
    [
        "contact_id",
        "name",
        "title",
        "account_name",
        *powermap.EDITABLE_FIELDS,
        "last_contact_date",
        "days_since_contact",
        "crm_changed",
        "edited_by",
        "edited_at",
    ]
]
column_labels = labels(*editable.columns)
config = {
    "buying_role": st.column_config.SelectboxColumn(options=list(BUYING_ROLES)),
    "influence": st.column_config.NumberColumn(min_value=1, max_value=5, step=1),
    "attitude": st.column_config.SelectboxColumn(options=list(powermap.ATTITUDES)),
    "relationship_owner": st.column_config.TextColumn(),
}
# a new key after each save, so the editor starts again from what is stored now
version = query(powermap.edit_history, account_id).shape[0]
edited = st.data_editor(
    editable.rename(columns=column_labels),
    hide_index=True,
    disabled=[
        column_labels.get(c, c) for c in editable.columns if c not in powermap.EDITABLE_FIELDS
    ],
    column_config={column_labels.get(k, k): v for k, v in config.items()},
    key=f"map_editor_{account_id}_{include}_{version}",
)
edited = edited.rename(columns={v: k for k, v in column_labels.items()})
changes = powermap.changed_contacts(editable, edited)
st.caption(T("accounts.map.changes", count=len(changes)))
can_save = bool(changes) and may_change("contacts", account_id)
if st.button(T("accounts.map.save"), key="map_save", disabled=not can_save, type="primary"):
    try:
        saved = powermap.save_contact_edits(connection(), changes, name, actor=current_user())
    except KapError as exc:
        st.error(str(exc))
    else:
        st.session_state["_map_saved"] = saved
        st.rerun()
if "_map_saved" in st.session_state:
    st.success(T("accounts.map.saved", count=st.session_state.pop("_map_saved")))

with st.expander(T("accounts.map.history")):
    table(query(powermap.edit_history, account_id), key="map_history", file_stem="contact_edits")
