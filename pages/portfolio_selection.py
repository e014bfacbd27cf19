"""Key-account selection: 3 to 8 weighted criteria, the ranked accounts with their movement,
why an account scores as it does, how stable the top N is under other weights, and the saved
configurations compared."""

import streamlit as st

from kapanalytics import charts_selection
from kapanalytics import selection_configs as sc
from kapanalytics import selection_view as sv
from kapanalytics.criteria import account_criteria_frame
from kapanalytics.format import format_date, format_number
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.scoring import SelectionConfig
from kapanalytics.store import main_currency
from pages._selection_settings import settings_panel
from pages._selection_ui import (
    STABILITY_DRAWS,
    STABILITY_SPREAD,
    account_choice,
    draft,
    explained_table,
    metric_cards,
    ranking_stability,
    score_explanation,
    scored_selection,
    selection_filters,
    user_name,
)
from pages._ui import T, connection, filters, lang, query

# the compare choice that stands for the configuration on screen (a page's bare string
# literal would be written onto the page)
CURRENT = "__current__"

chosen = filters()
st.title(T("selection.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)
user_name()
settings, config, problem = settings_panel()
if config is None:
    st.error(problem, icon=":material/block:")
    st.stop()

frame, scored, ranked = scored_selection(config)
if frame.empty:
    st.info(T("common.no_data"))
    st.stop()
saved_configs = query(sc.list_configs)
baseline = sv.baseline_name(saved_configs, config.name)
movement = sc.rank_movement(connection(), frame, config, against=baseline) if baseline else None
table = sv.ranked_table(ranked, movement, config)
top_n = sv.first_class_size(config, ranked)
definitions = metric_definitions()
st.caption(
    T(
        "selection.caption",
        date=format_date(frame.attrs["as_of"], language),
        accounts=format_number(len(frame), language),
        level=T(f"selection.level_count.{config.level}"),
        policy=T(f"selection.missing.{config.missing_policy}"),
    )
)

# only the open tab runs: the stability's 500 draws wait until its tab is opened
ranking_tab, why_tab, stable_tab, configs_tab = st.tabs(
    [
        T("selection.tab.ranking"),
        T("selection.tab.why"),
        T("selection.tab.stable"),
        T("selection.tab.configs"),
    ],
    key=f"selection_tab_{language}",
    on_change="rerun",
)

with ranking_tab:
    if baseline is None:
        st.caption(T("selection.movement_none"))
    else:
        row = saved_configs.set_index("name").loc[baseline]
        st.caption(T("selection.movement_against", name=baseline, version=int(row["version"])))
    download = ranked.merge(table[["account_id", "rank_movement"]], on="account_id")
    explained_table(
        table if baseline else table.drop(columns="rank_movement"),
        key="selection_ranked",
        file_stem="key_account_selection",
        search_columns=("name", "account_id"),
        download_frame=download.set_index(table.index),
    )

with why_tab:
    account_id = account_choice(ranked, key="selection_why")
    if account_id is not None:
        st.caption(T("selection.why_caption"))
        score_explanation(scored, account_id, config, key="selection_why", currency=currency)

with stable_tab:
    if stable_tab.open:
        stable = ranking_stability(frame, config)
        stable = stable.merge(ranked[["account_id", "name", "class"]], on="account_id", how="left")
        summary = sv.stability_summary(stable, top_n)
        st.caption(
            T(
                "selection.stable_caption",
                draws=STABILITY_DRAWS,
                spread=round(STABILITY_SPREAD * 100),
                n=top_n,
            )
        )
        metric_cards(
            {
                key: format_number(summary[key], language)
                for key in ("certain_accounts", "fragile_accounts", "within_reach")
            }
        )
        near = sv.around_the_line(stable, top_n)
        st.plotly_chart(charts_selection.rank_ranges(near, top_n, language), key="selection_ranges")
        stable_columns = [
            "base_rank",
            "name",
            "account_id",
            "class",
            "score",
            "best_rank",
            "worst_rank",
            "median_rank",
            "top_n_probability",
            "fragile",
        ]
        explained_table(
            stable[stable_columns],
            key="selection_stability",
            file_stem="selection_stability",
            search_columns=("name", "account_id"),
        )

with configs_tab:
    st.subheader(T("selection.saved_configs"))
    if saved_configs.empty:
        st.info(T("selection.none_saved"))
    else:
        explained_table(saved_configs, key="selection_configs", file_stem="selection_configs")
        first_column, second_column, n_column = st.columns([2, 2, 1])
        choices = [CURRENT, *saved_configs["name"]]
        on_screen = T("selection.on_screen")

        def config_label(name: str) -> str:
            return on_screen if name == CURRENT else name

        # the first defaults to the first saved configuration, the second to the one on screen
        first_name, second_name = (
            column.selectbox(
                T(f"selection.compare_{which}"),
                choices,
                index=index,
                format_func=config_label,
                key=f"selection_compare_{which}_{language}",
            )
            for column, which, index in ((first_column, "first", 1), (second_column, "second", 0))
        )
        compare_n = n_column.number_input(
            T("selection.compare_n"), 1, None, top_n, 1, key="selection_compare_n"
        )

        def named(name: str) -> SelectionConfig:
            return config if name == CURRENT else query(sc.load_config, name).config

        first, second = named(first_name), named(second_name)
        if first.level != second.level:
            st.info(T("selection.compare_levels"))
        else:
            compare_frame = query(account_criteria_frame, selection_filters(), level=first.level)
            comparison = sc.compare_configs(compare_frame, first, second, top_n=int(compare_n))
            counts = sv.top_n_changes(comparison)
            for column, key, change in zip(
                st.columns(2),
                ("top_n_entering", "top_n_leaving"),
                ("enters", "leaves"),
                strict=True,
            ):
                column.metric(
                    definitions[key][f"label_{language}"],
                    format_number(counts[change], language),
                    help=definitions[key][f"help_{language}"],
                    border=True,
                )
            comparison["top_n_change"] = comparison["top_n_change"].map(
                lambda change: T(f"selection.change.{change.replace(' ', '_')}")
            )
            moved = comparison["in_top_first"] != comparison["in_top_second"]
            explained_table(
                comparison[moved],
                key="selection_comparison",
                file_stem="selection_comparison",
                download_frame=comparison,
            )
            st.caption(T("selection.compare_download"))
        history_name = draft().get("loaded_name")
        if history_name:
            st.subheader(T("selection.history", name=history_name))
            explained_table(
                query(sc.config_history, history_name),
                key="selection_history",
                file_stem="selection_config_history",
            )
