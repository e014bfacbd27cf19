"""The selection's figures: the waterfall ends on the score, the bubbles name their accounts and
sit in their quadrants, the rank ranges mark fragile accounts and the top-N line."""

from __future__ import annotations

import pandas as pd
import pytest

from kapanalytics.charts import add_quadrants
from kapanalytics.charts_selection import (
    FRAGILE_COLOUR,
    axis_format,
    portfolio_bubbles,
    rank_ranges,
    score_waterfall,
)
from kapanalytics.portfolio import portfolio_matrix


def breakdown() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "criterion": ["revenue_l12m", "product_fit"],
            "normalised": [80.0, float("nan")],
            "applied_share": [1.0, 0.0],
            "contribution": [80.0, 0.0],
        }
    )
    frame.attrs["score"] = 80.0
    return frame


def test_the_waterfall_adds_the_contributions_up_to_the_score_in_german():
    figure = score_waterfall(breakdown(), "de")
    bars = figure.data[0]
    assert list(bars.measure) == ["relative", "relative", "total"]
    assert list(bars.y) == [80.0, 0.0, 80.0]
    assert bars.x[0] == "Umsatz, letzte<br>12 Monate"  # long names wrap
    assert bars.text[-1] == "80,0"
    assert "fehlt" in bars.hovertext[1]  # the missing fit says so


def test_bubbles_carry_their_account_and_sit_in_their_quadrant():
    scored = pd.DataFrame(
        {
            "account_id": ["A", "B", "C"],
            "name": ["Anna", "Bert", "Cara"],
            "score": [90.0, 30.0, 60.0],
            "share_of_wallet": [0.6, 0.1, 0.3],
            "revenue_l12m": [500.0, 50.0, -5.0],
            "abc_class": ["A", "C", "B"],
        }
    )
    points = portfolio_matrix(scored, quadrant_lines=(0.3, 60.0)).assign(
        abc_class=scored["abc_class"]
    )
    figure = portfolio_bubbles(
        points, "abc_class", {"x": ("Share", "ratio"), "y": ("Score", "points")}, "en"
    )
    by_trace = {trace.name: trace for trace in figure.data}
    assert set(by_trace) == {"Class A", "Class B", "Class C"}
    assert list(by_trace["Class A"].customdata[0][:2]) == ["A", "Anna"]
    assert by_trace["Class A"].customdata[0][3] == "Invest"
    assert by_trace["Class B"].customdata[0][3] == "Invest"  # on both lines counts as high
    assert by_trace["Class C"].customdata[0][3] == "Serve efficiently"
    assert {a.text for a in figure.layout.annotations} == {
        "<b>Invest</b>",
        "<b>Develop</b>",
        "<b>Maintain</b>",
        "<b>Serve efficiently</b>",
    }
    assert figure.layout.xaxis.tickformat == ".0%"


def test_rank_ranges_mark_fragile_accounts_and_the_line():
    stable = pd.DataFrame(
        {
            "account_id": ["A", "B"],
            "name": ["Anna", "Bert"],
            "base_rank": [1, 2],
            "best_rank": [1, 1],
            "worst_rank": [1, 3],
            "top_n_probability": [1.0, 0.5],
            "fragile": [False, True],
        }
    )
    figure = rank_ranges(stable, top_n=1, lang="en")
    fragile = next(trace for trace in figure.data if trace.name == "Fragile")
    assert fragile.marker.color == FRAGILE_COLOUR
    assert list(fragile.error_x.array) == [1]  # worst 3 - now 2
    assert list(fragile.error_x.arrayminus) == [1]  # now 2 - best 1
    assert figure.layout.shapes[0].x0 == pytest.approx(1.5)


def test_quadrants_name_only_the_corners_given():
    import plotly.graph_objects as go

    figure = add_quadrants(go.Figure(), 1.0, 2.0, {"top_right": "Focus"})
    assert [a.text for a in figure.layout.annotations] == ["<b>Focus</b>"]
    assert len(figure.layout.shapes) == 2


@pytest.mark.parametrize(
    ("unit", "tick"), [("ratio", ".0%"), ("money", ",.0f"), ("points", ",.0f")]
)
def test_axis_formats_follow_the_unit(unit, tick):
    assert axis_format(unit)[0] == tick
