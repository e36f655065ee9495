"""Building blocks the template builders share: headings, marked-up paragraphs, tables and boxes.

Text may carry ``**strong**`` markup (drawn with Word's Strong character
style) and docxtpl tags; a paragraph or row holding only a ``{%p %}`` or
``{%tr %}`` tag is removed by docxtpl when the template is rendered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence, Union

from docx.document import Document as WordDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .house_style import BOX, CELL, CELL_HEADING, CELL_LABEL, DETAILS, TABLE, text_width

Container = Union[WordDocument, _Cell]
#: What goes in a table cell: one paragraph of text, or (style name, text) pairs, one per paragraph.
CellContent = Union[str, Sequence[tuple[str, str]]]

_STRONG = re.compile(r"\*\*(.+?)\*\*")


def para(container: Container, text: str = "", style: str | None = None) -> Paragraph:
    """Add a paragraph, drawing ``**words**`` in the Strong character style."""
    paragraph = container.add_paragraph(style=style)
    _write_runs(paragraph, text)
    return paragraph


def _write_runs(paragraph: Paragraph, text: str) -> None:
    position = 0
    for match in _STRONG.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position:match.start()])
        paragraph.add_run(match.group(1), style="Strong")
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def heading(document: WordDocument, text: str, level: int = 1) -> Paragraph:
    """A Heading 1 or Heading 2 paragraph."""
    return para(document, text, style=f"Heading {level}")


def bullets(container: Container, items: Sequence[str], style: str = "List Bullet", *,
            keep_together: bool = False) -> None:
    """One bulleted paragraph per item; ``keep_together`` stops a short list splitting across pages."""
    for number, item in enumerate(items, start=1):
        paragraph = para(container, item, style=style)
        if keep_together and number < len(items):
            paragraph.paragraph_format.keep_with_next = True


def tag(container: Container, jinja: str) -> Paragraph:
    """A paragraph holding only a docxtpl paragraph tag, e.g. ``{%p if meeting.purpose %}``."""
    return container.add_paragraph(jinja)


def fill(cell: _Cell, content: CellContent, style: str = CELL) -> None:
    """Write text into a cell, replacing the empty paragraph every new cell starts with."""
    pieces = [(style, content)] if isinstance(content, str) else list(content)
    first = cell.paragraphs[0]
    for index, (piece_style, text) in enumerate(pieces):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.style = piece_style
        _write_runs(paragraph, text)


def set_widths(document: WordDocument, table: Table, weights: Sequence[float]) -> None:
    """Fix column widths as shares of the text width, so Word and LibreOffice lay them out alike."""
    total = text_width(document)
    widths = [int(total * weight / sum(weights)) for weight in weights]
    table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    width = table._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(widths) // 635))
    for column, size in zip(table.columns, widths):
        column.width = size
    for row in table.rows:
        for cell, size in zip(row.cells, widths):
            cell.width = size


def _look(table: Table, *, first_row: bool, first_column: bool, banded: bool) -> None:
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    flags = {"firstRow": first_row, "firstColumn": first_column, "lastRow": False, "lastColumn": False,
             "noHBand": not banded, "noVBand": True}
    bits = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100, "noHBand": 0x200,
            "noVBand": 0x400}
    for name, on in flags.items():
        look.set(qn(f"w:{name}"), "1" if on else "0")
    look.set(qn("w:val"), f"{sum(bits[name] for name, on in flags.items() if on):04X}")  # for Word 2007


def repeat_header(row: object) -> None:
    """Repeat a table's heading row at the top of each page it runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def keep_row_together(row: object) -> None:
    """Stop Word splitting one row across two pages."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def min_height(row: object, height_mm: float) -> None:
    """Give a row room to write in."""
    row.height = Mm(height_mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def tag_row(table: Table, jinja: str) -> None:
    """A row holding only a docxtpl row tag; docxtpl removes the whole row when rendering."""
    row = table.add_row()
    fill(row.cells[0], jinja)


@dataclass(frozen=True)
class Detail:
    """One line of a label/value table; ``when`` is a Jinja test that hides the line if false."""

    label: str
    value: str
    when: str | None = None


def details(document: WordDocument, rows: Sequence[Detail], weights: Sequence[float] = (1, 3)) -> Table:
    """A two-column label/value table in the Pack Details style (labels tinted on the left)."""
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles[DETAILS]
    for detail in rows:
        if detail.when:
            tag_row(table, f"{{%tr if {detail.when} %}}")
        row = table.add_row()
        fill(row.cells[0], detail.label, style=CELL_LABEL)
        fill(row.cells[1], detail.value)
        keep_row_together(row)
        if not detail.value:
            min_height(row, 7.5)
        if detail.when:
            tag_row(table, "{%tr endif %}")
    _look(table, first_row=False, first_column=True, banded=False)
    set_widths(document, table, weights)
    return table


def grid(document: WordDocument, headings: Sequence[str], weights: Sequence[float], *,
         loop: str | None = None, cells: Sequence[CellContent] = (), blank_rows: int = 0,
         row_height_mm: float | None = None, centred: Sequence[int] = ()) -> Table:
    """A Pack Table: a heading row, then a ``{%tr for %}`` row from ``loop`` and/or blank rows to fill in.

    ``centred`` lists column numbers whose cells are centred (tick boxes, times).
    """
    table = document.add_table(rows=1, cols=len(headings))
    table.style = document.styles[TABLE]
    for number, (cell, text) in enumerate(zip(table.rows[0].cells, headings)):
        fill(cell, text, style=CELL_HEADING)
        if number in centred:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    repeat_header(table.rows[0])
    if loop:
        tag_row(table, f"{{%tr for {loop} %}}")
    for _ in range(1 if loop else 0):
        add_row(table, cells, row_height_mm=row_height_mm, centred=centred)
    if loop:
        tag_row(table, "{%tr endfor %}")
    for _ in range(blank_rows):
        add_row(table, [""] * len(headings), row_height_mm=row_height_mm, centred=centred)
    _look(table, first_row=True, first_column=False, banded=True)
    set_widths(document, table, weights)
    return table


def add_row(table: Table, cells: Sequence[CellContent], *, row_height_mm: float | None = None,
            centred: Sequence[int] = ()) -> None:
    """A plain row at the end of a table; new cells take their widths from the table's grid."""
    row = table.add_row()
    keep_row_together(row)
    for number, (cell, content) in enumerate(zip(row.cells, cells)):
        fill(cell, content)
        if number in centred:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if row_height_mm:
        min_height(row, row_height_mm)


def answer_box(document: WordDocument, height_mm: float, text: str = "") -> Table:
    """A bordered space to type or write an answer in, optionally pre-filled."""
    table = document.add_table(rows=1, cols=1)
    table.style = document.styles[BOX]
    fill(table.rows[0].cells[0], text)
    min_height(table.rows[0], height_mm)
    _look(table, first_row=False, first_column=False, banded=False)
    set_widths(document, table, [1])
    document.add_paragraph().paragraph_format.space_after = 0
    return table


def spacer(document: WordDocument) -> None:
    """A small gap after a table, so the next heading does not touch it."""
    document.add_paragraph().paragraph_format.space_after = 0
