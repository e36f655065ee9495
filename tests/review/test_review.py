"""The annual partnership review: a fictional year of returns, collected as partners send them, then counted.

The module builds one workspace through the real pipeline (pack, filled
forms, collect) and checks every figure against numbers worked out by hand
from the story below. Everyone and everything in it is invented.

The year 2025/26 (as at 31/08/2026), for five partners:
  P01 LADO (tier 1, 4 a year), P02 police (tier 1, 4), P03 and P04 health,
  same trust (tier 2, 2 each), P05 voluntary sector (tier 3, 1).
  LQR-2025-10  14/10/2025  P01 P02 P03      record returned, notes 15/10 (1 day)
  CSM-2026-01  20/01/2026  P01 P02 P04      case meeting; record, plan; notes 23/01 (3 days)
  PCU-2026-05  12/05/2026  P01 P02 P03 P04  record returned, notes 14/05 (2 days)
  ASR-2026     08/07/2026  all five         no record returned: not held
and one meeting the year before (LQR-2025-06, 10/06/2025) that must not count.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.oxml.ns import qn

from partnerpack.forms.fill import fill_docx, fill_pdf
from partnerpack.forms.identity import FormIdentity
from partnerpack.forms.pdf_writer import render_pdf_form
from partnerpack.forms.spec import build_form
from partnerpack.generator.collect import Collector
from partnerpack.generator.commands.review import review
from partnerpack.generator.common import load_directory, load_meeting
from partnerpack.generator.packs import build_pack, build_update_pack, register_pack
from partnerpack.generator.register import consolidate
from partnerpack.generator.review import ReviewFigures, render_review, review_charts, review_figures
from partnerpack.generator.store import IssuedForm
from partnerpack.generator.workspace import Workspace, init_workspace
from partnerpack.schemas.review import REVIEW_DOMAINS, ReviewChecklistSchema

from returns_factory import drop

PARTNERSHIP = "Westmere Safeguarding Children Partnership"
YEAR_END = dt.date(2026, 8, 31)
CASE_REFERENCE = "WM-CASE-0417"
LADO, POLICE, HEALTH, HARBOUR = ("Westmere LADO Service", "Westmere Police Safeguarding Hub",
                                 "Westmere Community Health Trust", "Harbour Family Support")
YOUTH = "Westmere Youth Service"  # named only on an attendance row, not in the directory

PARTNERS = [
    {"id": "P01", "name": "Nadia Ferris", "role": "LADO", "agency": LADO, "agency_type": "lado",
     "email": "nadia@lado.example.org", "tier": 1},
    {"id": "P02", "name": "DS Carl Benton", "role": "Detective Sergeant", "agency": POLICE, "agency_type": "police",
     "email": "carl@police.example.org", "tier": 1},
    {"id": "P03", "name": "Ruth Adeyemi", "role": "Named Nurse", "agency": HEALTH, "agency_type": "health",
     "email": "ruth@health.example.org", "tier": 2},
    {"id": "P04", "name": "Tom Greaves", "role": "School Nurse", "agency": HEALTH, "agency_type": "health",
     "email": "tom@health.example.org", "tier": 2},
    {"id": "P05", "name": "Elin Morgan", "role": "Family Support Lead", "agency": HARBOUR, "agency_type": "voluntary",
     "email": "elin@harbour.example.org", "tier": 3},
]

MEETINGS = {
    "LQR-2025-06": {"kind": "lado_quarterly", "title": "Quarterly LADO review, summer 2025", "date": "10/06/2025",
                    "invitees": ["P01"]},
    "LQR-2025-10": {"kind": "lado_quarterly", "title": "Quarterly LADO review, autumn 2025", "date": "14/10/2025",
                    "invitees": ["P01", "P02", "P03"]},
    "CSM-2026-01": {"kind": "case_strategy", "title": f"Case strategy meeting {CASE_REFERENCE}",
                    "date": "20/01/2026", "invitees": ["P01", "P02", "P04"], "case_reference": CASE_REFERENCE},
    "PCU-2026-05": {"kind": "partnership_catchup", "title": "Partnership catch-up, May 2026", "date": "12/05/2026",
                    "invitees": ["P01", "P02", "P03", "P04"]},
    "ASR-2026": {"kind": "annual_review", "title": "Annual strategic partnership review 2025/26",
                 "date": "08/07/2026", "invitees": ["P01", "P02", "P03", "P04", "P05"]},
}


def at(day: str, hour: int = 12) -> dt.datetime:
    """A moment on a DD/MM/YYYY day, as the file time a return arrives with."""
    return dt.datetime.strptime(day, "%d/%m/%Y").replace(hour=hour)


def action(row: int, description: str, owner: str, agency: str, due: str, **more: str) -> dict[str, str]:
    """The cells of one action row in a record or plan."""
    cells = {"description": description, "owner": owner, "agency": agency, "measure": "Confirmed to the chair",
             "due_date": due, **more}
    return {f"actions__{row}__{key}": value for key, value in cells.items()}


def attendance(*answers: str) -> dict[str, str]:
    """The attendance column for the pre-filled invitee rows, in invitation order."""
    return {f"attendance__{row}__attendance": answer for row, answer in enumerate(answers, start=1)}


def extra_attendee(row: int, name: str, agency: str, answer: str) -> dict[str, str]:
    return {f"attendance__{row}__name": name, f"attendance__{row}__agency": agency,
            f"attendance__{row}__attendance": answer}


CONTRIBUTION = {"attendance": "I will attend", "involvement": "Known to our service since 2024.",
                "information_accurate": True}

RECORDS = {
    "LQR-2025-06": ({**attendance("Present"), "decisions": "Carried on.", "notes_circulated_on": "11/06/2025",
                     **action(1, "Last year's action", "Nadia Ferris", LADO, "30/07/2025")}, "11/06/2025"),
    "LQR-2025-10": ({**attendance("Present", "Present", "Apologies, written contribution sent"),
                     "decisions": "Agreed the quarter's priorities.", "notes_circulated_on": "15/10/2025",
                     **action(1, "Circulate the updated LADO referral route", "Nadia Ferris", LADO, "30/11/2025"),
                     **action(2, "Brief response officers on the route", "DS Carl Benton", POLICE, "31/12/2025")},
                    "15/10/2025"),
    "CSM-2026-01": ({**attendance("Present", "Sent a substitute", "Present"), "attendance__2__substitute": "DC Lee",
                     **extra_attendee(4, "Sian Price", "westmere community health trust", "Present"),
                     "decisions": "A plan was agreed.", "notes_circulated_on": "23/01/2026"}, "23/01/2026"),
    "PCU-2026-05": ({**attendance("Present", "Absent, no word", "Present", "Apologies"),
                     **extra_attendee(5, "Kim Lowe", YOUTH, "Present"),
                     "decisions": "Reviewed joint training.", "notes_circulated_on": "14/05/2026",
                     **action(1, "Book joint training dates", "Ruth Adeyemi", HEALTH, "30/06/2026"),
                     **action(2, "Refresh the escalation guide", "Nadia Ferris", LADO, "31/10/2026"),
                     **action(3, "Update the hub's contact sheet", "DS Carl Benton",
                              "westmere police safeguarding hub", "15/07/2026")}, "14/05/2026"),
}

PLAN = {**action(1, "Arrange a health review for the family", "Tom Greaves", HEALTH, "27/02/2026"),
        **action(2, "Share the strategy outcome with the hub", "DS Carl Benton", POLICE, "30/09/2026")}

#: (meeting, partner, day received); LQR-2025-10 is due 10/10/2025, CSM-2026-01 16/01/2026,
#: PCU-2026-05 08/05/2026, ASR-2026 06/07/2026 (two working days before each meeting).
CONTRIBUTIONS = [
    ("LQR-2025-06", "P01", "05/06/2025"),
    ("LQR-2025-10", "P01", "09/10/2025"), ("LQR-2025-10", "P02", "13/10/2025"), ("LQR-2025-10", "P03", "10/10/2025"),
    ("CSM-2026-01", "P01", "15/01/2026"),
    ("PCU-2026-05", "P03", "11/05/2026"), ("PCU-2026-05", "P04", "07/05/2026"),
    ("ASR-2026", "P05", "01/07/2026"),
]


def ratings(*per_domain: list[str]) -> dict[str, str]:
    """Checklist answers: one list of ratings ('' for blank) per domain, in REVIEW_DOMAINS order."""
    labels = {"1": "1 - Not in place", "2": "2 - Developing", "3": "3 - Working well", "4": "4 - Strong"}
    values = {}
    for (_, (_, questions)), given in zip(REVIEW_DOMAINS.items(), per_domain):
        for (name, _), rating in zip(questions, given):
            if rating:
                values[name] = labels[rating]
    return values


def improvement(bucket: str, row: int, what: str, owner: str, due: str) -> dict[str, str]:
    return {f"{bucket}__{row}__action": what, f"{bucket}__{row}__owner": owner, f"{bucket}__{row}__due_by": due}


CHECKLISTS = {
    ("2025/26", "P01"): {**ratings(["4", "4", "3", "4", ""], ["3"] * 4, ["3", "2", "3"], ["4"] * 5, ["2"] * 4),
                         **improvement("improve_immediate", 1, "Refresh the partner contact list", "Nadia Ferris",
                                       "30/11/2026")},
    ("2025/26", "P02"): {**ratings(["2"] * 5, ["2", "2", "1", "1"], ["2"] * 3, ["3"] * 5, ["1"] * 4),
                         "flag_delayed_responses": True, "flag_sharing_uncertainty": True,
                         "gap_communication": "Strategy discussions are not always minuted to us.",
                         "gap_resource": "No secure e-mail with the hub yet.",
                         **improvement("improve_immediate", 1, "Set up secure e-mail with the hub", "DS Carl Benton",
                                       "31/10/2026"),
                         **improvement("improve_medium", 1, "Joint training on information sharing",
                                       "Partnership manager", "31/03/2027")},
    ("2025/26", "P03"): {**ratings(["3"] * 5, ["4"] * 4, ["3"] * 3, ["2"] * 5, ["3"] * 4),
                         "flag_sharing_uncertainty": True,
                         "gap_knowledge": f"Delays on {CASE_REFERENCE} showed new nurses do not know the LADO route.",
                         **improvement("improve_long", 1, "Agree shared performance indicators", "Ruth Adeyemi",
                                       "30/09/2027")},
    ("2024/25", "P01"): {**ratings(*(["3"] * 5 for _ in range(5))), "flag_lead_confusion": True},
    ("2024/25", "P02"): ratings(*(["2"] * 5 for _ in range(5))),
}


def _write_meeting(workspace: Workspace, meeting_id: str) -> Path:
    data = {"id": meeting_id, "start_time": "10:00", "venue": "Westmere House", "chair": "Nadia Ferris",
            "note_taker": "Alex Reed", **MEETINGS[meeting_id]}
    path = workspace.meetings_dir / f"{meeting_id}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _issue_checklist(store: Any, year: str, partner: dict[str, Any]) -> bytes:
    """Issue a review checklist as the partnership office does: a form for one partner and year."""
    meeting_id = f"REVIEW-{year.replace('/', '-')}"
    identity = FormIdentity.issue("review_checklist", ReviewChecklistSchema.schema_version, meeting_id, partner["id"])
    form = build_form("review_checklist", identity, {
        "meeting_id": meeting_id, "meeting_title": f"Partnership review {year}", "partner_id": partner["id"],
        "partner_name": partner["name"], "agency": partner["agency"], "role": partner["role"], "review_year": year})
    pdf = render_pdf_form(form)
    store.register_issued([IssuedForm.from_identity(identity, issued_at=dt.datetime.now(dt.timezone.utc))])
    return pdf


def build_year(root: Path) -> Workspace:
    """The whole fictional year, from packs to collected returns, in the order things happened."""
    workspace = init_workspace(root / "ws", partnership=PARTNERSHIP)
    workspace.partners_file.write_text(yaml.safe_dump({"partnership": PARTNERSHIP, "partners": PARTNERS}),
                                       encoding="utf-8")
    inbox = root / "inbox"
    inbox.mkdir()
    packs = {}
    with workspace.open_store() as store:
        for meeting_id in MEETINGS:
            meeting, directory = load_meeting(_write_meeting(workspace, meeting_id), workspace.partners_file)
            packs[meeting_id] = build_pack(meeting, directory, workspace.output_dir)
            register_pack(store, packs[meeting_id], meeting, directory)

        def form(meeting_id: str, stem: str) -> bytes:
            return (packs[meeting_id].folder / "forms" / f"{stem}.pdf").read_bytes()

        for number, (meeting_id, pid, day) in enumerate(CONTRIBUTIONS):
            filled = fill_pdf(form(meeting_id, f"contribution-{pid}"), {**CONTRIBUTION, "completed_on": day})
            drop(inbox / f"c{number}.pdf", filled, at(day))
        # A corrected copy after the deadline: the first copy was on time, so the return stays on time.
        drop(inbox / "c-corrected.pdf", fill_pdf(form("PCU-2026-05", "contribution-P04"), {
            **CONTRIBUTION, "involvement": "Corrected.", "completed_on": "12/05/2026"}), at("12/05/2026"))
        for meeting_id, (values, day) in RECORDS.items():
            drop(inbox / f"record-{meeting_id}.pdf", fill_pdf(form(meeting_id, "meeting-record-form"), values), at(day))
        # The case meeting's plan, returned as Word, is what the register takes its actions from.
        plan = (packs["CSM-2026-01"].folder / "forms" / "action-plan-form.docx").read_bytes()
        drop(inbox / "plan.docx", fill_docx(plan, PLAN), at("21/01/2026"))
        for (year, pid), values in CHECKLISTS.items():
            blank = _issue_checklist(store, year, next(p for p in PARTNERS if p["id"] == pid))
            done = "15/06/2025" if year == "2024/25" else "15/06/2026"
            drop(inbox / f"checklist-{year[:4]}-{pid}.pdf",
                 fill_pdf(blank, {**values, "reviewer": "Alex Reed", "completed_on": done}), at(done))
        Collector(store, workspace.quarantine_dir).collect([inbox])

        # An update round in March: two owners report an action done, one on time and one late.
        rows, _ = consolidate(store)
        updates = build_update_pack(rows, dt.date(2026, 3, 2), workspace.output_dir,
                                    load_directory(workspace.partners_file))
        register_pack(store, updates)
        update_box = root / "updates"
        update_box.mkdir()
        for pid, action_id, completed, day in [("P01", "LQR-2025-10-A1", "25/11/2025", "05/03/2026"),
                                               ("P04", "CSM-2026-01-A1", "10/03/2026", "12/03/2026")]:
            blank = (updates.folder / "forms" / f"action-update-{pid}.pdf").read_bytes()
            row = _update_row(store, pid, action_id)
            drop(update_box / f"update-{pid}.pdf", fill_pdf(blank, {
                f"updates__{row}__status": "Done", f"updates__{row}__completed_on": completed,
                f"updates__{row}__progress_note": "Finished.", "completed_on": day}), at(day))
        Collector(store, workspace.quarantine_dir).collect([update_box])
    return workspace


def _update_row(store: Any, pid: str, action_id: str) -> int:
    """Which row of an owner's update form lists an action (rows are sorted by due date, then id)."""
    rows, _ = consolidate(store)
    owner = next(p["name"] for p in PARTNERS if p["id"] == pid)
    mine = sorted((r for r in rows if r.owner == owner and not r.is_done), key=lambda r: (r.due_date, r.action_id))
    return [r.action_id for r in mine].index(action_id) + 1


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return build_year(tmp_path_factory.mktemp("review"))


@pytest.fixture(scope="module")
def figures(year: Workspace) -> ReviewFigures:
    with year.open_store() as store:
        return review_figures(store, load_directory(year.partners_file), "2025/26", as_of=YEAR_END)


@pytest.fixture(scope="module")
def review_docx(figures: ReviewFigures) -> bytes:
    return render_review(figures, partnership=PARTNERSHIP, today=dt.date(2026, 9, 4))


def text_of(data: bytes) -> str:
    """Every paragraph's text: body, tables, headers and footers."""
    document = docx.Document(io.BytesIO(data))
    parts = [document.element.body, *(s.header._element for s in document.sections),
             *(s.footer._element for s in document.sections)]
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p")))


def test_every_return_was_accepted(year: Workspace) -> None:
    with year.open_store() as store:
        assert store.rejections() == []
        assert len(store.current_returns(form_type="review_checklist")) == 5
        assert len(store.current_returns(form_type="meeting_record")) == 4
        assert len(store.current_returns(form_type="action_update")) == 2


# --- meetings held ---------------------------------------------------------------------------------------------

def test_meetings_count_when_invited_and_the_record_came_back(figures: ReviewFigures) -> None:
    # Held = meetings in 2025/26 with a returned record that listed the partner as an invitee:
    # LQR-2025-10, CSM-2026-01, PCU-2026-05 (ASR-2026 has no record; LQR-2025-06 is last year).
    held = {p.partner_id: (p.held, p.expected) for p in figures.partner_meetings}
    assert held == {"P01": (3, 4), "P02": (3, 4), "P03": (2, 2), "P04": (2, 2), "P05": (0, 1)}
    assert figures.meetings_held == 3


def test_agency_figures_add_up_their_partners(figures: ReviewFigures) -> None:
    # The health trust has two tier 2 partners: 2 + 2 expected, 2 + 2 held.
    rows = [(a.agency, a.partners, a.expected, a.held, a.share.percent) for a in figures.agency_meetings]
    assert rows == [(LADO, 1, 4, 3, 75.0), (POLICE, 1, 4, 3, 75.0), (HEALTH, 2, 4, 4, 100.0), (HARBOUR, 1, 1, 0, 0.0)]
    assert (figures.totals.meetings.count, figures.totals.meetings.total) == (10, 13)  # 3+3+4+0 of 4+4+4+1
    assert (figures.totals.partners_on_target.count, figures.totals.partners_on_target.total) == (2, 5)  # P03, P04


# --- attendance, contributions and notes -----------------------------------------------------------------------

def test_attendance_rows_are_matched_by_partner_then_by_agency_name(figures: ReviewFigures) -> None:
    # LADO: present at all three. Police: present, substitute, absent. Health: P03 written then present,
    # P04 present then apologies, and Sian Price (no partner id, agency typed in lower case) present.
    # The youth service is only named on a row, so it gets its own line.
    counts = {a.agency: a.counts for a in figures.attendance}
    assert list(counts) == [LADO, POLICE, HEALTH, YOUTH]
    assert counts[LADO] == {"present": 3, "substitute": 0, "written": 0, "apologies": 0, "absent": 0}
    assert counts[POLICE] == {"present": 1, "substitute": 1, "written": 0, "apologies": 0, "absent": 1}
    assert counts[HEALTH] == {"present": 3, "substitute": 0, "written": 1, "apologies": 1, "absent": 0}
    assert counts[YOUTH] == {"present": 1, "substitute": 0, "written": 0, "apologies": 0, "absent": 0}
    represented = figures.totals.represented
    assert (represented.count, represented.total) == (9, 12)  # present or substitute, of every row


def test_contributions_are_on_time_by_their_first_copy(figures: ReviewFigures) -> None:
    # Asked for: one per invitee of each 2025/26 meeting (3 + 3 + 4 + 5 = 15). Returned late: P02 for
    # LQR-2025-10 (13/10 > 10/10) and P03 for PCU-2026-05 (11/05 > 08/05). P04's correction for PCU-2026-05
    # came after the deadline but its first copy was on time.
    rows = [(c.agency, c.issued, c.returned, c.on_time, c.late) for c in figures.contributions]
    assert rows == [(LADO, 4, 2, 2, 0), (POLICE, 4, 1, 0, 1), (HEALTH, 6, 3, 2, 1), (HARBOUR, 1, 1, 1, 0)]
    assert (figures.totals.contributions_on_time.count, figures.totals.contributions_on_time.total) == (5, 15)


def test_notes_count_as_prompt_within_two_days(figures: ReviewFigures) -> None:
    assert [(n.date, n.days, n.within_48_hours) for n in figures.notes] == [
        (dt.date(2025, 10, 14), 1, True), (dt.date(2026, 1, 20), 3, False), (dt.date(2026, 5, 12), 2, True)]
    share = figures.totals.notes_within_48_hours
    assert (share.count, share.total) == (2, 3)


# --- actions ---------------------------------------------------------------------------------------------------

def test_actions_by_agency_at_the_end_of_the_year(figures: ReviewFigures) -> None:
    # LADO: LQR-A1 done 25/11/2025 (due 30/11) on time; PCU-A2 due 31/10/2026 open.
    # Police: LQR-A2 due 31/12/2025 overdue; CSM-A2 (from the plan) due 30/09/2026 open; PCU-A3 due 15/07/2026
    # overdue (agency typed in lower case). Health: CSM-A1 done 10/03/2026 (due 27/02) late; PCU-A1 due 30/06
    # overdue. Last year's LQR-2025-06 action is not counted.
    counts = {a.agency: a.counts for a in figures.actions}
    assert counts == {LADO: {"on_time": 1, "late": 0, "open": 1, "overdue": 0},
                      POLICE: {"on_time": 0, "late": 0, "open": 1, "overdue": 2},
                      HEALTH: {"on_time": 0, "late": 1, "open": 0, "overdue": 1}}
    assert figures.totals.actions == {"on_time": 1, "late": 1, "open": 2, "overdue": 3}
    assert (figures.totals.actions_done_on_time.count, figures.totals.actions_done_on_time.total) == (1, 2)


def test_an_earlier_position_date_counts_what_was_known_then(year: Workspace) -> None:
    # On 01/03/2026 only LQR-2025-10 and CSM-2026-01 had been held. CSM-A1 was finished on 10/03/2026, so on
    # 01/03 it was still open and past its due date of 27/02: overdue.
    with year.open_store() as store:
        early = review_figures(store, load_directory(year.partners_file), "2025/26", as_of=dt.date(2026, 3, 1))
    assert early.meetings_held == 2
    assert {a.agency: a.counts for a in early.actions} == {
        LADO: {"on_time": 1, "late": 0, "open": 0, "overdue": 0},
        POLICE: {"on_time": 0, "late": 0, "open": 1, "overdue": 1},
        HEALTH: {"on_time": 0, "late": 0, "open": 0, "overdue": 1}}
    assert [(c.agency, c.issued, c.returned, c.on_time) for c in early.contributions] == [
        (LADO, 2, 2, 2), (POLICE, 2, 1, 0), (HEALTH, 2, 1, 1)]


# --- review checklists ---------------------------------------------------------------------------------------

def test_checklist_means_leave_out_blank_ratings(figures: ReviewFigures) -> None:
    # P01 left one communication statement blank: (4 + 4 + 3 + 4) / 4 = 3.75; process (3 + 2 + 3) / 3.
    means = {p.partner_id: p.means for p in figures.partner_scores}
    assert means["P01"] == pytest.approx({"communication": 3.75, "information_systems": 3.0,
                                          "information_process": 8 / 3, "joint_decisions": 4.0, "training": 2.0})
    assert means["P02"] == pytest.approx({"communication": 2.0, "information_systems": 1.5,
                                          "information_process": 2.0, "joint_decisions": 3.0, "training": 1.0})
    assert list(means) == ["P01", "P02", "P03"]


def test_area_means_pool_every_rating_and_compare_with_last_year(figures: ReviewFigures) -> None:
    # Communication: (15 + 10 + 15) / 14 ratings; systems (12 + 6 + 16) / 12; process (8 + 6 + 9) / 9;
    # decisions (20 + 15 + 10) / 15; training (8 + 4 + 12) / 12. In 2024/25 P01 gave all 3s and P02 all 2s.
    domains = {d.domain: d for d in figures.domains}
    assert {k: d.mean for k, d in domains.items()} == pytest.approx({
        "communication": 40 / 14, "information_systems": 34 / 12, "information_process": 23 / 9,
        "joint_decisions": 3.0, "training": 2.0})
    assert {k: d.answers for k, d in domains.items()} == {
        "communication": 14, "information_systems": 12, "information_process": 9, "joint_decisions": 15,
        "training": 12}
    assert {k: d.previous_mean for k, d in domains.items()} == pytest.approx(dict.fromkeys(domains, 2.5))
    assert domains["training"].change == pytest.approx(-0.5)
    assert domains["joint_decisions"].change == pytest.approx(0.5)
    assert figures.totals.rating == pytest.approx(166 / 62)  # 40 + 34 + 23 + 45 + 24 over 62 ratings
    assert figures.totals.previous_rating == pytest.approx(2.5)
    assert (figures.checklists, figures.previous_checklists) == (3, 2)


def test_red_flags_are_counted_per_checklist_with_their_agencies(figures: ReviewFigures) -> None:
    # P02 ticked slow responses and sharing uncertainty, P03 sharing uncertainty; P01's 2024/25 flag is last year's.
    flags = {f.name: (f.count, f.agencies) for f in figures.red_flags}
    assert flags == {"flag_delayed_responses": (1, (POLICE,)), "flag_lead_confusion": (0, ()),
                     "flag_mixed_messages": (0, ()), "flag_sharing_uncertainty": (2, (POLICE, HEALTH))}
    assert figures.totals.red_flags == 3


def test_gaps_keep_their_text_without_case_references(figures: ReviewFigures) -> None:
    gaps = {g.name: [(f.agency, f.text) for f in g.findings] for g in figures.gaps}
    assert gaps == {
        "gap_relationship": [],
        "gap_communication": [(POLICE, "Strategy discussions are not always minuted to us.")],
        "gap_knowledge": [(HEALTH, "Delays on [case reference removed] showed new nurses do not know the LADO route.")],
        "gap_resource": [(POLICE, "No secure e-mail with the hub yet.")],
    }


def test_improvement_plan_is_grouped_by_how_soon(figures: ReviewFigures) -> None:
    plan = {b.name: [(i.action, i.owner, i.due_by, i.agency) for i in b.items] for b in figures.improvements}
    assert plan == {
        "improve_immediate": [
            ("Set up secure e-mail with the hub", "DS Carl Benton", dt.date(2026, 10, 31), POLICE),
            ("Refresh the partner contact list", "Nadia Ferris", dt.date(2026, 11, 30), LADO)],
        "improve_medium": [
            ("Joint training on information sharing", "Partnership manager", dt.date(2027, 3, 31), POLICE)],
        "improve_long": [("Agree shared performance indicators", "Ruth Adeyemi", dt.date(2027, 9, 30), HEALTH)],
    }


def test_the_previous_year_reviews_on_its_own(year: Workspace) -> None:
    # 2024/25 held only LQR-2025-06 (P01); nothing before it to compare checklists with.
    with year.open_store() as store:
        last = review_figures(store, load_directory(year.partners_file), "2024/2025")
    assert last.year == "2024/25" and last.as_of == dt.date(2025, 8, 31)
    assert [(p.partner_id, p.held) for p in last.partner_meetings if p.held] == [("P01", 1)]
    assert all(d.previous_mean is None and d.change is None for d in last.domains)
    assert {a.agency: a.counts["overdue"] for a in last.actions} == {LADO: 1}


# --- the Word review -------------------------------------------------------------------------------------------

def test_review_opens_with_real_headings_and_every_tag_filled(review_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(review_docx))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary of key figures", "Meetings and engagement", "Attendance and contributions",
                        "Notes and follow-up", "Actions", "Partnership review checklist results",
                        "Red flags and gaps", "Improvement plan", "Method and data notes"]
    assert {"Immediate (0 to 3 months)", "Medium term (3 to 12 months)", "Long term (12 months and more)"} <= {
        p.text for p in document.paragraphs if p.style.name == "Heading 2"}
    text = text_of(review_docx)
    assert "{{" not in text and "{%" not in text
    assert all(cell.find(qn("w:p")) is not None for cell in document.element.body.iter(qn("w:tc")))


def test_review_states_the_key_figures(review_docx: bytes) -> None:
    text = text_of(review_docx)
    for expected in ["10 held, 13 expected (77%)", "9 of 12 (75%)", "5 of 15 (33%)", "2 of 3 (67%)",
                     "7 (1 done on time, 1 done late, 2 open, 3 overdue)", "2.7 (2.5 in 2024/25)",
                     "\u22120.5", "Monday 31 August 2026"]:
        assert expected in text, expected


def test_marking_is_in_every_header_and_footer(review_docx: bytes) -> None:
    for section in docx.Document(io.BytesIO(review_docx)).sections:
        assert "OFFICIAL-SENSITIVE" in "\n".join(p.text for p in section.header.paragraphs)
        assert "OFFICIAL-SENSITIVE" in "\n".join(p.text for p in section.footer.paragraphs)
    footer = zipfile.ZipFile(io.BytesIO(review_docx)).read("word/footer1.xml").decode()
    assert " PAGE " in footer and " NUMPAGES " in footer


def test_every_picture_has_alt_text(review_docx: bytes, figures: ReviewFigures) -> None:
    document = docx.Document(io.BytesIO(review_docx))
    pictures = list(document.element.body.iter(qn("wp:docPr")))
    charts = review_charts(figures)
    assert len(pictures) == len(charts) == 4
    assert {p.get("descr") for p in pictures} == {chart.alt_text for chart in charts.values()}
    assert all(p.get("descr") and p.get("title") for p in pictures)


def test_review_holds_no_case_reference_or_contribution_content(review_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(review_docx)) as package:
        xml = "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist()
                      if name.endswith(".xml"))
    for secret in (CASE_REFERENCE, "CSM-2026-01", CONTRIBUTION["involvement"], "Corrected."):
        assert secret not in xml


def test_charts_are_the_same_every_time(figures: ReviewFigures) -> None:
    first, second = review_charts(figures), review_charts(figures)
    assert {name: c.png for name, c in first.items()} == {name: c.png for name, c in second.items()}
    assert all(chart.png.startswith(b"\x89PNG") for chart in first.values())


def test_marking_can_be_official(figures: ReviewFigures) -> None:
    data = render_review(figures, partnership=PARTNERSHIP, marking="OFFICIAL")
    assert docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text == "OFFICIAL"


# --- the command -----------------------------------------------------------------------------------------------

def test_review_command_writes_the_year_end_review_by_default(year: Workspace) -> None:
    result = CliRunner().invoke(review, ["--year", "2025/26", "--workspace", str(year.root)])
    assert result.exit_code == 0, result.output
    assert "as at 31/08/2026" in result.output
    written = year.output_dir / "annual-review-2025-26.docx"
    assert "10 held, 13 expected (77%)" in text_of(written.read_bytes())


def test_review_command_refuses_a_malformed_year(year: Workspace) -> None:
    result = CliRunner().invoke(review, ["--year", "2025-26", "--workspace", str(year.root)])
    assert result.exit_code == 2
    assert "like 2026/27" in result.output
