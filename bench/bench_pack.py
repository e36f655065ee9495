"""How long `pack` takes for meetings of 10, 30 and 100 invitees.

    python bench/bench_pack.py
    python bench/bench_pack.py --invitees 30 --kinds annual_review

For each size and meeting kind: a fresh workspace with a directory of N
fictional partners and a meeting inviting all of them. Timed three ways:
the `partnerpack pack` command as a user runs it (a new Python process, so
imports and loading the templates once are included); and, in a child
process, the first pack (templates loaded) and a second pack of the same
meeting (templates already cached by generator/templating and forms/docx_writer.py).
Every pack is registered in the workspace store, as `pack` does there.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine_info, peak_memory_mb, print_machine, run_child, scratch_folder, table, timed  # noqa: E402
from synthetic import directory, meeting, partner_id  # noqa: E402

SIZES = (10, 30, 100)
KINDS = ("case_strategy", "annual_review")
GOAL_SECONDS = {30: 2.0}
CLI = "from partnerpack.generator.cli import main; main()"


def meeting_file_data(kind: str, count: int) -> dict[str, Any]:
    """A meeting of ``kind`` inviting the first ``count`` partners of the synthetic directory."""
    prefix = "ASR" if kind == "annual_review" else "CSM"
    return {"directory": "../partners.yaml",
            **meeting(f"{prefix}-BENCH-{count}", kind, "2026-07-08", [partner_id(n) for n in range(1, count + 1)])}


def make_workspace(root: Path, kind: str, count: int) -> Path:
    """A workspace holding the synthetic directory and meeting; returns the meeting file."""
    from partnerpack.generator.workspace import init_workspace

    workspace = init_workspace(root)
    workspace.partners_file.write_text(yaml.safe_dump(directory(count), sort_keys=False), encoding="utf-8")
    meeting_file = workspace.meetings_dir / f"{kind}-{count}.yaml"
    meeting_file.write_text(yaml.safe_dump(meeting_file_data(kind, count), sort_keys=False), encoding="utf-8")
    return meeting_file


def child_pack(workspace_dir: str, meeting_file: str) -> dict[str, Any]:
    """Pack the meeting twice in this fresh process: cold (templates loaded) and warm (cached)."""
    started = time.perf_counter()
    from partnerpack.generator.packs import pack_into_workspace
    from partnerpack.generator.workspace import Workspace
    imports = time.perf_counter() - started

    workspace = Workspace.load(Path(workspace_dir))

    def pack_once() -> Any:
        return pack_into_workspace(workspace, Path(meeting_file))[2]

    cold, result = timed(pack_once)
    warm, _ = timed(pack_once)
    return {"imports": imports, "cold": cold, "warm": warm, "files": len(result.files), "forms": len(result.forms),
            **peak_memory_mb()}


def bench(kind: str, count: int, scratch: Path) -> dict[str, Any]:
    """The command's wall time, then cold and warm packs in a child process, for one meeting."""
    root = scratch / f"{kind}-{count}"
    meeting_file = make_workspace(root / "cli", kind, count)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", CLI, "pack", str(meeting_file), "--workspace", str(root / "cli")],
                   check=True, capture_output=True)
    command = time.perf_counter() - started
    meeting_file = make_workspace(root / "child", kind, count)
    result = run_child(Path(__file__), "pack", str(root / "child"), str(meeting_file))
    return {"kind": kind, "invitees": count, "command": command, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invitees", default=",".join(map(str, SIZES)), help="Comma-separated invitee counts.")
    parser.add_argument("--kinds", default=",".join(KINDS), help="Meeting kinds: case_strategy, annual_review.")
    parser.add_argument("--keep", action="store_true", help="Keep the generated workspaces.")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_pack(*args.child[1:])))
        return
    with scratch_folder(args.keep) as scratch:
        print_machine(machine_info(scratch))
        results = [bench(kind, int(count), scratch) for kind in args.kinds.split(",")
                   for count in args.invitees.split(",")]
    rows = [[r["kind"], r["invitees"], r["forms"], r["files"], r["command"], r["imports"], r["cold"], r["warm"],
             round(r["main_mb"])] for r in results]
    print("## pack (written and registered in a workspace store)\n")
    print(table(["Meeting kind", "Invitees", "Forms", "Files", "`partnerpack pack` s", "Imports s",
                 "First pack s", "Second pack s", "Peak MB"], rows))
    print("\n## Goals\n")
    for r in results:
        goal = GOAL_SECONDS.get(r["invitees"])
        if goal:
            verdict = "met" if r["command"] < goal else f"missed by {r['command'] - goal:.2f} s"
            print(f"- {r['kind']}, {r['invitees']} invitees: `partnerpack pack` {r['command']:.2f} s "
                  f"(goal under {goal:.0f} s: {verdict}); first pack in-process {r['cold']:.2f} s.")


if __name__ == "__main__":
    main()
