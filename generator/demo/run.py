"""`partnerpack demo`: a whole partnership year on fictional data, from packs to the annual review.

Every step calls the same library functions the real commands use, so the
demo shows what partnerpack does rather than a mock of it.
"""
from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable

from ...schemas.errors import PartnerpackError
from ..collect import Collector, CollectReport
from ..common import atomic_write, load_directory
from ..packs import Pack, build_update_pack, owner_id, pack_into_workspace, register_pack
from ..register import STATUS_LABELS, consolidate, filter_rows, rag, register_csv, register_docx, register_xlsx
from ..review import render_review, review_figures
from ..schedule import plan_schedule, schedule_ics
from ..tracking import form_statuses
from ..workspace import Workspace, init_workspace
from .returns import PlannedReturn, deliver, meeting_returns

PARTNERSHIP = "North Vale Safeguarding Children Partnership"
REVIEW_YEAR, PREVIOUS_YEAR, NEXT_YEAR = "2025/26", "2024/25", "2026/27"
UPDATES_AS_OF = dt.date(2026, 2, 2)
REGISTER_AS_OF = dt.date(2026, 7, 31)
SEED = 2025
#: How owners report on their actions in the demo's update round, row by row.
UPDATE_PATTERN = ("done", "done", "in_progress", "done", "done", "blocked")
UPDATE_NOTES = {"done": "Completed and confirmed with the chair.", "in_progress": "Started; first session booked.",
                "blocked": "Waiting for the other agency to name a contact."}


@dataclass
class DemoStep:
    """One step of the tour: what it did, what it showed, and how long it took."""

    title: str
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class DemoResult:
    """The demo workspace and the tour of what happened in it."""

    workspace: Workspace
    steps: list[DemoStep] = field(default_factory=list)


def new_demo_folder(base: Path) -> Path:
    """``base`` if it is free, else ``base-2``, ``base-3`` ...: the demo never overwrites a folder."""
    candidate, number = base, 1
    while candidate.exists() and any(candidate.iterdir()):
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def _demo_data() -> Any:
    return files("partnerpack.generator.demo") / "data"


class Demo:
    """Runs the demo's steps in order against one fresh workspace."""

    def __init__(self, folder: Path, progress: Callable[[str], None]) -> None:
        self.folder = folder
        self.progress = progress
        self.rng = random.Random(SEED)
        self.result: DemoResult | None = None
        self.packs: dict[str, tuple[dict[str, Any], Pack]] = {}

    def step(self, title: str, action: Callable[[DemoStep], None]) -> None:
        self.progress(title)
        record = DemoStep(title)
        started = time.perf_counter()
        action(record)
        record.seconds = time.perf_counter() - started
        assert self.result is not None
        self.result.steps.append(record)

    def run(self) -> DemoResult:
        workspace = init_workspace(self.folder, partnership=PARTNERSHIP)
        self.result = DemoResult(workspace)
        self.step("Make a workspace", self.make_workspace)
        self.step("Pack a year of meetings", self.pack_meetings)
        self.step("Plan next year's meetings", self.plan_schedule)
        self.step("Partners return their forms", self.return_forms)
        self.step("Collect the returns", lambda s: self.collect(s, self.workspace.inbox_dir / "meetings"))
        self.step("Owners update their actions", self.update_actions)
        self.step("Who returned what", self.show_status)
        self.step("Write the action register", self.write_register)
        self.step("Write the annual review", self.write_review)
        return self.result

    @property
    def workspace(self) -> Workspace:
        assert self.result is not None
        return self.result.workspace

    def make_workspace(self, step: DemoStep) -> None:
        data = _demo_data()
        self.workspace.partners_file.write_bytes((data / "partners.yaml").read_bytes())
        for meeting_file in sorted(m for m in (data / "meetings").iterdir() if m.name.endswith(".yaml")):
            (self.workspace.meetings_dir / meeting_file.name).write_bytes(meeting_file.read_bytes())
        self.directory = load_directory(self.workspace.partners_file)
        tiers = sorted({p["tier"] for p in self.directory["partners"]})
        step.lines.append(f"{self.workspace.root}")
        step.lines.append(f"{len(self.directory['partners'])} fictional partners across tiers "
                          f"{', '.join(map(str, tiers))}; meeting files in meetings/")

    def pack_meetings(self, step: DemoStep) -> None:
        for meeting_file in sorted(self.workspace.meetings_dir.glob("*.yaml")):
            meeting, _, pack = pack_into_workspace(self.workspace, meeting_file)
            self.packs[meeting["id"]] = (meeting, pack)
            step.lines.append(f"{meeting['id']:<14} {meeting['date']:%d/%m/%Y}  {len(pack.files):>3} files, "
                              f"{len(pack.forms):>2} forms  output/{meeting['id']}/")

    def plan_schedule(self, step: DemoStep) -> None:
        meetings = plan_schedule(self.directory, NEXT_YEAR)
        target = self.workspace.output_dir / f"schedule-{NEXT_YEAR.replace('/', '-')}.ics"
        atomic_write(target, schedule_ics(meetings, PARTNERSHIP))
        step.lines.append(f"{len(meetings)} meetings planned for {NEXT_YEAR} by tier: {target.name} (imports into "
                          "Outlook)")

    def return_forms(self, step: DemoStep) -> None:
        inbox = self.workspace.inbox_dir / "meetings"
        planned: list[PlannedReturn] = []
        for meeting, pack in self.packs.values():
            planned.extend(meeting_returns(meeting, self.directory, pack, self.rng))
        for item in planned:
            deliver(item, inbox)
        pdfs = sum(1 for p in planned if p.fmt == "pdf")
        step.lines.append(f"{len(planned)} files in returns/inbox/meetings: {pdfs} PDFs filled with pypdf, "
                          f"{len(planned) - pdfs} Word forms edited as Word saves them")
        step.lines.append("Includes a late contribution, one sent twice with a correction, one printed to PDF "
                          "and one attachment cut short in transit")

    def collect(self, step: DemoStep, folder: Path) -> CollectReport:
        with self.workspace.open_store() as store:
            report = Collector(store, self.workspace.quarantine_dir, jobs=1).collect([folder])
        counts = report.counts()
        step.lines.append(", ".join(f"{value} {key}" for key, value in counts.items() if value))
        for item in report.items:
            if item.outcome == "rejected":
                step.lines.append(f"refused {Path(item.source).name}: {item.reason}")
        return report

    def update_actions(self, step: DemoStep) -> None:
        with self.workspace.open_store() as store:
            rows, _ = consolidate(store)
            due = [r for r in filter_rows(rows, as_of=UPDATES_AS_OF, status="open") if r.meeting_date <= UPDATES_AS_OF]
            pack = build_update_pack(due, UPDATES_AS_OF, self.workspace.output_dir, self.directory)
            register_pack(store, pack)
        step.lines.append(f"{len(pack.forms)} owners were sent an update form for {len(due)} open actions "
                          f"(output/{pack.meeting_id}/)")
        inbox = self.workspace.inbox_dir / "updates"
        rows_by_owner = {owner_id(row.owner, self.directory): [] for row in due}
        for row in sorted(due, key=lambda r: (r.due_date, r.action_id)):
            rows_by_owner[owner_id(row.owner, self.directory)].append(row)
        returned = pack.forms[:-1]  # one owner never replies
        pattern = itertools.cycle(UPDATE_PATTERN)
        for form in returned:
            values: dict[str, Any] = {"completed_on": "06/02/2026"}
            for number, row in enumerate(rows_by_owner[form.partner_id], start=1):
                status = next(pattern)
                values[f"updates__{number}__status"] = STATUS_LABELS[status]
                values[f"updates__{number}__progress_note"] = UPDATE_NOTES[status]
                if status == "done":
                    values[f"updates__{number}__completed_on"] = min(row.due_date, UPDATES_AS_OF).strftime("%d/%m/%Y")
            stem = Path(form.files[1]).stem
            deliver(PlannedReturn(pack, stem, values, dt.datetime(2026, 2, 6, 15), f"{stem}.docx", "docx"), inbox)
        step.lines.append(f"{len(returned)} of them returned it (Word); one owner has not replied")
        self.collect(step, inbox)

    def show_status(self, step: DemoStep) -> None:
        with self.workspace.open_store() as store:
            statuses = form_statuses(store)
        for meeting_id in dict.fromkeys(s.meeting_id for s in statuses):
            mine = [s for s in statuses if s.meeting_id == meeting_id]
            late = [s.name for s in mine if s.state == "late"]
            owed = [s.name for s in mine if s.state == "outstanding"]
            line = f"{meeting_id:<14} {sum(s.returned for s in mine)}/{len(mine)} contributions"
            if late:
                line += f"; late: {', '.join(late)}"
            if owed:
                line += f"; outstanding: {', '.join(owed)}"
            step.lines.append(line)

    def write_register(self, step: DemoStep) -> None:
        with self.workspace.open_store() as store:
            rows, _ = consolidate(store)
        stem = self.workspace.output_dir / f"action-register-{REGISTER_AS_OF:%Y-%m-%d}"
        atomic_write(stem.with_suffix(".xlsx"), register_xlsx(rows, REGISTER_AS_OF, partnership=PARTNERSHIP))
        atomic_write(stem.with_suffix(".csv"), register_csv(rows, REGISTER_AS_OF))
        written = [stem.with_suffix(".xlsx").name, stem.with_suffix(".csv").name]
        atomic_write(stem.with_suffix(".docx"), register_docx(rows, REGISTER_AS_OF, partnership=PARTNERSHIP))
        written.insert(0, stem.with_suffix(".docx").name)
        ratings = [rag(row, REGISTER_AS_OF) for row in rows]
        step.lines.append(f"{len(rows)} actions as of {REGISTER_AS_OF:%d/%m/%Y}: "
                          + ", ".join(f"{ratings.count(k)} {k.replace('_', ' ')}"
                                      for k in ("overdue", "due_soon", "on_track", "done")))
        step.lines.append("Written: " + ", ".join(written))

    def write_review(self, step: DemoStep) -> None:
        with self.workspace.open_store() as store:
            figures = review_figures(store, self.directory, REVIEW_YEAR, previous_year=PREVIOUS_YEAR,
                                     as_of=REGISTER_AS_OF)
        target = self.workspace.output_dir / f"annual-review-{REVIEW_YEAR.replace('/', '-')}.docx"
        atomic_write(target, render_review(figures, partnership=PARTNERSHIP))
        step.lines.append(f"{target.name}: meetings against tier frequency, attendance, actions, checklist "
                          f"results against {PREVIOUS_YEAR}, with charts")


class DemoFolderNotEmpty(PartnerpackError):
    """The demo was pointed at a folder that already holds something."""


def run_demo(folder: Path, progress: Callable[[str], None] = lambda _: None) -> DemoResult:
    """Run the whole demo into ``folder`` (which must be new or empty) and return the tour."""
    if folder.exists() and any(folder.iterdir()):
        raise DemoFolderNotEmpty(f"{folder} is not empty; the demo only writes into a new or empty folder.")
    return Demo(folder, progress).run()
