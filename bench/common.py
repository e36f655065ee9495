"""What every benchmark shares: the machine it ran on, timing, peak memory, scratch folders and tables.

Scripts in bench/ import this (``python bench/bench_collect.py`` puts
bench/ on the import path). Each measurement that reports peak memory runs
in a child process of its own, so one size's peak cannot hide another's.
"""
from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

LIBRARIES = ("pikepdf", "pypdf", "lxml", "python-docx", "reportlab", "marshmallow", "openpyxl", "matplotlib",
             "docxtpl")
TOOLS = {"qpdf": ["qpdf", "--version"], "pdftk": ["pdftk", "--version"]}


# -- the machine --------------------------------------------------------------------------------------------


def machine_info(scratch: Path | None = None) -> dict[str, str]:
    """CPU, cores, memory, OS, Python, library and tool versions, and how the scratch disk behaves."""
    info = {
        "CPU": _cpu_model(),
        "Cores": f"{os.cpu_count()} logical ({len(os.sched_getaffinity(0))} usable by this process)"
        if hasattr(os, "sched_getaffinity") else str(os.cpu_count()),
        "RAM": _memory_total(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
    }
    for name in LIBRARIES:
        try:
            info[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            info[name] = "not installed"
    for name, command in TOOLS.items():
        info[name] = _tool_version(command)
    if scratch is not None:
        info["Scratch disk"] = _disk_probe(scratch)
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _tool_version(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return next((line.strip() for line in out.splitlines() if line.strip()), "unknown")


def _disk_probe(folder: Path, count: int = 200) -> str:
    """Filesystem type, and the cost of creating a 40 KB file with and without fsync: stores are made of files."""
    probe = Path(tempfile.mkdtemp(prefix="disk-probe-", dir=folder))
    data = os.urandom(40_000)
    try:
        started = time.perf_counter()
        for index in range(count):
            (probe / f"plain-{index}").write_bytes(data)
        plain = (time.perf_counter() - started) / count
        started = time.perf_counter()
        for index in range(count):
            with open(probe / f"synced-{index}", "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        synced = (time.perf_counter() - started) / count
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    return (f"{_filesystem(folder)}; create+write 40 KB {plain * 1e3:.2f} ms, "
            f"with fsync {synced * 1e3:.2f} ms")


def _filesystem(folder: Path) -> str:
    best, kind = "", "unknown"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            _, mount_point, fs_type, *_ = line.split()
            if str(folder.resolve()).startswith(mount_point) and len(mount_point) > len(best):
                best, kind = mount_point, fs_type
    except OSError:
        pass
    return kind


def print_machine(info: dict[str, str]) -> None:
    """The machine as a two-column table, for the top of every benchmark's output."""
    print(table(["Machine", ""], [[key, value] for key, value in info.items()]))
    print()


# -- timing and memory --------------------------------------------------------------------------------------


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``action`` took on the wall clock, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def best_of(repeats: int, action: Callable[[], Any]) -> float:
    """The fastest of ``repeats`` runs, in seconds: the least disturbed by the rest of the machine."""
    return min(timed(action)[0] for _ in range(repeats))


def peak_memory_mb() -> dict[str, float]:
    """Peak resident memory of this process and of the largest child it has waited for (worker processes).

    This process's peak is VmHWM where Linux gives it: ru_maxrss survives exec, so a child
    started from a large parent would report the parent's size.
    """
    scale = 1024 if sys.platform != "darwin" else 1048576  # ru_maxrss is KiB on Linux, bytes on macOS
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1]) / 1024
    except OSError:
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return {"main_mb": own, "worker_mb": children}


def run_child(script: Path, *args: str) -> dict[str, Any]:
    """Run ``script --child ...args`` in a fresh Python and return the JSON it prints last."""
    command = [sys.executable, str(script), "--child", *args]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def settle() -> None:
    """Flush dirty pages left by setting up, so they are not written back in the middle of a timed run."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(1)


@contextlib.contextmanager
def scratch_folder(keep: bool = False) -> Iterator[Path]:
    """A temporary folder for generated inputs ($BENCH_TMP or the system temp folder), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="partnerpack-bench-", dir=os.environ.get("BENCH_TMP")))
    try:
        yield folder
    finally:
        if keep:
            print(f"Kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


# -- tables -------------------------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table with aligned columns: readable in a terminal, pasteable into docs/BENCHMARKS.md."""
    cells = [[str(cell) for cell in headers]] + [[_cell(cell) for cell in row] for row in rows]
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]
    numeric = [all(_is_number(row[index]) for row in cells[1:]) and len(cells) > 1 for index in range(len(headers))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(cell.rjust(width) if right else cell.ljust(width)
                                 for cell, width, right in zip(row, widths, numeric)) + " |"

    rule = "|" + "|".join(("-" * (width + 1) + ":") if right else ("-" * (width + 2))
                          for width, right in zip(widths, numeric)) + "|"
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").rstrip("x"))
        return True
    except ValueError:
        return text in ("", "–")
