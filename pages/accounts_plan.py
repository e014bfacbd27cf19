"""The key-account plan: data sections that fill themselves, the sections the team writes, at
most three SMART goals, the action plan; saved as versions, compared, exported."""

import streamlit as st

from kapanalytics import account360, plan_export, plan_review, plans, powermap
from kapanalytics.errors import KapError
from kapanalytics.format import format_date, format_money, format_percent
from kapanalytics.store import main_currency
from pages import _plan_editors as editors
from pages._accounts import account_page, account_status, author, table, translated
from pages._ui import T, connection, current_user, lang, may_change, query

account_id = account_page("accounts.page.plan")
language = lang()
name = author()
currency = query(main_currency)
as_of = query(account360.as_of_date)
profile = query(account360.account_profile, account_id)
latest = query(plans.load_plan, account_id)
latest_number = latest.version if latest else 0
base_key = f"_plan_base_{account_id}"
base_number = st.session_state.setdefault(base_key, latest_number)
base = query(plans.load_plan, account_id, base_number) if base_number else None
plan = base.plan if base else plans.Plan()
prefix = f"plan_{account_id}_{base_number}"

# ---- cover and the sections that fill themselves ----------------------------------------------
st.header(profile["name"] or account_id)
if base:
    st.caption(
        T(
            "accounts.plan.cover",
            owner=profile["owner"] or "–",
            version=base.version,
            saved_by=base.saved_by,
            saved_at=format_date(base.saved_at, language),
        )
    )
else:
    st.caption(T("accounts.plan.cover_new", owner=profile["owner"] or "–"))
if latest_number > base_number:
    st.info(T("accounts.plan.newer", version=latest.version, saved_by=latest.saved_by))
    if st.button(T("accounts.plan.load_newer"), key="plan_load_newer"):
        st.session_state[base_key] = latest_number
        st.rerun()

with st.expander(T("accounts.plan.profile"), expanded=False):
    status = account_status(account_id)
    figures = query(account360.key_figures, account_id)
    last = figures[figures["window_end"] == figures["window_end"].max()]
    st.markdown(
        T(
            "accounts.plan.profile_text",
            industry=profile["industry"] or "–",
            country=profile["country"] or "–",
            employees=profile["employees"] or "–",
            group=profile["group_name"] or "–",
            divisions=", ".join(n for _, n in profile["divisions"]) or "–",
            revenue=format_money(status["revenue_l12m"], language, currency, compact=True),
            share=format_percent(status["share_of_wallet"], language),
            potential=format_money(status["annual_potential"], language, currency, compact=True),
            abc=status["abc_class"] or "–",
        )
    )
    table(
        translated(last, "figure", "accounts.figure."), key="plan_figures", file_stem="key_figures"
    )

tabs = st.tabs([T(f"accounts.plan.tab.{tab}") for tab in editors.TABS])
values: dict = {}
with tabs[0]:
    for key in ("customer_goals", "purchasing_strategy", "market"):
        values[key] = editors.text_section(plan, key, prefix)
with tabs[1]:
    values["customer_swot"] = editors.swot_section(plan, "customer_swot", prefix)
    deals = query(account360.account_opportunities, account_id)
    closed = deals[deals["status"].isin(["won", "lost"])]
    st.markdown(f"**{T('accounts.plan.won_lost')}**")
    table(
        translated(closed, "status", "accounts.status."),
        key="plan_deals",
        file_stem="won_and_lost",
        height=200,
    )
    values["our_position"] = editors.text_section(plan, "our_position", prefix)
    values["our_swot"] = editors.swot_section(plan, "our_swot", prefix)
with tabs[2]:
    contacts = query(powermap.power_map_contacts, account_id)
    prompts = account360.plan_prompts(
        account_status(account_id),
        query(account360.account_white_space, account_id),
        query(account360.account_opportunities, account_id),
        powermap.power_map_warnings(contacts),
    )
    left, right = st.columns(2)
    for column, key in ((left, "opportunities"), (right, "risks")):
        with column:
            values[key] = editors.list_section(plan, key, prefix)
            lines = [editors.prompt_text(code, details, currency) for code, details in prompts[key]]
            if lines:
                st.caption(
                    "\n".join([T("accounts.prompt.title"), *(f"- {line}" for line in lines)])
                )
with tabs[3]:
    values["mission"] = editors.text_section(plan, "mission", prefix, height=80)
    st.caption(T("accounts.goal.caption", limit=plans.MAX_GOALS))
    values["goals"] = editors.goals_section(plan, prefix)
with tabs[4]:
    values["actions"] = editors.table_section(plan, "actions", prefix)
    overdue = plan_review.action_list(plan, as_of)
    overdue = overdue[overdue["is_overdue"]]
    if len(overdue):
        st.warning(
            T("accounts.plan.overdue", count=len(overdue), as_of=format_date(as_of, language))
        )
        table(overdue, key="plan_overdue", file_stem="overdue_actions")
with tabs[5]:
    values["relationship_plan"] = editors.table_section(plan, "relationship_plan", prefix)
    values["marketing_calendar"] = editors.table_section(plan, "marketing_calendar", prefix)

# ---- review, save and conflicts ---------------------------------------------------------------
st.subheader(T("accounts.plan.review"))
review_days = st.columns([1, 3])[0].number_input(
    T("accounts.plan.review_days"),
    7,
    730,
    plan_review.DEFAULT_REVIEW_DAYS,
    key="plan_review_days",
)
reviews = plan_review.section_reviews(plan, as_of, int(review_days))
table(
    translated(translated(reviews, "state", "accounts.state."), "section", "accounts.section."),
    key="plan_reviews",
    file_stem="section_reviews",
)
section_names = editors.section_labels()
confirmed = st.multiselect(
    T("accounts.plan.confirm"),
    [k for k in plans.SECTIONS if not plan.is_empty(k)],
    format_func=section_names.get,
    key=f"{prefix}_confirmed",
    help=T("accounts.plan.confirm_help"),
)

try:
    draft = plans.Plan(reviews=plan.reviews).with_sections(values)
except KapError as exc:
    st.error(str(exc))
    st.stop()
conflict_key = f"_plan_conflict_{account_id}"
if st.button(
    T("accounts.plan.save"),
    key="plan_save",
    type="primary",
    disabled=not may_change("plans", account_id),
):
    try:
        saved = plans.save_plan(
            connection(),
            account_id,
            draft,
            name,
            base_number,
            confirmed=confirmed,
            actor=current_user(),
        )
    except plans.PlanConflictError as exc:
        st.session_state[conflict_key] = {
            "version": exc.version,
            "mine": plans.to_json(draft),
            "message": str(exc),
        }
    except plans.PlanError as exc:
        for problem in exc.problems:
            st.error(problem)
    except KapError as exc:
        st.error(str(exc))
    else:
        st.session_state[base_key] = saved
        st.session_state["_plan_saved"] = saved
        st.rerun()
if "_plan_saved" in st.session_state:
    st.success(T("accounts.plan.saved", version=st.session_state.pop("_plan_saved")))

conflict = st.session_state.get(conflict_key)
if conflict:
    st.error(conflict["message"])
    mine = plans.from_json(conflict["mine"])
    theirs = query(plans.load_plan, account_id, conflict["version"]).plan
    st.download_button(
        T("accounts.plan.download_mine"),
        conflict["mine"],
        file_name=f"plan_{account_id}_unsaved.json",
        mime="application/json",
        key="plan_download_mine",
        on_click="ignore",
    )
    keep = []
    for key in plans.differing_sections(mine, theirs):
        with st.container(border=True):
            st.markdown(f"**{section_names[key]}**")
            left, right = st.columns(2)
            left.caption(T("accounts.plan.mine"))
            left.text(plans.section_text(key, mine.section(key)) or "–")
            right.caption(T("accounts.plan.theirs", version=conflict["version"]))
            right.text(plans.section_text(key, theirs.section(key)) or "–")
            choice = st.radio(
                T("accounts.plan.keep"),
                ("mine", "theirs"),
                format_func=lambda c: T(f"accounts.plan.keep.{c}"),
                horizontal=True,
                key=f"merge_{account_id}_{conflict['version']}_{key}",
            )
            if choice == "mine":
                keep.append(key)
    buttons = st.columns(2)
    if buttons[0].button(T("accounts.plan.save_merged"), key="plan_save_merged", type="primary"):
        merged = plans.merge_plans(mine, theirs, keep)
        try:
            saved = plans.save_plan(
                connection(), account_id, merged, name, conflict["version"], actor=current_user()
            )
        except KapError as exc:
            st.error(str(exc))
        else:
            del st.session_state[conflict_key]
            st.session_state[base_key] = saved
            st.session_state["_plan_saved"] = saved
            st.rerun()
    if buttons[1].button(T("accounts.plan.discard"), key="plan_discard"):
        del st.session_state[conflict_key]
        st.session_state[base_key] = conflict["version"]
        st.rerun()

# ---- versions and export ----------------------------------------------------------------------
st.subheader(T("accounts.plan.versions"))
history = query(plans.plan_versions, account_id)
if history.empty:
    st.caption(T("accounts.plan.no_versions"))
else:
    table(history, key="plan_versions", file_stem="plan_versions")
    numbers = history["version"].tolist()
    left, right = st.columns(2)
    old = left.selectbox(
        T("accounts.plan.compare_from"),
        numbers,
        index=min(1, len(numbers) - 1),
        key="plan_compare_from",
    )
    new = right.selectbox(T("accounts.plan.compare_to"), numbers, index=0, key="plan_compare_to")
    compared = plans.compare_plans(
        query(plans.load_plan, account_id, old).plan, query(plans.load_plan, account_id, new).plan
    )
    compared = compared[compared["status"] != "unchanged"]
    if compared.empty:
        st.caption(T("accounts.plan.same"))
    else:
        table(
            translated(
                translated(compared, "status", "accounts.change."), "section", "accounts.section."
            ),
            key="plan_compare",
            file_stem="plan_changes",
        )

st.subheader(T("accounts.plan.export"))
st.caption(
    T("accounts.plan.export_caption", version=latest_number)
    if latest_number
    else T("accounts.plan.export_caption_new")
)
con = connection()
buttons = st.container(horizontal=True)
for fmt, write, mime, icon in (
    ("pptx", plan_export.plan_pptx_bytes, "presentationml.presentation", "slideshow"),
    ("xlsx", plan_export.plan_xlsx_bytes, "spreadsheetml.sheet", "table_view"),
):
    buttons.download_button(
        T(f"accounts.plan.{fmt}"),
        # the file is made when the button is pressed, not on every run of the page
        lambda write=write: write(con, account_id, language),
        file_name=f"plan_{account_id}.{fmt}",
        mime=f"application/vnd.openxmlformats-officedocument.{mime}",
        key=f"plan_{fmt}",
        icon=f":material/{icon}:",
        on_click="ignore",
    )
