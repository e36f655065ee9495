"""Fillable PDF forms: what the writer draws, and what the reader gets back after other programs fill them.

Every test builds real PDFs. "Filled with pikepdf" stands for a PDF viewer
saving answers (pikepdf is a separate library on qpdf, so our reader is not
reading its own writer's habits); pdftk and qpdf are run as programs.
"""
from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from conftest import TRICKY_TEXT, needs
from partnerpack.forms.identity import IDENTITY_FIELD, FormIdentity
from partnerpack.forms.mapping import read_tick, record_data
from partnerpack.forms.pdf_reader import read_pdf_form
from partnerpack.forms.pdf_writer import render_pdf_form
from partnerpack.forms.reading import EncryptedForm, NoFormFields, UnreadableForm
from partnerpack.forms.spec import DATE_HINT, FormDocument, build_form, blank_identity
from partnerpack.schemas.registry import returnable_schema

READ_ONLY = 1
MULTILINE = 1 << 12
COMBO = 1 << 17

#: What a partner types, ticks and picks, one answer per kind of field.
ANSWERS: dict[str, str] = {
    "attendance": "A colleague will attend for me",  # drop-down (the label is stored)
    "substitute_name": 'Sam O\'Neil & "Co" <Locum>',  # text with markup characters
    "involvement": "School nurse since 2023.\rSees the child weekly & reports to the GP.",  # multiline, Mac CR
    "concerns__1__concern": "Missed three appointments at Łódź clinic ☃",  # needs UTF-16
    "concerns__1__observed_on": "02/09/2025",  # table cell, date
    "concerns__1__source": "Told by the child",  # table cell, drop-down
    "completed_on": "10/10/2025",
}


# --- helpers that act as viewers and other tools would -----------------------------------------------------


@pytest.fixture
def contribution_pdf(contribution_form: FormDocument) -> bytes:
    return render_pdf_form(contribution_form)


@pytest.fixture(scope="module")
def checklist() -> FormDocument:
    return build_form("review_checklist", blank_identity("review_checklist"), {"review_year": "2025/26"})


@pytest.fixture(scope="module")
def checklist_pdf(checklist: FormDocument) -> bytes:
    return render_pdf_form(checklist)


def fill_with_pikepdf(data: bytes, answers: dict[str, str], tick: str | None = None) -> bytes:
    """Set /V as a viewer does when someone types and picks, and tick ``tick`` via /V and /AS."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            name = str(field.T)
            if name in answers:
                field.V = pikepdf.String(answers[name])
            if name == tick:
                on_state = next(k for k in field.AP.N.keys() if k != "/Off")
                field.V = field.AS = pikepdf.Name(on_state)
        return save(pdf)


def save(pdf: pikepdf.Pdf, **options: object) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **options)
    return out.getvalue()


def widget_names_by_page(data: bytes) -> list[str]:
    names = []
    for page in PdfReader(io.BytesIO(data)).pages:
        names += [annot.get_object()["/T"] for annot in page.get("/Annots", [])]
    return names


def run(*command: str | Path) -> None:
    subprocess.run([str(part) for part in command], check=True, capture_output=True, timeout=60)


# --- what the writer draws -----------------------------------------------------------------------------------


def test_every_field_is_in_the_pdf_by_name_with_its_tooltip(contribution_form, contribution_pdf):
    fields = PdfReader(io.BytesIO(contribution_pdf)).get_fields()
    expected = list(contribution_form.fields())
    assert list(fields) == [f.name for f in expected]
    for field in expected:
        tooltip = fields[field.name]["/TU"]
        assert tooltip.startswith(field.tooltip)
        if field.widget == "date":
            assert DATE_HINT in tooltip


def test_field_kinds_match_the_form(contribution_form, contribution_pdf):
    fields = PdfReader(io.BytesIO(contribution_pdf)).get_fields()
    for field in contribution_form.fields():
        pdf_field = fields[field.name]
        flags = pdf_field.get("/Ff", 0)
        if field.widget == "choice":
            assert pdf_field["/FT"] == "/Ch" and flags & COMBO
            assert list(pdf_field["/Opt"]) == field.choice_labels
        elif field.widget == "checkbox":
            assert pdf_field["/FT"] == "/Btn" and pdf_field["/V"] == "/Off"
        else:
            assert pdf_field["/FT"] == "/Tx"
            if field.widget == "multiline":
                assert flags & MULTILINE
            elif not field.read_only:  # a locked value may be shown over several lines
                assert not flags & MULTILINE


def test_prefilled_and_identity_fields_are_locked_and_the_rest_are_not(contribution_form, contribution_pdf):
    fields = PdfReader(io.BytesIO(contribution_pdf)).get_fields()
    locked = {name for name, f in fields.items() if f.get("/Ff", 0) & READ_ONLY}
    assert locked == {IDENTITY_FIELD, "meeting_id", "meeting_title", "meeting_date", "partner_id", "partner_name",
                      "agency", "role"}
    assert {f.name for f in contribution_form.fields() if f.read_only} == locked


def test_tab_order_follows_the_form(contribution_form, contribution_pdf):
    pages = PdfReader(io.BytesIO(contribution_pdf)).pages
    assert all(page["/Tabs"] == "/S" for page in pages)
    assert widget_names_by_page(contribution_pdf) == [f.name for f in contribution_form.fields()]


def test_identity_is_in_a_field_and_in_the_metadata(contribution_form, contribution_pdf):
    reader = PdfReader(io.BytesIO(contribution_pdf))
    assert FormIdentity.decode(reader.get_fields()[IDENTITY_FIELD]["/V"]) == contribution_form.identity
    assert FormIdentity.decode(reader.metadata["/PartnerpackForm"]) == contribution_form.identity
    assert reader.metadata.title == "Written contribution: Tuesday 14 October 2025"
    assert reader.metadata.author == "partnerpack"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_pages_are_a4_and_every_page_carries_the_marking_and_its_number(contribution_pdf):
    pages = PdfReader(io.BytesIO(contribution_pdf)).pages
    for number, page in enumerate(pages, start=1):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
        text = page.extract_text()
        assert text.count("OFFICIAL-SENSITIVE") == 2
        assert f"Page {number} of" in text
    assert "partnership@example.org" in pages[-1].extract_text()


def test_review_checklist_flows_over_pages_without_spilling_off_them(checklist, checklist_pdf):
    reader = PdfReader(io.BytesIO(checklist_pdf))
    assert len(reader.pages) > 1
    assert widget_names_by_page(checklist_pdf) == [f.name for f in checklist.fields()]
    width, height = A4
    for page in reader.pages:
        assert page.extract_text().count("OFFICIAL-SENSITIVE") == 2
        for annot in page["/Annots"]:
            left, bottom, right, top = (float(v) for v in annot.get_object()["/Rect"])
            assert 40 < left < right < width - 40 and 50 < bottom < top < height - 50


def test_awkward_prefilled_text_survives_the_round_trip():
    awkward = {"agency": 'Smith & Sons <Health> "Trust" it\'s', "partner_name": "Zoë O’Brien-Łukasz",
               "role": "Nurse 护士", "involvement": TRICKY_TEXT, "meeting_id": "CSM-1"}
    doc = build_form("contribution", FormIdentity.issue("contribution", 1, "CSM-1", "P1"), awkward)
    read = read_pdf_form(render_pdf_form(doc))
    assert {name: read.values[name] for name in awkward} == awkward
    # 护 is not in the standard fonts, so viewers are asked to redraw the fields in their own.
    assert PdfReader(io.BytesIO(render_pdf_form(doc))).trailer["/Root"]["/AcroForm"]["/NeedAppearances"]


# --- what the reader gets back --------------------------------------------------------------------------------


def test_pikepdf_filled_form_reads_back_and_loads(contribution_form, contribution_pdf):
    filled = fill_with_pikepdf(contribution_pdf, ANSWERS, tick="information_accurate")
    read = read_pdf_form(filled)
    assert {name: read.values[name] for name in ANSWERS} == ANSWERS
    assert read.values["information_accurate"] == "/Yes" and read_tick(read.values["information_accurate"])
    assert read.values["agency"] == "Smith & Sons <Health> Trust"
    assert FormIdentity.decode(read.identity_text) == contribution_form.identity
    record = returnable_schema("contribution")().load_record(record_data("contribution", read.values))
    assert record["information_accurate"] is True and record["attendance"] == "substitute"


def test_untouched_form_reads_as_blank(contribution_pdf):
    read = read_pdf_form(contribution_pdf)
    assert read.values["substitute_name"] == "" and read.values["attendance"] == ""
    assert read_tick(read.values["information_accurate"]) is False
    assert read.identity_field == read.identity_metadata


@needs("pdftk")
def test_pdftk_filled_form_reads_back(contribution_pdf, tmp_path):
    source, xfdf, filled = tmp_path / "form.pdf", tmp_path / "data.xfdf", tmp_path / "filled.pdf"
    source.write_bytes(contribution_pdf)
    answers = {**ANSWERS, "involvement": "Two lines\nsecond é", "information_accurate": "Yes"}
    fields = "".join(f'<field name="{name}"><value>{escape_xml(value)}</value></field>'
                     for name, value in answers.items())
    xfdf.write_text('<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/" '
                    f'xml:space="preserve"><fields>{fields}</fields></xfdf>', encoding="utf-8")
    run("pdftk", source, "fill_form", xfdf, "output", filled)
    read = read_pdf_form(filled)
    answers["information_accurate"] = "/Yes"
    assert {name: read.values[name] for name in answers} == answers


@needs("qpdf")
@pytest.mark.parametrize("options", [[], ["--object-streams=generate"]], ids=["rewritten", "object-streams"])
def test_qpdf_rewritten_form_reads_back(contribution_pdf, tmp_path, options):
    source, rewritten = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(fill_with_pikepdf(contribution_pdf, ANSWERS))
    run("qpdf", *options, source, rewritten)
    read = read_pdf_form(rewritten)
    assert {name: read.values[name] for name in ANSWERS} == ANSWERS
    assert read.identity_metadata == read.identity_field


def test_value_kept_on_a_parent_field_with_widget_kids_reads_back(contribution_pdf):
    with pikepdf.open(io.BytesIO(contribution_pdf)) as pdf:
        fields = pdf.Root.AcroForm.Fields
        index = next(i for i, f in enumerate(fields) if f.T == "substitute_name")
        widget = fields[index]
        parent = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("substitute_name"), FT=pikepdf.Name.Tx,
                                                      V=pikepdf.String("Kid Parent"), Kids=[widget]))
        for key in ("/T", "/V", "/FT"):
            del widget[key]
        widget.Parent = parent
        fields[index] = parent
        data = save(pdf)
    assert read_pdf_form(data).values["substitute_name"] == "Kid Parent"


def test_nested_fields_read_by_their_full_name_and_names_as_values_read_as_text(contribution_pdf):
    with pikepdf.open(io.BytesIO(contribution_pdf)) as pdf:
        kid = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("note"), FT=pikepdf.Name.Tx,
                                                   V=pikepdf.String("inner")))
        group = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("extra"), Kids=[kid]))
        kid.Parent = group
        pdf.Root.AcroForm.Fields.append(group)
        for field in pdf.Root.AcroForm.Fields:
            if field.get("/T") == "attendance":
                field.V = pikepdf.Name("/I will attend")
        data = save(pdf)
    read = read_pdf_form(data)
    assert read.values["extra.note"] == "inner"
    assert read.values["attendance"] == "I will attend"


def test_incremental_update_reads_the_latest_answers(contribution_pdf):
    writer = PdfWriter(io.BytesIO(contribution_pdf), incremental=True)
    writer.set_need_appearances_writer(True)
    for page in writer.pages:
        writer.update_page_form_field_values(page, {"substitute_name": "Added later"}, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(contribution_pdf)  # appended, as a browser saves
    assert read_pdf_form(out.getvalue()).values["substitute_name"] == "Added later"


def test_form_read_from_a_path(contribution_pdf, tmp_path):
    path = tmp_path / "returned.pdf"
    path.write_bytes(contribution_pdf)
    assert read_pdf_form(path).values["partner_id"] == "P003"
    with pytest.raises(UnreadableForm):
        read_pdf_form(tmp_path / "missing.pdf")


# --- files that cannot be read --------------------------------------------------------------------------------


def test_password_protected_form_is_refused(contribution_pdf):
    with pikepdf.open(io.BytesIO(contribution_pdf)) as pdf:
        locked = save(pdf, encryption=pikepdf.Encryption(user="secret", owner="owner", R=3, aes=False,
                                                         metadata=False))
    with pytest.raises(EncryptedForm):
        read_pdf_form(locked)


def test_form_protected_only_against_editing_reads(contribution_pdf):
    with pikepdf.open(io.BytesIO(contribution_pdf)) as pdf:
        protected = save(pdf, encryption=pikepdf.Encryption(user="", owner="owner", R=3, aes=False,
                                                            metadata=False))
    read = read_pdf_form(protected)
    assert read.values["agency"] == "Smith & Sons <Health> Trust" and read.identity_metadata


def test_aes_protected_form_reads(contribution_pdf):
    with pikepdf.open(io.BytesIO(contribution_pdf)) as pdf:
        protected = save(pdf, encryption=pikepdf.Encryption(user="", owner="owner"))  # AES-256, Acrobat's default
    assert read_pdf_form(protected).values["partner_id"] == "P003"


@pytest.mark.parametrize("damage", [
    lambda pdf: pdf[: len(pdf) * 2 // 3],
    lambda pdf: pdf[:-200],
    lambda pdf: b"",
    lambda pdf: os.urandom(5000),
    lambda pdf: b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n",
    lambda pdf: b"%PDF-1.7\n%%EOF\n",
    lambda pdf: a_zip_file(),
], ids=["truncated", "end-cut-off", "empty", "random", "random-with-header", "header-only", "docx"])
def test_damaged_files_are_unreadable_not_crashes(contribution_pdf, damage):
    with pytest.raises(UnreadableForm) as refused:
        read_pdf_form(damage(contribution_pdf))
    assert refused.type is UnreadableForm  # not "no fields" or "encrypted": those give the wrong advice


def test_printed_pdf_has_no_fields():
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.drawString(72, 720, "Written contribution (printed to PDF)")
    canvas.save()
    with pytest.raises(NoFormFields):
        read_pdf_form(out.getvalue())


@needs("pdftk")
def test_flattened_form_has_no_fields(contribution_pdf, tmp_path):
    source, flat = tmp_path / "form.pdf", tmp_path / "flat.pdf"
    source.write_bytes(fill_with_pikepdf(contribution_pdf, ANSWERS))
    run("pdftk", source, "output", flat, "flatten")
    with pytest.raises(NoFormFields):
        read_pdf_form(flat)


def a_zip_file() -> bytes:
    """A Word file (a zip) sent where a PDF was expected."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
