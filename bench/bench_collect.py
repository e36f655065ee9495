"""How fast `collect` files returned forms, end to end, against bare PDF readers on the same files.

    python bench/bench_collect.py                      # 100, 1,000 and 5,000 forms
    python bench/bench_collect.py --sizes 1000 --keep  # one size, keep the generated files

For each size: a fresh workspace with the annual review pack registered, N
returned files (80% PDF, 20% DOCX; see returned_forms.py), then
``Collector.collect`` into a copy of that workspace, each run in a child
process of its own: with the workspace's default jobs (--repeat times, the
median shown), with one job, and a diagnostic run that skips writing the
original files, to show their cost. Each reports time, CPU and peak memory.
Then bare readers over the same PDFs in this process:
pypdf ``get_fields``, pikepdf (open and walk /AcroForm), partnerpack's own
readers alone, and per-file ``qpdf --json`` and ``pdftk dump_data_fields``
subprocesses (sampled on large sizes and scaled up, as the table says).
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (machine_info, peak_memory_mb, print_machine, run_child, scratch_folder, settle,  # noqa: E402
                    table, timed)

SIZES = (100, 1_000, 5_000)
#: Most files each per-file subprocess reader is timed on; larger sizes are sampled evenly and scaled up.
SUBPROCESS_SAMPLE = {"qpdf --json": 500, "pdftk dump_data_fields": 100}
GOAL_FORMS_PER_SECOND = 1_000


# -- the end-to-end run, in a child process ------------------------------------------------------------------


def child_collect(workspace_dir: str, inbox: str, jobs: str, variant: str) -> dict[str, Any]:
    """Collect ``inbox`` into the workspace's store; time, CPU, peak memory and what was filed.

    The ``no-originals`` variant is a diagnostic, not a way to run partnerpack: the store's
    original files are not written, to show how much of the time writing them takes.
    """
    from partnerpack.generator.store import store as store_module
    from partnerpack.generator.collect import CollectLimits, Collector
    from partnerpack.generator.workspace import Workspace

    if variant == "no-originals":
        store_module.atomic_write_many = lambda files: None

    workspace = Workspace.load(Path(workspace_dir))
    jobs_used = workspace.config.jobs if jobs == "auto" else int(jobs)
    limits = workspace.config.limits
    with workspace.open_store() as store:
        collector = Collector(store, workspace.quarantine_dir,
                              CollectLimits(limits.max_file_mb * 1048576, limits.max_uncompressed_mb * 1048576),
                              jobs_used)
        before = resource.getrusage(resource.RUSAGE_SELF)
        seconds, report = timed(lambda: collector.collect([Path(inbox)]))
        after = resource.getrusage(resource.RUSAGE_SELF)
        stored = store.counts()
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "jobs": jobs_used, "counts": report.counts(), "stored": stored,
            "main_cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "main_sys": after.ru_stime - before.ru_stime,
            "worker_cpu": workers.ru_utime + workers.ru_stime, **peak_memory_mb()}


def run_collect(workspace_template: Path, inbox: Path, jobs: str, scratch: Path, variant: str = "real"
                ) -> dict[str, Any]:
    """A copy of the fresh workspace, collected into by a child process; the copy is removed afterwards."""
    workspace = scratch / f"workspace-jobs-{jobs}-{variant}"
    shutil.copytree(workspace_template, workspace)
    settle()
    started = time.perf_counter()
    result = run_child(Path(__file__), "collect", str(workspace), str(inbox), jobs, variant)
    result["process_seconds"] = time.perf_counter() - started
    result["variant"] = variant
    shutil.rmtree(workspace)
    return result


# -- bare readers, over the same PDFs -----------------------------------------------------------------------


def pypdf_fields(path: Path) -> Any:
    from pypdf import PdfReader
    return PdfReader(path).get_fields()


def pikepdf_fields(path: Path) -> dict[str, Any]:
    import pikepdf
    with pikepdf.open(path) as pdf:
        return dict(_pikepdf_walk(pdf.Root.AcroForm.Fields, ""))


def _pikepdf_walk(fields: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for field in fields:
        name = f"{prefix}{field.get('/T', '')}"
        kids = field["/Kids"] if "/Kids" in field else None
        if kids is not None and any("/T" in kid for kid in kids):
            yield from _pikepdf_walk(kids, name + ".")
        else:
            yield name, field.get("/V")


def partnerpack_pdf(path: Path) -> Any:
    from partnerpack.forms.pdf_reader import read_pdf_form
    return read_pdf_form(path)


def partnerpack_docx(path: Path) -> Any:
    from partnerpack.forms.docx_reader import read_docx_form
    return read_docx_form(path)


def qpdf_json(path: Path) -> Any:
    out = subprocess.run(["qpdf", "--json", "--json-key=acroform", str(path)], capture_output=True, check=True)
    return json.loads(out.stdout)["acroform"]["fields"]


def pdftk_fields(path: Path) -> bytes:
    return subprocess.run(["pdftk", str(path), "dump_data_fields_utf8"], capture_output=True, check=True).stdout


def time_reader(read: Callable[[Path], Any], files: list[Path], sample: int | None = None) -> dict[str, Any]:
    """Forms per second reading ``files`` one after another in this process (one core).

    With ``sample``, only every k-th file is read and the time scaled up to all of them.
    """
    chosen = files if not sample or sample >= len(files) else files[::-(-len(files) // sample)]
    read(chosen[0])  # imports and caches warm, as in a long collect run

    def read_all() -> None:
        for path in chosen:
            read(path)

    seconds, _ = timed(read_all)
    per_form = seconds / len(chosen)
    return {"files": len(files), "timed": len(chosen), "seconds": per_form * len(files),
            "forms_per_second": 1 / per_form, "ms_per_form": per_form * 1e3}


def bare_readers(pdfs: list[Path], docxs: list[Path]) -> list[tuple[str, dict[str, Any]]]:
    """Every bare reader over the same files; subprocess readers only if the tool is installed."""
    readers: list[tuple[str, Callable[[Path], Any], list[Path], int | None]] = [
        ("pypdf PdfReader.get_fields", pypdf_fields, pdfs, None),
        ("pikepdf open + walk /AcroForm", pikepdf_fields, pdfs, None),
        ("partnerpack read_pdf_form (pikepdf)", partnerpack_pdf, pdfs, None),
        ("partnerpack read_docx_form (DOCX files)", partnerpack_docx, docxs, None),
    ]
    if shutil.which("qpdf"):
        readers.append(("qpdf --json", qpdf_json, pdfs, SUBPROCESS_SAMPLE["qpdf --json"]))
    if shutil.which("pdftk"):
        readers.append(("pdftk dump_data_fields", pdftk_fields, pdfs, SUBPROCESS_SAMPLE["pdftk dump_data_fields"]))
    return [(name, time_reader(read, files, sample)) for name, read, files, sample in readers if files]


# -- one size, and the report -------------------------------------------------------------------------------


def bench_size(size: int, scratch: Path, docx_share: float, repeat: int) -> dict[str, Any]:
    """Generate ``size`` returned forms; collect them (default jobs ``repeat`` times, one job, and the
    diagnostic without original files); then read them with the bare readers."""
    from returned_forms import make_workspace, write_returns

    folder = scratch / f"forms-{size}"
    template = folder / "workspace"
    workspace, pack = make_workspace(template)
    inbox = folder / "inbox"
    made, paths = timed(lambda: write_returns(workspace, pack, inbox, size, docx_share=docx_share))
    print(f"{size:,} forms: generated in {made:.1f} s", file=sys.stderr)
    results = {"size": size, "pdf": sum(p.suffix == ".pdf" for p in paths),
               "docx": sum(p.suffix == ".docx" for p in paths)}
    runs = [run_collect(template, inbox, "auto", folder) for _ in range(repeat)]
    runs.sort(key=lambda run: run["seconds"])
    results["spread"] = (size / runs[-1]["seconds"], size / runs[0]["seconds"])
    results["collect"] = [runs[len(runs) // 2], run_collect(template, inbox, "1", folder),
                          run_collect(template, inbox, "auto", folder, "no-originals")]
    for run in results["collect"]:
        filed = run["counts"]["accepted"] + run["counts"]["updated"]
        if filed != size or run["counts"]["rejected"]:
            raise SystemExit(f"collect filed {filed} of {size} forms ({run['counts']}): the benchmark is broken")
    results["readers"] = bare_readers([p for p in paths if p.suffix == ".pdf"],
                                      [p for p in paths if p.suffix == ".docx"])
    shutil.rmtree(folder)
    return results


def collect_table(all_results: list[dict[str, Any]], repeat: int) -> str:
    rows = []
    for result in all_results:
        for index, run in enumerate(result["collect"]):
            if run["variant"] != "real":
                how = "diagnostic: originals not written"
            elif index == 0 and repeat > 1:
                low, high = result["spread"]
                how = f"median of {repeat} (range {low:,.0f}-{high:,.0f}/s)"
            else:
                how = "one run"
            rows.append([result["size"], f"{result['pdf']:,}/{result['docx']:,}", run["jobs"], how, run["seconds"],
                         round(result["size"] / run["seconds"]), run["process_seconds"], run["main_cpu"],
                         run["main_sys"], run["worker_cpu"], round(run["main_mb"]), round(run["worker_mb"])])
    return table(["Forms", "PDF/DOCX", "Jobs", "Run", "collect() s", "Forms/s", "Process s", "Main CPU s",
                  "of which kernel s", "Workers CPU s", "Main peak MB", "Worker peak MB"], rows)


def readers_table(result: dict[str, Any]) -> str:
    rows = [[name, r["files"], r["timed"] if r["timed"] != r["files"] else "all", r["seconds"],
             round(r["forms_per_second"]), r["ms_per_form"]] for name, r in result["readers"]]
    return table(["Bare reader (one process, one core)", "Files", "Timed", "Seconds", "Forms/s", "ms/form"], rows)


def summary(result: dict[str, Any]) -> str:
    """The goals, checked for one size."""
    end_to_end = result["size"] / result["collect"][0]["seconds"]
    pdf_readers = [(name, r) for name, r in result["readers"] if "DOCX" not in name and "partnerpack" not in name]
    fastest_name, fastest = max(pdf_readers, key=lambda item: item[1]["forms_per_second"])
    return (f"{result['size']:,} forms: end to end {end_to_end:,.0f} forms/s "
            f"({end_to_end / GOAL_FORMS_PER_SECOND:.0%} of the {GOAL_FORMS_PER_SECOND:,}/s goal); fastest bare "
            f"reader {fastest_name} {fastest['forms_per_second']:,.0f} forms/s, "
            f"{fastest['forms_per_second'] / end_to_end:.2f}x end to end (goal: within 2x).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="Comma-separated form counts.")
    parser.add_argument("--docx-share", type=float, default=0.2, help="Share of returns that are DOCX.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs with the default jobs; the median is shown.")
    parser.add_argument("--keep", action="store_true", help="Keep the generated files (their folder is printed).")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_collect(*args.child[1:])))
        return
    with scratch_folder(args.keep) as scratch:
        print_machine(machine_info(scratch))
        all_results = []
        for size in (int(s) for s in args.sizes.split(",")):
            all_results.append(bench_size(size, scratch, args.docx_share, args.repeat))
        print("## collect, end to end (fresh workspace store, originals stored)\n")
        print(collect_table(all_results, args.repeat))
        for result in all_results:
            print(f"\n## Bare readers over the same {result['pdf']:,} PDFs ({result['size']:,} forms)\n")
            print(readers_table(result))
        print("\n## Goals\n")
        for result in all_results:
            print(f"- {summary(result)}")


if __name__ == "__main__":
    main()
