"""review_checklist.docx: one partner's yearly review of how well the partnership works.

The questions, red flags, gap types and improvement buckets come from the
context (drawn from schemas/review.py), so the checklist and the returnable
form never disagree.
"""
from __future__ import annotations

from docx.document import Document as WordDocument

from .blocks import Detail, answer_box, details, grid, heading, para, spacer, tag
from .house_style import CELL, GUIDANCE, SENDER, TICK, add_header_and_footer, new_document

BOX = "☐"
IF_PARTNER = "{% if partner %}"
CHANNELS = ("E-mail", "Secure e-mail or portal", "Phone", "Meetings")


def build() -> WordDocument:
    """The partnership review checklist template."""
    document = new_document(title="Partnership review checklist", subject="Annual review of one partnership")
    add_header_and_footer(document, "Partnership review checklist")
    para(document, "{{ partnership }}", style=SENDER)
    para(document, "Partnership review checklist", style="Title")
    para(document, f"{IF_PARTNER}{{{{ partner.agency }}}}{{% else %}}One partner agency, one year{{% endif %}}",
         style="Subtitle")
    para(document, "Complete one checklist for each partner agency once a year, before the annual partnership "
                   "review. Be candid: the aim is to find what to improve, not to award marks.")
    details(document, [
        Detail("Partner agency", f"{IF_PARTNER}{{{{ partner.agency }}}}{{% endif %}}"),
        Detail("Agency type", f"{IF_PARTNER}{{{{ partner.agency_type_label }}}}{{% endif %}}"),
        Detail("Our main contact there", f"{IF_PARTNER}{{{{ partner.name }}}}, {{{{ partner.role }}}}{{% endif %}}"),
        Detail("Review year", ""),
    ], weights=(1, 2.4))
    _map(document)
    _ratings(document)
    _red_flags(document)
    _gaps(document)
    _improvements(document)
    heading(document, "Sign-off")
    details(document, [Detail("Completed by", ""), Detail("Role", ""), Detail("Date completed", "")],
            weights=(1, 2.4))
    return document


def _map(document: WordDocument) -> None:
    heading(document, "Map of the partnership")
    para(document, "A short picture of how you work with this partner now.", style=GUIDANCE)
    details(document, [
        Detail("Formal agreements and protocols", ""),
        Detail("How often you work together", f"{{% for often in frequencies %}}{BOX}\u00a0{{{{ often }}}}"
                                              "{% if not loop.last %}   {% endif %}{% endfor %}"),
        Detail("Types of case you share", ""),
        Detail("How you communicate", "   ".join(f"{BOX}\u00a0{way}" for way in CHANNELS)),
    ], weights=(1, 2.4))


def _ratings(document: WordDocument) -> None:
    heading(document, "How well we work together")
    para(document, "Tick one box for each statement: **1** not in place, **2** developing, **3** working well, "
                   "**4** strong.", style=GUIDANCE)
    tag(document, "{%p for domain in rating_domains %}")
    heading(document, "{{ domain.title }}", level=2)
    grid(document, ["Statement", "1", "2", "3", "4"], [8.2, 0.8, 0.8, 0.8, 0.8],
         loop="question in domain.questions", cells=["{{ question }}"] + [[(TICK, BOX)]] * 4,
         centred=(1, 2, 3, 4))
    tag(document, "{%p endfor %}")


def _red_flags(document: WordDocument) -> None:
    heading(document, "Red flags")
    para(document, "Tick any that happened during the year.", style=GUIDANCE)
    tag(document, "{%p for flag in red_flags %}")
    para(document, f"{BOX}  {{{{ flag.title }}}}")
    tag(document, "{%p endfor %}")
    para(document, "Anything else that worried you:")
    answer_box(document, 14)


def _gaps(document: WordDocument) -> None:
    heading(document, "Gaps found")
    para(document, "Describe each kind of gap you found, or leave it blank.", style=GUIDANCE)
    grid(document, ["Kind of gap", "What you found"], [1, 2.4], loop="gap in gap_types",
         cells=[[(CELL, "**{{ gap.title }}**"), (GUIDANCE, "{{ gap.help }}")], ""], row_height_mm=18)
    spacer(document)


def _improvements(document: WordDocument) -> None:
    heading(document, "Improvement plan")
    para(document, "What you will change, who leads it and by when, grouped by how soon.", style=GUIDANCE)
    tag(document, "{%p for bucket in improvement_buckets %}")
    heading(document, "{{ bucket.title }}", level=2)
    grid(document, ["Improvement", "Lead", "By"], [6, 2.4, 1.6], blank_rows=3, row_height_mm=9)
    tag(document, "{%p endfor %}")
