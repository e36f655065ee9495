"""action_plan.docx: the SMART action plan, landscape so every column has room."""
from __future__ import annotations

from docx.document import Document as WordDocument

from .blocks import Detail, add_row, bullets, details, grid, heading, para, spacer
from .house_style import GUIDANCE, SENDER, add_header_and_footer, new_document

CHILD = '{% if meeting.kind == "case_strategy" %}the child{% else %}children{% endif %}'

SMART = [
    ("Specific", "Say exactly what will happen. One named person owns each action."),
    ("Measurable", "Say how everyone will know it has been done."),
    ("Achievable", "Check it can be done in the time, with the people and resources there are."),
    ("Relevant", f"It should reduce a risk to {CHILD} or add to their safety."),
    ("Time-bound", "Give a date. If it cannot be met, tell the chair and your manager early."),
]

COLUMNS = [
    ("#", 0.55), ("Action", 3.9), ("Owner", 2.1), ("Agency", 2.1), ("Measure of success", 3.0),
    ("Resources and dependencies", 2.6), (f"How it helps {CHILD}", 2.75), ("Due", 2.05), ("Status", 1.9),
    ("Progress", 2.75),
]

CELLS = [
    "{{ loop.index }}", "{{ action.description }}", "{{ action.owner }}", "{{ action.agency }}",
    "{{ action.measure }}", "{{ action.achievable }}", "{{ action.relevance }}", "{{ action.due_date|shortdate }}",
    "{{ action.status_label }}", "{{ action.progress_note }}",
]


def build() -> WordDocument:
    """The action plan template."""
    document = new_document(landscape=True, title="SMART action plan", subject="Action plan agreed at a meeting")
    add_header_and_footer(document, "Action plan")
    para(document, "{{ partnership }}", style=SENDER)
    para(document, "SMART action plan", style="Title")
    para(document, "{{ meeting.title }}", style="Subtitle")
    details(document, [
        Detail("Agreed at", "{{ meeting.kind_label }} on {{ meeting.date|longdate }}"),
        Detail("Plan period", "{{ meeting.date|longdate }} to {{ meeting.plan_ends_on|longdate }}"),
        Detail("Chair", "{{ meeting.chair }}"),
        Detail("Case reference", "{{ meeting.case_reference }}", when="meeting.case_reference"),
        Detail("Plan review date", ""),
    ], weights=(1, 5))
    heading(document, "Making every action SMART")
    smart = grid(document, [name for name, _ in SMART], [1] * len(SMART))
    add_row(smart, [text for _, text in SMART])
    spacer(document)
    _when_it_is_not_working(document)
    _actions(document)
    return document


def _actions(document: WordDocument) -> None:
    heading(document, "Actions").paragraph_format.page_break_before = True
    para(document, "One row per action. Due dates fall after the meeting and no later than "
                   "{{ meeting.plan_ends_on|shortdate }}. Status is one of: {{ action_statuses|join(', ') }}; "
                   "if an action is blocked, say what is in the way.", style=GUIDANCE)
    grid(document, [name for name, _ in COLUMNS], [weight for _, weight in COLUMNS],
         loop="action in actions|or_blank_rows(8)", cells=CELLS, row_height_mm=12, centred=(0,))
    spacer(document)


def _when_it_is_not_working(document: WordDocument) -> None:
    heading(document, "If the plan is not working")
    bullets(document, [
        "Everyone who agreed this plan shares responsibility for making it work, and for saying when it is not.",
        f"If an action is stuck, or the plan is not making {CHILD} safer, contact the chair, "
        "{{ meeting.chair }}, and ask for the plan to be reviewed with all the partners involved.",
        "Changes are agreed together at a meeting, never by one person or one agency alone, even the one "
        "holding the action.",
        "If you are still worried after that, use the partnership's procedure for resolving professional "
        "disagreements and escalating concerns.",
    ])
