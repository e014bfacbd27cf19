"""Plotly figures of the controlling pages: a DataFrame and ``lang`` in, a Figure out.

Long series are thinned before they become traces (at most :data:`MAX_POINTS` points, the first
:data:`MAX_BARS` bars), so a page never sends the browser a figure with tens of thousands of
points; the tables beside the figures hold every row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kapanalytics.charts import PALETTE, _layout
from kapanalytics.format import CURRENCY_SYMBOLS
from kapanalytics.i18n import t
from kapanalytics.metrics_catalog import metric_definitions

MAX_POINTS = 1000
MAX_BARS = 2000
CLASS_COLOURS = {
    "A": "#1f4e79",
    "B": "#2e86c1",
    "C": "#aab7c4",
    "new": "#27ae60",
    "lost": "#e74c3c",
}


def metric_label(key: str, lang: str) -> str:
    """The catalogue's label of a metric in ``lang``."""
    return metric_definitions()[key][f"label_{lang}"]


def _money_title(label: str, currency: str) -> str:
    return f"{label} ({CURRENCY_SYMBOLS.get(currency, currency)})"


def _thinned(frame: pd.DataFrame, max_points: int = MAX_POINTS) -> pd.DataFrame:
    """At most about ``max_points`` evenly spaced rows, always with the first and the last."""
    if len(frame) <= max_points:
        return frame
    keep = np.unique(np.linspace(0, len(frame) - 1, max_points).round().astype(int))
    return frame.iloc[keep]


def pareto_chart(
    classified: pd.DataFrame, measure: str, a: float, b: float, lang: str, currency: str = "EUR"
) -> go.Figure:
    """Bars of the measure per account by rank (coloured by class, the first :data:`MAX_BARS`),
    the cumulative share as a line on the right axis, and the thresholds a and b."""
    label = t("controlling.measure." + measure, lang)
    unit = "" if measure == "order_count" else f" {CURRENCY_SYMBOLS.get(currency, currency)}"
    bars = classified.head(MAX_BARS)
    fig = go.Figure()
    for abc_class in ("A", "B", "C"):
        part = bars[bars["abc_class"] == abc_class]
        fig.add_bar(
            x=part["rank"],
            y=part[measure],
            name=t("controlling.class_name", lang, abc_class=abc_class),
            marker={"color": CLASS_COLOURS[abc_class], "line": {"width": 0}},
            customdata=part[["name", "account_id"]].fillna("").to_numpy(),
            hovertemplate=(
                f"#%{{x}} %{{customdata[0]}} (%{{customdata[1]}})<br>{label}: "
                f"%{{y:,.0f}}{unit}<extra>{abc_class}</extra>"
            ),
        )
    line = _thinned(classified[["rank", "cumulative_share"]])
    fig.add_scatter(
        x=line["rank"],
        y=line["cumulative_share"],
        name=metric_label("abc_cumulative_share", lang),
        yaxis="y2",
        mode="lines",
        line={"color": PALETTE[4], "width": 2},
        hovertemplate="#%{x}: %{y:.1%}<extra></extra>",
    )
    for threshold, name in ((a, "a"), (b, "b")):
        fig.add_hline(
            y=threshold,
            yref="y2",
            line_dash="dash",
            line_color="#7f8c8d",
            annotation_text=f"{name} = {threshold:.0%}",
            annotation_position="bottom right",
        )
    axis_title = label if measure == "order_count" else _money_title(label, currency)
    fig.update_layout(
        barmode="overlay",
        bargap=0,
        yaxis={"title": axis_title, "tickformat": ",.0f", "rangemode": "tozero"},
        yaxis2={
            "title": metric_label("abc_cumulative_share", lang),
            "overlaying": "y",
            "side": "right",
            "range": [0, 1.02],
            "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1.0],
            "tickformat": ".0%",
            "showgrid": False,
        },
    )
    fig.update_xaxes(title=t("controlling.chart.rank", lang))
    return _layout(fig, lang, height=440)


def lorenz_chart(curve: pd.DataFrame, gini: float, lang: str) -> go.Figure:
    """The Lorenz curve against the line of equality, with the Gini coefficient."""
    fig = go.Figure()
    fig.add_scatter(
        x=[0, 1],
        y=[0, 1],
        name=t("controlling.chart.equality", lang),
        mode="lines",
        line={"dash": "dot", "color": "#7f8c8d"},
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=curve["account_share"],
        y=curve["measure_share"],
        name=t("controlling.chart.lorenz", lang),
        mode="lines",
        fill="tonexty",
        line={"color": PALETTE[0], "width": 3},
        hovertemplate="%{x:.1%} → %{y:.1%}<extra></extra>",
    )
    gini_text = "–" if np.isnan(gini) else f"{gini:.2f}"
    fig.add_annotation(
        x=0.05,
        y=0.95,
        xref="paper",
        yref="paper",
        showarrow=False,
        text=f"{metric_label('gini', lang)}: {gini_text}",
        font={"size": 15},
        xanchor="left",
    )
    fig.update_xaxes(title=t("controlling.chart.account_share", lang), tickformat=".0%")
    fig.update_yaxes(title=t("controlling.chart.measure_share", lang), tickformat=".0%")
    return _layout(fig, lang, height=420)


def matrix_heatmap(
    table: pd.DataFrame,
    lang: str,
    *,
    x_title: str,
    y_title: str,
    row_labels: dict[str, str] | None = None,
    column_labels: dict[str, str] | None = None,
) -> go.Figure:
    """A heatmap of account counts with the count written in each cell (rows top-down)."""
    rows = [(row_labels or {}).get(r, r) for r in table.index]
    columns = [(column_labels or {}).get(c, c) for c in table.columns]
    values = table.to_numpy(dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=columns,
            y=rows,
            colorscale="Blues",
            showscale=False,
            text=values.astype(int),
            texttemplate="%{text:,}",
            textfont={"size": 16},
            hovertemplate=f"{y_title}: %{{y}}<br>{x_title}: %{{x}}<br>%{{z:,.0f}}<extra></extra>",
        )
    )
    fig.update_xaxes(title=x_title, side="top", type="category")
    fig.update_yaxes(title=y_title, autorange="reversed", type="category")
    return _layout(fig, lang, height=360)


def migration_sankey(
    table: pd.DataFrame, lang: str, labels: dict[str, str] | None = None
) -> go.Figure:
    """A Sankey of the moves in a migration matrix: states before on the left, after on the
    right, a band per non-empty cell as wide as its account count."""
    names = labels or {}
    sources, targets = list(table.index), list(table.columns)
    node_labels = [f"{names.get(s, s)} ({t('controlling.chart.before', lang)})" for s in sources]
    node_labels += [f"{names.get(s, s)} ({t('controlling.chart.after', lang)})" for s in targets]
    colours = [CLASS_COLOURS.get(s, PALETTE[6]) for s in [*sources, *targets]]
    link_source, link_target, link_value = [], [], []
    for i, source in enumerate(sources):
        for j, target in enumerate(targets):
            count = float(table.loc[source, target])
            if count > 0:
                link_source.append(i)
                link_target.append(len(sources) + j)
                link_value.append(count)
    fig = go.Figure(
        go.Sankey(
            node={"label": node_labels, "color": colours, "pad": 18, "thickness": 18},
            link={
                "source": link_source,
                "target": link_target,
                "value": link_value,
                "color": "rgba(46, 134, 193, 0.25)",
                "hovertemplate": "%{source.label} → %{target.label}: %{value:,}<extra></extra>",
            },
        )
    )
    return _layout(fig, lang, height=420)


def wallet_bars(totals: pd.DataFrame, by: str, lang: str, currency: str = "EUR") -> go.Figure:
    """Stacked horizontal bars per value of ``by``: revenue of the 12 months and the untapped
    potential on top of it (the 20 values with the most untapped potential)."""
    shown = totals.head(20).iloc[::-1]
    fig = go.Figure()
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    for column, colour in (("revenue_l12m", PALETTE[0]), ("untapped_potential", PALETTE[3])):
        fig.add_bar(
            y=shown[by].astype(str),
            x=shown[column],
            orientation="h",
            name=metric_label(column, lang),
            marker_color=colour,
            customdata=shown["share_of_wallet"],
            hovertemplate=(
                f"%{{y}}: %{{x:,.0f}} {symbol}<br>{metric_label('share_of_wallet', lang)}: "
                "%{customdata:.1%}<extra></extra>"
            ),
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=_money_title(t("controlling.chart.money", lang), currency))
    fig.update_yaxes(title=t(f"col.{by}", lang))
    return _layout(fig, lang, height=max(300, 28 * len(shown) + 120))


def product_heatmap(
    matrix: pd.DataFrame, cells: pd.DataFrame, lang: str, currency: str = "EUR"
) -> go.Figure:
    """Revenue per account (rows, by revenue) and product group (columns), white-space cells
    marked with a diamond that tells the expected value on hover."""
    groups = [c for c in matrix.columns if c not in ("account_id", "name", "revenue_l12m")]
    # long group names break onto two lines so neighbouring labels never run together
    shown_group = {
        g: str(g).replace(" ", "<br>", 1) if len(str(g)) > 10 else str(g) for g in groups
    }
    names = (
        matrix["name"].fillna(matrix["account_id"]) + " (" + matrix["account_id"] + ")"
    ).tolist()
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    fig = go.Figure(
        go.Heatmap(
            z=matrix[groups].to_numpy(dtype=float),
            x=[shown_group[g] for g in groups],
            y=names,
            colorscale="Blues",
            colorbar={"title": symbol},
            hovertemplate=f"%{{y}}<br>%{{x}}: %{{z:,.0f}} {symbol}<extra></extra>",
        )
    )
    marked = cells[cells["account_id"].isin(matrix["account_id"])]
    if not marked.empty:
        label_of = dict(zip(matrix["account_id"], names, strict=True))
        fig.add_scatter(
            x=marked["product_group"].map(shown_group),
            y=marked["account_id"].map(label_of),
            mode="markers",
            marker={
                "symbol": "diamond-open",
                "size": 14,
                "color": PALETTE[4],
                "line": {"width": 3},
            },
            name=t("controlling.chart.white_space_cell", lang),
            customdata=marked[["expected_value", "peer_buying_share"]].to_numpy(),
            hovertemplate=(
                f"%{{y}}<br>%{{x}}<br>{metric_label('expected_value', lang)}: "
                f"%{{customdata[0]:,.0f}} {symbol}<br>{metric_label('peer_buying_share', lang)}: "
                "%{customdata[1]:.0%}<extra></extra>"
            ),
        )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(side="top", type="category", tickangle=0)
    fig = _layout(fig, lang, height=max(320, 24 * len(matrix) + 140))
    fig.update_layout(legend={"orientation": "h", "y": -0.02, "yanchor": "top"})
    return fig


def whale_chart(curve: pd.DataFrame, lang: str, currency: str = "EUR") -> go.Figure:
    """Cumulative CM II (money) against the share of accounts ranked by CM II, with the
    total as a dashed line and the peak marked."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    line = _thinned(curve)
    fig = go.Figure()
    fig.add_scatter(
        x=line["account_share"],
        y=line["cumulative_cm2"],
        mode="lines",
        name=t("controlling.chart.cumulative_cm2", lang),
        line={"color": PALETTE[0], "width": 3},
        hovertemplate=f"%{{x:.1%}}: %{{y:,.0f}} {symbol}<extra></extra>",
    )
    if not curve.empty:
        total = float(curve["cm2"].sum())
        peak = curve.loc[curve["cumulative_cm2"].idxmax()]
        fig.add_hline(
            y=total,
            line_dash="dash",
            line_color="#7f8c8d",
            annotation_text=t("controlling.chart.total_cm2", lang),
            annotation_position="bottom right",
        )
        fig.add_scatter(
            x=[peak["account_share"]],
            y=[peak["cumulative_cm2"]],
            mode="markers",
            marker={"size": 12, "color": PALETTE[4]},
            name=t("controlling.chart.peak", lang),
            hovertemplate=f"%{{x:.1%}}: %{{y:,.0f}} {symbol}<extra></extra>",
        )
    fig.update_xaxes(title=t("controlling.chart.accounts_by_cm2", lang), tickformat=".0%")
    fig.update_yaxes(
        title=_money_title(metric_label("cm2", lang), currency),
        tickformat=",.0f",
        rangemode="tozero",
    )
    return _layout(fig, lang, height=400)


def class_profit_bars(by_class: pd.DataFrame, lang: str, currency: str = "EUR") -> go.Figure:
    """Grouped bars per ABC class: CM I, cost to serve and CM II."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    fig = go.Figure()
    for column, colour in (("cm1", PALETTE[1]), ("cost_to_serve", PALETTE[4]), ("cm2", PALETTE[0])):
        fig.add_bar(
            x=[t("controlling.class_name", lang, abc_class=c) for c in by_class["abc_class"]],
            y=by_class[column],
            name=metric_label(column, lang),
            marker_color=colour,
            hovertemplate=f"%{{x}}: %{{y:,.0f}} {symbol}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(
        title=_money_title(t("controlling.chart.money", lang), currency), tickformat=",.0f"
    )
    return _layout(fig, lang, height=360)


def budget_months_chart(months: pd.DataFrame, lang: str, currency: str = "EUR") -> go.Figure:
    """Budget and actual per month as bars; for the open months both forecasts as lines."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    hover = f"%{{x|%m/%Y}}: %{{y:,.0f}} {symbol}<extra></extra>"
    fig = go.Figure()
    fig.add_bar(
        x=months["month"],
        y=months["budget"],
        name=metric_label("budget_year", lang).split(",")[0],
        marker_color="#aab7c4",
        hovertemplate=hover,
    )
    fig.add_bar(
        x=months["month"],
        y=months["actual"],
        name=t("controlling.chart.actual", lang),
        marker_color=PALETTE[0],
        hovertemplate=hover,
    )
    for column, colour in (("forecast_run_rate", PALETTE[3]), ("forecast_seasonal", PALETTE[4])):
        if months[column].notna().any():
            fig.add_scatter(
                x=months["month"],
                y=months[column],
                name=metric_label(column, lang),
                mode="lines+markers",
                line={"dash": "dash", "color": colour},
                hovertemplate=hover,
            )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("col.month", lang), dtick="M1", tickformat="%m/%Y")
    fig.update_yaxes(title=_money_title(t("col.revenue", lang), currency), tickformat=",.0f")
    return _layout(fig, lang, height=380)
