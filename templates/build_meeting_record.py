"""meeting_record.docx: the note-taker's record, with attendance pre-filled from the invitation list."""
from __future__ import annotations

from docx.document import Document as WordDocument

from .blocks import Detail, answer_box, details, grid, heading, para, spacer
from .house_style import CELL, GUIDANCE, SENDER, TICK, add_header_and_footer, new_document

BOX = "☐"
CASE = 'meeting.kind == "case_strategy"'
IF_CASE = f"{{% if {CASE} %}}"


def build() -> WordDocument:
    """The meeting record template."""
    document = new_document(title="Meeting record", subject="Record of a partnership meeting")
    add_header_and_footer(document, "Meeting record")
    para(document, "{{ partnership }}", style=SENDER)
    para(document, "Meeting record", style="Title")
    para(document, "{{ meeting.title }}", style="Subtitle")
    details(document, [
        Detail("Meeting", "{{ meeting.kind_label }}"),
        Detail("Date", "{{ meeting.date|longdate }}, {{ meeting.start_time|hhmm }} to {{ meeting.end_time|hhmm }}"),
        Detail("Venue", "{{ meeting.venue }}", when="meeting.venue"),
        Detail("Online", "Held online", when="meeting.online_link and not meeting.venue"),
        Detail("Chair", "{{ meeting.chair }}"),
        Detail("Note-taker", "{{ meeting.note_taker }}"),
        Detail("Case reference", "{{ meeting.case_reference }}", when="meeting.case_reference"),
    ])
    spacer(document)
    para(document, "Record decisions and actions, not a word-for-word account. Send this record to everyone "
                   "invited within one working day, and save it to the child's records"
                   f"{{% if not ({CASE}) %}} or the partnership file{{% endif %}}.", style=GUIDANCE)
    _attendance(document)
    _discussion(document)
    _actions(document)
    _child_and_family(document)
    heading(document, "After the meeting")
    details(document, [
        Detail("Next meeting", ""),
        Detail("Notes circulated on", ""),
        Detail("Record completed by", "{{ meeting.note_taker }}"),
    ], weights=(1, 2.4))
    return document


def _attendance(document: WordDocument) -> None:
    heading(document, "Who took part")
    para(document, "Tick one box for each person. Where someone sent a substitute, write the substitute's "
                   "name. Add anyone else who joined in the empty rows.", style=GUIDANCE)
    grid(document, ["Name", "Role and agency", "Present", "Apologies", "Substitute"], [3, 4.3, 1.5, 1.75, 3.1],
         loop="partner in invitees",
         cells=["**{{ partner.name }}**", [(CELL, "{{ partner.role }}"), (CELL, "{{ partner.agency }}")],
                [(TICK, BOX)], [(TICK, BOX)], ""],
         blank_rows=2, row_height_mm=8, centred=(2, 3))
    spacer(document)
    heading(document, "Written contributions received", level=2)
    para(document, "Who sent information in writing, and was it shared at the meeting?", style=GUIDANCE)
    answer_box(document, 22)


def _discussion(document: WordDocument) -> None:
    heading(document, "Discussion")
    heading(document, "Purpose", level=2)
    answer_box(document, 16, "{{ meeting.purpose }}")
    heading(document, "Decisions", level=2)
    para(document, "Record each decision. Where a partner disagreed, note their view and the reasons they gave.",
         style=GUIDANCE)
    answer_box(document, 60)
    heading(document, "Information shared", level=2)
    para(document, "Log what was shared to keep children safe, and no more than was needed. Lawful basis: "
                   "{{ sharing_bases|join(', ') }}.", style=GUIDANCE)
    grid(document, ["What was shared", "By whom", "With whom", "Why", "Lawful basis"], [4, 2.4, 2.4, 3.4, 2.2],
         blank_rows=4, row_height_mm=10)
    spacer(document)


def _actions(document: WordDocument) -> None:
    heading(document, "Actions")
    para(document, "Every action needs a named owner, a way to tell it is done, and a date. If a new concern "
                   "about the child, a sibling, a parent or a carer came up, record who is making the referral.",
         style=GUIDANCE)
    grid(document, ["Action", "Owner", "Agency", "How we will know it is done", "Due"], [4.5, 2.2, 2.2, 3.7, 2.0],
         loop="action in actions|or_blank_rows(6)",
         cells=["{{ action.description }}", "{{ action.owner }}", "{{ action.agency }}", "{{ action.measure }}",
                "{{ action.due_date|shortdate }}"],
         row_height_mm=10)
    spacer(document)


def _child_and_family(document: WordDocument) -> None:
    heading(document, f"{IF_CASE}The child and family{{% else %}}Children and families{{% endif %}}")
    heading(document, f"Feeding back to {IF_CASE}the child and family{{% else %}}children, families and "
                      "teams{% endif %}", level=2)
    para(document, "Who will tell them what was decided, and by when?", style=GUIDANCE)
    answer_box(document, 14)
    heading(document, f"{IF_CASE}The child's voice{{% else %}}The voice of children and families{{% endif %}}",
            level=2)
    para(document, f"{IF_CASE}What the child has told us about their life and wishes, and how it shaped today's "
                   "decisions. Use their own words where you can.{% else %}What children and families have told "
                   "partners, and how it shaped today's decisions.{% endif %}", style=GUIDANCE)
    answer_box(document, 32)
