"""Recreate the Word templates shipped with partnerpack.

Run ``python -m partnerpack.templates.build`` after changing a builder module;
the .docx files land beside this module and are committed. Partnerships that
have restyled a template in Word keep their copy: this only writes here.
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Callable

from docx.document import Document as WordDocument

from . import (build_action_plan, build_agenda, build_annual_review, build_invitation, build_meeting_record,
               build_register, build_review_checklist, build_schedule)

#: Template name (the file stem) and the function that draws it.
BUILDERS: dict[str, Callable[[], WordDocument]] = {
    "invitation": build_invitation.build,
    "agenda": build_agenda.build,
    "meeting_record": build_meeting_record.build,
    "action_plan": build_action_plan.build,
    "review_checklist": build_review_checklist.build,
    "annual_review": build_annual_review.build,
    "register": build_register.build,
    "schedule": build_schedule.build,
}

HERE = Path(__file__).resolve().parent
#: A fixed creation date keeps rebuilt templates free of meaningless differences.
STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def build_templates(folder: Path = HERE) -> list[Path]:
    """Write every template into ``folder`` and return the paths written."""
    written = []
    for name, build in BUILDERS.items():
        document = build()
        document.core_properties.created = document.core_properties.modified = STAMP
        document.core_properties.revision = 1
        path = Path(folder) / f"{name}.docx"
        document.save(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: the package)")
    args = parser.parse_args(argv)
    for path in build_templates(args.out):
        print(path)


if __name__ == "__main__":
    main()
