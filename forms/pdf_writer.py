"""Write a ``FormDocument`` as a fillable A4 PDF (AcroForm) with reportlab.

The page furniture lives here: the protective marking at the top and foot of
every page, "Page X of Y", and the document metadata that carries the form's
identity. The flowing content is in ``pdf_layout``; the widgets in ``pdf_fields``.
"""
from __future__ import annotations

import io
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDocument, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .identity import METADATA_KEY
from .pdf_layout import ACCENT, INK, QUIET, form_story
from .spec import FormDocument

MARGIN = 18 * mm
TOP = 20 * mm
BOTTOM = 20 * mm
MARKING_FONT = ("Helvetica-Bold", 10)
FOOTER_FONT = ("Helvetica", 8)
_PAGE_TOTAL = "partnerpackPageTotal"


def render_pdf_form(doc: FormDocument) -> bytes:
    """The fillable PDF for ``doc``: one widget per field, in tab order, with its identity in field and metadata."""
    out = io.BytesIO()
    template = BaseDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP, bottomMargin=BOTTOM,
        title=f"{doc.title}: {doc.subtitle}" if doc.subtitle else doc.title,
        subject=f"{doc.title} for {doc.identity.meeting_id}, partner {doc.identity.partner_id}",
        author="partnerpack", creator="partnerpack", lang="en-GB", displayDocTitle=True,
        pageCompression=1,
    )
    frame = Frame(MARGIN, BOTTOM, A4[0] - 2 * MARGIN, A4[1] - TOP - BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates(PageTemplate("form", [frame], onPage=partial(_page_head, doc),
                                           onPageEnd=partial(_page_foot, doc)))
    template.build(form_story(doc, frame.width), canvasmaker=partial(_FormCanvas, doc.identity.encode()))
    return out.getvalue()


def _page_head(doc: FormDocument, canv: Canvas, template: BaseDocTemplate) -> None:
    """The protective marking at the head of the page, drawn first so it is also read first."""
    canv.saveState()
    canv.setFont(*MARKING_FONT)
    canv.setFillColor(INK)
    canv.drawCentredString(A4[0] / 2, A4[1] - 11 * mm, doc.protective_marking)
    canv.restoreState()


def _page_foot(doc: FormDocument, canv: Canvas, template: BaseDocTemplate) -> None:
    """The marking again at the foot, "Page X of Y" and the form reference, drawn after the content."""
    width = A4[0]
    canv.saveState()
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(0.5)
    canv.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
    canv.setFont(*MARKING_FONT)
    canv.setFillColor(INK)
    canv.drawCentredString(width / 2, 9 * mm, doc.protective_marking)
    canv.setFont(*FOOTER_FONT)
    canv.setFillColor(QUIET)
    canv.drawRightString(width - MARGIN, 9 * mm, f"{doc.title} · ref {doc.identity.form_id}")
    page_text = f"Page {canv.getPageNumber()} of "
    canv.drawString(MARGIN, 9 * mm, page_text)
    canv.translate(MARGIN + canv.stringWidth(page_text, *FOOTER_FONT), 9 * mm)
    canv.doForm(_PAGE_TOTAL)  # drawn once the page count is known; see _FormCanvas.save
    canv.restoreState()


class _FormCanvas(Canvas):
    """A canvas that adds what reportlab has no option for.

    It stores the identity as a custom Info entry, sets each page's tab order
    to follow the order widgets were added, and writes the page total that
    every footer refers to, in one pass.
    """

    def __init__(self, identity_text: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._doc.info = _InfoWithIdentity(identity_text)

    def _setAnnotations(self, page: Any) -> None:  # noqa: N802 (reportlab's name)
        super()._setAnnotations(page)
        if page.Annots:
            # Structure order; the PDF is untagged, so viewers fall back to the /Annots order,
            # which is the tab order because widgets are added in FormDocument.fields() order.
            page.Tabs = PDFName("S")
            page.__NoDefault__ = [*page.__NoDefault__, "Tabs"]

    def save(self) -> None:
        pages = self.getPageNumber() - 1
        self.beginForm(_PAGE_TOTAL, lowery=-3, upperx=40, uppery=10)
        self.setFont(*FOOTER_FONT)
        self.setFillColor(QUIET)
        self.drawString(0, 0, str(pages))
        self.endForm()
        super().save()


class _InfoWithIdentity(PDFInfo):
    """The Info dictionary with the encoded form identity under ``/PartnerpackForm``."""

    def __init__(self, identity_text: str) -> None:
        super().__init__()
        self.identity_text = identity_text

    def format(self, document: PDFDocument) -> bytes:
        standard = super().format(document)
        head, _, _ = standard.rpartition(b">>")
        return head + b"/" + METADATA_KEY.encode() + b" " + PDFString(self.identity_text).format(document) + b"\n>>"
