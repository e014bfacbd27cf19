"""Plotly figures of the account pages: a DataFrame and ``lang`` in, a Figure out.

The power map is drawn as a network: its lines and nodes come from the org chart's layout
(:mod:`kapanalytics.orgchart`), colour shows the attitude toward us and size the influence.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import pandas as pd
import plotly.graph_objects as go

from kapanalytics.charts import PALETTE, _layout
from kapanalytics.format import CURRENCY_SYMBOLS, format_date
from kapanalytics.i18n import t
from kapanalytics.metrics_catalog import metric_definitions
from kapanalytics.orgchart import edges

ATTITUDE_COLOURS = {
    "mentor": "#1e8449",
    "positive": "#58d68d",
    "neutral": "#aab7c4",
    "negative": "#f0a04b",
    "enemy": "#c0392b",
    "": "#e5e8e8",
}
"""Green for friends, grey for neutral, orange to red for opponents; pale for unknown."""
ACCOUNT_COLOUR = PALETTE[0]
WARNING_RING = "#c0392b"
TYPE_COLOURS = dict(
    zip(
        ("visit", "meeting", "call", "email", "event", "complaint", "service"),
        (PALETTE[0], PALETTE[1], PALETTE[2], "#aab7c4", PALETTE[5], PALETTE[4], PALETTE[3]),
        strict=True,
    )
)
QUADRANT_COLOURS = {
    "focus": "#1e8449",
    "win_over": "#f0a04b",
    "reference": PALETTE[1],
    "observe": "#aab7c4",
}
ROW_HEIGHT = 30
LABEL_ROOM = 9
"""Steps of indentation a label may take to the right of its node."""


def _label(key: str, lang: str) -> str:
    return metric_definitions()[key][f"label_{lang}"]


def _symbol(currency: str) -> str:
    return CURRENCY_SYMBOLS.get(currency, currency)


def window_label(start: pd.Timestamp, end: pd.Timestamp, *, wrap: bool = False) -> str:
    """A 12-month window as ``10/2025–09/2026`` (on two lines with ``wrap``, for axes)."""
    return f"{pd.Timestamp(start):%m/%Y}–{'<br>' if wrap else ''}{pd.Timestamp(end):%m/%Y}"


def key_figure_chart(
    figures: pd.DataFrame, figure: str, lang: str, currency: str = "EUR"
) -> go.Figure:
    """Bars of one key figure per window: the account beside its industry peers' median.

    ``figures`` as :func:`kapanalytics.account360.key_figures` returns it.
    """
    rows = figures[figures["figure"] == figure]
    labels = [
        window_label(s, e, wrap=True)
        for s, e in zip(rows["window_start"], rows["window_end"], strict=True)
    ]
    is_share = figure == "share_of_wallet"
    value_format = ".1%" if is_share else ",.0f"
    unit = "" if is_share or figure == "order_count" else f" {_symbol(currency)}"
    fig = go.Figure()
    for column, name, colour in (
        ("account", t("accounts.chart.this_account", lang), PALETTE[0]),
        ("peer_median", _label("peer_median", lang), "#aab7c4"),
    ):
        fig.add_bar(
            x=labels,
            y=rows[column],
            name=name,
            marker_color=colour,
            hovertemplate=f"%{{x}}: %{{y:{value_format}}}{unit}<extra>{name}</extra>",
        )
    fig.update_layout(title={"text": _label(figure, lang), "font": {"size": 14}}, barmode="group")
    fig.update_yaxes(tickformat=".0%" if is_share else ",.0f")
    fig = _layout(fig, lang, height=300)
    # above the plot, beside the title: the two-line window labels need the room below
    fig.update_layout(
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        margin={"t": 50},
    )
    return fig


def product_group_chart(revenue: pd.DataFrame, lang: str, currency: str = "EUR") -> go.Figure:
    """Stacked bars of revenue per window and product group (largest group at the bottom)."""
    frame = revenue.assign(
        window=[
            window_label(s, e)
            for s, e in zip(revenue["window_start"], revenue["window_end"], strict=True)
        ]
    )
    order = frame.groupby("product_group")["revenue"].sum().sort_values(ascending=False).index
    fig = go.Figure()
    for i, group in enumerate(order):
        part = frame[frame["product_group"] == group]
        fig.add_bar(
            x=part["window"],
            y=part["revenue"],
            name=str(group),
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate=f"%{{x}}: %{{y:,.0f}} {_symbol(currency)}<extra>{group}</extra>",
        )
    fig.update_layout(barmode="relative")
    fig.update_yaxes(title=f"{t('col.revenue', lang)} ({_symbol(currency)})", tickformat=",.0f")
    return _layout(fig, lang, height=360)


def touchpoints_chart(by_month: pd.DataFrame, target_per_year: int, lang: str) -> go.Figure:
    """Stacked bars of touchpoints per month by type, with the personal cadence target as a
    dotted line (target a year / 12)."""
    fig = go.Figure()
    for kind in by_month["type"].unique():
        part = by_month[by_month["type"] == kind]
        fig.add_bar(
            x=part["month"],
            y=part["touchpoints"],
            name=t(f"accounts.type.{kind}", lang),
            marker_color=TYPE_COLOURS.get(kind, PALETTE[6]),
            hovertemplate="%{x|%m/%Y}: %{y}<extra>%{fullData.name}</extra>",
        )
    fig.add_hline(
        y=target_per_year / 12,
        line_dash="dot",
        line_color=PALETTE[4],
        annotation_text=t("accounts.chart.cadence_target", lang),
        annotation_position="top left",
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat="%m/%Y" if lang == "de" else "%b %Y")
    fig.update_yaxes(title=t("accounts.chart.touchpoints", lang))
    return _layout(fig, lang, height=320)


def power_map_chart(nodes: pd.DataFrame, lang: str, flagged: Collection[str] = ()) -> go.Figure:
    """The org chart: companies as squares, people as circles coloured by attitude and sized by
    influence (1..5), each line from a manager to a report; hover tells role, influence,
    attitude, our owner and the last contact. ``nodes`` as :func:`orgchart.org_chart` gives;
    the people in ``flagged`` (named by a warning) get a red ring."""
    fig = go.Figure()
    lines = edges(nodes)
    xs, ys = [], []
    for row in lines.itertuples(index=False):
        # down from the manager, then across to the report: left of every label
        xs += [row.from_depth, row.from_depth, row.to_depth, None]
        ys += [-row.from_row, -row.to_row, -row.to_row, None]
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": "#bfc9ca", "width": 1},
        hoverinfo="skip",
        showlegend=False,
    )
    companies = nodes[nodes["kind"] == "account"]
    fig.add_scatter(
        x=companies["depth"],
        y=-companies["row"],
        mode="markers+text",
        marker={"symbol": "square", "size": 18, "color": ACCOUNT_COLOUR},
        text=companies["label"],
        textposition="middle right",
        name=t("accounts.chart.company", lang),
        hovertemplate="%{text}<extra></extra>",
    )
    people = nodes[nodes["kind"] == "contact"]
    attitude = people["attitude"].fillna("").astype(str).str.strip().str.lower()
    for key, colour in ATTITUDE_COLOURS.items():
        part = people[attitude == key]
        if part.empty:
            continue
        influence = pd.to_numeric(part["influence"], errors="coerce").fillna(1).astype(float)
        role = part["buying_role"].fillna("").astype(str)
        fig.add_scatter(
            x=part["depth"],
            y=-part["row"],
            mode="markers+text",
            marker={
                "size": 8 + 4 * influence,
                "color": colour,
                "line": {
                    "width": [3 if n in flagged else 1 for n in part["node_id"]],
                    "color": [WARNING_RING if n in flagged else "#566573" for n in part["node_id"]],
                },
            },
            text=part["label"] + "  ·  " + role,
            textposition="middle right",
            name=t(f"accounts.attitude.{key or 'unknown'}", lang),
            customdata=_hover_details(part, lang),
            hovertemplate=(
                "<b>%{customdata[0]}</b> %{customdata[1]}<br>"
                + t("accounts.chart.hover_person", lang)
                + "<extra></extra>"
            ),
        )
    rows = max(int(nodes["row"].max()) + 1, 1) if len(nodes) else 1
    depth = int(nodes["depth"].max()) if len(nodes) else 0
    # room on the right of the deepest level for its labels
    fig.update_xaxes(visible=False, range=[-0.4, depth + LABEL_ROOM])
    fig.update_yaxes(visible=False, range=[-rows + 0.3, 0.7])
    fig = _layout(fig, lang, height=max(320, ROW_HEIGHT * rows + 90))
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig


def _hover_details(people: pd.DataFrame, lang: str) -> list[list[str]]:
    details = []
    for row in people.itertuples(index=False):
        days = "–" if pd.isna(row.days_since_contact) else str(int(row.days_since_contact))
        last = "–" if pd.isna(row.last_contact_date) else format_date(row.last_contact_date, lang)
        details.append(
            [
                row.label,
                f"({row.title})" if isinstance(row.title, str) and row.title else "",
                row.buying_role if isinstance(row.buying_role, str) else "–",
                "–" if pd.isna(row.influence) else str(int(row.influence)),
                row.attitude if isinstance(row.attitude, str) else "–",
                row.relationship_owner if isinstance(row.relationship_owner, str) else "–",
                last,
                days,
            ]
        )
    return details


def short_names(names: list[str | None]) -> list[str]:
    """The names without the words all of them begin with ('Franke Holding GmbH', 'Franke
    Energy España S.L.' -> 'Holding GmbH', 'Energy España S.L.'), so labels stay short."""
    words = [str(n or "").split() for n in names]
    common = 0
    while (
        words and all(len(w) > common + 1 for w in words) and len({w[common] for w in words}) == 1
    ):
        common += 1
    return [" ".join(w[common:]) for w in words]


def divisions_chart(matrix: pd.DataFrame, lang: str, currency: str = "EUR") -> go.Figure:
    """The divisions' 2x2: attitude (x) against potential (y), bubbles sized by our revenue,
    the two lines, and each quadrant named in its corner. The chosen account is outlined."""
    fig = go.Figure()
    revenue = pd.to_numeric(matrix["revenue_l12m"], errors="coerce").clip(lower=0).fillna(0)
    biggest = float(revenue.max()) or 1.0
    # divisions of one attitude share an x: spread them a little so their labels separate
    rank = matrix.groupby("attitude_score").cumcount()
    count = matrix.groupby("attitude_score")["account_id"].transform("size")
    spread = (rank - (count - 1) / 2) * (16 / count.clip(lower=2))
    matrix = matrix.assign(
        x=matrix["attitude_score"] + spread, short_name=short_names(matrix["name"].tolist())
    )
    for quadrant, colour in QUADRANT_COLOURS.items():
        part = matrix[matrix["quadrant"] == quadrant]
        if part.empty:
            continue
        sizes = 14 + 46 * (revenue[part.index] / biggest) ** 0.5
        fig.add_scatter(
            x=part["x"],
            y=part["annual_potential"],
            mode="markers+text",
            text=part["short_name"],
            textposition=[
                "top center" if i % 2 == 0 else "bottom center" for i in range(len(part))
            ],
            marker={
                "size": sizes,
                "color": colour,
                "opacity": 0.8,
                "line": {
                    "width": [3 if s else 0.5 for s in part["is_selected"]],
                    "color": "#17202a",
                },
            },
            customdata=revenue[part.index],
            name=t(f"accounts.quadrant.{quadrant}", lang),
            hovertemplate=(
                f"%{{text}}<br>{_label('annual_potential', lang)}: %{{y:,.0f}} {_symbol(currency)}"
                f"<br>{_label('revenue_l12m', lang)}: %{{customdata:,.0f}} {_symbol(currency)}"
                "<extra></extra>"
            ),
        )
    potential = pd.to_numeric(matrix["annual_potential"], errors="coerce")
    positive = potential[potential > 0]
    # a group head often has many times its divisions' potential: a log axis keeps them apart
    wide = len(positive) > 1 and positive.max() / positive.min() > 20
    if len(matrix):
        fig.add_vline(
            x=float(matrix["attitude_line"].iloc[0]), line_dash="dot", line_color="#7f8c8d"
        )
        fig.add_hline(
            y=float(matrix["potential_line"].iloc[0]), line_dash="dot", line_color="#7f8c8d"
        )
    corners = (
        ("win_over", 0.01, 0.99, "left", "top"),
        ("focus", 0.99, 0.99, "right", "top"),
        ("observe", 0.01, 0.01, "left", "bottom"),
        ("reference", 0.99, 0.01, "right", "bottom"),
    )
    for quadrant, x, y, xanchor, yanchor in corners:
        fig.add_annotation(
            x=x,
            y=y,
            xref="paper",
            yref="paper",
            xanchor=xanchor,
            yanchor=yanchor,
            text=f"<b>{t(f'accounts.quadrant.{quadrant}', lang)}</b>",
            showarrow=False,
            font={"color": QUADRANT_COLOURS[quadrant]},
        )
    ticks = [0, 25, 50, 75, 100]
    fig.update_xaxes(
        title=t("accounts.chart.attitude_axis", lang),
        range=[-10, 110],
        tickvals=ticks,
        ticktext=[
            t(f"accounts.attitude.{a}", lang)
            for a in ("enemy", "negative", "neutral", "positive", "mentor")
        ],
    )
    top = float(positive.max()) if len(positive) else 1.0
    # room above the highest bubble for its label
    if wide:
        low = math.log10(float(positive.min()))
        y_range = [low - 0.3, math.log10(top) + 0.4]
    else:
        y_range = [0, top * 1.2]
    fig.update_yaxes(
        title=f"{_label('annual_potential', lang)} ({_symbol(currency)})",
        tickformat=",.0f",
        type="log" if wide else "linear",
        dtick="D2" if wide else None,
        range=y_range,
    )
    return _layout(fig, lang, height=460)
