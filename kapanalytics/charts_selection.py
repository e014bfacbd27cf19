"""Plotly figures of the key-account selection pages: a DataFrame and ``lang`` in, a Figure out.

No data access and no Streamlit; every word comes from ``kapanalytics.i18n``, the criteria's
and quadrants' names from their catalogues.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kapanalytics.charts import PALETTE, _layout, add_quadrants
from kapanalytics.criteria import CRITERIA
from kapanalytics.format import CURRENCY_SYMBOLS, format_number, format_percent
from kapanalytics.i18n import t
from kapanalytics.portfolio import QUADRANT_LABELS

ABC_COLOURS = {"A": PALETTE[0], "B": PALETTE[2], "C": PALETTE[6]}
STATUS_COLOURS = {True: PALETTE[4], False: PALETTE[1]}
FRAGILE_COLOUR = PALETTE[3]
MAX_BUBBLE_PX = 46


def criterion_label(key: str, lang: str) -> str:
    """The criterion's name in ``lang``."""
    criterion = CRITERIA[key]
    return criterion.label_de if lang == "de" else criterion.label_en


def axis_format(unit: str, currency: str = "EUR") -> tuple[str, str]:
    """(Plotly tick format, hover format with unit) for a metric unit of the catalogue."""
    if unit == "ratio":
        return ".0%", "%{VALUE:.1%}"
    if unit == "money":
        symbol = CURRENCY_SYMBOLS.get(currency, currency)
        return ",.0f", f"%{{VALUE:,.0f}} {symbol}"
    return ",.0f", "%{VALUE:,.1f}"


def score_waterfall(breakdown: pd.DataFrame, lang: str) -> go.Figure:
    """From 0 through each criterion's contribution to the account's score.

    ``breakdown`` is :func:`kapanalytics.selection_view.score_breakdown`: criterion,
    normalised, applied_share, contribution; ``attrs["score"]`` is the total.
    """
    labels = [criterion_label(k, lang) for k in breakdown["criterion"]]
    # long names on two lines, so neighbouring bars' labels never run into each other
    ticks = ["<br>".join(textwrap.wrap(label, 16)) for label in labels]
    score_label = t("selection.col.score", lang)
    contributions = breakdown["contribution"].fillna(0.0).tolist()
    normalised = breakdown["normalised"].tolist()
    shares = breakdown["applied_share"].tolist()
    missing = t("selection.missing_value", lang)
    hover = [
        t(
            "selection.waterfall.hover",
            lang,
            criterion=label,
            points=format_number(c, lang, 1),
            normalised=missing if np.isnan(n) else format_number(n, lang, 1),
            share=format_percent(s, lang, 0),
        )
        for label, c, n, s in zip(labels, contributions, normalised, shares, strict=True)
    ]
    score = breakdown.attrs.get("score", float(np.nansum(contributions)))
    total_text = format_number(score, lang, 1)
    fig = go.Figure(
        go.Waterfall(
            x=[*ticks, score_label],
            y=[*contributions, score],
            measure=["relative"] * len(labels) + ["total"],
            text=[f"+{format_number(c, lang, 1)}" for c in contributions] + [total_text],
            textposition="outside",
            hovertext=[*hover, f"{score_label}: {total_text}"],
            hoverinfo="text",
            connector={"line": {"color": "#bbbbbb"}},
            increasing={"marker": {"color": PALETTE[1]}},
            totals={"marker": {"color": PALETTE[0]}},
        )
    )
    fig.update_yaxes(title=t("selection.points_axis", lang), range=[0, max(100.0, score) * 1.08])
    fig.update_xaxes(tickangle=0, automargin=True)
    fig.update_layout(showlegend=False)
    return _layout(fig, lang, height=380)


def rank_ranges(stable: pd.DataFrame, top_n: int, lang: str) -> go.Figure:
    """Each account's rank range (best to worst over the draws) as a line, its rank now as a
    dot, fragile accounts in orange, and the top-N line.

    ``stable``: :func:`kapanalytics.stability.stability` rows with a ``name`` column, in the
    order to draw them top to bottom.
    """
    labels = [f"{n} ({a})" for n, a in zip(stable["name"], stable["account_id"], strict=True)]
    fig = go.Figure()
    for fragile, group_name in ((False, "selection.stable"), (True, "selection.fragile")):
        rows = stable["fragile"].to_numpy() == fragile
        if not rows.any():
            continue
        colour = FRAGILE_COLOUR if fragile else PALETTE[1]
        names = [label for label, keep in zip(labels, rows, strict=True) if keep]
        part = stable[rows]
        fig.add_trace(
            go.Scatter(
                x=part["base_rank"],
                y=names,
                mode="markers",
                name=t(group_name, lang),
                marker={"color": colour, "size": 9},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": part["worst_rank"] - part["base_rank"],
                    "arrayminus": part["base_rank"] - part["best_rank"],
                    "color": colour,
                    "thickness": 3,
                    "width": 0,
                },
                customdata=np.column_stack(
                    [part["best_rank"], part["worst_rank"], part["top_n_probability"]]
                ),
                hovertemplate=t("selection.range.hover", lang) + "<extra></extra>",
            )
        )
    fig.add_vline(
        x=top_n + 0.5,
        line_dash="dash",
        line_color="#555555",
        annotation_text=t("selection.top_n_line", lang, n=top_n),
        annotation_position="top right",
    )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], automargin=True)
    fig.update_xaxes(title=t("selection.rank_axis", lang))
    return _layout(fig, lang, height=max(320, 22 * len(stable) + 120))


def portfolio_bubbles(
    points: pd.DataFrame,
    colour_by: str,
    axes: dict[str, tuple[str, str]],
    lang: str,
    currency: str = "EUR",
    ranges: dict[str, tuple[float, float] | None] | None = None,
) -> go.Figure:
    """The portfolio matrix: one bubble per account, area by revenue, coloured by ABC class
    (``colour_by="abc_class"``) or key-account status, the two quadrant lines and the four
    quadrants' names in their corners.

    ``points``: :func:`kapanalytics.portfolio.portfolio_matrix` (with abc_class when coloured
    by it); ``axes``: {"x": (title, unit), "y": (title, unit)}; ``ranges``: the part of each
    axis shown (:func:`kapanalytics.selection_view.axis_range`; None: all). Each bubble carries
    its account_id as the first customdata value, so a selection names the account.
    """
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    x_tick, x_hover = axis_format(axes["x"][1], currency)
    y_tick, y_hover = axis_format(axes["y"][1], currency)
    largest = float(points["size"].max()) if len(points) else 0.0
    size_ref = 2.0 * largest / MAX_BUBBLE_PX**2 if largest > 0 else 1.0
    quadrant_names = {q: QUADRANT_LABELS[q][f"label_{lang}"] for q in QUADRANT_LABELS}
    hover = (
        "<b>%{customdata[1]}</b> (%{customdata[0]})<br>"
        f"{axes['x'][0]}: {x_hover.replace('VALUE', 'x')}<br>"
        f"{axes['y'][0]}: {y_hover.replace('VALUE', 'y')}<br>"
        f"{criterion_label('revenue_l12m', lang)}: %{{customdata[2]:,.0f}} {symbol}<br>"
        f"{t('selection.col.quadrant', lang)}: %{{customdata[3]}}<extra></extra>"
    )
    if colour_by == "abc_class":
        groups = [(c, f"{t('selection.abc_prefix', lang)} {c}", ABC_COLOURS[c]) for c in "ABC"]
        column = "abc_class"
    else:
        groups = [
            (True, t("selection.key_account", lang), STATUS_COLOURS[True]),
            (False, t("selection.not_key_account", lang), STATUS_COLOURS[False]),
        ]
        column = "is_key_account"
    fig = go.Figure()
    for value, name, colour in groups:
        part = points[points[column] == value]
        if part.empty:
            continue
        quadrant = part["quadrant"].astype(object).map(quadrant_names).fillna("–")
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["y"],
                mode="markers",
                name=name,
                marker={
                    "size": part["size"].clip(lower=0).fillna(0),
                    "sizemode": "area",
                    "sizeref": size_ref,
                    "sizemin": 3,
                    "color": colour,
                    "opacity": 0.7,
                    "line": {"width": 0.5, "color": "white"},
                },
                customdata=np.column_stack(
                    [part["account_id"], part["name"], part["size"], quadrant]
                ),
                hovertemplate=hover,
            )
        )
    if len(points):
        corners = {
            "top_right": "invest",
            "top_left": "develop",
            "bottom_right": "maintain",
            "bottom_left": "serve_efficiently",
        }
        add_quadrants(
            fig,
            float(points["x_line"].iloc[0]),
            float(points["y_line"].iloc[0]),
            {corner: quadrant_names[quadrant] for corner, quadrant in corners.items()},
        )
    shown = ranges or {}
    fig.update_xaxes(title=axes["x"][0], tickformat=x_tick, zeroline=False, range=shown.get("x"))
    fig.update_yaxes(title=axes["y"][0], tickformat=y_tick, zeroline=False, range=shown.get("y"))
    return _layout(fig, lang, height=560)
