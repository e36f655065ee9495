"""invitation.docx: the chair's letter inviting every partner, with what to prepare and bring."""
from __future__ import annotations

from docx.document import Document as WordDocument

from .blocks import Detail, bullets, details, grid, heading, para, spacer, tag
from .house_style import GUIDANCE, SENDER, add_header_and_footer, new_document

CASE = 'meeting.kind == "case_strategy"'
RETURN_TO = "{% if meeting.organiser_email %}{{ meeting.organiser_email }}{% else %}the chair{% endif %}"

WHY_INVITED = (
    f"{{% if {CASE} %}}You are invited because you or your agency know this child or their family, and no "
    "single agency holds the whole picture."
    '{% elif meeting.kind == "lado_quarterly" %}These quarterly reviews keep our work with the LADO service '
    "close, so that concerns about adults who work with children are handled quickly and fairly."
    '{% elif meeting.kind == "police_catchup" %}This is a short, informal catch-up to keep police colleagues '
    "and partners in step between formal meetings."
    "{% else %}Once a year we step back to look at how the partnership is working as a whole and agree what "
    "we want to achieve together next year.{% endif %}"
)

DEFAULT_PURPOSE = (
    f"{{% if {CASE} %}}To share what each agency knows, understand what life is like for the child, and agree "
    "a plan with named owners and dates."
    '{% elif meeting.kind == "lado_quarterly" %}To look back at the allegations and concerns handled this '
    "quarter, spot patterns, and plan for the busy periods ahead."
    '{% elif meeting.kind == "police_catchup" %}To learn from recent incidents, check that information is '
    "reaching the right people, and plan joint work."
    "{% else %}To review how well we work together, agree shared objectives for the coming year, and decide "
    "how we will know we have succeeded.{% endif %}"
)


def build() -> WordDocument:
    """The invitation letter template."""
    document = new_document(title="Meeting invitation", subject="Invitation to a partnership meeting")
    add_header_and_footer(document, "Invitation")
    para(document, "{{ partnership }}", style=SENDER)
    para(document, "{{ generated_on|longdate }}")
    para(document, "{{ meeting.title }}", style="Title")
    para(document, "Invitation: {{ meeting.kind_label }}", style="Subtitle")
    para(document, "Dear colleagues,")
    para(document, "On behalf of {{ partnership }}, I would like to invite you to the meeting below. "
         + WHY_INVITED)
    details(document, [
        Detail("Date", "{{ meeting.date|longdate }}"),
        Detail("Time", "{{ meeting.start_time|hhmm }} to {{ meeting.end_time|hhmm }} "
                       "({{ meeting.duration_minutes }} minutes)"),
        Detail("Venue", "{{ meeting.venue }}", when="meeting.venue"),
        Detail("Join online", "{{ meeting.online_link }}", when="meeting.online_link"),
        Detail("Chair", "{{ meeting.chair }}"),
        Detail("Case reference", "{{ meeting.case_reference }} (pseudonymised)", when="meeting.case_reference"),
        Detail("Written contributions", "By {{ meeting.contribution_deadline|longdate }}"),
    ])
    _purpose(document)
    _preparation(document)
    _absence(document)
    _confidentiality(document)
    heading(document, "Who is invited")
    grid(document, ["Name", "Role", "Agency"], [3, 4, 5], loop="partner in invitees",
         cells=["{{ partner.name }}", "{{ partner.role }}", "{{ partner.agency }}"])
    spacer(document)
    para(document, "Thank you for making time for this. If anything here is unclear, or you need an "
                   "adjustment to take part, please contact " + RETURN_TO + ".")
    para(document, "With best wishes,")
    para(document, "**{{ meeting.chair }}**").paragraph_format.space_after = 0
    para(document, "Chair, on behalf of {{ partnership }}")
    return document


def _purpose(document: WordDocument) -> None:
    heading(document, "Why we are meeting")
    tag(document, "{%p if meeting.purpose %}")
    para(document, "{{ meeting.purpose }}")
    tag(document, "{%p else %}")
    para(document, DEFAULT_PURPOSE)
    tag(document, "{%p endif %}")


def _preparation(document: WordDocument) -> None:
    heading(document, "Before the meeting")
    para(document, "Please block out time to read the papers, not only the meeting itself. Then look at what "
                   "your agency holds"
                   f"{{% if {CASE} %}} about the child, their family and the adults around them{{% endif %}}:")
    tag(document, f"{{%p if {CASE} %}}")
    bullets(document, [
        "the service you have provided and any intervention so far",
        "each concern, with its date, what was seen or heard, and by whom",
        "signs of risk and signs of safety, and the evidence for each",
        "the child's lived experience: what a day is like for them, and their wishes and feelings in their "
        "own words",
    ])
    tag(document, "{%p else %}")
    bullets(document, [
        "work you have done with partners since we last met (use case references, never names)",
        "what has worked well, and what has got in the way",
        "changes coming in your agency: people, policy, pressures and busy periods",
        "what you need from partners, and what you can offer them",
    ])
    tag(document, "{%p endif %}")
    heading(document, "What to bring", level=2)
    bullets(document, [
        "your notes, with dates, so you can speak to the facts rather than from memory",
        "your diary, so that actions, owners and the next date can be agreed in the room",
        "contact details for anyone new in your team whom partners should know",
    ])
    tag(document, '{%p if meeting.kind == "annual_review" %}')
    bullets(document, ["your completed **partnership review checklist**, where our discussion starts"])
    tag(document, "{%p endif %}")
    tag(document, "{%p if meeting.online_link %}")
    bullets(document, ["a private space where you cannot be overheard, if you join online"])
    tag(document, "{%p endif %}")


def _absence(document: WordDocument) -> None:
    heading(document, "If you cannot attend")
    para(document, "What you know matters even if you cannot be there. Please do one of these:")
    bullets(document, [
        "**Send a substitute.** Someone who knows the work is very welcome in your place; just let us know "
        "their name beforehand.",
        "**Send a written contribution.** Complete the contribution form enclosed with this pack and return "
        "it to " + RETURN_TO + " by **{{ meeting.contribution_deadline|longdate }}**. The chair will make "
        "sure it is shared at the meeting.",
    ])


def _confidentiality(document: WordDocument) -> None:
    heading(document, "Keeping information safe")
    para(document, "These papers are marked {{ marking }}. Please store them securely, share them only with "
                   "colleagues who need them, and reply by secure e-mail."
                   "{% if meeting.case_reference %} In anything you write, refer to the child by the case "
                   "reference {{ meeting.case_reference }}, never by name.{% endif %}", style=GUIDANCE)
