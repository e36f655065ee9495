"""Shared fixtures: fictional people only, never real data."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from partnerpack.forms.identity import FormIdentity
from partnerpack.forms.spec import FormDocument, build_form

TRICKY_TEXT = 'Smith & Sons <Ltd> "quoted" it\'s\nsecond line'


def needs(program: str) -> pytest.MarkDecorator:
    """Skip a test cleanly when an outside program (soffice, pdftk, qpdf) is not installed."""
    return pytest.mark.skipif(shutil.which(program) is None, reason=f"{program} is not installed")


@pytest.fixture
def contribution_form() -> FormDocument:
    """A contribution form pre-filled for a fictional partner, with awkward characters in it."""
    identity = FormIdentity.issue("contribution", 1, "CSM-2025-014", "P003")
    return build_form(
        "contribution",
        identity,
        {
            "meeting_id": "CSM-2025-014",
            "meeting_title": "Case strategy meeting: CSM-2025-014",
            "meeting_date": dt.date(2025, 10, 14),
            "partner_id": "P003",
            "partner_name": "Priya Okafor",
            "agency": "Smith & Sons <Health> Trust",
            "role": "School nurse",
        },
        subtitle="Tuesday 14 October 2025",
        return_to="partnership@example.org",
    )


from postgres_server import postgres_database, postgres_server  # noqa: E402,F401  (fixtures for every test folder)
