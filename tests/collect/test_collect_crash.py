"""A collect run killed part-way through ends, once re-run, exactly where an uninterrupted run ends."""
from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from partnerpack.forms.fill import fill_pdf

from returns_factory import GOOD_CONTRIBUTION, drop, make_workspace

COPIES_PER_FORM = 15
MARKER = b"VARIANT-0000"


def _batch(pack, inbox: Path) -> int:
    """Many distinct returned PDFs: each partner's form re-sent with a changed answer, a minute apart.

    Filling once and changing a fixed-width marker in the bytes makes hundreds
    of valid, different files in a fraction of a second.
    """
    inbox.mkdir()
    count = 0
    for form in sorted((pack.folder / "forms").glob("contribution-*.pdf")):
        base = fill_pdf(form.read_bytes(), {**GOOD_CONTRIBUTION, "involvement": MARKER.decode()})
        for copy in range(COPIES_PER_FORM):
            data = base.replace(MARKER, f"VARIANT-{copy:04d}".encode())
            drop(inbox / f"{form.stem}-{copy:04d}.pdf", data, dt.datetime(2025, 10, 1, 9) + dt.timedelta(minutes=copy))
            count += 1
    return count


def _state(workspace) -> dict[str, object]:
    with sqlite3.connect(workspace.root / "store" / "partnerpack.db") as db:
        returns = db.execute("SELECT form_id, version, sha256, is_current, status, record_json FROM returns "
                             "ORDER BY form_id, version").fetchall()
        originals = db.execute("SELECT sha256, size FROM originals ORDER BY sha256").fetchall()
        rejections = db.execute("SELECT sha256, reason FROM rejections ORDER BY sha256").fetchall()
    files = sorted(p.name for p in (workspace.originals_dir).rglob("*.pdf"))
    return {"returns": returns, "originals": originals, "rejections": rejections, "files": files}


def _collect_command(workspace, inbox: Path) -> list[str]:
    return [sys.executable, "-c", "from partnerpack.generator.cli import main; main()", "collect", str(inbox),
            "--workspace", str(workspace.root), "--jobs", "1"]


def _stored_returns(workspace) -> int:
    try:
        with sqlite3.connect(workspace.root / "store" / "partnerpack.db", timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM returns").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_collect_rerun_reaches_the_same_store(tmp_path: Path) -> None:
    killed, pack = make_workspace(tmp_path / "killed", "annual-partnership-review.yaml")
    clean, _ = make_workspace(tmp_path / "clean", "annual-partnership-review.yaml")
    total = _batch(pack, tmp_path / "inbox")
    inbox = tmp_path / "inbox"

    process = subprocess.Popen(_collect_command(killed, inbox), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _stored_returns(killed) < total // 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    part_way = _stored_returns(killed)
    assert 0 < part_way < total, f"the kill should land part-way, not at {part_way} of {total}"

    subprocess.run(_collect_command(killed, inbox), check=True, capture_output=True, timeout=120)
    subprocess.run(_collect_command(clean, inbox), check=True, capture_output=True, timeout=120)

    after_crash, uninterrupted = _state(killed), _state(clean)
    assert len(uninterrupted["returns"]) == total
    assert after_crash == uninterrupted
