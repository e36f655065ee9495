"""`partnerpack collect`: read returned forms into the store."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..collect import CollectLimits, Collector, ItemResult
from .errors import reports_domain_errors
from .options import json_option, open_workspace, workspace_option


def _count_files(paths: list[Path]) -> int:
    return sum(sum(1 for p in path.rglob("*") if p.is_file()) if path.is_dir() else 1 for path in paths)


@click.command("collect")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--jobs", type=click.IntRange(1, 64), help="Files to read at once. Default: the workspace setting.")
@workspace_option
@json_option
@reports_domain_errors
def collect(paths: tuple[Path, ...], jobs: int | None, workspace_dir: Path | None, as_json: bool) -> None:
    """Read returned forms (PDF, Word, or .eml e-mails with them attached) into the store.

    PATHS may be files and folders in any mix; with none, the workspace's
    returns/inbox is read. Refused files are copied to returns/quarantine with
    a report; the files you point at are never changed. Exit 0 if everything
    was accepted or unchanged, 1 if anything was refused.

    Example:

        partnerpack collect returns/inbox ~/Downloads/contribution-P003.pdf
    """
    workspace = open_workspace(workspace_dir)
    limits = workspace.config.limits
    targets = list(paths) or [workspace.inbox_dir]
    with workspace.open_store() as store:
        collector = Collector(store, workspace.quarantine_dir,
                              CollectLimits(limits.max_file_mb * 1048576, limits.max_uncompressed_mb * 1048576),
                              jobs or workspace.config.jobs)
        show_bar = not as_json and sys.stderr.isatty()
        with click.progressbar(length=_count_files(targets), label="Collecting", file=sys.stderr,
                               hidden=not show_bar) as bar:
            def advance(item: ItemResult) -> None:
                bar.update(1)

            report = collector.collect(targets, on_item=advance)
    if as_json:
        click.echo(report.to_json())
    else:
        for item in report.items:
            if item.outcome == "rejected":
                click.echo(f"REFUSED {item.source}\n  {item.reason}")
                for problem in item.problems:
                    click.echo(f"    - {problem}")
                if item.quarantined:
                    click.echo(f"  Report: {item.quarantined}")
            if item.conflict:
                click.echo(f"CHECK   {item.source}\n  {item.conflict}")
        counts = report.counts()
        click.echo("Collected: " + ", ".join(f"{value} {key}" for key, value in counts.items()))
    if report.any_rejected:
        sys.exit(1)
