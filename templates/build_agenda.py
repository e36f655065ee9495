"""agenda.docx: the timed running order, drawn from the meeting's agenda, and how we work together."""
from __future__ import annotations

from docx.document import Document as WordDocument

from .blocks import Detail, add_row, bullets, details, grid, heading, para, spacer
from .house_style import CELL, CELL_BULLET, GUIDANCE, SENDER, add_header_and_footer, new_document

KIND_NOTE = (
    '{% if meeting.kind == "case_strategy" %}When you share information, give dates and say whether you saw '
    "or heard it yourself or were told it."
    '{% elif meeting.kind == "lado_quarterly" %}Please discuss individual allegations by reference rather than '
    "by name, unless the LADO asks otherwise."
    '{% elif meeting.kind == "police_catchup" %}This is an informal catch-up: questions are as welcome as '
    "updates."
    "{% else %}Please bring your completed partnership review checklist; the second section draws on it."
    "{% endif %}"
)

GROUND_RULES = [
    "**We start and finish on time.**",
    "**Everyone introduces themselves**, their role and agency; anyone new leaves contact details with the "
    "note-taker.",
    "**Everyone speaks.** If you see things differently, say so and give your reasons so your view is recorded.",
    "**Challenge ideas, not people.** Role or seniority is no bar to speaking up.",
    "**Every action gets a named owner and a date** before we leave.",
    "**Notes go out within one working day**, and **we follow up with each other within 48 hours**.",
]


def build() -> WordDocument:
    """The agenda template."""
    document = new_document(title="Agenda", subject="Meeting agenda")
    add_header_and_footer(document, "Agenda")
    para(document, "{{ partnership }}", style=SENDER)
    para(document, "{{ meeting.title }}", style="Title")
    para(document, "Agenda: {{ meeting.kind_label }}", style="Subtitle")
    details(document, [
        Detail("When", "{{ meeting.date|longdate }}, {{ meeting.start_time|hhmm }} to "
                       "{{ meeting.end_time|hhmm }} ({{ meeting.duration_minutes }} minutes)"),
        Detail("Venue", "{{ meeting.venue }}", when="meeting.venue"),
        Detail("Join online", "{{ meeting.online_link }}", when="meeting.online_link"),
        Detail("Chair", "{{ meeting.chair }}"),
        Detail("Note-taker", "{{ meeting.note_taker }}"),
        Detail("Case reference", "{{ meeting.case_reference }}", when="meeting.case_reference"),
        Detail("Purpose", "{{ meeting.purpose }}", when="meeting.purpose"),
    ])
    _running_order(document)
    heading(document, "How we work together")
    bullets(document, GROUND_RULES, keep_together=True)
    return document


def _running_order(document: WordDocument) -> None:
    heading(document, "Running order")
    table = grid(
        document, ["Time", "Section", "Mins", "Led by"], [1.45, 6.7, 1.0, 1.55],
        loop="item in meeting.agenda",
        cells=[
            "{{ item.starts|hhmm }}–{{ item.ends|hhmm }}",
            [(CELL, "**{{ item.title }}**"), (CELL, "{%p for point in item.points %}"),
             (CELL_BULLET, "{{ point }}"), (CELL, "{%p endfor %}")],
            "{{ item.minutes }}",
            '{{ item.lead or "Chair" }}',
        ],
        centred=(2,),
    )
    add_row(table, ["{{ meeting.end_time|hhmm }}", "**Close**", "**{{ meeting.duration_minutes }}**", ""],
            centred=(2,))
    spacer(document)
    para(document, KIND_NOTE, style=GUIDANCE)
