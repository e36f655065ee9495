"""Read a returned Word form: content controls by tag, legacy form fields by name, and the identity.

Only ``word/document.xml`` and ``docProps/custom.xml`` are read, straight
from the zip with lxml, so a return is read in milliseconds and python-docx
is never loaded. Files come from outside the partnership, so the reader
refuses rather than trusts: a DTD or entity declaration, a member that
inflates past ``max_uncompressed``, or anything that is not a DOCX raises
UnreadableForm.
"""
from __future__ import annotations

import os
import pathlib
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from .docx_controls import (control_bookmark, control_tag, control_value, is_bookmark_name, is_container, w)
from .identity import IDENTITY_FIELD, METADATA_KEY
from .reading import NoFormFields, ReadForm, UnreadableForm

MAX_UNCOMPRESSED = 50 * 1024 * 1024
DOCUMENT_PART = "word/document.xml"
CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_TRUE = {"1", "true", "on"}
_EMPTY_FORMTEXT = "\u2002"  # Word fills an empty legacy text field with five en spaces


def read_docx_form(source: bytes | os.PathLike[str], *, max_uncompressed: int = MAX_UNCOMPRESSED) -> ReadForm:
    """The values of every named field in a returned DOCX, and the identity it carries.

    Values are keyed by content-control tag (or, where LibreOffice dropped the
    tag, the bookmark named after the field) and by legacy form-field name:
    text as shown, "" for placeholder text, True/False for tick boxes. Raises
    UnreadableForm for a file that is not a readable DOCX and NoFormFields for
    one with no fields left; OSError if ``source`` is a path that cannot be read.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        label, data = "This file", bytes(source)
    else:
        path = pathlib.Path(source)
        label, data = path.name, path.read_bytes()
    parts = _read_parts(data, label, max_uncompressed)
    body = _parse(parts[DOCUMENT_PART], DOCUMENT_PART, label)
    values = read_controls(body)
    for name, value in read_legacy_fields(body).items():
        values.setdefault(name, value)
    if not values:
        raise NoFormFields(f"{label} has no form fields.")
    identity = values.get(IDENTITY_FIELD)
    identity_text = identity.strip() if isinstance(identity, str) else ""
    metadata = None
    if CUSTOM_PART in parts:
        metadata = custom_property(_parse(parts[CUSTOM_PART], CUSTOM_PART, label), METADATA_KEY)
    return ReadForm(
        kind="docx",
        values=values,
        identity_field=identity_text or None,
        identity_metadata=metadata,
    )


# --- the zip and the XML, read defensively ------------------------------------------------------------------


def _read_parts(data: bytes, label: str, limit: int) -> dict[str, bytes]:
    """The two parts the reader needs, refusing archives that are not DOCX or that inflate too far."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise UnreadableForm(f"{label} is not a Word document (.docx) or is damaged.") from None
    with archive:
        for info in archive.infolist():
            if info.file_size > limit:
                raise UnreadableForm(f"{label} holds a part ({info.filename}) that unpacks to "
                                     f"{info.file_size:,} bytes, more than the {limit:,} allowed.")
        names = set(archive.namelist())
        if DOCUMENT_PART not in names:
            raise UnreadableForm(f"{label} is not a Word document: it has no {DOCUMENT_PART}.")
        parts = {}
        for name in (DOCUMENT_PART, CUSTOM_PART):
            if name not in names:
                continue
            try:
                with archive.open(name) as member:
                    blob = member.read(limit + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError):
                raise UnreadableForm(f"{label} is damaged: {name} cannot be unpacked.") from None
            if len(blob) > limit:
                raise UnreadableForm(f"{label}: {name} unpacks to more than the {limit:,} bytes allowed.")
            parts[name] = blob
    return parts


def _parse(blob: bytes, part: str, label: str) -> etree._Element:
    """Parse XML with no DTD, no entities and no network; refuse any document type declaration."""
    if b"<!DOCTYPE" in blob or b"<!ENTITY" in blob:
        raise UnreadableForm(f"{label}: {part} declares a document type or entities, which Word never "
                             "writes; it was refused as possibly hostile.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableForm(f"{label} is damaged: {part} is not well-formed XML ({exc.msg}).") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:  # caught here if the bytes were not UTF-8
        raise UnreadableForm(f"{label}: {part} declares a document type; it was refused as possibly hostile.")
    return root


def custom_property(properties: etree._Element, name: str) -> str | None:
    """The text of custom document property ``name``, or None if the file has no such property."""
    for prop in properties.iter(f"{{{_CUSTOM_NS}}}property"):
        if prop.get("name") == name:
            text = "".join(child.text or "" for child in prop).strip()
            return text or None
    return None


# --- content controls ---------------------------------------------------------------------------------------


def read_controls(root: etree._Element) -> dict[str, str | bool]:
    """Values of the named content controls under ``root``, in document order; the first of a name wins.

    A control with no tag is named by the bookmark round it, which
    LibreOffice keeps when it drops tags; an untagged control that only
    wraps other controls is skipped.
    """
    values: dict[str, str | bool] = {}
    for sdt in root.iter(w("sdt")):
        name = control_tag(sdt)
        if name is None and not is_container(sdt):
            name = control_bookmark(sdt)
        if name is not None:
            values.setdefault(name, control_value(sdt))
    return values


# --- legacy form fields (FORMTEXT, FORMCHECKBOX, FORMDROPDOWN) ----------------------------------------------


@dataclass
class _OpenField:
    """A complex field met but not yet closed while walking the document."""

    ff_data: etree._Element | None
    marks_before: list[str]
    code: list[str] = field(default_factory=list)
    result: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    in_result: bool = False


_WALKED = (w("p"), w("fldChar"), w("instrText"), w("t"), w("br"), w("cr"), w("tab"), w("bookmarkStart"))
_TEXT = {w("br"): "\n", w("cr"): "\n", w("tab"): "\t"}


def read_legacy_fields(root: etree._Element) -> dict[str, str | bool]:
    """Values of Word 97-style form fields, by the name in ``w:ffData`` (or, failing that, their bookmark).

    Fields are walked in document order because a field is spread over
    sibling runs, and its result may run across paragraphs.
    """
    values: dict[str, str | bool] = {}
    stack: list[_OpenField] = []
    recent_marks: list[str] = []
    for element in root.iter(*_WALKED):
        tag = element.tag
        if tag == w("p"):
            for open_field in stack:
                if open_field.in_result and open_field.result:
                    open_field.result.append("\n")
        elif tag == w("fldChar"):
            kind = element.get(w("fldCharType"))
            if kind == "begin":
                stack.append(_OpenField(element.find(w("ffData")), recent_marks))
                recent_marks = []
            elif kind == "separate" and stack:
                stack[-1].in_result = True
            elif kind == "end" and stack:
                finished = stack.pop()
                named = _legacy_value(finished)
                if named is not None:
                    values.setdefault(*named)
        elif tag == w("instrText"):
            if stack and not stack[-1].in_result:
                stack[-1].code.append(element.text or "")
        elif tag == w("bookmarkStart"):
            name = element.get(w("name"))
            if is_bookmark_name(name):
                (stack[-1].marks if stack else recent_marks).append(name)  # type: ignore[arg-type]
        else:
            piece = _TEXT.get(tag, element.text or "")
            if stack:
                for open_field in stack:
                    if open_field.in_result:
                        open_field.result.append(piece)
            elif piece.strip():
                recent_marks = []
    return values


def _legacy_value(found: _OpenField) -> tuple[str, str | bool] | None:
    code = "".join(found.code).split()
    kind = code[0].upper() if code else ""
    ff_data = found.ff_data
    if kind not in ("FORMTEXT", "FORMCHECKBOX", "FORMDROPDOWN") or ff_data is None:
        return None
    name_element = ff_data.find(w("name"))
    name = name_element.get(w("val")) if name_element is not None else None
    if not is_bookmark_name(name):  # LibreOffice blanks the names of check boxes and drop-downs
        name = next((mark for mark in found.marks + found.marks_before), None)
    if not name:
        return None
    if kind == "FORMCHECKBOX":
        return name, _legacy_tick(ff_data.find(w("checkBox")))
    if kind == "FORMDROPDOWN":
        return name, _legacy_choice(ff_data.find(w("ddList")))
    text = "".join(found.result)
    return name, "" if not text.strip(_EMPTY_FORMTEXT) else text


def _legacy_tick(box: etree._Element | None) -> bool:
    if box is None:
        return False
    for tag in ("checked", "default"):
        state = box.find(w(tag))
        if state is not None:
            return (state.get(w("val")) or "1").lower() in _TRUE
    return False


def _legacy_choice(drop_down: etree._Element | None) -> str:
    if drop_down is None:
        return ""
    entries = [entry.get(w("val")) or "" for entry in drop_down.findall(w("listEntry"))]
    chosen = drop_down.find(w("result"))
    if chosen is None:
        chosen = drop_down.find(w("default"))
    try:
        index = int(chosen.get(w("val")) or 0) if chosen is not None else 0
    except ValueError:
        index = 0
    return entries[index].strip() if 0 <= index < len(entries) else ""
