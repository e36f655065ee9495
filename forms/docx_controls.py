"""The WordprocessingML of Word content controls (``w:sdt``), kept in one place.

Like python-docx's ``oxml`` package, this module knows the XML and nothing
else. The writer asks for "a date control tagged ``completed_on``" and gets
XML to drop into a paragraph; the reader asks what a saved ``w:sdt`` is
called and holds. It imports lxml only, so reading never loads python-docx.

Three choices exist to survive LibreOffice 7.4, which drops ``w:tag`` and
``w:lock`` when it re-saves a DOCX:

- every control sits inside a bookmark named after its field; LibreOffice
  keeps bookmarks, so the reader can still name the control;
- multi-line fields (and pre-filled values holding a line break) are
  rich-text controls: LibreOffice moves the line breaks out of a plain-text
  control and runs the lines together;
- check boxes carry no ``w:id``: with one, LibreOffice wraps the box and
  every paragraph after it in a stray block-level control.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DECLS = f'xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"'

#: What Word shows in an empty control; forms/mapping.py also treats these as blank.
TEXT_PLACEHOLDER = "Click or tap here to enter text."
DATE_PLACEHOLDER = "Click or tap to enter a date."
CHOICE_PLACEHOLDER = "Choose an item."
#: Shorter prompts for narrow table cells, where Word's own would wrap onto three lines.
SHORT_PLACEHOLDERS = {"text": "Enter text", "multiline": "Enter text", "date": "DD/MM/YYYY", "choice": "Select"}
PLACEHOLDERS = frozenset({TEXT_PLACEHOLDER, DATE_PLACEHOLDER, CHOICE_PLACEHOLDER, *SHORT_PLACEHOLDERS.values()})
CHECKED_GLYPH = "\u2612"  # ☒
UNCHECKED_GLYPH = "\u2610"  # ☐
CHECKBOX_FONT = "MS Gothic"
WORD_DATE_FORMAT = "dd/MM/yyyy"
PLACEHOLDER_STYLE = "PlaceholderText"  # the character style Word uses for placeholder text

KINDS = ("text", "multiline", "date", "choice", "checkbox")

# Characters XML 1.0 forbids; a pasted value must never make the file unopenable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Word's rule for bookmark names: a letter first, then letters, digits or underscores, 40 at most.
_BOOKMARK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_ID_BASE = 0x1A2B0000  # Word numbers its controls with large ids; keep ours clear of small numbers


def w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute, e.g. ``w("tag")``."""
    return f"{{{W_NS}}}{tag}"


def w14(tag: str) -> str:
    """Clark name of a ``w14:`` element or attribute (Word 2010 check boxes)."""
    return f"{{{W14_NS}}}{tag}"


# --- writing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentControl:
    """One content control to draw: its kind, tag (field name), alias (accessible name) and value.

    ``value`` None or "" draws Word's placeholder text; for a check box it is
    the ticked state. ``choices`` are the drop-down's labels, shown and stored
    alike. ``locked`` stops the content being edited or the control deleted.
    ``short_prompt`` swaps Word's placeholder for a shorter one, for table cells.
    """

    kind: str
    tag: str
    alias: str
    value: str | bool | None = None
    choices: Sequence[str] = ()
    locked: bool = False
    short_prompt: bool = False

    def xml(self, serial: int, *, bookmark: bool = True) -> str:
        """The run-level ``<w:sdt>`` as XML for a ``<w:p>``, inside a bookmark named after the tag.

        ``serial``, unique within the document, numbers the control and its
        bookmark, so the same form always gives the same XML. A tag Word
        would not accept as a bookmark name gets no bookmark. The XML
        declares no namespaces: parse it inside ``in_paragraph()``.
        """
        if self.kind not in KINDS:
            raise ValueError(f"unknown content control kind {self.kind!r}")
        sdt = _checkbox_xml(self) if self.kind == "checkbox" else _text_like_xml(self, serial)
        if not bookmark or not _BOOKMARK_NAME.match(self.tag):
            return sdt
        return (f'<w:bookmarkStart w:id="{serial}" w:name="{self.tag}"/>{sdt}'
                f'<w:bookmarkEnd w:id="{serial}"/>')


def in_paragraph(fragment: str, paragraph_props: str = "") -> str:
    """A whole ``<w:p>`` holding run-level XML, with the namespaces the fragments here need."""
    return f"<w:p {DECLS}>{paragraph_props}{fragment}</w:p>"


def clean_text(text: str) -> str:
    """``text`` with line endings unified and characters XML cannot hold removed."""
    return _XML_ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def runs_xml(text: str, style: str | None = None) -> str:
    """One run holding ``text``, with ``w:br`` for line breaks and ``w:tab`` for tabs, as Word types them."""
    pieces = []
    for index, line in enumerate(clean_text(text).split("\n")):
        if index:
            pieces.append("<w:br/>")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                pieces.append("<w:tab/>")
            if part:
                pieces.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return f"<w:r>{_rpr(style)}{''.join(pieces)}</w:r>"


def _rpr(style: str | None, fonts: str = "") -> str:
    inner = (f"<w:rStyle w:val={quoteattr(style)}/>" if style else "") + fonts
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def _sdt(control: ContentControl, type_and_state: str, content: str, *, rpr: str = "",
         serial: int | None = None) -> str:
    ident = f'<w:id w:val="{_ID_BASE + serial}"/>' if serial is not None else ""
    lock = '<w:lock w:val="sdtContentLocked"/>' if control.locked else ""
    return (f"<w:sdt><w:sdtPr>{rpr}<w:alias w:val={quoteattr(clean_text(control.alias))}/>"
            f"<w:tag w:val={quoteattr(control.tag)}/>{ident}{lock}{type_and_state}"
            f"</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>")


def _text_like_xml(control: ContentControl, serial: int) -> str:
    text = "" if control.value is None or isinstance(control.value, bool) else clean_text(str(control.value))
    empty = not text.strip()
    placeholder = {"date": DATE_PLACEHOLDER, "choice": CHOICE_PLACEHOLDER}.get(control.kind, TEXT_PLACEHOLDER)
    if control.short_prompt:
        placeholder = SHORT_PLACEHOLDERS[control.kind]
    type_xml = {
        # A pre-filled value with a line break goes in a rich-text control for the same reason as multi-line.
        "text": "<w:richText/>" if "\n" in text else "<w:text/>",
        "multiline": "<w:richText/>",  # not <w:text w:multiLine>: see the module docstring
        "date": _date_xml(text),
        "choice": _dropdown_xml(control.choices, text),
    }[control.kind]
    content = runs_xml(placeholder, PLACEHOLDER_STYLE) if empty else runs_xml(text)
    return _sdt(control, ("<w:showingPlcHdr/>" if empty else "") + type_xml, content, serial=serial)


def _date_xml(text: str) -> str:
    full = ""
    try:
        day = dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
        full = f' w:fullDate="{day.isoformat()}T00:00:00Z"'
    except ValueError:
        pass
    return (f'<w:date{full}><w:dateFormat w:val="{WORD_DATE_FORMAT}"/><w:lid w:val="en-GB"/>'
            '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>')


def _dropdown_xml(choices: Sequence[str], text: str) -> str:
    labels = [clean_text(c) for c in choices if c]
    if text and text not in labels:  # a pre-filled value outside the list is still offered
        labels.append(text)
    items = [f'<w:listItem w:displayText="{CHOICE_PLACEHOLDER}" w:value=""/>']  # Word's "nothing chosen"
    items += [f"<w:listItem w:displayText={quoteattr(label)} w:value={quoteattr(label)}/>" for label in labels]
    return f"<w:dropDownList>{''.join(items)}</w:dropDownList>"


def _checkbox_xml(control: ContentControl) -> str:
    checked = control.value is True
    fonts = (f'<w:rFonts w:ascii="{CHECKBOX_FONT}" w:eastAsia="{CHECKBOX_FONT}" '
             f'w:hAnsi="{CHECKBOX_FONT}" w:hint="eastAsia"/>')
    state = (f'<w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
             f'<w14:checkedState w14:val="2612" w14:font="{CHECKBOX_FONT}"/>'
             f'<w14:uncheckedState w14:val="2610" w14:font="{CHECKBOX_FONT}"/></w14:checkbox>')
    glyph = CHECKED_GLYPH if checked else UNCHECKED_GLYPH
    content = f"<w:r>{_rpr(None, fonts)}<w:t>{glyph}</w:t></w:r>"
    return _sdt(control, state, content, rpr=_rpr(None, fonts))  # no w:id: see the module docstring


# --- reading -----------------------------------------------------------------------------------------------

_SDT, _SDT_PR, _SDT_CONTENT = w("sdt"), w("sdtPr"), w("sdtContent")
_SKIP = {w("sdtPr"), w("rPr"), w("pPr"), w("del"), w("instrText"), w("delText"), w("moveFrom"),
         f"{{{MC_NS}}}Fallback"}
_TRUE = {"1", "true", "on"}


def is_bookmark_name(name: str | None) -> bool:
    """True for a name a person or partnerpack gave a bookmark; False for Word's and LibreOffice's own
    (``_GoBack``, ``__Fieldmark__12_345``)."""
    return bool(name) and not name.startswith("_")  # type: ignore[union-attr]


def text_of(element: etree._Element) -> str:
    """The text a reader sees in ``element``: paragraphs and line breaks as "\\n", tabs as "\\t".

    Deleted tracked changes, field codes and property elements are left out.
    """
    out: list[str] = []
    _collect(element, out, [False])
    return "".join(out)


def _collect(element: etree._Element, out: list[str], seen_paragraph: list[bool]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == w("t"):
            out.append(child.text or "")
        elif tag in (w("br"), w("cr")):
            out.append("\n")
        elif tag == w("tab"):
            out.append("\t")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        elif tag == w("p"):
            if seen_paragraph[0]:
                out.append("\n")
            seen_paragraph[0] = True
            _collect(child, out, [False])
        else:
            _collect(child, out, seen_paragraph)


def control_tag(sdt: etree._Element) -> str | None:
    """The ``w:tag`` of a content control, or None if it has none (LibreOffice drops them)."""
    tag = sdt.find(f"{_SDT_PR}/{w('tag')}")
    value = tag.get(w("val")) if tag is not None else None
    return value or None


def control_bookmark(sdt: etree._Element) -> str | None:
    """The name of the bookmark wrapped round a control, or None.

    Looks inside the control first (where LibreOffice moves it), then at the
    bookmark starts and empty runs just before the control.
    """
    content = sdt.find(_SDT_CONTENT)
    if content is not None:
        for mark in content.iter(w("bookmarkStart")):
            if is_bookmark_name(mark.get(w("name"))) and _nearest_sdt(mark) is sdt:
                return mark.get(w("name"))
    sibling = sdt.getprevious()
    while sibling is not None and sibling.tag in (w("bookmarkStart"), w("bookmarkEnd"), w("r"), w("pPr")):
        if sibling.tag == w("bookmarkStart") and is_bookmark_name(sibling.get(w("name"))):
            return sibling.get(w("name"))
        if sibling.tag == w("r") and text_of(sibling).strip():
            break
        sibling = sibling.getprevious()
    return None


def _nearest_sdt(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors(_SDT):
        return ancestor
    return None


def is_container(sdt: etree._Element) -> bool:
    """True if the control holds other controls (a group, or LibreOffice's stray wrapper)."""
    content = sdt.find(_SDT_CONTENT)
    return content is not None and next(content.iter(_SDT), None) is not None


def control_value(sdt: etree._Element) -> str | bool:
    """What a content control holds: a bool for a check box, otherwise the text shown.

    Placeholder text reads as ""; a date with no text falls back to its
    ``w:fullDate`` as DD/MM/YYYY.
    """
    props = sdt.find(_SDT_PR)
    props = props if props is not None else etree.Element(_SDT_PR)
    box = props.find(w14("checkbox"))
    if box is not None:
        checked = box.find(w14("checked"))
        return checked is not None and (checked.get(w14("val")) or "1").lower() in _TRUE
    showing = props.find(w("showingPlcHdr"))
    if showing is not None and (showing.get(w("val")) or "1").lower() in _TRUE:
        return ""
    content = sdt.find(_SDT_CONTENT)
    text = text_of(content) if content is not None else ""
    if text.strip() in PLACEHOLDERS:
        return ""
    date = props.find(w("date"))
    if date is not None and not text.strip():
        return _full_date(date.get(w("fullDate")) or "")
    return text


def _full_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return value
