"""Filling our forms the way other software does, for the demo, the tests and the benchmarks.

``fill_pdf`` uses pypdf, a different library from the reportlab writer that
drew the form, so a filled PDF exercises the reader the way a partner's
viewer would. ``fill_docx`` edits document.xml as Word records typing,
ticking and picking in content controls.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Mapping

from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from .docx_controls import control_bookmark, control_tag

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _on_state(widget: object) -> str:
    """The name a check box uses for 'ticked' (often /Yes; Acrobat lets authors choose)."""
    appearances = widget.get("/AP", {}).get("/N", {})  # type: ignore[union-attr]
    names = [name for name in appearances.keys() if name != "/Off"]
    return names[0] if names else "/Yes"


def fill_pdf(data: bytes, values: Mapping[str, str | bool]) -> bytes:
    """The PDF form with ``values`` typed in (text and drop-down labels) and boxes ticked (True)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        texts: dict[str, str] = {}
        for annotation in page.get("/Annots", []) or []:
            widget = annotation.get_object()
            name = widget.get("/T") or widget.get("/Parent", {}).get("/T")
            if name not in values:
                continue
            value = values[name]
            if isinstance(value, bool):
                state = NameObject(_on_state(widget) if value else "/Off")
                target = widget if "/T" in widget else widget["/Parent"].get_object()
                target[NameObject("/V")] = state
                widget[NameObject("/AS")] = state
            else:
                texts[str(name)] = value
        if texts:
            writer.update_page_form_field_values(page, texts, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _controls(root: etree._Element) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for sdt in root.iter(_w("sdt")):
        name = control_tag(sdt) or control_bookmark(sdt)
        if name and name not in found:
            found[name] = sdt
    return found


def _type_text(content: etree._Element, text: str) -> None:
    """Replace a control's content with ``text`` as Word stores typing (runs, w:br for new lines)."""
    paragraphs = content.findall(_w("p"))
    holder = content
    if paragraphs:  # a block-level control: keep one paragraph with its formatting
        first = paragraphs[0]
        for extra in paragraphs[1:]:
            content.remove(extra)
        for child in list(first):
            if child.tag != _w("pPr"):
                first.remove(child)
        holder = first
    else:
        for child in list(content):
            content.remove(child)
    run = etree.SubElement(holder, _w("r"))
    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, _w("br"))
        piece = etree.SubElement(run, _w("t"))
        piece.text = line
        piece.set(_SPACE, "preserve")


def fill_docx(data: bytes, values: Mapping[str, str | bool]) -> bytes:
    """The DOCX form with ``values`` typed, ticked (True) and picked, as Word would save it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(source.read("word/document.xml"))
    controls = _controls(root)
    for name, value in values.items():
        control = controls.get(name)
        if control is None:
            continue
        props, content = control.find(_w("sdtPr")), control.find(_w("sdtContent"))
        box = props.find(f"{{{W14}}}checkbox")
        if box is not None:
            box.find(f"{{{W14}}}checked").set(f"{{{W14}}}val", "1" if value else "0")
            glyph = content.find(f".//{_w('t')}")
            if glyph is not None:
                glyph.text = "\u2612" if value else "\u2610"
            continue
        for placeholder in props.findall(_w("showingPlcHdr")):
            props.remove(placeholder)
        date = props.find(_w("date"))
        if date is not None:
            day = dt.datetime.strptime(str(value), "%d/%m/%Y")
            date.set(_w("fullDate"), day.strftime("%Y-%m-%dT00:00:00Z"))
        drop_down = props.find(_w("dropDownList"))
        if drop_down is not None:
            drop_down.set(_w("lastValue"), str(value))
        _type_text(content, str(value))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, blob if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()
