"""The schemas make the rules real: SMART actions, UK dates, labels people type, every problem by path."""
from __future__ import annotations

import datetime as dt

import pytest

from partnerpack.schemas.action import ActionPlanSchema
from partnerpack.schemas.contribution import ContributionSchema
from partnerpack.schemas.errors import RecordInvalid
from partnerpack.schemas.fields import parse_uk_date

ACTION = {"description": "Refer to the early help hub", "owner": "Priya Okafor", "agency": "Children's Services",
          "measure": "Referral accepted", "due_date": "24/10/2025"}
PLAN = {"meeting_id": "CSM-1", "partner_id": "NOTETAKER", "meeting_date": "14/10/2025", "plan_ends_on": "14/04/2026"}


def problems(schema, data) -> dict[str, str]:
    with pytest.raises(RecordInvalid) as caught:
        schema().load_record(data, source="plan.pdf")
    return {p.field: p.message for p in caught.value.problems}


@pytest.mark.parametrize("text", ["14/10/2025", "14/10/25", "14 Oct 2025", "14 October 2025", "2025-10-14",
                                  "Tuesday 14 October 2025", "14th October 2025"])
def test_uk_dates_in_the_forms_people_write(text: str) -> None:
    assert parse_uk_date(text) == dt.date(2025, 10, 14)


def test_a_us_style_date_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="DD/MM/YYYY"):
        parse_uk_date("10/31/2025")


def test_smart_action_needs_an_owner_and_a_measure() -> None:
    found = problems(ActionPlanSchema, {**PLAN, "actions": [{**ACTION, "owner": None, "measure": None}]})
    assert found == {"actions[0].owner": "This must be filled in.", "actions[0].measure": "This must be filled in."}


def test_due_date_must_fall_after_the_meeting_and_inside_the_plan() -> None:
    found = problems(ActionPlanSchema, {**PLAN, "actions": [
        ACTION, {**ACTION, "due_date": "14/10/2025"}, {**ACTION, "due_date": "01/05/2026"}]})
    assert set(found) == {"actions[1].due_date", "actions[2].due_date"}
    assert "after the meeting" in found["actions[1].due_date"]
    assert "after the plan ends" in found["actions[2].due_date"]


def test_done_needs_a_completion_date_and_blocked_needs_a_reason() -> None:
    found = problems(ActionPlanSchema, {**PLAN, "actions": [
        {**ACTION, "status": "Done"}, {**ACTION, "status": "blocked"}]})
    assert set(found) == {"actions[0].completed_on", "actions[1].progress_note"}


def test_drop_down_labels_and_values_both_load() -> None:
    base = {"meeting_id": "M1", "partner_id": "P1", "involvement": "Known since 2023", "completed_on": "09/10/2025"}
    by_label = ContributionSchema().load({**base, "attendance": "I will attend"})
    by_value = ContributionSchema().load({**base, "attendance": "attending"})
    assert by_label["attendance"] == by_value["attendance"] == "attending"
    assert "attendance" in problems(ContributionSchema, {**base, "attendance": "Maybe"})
