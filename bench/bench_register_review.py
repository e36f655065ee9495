"""How long `register` (every format) and `review` take over a busy year: 10,000 actions, 2,000 returns.

    python bench/bench_register_review.py
    python bench/bench_register_review.py --meetings 50   # a smaller year

The year is written straight into a workspace store through the Store API
(register_meeting, register_issued, store_originals, accept_return), not by
collecting files: 250 meetings of 8 invitees, each with a returned meeting
record, an action plan of 40 actions and 4 contributions; 80 review
checklists (this year and last); and 420 action updates of 10 rows. Every
record is built as a reader would hand it over (flat field values), mapped
by forms.mapping and validated by its schema, as collect does.

Each command is timed as a user runs it (`partnerpack register ...`, a new
Python process), and split in a child process: reading the store, then
rendering each output (the review's charts included).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine_info, peak_memory_mb, print_machine, run_child, scratch_folder, table, timed  # noqa: E402
from synthetic import directory, meeting, partner_id  # noqa: E402

PARTNERS = 40
INVITEES = 8
ACTIONS_PER_PLAN = 40
CONTRIBUTIONS_PER_MEETING = 4
UPDATE_ROUNDS, UPDATES_PER_FORM = 42, 10
YEAR, PREVIOUS_YEAR = "2025/26", "2024/25"
AS_OF = dt.date(2026, 7, 31)
KINDS = ("case_strategy", "lado_quarterly", "police_catchup", "partnership_catchup")
FORMATS = ("docx", "xlsx", "csv", "json")
GOAL_SECONDS = 5.0
CLI = "from partnerpack.generator.cli import main; main()"
RATING = {1: "1 - Not in place", 2: "2 - Developing", 3: "3 - Working well", 4: "4 - Strong"}
STATUSES = ("Done", "In progress", "Done", "Blocked", "Not started")


# -- the synthetic year ---------------------------------------------------------------------------------------


def uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def meeting_days(count: int) -> list[dt.date]:
    """``count`` weekdays spread over September 2025 to July 2026."""
    start, span = dt.date(2025, 9, 3), 320
    days = [start + dt.timedelta(days=index * span // count) for index in range(count)]
    return [day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0) for day in days]


class Year:
    """Builds validated records for a synthetic year and files them in a store."""

    def __init__(self, store: Any, people: dict[str, Any], meetings: int) -> None:
        from partnerpack.forms.identity import FormIdentity
        from partnerpack.forms.mapping import record_data
        from partnerpack.generator.store import IssuedForm
        from partnerpack.schemas.registry import returnable_schema
        from partnerpack.schemas.review import REVIEW_DOMAINS

        self.store, self.people, self.meetings = store, people, meetings
        self.by_id = {p["id"]: p for p in people["partners"]}
        self._identity, self._issued, self._map, self._schema = FormIdentity, IssuedForm, record_data, returnable_schema
        self.questions = [name for _, questions in REVIEW_DOMAINS.values() for name, _ in questions]
        self.files = 0
        self.returns = 0
        self.actions: list[tuple[str, str, dt.date]] = []  # (action id, owner's partner id, due date)

    def record(self, form_type: str, values: dict[str, Any]) -> dict[str, Any]:
        """Flat form values -> nested data -> a record the schema has validated."""
        return self._schema(form_type)().load_record(self._map(form_type, values))

    def file(self, form_type: str, meeting_id: str, partner: str, values: dict[str, Any], received: dt.datetime,
             due: dt.date | None = None) -> None:
        """Issue one form and file one return of it, with a small original file of its own."""
        identity = self._identity.issue(form_type, self._schema(form_type).schema_version, meeting_id, partner)
        self.store.register_issued([self._issued.from_identity(identity, issued_at=received - dt.timedelta(days=14),
                                                               due_on=due)])
        record = self.record(form_type, {"meeting_id": meeting_id, "partner_id": partner, **values})
        self.files += 1
        sha = self.store.store_original(f"%PDF-1.7 synthetic return {self.files}\n%%EOF\n".encode(), ".pdf")
        self.store.accept_return(identity.form_id, record, sha, f"inbox/{identity.form_id}.pdf",
                                 received.replace(tzinfo=dt.timezone.utc))
        self.returns += 1

    def meeting(self, number: int, day: dt.date) -> None:
        from partnerpack.schemas.meeting import MeetingSchema

        meeting_id = f"SYN-{number:03d}"
        invitees = [partner_id(1 + (number * 3 + k) % PARTNERS) for k in range(INVITEES)]
        loaded = MeetingSchema().load_record(meeting(meeting_id, KINDS[number % len(KINDS)], day.isoformat(),
                                                     invitees))
        self.store.register_meeting({**loaded, "partnership": self.people["partnership"],
                                     "invitee_details": [self.by_id[pid] for pid in invitees]})
        after = dt.datetime.combine(day, dt.time(16)) + dt.timedelta(days=1)
        attendance = {}
        for row, pid in enumerate(invitees, start=1):
            person = self.by_id[pid]
            attendance.update({f"attendance__{row}__partner_id": pid, f"attendance__{row}__name": person["name"],
                               f"attendance__{row}__agency": person["agency"],
                               f"attendance__{row}__attendance": "Present" if row % 4 else "Apologies"})
        self.file("meeting_record", meeting_id, "NOTETAKER",
                  {**attendance, "decisions": "Agreed the actions below.", "notes_circulated_on": uk(after.date())},
                  after)
        plan = {}
        for row in range(1, ACTIONS_PER_PLAN + 1):
            owner = self.by_id[invitees[row % INVITEES]]
            due = day + dt.timedelta(days=14 + 7 * (row % 20))
            plan.update({f"actions__{row}__description": f"Action {row} agreed at {meeting_id}",
                         f"actions__{row}__owner": owner["name"], f"actions__{row}__agency": owner["agency"],
                         f"actions__{row}__measure": "Confirmed to the chair in writing",
                         f"actions__{row}__due_date": uk(due)})
            self.actions.append((f"{meeting_id}-A{row}", owner["id"], due))
        self.file("action_plan", meeting_id, "NOTETAKER", plan, after + dt.timedelta(hours=1))
        for pid in invitees[:CONTRIBUTIONS_PER_MEETING]:
            self.file("contribution", meeting_id, pid,
                      {"attendance": "I will attend", "involvement": "Known to our service this year.",
                       "completed_on": uk(day - dt.timedelta(days=3)), "information_accurate": True},
                      dt.datetime.combine(day - dt.timedelta(days=3), dt.time(11)), due=day - dt.timedelta(days=2))

    def checklists(self, year: str, meeting_id: str, day: dt.date) -> None:
        from partnerpack.schemas.meeting import MeetingSchema

        loaded = MeetingSchema().load_record(meeting(meeting_id, "annual_review", day.isoformat(),
                                                     [p["id"] for p in self.people["partners"]]))
        self.store.register_meeting({**loaded, "partnership": self.people["partnership"],
                                     "invitee_details": self.people["partners"]})
        for number, person in enumerate(self.people["partners"]):
            ratings = {name: RATING[1 + (number + index) % 4] for index, name in enumerate(self.questions)}
            self.file("review_checklist", meeting_id, person["id"],
                      {**ratings, "review_year": year, "reviewer": person["name"], "completed_on": uk(day),
                       "flag_delayed_responses": number % 5 == 0,
                       "gap_communication": "Strategy outcomes are not always shared." if number % 3 else "",
                       "improve_immediate__1__action": "Refresh the contact list", "improve_immediate__1__owner":
                           person["name"], "improve_immediate__1__due_by": uk(day + dt.timedelta(days=90))},
                      dt.datetime.combine(day, dt.time(10)))

    def updates(self) -> None:
        by_owner: dict[str, list[tuple[str, dt.date]]] = {}
        for key, owner, due in self.actions:
            by_owner.setdefault(owner, []).append((key, due))
        owners = sorted(by_owner)
        for round_number in range(UPDATE_ROUNDS):
            day = dt.date(2025, 10, 1) + dt.timedelta(days=7 * round_number)
            for offset in range(len(owners) // 4):
                owner = owners[(round_number + offset * 4) % len(owners)]
                rows = by_owner[owner][(round_number * UPDATES_PER_FORM) % len(by_owner[owner]):][:UPDATES_PER_FORM]
                values: dict[str, Any] = {"completed_on": uk(day)}
                for row, (key, _) in enumerate(rows, start=1):
                    status = STATUSES[(row + round_number) % len(STATUSES)]
                    values.update({f"updates__{row}__action_id": key, f"updates__{row}__status": status,
                                   f"updates__{row}__progress_note": "Waiting for the other agency."
                                   if status == "Blocked" else "Update given to the chair."})
                    if status == "Done":
                        values[f"updates__{row}__completed_on"] = uk(day)
                self.file("action_update", f"UPD-{round_number + 1:03d}", owner, values,
                          dt.datetime.combine(day, dt.time(15)))


def build_year(root: Path, meetings: int) -> dict[str, int]:
    """A workspace at ``root`` with the synthetic directory and a year of returns in its store."""
    from partnerpack.generator.workspace import init_workspace

    workspace = init_workspace(root)
    people = directory(PARTNERS)
    workspace.partners_file.write_text(yaml.safe_dump(people, sort_keys=False), encoding="utf-8")
    with workspace.open_store() as store:
        year = Year(store, people, meetings)
        for number, day in enumerate(meeting_days(meetings), start=1):
            with store.transaction():
                year.meeting(number, day)
        with store.transaction():
            year.checklists(YEAR, "ASR-2026", dt.date(2026, 7, 8))
            year.checklists(PREVIOUS_YEAR, "ASR-2025", dt.date(2025, 7, 9))
        with store.transaction():
            year.updates()
        return {"returns": year.returns, "actions": len(year.actions), **store.counts()}


# -- timing -------------------------------------------------------------------------------------------------


def commands(workspace: Path, out: Path) -> Iterator[tuple[str, list[str]]]:
    """Each command as a user would type it, writing into ``out``."""
    as_of = ["--as-of", uk(AS_OF), "--workspace", str(workspace)]
    for file_format in FORMATS:
        yield (f"register --format {file_format} --status all",
               ["register", "--format", file_format, "--status", "all", "--out", str(out / f"register.{file_format}"),
                *as_of])
    yield f"review --year {YEAR}", ["review", "--year", YEAR, "--out", str(out / "review.docx"), *as_of]


def child_split(workspace_dir: str) -> dict[str, Any]:
    """Time the steps inside the commands: reading the store, then each rendering, in one fresh process."""
    from partnerpack.generator.common import load_directory
    from partnerpack.generator.register import (consolidate, filter_rows, register_csv, register_docx, register_json,
                                                register_xlsx)
    from partnerpack.generator.workspace import Workspace

    workspace = Workspace.load(Path(workspace_dir))
    steps: dict[str, float] = {}
    with workspace.open_store() as store:
        steps["register: read the store (consolidate)"], (rows, _) = timed(lambda: consolidate(store))
    chosen = filter_rows(rows, as_of=AS_OF, status="all")
    renderers = {"docx": lambda: register_docx(chosen, AS_OF, partnership="North Vale"),
                 "xlsx": lambda: register_xlsx(chosen, AS_OF, partnership="North Vale"),
                 "csv": lambda: register_csv(chosen, AS_OF), "json": lambda: register_json(chosen, AS_OF)}
    sizes = {}
    for file_format, render in renderers.items():
        steps[f"register: render {file_format}"], data = timed(render)
        sizes[file_format] = len(data)
    try:
        from partnerpack.generator.review import render_review, review_charts, review_figures
    except ImportError:
        return {"steps": steps, "rows": len(chosen), "sizes": sizes, "review": False, **peak_memory_mb()}
    people = load_directory(workspace.partners_file)
    with workspace.open_store() as store:
        steps["review: count the figures"], figures = timed(
            lambda: review_figures(store, people, YEAR, previous_year=PREVIOUS_YEAR, as_of=AS_OF))
    steps["review: draw the charts alone"], charts = timed(lambda: review_charts(figures))
    steps["review: render (charts and Word)"], data = timed(
        lambda: render_review(figures, partnership=people["partnership"]))
    sizes["review"] = len(data)
    return {"steps": steps, "rows": len(chosen), "sizes": sizes, "review": True, "charts": len(charts),
            **peak_memory_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=250, help="Meetings in the year (40 actions each).")
    parser.add_argument("--keep", action="store_true", help="Keep the generated workspace.")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_split(*args.child[1:])))
        return
    with scratch_folder(args.keep) as scratch:
        print_machine(machine_info(scratch))
        workspace = scratch / "workspace"
        built, counts = timed(lambda: build_year(workspace, args.meetings))
        print(f"Synthetic year written through the Store API in {built:.1f} s: {counts['actions']:,} actions, "
              f"{counts['returns']:,} returns ({counts['meetings']} meetings registered).\n")
        rows = []
        for label, arguments in commands(workspace, scratch):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", CLI, *arguments], capture_output=True, text=True)
            seconds = time.perf_counter() - started
            result = "ok" if done.returncode == 0 else f"failed ({done.stderr.strip().splitlines()[-1:]})"
            verdict = ("met" if seconds < GOAL_SECONDS else f"missed by {seconds - GOAL_SECONDS:.1f} s") \
                if done.returncode == 0 else "not measured"
            rows.append([f"`partnerpack {label}`", seconds, result, verdict])
        split = run_child(Path(__file__), "split", str(workspace))
    print("## Commands, as a user runs them (new process each)\n")
    print(table(["Command", "Seconds", "Result", f"Goal < {GOAL_SECONDS:.0f} s"], rows))
    print(f"\n## Inside the commands (one process; {split['rows']:,} register rows, peak {split['main_mb']:.0f} MB)\n")
    print(table(["Step", "Seconds"], [[step, seconds] for step, seconds in split["steps"].items()]))
    print("\nOutput sizes: " + ", ".join(f"{name} {size / 1024:,.0f} KB" for name, size in split["sizes"].items()))
    if not split["review"]:
        print("\nThe review modules are not installed yet: review not measured.")


if __name__ == "__main__":
    main()
