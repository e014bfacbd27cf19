"""Plotly figures of the retention pages: a DataFrame and ``lang`` in, a Figure out.

No data access and no Streamlit; every word comes from ``kapanalytics.i18n``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kapanalytics.charts import PALETTE, _layout
from kapanalytics.format import CURRENCY_SYMBOLS
from kapanalytics.i18n import t

RATE_LINES = ("customer_retention_rate", "gross_revenue_retention", "net_revenue_retention")
FLOW_BARS = ("new", "reactivated", "lost")


def period_labels(starts: pd.Series, grain: str) -> list[str]:
    """2025, 2025 Q3 or 2025-07: how a period is named on an axis."""
    stamps = pd.to_datetime(starts)
    if grain == "year":
        return [f"{s.year}" for s in stamps]
    if grain == "quarter":
        return [f"{s.year} Q{(s.month - 1) // 3 + 1}" for s in stamps]
    return [f"{s.year}-{s.month:02d}" for s in stamps]


def rates_over_time(
    rates: pd.DataFrame, grain: str, lang: str, segment: str | None = None
) -> go.Figure:
    """Lines of the customer retention rate, GRR and NRR per period (one colour per rate);
    with ``segment``, one line per segment value of the customer retention rate."""
    fig = go.Figure()
    if segment:
        for i, (value, group) in enumerate(rates.groupby(segment, sort=True)):
            fig.add_scatter(
                x=period_labels(group["period_start"], grain),
                y=group["customer_retention_rate"],
                name=str(value),
                mode="lines+markers",
                line={"color": PALETTE[i % len(PALETTE)]},
                hovertemplate="%{x}: %{y:.1%}<extra>%{fullData.name}</extra>",
            )
    else:
        for i, column in enumerate(RATE_LINES):
            fig.add_scatter(
                x=period_labels(rates["period_start"], grain),
                y=rates[column],
                name=t(f"retention.rate.{column}", lang),
                mode="lines+markers",
                line={"color": PALETTE[i]},
                hovertemplate="%{x}: %{y:.1%}<extra>%{fullData.name}</extra>",
            )
    fig.update_yaxes(tickformat=".0%", title=t("retention.chart.rate", lang))
    fig.update_xaxes(type="category", title=t(f"retention.grain.{grain}", lang))
    return _layout(fig, lang)


def customer_flow(flow: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Bars of new and reactivated (up) and lost (down) customers per period, with the
    customers at each period's end as a line."""
    labels = period_labels(flow["period_start"], grain)
    fig = go.Figure()
    colours = {"new": PALETTE[7], "reactivated": PALETTE[2], "lost": PALETTE[4]}
    for column in FLOW_BARS:
        values = -flow[column] if column == "lost" else flow[column]
        fig.add_bar(
            x=labels,
            y=values,
            name=t(f"retention.flow.{column}", lang),
            marker_color=colours[column],
            customdata=flow[column],
            hovertemplate="%{x}: %{customdata:,}<extra>%{fullData.name}</extra>",
        )
    fig.add_scatter(
        x=labels,
        y=flow["end"],
        name=t("retention.flow.end", lang),
        mode="lines+markers",
        yaxis="y2",
        line={"color": PALETTE[0]},
        hovertemplate="%{x}: %{y:,}<extra>%{fullData.name}</extra>",
    )
    fig.update_layout(
        barmode="relative",
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "tickformat": ",d",
            "title": {"text": t("retention.flow.end", lang)},
        },
    )
    fig.update_layout(yaxis={"title": {"text": t("retention.chart.accounts", lang)}})
    fig.update_xaxes(type="category", title=t(f"retention.grain.{grain}", lang))
    return _layout(fig, lang)


def revenue_waterfall(
    row: pd.Series, steps: tuple[str, ...], lang: str, currency: str
) -> go.Figure:
    """A waterfall from the start revenue through each change to the end revenue."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    measures = ["absolute", *["relative"] * (len(steps) - 2), "total"]
    fig = go.Figure(
        go.Waterfall(
            x=[t(f"retention.bridge.{s}", lang) for s in steps],
            y=[float(row[s]) for s in steps],
            measure=measures,
            increasing={"marker": {"color": PALETTE[7]}},
            decreasing={"marker": {"color": PALETTE[4]}},
            totals={"marker": {"color": PALETTE[0]}},
            hovertemplate=f"%{{x}}: %{{y:,.0f}} {symbol}<extra></extra>",
        )
    )
    fig.update_yaxes(title=f"{t('col.revenue', lang)} ({symbol})", tickformat=",.0f")
    return _layout(fig, lang)


def cohort_heatmap(matrix: pd.DataFrame, grain: str, lang: str) -> go.Figure:
    """Cohorts down, periods after the first across, the retention as colour and text."""
    values = matrix.to_numpy(dtype=float)
    text = [[("" if v != v else f"{v:.0%}") for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=[str(k) for k in matrix.columns],
            y=period_labels(pd.Series(matrix.index), grain),
            text=text,
            texttemplate="%{text}" if values.size <= 900 else None,
            colorscale="Blues",
            zmin=0,
            # revenue retention passes 100 % (a cohort's first period is partial): scale to it
            zmax=max(1.0, float(np.nanpercentile(values, 95))) if np.isfinite(values).any() else 1,
            colorbar={"tickformat": ".0%"},
            hovertemplate=(
                f"{t('retention.chart.cohort', lang)} %{{y}}, k = %{{x}}: %{{z:.1%}}<extra></extra>"
            ),
        )
    )
    fig.update_yaxes(autorange="reversed", type="category", title=t("retention.chart.cohort", lang))
    fig.update_xaxes(type="category", title=t("retention.chart.periods_after", lang))
    return _layout(fig, lang, height=max(320, 22 * len(matrix) + 120))


def survival_curves(curves: pd.DataFrame, lang: str) -> go.Figure:
    """Kaplan-Meier step curves per segment with their confidence band."""
    fig = go.Figure()
    for i, (segment, curve) in enumerate(curves.groupby("segment", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        fig.add_scatter(
            x=pd.concat([curve["days"], curve["days"][::-1]]),
            y=pd.concat([curve["upper"], curve["lower"][::-1]]),
            fill="toself",
            fillcolor=colour,
            opacity=0.15,
            line={"width": 0, "shape": "hv"},
            hoverinfo="skip",
            showlegend=False,
        )
        fig.add_scatter(
            x=curve["days"],
            y=curve["survival"],
            name=str(segment),
            mode="lines",
            line={"shape": "hv", "color": colour},
            hovertemplate="%{x:,.0f} d: %{y:.1%}<extra>%{fullData.name}</extra>",
        )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02], title=t("retention.chart.survival", lang))
    fig.update_xaxes(title=t("retention.chart.days", lang))
    return _layout(fig, lang, height=420)


def pareto_chart(table: pd.DataFrame, by: str, measure: str, lang: str) -> go.Figure:
    """Bars of the measure per value, largest first, with the cumulative share as a line."""
    fig = go.Figure()
    fig.add_bar(
        x=table[by].astype(str),
        y=table[measure],
        name=t(f"retention.measure.{measure}", lang),
        marker_color=PALETTE[0],
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
    )
    fig.add_scatter(
        x=table[by].astype(str),
        y=table["cumulative_share"],
        name=t("retention.chart.cumulative_share", lang),
        yaxis="y2",
        mode="lines+markers",
        line={"color": PALETTE[4]},
        hovertemplate="%{x}: %{y:.0%}<extra></extra>",
    )
    fig.update_layout(
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "tickformat": ".0%",
            "range": [0, 1.05],
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
        }
    )
    fig.update_layout(yaxis={"title": {"text": t(f"retention.measure.{measure}", lang)}})
    return _layout(fig, lang)


def stacked_over_time(
    frame: pd.DataFrame, grain: str, category: str, value: str, lang: str
) -> go.Figure:
    """Stacked bars of ``value`` per period and ``category`` (e.g. lost accounts by reason)."""
    fig = go.Figure()
    totals = frame.groupby(category)[value].sum().sort_values(ascending=False)
    periods = sorted(frame["period_start"].unique())
    labels = period_labels(pd.Series(periods), grain)
    for i, name in enumerate(totals.index):
        part = frame[frame[category] == name].set_index("period_start")[value]
        fig.add_bar(
            x=labels,
            y=[part.get(p, 0) for p in periods],
            name=str(name),
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate="%{x}: %{y:,}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", title=t(f"retention.grain.{grain}", lang))
    fig.update_yaxes(title=t("retention.chart.accounts", lang))
    return _layout(fig, lang)


def rate_bars(
    frame: pd.DataFrame, x: str, rate: str, lang: str, grain: str | None = None
) -> go.Figure:
    """Bars of a rate (0..1) per value of ``x`` (or per period with ``grain``)."""
    labels = period_labels(frame[x], grain) if grain else frame[x].astype(str)
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=frame[rate],
            marker_color=PALETTE[1],
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
        )
    )
    fig.update_yaxes(tickformat=".0%", title=t(f"retention.rate.{rate}", lang))
    fig.update_xaxes(type="category")
    return _layout(fig, lang)


def calibration_chart(bands: pd.DataFrame, lang: str) -> go.Figure:
    """Observed churn rate per score band (bars) and the number of accounts in it (line)."""
    fig = go.Figure()
    fig.add_bar(
        x=bands["band"],
        y=bands["churn_rate"],
        name=t("retention.rate.churn_rate", lang),
        marker_color=PALETTE[4],
        hovertemplate="%{x}: %{y:.1%}<extra></extra>",
    )
    fig.add_scatter(
        x=bands["band"],
        y=bands["accounts"],
        name=t("retention.chart.accounts", lang),
        yaxis="y2",
        mode="lines+markers",
        line={"color": PALETTE[0]},
    )
    fig.update_layout(
        yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero"}
    )
    fig.update_layout(
        yaxis={"tickformat": ".0%", "title": {"text": t("retention.rate.churn_rate", lang)}}
    )
    fig.update_xaxes(type="category", title=t("retention.chart.score_band", lang))
    return _layout(fig, lang)


def roc_chart(curves: dict[str, pd.DataFrame], lang: str) -> go.Figure:
    """ROC curves of the models against the diagonal of guessing."""
    fig = go.Figure()
    fig.add_scatter(
        x=[0, 1],
        y=[0, 1],
        mode="lines",
        line={"dash": "dot", "color": PALETTE[6]},
        name=t("retention.chart.guessing", lang),
    )
    for i, (model, curve) in enumerate(curves.items()):
        fig.add_scatter(
            x=curve["false_positive_rate"],
            y=curve["true_positive_rate"],
            mode="lines",
            name=t(f"retention.model.{model}", lang),
            line={"color": PALETTE[i]},
        )
    fig.update_xaxes(tickformat=".0%", title=t("retention.chart.false_positive_rate", lang))
    fig.update_yaxes(tickformat=".0%", title=t("retention.chart.true_positive_rate", lang))
    return _layout(fig, lang, height=380)
