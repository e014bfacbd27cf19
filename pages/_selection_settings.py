"""The settings of the key-account selection page: criteria, weights, normalisations, the
missing-value policy, classes and level, and saving or loading a configuration by name.

Every widget starts from the draft (``pages._selection_ui.draft``) and writes back to it on each
run. Widgets whose option labels are translated get one key per language.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kapanalytics import selection_configs as sc
from kapanalytics.criteria import CRITERIA, LEVELS
from kapanalytics.errors import AccessDeniedError, ConfigurationError, EditConflictError
from kapanalytics.format import format_date, format_percent
from kapanalytics.i18n import LANGUAGES, t
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.scoring import (
    DEFAULT_CLASS_NAMES,
    MAX_CRITERIA,
    MIN_CRITERIA,
    MISSING_POLICIES,
    Classification,
    SelectionConfig,
)
from kapanalytics.selection_view import normalisation_choices, weight_shares
from pages._selection_ui import KEPT_USER, criterion_name, draft, set_draft
from pages._ui import T, connection, current_user, lang, may_change, option_labels, query

NEW_WEIGHT = 10
"""The weight a criterion starts with when it is added."""
DEFAULT_CUTOFFS = {"top_n": (50, 200, 500), "thresholds": (75, 50, 25)}
METHODS = ("top_n", "thresholds")


def _init(key: str, value: object) -> None:
    """Give a widget its starting value once; afterwards the widget keeps its own."""
    if key not in st.session_state:
        st.session_state[key] = value


def _criterion_help(key: str) -> str:
    criterion = CRITERIA[key]
    definition = criterion.definition_de if lang() == "de" else criterion.definition_en
    return f"{definition}\n\n{T(f'selection.direction.{criterion.direction}')}"


def settings_panel() -> tuple[dict, SelectionConfig | None, str | None]:
    """The settings as widgets; returns the draft's config dict, the configuration (None when
    it gives no score) and the reason in the user's language when it does not."""
    state = draft()
    settings = state["config"]
    by_key = {c["key"]: c for c in settings["criteria"]}
    language = lang()
    with st.expander(T("selection.settings"), expanded=True, icon=":material/tune:"):
        criteria_key = f"selection_criteria_{language}"
        _init(criteria_key, [c["key"] for c in settings["criteria"] if c["weight"] > 0])
        active = st.multiselect(
            T("selection.criteria"),
            list(CRITERIA),
            format_func=_criterion_label_func(),
            key=criteria_key,
            help=T("selection.criteria.help", min=MIN_CRITERIA, max=MAX_CRITERIA),
        )
        criteria = _criteria_rows(active, by_key)
        second, third, _ = st.columns([2, 3, 3])
        _init(f"selection_level_{language}", settings["level"])
        level = second.segmented_control(
            T("selection.level"),
            LEVELS,
            format_func=option_labels("selection.level."),
            required=True,
            key=f"selection_level_{language}",
            help=T("selection.level.help"),
        )
        _init(f"selection_missing_{language}", settings["missing_policy"])
        missing_policy = third.radio(
            T("selection.missing"),
            MISSING_POLICIES,
            format_func=option_labels("selection.missing."),
            key=f"selection_missing_{language}",
            help=T("selection.missing.help"),
        )
        classification = _classification_row(settings["classification"])
        name_column, save_column, load_column, button_column = st.columns(
            [3, 2, 3, 1], vertical_alignment="bottom"
        )
        name = _name_field(name_column, settings["name"])
    new_settings = {
        "name": name,
        "criteria": criteria,
        "missing_policy": missing_policy,
        "classification": classification,
        "level": level,
    }
    state["config"] = new_settings
    config, problem = _validated(new_settings, len(active))
    _save_and_load(config, save_column, load_column, button_column)
    return new_settings, config, problem


def _criterion_label_func():
    language = lang()

    def label(key: str) -> str:
        criterion = CRITERIA[key]
        return criterion.label_de if language == "de" else criterion.label_en

    return label


def _criteria_rows(active: list[str], by_key: dict[str, dict]) -> list[dict]:
    """A slider and a normalisation per chosen criterion, two to a row, with the shares."""
    for key in active:
        _init(f"selection_weight_{key}", int(by_key.get(key, {}).get("weight", NEW_WEIGHT)))
    shares = weight_shares({k: st.session_state[f"selection_weight_{k}"] for k in active})
    share_help = metric_definitions()["weight_share"][f"help_{lang()}"]
    columns = st.columns(2)
    criteria = []
    for i, key in enumerate(active):
        cell = columns[i % 2].container(border=True)
        slider_column, norm_column = cell.columns([3, 2])
        weight = slider_column.slider(
            criterion_name(key),
            1,
            100,
            key=f"selection_weight_{key}",
            help=_criterion_help(key),
        )
        choices = normalisation_choices(key)
        stored = by_key.get(key, {}).get("normalisation") or CRITERIA[key].normalisation
        norm_key = f"selection_norm_{key}_{lang()}"
        _init(norm_key, stored if stored in choices else choices[0])
        normalisation = norm_column.selectbox(
            T("selection.normalisation"),
            choices,
            format_func=option_labels("selection.norm."),
            key=norm_key,
            help=T("selection.normalisation.help"),
        )
        cell.caption(
            T("selection.share", share=format_percent(shares[key], lang(), 0)),
            help=share_help,
        )
        criteria.append(
            {
                "key": key,
                "weight": float(weight),
                "normalisation": None
                if normalisation == CRITERIA[key].normalisation
                else normalisation,
                "direction": by_key.get(key, {}).get("direction"),
            }
        )
    return criteria


def _classification_row(stored: dict) -> dict:
    """How ranks become classes: top-N cut-offs or score thresholds, and the class names."""
    language = lang()
    names = list(stored.get("class_names", DEFAULT_CLASS_NAMES))
    starting = [
        DEFAULT_CLASS_NAMES,
        *(
            tuple(t(f"selection.class_default.{i}", other) for i in range(len(names)))
            for other in LANGUAGES
        ),
    ]
    if tuple(names) in starting:
        # the starting names follow the user's language; once edited they are the user's words
        names = [T(f"selection.class_default.{i}") for i in range(len(names))]
    method_column, *cut_columns = st.columns([2, *([1] * (len(names) - 1))])
    _init(f"selection_method_{language}", stored.get("method", "top_n"))
    method = method_column.segmented_control(
        T("selection.method"),
        METHODS,
        format_func=option_labels("selection.method."),
        required=True,
        key=f"selection_method_{language}",
        help=T("selection.method.help"),
    )
    stored_cutoffs = stored.get("cutoffs") if stored.get("method") == method else None
    cutoffs = list(stored_cutoffs or DEFAULT_CUTOFFS[method])
    chosen_cutoffs = []
    for i, column in enumerate(cut_columns):
        key = f"selection_cutoff_{method}_{i}"
        _init(key, int(cutoffs[i]) if i < len(cutoffs) else 1)
        chosen_cutoffs.append(
            column.number_input(
                T(f"selection.cutoff.{method}", name=names[i]),
                min_value=1 if method == "top_n" else 0,
                max_value=None if method == "top_n" else 100,
                step=1,
                key=key,
                help=T(f"selection.cutoff.{method}.help"),
            )
        )
    name_columns = st.columns(len(names))
    chosen_names = []
    for i, column in enumerate(name_columns):
        # one key per language, so starting names are shown anew in the other language
        _init(f"selection_class_{i}_{language}", names[i])
        chosen_names.append(
            column.text_input(
                T("selection.class_name", number=i + 1),
                key=f"selection_class_{i}_{language}",
                help=T("selection.class_name.help"),
            ).strip()
        )
    return {"method": method, "cutoffs": chosen_cutoffs, "class_names": chosen_names}


def _name_field(container, stored: str) -> str:
    _init("selection_name", stored)
    return container.text_input(
        T("selection.config_name"),
        key="selection_name",
        max_chars=100,
        help=T("selection.config_name.help"),
    ).strip()


def _validated(settings: dict, active: int) -> tuple[SelectionConfig | None, str | None]:
    """The configuration, or None and the reason in the user's words."""
    if not MIN_CRITERIA <= active <= MAX_CRITERIA:
        return None, T("selection.count_message", count=active, min=MIN_CRITERIA, max=MAX_CRITERIA)
    if not settings["name"]:
        return None, T("selection.name_missing")
    try:
        Classification(**settings["classification"])
    except ConfigurationError:
        return None, T(f"selection.classes_invalid.{settings['classification']['method']}")
    return SelectionConfig.from_dict(settings), None


# ---- saving and loading ------------------------------------------------------------------------


def _save_and_load(config: SelectionConfig | None, save_column, load_column, button_column) -> None:
    """Save the configuration on screen under its name, or load a saved one."""
    state = draft()
    if save_column.button(
        T("selection.save"),
        key="selection_save",
        disabled=config is None or not may_change("settings"),
        icon=":material/save:",
        help=T("selection.save.help"),
    ):
        _save(config, state)
    # listed after a save, so the new name is there at once
    names = query(sc.list_configs)["name"].tolist()
    if not names:
        load_column.caption(T("selection.none_saved"))
        return
    choice = load_column.selectbox(T("selection.load_choice"), names, key="selection_load_choice")
    button_column.button(
        T("selection.load"),
        key="selection_load",
        on_click=_load,
        args=(choice,),
        icon=":material/restore:",
    )
    if state.get("loaded_name"):
        st.caption(
            T("selection.loaded", name=state["loaded_name"], version=state["version"]),
        )


def _save(config: SelectionConfig, state: dict) -> None:
    user = st.session_state.get(KEPT_USER, "")
    if not user:
        st.error(T("selection.user_needed"))
        return
    expected = state["version"] if state.get("loaded_name") == config.name else 0
    try:
        version = sc.save_config(
            connection(), config, user, expected_version=expected, actor=current_user()
        )
    except AccessDeniedError as exc:
        st.error(str(exc))
        return
    except EditConflictError:
        latest = query(sc.list_configs).set_index("name").loc[config.name]
        saved_at = latest["saved_at"]
        # the weights on screen stay as they are: nothing in the session is touched
        st.error(
            T(
                "selection.conflict",
                name=config.name,
                version=int(latest["version"]),
                who=T("selection.someone") if pd.isna(latest["saved_by"]) else latest["saved_by"],
                when=f"{format_date(saved_at, lang())} {saved_at:%H:%M}",
                opened=expected,
            )
        )
        return
    state["version"], state["loaded_name"] = version, config.name
    st.success(T("selection.saved", name=config.name, version=version))


def _load(name: str) -> None:
    saved = sc.load_config(connection(), name)
    set_draft(saved.config.to_dict(), saved.version)
