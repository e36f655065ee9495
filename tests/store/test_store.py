"""The store keeps every returned form safely: once, in order, with its history, even across crashes."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from partnerpack.forms.identity import FormIdentity
from partnerpack.generator.store import (FormNotIssued, IssuedForm, MissingOriginal, Store, StoreError,
                                         StoreNotSupported, open_store, record_from_json, record_to_json)
from partnerpack.generator.store.database import convert_placeholders
from partnerpack.generator.store.sql import MIGRATIONS
from partnerpack.schemas.contribution import ContributionSchema
from partnerpack.schemas.errors import Problem

UTC = dt.timezone.utc
ISSUED_AT = dt.datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
NURSE = FormIdentity.issue("contribution", 1, "CSM-2025-014", "P003")
OFFICER = FormIdentity.issue("contribution", 1, "CSM-2025-014", "P001")
PLAN = FormIdentity.issue("action_plan", 1, "CSM-2025-014", "NOTETAKER")
LADO_NURSE = FormIdentity.issue("contribution", 1, "LADO-2025-Q3", "P003")


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, 10, day, hour, 0, tzinfo=UTC)


def contribution(**changes: Any) -> dict[str, Any]:
    """A typed contribution record as ContributionSchema loads one (fictional partner)."""
    record = {
        "meeting_id": "CSM-2025-014", "meeting_title": "Case strategy meeting", "meeting_date": dt.date(2025, 10, 14),
        "partner_id": "P003", "partner_name": "Priya Okafor", "agency": "Vale Health", "role": "School nurse",
        "attendance": "attending", "substitute_name": None, "substitute_role": None,
        "involvement": "2025-09-01", "service_to_date": None,
        "concerns": [{"concern": "Missed appointments", "observed_on": dt.date(2025, 9, 20), "source": "records"}],
        "signs_of_safety": None, "lived_experience": None, "wishes_and_feelings": None,
        "child_asked_to_share": None, "proposed_actions": "Health visit", "information_accurate": True,
        "completed_on": dt.date(2025, 10, 10),
    }
    record.update(changes)
    return record


def issued(identity: FormIdentity, due_on: dt.date | None = dt.date(2025, 10, 10)) -> IssuedForm:
    return IssuedForm.from_identity(identity, issued_at=ISSUED_AT, due_on=due_on,
                                    files=[f"forms/{identity.partner_id}.pdf", f"forms/{identity.partner_id}.docx"])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'store' / 'partnerpack.db'}") as opened:
        opened.register_issued([issued(NURSE), issued(OFFICER), issued(PLAN, None), issued(LADO_NURSE)])
        yield opened


def file_in(store: Store, text: str, when: dt.datetime, identity: FormIdentity = NURSE, **changes: Any):
    """Store a returned file's bytes and accept it, as collect does."""
    sha = store.store_original(f"%PDF-1.7 {text}".encode(), ".pdf")
    return store.accept_return(identity.form_id, contribution(**changes), sha, f"inbox/{text}.pdf", when)


def table_rows(db_path: Path) -> dict[str, list[tuple]]:
    """Every row that matters, read straight from the database file, leaving out the clock times of storing."""
    with sqlite3.connect(db_path) as con:
        return {
            "returns": con.execute("SELECT form_id, version, sha256, source, received_at, record_json, is_current, "
                                   "status FROM returns ORDER BY form_id, version").fetchall(),
            "originals": con.execute("SELECT sha256, size, suffix, stored_path FROM originals "
                                     "ORDER BY sha256").fetchall(),
            "issued": con.execute("SELECT * FROM issued_forms ORDER BY form_id").fetchall(),
        }


def assert_every_row_has_its_file(db_path: Path, originals_dir: Path) -> None:
    with sqlite3.connect(db_path) as con:
        for sha, stored_path in con.execute("SELECT sha256, stored_path FROM originals"):
            assert hashlib.sha256((originals_dir / stored_path).read_bytes()).hexdigest() == sha


# -- accepting returns ------------------------------------------------------------------------------------------


def test_first_return_is_accepted_and_reads_back_with_dates_typed(store: Store) -> None:
    outcome = file_in(store, "first", at(9))
    assert (outcome.result, outcome.version, outcome.is_current, outcome.previous) == ("accepted", 1, True, None)

    stored = store.get_return(NURSE.form_id)
    assert stored.record["completed_on"] == dt.date(2025, 10, 10)
    assert stored.record["concerns"][0]["observed_on"] == dt.date(2025, 9, 20)
    assert stored.record["involvement"] == "2025-09-01"  # free text that looks like a date stays text
    assert stored.current.received_at == at(9)
    assert (stored.form_type, stored.meeting_id, stored.partner_id) == ("contribution", "CSM-2025-014", "P003")
    assert [v.version for v in stored.history] == [1]


def test_the_same_file_twice_is_unchanged_and_adds_no_rows(store: Store) -> None:
    file_in(store, "first", at(9))
    before = store.counts()
    again = file_in(store, "first", at(11))
    assert (again.result, again.version, again.is_current) == ("unchanged", 1, True)
    assert store.counts() == before == {**before, "originals": 1, "returns": 1, "forms_returned": 1}


def test_a_corrected_return_becomes_current_and_the_first_is_kept(store: Store) -> None:
    file_in(store, "first", at(9), proposed_actions="Health visit")
    outcome = file_in(store, "corrected", at(10), proposed_actions="Health visit and GP review")

    assert (outcome.result, outcome.version, outcome.is_current) == ("updated", 2, True)
    assert outcome.previous.version == 1 and outcome.previous.record["proposed_actions"] == "Health visit"
    stored = store.get_return(NURSE.form_id)
    assert stored.record["proposed_actions"] == "Health visit and GP review"
    assert [(v.version, v.is_current, v.status) for v in stored.history] == [(1, False, "accepted"),
                                                                          (2, True, "updated")]


def test_an_older_file_arriving_later_does_not_become_current(store: Store) -> None:
    file_in(store, "newer", at(10), proposed_actions="Newer answer")
    outcome = file_in(store, "older", at(8), proposed_actions="Older answer")

    assert (outcome.result, outcome.version, outcome.is_current) == ("older", 2, False)
    assert outcome.previous.version == 1
    stored = store.get_return(NURSE.form_id)
    assert stored.current.version == 1 and stored.record["proposed_actions"] == "Newer answer"
    assert [v.status for v in stored.history] == ["accepted", "older"]


def test_received_times_in_different_time_zones_are_compared_as_moments(store: Store) -> None:
    file_in(store, "saved-file", dt.datetime(2025, 10, 9, 9, 45, tzinfo=UTC))
    bst = dt.timezone(dt.timedelta(hours=1))
    outcome = file_in(store, "emailed", dt.datetime(2025, 10, 9, 10, 30, tzinfo=bst))  # 09:30 UTC: earlier
    assert outcome.result == "older"
    assert store.get_return(NURSE.form_id).history[1].received_at == dt.datetime(2025, 10, 9, 9, 30, tzinfo=UTC)


def test_a_tie_in_received_time_goes_to_the_file_stored_last(store: Store) -> None:
    file_in(store, "one", at(9))
    outcome = file_in(store, "two", at(9))
    assert (outcome.result, outcome.is_current) == ("updated", True)


def test_every_returned_form_has_exactly_one_current_version(store: Store, tmp_path: Path) -> None:
    for index, (identity, day) in enumerate([(NURSE, 9), (NURSE, 12), (NURSE, 3), (OFFICER, 5), (OFFICER, 5),
                                             (PLAN, 7), (NURSE, 12)]):
        file_in(store, f"file-{index}", at(day), identity)
    with sqlite3.connect(tmp_path / "store" / "partnerpack.db") as con:
        currents = dict(con.execute("SELECT form_id, SUM(is_current) FROM returns GROUP BY form_id").fetchall())
    assert currents == {NURSE.form_id: 1, OFFICER.form_id: 1, PLAN.form_id: 1}


def test_a_return_for_a_form_never_issued_is_refused(store: Store) -> None:
    sha = store.store_original(b"%PDF stray", ".pdf")
    with pytest.raises(FormNotIssued, match="F-000000000000"):
        store.accept_return("F-000000000000", contribution(), sha, "inbox/stray.pdf", at(9))
    assert store.counts()["returns"] == 0


def test_a_return_whose_original_was_not_stored_is_refused(store: Store) -> None:
    with pytest.raises(MissingOriginal):
        store.accept_return(NURSE.form_id, contribution(), "ab" * 32, "inbox/x.pdf", at(9))


def test_a_late_return_is_flagged(store: Store) -> None:
    file_in(store, "late", at(11))  # due on 10 October
    file_in(store, "plan", at(20), PLAN)  # no due date
    assert store.get_return(NURSE.form_id).late is True
    assert store.get_return(PLAN.form_id).late is False


def test_current_returns_filter_by_form_type_and_meeting(store: Store) -> None:
    for text, identity in [("a", NURSE), ("b", OFFICER), ("c", PLAN), ("d", LADO_NURSE)]:
        file_in(store, text, at(9), identity)
    file_in(store, "a2", at(10), NURSE)

    assert {r.form_id for r in store.current_returns()} == {NURSE.form_id, OFFICER.form_id, PLAN.form_id,
                                                            LADO_NURSE.form_id}
    contributions = store.current_returns(form_type="contribution", meeting_id="CSM-2025-014")
    assert {r.partner_id for r in contributions} == {"P001", "P003"}
    nurse = next(r for r in contributions if r.partner_id == "P003")
    assert [v.version for v in nurse.history] == [1, 2] and nurse.current.version == 2
    assert [r.form_id for r in store.current_returns(meeting_id="LADO-2025-Q3")] == [LADO_NURSE.form_id]
    assert store.get_return(OFFICER.form_id).form_id == OFFICER.form_id
    assert store.get_return("F-ffffffffffff") is None


# -- originals, issued forms, meetings ----------------------------------------------------------------------------


def test_originals_are_kept_byte_for_byte_under_their_hash(store: Store, tmp_path: Path) -> None:
    data = b"%PDF-1.7 exact bytes \x00\xff"
    sha = store.store_original(data, ".PDF")
    assert sha == hashlib.sha256(data).hexdigest()
    path = store.original_path(sha)
    assert path == tmp_path / "store" / "originals" / sha[:2] / f"{sha}.pdf"
    assert path.read_bytes() == data
    assert store.store_original(data, ".pdf") == sha and store.counts()["originals"] == 1
    assert store.original_path("00" * 32) is None
    with pytest.raises(StoreError, match="suffix"):
        store.store_original(data, "pdf/../../x")


def test_a_deleted_original_is_written_again_when_the_file_returns(store: Store) -> None:
    sha = store.store_original(b"%PDF lost", ".pdf")
    store.original_path(sha).unlink()
    store.store_original(b"%PDF lost", ".pdf")
    assert store.original_path(sha).read_bytes() == b"%PDF lost"


def test_registering_a_remade_pack_updates_forms_but_keeps_first_issue_time(store: Store) -> None:
    later = IssuedForm.from_identity(NURSE, issued_at=at(5), due_on=dt.date(2025, 10, 12), files=["new.pdf"])
    store.register_issued([later])
    store.register_issued([later])
    form = store.get_issued(NURSE.form_id)
    assert (form.issued_at, form.due_on, form.files) == (ISSUED_AT, dt.date(2025, 10, 12), ("new.pdf",))
    assert form.identity == NURSE
    assert len(store.issued_forms()) == 4
    assert {f.form_id for f in store.issued_forms("LADO-2025-Q3")} == {LADO_NURSE.form_id}
    assert store.get_issued("F-ffffffffffff") is None


def test_meetings_are_registered_once_and_read_back_typed(store: Store) -> None:
    meeting = {"id": "CSM-2025-014", "kind": "case_strategy", "title": "Case strategy meeting",
               "date": dt.date(2025, 10, 14), "start_time": dt.time(9, 30), "invitees": ["P001", "P003"],
               "contribution_deadline": dt.date(2025, 10, 10)}
    store.register_meeting(meeting)
    store.register_meeting({**meeting, "title": "Case strategy meeting (moved)"})
    [stored] = store.meetings()
    assert (stored.meeting_id, stored.title, stored.date) == ("CSM-2025-014", "Case strategy meeting (moved)",
                                                              dt.date(2025, 10, 14))
    assert stored.data["start_time"] == dt.time(9, 30)
    assert stored.data["contribution_deadline"] == dt.date(2025, 10, 10)
    assert store.get_meeting("nope") is None
    with pytest.raises(StoreError, match="kind"):
        store.register_meeting({"id": "X1", "title": "t", "date": dt.date(2025, 1, 1)})


# -- rejections and conflicts -------------------------------------------------------------------------------------


def test_a_refused_file_is_recorded_once(store: Store) -> None:
    problems = [Problem("completed_on", "This must be filled in."), "No form fields left."]
    assert store.reject("cd" * 32, "inbox/bad.pdf", "invalid", problems, Path("returns/quarantine/bad.pdf"))
    assert not store.reject("cd" * 32, "mail.eml/bad.pdf", "invalid", problems, None)
    [rejection] = store.rejections()
    assert rejection.source == "inbox/bad.pdf"
    assert rejection.problems == (Problem("completed_on", "This must be filled in."),
                                  Problem("", "No form fields left."))
    assert rejection.quarantined_path == "returns/quarantine/bad.pdf"
    assert store.forget_rejection("cd" * 32) and not store.forget_rejection("cd" * 32)
    assert store.rejections() == []


def test_a_conflict_is_flagged_once_whichever_way_round(store: Store) -> None:
    first = file_in(store, "by-priya", at(9))
    second = file_in(store, "by-someone-else", at(10), partner_name="Someone Else")
    sha_a = store.get_return(NURSE.form_id).history[0].sha256
    sha_b = store.get_return(NURSE.form_id).history[1].sha256
    assert (first.result, second.result) == ("accepted", "updated")
    assert store.flag_conflict(NURSE.form_id, sha_b, sha_a, "Different names on the two returns")
    assert not store.flag_conflict(NURSE.form_id, sha_a, sha_b, "again")
    [conflict] = store.conflicts()
    assert {conflict.sha256_a, conflict.sha256_b} == {sha_a, sha_b}
    with pytest.raises(StoreError, match="stored returns"):
        store.flag_conflict(OFFICER.form_id, sha_a, sha_b, "wrong form")


# -- transactions and crashes -------------------------------------------------------------------------------------


class Interrupted(Exception):
    pass


def test_an_error_inside_a_transaction_writes_nothing(store: Store) -> None:
    before = store.counts()
    with pytest.raises(Interrupted):
        with store.transaction():
            file_in(store, "first", at(9))
            store.reject("ef" * 32, "inbox/bad.pdf", "unreadable")
            store.register_meeting({"id": "M1", "kind": "case_strategy", "title": "t", "date": dt.date(2025, 1, 1)})
            raise Interrupted
    assert store.counts() == before
    assert store.get_return(NURSE.form_id) is None


def test_an_error_in_an_inner_transaction_undoes_only_that_block(store: Store) -> None:
    with store.transaction():
        file_in(store, "kept", at(9))
        with pytest.raises(Interrupted):
            with store.transaction():
                file_in(store, "undone", at(9), OFFICER)
                raise Interrupted
    assert store.get_return(NURSE.form_id) is not None
    assert store.get_return(OFFICER.form_id) is None


def test_a_crash_after_writing_the_original_but_before_commit_is_repaired_by_a_rerun(tmp_path: Path) -> None:
    def run(folder: Path, crash: bool) -> Store:
        store = open_store(f"sqlite:///{folder / 'partnerpack.db'}")
        store.register_issued([issued(NURSE)])
        if crash:
            with pytest.raises(Interrupted):
                with store.transaction():
                    file_in(store, "first", at(9))
                    raise Interrupted  # the process dies here: the file is on disk, its row is not
            assert store.counts()["originals"] == 0
            assert len(list((folder / "originals").rglob("*.pdf"))) == 1
        file_in(store, "first", at(9))
        file_in(store, "second", at(10))
        return store

    run(tmp_path / "crashed", crash=True).close()
    run(tmp_path / "clean", crash=False).close()
    assert table_rows(tmp_path / "crashed" / "partnerpack.db") == table_rows(tmp_path / "clean" / "partnerpack.db")
    assert_every_row_has_its_file(tmp_path / "crashed" / "partnerpack.db", tmp_path / "crashed" / "originals")


WORKLOAD_FORMS = [FormIdentity.issue("contribution", 1, "CSM-2025-099", f"P{n:03d}") for n in range(50)]
WORKLOAD_SIZE = 2000


def run_workload(folder: str) -> None:
    """Accept 2,000 small synthetic returns, some repeated and some arriving out of order; stops wherever killed."""
    store = open_store(f"sqlite:///{Path(folder) / 'partnerpack.db'}")
    store.register_issued([issued(identity) for identity in WORKLOAD_FORMS])
    print("ready", flush=True)
    for index in range(WORKLOAD_SIZE):
        key = index - 50 if index % 10 == 0 and index >= 50 else index  # every tenth file is sent again
        identity = WORKLOAD_FORMS[key % 50]
        received = ISSUED_AT + dt.timedelta(minutes=key) - dt.timedelta(days=1 if key % 7 == 0 else 0)
        with store.transaction():
            sha = store.store_original(f"%PDF-1.7 synthetic return {key}".encode(), ".pdf")
            record = contribution(partner_id=identity.partner_id, proposed_actions=str(key))
            store.accept_return(identity.form_id, record, sha, f"inbox/return-{key}.pdf", received)
    store.close()


@pytest.fixture
def fast_folder(tmp_path: Path) -> Iterator[Path]:
    """Memory (tmpfs) when there is one, else tmp_path.

    A process killed with SIGKILL leaves the same files behind on any file
    system (the kernel keeps what was written), so this test loses nothing
    by skipping the disk's fsync waits, and stays well under five seconds.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm, prefix="partnerpack-test-") as folder:
            yield Path(folder)
    else:
        yield tmp_path


def returns_stored(db_path: Path) -> int:
    """How many returns a running process has committed so far (WAL lets us read while it writes)."""
    if not db_path.exists():
        return 0
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as con:
        return con.execute("SELECT COUNT(*) FROM returns").fetchone()[0]


def test_a_killed_collect_run_finishes_the_same_as_an_uninterrupted_one(fast_folder: Path) -> None:
    tests_dir = Path(__file__).resolve().parent
    killed_dir, clean_dir = fast_folder / "killed", fast_folder / "uninterrupted"

    def workload_process(folder: Path) -> subprocess.Popen:
        code = f"import sys; sys.path.insert(0, {str(tests_dir)!r}); import test_store; " \
               f"test_store.run_workload({str(folder)!r})"
        return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)

    reference = workload_process(clean_dir)  # runs alongside, to keep the test quick
    victim = workload_process(killed_dir)
    try:
        assert victim.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 0.3  # ~0.3 s, or sooner on a machine fast enough to finish by then
        while time.monotonic() < deadline and returns_stored(killed_dir / "partnerpack.db") < WORKLOAD_SIZE // 4:
            time.sleep(0.005)
        assert victim.poll() is None, "the run finished before it could be killed"
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    finally:
        if victim.poll() is None:
            victim.kill()
    assert 0 < returns_stored(killed_dir / "partnerpack.db") < 1800, "the kill should land part-way through"

    run_workload(str(killed_dir))  # the user runs collect again
    assert reference.wait(timeout=30) == 0

    killed = table_rows(killed_dir / "partnerpack.db")
    assert killed == table_rows(clean_dir / "partnerpack.db")
    assert len(killed["returns"]) == 1995 and sum(row[6] for row in killed["returns"]) == 50
    assert {row[7] for row in killed["returns"]} == {"accepted", "updated", "older"}
    assert_every_row_has_its_file(killed_dir / "partnerpack.db", killed_dir / "originals")


# -- the store's database and URL ---------------------------------------------------------------------------------


def test_reopening_a_store_keeps_everything_and_its_schema_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    with open_store(url) as first:
        first.register_issued([issued(NURSE)])
    with open_store(url) as again:
        assert again.counts()["issued_forms"] == 1
    with sqlite3.connect(tmp_path / "p.db") as con:
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == MIGRATIONS[-1].version
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_from_a_newer_partnerpack_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    open_store(url).close()
    with sqlite3.connect(tmp_path / "p.db") as con:
        con.execute("INSERT INTO schema_version VALUES (99, 'from the future', '2030-01-01')")
    with pytest.raises(StoreError, match="newer partnerpack"):
        open_store(url)


def test_relative_store_urls_are_taken_from_the_base_folder(tmp_path: Path) -> None:
    with open_store("sqlite:///store/partnerpack.db", base_dir=tmp_path) as store:
        assert store.url == f"sqlite:///{tmp_path / 'store' / 'partnerpack.db'}"
        assert store.originals_dir == tmp_path / "store" / "originals"
    assert (tmp_path / "store" / "partnerpack.db").is_file()


def test_postgresql_and_unknown_urls_are_explained(tmp_path: Path) -> None:
    with pytest.raises(StoreNotSupported, match="not supported yet"):
        open_store("postgresql://partnerpack@localhost/partnerpack")
    with pytest.raises(StoreNotSupported, match="sqlite:///"):
        open_store("mysql://localhost/x")
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        open_store(f"sqlite:///{tmp_path / 'junk.db'}")


def test_placeholders_are_converted_in_one_place_for_other_drivers() -> None:
    query = "SELECT * FROM t WHERE a = ? AND b LIKE '50%?' AND c = ?"
    assert convert_placeholders(query, "qmark") == query
    assert convert_placeholders(query, "format") == "SELECT * FROM t WHERE a = %s AND b LIKE '50%%?' AND c = %s"


def test_records_round_trip_through_json_with_dates_only_where_the_schema_has_them() -> None:
    record = contribution()
    text = record_to_json(record)
    assert '"completed_on":"2025-10-10"' in text
    assert record_from_json(text)["completed_on"] == "2025-10-10"
    assert record_from_json(text, ContributionSchema()) == record
    assert ContributionSchema().load_record(record_from_json(text))["completed_on"] == dt.date(2025, 10, 10)
