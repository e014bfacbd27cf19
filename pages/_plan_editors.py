"""The plan page's editors: each returns what the user entered for its sections.

Every widget's key holds the account and the version the edit started from, so loading another
version starts the editors afresh, while a refused save keeps every word on the page.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from kapanalytics import plans
from kapanalytics.format import format_money
from kapanalytics.plan_export import warning_text
from pages._ui import T, lang

TABS = ("customer", "position", "opportunities_risks", "goals", "actions", "relationships")


def text_section(plan: plans.Plan, key: str, prefix: str, height: int = 120) -> str:
    return st.text_area(
        T(f"accounts.section.{key}"),
        value=plan.section(key),
        key=f"{prefix}_{key}",
        height=height,
        help=T(f"accounts.section.{key}.help"),
    )


def swot_section(plan: plans.Plan, key: str, prefix: str) -> dict[str, str]:
    st.markdown(f"**{T(f'accounts.section.{key}')}**")
    values = plan.section(key)
    parts = {}
    columns = st.columns(2)
    for i, part in enumerate(plans.SWOT_PARTS):
        parts[part] = columns[i % 2].text_area(
            T(f"accounts.swot.{part}"),
            value=values[part],
            key=f"{prefix}_{key}_{part}",
            height=110,
            help=T("accounts.swot.help"),
        )
    return parts


def list_section(plan: plans.Plan, key: str, prefix: str) -> list[str]:
    """:data:`plans.MAX_LIST_ITEMS` numbered lines: the top five."""
    st.markdown(f"**{T(f'accounts.section.{key}')}**")
    items = plan.section(key)
    return [
        st.text_input(
            f"{i + 1}.",
            value=items[i] if i < len(items) else "",
            key=f"{prefix}_{key}_{i}",
            label_visibility="collapsed",
            placeholder=T(f"accounts.section.{key}.placeholder", number=i + 1),
        )
        for i in range(plans.MAX_LIST_ITEMS)
    ]


def goals_section(plan: plans.Plan, prefix: str) -> list[dict]:
    """One box per SMART goal (at most three); a fourth is refused with the reason."""
    stored = plan.section("goals")
    count_key = f"{prefix}_goal_count"
    st.session_state.setdefault(count_key, max(len(stored), 1))
    goals = []
    for i in range(st.session_state[count_key]):
        goal = stored[i] if i < len(stored) else {}
        with st.container(border=True):
            top = st.columns([3, 1])
            text = top[0].text_input(
                T("accounts.goal.goal", number=i + 1),
                value=goal.get("goal", ""),
                key=f"{prefix}_goal{i}_goal",
            )
            removed = top[1].checkbox(T("accounts.goal.remove"), key=f"{prefix}_goal{i}_remove")
            row = st.columns(4)
            measure = row[0].text_input(
                T("accounts.goal.measure"),
                value=goal.get("measure", ""),
                key=f"{prefix}_goal{i}_measure",
            )
            target = row[1].text_input(
                T("accounts.goal.target"),
                value=goal.get("target", ""),
                key=f"{prefix}_goal{i}_target",
            )
            due = row[2].date_input(
                T("accounts.goal.due_date"),
                value=_date(goal.get("due_date")),
                key=f"{prefix}_goal{i}_due_date",
                format="DD.MM.YYYY" if st.session_state.get("lang") == "de" else "YYYY-MM-DD",
            )
            owner = row[3].text_input(
                T("accounts.goal.owner"), value=goal.get("owner", ""), key=f"{prefix}_goal{i}_owner"
            )
            strategy = st.text_area(
                T("accounts.goal.strategy"),
                value=goal.get("strategy", ""),
                key=f"{prefix}_goal{i}_strategy",
                height=80,
            )
        if not removed:
            goals.append(
                {
                    "goal": text,
                    "measure": measure,
                    "target": target,
                    "due_date": due,
                    "owner": owner,
                    "strategy": strategy,
                }
            )
    refused_key = f"{prefix}_goal_refused"
    st.button(
        T("accounts.goal.add"),
        key=f"{prefix}_goal_add",
        on_click=_add_goal,
        args=(count_key, refused_key),
    )
    if st.session_state.pop(refused_key, False):
        st.error(T("accounts.goal.too_many", limit=plans.MAX_GOALS))
    return goals


def _add_goal(count_key: str, refused_key: str) -> None:
    if st.session_state[count_key] >= plans.MAX_GOALS:
        st.session_state[refused_key] = True
    else:
        st.session_state[count_key] += 1


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def table_section(plan: plans.Plan, key: str, prefix: str) -> pd.DataFrame:
    """An editable table with rows to add and delete; dates as dates, statuses from a list."""
    frame = plans.section_frame(plan, key)
    config = {}
    for column in plans.TABLE_COLUMNS[key]:
        label = T(f"accounts.plan_col.{column}")
        if column in plans.DATE_COLUMNS:
            config[column] = st.column_config.DateColumn(label)
        elif column == "status":
            config[column] = st.column_config.SelectboxColumn(
                label, options=list(plans.ACTION_STATUSES)
            )
        else:
            config[column] = st.column_config.TextColumn(label)
    st.markdown(f"**{T(f'accounts.section.{key}')}**")
    return st.data_editor(
        frame, num_rows="dynamic", hide_index=True, column_config=config, key=f"{prefix}_{key}"
    )


def prompt_text(code: str, details: dict, currency: str) -> str:
    """A candidate from :func:`account360.plan_prompts` in the user's words."""
    language = lang()
    if code == "warning":
        return warning_text(details, language)
    if code == "risk_driver":
        return T("accounts.prompt.risk_driver", factor=T(f"retention.factor.{details['factor']}"))
    words = {k: v for k, v in details.items() if k != "value"}
    if "value" in details:
        words["value"] = format_money(details["value"], language, currency, compact=True)
    words = {k: "–" if v is None or v != v else v for k, v in words.items()}
    return T(f"accounts.prompt.{code}", **words)


def section_labels() -> dict[str, str]:
    return {key: T(f"accounts.section.{key}") for key in plans.SECTIONS}
