"""Read the answers out of a returned fillable PDF, whichever program filled it in.

Uses pikepdf (qpdf, in C++), which parses only the objects we touch: about
1 ms a contribution form against 7-8 ms for pypdf, whose pure-Python parser
is most of the cost of ``collect`` (see docs/BENCHMARKS.md). Walks
/AcroForm /Fields directly, following the rules fillers rely on (values
inherited from a parent field, widgets as kids, names given as /V).
Returns plain strings by field name; ``mapping`` turns them into data.
"""
from __future__ import annotations

import contextlib
import io
import os
import pathlib
import re
from typing import Any, Iterator

import pikepdf
import pikepdf.codec  # noqa: F401  registers the "pdfdoc" text codec

from .identity import IDENTITY_FIELD, METADATA_KEY
from .reading import EncryptedForm, NoFormFields, ReadForm, UnreadableForm

#: Deeper field trees than this are not made by any filler we know: treat as hostile.
MAX_FIELD_DEPTH = 32
#: PDF readers look for the end-of-file marker within the last kilobyte.
_EOF_WINDOW = 1024
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
#: What a field passes down to the widgets and fields below it.
_INHERITED = ("/FT", "/V")
_BUTTON, _OFF = pikepdf.Name("/Btn"), pikepdf.Name("/Off")
_IN_MEMORY_FILES = hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd")


def read_pdf_form(source: bytes | pathlib.Path) -> ReadForm:
    """The values of every field in a returned PDF form, and the identity it carries.

    Check boxes come back as their raw state (``"/Yes"``, ``"/Off"`` or the
    filler's own export name) for ``mapping.read_tick``; text and choices as
    the text stored. Raises ``EncryptedForm`` if a password is needed,
    ``NoFormFields`` if the PDF has no fields (printed or flattened), and
    ``UnreadableForm`` for anything that is not a whole, readable PDF.
    """
    data = _read_bytes(source)
    _check_whole_pdf(data)
    try:
        with _opened(data) as pdf:
            values = dict(_terminal_values(pdf))
            identity_metadata = _metadata_identity(pdf)
    except UnreadableForm:
        raise
    except pikepdf.PasswordError:
        raise EncryptedForm("The PDF is protected by a password.") from None
    except Exception as exc:  # qpdf raises PdfError, and Python errors on odd objects: never let one escape
        raise UnreadableForm(f"The PDF is damaged and its fields cannot be read ({type(exc).__name__}).") from None
    if not values:
        raise NoFormFields("The PDF has no fillable fields.")
    identity_field = values.get(IDENTITY_FIELD)
    return ReadForm(
        kind="pdf",
        values=values,
        identity_field=identity_field if isinstance(identity_field, str) and identity_field.strip() else None,
        identity_metadata=identity_metadata,
    )


def _read_bytes(source: bytes | pathlib.Path) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    try:
        return pathlib.Path(source).read_bytes()
    except OSError as exc:
        raise UnreadableForm(f"The file cannot be opened ({exc.strerror}).") from None


def _check_whole_pdf(data: bytes) -> None:
    """Refuse a file without the end-of-file marker rather than let qpdf repair it.

    Fillers append their answers at the end, so a cut-off file would read
    back as the blank form we sent.
    """
    if b"%PDF-" not in data[:_EOF_WINDOW]:
        raise UnreadableForm("The file is not a PDF.")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise UnreadableForm("The PDF is incomplete; it may have been cut off when it was sent or saved.")


@contextlib.contextmanager
def _opened(data: bytes) -> Iterator[pikepdf.Pdf]:
    """The PDF in ``data``, opened by qpdf from an in-memory file where the system has them.

    qpdf reads a file it opened itself about twice as fast as a Python
    stream, which it calls back into for every read and seek. On Linux the
    bytes go into an anonymous in-memory file (memfd) that qpdf opens by its
    /proc path: still exactly the bytes we were given. Elsewhere, a BytesIO.
    """
    try:
        descriptor = os.memfd_create("returned-form", os.MFD_CLOEXEC) if _IN_MEMORY_FILES else None
    except OSError:  # no memfd in this kernel or sandbox
        descriptor = None
    if descriptor is None:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            yield pdf
        return
    try:
        with open(descriptor, "wb", closefd=False) as stream:
            stream.write(data)
        with pikepdf.open(f"/proc/self/fd/{descriptor}") as pdf:
            yield pdf
    finally:
        os.close(descriptor)


def _terminal_values(pdf: pikepdf.Pdf) -> Iterator[tuple[str, str]]:
    """(fully qualified name, value) for every field that holds a value, in document order."""
    acro_form = pdf.Root.get("/AcroForm")
    fields = acro_form.get("/Fields") if isinstance(acro_form, pikepdf.Dictionary) else None
    if not isinstance(fields, pikepdf.Array) or len(fields) == 0:
        raise NoFormFields("The PDF has no fillable fields.")
    seen: set[str] = set()
    for name, value in _walk(fields, prefix="", inherited={}, depth=0, visited=set()):
        if name not in seen:  # a name listed twice keeps its first value, as viewers do
            seen.add(name)
            yield name, value


def _walk(kids: pikepdf.Array, prefix: str, inherited: dict[str, Any], depth: int,
          visited: set[tuple[int, int]]) -> Iterator[tuple[str, str]]:
    if depth > MAX_FIELD_DEPTH:
        raise UnreadableForm("The PDF's fields are nested too deeply to be a real form.")
    for node in kids:
        if not isinstance(node, pikepdf.Dictionary) or _seen_before(node, visited):
            continue
        name = _qualified_name(prefix, node.get("/T"))
        context = {**inherited, **{key: node[key] for key in _INHERITED if key in node}}
        children = node["/Kids"] if "/Kids" in node else None  # get() is slow for a missing key
        if isinstance(children, pikepdf.Array) and any(
                isinstance(kid, pikepdf.Dictionary) and "/T" in kid for kid in children):
            yield from _walk(children, name, context, depth + 1, visited)
        elif name:
            yield name, _value(context, node, children)


def _qualified_name(prefix: str, partial: Any) -> str:
    """A field's full name: its ancestors' names and its own, joined by dots (a widget has none)."""
    if partial is None:
        return prefix
    return f"{prefix}.{_text(partial)}" if prefix else _text(partial)


def _value(context: dict[str, Any], node: pikepdf.Dictionary, widgets: Any) -> str:
    """The field's value as text; a tick box's value is its raw state name, e.g. '/Yes'."""
    kind = context.get("/FT")
    value = context.get("/V")
    if isinstance(kind, pikepdf.Name) and kind == _BUTTON:
        if value is None:  # some fillers set only the widget's appearance state
            value = _ticked_state(node, widgets)
        return "/Off" if value is None else _text(value, keep_name_slash=True)
    if isinstance(value, pikepdf.Array):  # a multi-select list: every choice, in order
        return ", ".join(_text(item) for item in value)
    return "" if value is None else _text(value)


def _ticked_state(node: pikepdf.Dictionary, widgets: Any) -> Any:
    if isinstance(widgets, pikepdf.Array):
        states = [w.get("/AS") for w in widgets if isinstance(w, pikepdf.Dictionary)]
    else:
        states = [node.get("/AS")]
    return next((s for s in states if isinstance(s, pikepdf.Name) and s != _OFF), None)


def _text(value: Any, keep_name_slash: bool = False) -> str:
    if isinstance(value, pikepdf.String):
        return _decode_text_string(bytes(value))
    if isinstance(value, pikepdf.Name):
        name = _name_text(value)
        return name if keep_name_slash else name[1:]
    return str(value)


def _decode_text_string(raw: bytes) -> str:
    """A PDF text string as text: UTF-16 or UTF-8 when marked so, else PDFDocEncoding.

    Bytes that fit none of these (some fillers write bare UTF-8) are read as
    UTF-8, then Latin-1: the same order the pypdf reader used.
    """
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            try:
                return raw[3:].decode("utf-8")
            except UnicodeDecodeError:
                pass
        elif raw.startswith((b"\xfe\xff", b"\xff\xfe")):
            return raw.decode("utf-16")
        elif raw.startswith(b"\x00"):
            return raw.decode("utf-16be")
        elif raw[1:2] == b"\x00":
            return raw.decode("utf-16le")
        return raw.decode("pdfdoc")
    except UnicodeDecodeError:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def _name_text(name: pikepdf.Name) -> str:
    """A name with its leading slash, e.g. '/Yes'; names that are not UTF-8 are read as Latin-1."""
    try:
        return str(name)
    except UnicodeDecodeError:
        raw = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name.unparse())
        return raw.decode("latin-1")


def _metadata_identity(pdf: pikepdf.Pdf) -> str | None:
    """The identity stored in the document Info dictionary, or None if the filler dropped it."""
    info = pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return None
    value = info.get("/" + METADATA_KEY)
    text = _text(value) if value is not None else ""
    return text.strip() or None


def _seen_before(node: pikepdf.Object, visited: set[tuple[int, int]]) -> bool:
    """True if this indirect object was walked already: a loop in a hostile or broken file."""
    number = node.objgen
    if number == (0, 0):  # a direct object cannot be reached twice
        return False
    if number in visited:
        return True
    visited.add(number)
    return False
