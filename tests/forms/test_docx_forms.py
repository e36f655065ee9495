"""Fillable Word forms: what the writer draws, and what the reader gets back after Word or LibreOffice.

Every test builds real DOCX files. "Filled in Word" means word/document.xml
edited the way Word edits it when someone types, ticks and picks; the
LibreOffice tests re-save a filled form with soffice once and share it.
"""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from conftest import TRICKY_TEXT, needs
from partnerpack.forms.docx_reader import read_docx_form
from partnerpack.forms.docx_writer import render_docx_form
from partnerpack.forms.identity import FormIdentity
from partnerpack.forms.mapping import record_data
from partnerpack.forms.reading import NoFormFields, UnreadableForm
from partnerpack.forms.fill import fill_docx  # types, ticks and picks as Word records them
from partnerpack.forms.spec import FormDocument, build_form
from partnerpack.schemas.registry import returnable_schema

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


#: What a partner types, ticks and picks, one answer per kind of control.
ANSWERS: dict[str, str | bool] = {
    "attendance": "A colleague will attend for me",  # drop-down
    "substitute_name": 'Sam O\'Neil & "Co" <Locum>',  # plain text
    "involvement": "School nurse since 2023.\nSees the child weekly & reports to the GP.",  # multi-line
    "concerns__1__concern": "Missed three appointments",  # table cell, text
    "concerns__1__observed_on": "02/09/2025",  # table cell, date picker
    "concerns__1__source": "Told by the child",  # table cell, drop-down
    "information_accurate": True,  # check box
    "completed_on": "10/10/2025",  # date picker
}


# --- helpers that act as Word, LibreOffice and an attacker would ---------------------------------------------


def document_xml(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def with_document_xml(data: bytes, root: etree._Element | bytes) -> bytes:
    """The same DOCX with word/document.xml replaced, re-zipped as Word would."""
    blob = root if isinstance(root, bytes) else etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                               standalone=True)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, blob if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def controls_by_tag(root: etree._Element) -> dict[str, etree._Element]:
    return {sdt.find(f"{w('sdtPr')}/{w('tag')}").get(w("val")): sdt for sdt in root.iter(w("sdt"))}


def minimal_docx(body: str, *, declaration: str = "") -> bytes:
    """A small DOCX whose body is ``body``: what other programs produce, without python-docx."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{declaration}'
                f'<w:document xmlns:w="{W}" xmlns:w14="{W14}"><w:body>{body}</w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def legacy_field(name: str, code: str, ff_extra: str, result: str | None = None, *, mark: str = "") -> str:
    """A Word 97-style form field as Word writes it: begin with w:ffData, code, separate, result, end."""
    bookmark = f'<w:bookmarkStart w:id="9" w:name="{mark}"/>' if mark else ""
    return (f'{bookmark}<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/><w:enabled/>'
            f'{ff_extra}</w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> {code} </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{result or ""}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


# --- what the writer draws -------------------------------------------------------------------------------------


def test_every_field_is_a_content_control_tagged_with_its_name(contribution_form: FormDocument) -> None:
    root = document_xml(render_docx_form(contribution_form))
    tags = [sdt.find(f"{w('sdtPr')}/{w('tag')}").get(w("val")) for sdt in root.iter(w("sdt"))]
    assert tags == [field.name for field in contribution_form.fields()]


def test_read_only_fields_are_locked_and_the_rest_are_not(contribution_form: FormDocument) -> None:
    controls = controls_by_tag(document_xml(render_docx_form(contribution_form)))
    locked = {tag for tag, sdt in controls.items()
              if sdt.find(f"{w('sdtPr')}/{w('lock')}") is not None
              and sdt.find(f"{w('sdtPr')}/{w('lock')}").get(w("val")) == "sdtContentLocked"}
    assert locked == {field.name for field in contribution_form.fields() if field.read_only}
    assert {"form_identity", "meeting_id", "agency"} <= locked and "involvement" not in locked


def test_identity_is_in_a_locked_control_and_the_document_properties(contribution_form: FormDocument) -> None:
    returned = read_docx_form(render_docx_form(contribution_form))
    assert FormIdentity.decode(returned.identity_field or "") == contribution_form.identity
    assert FormIdentity.decode(returned.identity_metadata or "") == contribution_form.identity


def test_document_has_marking_on_every_page_real_headings_and_properties(contribution_form: FormDocument) -> None:
    opened = docx.Document(io.BytesIO(render_docx_form(contribution_form)))
    section = opened.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    styles = {p.text: p.style.name for p in opened.paragraphs if p.text}
    assert styles["Written contribution"] == "Title"
    assert all(styles[part.title] == "Heading 1" for part in contribution_form.parts)
    assert styles["Concerns and evidence"] == "Heading 2"
    assert "Will you attend? (required)" in styles and "Meeting date (DD/MM/YYYY)" in styles
    core = opened.core_properties
    assert (core.title, core.author, core.language) == ("Written contribution", "partnerpack", "en-GB")
    table = opened.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Concern", "Date", "How you know"]
    assert table.rows[0]._tr.trPr.find(w("tblHeader")) is not None  # headings repeat on every page


def test_blank_controls_read_as_empty_and_ticks_as_false(contribution_form: FormDocument) -> None:
    values = read_docx_form(render_docx_form(contribution_form)).values
    assert values["involvement"] == values["attendance"] == values["concerns__4__observed_on"] == ""
    assert values["information_accurate"] is False


def test_prefilled_awkward_text_survives_the_round_trip() -> None:
    identity = FormIdentity.issue("contribution", 1, "CSM-2025-014", "P003")
    prefill = {"meeting_id": "CSM-2025-014", "partner_id": "P003", "agency": TRICKY_TEXT,
               "involvement": TRICKY_TEXT, "attendance": "substitute", "completed_on": dt.date(2025, 10, 14),
               "information_accurate": True, "concerns": [{"concern": TRICKY_TEXT, "source": "seen"}]}
    values = read_docx_form(render_docx_form(build_form("contribution", identity, prefill))).values
    assert values["agency"] == values["involvement"] == values["concerns__1__concern"] == TRICKY_TEXT
    assert values["attendance"] == "A colleague will attend for me"
    assert values["completed_on"] == "14/10/2025" and values["information_accurate"] is True
    assert values["concerns__1__source"] == "Seen"


# --- what the reader gets back from Word -----------------------------------------------------------------------


def test_form_filled_in_word_reads_back_and_loads(contribution_form: FormDocument, tmp_path: Path) -> None:
    path = tmp_path / "returned contribution.docx"
    path.write_bytes(fill_docx(render_docx_form(contribution_form), ANSWERS))
    returned = read_docx_form(path)
    assert {tag: returned.values[tag] for tag in ANSWERS} == ANSWERS
    assert returned.values["substitute_role"] == "" and returned.values["agency"] == "Smith & Sons <Health> Trust"
    record = returnable_schema("contribution")().load_record(record_data("contribution", returned.values))
    assert record["attendance"] == "substitute" and record["completed_on"] == dt.date(2025, 10, 10)
    assert record["concerns"] == [{"concern": "Missed three appointments", "observed_on": dt.date(2025, 9, 2),
                                   "source": "told"}]


def test_answer_typed_over_several_paragraphs_reads_with_line_breaks(contribution_form: FormDocument) -> None:
    root = document_xml(render_docx_form(contribution_form))
    sdt = controls_by_tag(root)["involvement"]
    paragraph = sdt.getparent()
    sdt.find(w("sdtPr")).remove(sdt.find(f"{w('sdtPr')}/{w('showingPlcHdr')}"))
    content = sdt.find(w("sdtContent"))
    content.clear()
    for line in ("First paragraph,", "split over ", "runs."):
        etree.SubElement(etree.SubElement(content, w("p")), w("r")).append(etree.Element(w("t")))
        content[-1][-1][-1].text = line
    paragraph.addprevious(sdt)  # a block-level control holding paragraphs, as Word makes when Enter is pressed
    values = read_docx_form(with_document_xml(render_docx_form(contribution_form), root)).values
    assert values["involvement"] == "First paragraph,\nsplit over \nruns."


def test_date_with_no_text_falls_back_to_the_stored_date(contribution_form: FormDocument) -> None:
    root = document_xml(render_docx_form(contribution_form))
    sdt = controls_by_tag(root)["completed_on"]
    props = sdt.find(w("sdtPr"))
    props.remove(props.find(w("showingPlcHdr")))
    props.find(w("date")).set(w("fullDate"), "2025-10-09T00:00:00Z")
    sdt.find(w("sdtContent")).clear()
    values = read_docx_form(with_document_xml(render_docx_form(contribution_form), root)).values
    assert values["completed_on"] == "09/10/2025"


def test_legacy_word_form_fields_read_by_name() -> None:
    body = "".join(f"<w:p>{xml}</w:p>" for xml in (
        legacy_field("agency", "FORMTEXT", "<w:textInput/>",
                     '<w:r><w:t xml:space="preserve">Smith &amp; </w:t></w:r><w:r><w:t>Sons</w:t><w:br/>'
                     "<w:t>&lt;Health&gt;</w:t></w:r>"),
        legacy_field("role", "FORMTEXT", "<w:textInput/>", "<w:r><w:t>\u2002\u2002\u2002\u2002\u2002</w:t></w:r>"),
        legacy_field("ticked", "FORMCHECKBOX", '<w:checkBox><w:sizeAuto/><w:default w:val="0"/><w:checked/>'
                     "</w:checkBox>"),
        legacy_field("unticked", "FORMCHECKBOX", '<w:checkBox><w:default w:val="1"/><w:checked w:val="0"/>'
                     "</w:checkBox>"),
        legacy_field("by_default", "FORMCHECKBOX", '<w:checkBox><w:default w:val="1"/></w:checkBox>'),
        legacy_field("", "FORMCHECKBOX", "<w:checkBox><w:checked/></w:checkBox>", mark="named_by_bookmark"),
        legacy_field("colour", "FORMDROPDOWN", '<w:ddList><w:result w:val="2"/><w:listEntry w:val=" "/>'
                     '<w:listEntry w:val="Red"/><w:listEntry w:val="Blue"/></w:ddList>'),
    ))
    body += "<w:p>" + legacy_field("notes", "FORMTEXT", "<w:textInput/>", "<w:r><w:t>first</w:t></w:r>").replace(
        '<w:r><w:fldChar w:fldCharType="end"/>', '</w:p><w:p><w:r><w:t>second</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/>') + "</w:p>"
    assert read_docx_form(minimal_docx(body)).values == {
        "agency": "Smith & Sons\n<Health>", "role": "", "ticked": True, "unticked": False, "by_default": True,
        "named_by_bookmark": True, "colour": "Blue", "notes": "first\nsecond"}


# --- files the reader refuses -----------------------------------------------------------------------------------


def test_external_entity_is_refused_and_the_file_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PAYROLL")
    body = '<w:sdt><w:sdtPr><w:tag w:val="agency"/></w:sdtPr><w:sdtContent><w:r><w:t>&xxe;</w:t></w:r>' \
           "</w:sdtContent></w:sdt>"
    declaration = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    utf8 = minimal_docx(f"<w:p>{body}</w:p>", declaration=declaration)
    document = zipfile.ZipFile(io.BytesIO(utf8)).read("word/document.xml").decode("utf-8")
    utf16 = with_document_xml(utf8, document.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    for hostile in (utf8, utf16):
        with pytest.raises(UnreadableForm) as refused:
            read_docx_form(hostile)
        assert "TOP-SECRET" not in str(refused.value)


def test_zip_bomb_is_refused_before_it_is_unpacked(contribution_form: FormDocument) -> None:
    data = render_docx_form(contribution_form)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
            archive.writestr(info.filename, zipfile.ZipFile(io.BytesIO(data)).read(info))
        archive.writestr("word/media/bomb.bin", b"\0" * 3_000_000)
    with pytest.raises(UnreadableForm, match="more than"):
        read_docx_form(out.getvalue(), max_uncompressed=1_000_000)
    assert read_docx_form(out.getvalue()).values["agency"]  # the default limit lets an ordinary form through


@pytest.mark.parametrize("make", [
    lambda data: b"%PDF-1.7 not a Word document",
    lambda data: data[: len(data) // 2],
    lambda data: minimal_docx("").replace(b"word/document.xml", b"word/documenX.xml"),
    lambda data: with_document_xml(data, b"<w:document><w:body>"),
], ids=["not-a-zip", "truncated", "no-document-part", "broken-xml"])
def test_damaged_files_are_unreadable(contribution_form: FormDocument, make) -> None:
    with pytest.raises(UnreadableForm):
        read_docx_form(make(render_docx_form(contribution_form)))


def test_document_without_fields_says_so() -> None:
    letter = docx.Document()
    letter.add_paragraph("Dear chair, I attach my notes. Kind regards, Priya")
    out = io.BytesIO()
    letter.save(out)
    with pytest.raises(NoFormFields):
        read_docx_form(out.getvalue())


# --- LibreOffice 7.4 re-save --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_resaved(tmp_path_factory: pytest.TempPathFactory) -> tuple[FormDocument, bytes]:
    """A contribution form filled in Word, then opened and saved as DOCX by LibreOffice (one conversion)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    identity = FormIdentity.issue("contribution", 1, "CSM-2025-014", "P003")
    form = build_form("contribution", identity, {"meeting_id": "CSM-2025-014", "partner_id": "P003",
                                                  "agency": TRICKY_TEXT, "meeting_date": dt.date(2025, 10, 14)})
    filled = folder / "filled.docx"
    filled.write_bytes(fill_docx(render_docx_form(form), ANSWERS))
    command = ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"), str(filled)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return form, (folder / "out" / "filled.docx").read_bytes()


@pytest.mark.parametrize("kind, tag", [
    ("drop-down", "attendance"), ("plain text", "substitute_name"), ("multi-line text", "involvement"),
    ("table text", "concerns__1__concern"), ("table date", "concerns__1__observed_on"),
    ("table drop-down", "concerns__1__source"), ("check box", "information_accurate"), ("date", "completed_on"),
])
@pytest.mark.libreoffice
@needs("soffice")
def test_libreoffice_resave_keeps_each_kind_of_answer(libreoffice_resaved, kind: str, tag: str) -> None:
    _, resaved = libreoffice_resaved
    assert read_docx_form(resaved).values[tag] == ANSWERS[tag], kind


@pytest.mark.libreoffice
@needs("soffice")
def test_libreoffice_resave_keeps_every_field_name_and_blank(libreoffice_resaved) -> None:
    form, resaved = libreoffice_resaved
    values = read_docx_form(resaved).values
    assert list(values) == [field.name for field in form.fields()]  # named by bookmark: LibreOffice drops w:tag
    assert values["substitute_role"] == values["concerns__4__source"] == "" and values["meeting_id"] == "CSM-2025-014"


@pytest.mark.libreoffice
@needs("soffice")
def test_libreoffice_resave_keeps_identity_in_field_and_metadata(libreoffice_resaved) -> None:
    form, resaved = libreoffice_resaved
    returned = read_docx_form(resaved)
    assert FormIdentity.decode(returned.identity_field or "") == form.identity
    assert FormIdentity.decode(returned.identity_metadata or "") == form.identity


@pytest.mark.libreoffice
@needs("soffice")
def test_libreoffice_resave_keeps_a_prefilled_line_break(libreoffice_resaved) -> None:
    _, resaved = libreoffice_resaved
    assert read_docx_form(resaved).values["agency"] == TRICKY_TEXT
