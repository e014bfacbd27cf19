"""Plotly figure builders: a DataFrame in, a Figure out. No data access, no Streamlit.

Every builder takes ``lang`` so axis titles, hover texts and number separators follow the
user's language.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from kapanalytics.format import CURRENCY_SYMBOLS, plotly_separators
from kapanalytics.i18n import t

PALETTE = ["#1f4e79", "#2e86c1", "#48c9b0", "#f5b041", "#e74c3c", "#8e44ad", "#7f8c8d", "#27ae60"]

# Every figure starts from this template. Naming it in each figure's layout instead made Plotly
# copy and validate the whole template once per figure: about 9 ms, a third of a chart's build.
pio.templates.default = "plotly_white"


def _layout(fig: go.Figure, lang: str, height: int = 360) -> go.Figure:
    fig.update_layout(
        separators=plotly_separators(lang),
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": -0.15},
        colorway=PALETTE,
    )
    return fig


def _money_axis_title(lang: str, currency: str) -> str:
    return f"{t('col.revenue', lang)} ({CURRENCY_SYMBOLS.get(currency, currency)})"


def monthly_trend(monthly: pd.DataFrame, lang: str, currency: str = "EUR") -> go.Figure:
    """Bars of revenue per month with the contribution margin as a line.

    ``monthly`` has columns month, revenue, contribution_margin.
    """
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    fig = go.Figure()
    fig.add_bar(
        x=monthly["month"],
        y=monthly["revenue"],
        name=t("col.revenue", lang),
        hovertemplate=f"%{{x|%m/%Y}}: %{{y:,.0f}} {symbol}<extra></extra>",
    )
    if "contribution_margin" in monthly and monthly["contribution_margin"].notna().any():
        fig.add_scatter(
            x=monthly["month"],
            y=monthly["contribution_margin"],
            name=t("col.contribution_margin", lang),
            mode="lines+markers",
            hovertemplate=f"%{{x|%m/%Y}}: %{{y:,.0f}} {symbol}<extra></extra>",
        )
    fig.update_yaxes(title=_money_axis_title(lang, currency), tickformat=",.0f")
    # Plotly names months in English only; German gets numeric months instead
    fig.update_xaxes(
        title=t("col.month", lang),
        dtick="M1" if len(monthly) <= 13 else None,
        tickformat="%m/%Y" if lang == "de" else "%b %Y",
    )
    return _layout(fig, lang)


def revenue_bars(
    frame: pd.DataFrame, dimension: str, lang: str, currency: str = "EUR"
) -> go.Figure:
    """Horizontal bars of revenue by ``dimension`` (largest on top), with the share in hover.

    ``frame`` has columns <dimension>, revenue, share.
    """
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    ordered = frame.sort_values("revenue", ascending=True)
    fig = go.Figure(
        go.Bar(
            x=ordered["revenue"],
            y=ordered[dimension].astype(str),
            orientation="h",
            customdata=ordered["share"],
            hovertemplate=f"%{{y}}: %{{x:,.0f}} {symbol} (%{{customdata:.1%}})<extra></extra>",
            marker_color=PALETTE[0],
        )
    )
    fig.update_xaxes(title=_money_axis_title(lang, currency), tickformat=",.0f")
    fig.update_yaxes(title=t(f"col.{dimension}", lang))
    return _layout(fig, lang, height=max(260, 32 * len(ordered) + 80))


QUADRANT_CORNERS = {
    "top_left": (0.01, 0.99, "left", "top"),
    "top_right": (0.99, 0.99, "right", "top"),
    "bottom_left": (0.01, 0.01, "left", "bottom"),
    "bottom_right": (0.99, 0.01, "right", "bottom"),
}


def add_quadrants(
    fig: go.Figure,
    x_line: float,
    y_line: float,
    names: dict[str, str],
    colours: dict[str, str] | None = None,
) -> go.Figure:
    """Two dashed lines cutting a 2x2 matrix and each quadrant's name in its corner.

    ``names`` (and ``colours``) map the corners of :data:`QUADRANT_CORNERS` to a quadrant's
    name (and colour); a corner left out stays empty.
    """
    fig.add_vline(x=x_line, line_dash="dash", line_color="#555555")
    fig.add_hline(y=y_line, line_dash="dash", line_color="#555555")
    for corner, name in names.items():
        x, y, x_anchor, y_anchor = QUADRANT_CORNERS[corner]
        fig.add_annotation(
            x=x,
            y=y,
            xref="paper",
            yref="paper",
            xanchor=x_anchor,
            yanchor=y_anchor,
            text=f"<b>{name}</b>",
            showarrow=False,
            font={"size": 13, "color": (colours or {}).get(corner, "#444444")},
            bgcolor="rgba(255,255,255,0.75)",
        )
    return fig
