"""Read the answers out of a returned fillable PDF, whichever program filled it in.

Walks /AcroForm /Fields directly rather than through pypdf's ``get_fields``:
it is several times faster, and it lets us follow the rules fillers rely on
(values inherited from a parent field, widgets as kids, names given as /V).
Returns plain strings by field name; ``mapping`` turns them into data.
"""
from __future__ import annotations

import io
import pathlib
from typing import Any, Iterator

from pypdf import PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject

from .identity import IDENTITY_FIELD, METADATA_KEY
from .reading import EncryptedForm, NoFormFields, ReadForm, UnreadableForm

#: Deeper field trees than this are not made by any filler we know: treat as hostile.
MAX_FIELD_DEPTH = 32
#: PDF readers look for the end-of-file marker within the last kilobyte.
_EOF_WINDOW = 1024


def read_pdf_form(source: bytes | pathlib.Path) -> ReadForm:
    """The values of every field in a returned PDF form, and the identity it carries.

    Check boxes come back as their raw state (``"/Yes"``, ``"/Off"`` or the
    filler's own export name) for ``mapping.read_tick``; text and choices as
    the text stored. Raises ``EncryptedForm`` if a password is needed,
    ``NoFormFields`` if the PDF has no fields (printed or flattened), and
    ``UnreadableForm`` for anything that is not a whole, readable PDF.
    """
    data = _read_bytes(source)
    reader = _open(data)
    try:
        values = dict(_terminal_values(reader))
        identity_metadata = _metadata_identity(reader)
    except UnreadableForm:
        raise
    except DependencyError:  # AES strings are decrypted lazily, as they are read
        raise _needs_aes() from None
    except Exception as exc:  # pypdf raises many types (and ValueError, KeyError ...) on damaged files
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


def _open(data: bytes) -> PdfReader:
    """A reader for ``data``, decrypted with the empty password if it is encrypted.

    A file without the end-of-file marker is refused rather than repaired:
    fillers append their answers at the end, so a cut-off file would read
    back as the blank form we sent.
    """
    if b"%PDF-" not in data[:_EOF_WINDOW]:
        raise UnreadableForm("The file is not a PDF.")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise UnreadableForm("The PDF is incomplete; it may have been cut off when it was sent or saved.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedForm("The PDF is protected by a password.")
    except UnreadableForm:
        raise
    except DependencyError:
        raise _needs_aes() from None
    except Exception as exc:  # see read_pdf_form: never let a parser error escape
        raise UnreadableForm(f"The PDF is damaged and cannot be read ({type(exc).__name__}).") from None
    return reader


def _needs_aes() -> EncryptedForm:
    """pypdf reads AES-encrypted files (Acrobat's default protection) only with ``cryptography`` installed."""
    return EncryptedForm("The PDF is protected with AES encryption, which needs the 'cryptography' package "
                         "to read.", advice="Install pypdf[crypto], or ask the partner to save the form again "
                                            "without protection.")


def _terminal_values(reader: PdfReader) -> Iterator[tuple[str, str]]:
    """(fully qualified name, value) for every field that holds a value, in document order."""
    root = reader.trailer["/Root"].get_object()
    acro_form = _resolve(root.get("/AcroForm"))
    fields = _resolve(acro_form.get("/Fields")) if isinstance(acro_form, DictionaryObject) else None
    if not isinstance(fields, ArrayObject) or not fields:
        raise NoFormFields("The PDF has no fillable fields.")
    seen: set[str] = set()
    for name, value in _walk(fields, prefix="", inherited={}, depth=0, visited=set()):
        if name not in seen:  # a name listed twice keeps its first value, as viewers do
            seen.add(name)
            yield name, value


def _walk(kids: ArrayObject, prefix: str, inherited: dict[str, Any], depth: int,
          visited: set[int]) -> Iterator[tuple[str, str]]:
    if depth > MAX_FIELD_DEPTH:
        raise UnreadableForm("The PDF's fields are nested too deeply to be a real form.")
    for ref in kids:
        node = _resolve(ref)
        if not isinstance(node, DictionaryObject) or _seen_before(ref, visited):
            continue
        name = _qualified_name(prefix, _resolve(node.get("/T")))
        here = {key: node[key] for key in ("/FT", "/V") if key in node}
        context = {**inherited, **here}
        children = _resolve(node.get("/Kids"))
        if isinstance(children, ArrayObject) and any(
                isinstance(kid, DictionaryObject) and "/T" in kid for kid in map(_resolve, children)):
            yield from _walk(children, name, context, depth + 1, visited)
        elif name:
            yield name, _value(context, node, children)


def _qualified_name(prefix: str, partial: Any) -> str:
    """A field's full name: its ancestors' names and its own, joined by dots (a widget has none)."""
    if partial is None:
        return prefix
    return f"{prefix}.{_text(partial)}" if prefix else _text(partial)


def _value(context: dict[str, Any], node: DictionaryObject, widgets: Any) -> str:
    """The field's value as text; a tick box's value is its raw state name, e.g. '/Yes'."""
    kind = context.get("/FT")
    value = _resolve(context.get("/V"))
    if kind == "/Btn":
        if value is None:  # some fillers set only the widget's appearance state
            value = _ticked_state(node, widgets)
        return "/Off" if value is None else _text(value, keep_name_slash=True)
    if isinstance(value, ArrayObject):  # a multi-select list: every choice, in order
        return ", ".join(_text(_resolve(item)) for item in value)
    return "" if value is None else _text(value)


def _ticked_state(node: DictionaryObject, widgets: Any) -> Any:
    states = [_resolve(w).get("/AS") for w in widgets] if isinstance(widgets, ArrayObject) else [node.get("/AS")]
    return next((s for s in states if s is not None and s != "/Off"), None)


def _text(value: Any, keep_name_slash: bool = False) -> str:
    if isinstance(value, NameObject):
        return str(value) if keep_name_slash else str(value)[1:]
    if isinstance(value, ByteStringObject):  # bytes pypdf could not decode as a PDF text string
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
    return str(value)


def _metadata_identity(reader: PdfReader) -> str | None:
    """The identity stored in the document Info dictionary, or None if the filler dropped it."""
    info = _resolve(reader.trailer.get("/Info"))
    if not isinstance(info, DictionaryObject):
        return None
    value = _resolve(info.get("/" + METADATA_KEY))
    text = _text(value) if value is not None else ""
    return text.strip() or None


def _resolve(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def _seen_before(ref: Any, visited: set[int]) -> bool:
    """True if this indirect object was walked already: a loop in a hostile or broken file."""
    number = getattr(ref, "idnum", None)
    if number is None:
        return False
    if number in visited:
        return True
    visited.add(number)
    return False
