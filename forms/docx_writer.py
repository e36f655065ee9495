"""Fillable Word forms: a ``FormDocument`` drawn as a DOCX with one content control per field.

The document is built for people first: real Title and Heading styles so
screen readers and the navigation pane see its structure, a label and help
line above every box, the protective marking on every page. Each control's
tag is the field name (the contract with the reader) and its alias is the
accessible name. The identity is written twice, as a locked control and as
the custom document property ``PartnerpackForm``.

The styled, A4, header-and-footer base is built once per process and
re-opened for each form, which keeps a form well under 100 ms.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
from typing import Iterator
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from .docx_controls import ContentControl, in_paragraph
from .identity import METADATA_KEY
from .spec import DATE_HINT, FormDocument, FormField, FormTable

FONT = "Arial"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
#: Tables wider than this are drawn on landscape pages.
MAX_PORTRAIT_COLUMNS = 6
INSTRUCTIONS = ("Click the prompt in each white box, such as \u201cClick or tap here to enter text.\u201d, and type "
                "your answer. Answers marked (required) must be given. Write dates as DD/MM/YYYY or pick them from "
                "the calendar. Details in grey boxes are filled in for you. Save the file as a Word document "
                "(.docx) when you have finished.")
#: Column widths in centimetres by widget; text columns share what is left.
_COLUMN_CM = {"date": 2.8, "choice": 3.2, "checkbox": 1.6}
_ROW_HEIGHT = f'<w:trHeight {nsdecls("w")} w:val="454" w:hRule="atLeast"/>'  # 0.8 cm: room to write by hand


# Paragraph styles this writer adds, by name: (size in points, bold, colour, space before, space after).
_STYLES = {
    "Field Label": (11, True, None, 8, 1),
    "Field Help": (9.5, False, "595959", 0, 2),
    "Field Box": (11, False, None, 0, 4),
    "Field Box Read-only": (11, False, None, 0, 4),
    "Field Check": (11, False, None, 8, 1),
    "Table Text": (9.5, False, None, 2, 2),
    "Table Heading": (9.5, True, None, 2, 2),
    "Form Reference": (8.5, False, "595959", 0, 6),
    "Form Marking": (10, True, None, 0, 0),
}
_BOX_BORDER = (f'<w:pBdr {nsdecls("w")}>'
               + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="3" w:color="{{color}}"/>'
                         for side in ("top", "left", "bottom", "right")) + "</w:pBdr>")
# What may follow w:pBdr in a w:pPr (schema order; Word refuses a file with them out of order).
_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                 "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                 "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                 "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                 "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_SHADING = f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{{fill}}"/>'


def render_docx_form(doc: FormDocument) -> bytes:
    """The form as DOCX bytes, ready to write to a file or attach to an e-mail."""
    document = Document(io.BytesIO(_base_docx()))
    writer = _FormWriter(document, doc)
    writer.write()
    _set_properties(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _FormWriter:
    """Draws one FormDocument into an opened copy of the base document."""

    def __init__(self, document: DocxDocument, doc: FormDocument) -> None:
        self.document = document
        self.doc = doc
        self.serials: Iterator[int] = itertools.count(1)
        names = ["Title", "Subtitle", "Heading 1", "Heading 2", "Table Grid", *_STYLES]
        self.style_ids = {name: document.styles[name].style_id for name in names}

    def paragraph(self, text: str = "", style: str = "Normal") -> Paragraph:
        """A new paragraph at the end of the body in ``style``."""
        para = self.document.add_paragraph(text)
        if style != "Normal":
            self.restyle(para, style)
        return para

    def restyle(self, para: Paragraph, style: str) -> None:
        # By id, not python-docx's style setter, which scans every style on each call (10x slower).
        p = para._p
        if p.pPr is None:
            # A new paragraph: its properties are just the style, and come first. Built directly, as
            # python-docx's ordered insert checks some 35 possible neighbours each time.
            properties = OxmlElement("w:pPr")
            properties.append(OxmlElement("w:pStyle", attrs={qn("w:val"): self.style_ids[style]}))
            p.insert(0, properties)
        else:
            p.style = self.style_ids[style]

    def write(self) -> None:
        """Title, introduction, identity, then each section's fields and tables in tab order."""
        doc = self.doc
        wide = any(isinstance(item, FormTable) and len(item.columns) > MAX_PORTRAIT_COLUMNS
                   for part in doc.parts for item in part.items)
        _set_pages(self.document, doc, landscape=wide)
        self.paragraph(doc.title, "Title")
        if doc.subtitle:
            self.paragraph(doc.subtitle, "Subtitle")
        if doc.intro:
            self.paragraph(doc.intro)
        if doc.return_to:
            self._return_to("Please return this form to ")
        self.paragraph(INSTRUCTIONS, "Field Help")
        reference = self.paragraph("Form reference (please do not change): ", "Form Reference")
        self.control(reference, doc.identity_field, doc.identity_field.label)
        for part in doc.parts:
            self.paragraph(part.title, "Heading 1")
            if part.guidance:
                self.paragraph(part.guidance, "Field Help")
            for item in part.items:
                if isinstance(item, FormTable):
                    self.table(item, part.title)
                else:
                    self.field(item)
        if doc.return_to:
            self._return_to("When you have finished, save this file and send it to ")

    def _return_to(self, lead: str) -> None:
        para = self.paragraph(lead)
        para.add_run(self.doc.return_to).bold = True
        para.add_run(".")

    def control(self, paragraph: Paragraph, field: FormField, alias: str, *, in_table: bool = False) -> None:
        """Append ``field``'s content control, inside its name bookmark, to ``paragraph``."""
        control = ContentControl(
            kind=field.widget, tag=field.name, alias=alias, value=field.value,
            choices=field.choice_labels if field.widget == "choice" else (), locked=field.read_only,
            short_prompt=in_table,
        )
        holder = parse_xml(in_paragraph(control.xml(next(self.serials))))
        paragraph._p.extend(list(holder))

    def field(self, field: FormField) -> None:
        """A label, a line of help and a box; or, for a tick box, the box with its label beside it."""
        if field.widget == "checkbox":
            para = self.paragraph(style="Field Check")
            self.control(para, field, field.label)
            para.add_run("\t" + field.label)
            if field.required:
                para.add_run(" (required)")
            if field.help:
                self.paragraph(field.help, "Field Help").paragraph_format.left_indent = Cm(0.75)
            return
        label = self.paragraph(style="Field Label")
        label.add_run(field.label)
        if field.widget == "date":
            label.add_run(f" ({DATE_HINT})").bold = False
        if field.required and not field.read_only:
            label.add_run(" (required)").bold = False
        if field.help:
            self.paragraph(field.help, "Field Help")
        box_style = "Field Box Read-only" if field.read_only else "Field Box"
        self.control(self.paragraph(style=box_style), field, field.label)
        # Empty paragraphs in the same bordered style join the box, giving room to write.
        for _ in range(min(field.lines, 6) - 1 if field.widget == "multiline" and not field.read_only else 0):
            self.paragraph(style=box_style)

    def table(self, table: FormTable, part_title: str) -> None:
        """A grid with a heading row that repeats on each page and one control in every cell."""
        if table.label != part_title:
            self.paragraph(table.label, "Heading 2")
        if table.help:
            self.paragraph(table.help, "Field Help")
        grid: Table = self.document.add_table(rows=len(table.rows) + 1, cols=len(table.columns))
        grid._tbl.tblPr.style = self.style_ids["Table Grid"]
        grid.autofit = False  # fixed widths: Word would otherwise squeeze the empty columns
        widths = _column_widths(table, self.document.sections[0])
        for column, width in zip(grid.columns, widths):
            column.width = width
        header = grid.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # headings repeat on every page
        for cell, column, width in zip(header.cells, table.columns, widths):
            cell.width = width
            self.restyle(cell.paragraphs[0], "Table Heading")
            cell.paragraphs[0].add_run(column.label)
            cell._tc.get_or_add_tcPr().append(parse_xml(_SHADING.format(fill="E7E6E6")))
        for number, (row, fields) in enumerate(zip(grid.rows[1:], table.rows), start=1):
            row._tr.get_or_add_trPr().append(parse_xml(_ROW_HEIGHT))
            for cell, field, column, width in zip(row.cells, fields, table.columns, widths):
                cell.width = width
                para = cell.paragraphs[0]
                self.restyle(para, "Table Text")
                self.control(para, field, f"{column.label}, row {number}", in_table=True)
        self.paragraph(style="Table Text")  # keeps the next label from touching the table


def _column_widths(table: FormTable, section: Section) -> list[Length]:
    """Narrow columns for dates, choices and ticks; text columns share the rest of the line."""
    usable = section.page_width - section.left_margin - section.right_margin
    fixed = [Cm(_COLUMN_CM[c.widget]) if c.widget in _COLUMN_CM else None for c in table.columns]
    flexible = sum(1 for f in fixed if f is None)
    spare = usable - sum(f for f in fixed if f is not None)
    share = Emu(int(spare / flexible)) if flexible else None
    if share is None or share < Cm(2.0):  # too many narrow columns: fall back to equal shares
        return [Emu(int(usable / len(fixed)))] * len(fixed)
    return [f if f is not None else share for f in fixed]


def _set_properties(document: DocxDocument, doc: FormDocument) -> None:
    """Core properties (title, author, language) and the identity as a custom property."""
    core = document.core_properties
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    identity = doc.identity
    core.title = doc.title
    core.subject = f"{doc.title}: meeting {identity.meeting_id}, partner {identity.partner_id}"
    core.author = core.last_modified_by = "partnerpack"
    core.language = "en-GB"
    core.keywords = f"partnerpack {identity.form_type} {identity.form_id}"
    core.created = core.modified = now
    core.revision = 1
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
           f'name="{METADATA_KEY}"><vt:lpwstr>{escape(identity.encode())}</vt:lpwstr></property></Properties>')
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _set_pages(document: DocxDocument, doc: FormDocument, *, landscape: bool) -> None:
    """Orientation, and this form's marking and title in the base's header and footer."""
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.header.paragraphs[0].text = doc.protective_marking
    marking, pages = section.footer.paragraphs[:2]
    marking.text = doc.protective_marking
    pages.runs[0].text = f"{doc.title} \u00b7 Page "


# --- the base document, built once per process ----------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _base_docx() -> bytes:
    """A4 pages, the styles the forms use, and a marked header and numbered footer, as DOCX bytes."""
    document = Document()
    # Leave out what python-docx's template carries but a form does not need: a picture of a blank page,
    # a Word 2010 copy of the styles, and some 150 table styles (each slows every style look-up).
    unwanted = ((document.part.package.rels, RT.THUMBNAIL), (document.part.rels, _STYLES_WITH_EFFECTS))
    for rels, reltype in unwanted:
        for rel_id, rel in list(rels.items()):
            if rel.reltype == reltype:
                rels.pop(rel_id)
    for style in document.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in ("TableNormal", "TableGrid"):
            document.styles.element.remove(style)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    _base_styles(document)
    header = section.header.paragraphs[0]
    header.style = document.styles["Form Marking"]
    marking, pages = section.footer.paragraphs[0], section.footer.add_paragraph()
    marking.style = document.styles["Form Marking"]
    pages.style = document.styles["Form Reference"]
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pages.add_run("Page ")
    pages._p.extend(_page_fields())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_fields() -> list[BaseOxmlElement]:
    """"1 of 3": PAGE and NUMPAGES fields, which Word and LibreOffice update as they lay out the pages."""
    w = nsdecls("w")
    return [parse_xml(f'<w:fldSimple {w} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'),
            parse_xml(f'<w:r {w}><w:t xml:space="preserve"> of </w:t></w:r>'),
            parse_xml(f'<w:fldSimple {w} w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>')]


def _use_font(style: BaseStyle, name: str = FONT) -> None:
    """Set a style's font outright: theme font attributes would otherwise win over a named font."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), name)


def _base_styles(document: DocxDocument) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):  # spelling and grammar in British English
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "en-GB")
    normal = styles["Normal"]
    _use_font(normal)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size, before, after in (("Title", 22, 0, 6), ("Subtitle", 13, 0, 10), ("Heading 1", 15, 18, 4),
                                      ("Heading 2", 12.5, 12, 3)):
        style = styles[name]
        _use_font(style)
        style.font.size = Pt(size)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
    subtitle_pr = styles["Subtitle"].element.pPr
    for numbering in subtitle_pr.findall(qn("w:numPr")):  # the template numbers its subtitle for no reason
        subtitle_pr.remove(numbering)
    for name, (size, bold, colour, before, after) in _STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = False
        style.font.size, style.font.bold = Pt(size), bold
        if colour:
            style.font.color.rgb = RGBColor.from_string(colour)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    for name in ("Field Label", "Field Help", "Field Check"):
        styles[name].paragraph_format.keep_with_next = True
    styles["Form Marking"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    check = styles["Field Check"].paragraph_format
    check.left_indent, check.first_line_indent = Cm(0.75), Cm(-0.75)
    check.tab_stops.add_tab_stop(Cm(0.75))
    for name, fill, colour in (("Field Box", "FFFFFF", "767676"), ("Field Box Read-only", "EDEDED", "BFBFBF")):
        ppr = styles[name].element.get_or_add_pPr()
        ppr.insert_element_before(parse_xml(_BOX_BORDER.replace("{color}", colour)), *_AFTER_BORDER)
        ppr.insert_element_before(parse_xml(_SHADING.format(fill=fill)), *_AFTER_BORDER[1:])
        styles[name].paragraph_format.left_indent = styles[name].paragraph_format.right_indent = Pt(4)
    for name in ("Table Text", "Table Heading"):
        styles[name].paragraph_format.line_spacing = 1.0
    placeholder = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.element.set(qn("w:styleId"), "PlaceholderText")
    placeholder.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
