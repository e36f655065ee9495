"""Options and helpers several commands share."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

import click

from ...schemas.fields import parse_uk_date
from ..workspace import Workspace, WorkspaceNotFound, find_workspace


def workspace_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--workspace DIR``; without it the workspace is found from the current folder upwards."""
    return click.option("--workspace", "workspace_dir", type=click.Path(path_type=Path, file_okay=False),
                        help="The workspace folder. Default: found from the current folder upwards.")(func)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--json`` to print machine-readable output instead of a table."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(func)


def open_workspace(workspace_dir: Path | None) -> Workspace:
    """The workspace named by --workspace, or the one holding the current folder."""
    return find_workspace(workspace_dir or Path.cwd())


def optional_workspace(workspace_dir: Path | None) -> Workspace | None:
    """Like open_workspace, but None when no --workspace was given and none holds the current folder."""
    if workspace_dir is not None:
        return find_workspace(workspace_dir)
    try:
        return find_workspace(Path.cwd())
    except WorkspaceNotFound:
        return None


class UKDateType(click.ParamType):
    """A date on the command line, written as 31/03/2026, 31 Mar 2026 or 2026-03-31."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_uk_date(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


UK_DATE = UKDateType()


def as_of_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--as-of DATE``: the day the position is taken on (default: today)."""
    return click.option("--as-of", "as_of", type=UK_DATE, default=lambda: dt.date.today(),
                        show_default="today", help="The date to report the position on.")(func)
