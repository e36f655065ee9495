"""annual_review.docx: the partnership's annual review for its board, with tables and charts.

Every number comes from the context generator/review/report.py builds from
the review's figures; the template only lays them out. Charts arrive as
images (``{{ charts.meetings }}``) with their alt text already set.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from ..schemas.review import REVIEW_DOMAINS
from .blocks import Detail, add_row, bullets, details, grid, heading, para, spacer, tag
from .house_style import GUIDANCE, MUTED, SENDER, add_header_and_footer, new_document

CHART = "Review Chart"
CAPTION = "Caption"
#: Short column headings for the five checklist areas, explained in a key under the table.
AREA_HEADINGS = {"communication": "Comms", "information_systems": "Systems", "information_process": "Process",
                 "joint_decisions": "Decisions", "training": "Training"}


def build() -> WordDocument:
    """The annual partnership review template."""
    document = new_document(title="Annual partnership review", subject="The partnership's year in figures")
    _chart_styles(document)
    add_header_and_footer(document, "Annual partnership review {{ year }}")
    _title_block(document)
    _summary(document)
    _meetings(document)
    _attendance(document)
    _notes(document)
    _actions(document)
    _checklists(document)
    _red_flags_and_gaps(document)
    _improvement_plan(document)
    _method(document)
    return document


def _chart_styles(document: WordDocument) -> None:
    """A centred paragraph style to hold a chart, and a muted caption under it."""
    chart = document.styles.add_style(CHART, 1)
    chart.base_style = document.styles["Normal"]
    chart.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chart.paragraph_format.space_before, chart.paragraph_format.space_after = Pt(6), Pt(2)
    chart.paragraph_format.keep_with_next = True
    caption = document.styles[CAPTION]
    caption.base_style = document.styles["Normal"]
    caption.font.size, caption.font.bold, caption.font.italic = Pt(9), False, True
    caption.font.color.rgb = RGBColor.from_string(MUTED)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(10)


def _chart(document: WordDocument, name: str, caption: str) -> None:
    tag(document, f"{{%p if charts.{name} %}}")
    para(document, f"{{{{ charts.{name} }}}}", style=CHART)
    para(document, caption, style=CAPTION)
    tag(document, "{%p endif %}")


def _lead_in(document: WordDocument, text: str) -> None:
    """A section's opening paragraph, kept on the page with the chart or table after it."""
    para(document, text).paragraph_format.keep_with_next = True


def _keep_together(table: object) -> None:
    """Keep a short table on one page: each row stays with the next."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


@contextmanager
def _unless_empty(document: WordDocument, rows: str, otherwise: str | None = None) -> Iterator[None]:
    """What is drawn inside appears only when ``rows`` has something; ``otherwise`` says so instead."""
    tag(document, f"{{%p if {rows} %}}")
    yield
    if otherwise:
        tag(document, "{%p else %}")
        para(document, otherwise, style=GUIDANCE)
    tag(document, "{%p endif %}")


def _title_block(document: WordDocument) -> None:
    para(document, "{{ partnership }}", style=SENDER)
    para(document, "Annual partnership review", style="Title")
    para(document, "Academic year {{ year }}: how the partnership worked together", style="Subtitle")
    details(document, [
        Detail("Partnership", "{{ partnership }}"),
        Detail("Year covered", "{{ starts|longdate }} to {{ ends|longdate }}"),
        Detail("Position as at", "{{ as_of|longdate }}"),
        Detail("Compared with", "{{ previous_year }}"),
        Detail("Protective marking", "**{{ marking }}**"),
        Detail("Prepared", "{{ generated_on|longdate }}, from the forms partners returned"),
    ], weights=(1, 3))
    spacer(document)


def _summary(document: WordDocument) -> None:
    heading(document, "Summary of key figures")
    grid(document, ["Measure", "{{ year }}"], [3.4, 2.6], loop="line in summary",
         cells=["{{ line.label }}", "**{{ line.value }}**"])
    spacer(document)
    tag(document, "{%p if attention %}")
    heading(document, "For the board's attention", level=2)
    tag(document, "{%p for point in attention %}")
    para(document, "{{ point }}", style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")


def _meetings(document: WordDocument) -> None:
    heading(document, "Meetings and engagement").paragraph_format.page_break_before = True
    _lead_in(document, "Each partner's tier sets how often the partnership expects to meet them: tier 1 four "
                       "times a year, tier 2 twice and tier 3 once. A meeting counts as held with a partner when "
                       "they were invited and the meeting's record has been returned.")
    _chart(document, "meetings", "Figure 1. Meetings held against the number expected, by agency.")
    table = grid(document, ["Agency", "Partners", "Expected", "Held", "% of expected"], [4.4, 1.3, 1.3, 1.3, 1.6],
                 loop="row in agency_meetings",
                 cells=["{{ row.agency }}", "{{ row.partners }}", "{{ row.expected }}", "{{ row.held }}",
                        "{{ row.percent }}"], centred=(1, 2, 3, 4))
    add_row(table, ["**All agencies**", "**{{ meeting_totals.partners }}**", "**{{ meeting_totals.expected }}**",
                    "**{{ meeting_totals.held }}**", "**{{ meeting_totals.percent }}**"], centred=(1, 2, 3, 4))
    spacer(document)
    heading(document, "By partner", level=2)
    grid(document, ["Partner", "Agency", "Tier", "Expected", "Held"], [2.6, 3.4, 1.7, 1.1, 1.1],
         loop="row in partner_meetings",
         cells=["{{ row.name }}", "{{ row.agency }}", "{{ row.tier }} ({{ row.tier_label }})", "{{ row.expected }}",
                "{{ row.held }}"], centred=(3, 4))
    spacer(document)


def _attendance(document: WordDocument) -> None:
    heading(document, "Attendance and contributions")
    _lead_in(document, "Attendance is taken from the register in each returned meeting record. An agency is "
                       "represented when someone attends in person or sends a substitute.")
    _chart(document, "attendance", "Figure 2. How each agency's invitees answered the register.")
    with _unless_empty(document, "attendance", "No meeting records with attendance were returned for the year."):
        grid(document, ["Agency", "Present", "Substitute", "Written only", "Apologies", "Absent", "Represented"],
             [3.2, 1.25, 1.55, 1.35, 1.5, 1.2, 1.75], loop="row in attendance",
             cells=["{{ row.agency }}", "{{ row.present }}", "{{ row.substitute }}", "{{ row.written }}",
                    "{{ row.apologies }}", "{{ row.absent }}", "{{ row.represented }}"], centred=(1, 2, 3, 4, 5, 6))
        para(document, "Written only: sent apologies with a written contribution. Absent: no word was received. "
                       "Each row of a meeting's register counts once, so people who attended several meetings "
                       "count several times.", style=GUIDANCE)
    heading(document, "Written contributions", level=2)
    _lead_in(document, "Partners are asked for a written contribution before each meeting, due two working days "
                       "before it. A contribution is on time when its first copy arrived by the due date.")
    with _unless_empty(document, "contributions", "No written contributions were asked for during the year."):
        grid(document, ["Agency", "Asked for", "Returned", "On time", "Late", "On time (% of asked)"],
             [3.8, 1.3, 1.3, 1.3, 1.1, 2.2], loop="row in contributions",
             cells=["{{ row.agency }}", "{{ row.issued }}", "{{ row.returned }}", "{{ row.on_time }}",
                    "{{ row.late }}", "{{ row.on_time_percent }}"], centred=(1, 2, 3, 4, 5))
        spacer(document)


def _notes(document: WordDocument) -> None:
    heading(document, "Notes and follow-up")
    _lead_in(document, "Notes of decisions and actions should reach everyone invited within 48 hours of the meeting. "
                       "**{{ notes_summary }}**")
    with _unless_empty(document, "notes", "No meeting records were returned for the year."):
        grid(document, ["Meeting", "Held on", "Notes circulated", "Days after", "Within 48 hours"],
             [3.6, 2.0, 2.2, 1.4, 1.8], loop="row in notes",
             cells=["{{ row.kind_label }}", "{{ row.date|shortdate }}", "{{ row.circulated }}", "{{ row.days }}",
                    "{{ row.within }}"], centred=(1, 2, 3, 4))
        spacer(document)


def _actions(document: WordDocument) -> None:
    heading(document, "Actions")
    _lead_in(document, "Every SMART action agreed at a meeting in the year, with its owner's latest update, as at "
                       "{{ as_of|longdate }}. An action is overdue when it is not done and its due date has passed.")
    _chart(document, "actions", "Figure 3. Actions by agency and outcome.")
    with _unless_empty(document, "actions", "No actions were agreed at meetings during the year."):
        table = grid(document, ["Agency", "Done on time", "Done late", "Open", "Overdue", "Total"],
                     [4.2, 1.5, 1.4, 1.2, 1.3, 1.2], loop="row in actions",
                     cells=["{{ row.agency }}", "{{ row.on_time }}", "{{ row.late }}", "{{ row.open }}",
                            "{{ row.overdue }}", "{{ row.total }}"], centred=(1, 2, 3, 4, 5))
        add_row(table, ["**All agencies**"] + [f"**{{{{ action_totals.{key} }}}}**"
                                               for key in ("on_time", "late", "open", "overdue", "total")],
                centred=(1, 2, 3, 4, 5))
        spacer(document)


def _checklists(document: WordDocument) -> None:
    heading(document, "Partnership review checklist results")
    _lead_in(document, "Each partner's checklist rates statements about working together from 1 (not in place) to 4 "
                       "(strong). {{ checklist_summary }}")
    by_area = grid(document, ["Area", "{{ year }} mean", "Ratings given", "{{ previous_year }} mean", "Change"],
                   [3.8, 1.6, 1.5, 1.6, 1.3], loop="row in domains",
                   cells=["{{ row.title }}", "**{{ row.mean }}**", "{{ row.answers }}", "{{ row.previous_mean }}",
                          "{{ row.change }}"], centred=(1, 2, 3, 4))
    _keep_together(by_area)
    spacer(document)
    _chart(document, "domains", "Figure 4. Mean rating by area, this year beside last year.")
    heading(document, "By partner", level=2)
    areas = list(REVIEW_DOMAINS)
    key = "; ".join(f"{AREA_HEADINGS[a]}: {REVIEW_DOMAINS[a][0].lower()}" for a in areas if a in AREA_HEADINGS)
    with _unless_empty(document, "partner_scores", "No checklists were returned for the year."):
        grid(document, ["Partner", "Agency"] + [AREA_HEADINGS.get(a, REVIEW_DOMAINS[a][0]) for a in areas],
             [2.0, 2.4] + [1.5] * len(areas), loop="row in partner_scores",
             cells=["{{ row.name }}", "{{ row.agency }}"] + [f"{{{{ row.means.{a} }}}}" for a in areas],
             centred=tuple(range(2, 2 + len(areas))))
        para(document, f"Mean of the ratings each partner's checklist gave in each area. {key}. A dash means every "
                       "statement in that area was left blank.", style=GUIDANCE)


def _red_flags_and_gaps(document: WordDocument) -> None:
    heading(document, "Red flags and gaps")
    _lead_in(document, "Red flags are warning signs the checklists ask about directly. Each count is the number of "
                       "checklists that ticked it.")
    flags = grid(document, ["Red flag", "Checklists", "Agencies"], [4.6, 1.4, 4.0], loop="row in red_flags",
                 cells=["{{ row.label }}", "{{ row.count }}", "{{ row.agencies }}"], centred=(1,))
    _keep_together(flags)
    spacer(document)
    tag(document, "{%p if other_red_flags %}")
    heading(document, "Other concerns raised", level=2)
    tag(document, "{%p for item in other_red_flags %}")
    para(document, "**{{ item.agency }}:** {{ item.text }}", style="List Bullet")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    heading(document, "Gaps found", level=2)
    _lead_in(document, "{{ gaps_summary }}")
    with _unless_empty(document, "gap_rows"):
        grid(document, ["Type of gap", "Agency", "What was found"], [2.2, 2.6, 5.2], loop="row in gap_rows",
             cells=["{{ row.title }}", "{{ row.agency }}", "{{ row.text }}"])
        spacer(document)


def _improvement_plan(document: WordDocument) -> None:
    heading(document, "Improvement plan")
    _lead_in(document, "Every improvement the checklists proposed, grouped by how soon it should happen, with who "
                       "leads it and by when.")
    tag(document, "{%p for bucket in improvements %}")
    heading(document, "{{ bucket.title }}", level=2)
    tag(document, "{%p if bucket.rows %}")
    grid(document, ["Improvement", "Lead", "By", "Raised for"], [4.6, 2.2, 1.4, 2.6], loop="item in bucket.rows",
         cells=["{{ item.action }}", "{{ item.owner }}", "{{ item.due_by }}", "{{ item.agency }}"], centred=(2,))
    tag(document, "{%p else %}")
    para(document, "No improvements were planned in this time frame.", style=GUIDANCE)
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")


def _method(document: WordDocument) -> None:
    heading(document, "Method and data notes").paragraph_format.page_break_before = True
    bullets(document, [
        "**Period.** The academic year runs from 1 September to 31 August. Figures are counted as at "
        "{{ as_of|longdate }}; meetings after that date, and actions completed after it, are not yet counted.",
        "**Source.** Every figure is counted from the forms partners returned and partnerpack collected: meeting "
        "records, action plans, action updates, written contributions and review checklists. Action-update rounds "
        "are not meetings.",
        "**Meetings held.** A meeting counts for a partner when they were invited and its record was returned. "
        "Agency figures add up their partners' figures.",
        "**Attendance.** Each row of a returned record's register counts once. Rows are matched to agencies by "
        "partner ID, or by the agency written on the row when there is none.",
        "**Written contributions.** On time means the first copy arrived on or before the day it was due; a later "
        "correction does not change that. Only the number and timing of contributions are used, never their "
        "content.",
        "**Notes within 48 hours.** The notes' circulation date is no more than two days after the meeting. A "
        "record that does not give the date counts as not within 48 hours.",
        "**Actions.** Actions come from each meeting's returned action plan, or its record if no plan was returned, "
        "with owners' latest updates applied. Done on time means completed on or before the due date.",
        "**Checklist ratings.** Blank answers are left out. An area's mean is the average of every rating given in "
        "that area across all checklists for the year; the change is this year's mean minus last year's.",
        "**Privacy.** This review holds counts and professional names only. It contains no child's details, no "
        "case references and nothing from written contributions; case references typed into checklist answers "
        "are removed.",
    ])
