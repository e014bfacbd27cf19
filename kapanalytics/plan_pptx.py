"""The key-account plan as a PowerPoint deck (python-pptx).

Figures are native charts whose data live in the deck (open the chart's data to change them);
the power map is drawn with shapes (people coloured by attitude, sized by influence, joined by
elbow connectors); SWOT, goals, actions and the relationship plan are tables. Slides follow the
plan's story: cover, profile, key figures, product groups, budget, power map, divisions, SWOT,
our position, opportunities and risks, goals and strategies, action plan, relationships.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from pptx import Presentation
from pptx.chart.data import BubbleChartData, CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.util import Emu, Inches, Pt

from kapanalytics import account360, plans
from kapanalytics.charts_accounts import ATTITUDE_COLOURS, QUADRANT_COLOURS, window_label
from kapanalytics.format import format_date, format_money, format_number, format_percent
from kapanalytics.i18n import t
from kapanalytics.plan_export import PlanDocument, column_label, section_title, warning_text

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.25)
DARK = RGBColor(0x1F, 0x4E, 0x79)
RED = RGBColor(0xC0, 0x39, 0x2B)
BLANK_LAYOUT = 6


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def plan_deck(doc: PlanDocument, lang: str) -> bytes:
    """The deck as bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    _cover(deck, doc, lang)
    _profile(deck, doc, lang)
    _key_figures(deck, doc, lang)
    _product_groups(deck, doc, lang)
    if len(doc.budget):
        _budget(deck, doc, lang)
    _power_map(deck, doc, lang)
    if len(doc.divisions):
        _divisions(deck, doc, lang)
    _swot(
        deck, doc, "customer_swot", lang, intro=("customer_goals", "purchasing_strategy", "market")
    )
    _swot(deck, doc, "our_swot", lang, intro=("our_position",))
    _top_five(deck, doc, lang)
    _goals(deck, doc, lang)
    _actions(deck, doc, lang)
    _relationships(deck, doc, lang)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# ---- building blocks --------------------------------------------------------------------------


def _slide(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])
    box = slide.shapes.add_textbox(MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(0.8))
    paragraph = box.text_frame.paragraphs[0]
    paragraph.text = title
    paragraph.font.size, paragraph.font.bold, paragraph.font.color.rgb = Pt(28), True, DARK
    return slide


def _text(slide, lines: list[str], left, top, width, height, size: int = 14) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines or ["–"]):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)


def _table(
    slide,
    frame: pd.DataFrame,
    left,
    top,
    width,
    height,
    lang: str,
    size: int = 11,
    red_rows=(),
    row_height=Inches(0.45),
):
    """A table of ``frame`` with its column titles; rows as high as they need (at most
    ``height`` in all), dates written as ``lang`` writes them, ``red_rows`` in red."""
    rows, cols = len(frame) + 1, max(len(frame.columns), 1)
    header = Inches(0.4)
    height = min(height, Emu(int(header + row_height * (rows - 1))))
    table = slide.shapes.add_table(rows, cols, left, top, width, height).table
    table.rows[0].height = header
    for row in list(table.rows)[1:]:
        row.height = Emu(int((height - header) / max(rows - 1, 1)))
    for j, column in enumerate(frame.columns):
        table.cell(0, j).text = str(column)
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = _cell_text(value, lang)
            if i - 1 in red_rows:
                cell.text_frame.paragraphs[0].font.color.rgb = RED
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(size)
    return table


def _cell_text(value: object, lang: str) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp | date):
        return format_date(value, lang)
    return str(value)


def _chart(slide, kind, data, left, top, width, height, title: str | None = None, legend=True):
    chart = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    if title:
        chart.has_title = True
        chart.chart_title.text_frame.text = title
        chart.chart_title.text_frame.paragraphs[0].font.size = Pt(14)
    return chart


# ---- slides -----------------------------------------------------------------------------------


def _cover(deck, doc: PlanDocument, lang: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])
    _text(slide, [doc.name], MARGIN, Inches(2.4), WIDTH - 2 * MARGIN, Inches(1.2), size=40)
    version = (
        t(
            "accounts.deck.version",
            lang,
            version=doc.version.version,
            saved_at=format_date(doc.version.saved_at, lang),
            saved_by=doc.version.saved_by,
        )
        if doc.version
        else t("accounts.deck.no_version", lang)
    )
    lines = [
        t("accounts.deck.subtitle", lang),
        t("accounts.deck.owner", lang, owner=doc.profile["owner"] or "–"),
        version,
        t("accounts.deck.as_of", lang, as_of=format_date(doc.as_of, lang)),
    ]
    _text(slide, lines, MARGIN, Inches(3.7), WIDTH - 2 * MARGIN, Inches(2), size=18)


def _profile(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.profile", lang))
    p, s = doc.profile, doc.status
    money = lambda v: format_money(v, lang, doc.currency, compact=True)  # noqa: E731
    lines = [
        f"{column_label('industry', lang)}: {p['industry'] or '–'}",
        f"{column_label('country', lang)}: {p['country'] or '–'}",
        f"{column_label('employees', lang)}: {format_number(p['employees'], lang)}",
        f"{column_label('group', lang)}: {p['group_name'] or '–'}",
        f"{column_label('divisions', lang)}: {', '.join(n for _, n in p['divisions']) or '–'}",
        f"{column_label('abc_class', lang)}: {s['abc_class'] or '–'}",
        f"{column_label('is_key_account', lang)}: {t(f'accounts.{_yes_no(s)}', lang)}",
        f"{column_label('risk_score', lang)}: {format_number(s['risk_score'], lang)}",
        f"{column_label('revenue_l12m', lang)}: {money(s['revenue_l12m'])}",
        f"{column_label('annual_potential', lang)}: {money(s['annual_potential'])}",
        f"{column_label('share_of_wallet', lang)}: {format_percent(s['share_of_wallet'], lang)}",
        f"{column_label('white_space', lang)}: {money(s['white_space'])}",
        f"{column_label('attainment_ytd', lang)}: {format_percent(s['attainment_ytd'], lang)}",
    ]
    _text(slide, lines, MARGIN, BODY_TOP, Inches(5.5), Inches(5.8), size=15)
    revenue = doc.key_figures[doc.key_figures["figure"] == "revenue"]
    _chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        _figure_data(revenue, lang),
        Inches(6.3),
        BODY_TOP,
        Inches(6.5),
        Inches(5.6),
        title=column_label("revenue", lang),
    )


def _yes_no(status: dict) -> str:
    return "yes" if status["is_key_account"] else "no"


def _figure_data(rows: pd.DataFrame, lang: str) -> CategoryChartData:
    data = CategoryChartData(number_format="#,##0")
    data.categories = [
        window_label(s, e) for s, e in zip(rows["window_start"], rows["window_end"], strict=True)
    ]
    data.add_series(t("accounts.chart.this_account", lang), [_number(v) for v in rows["account"]])
    data.add_series(column_label("peer_median", lang), [_number(v) for v in rows["peer_median"]])
    return data


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _key_figures(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.key_figures", lang))
    width, height = Inches(6.1), Inches(2.9)
    for i, figure in enumerate(account360.KEY_FIGURES):
        rows = doc.key_figures[doc.key_figures["figure"] == figure]
        left = MARGIN + (i % 2) * (width + Inches(0.2))
        top = BODY_TOP + (i // 2) * (height + Inches(0.1))
        chart = _chart(
            slide,
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            _figure_data(rows, lang),
            left,
            top,
            width,
            height,
            title=column_label(figure, lang),
        )
        if figure == "share_of_wallet":
            chart.value_axis.tick_labels.number_format = "0%"
            chart.value_axis.tick_labels.number_format_is_linked = False


def _product_groups(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.product_groups", lang))
    frame = doc.product_groups
    # every window of the key figures, also those without any revenue
    windows = doc.key_figures[["window_start", "window_end"]].drop_duplicates()
    data = CategoryChartData(number_format="#,##0")
    data.categories = [window_label(s, e) for s, e in windows.itertuples(index=False)]
    wide = frame.pivot_table(
        index="window_start", columns="product_group", values="revenue", aggfunc="sum"
    ).reindex(windows["window_start"])
    for group in wide.sum().sort_values(ascending=False).index:
        data.add_series(str(group), [_number(v) for v in wide[group]])
    if not len(wide.columns):
        data.add_series(column_label("revenue", lang), [None] * len(windows))
    _chart(
        slide, XL_CHART_TYPE.COLUMN_STACKED, data, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(5.8)
    )


def _budget(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.budget", lang, year=doc.as_of.year))
    data = CategoryChartData(number_format="#,##0")
    data.categories = [str(g) for g in doc.budget["product_group"]]
    for column in ("budget_ytd", "actual_ytd", "forecast"):
        data.add_series(column_label(column, lang), [_number(v) for v in doc.budget[column]])
    _chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        data,
        MARGIN,
        BODY_TOP,
        WIDTH - 2 * MARGIN,
        Inches(5.8),
    )


def _power_map(deck, doc: PlanDocument, lang: str) -> None:
    """The org chart as an outline of shapes (see :mod:`kapanalytics.orgchart`): companies as
    squares, people as circles coloured by attitude and sized by influence, lines drawn down
    from each manager and across to each report; the warnings beside it."""
    slide = _slide(deck, t("accounts.deck.power_map", lang))
    nodes = doc.org_chart
    rows = max(int(nodes["row"].max()) + 1, 1)
    row_height = min(Inches(0.4), Emu(int(Inches(5.9) / rows)))
    indent = Inches(0.35)
    size = Pt(max(6, min(11, row_height.pt * 0.5)))
    centre = {}
    for node in nodes.itertuples(index=False):
        middle_x = MARGIN + Emu(int(indent * node.depth)) + row_height // 2
        middle_y = BODY_TOP + Emu(int(row_height * node.row)) + row_height // 2
        if node.kind == "account":
            side = Emu(int(row_height * 0.7))
            shape = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, middle_x - side // 2, middle_y - side // 2, side, side
            )
            colour = DARK
        else:
            influence = 1 if pd.isna(node.influence) else int(node.influence)
            side = Emu(int(row_height * (0.35 + 0.1 * influence)))
            shape = slide.shapes.add_shape(
                MSO_SHAPE.OVAL, middle_x - side // 2, middle_y - side // 2, side, side
            )
            attitude = node.attitude.strip().lower() if isinstance(node.attitude, str) else ""
            colour = _rgb(ATTITUDE_COLOURS.get(attitude, ATTITUDE_COLOURS[""]))
        shape.fill.solid()
        shape.fill.fore_color.rgb = colour
        shape.line.color.rgb = RGBColor(0x56, 0x65, 0x73)
        centre[node.node_id] = (middle_x, middle_y)
        role = node.buying_role if isinstance(node.buying_role, str) else "–"
        label = node.label if node.kind == "account" else f"{node.label} · {role}"
        box = slide.shapes.add_textbox(
            middle_x + row_height // 2, middle_y - row_height // 2, Inches(4.2), row_height
        )
        box.text_frame.text = label
        box.text_frame.paragraphs[0].font.size = size
    for node in nodes[nodes["parent_id"].notna()].itertuples(index=False):
        (x1, y1), (x2, y2) = centre[node.parent_id], centre[node.node_id]
        for start, end in (((x1, y1), (x1, y2)), ((x1, y2), (x2, y2))):
            line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *start, *end)
            line.line.color.rgb = RGBColor(0xBF, 0xC9, 0xCA)
    notes = [f"– {warning_text(w, lang)}" for w in doc.warnings.to_dict("records")]
    if not doc.map_has_divisions and len(doc.profile["divisions"]):
        notes.append(t("accounts.deck.map_own_people", lang))
    legend = [t("accounts.deck.map_legend", lang)]
    _text(slide, legend + notes[:12], Inches(8.3), BODY_TOP, Inches(4.6), Inches(5.9), size=11)


def _divisions(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.divisions", lang))
    data = BubbleChartData()
    matrix = doc.divisions
    for quadrant in QUADRANT_COLOURS:
        part = matrix[matrix["quadrant"] == quadrant]
        if part.empty:
            continue
        series = data.add_series(t(f"accounts.quadrant.{quadrant}", lang))
        for row in part.itertuples(index=False):
            series.add_data_point(
                float(row.attitude_score),
                float(row.annual_potential),
                max(float(row.revenue_l12m), 1.0),
            )
    if not len(data):
        return
    _chart(slide, XL_CHART_TYPE.BUBBLE, data, MARGIN, BODY_TOP, Inches(8.2), Inches(5.9))
    lines = [
        f"{t(f'accounts.quadrant.{q}', lang)}: {t(f'accounts.quadrant.{q}.guidance', lang)}"
        for q in QUADRANT_COLOURS
    ]
    lines += [""] + [
        f"{row.name}: {t(f'accounts.quadrant.{row.quadrant}', lang) if row.quadrant else '–'}"
        for row in matrix.itertuples(index=False)
    ]
    _text(slide, lines, Inches(8.9), BODY_TOP, Inches(4), Inches(5.9), size=11)


def _swot(deck, doc: PlanDocument, key: str, lang: str, intro: tuple[str, ...]) -> None:
    slide = _slide(deck, section_title(key, lang))
    lines = [f"{section_title(k, lang)}: {doc.plan.section(k) or '–'}" for k in intro]
    _text(slide, lines, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(1.5), size=12)
    swot = doc.plan.section(key)
    frame = pd.DataFrame(
        [
            [
                t("accounts.swot.strengths", lang) + ": " + swot["strengths"],
                t("accounts.swot.weaknesses", lang) + ": " + swot["weaknesses"],
            ],
            [
                t("accounts.swot.opportunities", lang) + ": " + swot["opportunities"],
                t("accounts.swot.threats", lang) + ": " + swot["threats"],
            ],
        ],
        columns=[t("accounts.deck.helpful", lang), t("accounts.deck.harmful", lang)],
    )
    _table(
        slide,
        frame,
        MARGIN,
        BODY_TOP + Inches(1.7),
        WIDTH - 2 * MARGIN,
        Inches(4),
        lang,
        size=13,
        row_height=Inches(1.3),
    )


def _top_five(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.top_five", lang))
    half = (WIDTH - 2 * MARGIN) / 2
    for i, key in enumerate(plans.LIST_SECTIONS):
        items = doc.plan.section(key)
        lines = [section_title(key, lang)] + [
            f"{n}. {text}" for n, text in enumerate(items, start=1)
        ]
        _text(
            slide,
            lines,
            MARGIN + Emu(int(half * i)),
            BODY_TOP,
            Emu(int(half)),
            Inches(5.8),
            size=16,
        )


def _goals(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.goals", lang))
    mission = doc.plan.section("mission")
    _text(
        slide,
        [f"{section_title('mission', lang)}: {mission or '–'}"],
        MARGIN,
        BODY_TOP,
        WIDTH - 2 * MARGIN,
        Inches(0.8),
        size=14,
    )
    goals = plans.section_frame(doc.plan, "goals")
    goals = goals.rename(columns={c: column_label(c, lang) for c in goals.columns})
    _table(slide, goals, MARGIN, BODY_TOP + Inches(1), WIDTH - 2 * MARGIN, Inches(4.5), lang, 12)


def _actions(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.actions", lang, as_of=format_date(doc.as_of, lang)))
    actions = doc.actions.head(14)
    shown = actions[["what", "who", "due_date", "status", "goal"]].assign(
        is_overdue=[t("accounts.deck.overdue", lang) if o else "" for o in actions["is_overdue"]]
    )
    shown = shown.rename(columns={c: column_label(c, lang) for c in shown.columns})
    red = {i for i, late in enumerate(actions["is_overdue"]) if late}
    _table(slide, shown, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, Inches(5.5), lang, red_rows=red)


def _relationships(deck, doc: PlanDocument, lang: str) -> None:
    slide = _slide(deck, t("accounts.deck.relationships", lang))
    for i, key in enumerate(("relationship_plan", "marketing_calendar")):
        frame = plans.section_frame(doc.plan, key).head(10)
        frame = frame.rename(columns={c: column_label(c, lang) for c in frame.columns})
        top = BODY_TOP + Inches(3.1) * i
        _text(slide, [section_title(key, lang)], MARGIN, top, Inches(6), Inches(0.4), size=14)
        _table(slide, frame, MARGIN, top + Inches(0.45), WIDTH - 2 * MARGIN, Inches(2.4), lang)
