"""ABC analysis: classes on a chosen measure, Pareto chart, Lorenz curve and Gini, the revenue
class against the margin class, and how accounts moved since the period before."""

import streamlit as st

from kapanalytics import abc, charts_controlling
from kapanalytics.errors import ConfigurationError
from kapanalytics.format import format_date, format_number
from kapanalytics.store import main_currency
from pages._controlling import explained_table, metric_card, translated_choice
from pages._ui import T, filters, lang, query, remembered

CLASSIFIED_KEYS = {
    "share": "abc_share",
    "share_before": "abc_share_before",
    "cumulative_share": "abc_cumulative_share",
}
SUMMARY_KEYS = {"account_share": "abc_account_share", "revenue_share": "abc_revenue_share"}

chosen = filters()
st.title(T("controlling.abc.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)

measure_column, level_column, a_column, b_column = st.columns([2, 2, 1, 1])
measure = translated_choice(
    measure_column,
    "selectbox",
    T("controlling.measure"),
    abc.MEASURES,
    key="abc_measure",
    prefix="controlling.measure.",
    default="revenue",
)
level = translated_choice(
    level_column,
    "segmented",
    T("controlling.level"),
    abc.LEVELS,
    key="abc_level",
    prefix="controlling.level.",
    default="account",
)
a = a_column.number_input(
    T("controlling.threshold_a"),
    0.05,
    1.0,
    abc.DEFAULT_A,
    0.01,
    key="abc_a",
    help=T("controlling.threshold_help"),
)
b = b_column.number_input(
    T("controlling.threshold_b"),
    0.05,
    1.0,
    abc.DEFAULT_B,
    0.01,
    key="abc_b",
    help=T("controlling.threshold_help"),
)
try:
    abc.check_parameters(measure, a, b, level)
except ConfigurationError as exc:
    st.error(str(exc))
    st.stop()

classified = query(abc.abc_classes, chosen, measure=measure, a=a, b=b, level=level)
if classified.empty:
    st.info(T("common.no_data"))
    st.stop()
summary = abc.class_summary(classified, measure)
gini = abc.gini(classified[measure])
st.caption(
    T(
        f"controlling.abc.caption.{level}",
        start=format_date(chosen.period.start, language),
        end=format_date(chosen.period.end, language),
        units=format_number(len(classified), language),
        measure=T(f"controlling.measure.{measure}"),
    )
)

a_row = summary.set_index("abc_class").loc["A"]
cards = st.columns(3)
metric_card(
    cards[0],
    "abc_account_share",
    a_row["account_share"],
    currency,
    label=T("controlling.abc.a_account_share"),
    note=T("controlling.abc.a_accounts", accounts=format_number(a_row["accounts"], language)),
)
metric_card(
    cards[1],
    "abc_revenue_share",
    a_row["revenue_share"],
    currency,
    label=T("controlling.abc.a_revenue_share"),
)
metric_card(cards[2], "gini", gini, currency, text=format_number(gini, language, 2))

pareto, lorenz, grid, moves, table = st.tabs(
    [
        T(f"controlling.abc.tab.{name}")
        for name in ("pareto", "lorenz", "grid", "migration", "table")
    ]
)

with pareto:
    st.plotly_chart(
        charts_controlling.pareto_chart(classified, measure, a, b, language, currency),
        key="abc_pareto",
    )
    st.subheader(T("controlling.abc.summary"))
    explained_table(
        summary,
        key="abc_summary",
        file_stem="abc_summary",
        metric_keys=SUMMARY_KEYS,
    )

with lorenz:
    curve = abc.lorenz_curve(classified[measure])
    st.plotly_chart(charts_controlling.lorenz_chart(curve, gini, language), key="abc_lorenz")
    st.caption(T("controlling.abc.lorenz_caption"))
    explained_table(curve, key="abc_lorenz_table", file_stem="lorenz_curve", height=240)

with grid:
    # the classified units hold both measures of every unit: no second query for the grid
    classes = remembered(
        f"abc_class_grid|{chosen!r}|{measure}|{a}|{b}|{level}",
        lambda: abc.class_grid_of(classified, a=a, b=b),
    )
    counts = abc.cross_table(classes, "revenue_class", "margin_class", abc.CLASSES, abc.CLASSES)
    st.plotly_chart(
        charts_controlling.matrix_heatmap(
            counts,
            language,
            x_title=T("controlling.abc.margin_class"),
            y_title=T("controlling.abc.revenue_class"),
        ),
        key="abc_grid",
    )
    st.caption(T("controlling.abc.grid_caption"))
    margin_columns = {c: T("controlling.abc.margin_column", abc_class=c) for c in abc.CLASSES}
    explained_table(
        counts.rename(columns=margin_columns).reset_index(),
        key="abc_grid_table",
        file_stem="revenue_x_margin_class",
    )
    pick_row, pick_column = st.columns(2)
    revenue_class = pick_row.selectbox(
        T("controlling.abc.revenue_class"), abc.CLASSES, key="abc_grid_row"
    )
    margin_class = pick_column.selectbox(
        T("controlling.abc.margin_class"), abc.CLASSES, index=2, key="abc_grid_column"
    )
    st.markdown(T("controlling.abc.cell_accounts", row=revenue_class, column=margin_class))
    explained_table(
        abc.cell_members(classes, "revenue_class", revenue_class, "margin_class", margin_class),
        key="abc_grid_members",
        file_stem="revenue_x_margin_accounts",
        search_columns=("account_id", "name"),
    )

with moves:
    before = chosen.period.previous()
    migration = query(abc.migration, chosen, before, measure=measure, a=a, b=b, level=level)
    matrix = abc.cross_table(
        migration, "class_before", "class_after", abc.MIGRATION_FROM, abc.MIGRATION_TO
    )
    states = {s: T(f"controlling.state.{s}") for s in (abc.NEW, abc.LOST)}
    st.caption(
        T(
            "controlling.abc.migration_caption",
            start=format_date(before.start, language),
            end=format_date(before.end, language),
        )
    )
    left, right = st.columns(2)
    left.plotly_chart(
        charts_controlling.matrix_heatmap(
            matrix,
            language,
            x_title=T("controlling.abc.class_after"),
            y_title=T("controlling.abc.class_before"),
            row_labels=states,
            column_labels=states,
        ),
        key="abc_migration_matrix",
    )
    right.plotly_chart(
        charts_controlling.migration_sankey(matrix, language, states), key="abc_sankey"
    )
    now_columns = {
        c: T("controlling.abc.now_column", state=states.get(c, c)) for c in abc.MIGRATION_TO
    }
    explained_table(
        matrix.rename(index=states, columns=now_columns).reset_index(),
        key="abc_migration_table",
        file_stem="abc_migration",
    )
    pick_from, pick_to = st.columns(2)
    same = {c: c for c in abc.CLASSES}
    class_before = translated_choice(
        pick_from,
        "selectbox",
        T("controlling.abc.class_before"),
        abc.MIGRATION_FROM,
        key="abc_move_from",
        prefix="controlling.state.",
        default="A",
        special=same,
    )
    class_after = translated_choice(
        pick_to,
        "selectbox",
        T("controlling.abc.class_after"),
        abc.MIGRATION_TO,
        key="abc_move_to",
        prefix="controlling.state.",
        default="B",
        special=same,
    )
    st.markdown(
        T(
            "controlling.abc.cell_accounts",
            row=states.get(class_before, class_before),
            column=states.get(class_after, class_after),
        )
    )
    members = abc.cell_members(migration, "class_before", class_before, "class_after", class_after)
    explained_table(
        members.replace({"class_before": states, "class_after": states}),
        key="abc_migration_members",
        file_stem="abc_migration_accounts",
        search_columns=("account_id", "name"),
    )

with table:
    # a single account is always one account: the column only speaks at group level
    explained_table(
        classified.drop(columns="members") if level == "account" else classified,
        key="abc_accounts",
        file_stem=f"abc_{measure}",
        metric_keys=CLASSIFIED_KEYS,
        search_columns=("account_id", "name", "industry", "owner"),
    )
