"""The plan's export, opened again: the deck (python-pptx) and the workbook (openpyxl) hold the
account's name, the goals and the figures, and the deck's chart data are the library's numbers."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from kapanalytics import account360, keyaccounts, plan_export, plans
from kapanalytics.charts_accounts import window_label
from kapanalytics.cli import main
from kapanalytics.store import connect

GOALS = [
    {
        "goal": "Grow hydraulics",
        "measure": "revenue in hydraulics",
        "target": "400,000 EUR",
        "due_date": "2027-06-30",
        "owner": "Sabine Lorenz",
        "strategy": "A framework contract for all plants",
    },
    {
        "goal": "=Win the plant in Linz",
        "measure": "signed contract",
        "target": "1",
        "due_date": "2027-03-31",
        "owner": "Tim Schäfer",
        "strategy": "Reference visit at the Austrian division",
    },
]


@pytest.fixture(scope="module")
def stocked(demo_db):
    """The demo company with a saved plan for its largest key account with divisions."""
    con = connect(demo_db)
    account = max(
        keyaccounts.current_key_accounts(con),
        key=lambda a: len(account360.account_profile(con, a)["divisions"]),
    )
    plan = plans.Plan().with_sections(
        {
            "goals": GOALS,
            "customer_swot": {"strengths": "Market leader in wind", "threats": "New entrants"},
            "risks": ["Price pressure from Nordstern"],
            "actions": [
                {"what": "Visit Linz", "who": "Tim", "due_date": "2026-08-01", "status": "open"}
            ],
            "mission": "The preferred partner for drives",
        }
    )
    plans.save_plan(con, account, plan, "Sabine", plans.latest_version(con, account))
    yield con, account
    con.close()


@pytest.fixture(scope="module")
def deck(stocked):
    con, account = stocked
    return Presentation(io.BytesIO(plan_export.plan_pptx_bytes(con, account, "en")))


@pytest.fixture(scope="module")
def workbook(stocked):
    con, account = stocked
    return openpyxl.load_workbook(io.BytesIO(plan_export.plan_xlsx_bytes(con, account, "en")))


def all_text(deck) -> str:
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def charts(deck) -> list:
    return [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]


def chart_titled(deck, title: str):
    found = [c for c in charts(deck) if c.has_title and c.chart_title.text_frame.text == title]
    assert found, f"no chart titled {title}"
    return found


def test_the_deck_names_the_account_and_holds_the_goals_and_swot(deck, stocked):
    con, account = stocked
    text = all_text(deck)
    assert account360.account_profile(con, account)["name"] in deck.slides[0].shapes[0].text
    for goal in GOALS:
        assert goal["goal"] in text
        assert goal["strategy"] in text
    assert "Market leader in wind" in text
    assert "Price pressure from Nordstern" in text
    assert "The preferred partner for drives" in text


def test_the_key_figure_charts_hold_the_librarys_numbers(deck, stocked):
    con, account = stocked
    figures = account360.key_figures(con, account)
    for figure, title in (
        ("revenue", "Revenue"),
        ("contribution_margin", "Contribution margin"),
        ("share_of_wallet", "Share of wallet"),
        ("order_count", "Orders"),
    ):
        rows = figures[figures["figure"] == figure]
        for chart in chart_titled(deck, title):
            plot = chart.plots[0]
            assert list(plot.categories) == [
                window_label(s, e)
                for s, e in zip(rows["window_start"], rows["window_end"], strict=True)
            ]
            mine, peers = plot.series
            assert list(mine.values) == pytest.approx(rows["account"].tolist())
            assert list(peers.values) == pytest.approx(rows["peer_median"].tolist())


def test_the_product_group_chart_adds_up_to_the_librarys_revenue(deck, stocked):
    con, account = stocked
    revenue = account360.revenue_by_product_group(con, account)
    stacked = [c for c in charts(deck) if len(c.plots[0].series) > 2][0]
    totals = [
        sum(s.values[i] or 0 for s in stacked.plots[0].series)
        for i in range(len(stacked.plots[0].categories))
    ]
    expected = revenue.groupby("window_start")["revenue"].sum().tolist()
    assert totals == pytest.approx(expected)


def test_the_divisions_are_a_bubble_chart_with_one_point_each(deck, stocked):
    con, account = stocked
    matrix = plan_export.divisions.divisions_matrix(con, account)
    bubbles = [
        c for c in charts(deck) if c.chart_type is not None and "BUBBLE" in str(c.chart_type)
    ]
    assert len(bubbles) == 1
    points = sum(len(list(s.values)) for s in bubbles[0].plots[0].series)
    assert points == matrix["quadrant"].notna().sum()


def test_the_power_map_slide_draws_every_person_of_the_org_chart(deck, stocked):
    con, account = stocked
    document = plan_export.plan_document(con, account)
    slide = next(s for s in deck.slides if s.shapes[0].text_frame.text == "Power map")
    people = [
        s
        for s in slide.shapes
        if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.auto_shape_type == 9  # oval
    ]
    assert len(people) == (document.org_chart["kind"] == "contact").sum()
    for warning in document.warnings.to_dict("records")[:5]:
        assert plan_export.warning_text(warning, "en") in slide.shapes[-1].text_frame.text


def test_every_shape_lies_on_its_slide(deck):
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0, f"slide {number}: {shape.name}"
            assert shape.top >= 0, f"slide {number}: {shape.name}"
            assert shape.left + shape.width <= deck.slide_width, f"slide {number}: {shape.name}"
            assert shape.top + shape.height <= deck.slide_height, f"slide {number}: {shape.name}"


def test_overdue_actions_are_marked_in_the_deck(deck):
    text = all_text(deck)
    assert "Visit Linz" in text
    assert "overdue" in text


def sheet(workbook, title: str) -> pd.DataFrame:
    rows = list(workbook[title].values)
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_the_workbook_holds_every_table_of_the_plan(workbook):
    assert workbook.sheetnames == [
        "Cover",
        "Key figures",
        "Product groups",
        "Opportunities",
        "White space",
        "Budget",
        "Power map",
        "Warnings",
        "Divisions",
        "Sections",
        "Reviews",
        "Top 5",
        "Goals",
        "Actions",
        "Relationship plan",
        "Marketing calendar",
        "Versions",
    ]


def test_the_workbook_names_the_account_and_holds_goals_and_figures(workbook, stocked):
    con, account = stocked
    cover = sheet(workbook, "Cover").set_index("Field")["Value"]
    assert cover["Customer"] == account360.account_profile(con, account)["name"]
    assert cover["Version"] == 1
    goals = sheet(workbook, "Goals")
    assert goals["Goal"].tolist() == ["Grow hydraulics", "'=Win the plant in Linz"]
    assert goals["Due date"].iloc[0].date() == date(2027, 6, 30)
    figures = sheet(workbook, "Key figures")
    expected = account360.key_figures(con, account)
    assert figures["This account"].tolist() == pytest.approx(expected["account"].tolist())
    assert figures["Peer median"].tolist() == pytest.approx(
        expected["peer_median"].tolist(), nan_ok=True
    )


def test_the_workbook_speaks_german(stocked):
    con, account = stocked
    book = openpyxl.load_workbook(io.BytesIO(plan_export.plan_xlsx_bytes(con, account, "de")))
    assert book.sheetnames[:2] == ["Deckblatt", "Kennzahlen"]
    assert sheet(book, "Ziele")["Ziel"].iloc[0] == "Grow hydraulics"


def test_an_unknown_version_is_refused(stocked):
    con, account = stocked
    with pytest.raises(plan_export.ConfigurationError, match="has no version 9"):
        plan_export.plan_document(con, account, version=9)


# ---- the command line ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def closed_db(stocked, demo_db):
    """The same file for the command line, after the module's connection wrote the plan."""
    con, account = stocked
    con.execute("checkpoint")
    return demo_db, account


@pytest.mark.parametrize("fmt", ["pptx", "xlsx"])
def test_kap_export_plan_writes_a_file_that_opens(closed_db, tmp_path, fmt, capsys):
    path, account = closed_db
    target = tmp_path / f"plan.{fmt}"
    args = ["--db", str(path), "export", "plan", "--account", account, "--format", fmt]
    assert main([*args, "-o", str(target)]) == 0
    assert f"Wrote {target}" in capsys.readouterr().out
    if fmt == "pptx":
        assert "Grow hydraulics" in all_text(Presentation(str(target)))
    else:
        assert openpyxl.load_workbook(target)["Goals"]["A2"].value == "Grow hydraulics"


def test_kap_export_plan_refuses_a_table_format(closed_db, capsys):
    path, account = closed_db
    with pytest.raises(SystemExit):
        main(["--db", str(path), "export", "plan", "--account", account, "--format", "csv"])
    assert "invalid choice: 'csv'" in capsys.readouterr().err


def test_kap_export_plan_names_an_unknown_account(closed_db, tmp_path, capsys):
    path, _ = closed_db
    code = main(
        ["--db", str(path), "export", "plan", "--account", "nope", "-o", str(tmp_path / "x.pptx")]
    )
    assert code == 2
    assert "no account 'nope'" in capsys.readouterr().err


def test_kap_export_plan_explains_itself(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["export", "plan", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--account" in out
    assert "pptx" in out


def test_an_account_without_invoice_lines_exports_its_five_empty_years(stocked):
    con, _ = stocked
    quiet = con.execute(
        "select min(account_id) from accounts"
        " where account_id not in (select account_id from transactions)"
    ).fetchone()[0]
    deck = Presentation(io.BytesIO(plan_export.plan_pptx_bytes(con, quiet, "en")))
    stacked = [c for c in charts(deck) if "STACKED" in str(c.chart_type)][0]
    assert len(stacked.plots[0].categories) == 5
    assert all(v is None for s in stacked.plots[0].series for v in s.values)
