"""Read a returned file as a form, whatever it is called: the bytes say whether it is PDF or Word."""
from __future__ import annotations

from .docx_reader import read_docx_form
from .pdf_reader import read_pdf_form
from .reading import ReadForm, UnreadableForm

ZIP_MAGIC = b"PK\x03\x04"


def read_returned_form(data: bytes, *, max_uncompressed: int = 50 * 1024 * 1024) -> ReadForm:
    """The raw contents of a returned PDF or DOCX form; UnreadableForm for anything else.

    Files are told apart by their first bytes, not their names, because
    partners rename files and mail systems mangle extensions.
    """
    if b"%PDF-" in data[:1024]:
        return read_pdf_form(data)
    if data.startswith(ZIP_MAGIC):
        return read_docx_form(data, max_uncompressed=max_uncompressed)
    if not data:
        raise UnreadableForm("The file is empty.")
    raise UnreadableForm("This is neither a PDF nor a Word (.docx) file.",
                         "Ask the partner to return the form as the PDF or Word file they were sent.")
