"""register.docx: the action register in Word, landscape, one table per agency with RAG-shaded cells.

The RAG cell's shading comes from the context (``{% cellbg %}``), so the
colours match the spreadsheet register; the rating is also written in the
cell, so it never depends on colour alone.
"""
from __future__ import annotations

from docx.document import Document as WordDocument

from .blocks import add_row, grid, heading, para, spacer, tag
from .house_style import CELL, GUIDANCE, SENDER, add_header_and_footer, new_document

COLUMNS = [
    ("Action ID", 1.75), ("Meeting and date", 2.3), ("Action", 3.2), ("Owner", 1.6), ("Measure of success", 2.4),
    ("Due", 1.8), ("Status", 1.75), ("RAG", 1.4), ("Last update and note", 2.4), ("Source form", 1.75),
]

CELLS = [
    "{{ action.action_id }}",
    [(CELL, "{{ action.meeting_title }}"), (CELL, "{{ action.meeting_date|shortdate }}")],
    "{{ action.description }}",
    "{{ action.owner }}",
    "{{ action.measure }}",
    "{{ action.due_date|shortdate }}",
    [(CELL, "{{ action.status_label }}"), (CELL, "{{ action.completed }}")],
    "{% cellbg action.rag_fill %}**{{ action.rag_label }}**",
    [(CELL, "{{ action.last_update }}"), (CELL, "{{ action.last_note }}")],
    [(CELL, "{{ action.source_label }}"), (CELL, "{{ action.source_form_id }}")],
]


def build() -> WordDocument:
    """The action register template."""
    document = new_document(landscape=True, title="Action register", subject="Every SMART action and its progress")
    add_header_and_footer(document, "Action register")
    para(document, "{{ partnership }}", style=SENDER)
    para(document, "Action register", style="Title")
    para(document, "Position at {{ as_of|longdate }}", style="Subtitle")
    para(document, "Every SMART action agreed at the partnership's meetings, with its owner's latest update. "
                   "Actions are grouped by the owner's agency and listed by due date. RAG: overdue actions are "
                   "past their due date and not done; amber ones are due within 14 days.")
    heading(document, "Summary")
    table = grid(document, ["RAG", "Actions", "What it means"], [1.6, 1.0, 6.0], loop="rag in rag_summary",
                 cells=["{% cellbg rag.fill %}**{{ rag.label }}**", "{{ rag.count }}", "{{ rag.meaning }}"],
                 centred=(1,))
    add_row(table, ["**All actions**", "**{{ total }}**", "{{ agency_count }}"], centred=(1,))
    spacer(document)
    tag(document, "{%p if not agencies %}")
    para(document, "No actions match this register's selection.", style=GUIDANCE)
    tag(document, "{%p endif %}")
    tag(document, "{%p for group in agencies %}")
    heading(document, "{{ group.agency }}")
    summary = para(document, "{{ group.summary }}", style=GUIDANCE)
    summary.paragraph_format.keep_with_next = True  # never an agency's heading alone at the foot of a page
    grid(document, [name for name, _ in COLUMNS], [weight for _, weight in COLUMNS], loop="action in group.rows",
         cells=CELLS, centred=(5, 7))
    spacer(document)
    tag(document, "{%p endfor %}")
    return document
