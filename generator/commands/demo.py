"""`partnerpack demo`: the whole cycle on built-in fictional data."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..demo import new_demo_folder, run_demo
from .errors import reports_domain_errors


@click.command("demo")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), required=False)
@reports_domain_errors
def demo(folder: Path | None) -> None:
    """Run a year of a fictional partnership: packs, returns, collection, register and review.

    Everything is written into FOLDER (new or empty; default: a new
    partnerpack-demo folder here), so you can open every document it makes.
    All people and organisations in it are invented.

    Example:

        partnerpack demo my-demo
    """
    target = folder or new_demo_folder(Path("partnerpack-demo"))
    started = time.perf_counter()
    result = run_demo(target, progress=lambda title: click.echo(f"… {title}", err=True))
    click.echo(f"\npartnerpack demo: a year of the North Vale partnership, in {result.workspace.root}\n")
    for number, step in enumerate(result.steps, start=1):
        click.echo(f"{number}. {step.title} ({step.seconds:.1f} s)")
        for line in step.lines:
            click.echo(f"     {line}")
    click.echo(f"\nDone in {time.perf_counter() - started:.1f} s. Open the documents in "
               f"{result.workspace.output_dir}; try `partnerpack status --workspace {result.workspace.root}`.")
    sys.stdout.flush()
