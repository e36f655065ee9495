"""schedule.docx: the year's partner meetings in Word, one table per academic-calendar window."""
from __future__ import annotations

from docx.document import Document as WordDocument

from .blocks import add_row, bullets, grid, heading, para, spacer, tag
from .house_style import GUIDANCE, SENDER, add_header_and_footer, new_document


def build() -> WordDocument:
    """The meeting schedule template."""
    document = new_document(title="Partner meeting schedule", subject="The year's partner meetings")
    add_header_and_footer(document, "Meeting schedule {{ year }}")
    para(document, "{{ partnership }}", style=SENDER)
    para(document, "Partner meeting schedule", style="Title")
    para(document, "Academic year {{ year }}: {{ starts|longdate }} to {{ ends|longdate }}", style="Subtitle")
    para(document, "Each partner's tier sets how often we meet them. Meetings fall on working days outside bank "
                   "holidays, in four windows through the academic year.")
    bullets(document, ["**Tier 1** partners meet quarterly, once in every window.",
                       "**Tier 2** partners meet twice: at the start of the year and at the mid-year review.",
                       "**Tier 3** partners meet once, at the year-end review; senior leaders meet in new-year "
                       "planning instead, in time for budget planning."], keep_together=True)
    heading(document, "The year at a glance")
    table = grid(document, ["Window", "Dates", "Meetings"], [3.2, 4.6, 1.4], loop="window in windows",
                 cells=["{{ window.label }}", "{{ window.starts|shortdate }} to {{ window.ends|shortdate }}",
                        "{{ window.count }}"], centred=(2,))
    add_row(table, ["**Whole year**", "", "**{{ total }}**"], centred=(2,))
    spacer(document)
    tag(document, "{%p for window in windows %}")
    heading(document, "{{ window.label }}")
    purpose = para(document, "{{ window.starts|longdate }} to {{ window.ends|longdate }}. {{ window.purpose }}",
                   style=GUIDANCE)
    purpose.paragraph_format.keep_with_next = True  # never a window's heading at the foot of a page
    tag(document, "{%p if window.meetings %}")
    grid(document, ["Date", "Time", "Partner", "Agency", "Tier", "Kind of meeting"], [3.0, 2.3, 2.5, 3.0, 1.0, 2.8],
         loop="meeting in window.meetings",
         cells=["{{ meeting.date|longdate }}", "{{ meeting.start|hhmm }}\u2013{{ meeting.end|hhmm }}",
                "{{ meeting.partner_name }}", "{{ meeting.agency }}", "{{ meeting.tier }}", "{{ meeting.kind_label }}"],
         centred=(4,))
    tag(document, "{%p else %}")
    para(document, "No meetings are planned in this window.", style=GUIDANCE)
    tag(document, "{%p endif %}")
    spacer(document)
    tag(document, "{%p endfor %}")
    return document
