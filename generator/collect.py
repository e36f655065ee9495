"""Collecting returned forms into the store: nothing lost, nothing twice, every refusal explained.

Files are examined in parallel (see examine.py) and filed in turn. Every
accepted file's exact bytes are kept in the store; every refused file is
copied to the quarantine folder beside a readable report, and the file the
partner sent is never moved or changed.
"""
from __future__ import annotations

import collections
import concurrent.futures as futures
import functools
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Deque, Iterable, Iterator

from .examine import Examined, examine
from .files import atomic_write
from .intake import Incoming, find_returns
from .store import AcceptOutcome, Store

#: Returns filed per database transaction: each return is all-or-nothing, and a crash redoes at most one batch.
BATCH_SIZE = 50
#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 40


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
    """Examine files in order, in worker processes when it pays, keeping only a bounded number in flight."""
    check = functools.partial(examine, max_bytes=limits.max_bytes, max_uncompressed=limits.max_uncompressed)
    iterator = iter(items)
    first = list(_take(iterator, PARALLEL_THRESHOLD))
    if jobs <= 1 or len(first) < PARALLEL_THRESHOLD:
        for incoming in [*first, *iterator]:
            yield incoming, check(incoming)
        return
    window: Deque[tuple[Incoming, futures.Future[Examined]]] = collections.deque()
    with futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        for incoming in [*first, *iterator]:
            window.append((incoming, pool.submit(check, incoming)))
            if len(window) >= jobs * 16:
                done, pending = window.popleft()
                yield done, pending.result()
        while window:
            done, pending = window.popleft()
            yield done, pending.result()


def _take(iterator: Iterator[Incoming], count: int) -> Iterator[Incoming]:
    for _ in range(count):
        try:
            yield next(iterator)
        except StopIteration:
            return


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
        fresh: list[Incoming] = []

        def unseen() -> Iterator[Incoming]:
            for incoming in find_returns(paths, max_bytes=self.limits.max_bytes):
                known = self._already_collected(incoming)
                if known:
                    report.items.append(known)
                    if on_item:
                        on_item(known)
                else:
                    fresh.append(incoming)
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
        seen = self.store.seen_before(hashlib.sha256(incoming.data).hexdigest())
        if seen is None:
            return None
        kind, detail = seen
        if kind == "stored":
            return ItemResult(incoming.source, "unchanged", form_id=detail)
        return ItemResult(incoming.source, "rejected", reason=detail)

    def _file_batch(self, batch: list[tuple[Incoming, Examined]], report: CollectReport,
                    on_item: Callable[[ItemResult], None] | None) -> None:
        with self.store.transaction():
            for incoming, examined in batch:
                item = self._file_one(incoming, examined)
                report.items.append(item)
                if on_item:
                    on_item(item)

    def _file_one(self, incoming: Incoming, examined: Examined) -> ItemResult:
        identity = examined.identity
        if not examined.refused and identity is not None:
            issued = self.store.get_issued(identity.form_id)
            if issued is None:
                examined.reason = (f"Form id {identity.form_id} was not issued from this workspace. It may belong to "
                                   "another partnership or a pack that was never registered here.")
            elif issued.identity != identity:
                examined.reason = (f"This form says it is for meeting {identity.meeting_id} and partner "
                                   f"{identity.partner_id}, but form id {identity.form_id} was issued for meeting "
                                   f"{issued.meeting_id} and partner {issued.partner_id}.")
        if examined.refused:
            return self._reject(incoming, examined)
        assert identity is not None and examined.record is not None
        sha256 = self.store.store_original(incoming.data, incoming.suffix or ".bin")
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
