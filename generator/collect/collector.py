"""Collecting returned forms into the store: nothing lost, nothing twice, every refusal explained.

Files are examined in parallel (see examine.py) and filed in batches, one
transaction each. Every accepted file's exact bytes are kept in the store,
written to disk before the batch that names them commits; every refused
file is copied to the quarantine folder beside a readable report, and the
file the partner sent is never moved or changed.
"""
from __future__ import annotations

import collections
import concurrent.futures as futures
import functools
import itertools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Deque, Iterable, Iterator

from ..common import atomic_write
from ..store import AcceptOutcome, Store
from .examine import Examined, examine
from .intake import Incoming, find_returns

#: Returns filed per database transaction: each return is all-or-nothing, and a crash redoes at most one batch.
BATCH_SIZE = 50
#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 40
#: Files sent to a worker process at a time, and most bytes in one such message.
CHUNK_FILES, CHUNK_BYTES = 8, 4 * 1024 * 1024
#: Messages queued per worker: enough to keep workers busy while a batch is being filed.
CHUNKS_AHEAD = 8
#: Most bytes of returned files held in memory at once, whatever the number of files collected.
MAX_BYTES_HELD = 64 * 1024 * 1024


@dataclass
class CollectLimits:
    """How large a returned file may be, before and after decompression."""

    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed: int = 50 * 1024 * 1024


@dataclass
class ItemResult:
    """What happened to one returned file."""

    source: str
    outcome: str  # accepted | updated | older | unchanged | rejected
    form_id: str | None = None
    form_type: str | None = None
    meeting_id: str | None = None
    partner_id: str | None = None
    version: int | None = None
    reason: str | None = None
    problems: list[str] = field(default_factory=list)
    quarantined: str | None = None
    conflict: str | None = None


@dataclass
class CollectReport:
    """Every file's result, and the counts the summary prints."""

    items: list[ItemResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many files were accepted, updated, kept as older versions, unchanged and rejected."""
        tally = collections.Counter(item.outcome for item in self.items)
        counts = {key: tally.get(key, 0) for key in ("accepted", "updated", "older", "unchanged", "rejected")}
        counts["conflicts"] = sum(1 for item in self.items if item.conflict)
        return counts

    @property
    def any_rejected(self) -> bool:
        """True if any file was refused (the command then exits 1)."""
        return any(item.outcome == "rejected" for item in self.items)

    def to_json(self) -> str:
        """The summary and every item, for scripts."""
        return json.dumps({"counts": self.counts(), "items": [asdict(i) for i in self.items]}, indent=2)


def _examined_stream(items: Iterable[Incoming], limits: CollectLimits, jobs: int) -> Iterator[
        tuple[Incoming, Examined]]:
    """Examine files in order, in worker processes when it pays, holding a bounded number in memory.

    Workers get files a few at a time (fewer, larger messages between
    processes), and enough are queued ahead that they keep working while
    this process files a batch into the store.
    """
    check = functools.partial(examine, max_bytes=limits.max_bytes, max_uncompressed=limits.max_uncompressed)
    iterator = iter(items)
    first = list(itertools.islice(iterator, PARALLEL_THRESHOLD))
    every = itertools.chain(first, iterator)
    if jobs <= 1 or len(first) < PARALLEL_THRESHOLD:
        for incoming in every:
            yield incoming, check(incoming)
        return
    window: Deque[tuple[list[Incoming], futures.Future[list[Examined]]]] = collections.deque()
    held = 0  # bytes of the files in the window
    with futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in _chunks(every):
            window.append((chunk, pool.submit(_examine_chunk, chunk, check)))
            held += _size(chunk)
            while len(window) > jobs * CHUNKS_AHEAD or held > MAX_BYTES_HELD:
                done, pending = window.popleft()
                held -= _size(done)
                yield from zip(done, pending.result())
        while window:
            done, pending = window.popleft()
            yield from zip(done, pending.result())


def _examine_chunk(chunk: list[Incoming], check: Callable[[Incoming], Examined]) -> list[Examined]:
    return [check(incoming) for incoming in chunk]


def _chunks(items: Iterable[Incoming]) -> Iterator[list[Incoming]]:
    """Files in runs of up to CHUNK_FILES, a large file on its own."""
    chunk: list[Incoming] = []
    for incoming in items:
        chunk.append(incoming)
        if len(chunk) >= CHUNK_FILES or _size(chunk) >= CHUNK_BYTES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _size(chunk: list[Incoming]) -> int:
    return sum(len(incoming.data) for incoming in chunk)


def _report_text(examined: Examined) -> str:
    lines = ["partnerpack could not accept this returned form.", "",
             f"File:      {examined.source}",
             f"Received:  {examined.received_at:%d/%m/%Y %H:%M} UTC",
             f"SHA-256:   {examined.sha256}"]
    if examined.identity:
        who = examined.identity
        lines.append(f"Form:      {who.form_type} {who.form_id} for meeting {who.meeting_id}, partner {who.partner_id}")
    lines += ["", f"Why:       {examined.reason}"]
    if examined.problems:
        lines += ["", "Problems, by field:"] + [f"  - {problem}" for problem in examined.problems]
    lines += ["", "The file the partner sent has not been changed; a copy is kept beside this report."]
    return "\n".join(lines) + "\n"


class Collector:
    """Files examined returns into one store, with quarantine for those refused."""

    def __init__(self, store: Store, quarantine_dir: Path, limits: CollectLimits | None = None,
                 jobs: int = 1) -> None:
        self.store = store
        self.quarantine_dir = Path(quarantine_dir)
        self.limits = limits or CollectLimits()
        self.jobs = jobs

    def collect(self, paths: Iterable[Path], *, on_item: Callable[[ItemResult], None] | None = None
                ) -> CollectReport:
        """Collect every form under ``paths``; a bad file is reported, never fatal to the run."""
        report = CollectReport()

        def unseen() -> Iterator[Incoming]:
            for incoming in find_returns(paths, max_bytes=self.limits.max_bytes):
                known = self._already_collected(incoming)
                if known:
                    report.items.append(known)
                    if on_item:
                        on_item(known)
                else:
                    yield incoming

        batch: list[tuple[Incoming, Examined]] = []
        for pair in _examined_stream(unseen(), self.limits, self.jobs):
            batch.append(pair)
            if len(batch) >= BATCH_SIZE:
                self._file_batch(batch, report, on_item)
                batch = []
        self._file_batch(batch, report, on_item)
        return report

    def _already_collected(self, incoming: Incoming) -> ItemResult | None:
        if incoming.too_large is not None:
            return None
        seen = self.store.seen_before(incoming.sha256)
        if seen is None:
            return None
        kind, detail = seen
        if kind == "stored":
            return ItemResult(incoming.source, "unchanged", form_id=detail)
        return ItemResult(incoming.source, "rejected", reason=detail)

    def _file_batch(self, batch: list[tuple[Incoming, Examined]], report: CollectReport,
                    on_item: Callable[[ItemResult], None] | None) -> None:
        """File a batch in one transaction; the originals it keeps are all on disk before it commits."""
        with self.store.transaction():
            for _, examined in batch:
                self._check_issued(examined)
            stored = iter(self.store.store_originals(
                [(incoming.data, incoming.suffix or ".bin") for incoming, examined in batch if not examined.refused]))
            for incoming, examined in batch:
                item = self._reject(incoming, examined) if examined.refused else \
                    self._accept(incoming, examined, next(stored))
                report.items.append(item)
                if on_item:
                    on_item(item)

    def _check_issued(self, examined: Examined) -> None:
        """Refuse a form this workspace did not issue, or whose identity does not match what was issued."""
        identity = examined.identity
        if examined.refused or identity is None:
            return
        issued = self.store.get_issued(identity.form_id)
        if issued is None:
            examined.reason = (f"Form id {identity.form_id} was not issued from this workspace. It may belong to "
                               "another partnership or a pack that was never registered here.")
        elif issued.identity != identity:
            examined.reason = (f"This form says it is for meeting {identity.meeting_id} and partner "
                               f"{identity.partner_id}, but form id {identity.form_id} was issued for meeting "
                               f"{issued.meeting_id} and partner {issued.partner_id}.")

    def _accept(self, incoming: Incoming, examined: Examined, sha256: str) -> ItemResult:
        identity = examined.identity
        assert identity is not None and examined.record is not None
        outcome = self.store.accept_return(identity.form_id, examined.record, sha256, incoming.source,
                                           incoming.received_at)
        item = ItemResult(incoming.source, outcome.result, identity.form_id, identity.form_type, identity.meeting_id,
                          identity.partner_id, outcome.version)
        item.conflict = self._conflict(outcome, sha256, incoming, examined)
        return item

    def _conflict(self, outcome: AcceptOutcome, sha256: str, incoming: Incoming, examined: Examined) -> str | None:
        """Flag two returns of one form that cannot safely be put in order, rather than silently choosing one.

        A later copy in the same format is taken as a correction. It is a
        conflict when both copies arrived at the same moment, when the partner
        filled in both the PDF and the Word copy, or when the copy received
        last says it was completed before the one it would replace.
        """
        previous = outcome.previous
        if outcome.result not in ("updated", "older") or previous is None:
            return None
        note = None
        if previous.received_at == incoming.received_at:
            note = "Two different copies of this form were received at the same time; check which is right."
        elif Path(previous.source).suffix.lower() != incoming.suffix:
            note = ("The partner returned both the PDF and the Word copy of this form with different answers; "
                    "check which is right.")
        else:
            mine, theirs = (examined.record or {}).get("completed_on"), previous.record.get("completed_on")
            if mine and theirs and outcome.result == "updated" and mine < theirs:
                note = ("The copy received last says it was completed earlier than the copy before it; "
                        "check which is right.")
        if note:
            self.store.flag_conflict(outcome.form_id, previous.sha256, sha256, note)
        return note

    def _reject(self, incoming: Incoming, examined: Examined) -> ItemResult:
        stem = f"{examined.sha256[:12]}-{Path(incoming.name).name or 'file'}"
        copy = self.quarantine_dir / stem
        report = self.quarantine_dir / f"{stem}.txt"
        if incoming.too_large is None:
            if not copy.exists():
                atomic_write(copy, incoming.data)
        atomic_write(report, _report_text(examined).encode("utf-8"))
        self.store.reject(examined.sha256, incoming.source, examined.reason or "refused", examined.problems,
                          copy if incoming.too_large is None else report)
        identity = examined.identity
        return ItemResult(incoming.source, "rejected",
                          identity.form_id if identity else None, identity.form_type if identity else None,
                          identity.meeting_id if identity else None, identity.partner_id if identity else None,
                          reason=examined.reason, problems=[str(p) for p in examined.problems],
                          quarantined=str(report))
