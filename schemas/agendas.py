"""Default agendas for each kind of meeting, with timed sections.

The structure and timings follow the partnership guidance in shared/domain;
the wording is our own.
"""
from __future__ import annotations

MEETING_KINDS = [
    ("case_strategy", "Case strategy meeting"),
    ("lado_quarterly", "Quarterly LADO review"),
    ("police_catchup", "Police partnership catch-up"),
    ("annual_review", "Annual strategic partnership review"),
    ("partnership_catchup", "Partnership catch-up"),
]

DEFAULT_DURATIONS = {"case_strategy": 60, "lado_quarterly": 90, "police_catchup": 60, "annual_review": 120,
                     "partnership_catchup": 60}

DEFAULT_AGENDAS: dict[str, list[dict]] = {
    "lado_quarterly": [
        {"title": "Welcome and check-in", "minutes": 15,
         "points": ["How each of us is doing and what has changed", "What went well and what was hard this term",
                    "News from the sector"]},
        {"title": "Review of the quarter", "minutes": 45,
         "points": ["Allegations and concerns handled since we last met", "Patterns in referrals and their outcomes",
                    "New or changed policies and procedures", "How well we kept each other informed"]},
        {"title": "Looking ahead", "minutes": 20,
         "points": ["Busy periods and pressures coming up", "Training or joint work we could share",
                    "Support and resources each side needs"]},
        {"title": "Actions and next steps", "minutes": 10,
         "points": ["Agree actions, owners and dates", "Fix the next meeting and contacts in between",
                    "Swap useful contacts and resources"]},
    ],
    "police_catchup": [
        {"title": "Warm-up", "minutes": 10,
         "points": ["Updates from each side and local news", "Recent experiences worth sharing"]},
        {"title": "Incidents and learning", "minutes": 30,
         "points": ["Recent incidents and what we learned", "How well information reached the right people",
                    "Resources and support needed"]},
        {"title": "Working together", "minutes": 15,
         "points": ["Introductions to new team members", "Joint training and development",
                    "Community events and shared projects"]},
        {"title": "Next steps", "minutes": 5,
         "points": ["Actions we are taking away", "When and how we next speak"]},
    ],
    "annual_review": [
        {"title": "Where each agency is heading", "minutes": 30,
         "points": ["Changes in each organisation and its priorities", "Trends and pressures across the sector",
                    "Changes in regulation and policy"]},
        {"title": "How the partnership is working", "minutes": 45,
         "points": ["What is working well between us", "What needs to improve",
                    "How time and money are being used"]},
        {"title": "Planning the year ahead", "minutes": 30,
         "points": ["Shared objectives for next year", "New services or initiatives",
                    "Training and development together"]},
        {"title": "Commitments", "minutes": 15,
         "points": ["Who commits to what, and by when", "How we keep in touch and when we review",
                    "How we will know we have succeeded"]},
    ],
    "partnership_catchup": [
        {"title": "News from each side", "minutes": 10,
         "points": ["Changes in staff, services and priorities", "What has gone well since we last met"]},
        {"title": "Working together on cases", "minutes": 25,
         "points": ["Cases we shared and how the hand-offs went", "How quickly and clearly information moved",
                    "Anything that needed escalating"]},
        {"title": "Learning and development", "minutes": 15,
         "points": ["Training or briefings we could run together", "Resources worth sharing"]},
        {"title": "Actions and next contact", "minutes": 10,
         "points": ["Who does what, by when", "When we next meet and how we keep in touch"]},
    ],
    "case_strategy": [
        {"title": "Introductions and purpose", "minutes": 5,
         "points": ["Who is here, in what role, and who sent apologies or a written contribution",
                    "Why we are meeting and the decisions we need to make"]},
        {"title": "Information from each agency", "minutes": 20,
         "points": ["What each agency knows, with dates and what was seen or heard",
                    "Written contributions from partners who could not attend"]},
        {"title": "The child's lived experience", "minutes": 10,
         "points": ["What daily life is like for the child", "The child's wishes and feelings, in their words"]},
        {"title": "Risks and strengths", "minutes": 10,
         "points": ["What we are worried about", "What is keeping the child safe"]},
        {"title": "Plan and actions", "minutes": 12,
         "points": ["SMART actions with a named owner and a date", "Any new referral and who makes it"]},
        {"title": "Feedback and next meeting", "minutes": 3,
         "points": ["Who tells the child and family what was decided", "Date of the next meeting"]},
    ],
}


def kind_label(kind: str) -> str:
    """The readable name of a meeting kind."""
    return dict(MEETING_KINDS).get(kind, kind)
