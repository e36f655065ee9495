"""Invented partners and meetings at any size, shared by the pack and register/review benchmarks."""
from __future__ import annotations

from typing import Any

PARTNERSHIP = "North Vale Safeguarding Children Partnership"
AGENCIES = [("childrens_services", "North Vale Children's Services"), ("police", "Vale Constabulary"),
            ("health", "Vale Health & Care NHS Trust"), ("education", "Riverside Primary School"),
            ("lado", "North Vale Council LADO Service"), ("voluntary", "Open Door Families (charity)"),
            ("specialist", "SafeSpace Vale"), ("senior_leadership", "North Vale Council")]


def partner_id(number: int) -> str:
    return f"P{number:03d}"


def directory(count: int) -> dict[str, Any]:
    """A directory of ``count`` invented partners spread over every agency type and tier."""
    partners = []
    for number in range(1, count + 1):
        agency_type, agency = AGENCIES[number % len(AGENCIES)]
        partners.append({"id": partner_id(number), "name": f"Alex Example {number}", "role": "Safeguarding lead",
                         "agency": agency, "agency_type": agency_type, "email": f"partner{number}@example.org",
                         "phone": f"01632 96{number:04d}", "tier": 1 + number % 3})
    return {"partnership": PARTNERSHIP, "partners": partners}


def meeting(meeting_id: str, kind: str, day: str, invitees: list[str]) -> dict[str, Any]:
    """A meeting file's fields (``day`` as YYYY-MM-DD), as a user would write them."""
    annual = kind == "annual_review"
    data = {"id": meeting_id, "kind": kind,
            "title": "Annual strategic partnership review" if annual else f"Meeting {meeting_id}",
            "date": day, "start_time": "09:30", "venue": "Council Chamber, Vale House",
            "purpose": "Agree joint priorities and actions.", "chair": "Joanne Pike", "note_taker": "Alex Morgan",
            "organiser_email": "partnership@example.org", "invitees": invitees}
    if kind == "case_strategy":
        data["case_reference"] = f"CS-{meeting_id[-6:].upper()}"
    return data
