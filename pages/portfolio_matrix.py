"""Portfolio matrix: the accounts by our position (x) and their attractiveness (y), sized by
revenue, coloured by ABC class or key-account status, with the four quadrants and their
strategies; a selected bubble opens the account. Below, the prospects and under-served accounts
for account-based selling."""

import streamlit as st

from kapanalytics import abc, charts_selection, portfolio
from kapanalytics import selection_view as sv
from kapanalytics.filters import last_12_months
from kapanalytics.format import (
    codes_as_labels,
    format_date,
    format_money,
    format_number,
    format_percent,
)
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.store import main_currency
from pages._selection_ui import (
    account_label,
    explained_table,
    metric_cards,
    score_explanation,
    scored_key,
    selection_or_stop,
)
from pages._ui import T, filters, lang, option_labels, query, shared_cache

# bubbles drawn at most; the table below the chart lists every account
MAX_POINTS = 2_000
PICKED = "_matrix_picked"


@shared_cache(max_entries=16)
def _points(_scored, _classified, key: str, x_axis: str, y_axis: str, lines):
    """The matrix points with their ABC class, and the largest of them to draw; cached by
    the scores' key (the frames stay out of it) and the axes, so a rerun does not place
    200,000 accounts again."""
    points = portfolio.portfolio_matrix(_scored, x_axis, y_axis, lines)
    points = sv.with_abc_class(points, _classified)
    return points, sv.largest_points(points, MAX_POINTS)


chosen = filters()
st.title(T("selection.matrix.title"))
if chosen is None:
    st.info(T("common.empty_database"))
    st.stop()
language = lang()
currency = query(main_currency)
definitions = metric_definitions()
config, frame, scored, ranked = selection_or_stop()
as_of = frame.attrs["as_of"]
st.caption(
    T(
        "selection.matrix.caption",
        config=config.name,
        level=T(f"selection.level.{config.level}"),
        date=format_date(as_of, language),
    )
)


def axis_name(column: str) -> str:
    return definitions[column][f"label_{language}"]


x_column, y_column, colour_column, lines_column = st.columns([2, 2, 2, 2])
chosen_axes = {}  # what x, y, colour and lines show
for axis, column, choices in (
    ("x", x_column, portfolio.X_AXES),
    ("y", y_column, portfolio.Y_AXES),
):
    chosen_axes[axis] = column.selectbox(
        T(f"selection.matrix.{axis}"),
        list(choices),
        format_func=lambda key, names=dict(choices): axis_name(names[key]),
        key=f"matrix_{axis}_{language}",
        help=T(f"selection.matrix.{axis}.help"),
    )
x_axis, y_axis = chosen_axes["x"], chosen_axes["y"]
for name, column, options in (
    ("colour", colour_column, ("abc_class", "is_key_account")),
    ("lines", lines_column, ("median", "set")),
):
    chosen_axes[name] = column.segmented_control(
        T(f"selection.matrix.{name}"),
        options,
        format_func=option_labels(f"selection.matrix.{name}."),
        default=options[0],
        required=True,
        key=f"matrix_{name}_{language}",
        help=T(f"selection.matrix.{name}.help"),
    )
colour_by, line_mode = chosen_axes["colour"], chosen_axes["lines"]
x_name, y_name = portfolio.X_AXES[x_axis], portfolio.Y_AXES[y_axis]
x_unit, y_unit = definitions[x_name]["unit"], definitions[y_name]["unit"]
classified = query(abc.abc_classes, chosen.with_period(last_12_months(as_of)), level=config.level)
medians, _ = _points(scored, classified, scored_key(config), x_axis, y_axis, "median")
lines = "median"
if line_mode == "set":
    x_line_column, y_line_column, _ = st.columns([2, 2, 4])
    # shares are entered in percent, everything else as shown on its axis
    x_scale, y_scale = (100.0 if x_unit == "ratio" else 1.0), (100.0 if y_unit == "ratio" else 1.0)
    x_line = x_line_column.number_input(
        T("selection.matrix.x_line", axis=axis_name(x_name)),
        value=round(float(medians["x_line"].iloc[0]) * x_scale, 2),
        key=f"matrix_x_line_{x_axis}",
    )
    y_line = y_line_column.number_input(
        T("selection.matrix.y_line", axis=axis_name(y_name)),
        value=round(float(medians["y_line"].iloc[0]) * y_scale, 2),
        key=f"matrix_y_line_{y_axis}",
    )
    lines = (x_line / x_scale, y_line / y_scale)
points, drawn = _points(scored, classified, scored_key(config), x_axis, y_axis, lines)

event = st.plotly_chart(
    charts_selection.portfolio_bubbles(
        drawn,
        colour_by,
        {"x": (axis_name(x_name), x_unit), "y": (axis_name(y_name), y_unit)},
        language,
        currency,
        # points lie within 0..100 anyway; shares and money may have far outliers
        {
            axis: sv.axis_range(points[axis], float(points[f"{axis}_line"].iloc[0]))
            for axis, unit in (("x", x_unit), ("y", y_unit))
            if unit in ("ratio", "money")
        },
    ),
    key="matrix_chart",
    on_select="rerun",
    selection_mode="points",
)
st.caption(
    T(
        "selection.matrix.chart_caption",
        drawn=format_number(len(drawn), language),
        placed=format_number(int((points["x"].notna() & points["y"].notna()).sum()), language),
        total=format_number(len(points), language),
    )
)

quadrant_names = {
    q: portfolio.QUADRANT_LABELS[q][f"label_{language}"] for q in portfolio.QUADRANT_LABELS
}
strategies = {
    q: portfolio.QUADRANT_LABELS[q][f"strategy_{language}"] for q in portfolio.QUADRANT_LABELS
}
summary = sv.quadrant_summary(points)
summary.insert(1, "strategy", summary["quadrant"].map(strategies))
summary["quadrant"] = summary["quadrant"].map(quadrant_names)
explained_table(
    summary,
    key="matrix_quadrants",
    file_stem="portfolio_quadrants",
    metric_keys={
        "accounts": "quadrant_accounts",
        "revenue": "quadrant_revenue",
        "key_accounts": "quadrant_key_accounts",
    },
)

# ---- the account picked in the chart, or chosen below ---------------------------------------
st.subheader(T("selection.matrix.details"))
picked = [p.get("customdata", [None])[0] for p in event.selection.points] if event else []
picked = [p for p in picked if p is not None]
if picked and picked[0] != st.session_state.get(PICKED):
    # a new pick in the chart opens that account; the choice box stays free to change after
    st.session_state[PICKED] = picked[0]
    st.session_state["matrix_account"] = picked[0]
options = drawn["account_id"].tolist()  # largest first, as drawn
if st.session_state.get("matrix_account") not in options:
    st.session_state.pop("matrix_account", None)
if options:
    account_id = st.selectbox(
        T("selection.account"),
        options,
        format_func=account_label(ranked, options),
        key="matrix_account",
        help=T("selection.matrix.details.help"),
    )
    # the account's rows picked by a comparison: set_index would copy 200,000 rows each time
    point = points[points["account_id"] == account_id].iloc[0]
    row = ranked[ranked["account_id"] == account_id].iloc[0]
    quadrant = point["quadrant"]
    revenue = scored.loc[scored["account_id"] == account_id, "revenue_l12m"].iloc[0]
    metric_cards(
        {
            "quadrant": quadrant_names.get(quadrant, "–") if isinstance(quadrant, str) else "–",
            "score": format_number(row["score"], language, 1),
            "selection_rank": format_number(row["rank"], language),
            "revenue_l12m": format_money(revenue, language, currency, compact=True),
        }
    )
    status = "yes" if row["is_key_account"] else "no"
    strategy = strategies[quadrant] if isinstance(quadrant, str) else ""
    st.info(
        T(f"selection.matrix.status.{status}", cls=row["class"], strategy=strategy),
        icon=":material/flag:",
    )
    score_explanation(scored, account_id, config, key="matrix_why", currency=currency)

st.subheader(T("selection.matrix.points"))
table = points.rename(columns={"x": x_name, "y": y_name})
table = table.merge(scored[["account_id", "revenue_l12m"]], on="account_id", how="left")
table["quadrant"] = codes_as_labels(table["quadrant"], quadrant_names)
table["strategy"] = codes_as_labels(points["quadrant"], strategies)
columns = ["name", "account_id", "quadrant", x_name, y_name, "revenue_l12m", "abc_class"]
# the strategy repeats the quadrant's (in the table above): downloads only
explained_table(
    table[[*columns, "is_key_account"]],
    key="matrix_points",
    file_stem="portfolio_matrix",
    search_columns=("name", "account_id"),
    download_frame=table[[*columns, "is_key_account", "strategy"]],
)

# ---- prospects and under-served accounts ---------------------------------------------------
st.subheader(T("selection.matrix.prospects"))
quantile_column, share_column, threshold_column = st.columns([2, 2, 2])
quantile = quantile_column.slider(
    T("selection.matrix.prospects.quantile"),
    0.5,
    0.95,
    0.75,
    0.05,
    key="matrix_quantile",
    help=T("selection.matrix.prospects.quantile.help"),
)
max_share = share_column.slider(
    T("selection.matrix.prospects.share"),
    1,
    50,
    10,
    1,
    key="matrix_max_share",
    format="%d %%",
    help=T("selection.matrix.prospects.share.help"),
)
prospects = portfolio.prospects_and_underserved(
    frame, potential_quantile=quantile, max_share_of_wallet=max_share / 100
)
threshold = float(prospects["potential_threshold"].iloc[0]) if len(prospects) else float("nan")
threshold_column.metric(
    definitions["potential_threshold"][f"label_{language}"],
    format_money(threshold, language, currency, compact=True),
    help=definitions["potential_threshold"][f"help_{language}"],
    border=True,
)
st.caption(
    T(
        "selection.matrix.prospects.rule",
        quantile=format_percent(quantile, language, 0),
        share=format_percent(max_share / 100, language, 0),
    )
)
kinds = {
    kind: T(f"selection.matrix.kind.{kind.replace(' ', '_').replace('-', '_')}")
    for kind in prospects["kind"].unique()
}
prospects["kind"] = prospects["kind"].map(kinds)
explained_table(
    prospects.drop(columns="potential_threshold"),
    key="matrix_prospects",
    file_stem="prospects_and_underserved",
    search_columns=("name", "account_id"),
    metric_keys={"rank": "prospect_rank"},
)
