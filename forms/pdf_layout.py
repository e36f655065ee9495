"""The flowing content of a PDF form: title, sections, labelled fields and tables, as platypus flowables.

Everything here is laid out in tab order: fields are placed left to right,
then top to bottom, in the order ``FormDocument.fields()`` gives them, so the
visual order, the /Annots order and the reading order agree.
"""
from __future__ import annotations

import math
from typing import Iterator, Sequence, Union
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .pdf_fields import FieldBox, natural_width
from .spec import DATE_HINT, FormDocument, FormField, FormPart, FormTable

INK = Color(0.10, 0.10, 0.12)
ACCENT = Color(0.05, 0.23, 0.42)
QUIET = Color(0.35, 0.37, 0.40)
RULE = Color(0.75, 0.78, 0.82)
HEADER_FILL = Color(0.90, 0.92, 0.95)

#: A run of fields is set two to a row when each is short enough to share a line.
HALF_WIDTH_MAX_LENGTH = 160
#: Tables wider than this are set as one block per row, as their cells would be too narrow to type in.
MAX_TABLE_COLUMNS = 6
#: A table with more rows than this may start on one page and go on to the next, but only
#: where there is room for its heading and a few rows first.
MAX_KEPT_ROWS = 12
TABLE_START_ROOM = 170
GUTTER = 14
CELL_FONT = 8
FIELD_FONT_SIZE = 10

TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=19, leading=23, textColor=ACCENT)
SUBTITLE = ParagraphStyle("subtitle", fontName="Helvetica", fontSize=12, leading=16, textColor=QUIET,
                          spaceBefore=2)
INTRO = ParagraphStyle("intro", fontName="Helvetica", fontSize=10, leading=13.5, textColor=INK, spaceBefore=8)
HEADING = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=13, leading=16, textColor=ACCENT,
                         spaceBefore=14, spaceAfter=2)
GUIDANCE = ParagraphStyle("guidance", fontName="Helvetica-Oblique", fontSize=9, leading=11.5, textColor=QUIET,
                          spaceAfter=4)
LABEL = ParagraphStyle("label", fontName="Helvetica-Bold", fontSize=9.5, leading=12, textColor=INK)
HELP = ParagraphStyle("help", fontName="Helvetica", fontSize=8, leading=10, textColor=QUIET)
COLUMN = ParagraphStyle("column", fontName="Helvetica-Bold", fontSize=8, leading=9.5, textColor=INK)
SMALL = ParagraphStyle("small", fontName="Helvetica", fontSize=7.5, leading=9, textColor=QUIET)
CLOSING = ParagraphStyle("closing", parent=INTRO, spaceBefore=16)

Item = Union[FormField, FormTable]
Group = list[Flowable]  # flowables that must stay on one page together


def form_story(doc: FormDocument, width: float) -> list[Flowable]:
    """Every flowable of ``doc`` in reading (and tab) order, for a frame ``width`` points wide."""
    story: list[Flowable] = [Paragraph(escape(doc.title), TITLE)]
    if doc.subtitle:
        story.append(Paragraph(escape(doc.subtitle), SUBTITLE))
    if doc.intro:
        story.append(Paragraph(escape(doc.intro), INTRO))
    story.append(_office_use(doc.identity_field, width))
    for part in doc.parts:
        story.extend(_part(part, width))
    if doc.return_to:
        story.append(Paragraph("When you have finished, save the form and return it to "
                               f"<b>{escape(doc.return_to)}</b>.", CLOSING))
    return story


def _office_use(identity: FormField, width: float) -> Flowable:
    """A small grey line near the top that carries the read-only identity field (first in tab order)."""
    caption = "For office use: form reference"
    caption_width = stringWidth(caption, SMALL.fontName, SMALL.fontSize) + 8
    table = Table([[Paragraph(caption, SMALL), FieldBox(identity, font_size=7)]],
                  colWidths=[caption_width, width - caption_width])
    table.setStyle(_plain_grid(valign="MIDDLE"))
    table.spaceBefore = 8
    return table


def _part(part: FormPart, width: float) -> Iterator[Flowable]:
    """A section: its heading and guidance kept on the page with its first block of fields."""
    opening: Group = [Paragraph(escape(part.title), HEADING), _Rule(width)]
    if part.guidance:
        opening.append(Paragraph(escape(part.guidance), GUIDANCE))
    groups = [group for run in _runs(part.items) for group in _run(run, width, bool(part.guidance))]
    first, *rest = groups or [[]]
    if first and isinstance(first[0], CondPageBreak):
        first = [first[0], *opening, *first[1:]]
    else:
        first = opening + first
    for group in (first, *rest):
        if isinstance(group[0], CondPageBreak):  # too long to keep together: it flows, starting with room
            yield from group
        else:
            yield KeepTogether(group)


def _runs(items: Sequence[Item]) -> Iterator[list[Item]]:
    """Consecutive items that share a layout: short fields, tick boxes, or one item on its own."""
    run: list[Item] = []
    for item in items:
        kind = _layout_kind(item)
        if run and (kind == "alone" or kind != _layout_kind(run[0])):
            yield run
            run = []
        run.append(item)
        if kind == "alone":
            yield run
            run = []
    if run:
        yield run


def _layout_kind(item: Item) -> str:
    if isinstance(item, FormTable) or item.widget == "multiline":
        return "alone"
    if item.widget == "checkbox":
        return "ticks"
    if item.widget == "text" and (item.max_length or 10_000) > HALF_WIDTH_MAX_LENGTH:
        return "alone"
    return "short"


def _run(run: list[Item], width: float, has_guidance: bool) -> list[Group]:
    first = run[0]
    if isinstance(first, FormTable):
        return _table(first, width)
    fields: list[FormField] = run  # type: ignore[assignment]
    # Help repeated word for word on every field of a run (e.g. "Rate 1 to 4") says what the
    # section guidance already says; it stays in each tooltip but is not printed again and again.
    show_help = not (has_guidance and len(fields) > 1 and len({f.help for f in fields}) == 1)
    if first.widget == "checkbox":
        return _tick_rows(fields, width, show_help)
    if _layout_kind(first) == "alone":
        return [[*_labelled(first), FieldBox(first, FIELD_FONT_SIZE), Spacer(0, 7)]]
    return _pairs(fields, width, show_help)


def _labelled(field: FormField, style: ParagraphStyle = LABEL, show_help: bool = True) -> Group:
    """The label (with required marker and date format) and, for fields to fill in, the help line."""
    text = f"{escape(field.label)}"
    if field.required and not field.read_only:
        text += ' <font name="Helvetica" color="#8a1c1c">(required)</font>'
    show_help = show_help and bool(field.help) and not field.read_only
    if field.widget == "date" and not (show_help and DATE_HINT in field.help):
        text += f' <font name="Helvetica" color="#595e66">{DATE_HINT}</font>'
    parts: Group = [Paragraph(text, style)]
    if show_help:
        parts.append(Paragraph(escape(field.help), HELP))
    parts.append(Spacer(0, 2))
    return parts


def _pairs(fields: list[FormField], width: float, show_help: bool) -> list[Group]:
    """Short fields two to a row, their boxes level so the row reads (and tabs) left to right."""
    column = (width - GUTTER) / 2
    groups = []
    for start in range(0, len(fields), 2):
        cells = [[*_labelled(f, show_help=show_help), FieldBox(f, FIELD_FONT_SIZE)] for f in fields[start:start + 2]]
        if len(cells) == 1:
            cells.append([])
        table = Table([cells], colWidths=[column + GUTTER, column])
        table.setStyle(_plain_grid(valign="BOTTOM", gutter=GUTTER))
        groups.append([table, Spacer(0, 7)])
    return groups


def _tick_rows(fields: list[FormField], width: float, show_help: bool) -> list[Group]:
    """Tick boxes two to a row, each with its label to the right."""
    box = FieldBox(fields[0], FIELD_FONT_SIZE).height + 6
    column = (width - 2 * box - GUTTER) / 2
    rows = []
    for start in range(0, len(fields), 2):
        row: list[object] = []
        for field in fields[start:start + 2]:
            text: list[Flowable] = [Paragraph(escape(field.label), LABEL)]
            if show_help and field.help:
                text.append(Paragraph(escape(field.help), HELP))
            row += [FieldBox(field, FIELD_FONT_SIZE), text]
        rows.append(row + [""] * (4 - len(row)))
    table = Table(rows, colWidths=[box, column + GUTTER, box, column])
    table.setStyle(_plain_grid(valign="TOP", gutter=GUTTER, gutter_column=1, bottom_pad=6))
    return [[table, Spacer(0, 3)]]


def _table(table: FormTable, width: float) -> list[Group]:
    """A repeated group: a real table when its columns fit, otherwise one block per row."""
    intro: Group = [Paragraph(escape(table.label), LABEL)]
    if table.help:
        intro.append(Paragraph(escape(table.help), HELP))
    intro.append(Spacer(0, 3))
    if len(table.columns) > MAX_TABLE_COLUMNS:
        blocks = [_row_block(f"{table.label}: row {n}", row, width) for n, row in enumerate(table.rows, start=1)]
        return [intro + blocks[:1], *([block] for block in blocks[1:])]
    number_width = 14
    widths = _column_widths(table, width - number_width)
    header = [""] + [Paragraph(_column_heading(c.label, c.widget), COLUMN) for c in table.columns]
    body = [[Paragraph(str(n), SMALL)] + [FieldBox(f, CELL_FONT) for f in row]
            for n, row in enumerate(table.rows, start=1)]
    grid = Table([header, *body], colWidths=[number_width, *widths], repeatRows=1)
    grid.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    if len(body) <= MAX_KEPT_ROWS:
        return [[*intro, grid, Spacer(0, 8)]]
    return [[CondPageBreak(TABLE_START_ROOM), *intro, grid, Spacer(0, 8)]]


def _column_heading(label: str, widget: str) -> str:
    text = escape(label)
    if widget == "date":
        text += f'<br/><font name="Helvetica" size="7">{DATE_HINT}</font>'
    return text


def _column_widths(table: FormTable, width: float) -> list[float]:
    """Dates and drop-downs as wide as their content; text columns share the rest by how much they hold."""
    sample = table.rows[0]
    fixed = [natural_width(f, CELL_FONT) for f in sample]
    fixed = [None if w is None else w + 4 for w in fixed]
    weights = [0.0 if w is not None else math.sqrt(min(f.max_length or 300, 300)) for w, f in zip(fixed, sample)]
    spare = max(width - sum(w for w in fixed if w is not None), 0)
    share = spare / (sum(weights) or 1)
    return [w if w is not None else weight * share for w, weight in zip(fixed, weights)]


def _row_block(title: str, row: list[FormField], width: float) -> Flowable:
    """One row of a wide table as a boxed block: its cells three to a line, each with its heading."""
    per_line = 3
    column = width / per_line
    lines = []
    for start in range(0, len(row), per_line):
        cells: list[object] = [[*_labelled(f, COLUMN, show_help=False), FieldBox(f, CELL_FONT)]
                               for f in row[start:start + per_line]]
        lines.append(cells + [""] * (per_line - len(cells)))
    grid = Table([[Paragraph(escape(title), COLUMN), "", ""], *lines], colWidths=[column] * per_line)
    grid.setStyle(TableStyle([
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    grid.spaceAfter = 6
    return grid


def _plain_grid(valign: str, gutter: float = 0, gutter_column: int = 0, bottom_pad: float = 0) -> TableStyle:
    """A table used only to place things side by side: no lines, a gutter right of ``gutter_column``."""
    return TableStyle([
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (gutter_column, 0), (gutter_column, -1), gutter),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom_pad),
    ])


class _Rule(Flowable):
    """A thin line under a section heading."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 5

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 3, self.width, 3)
