"""Turning domain errors into the exit codes users and scripts rely on."""
from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

import click

from ...schemas.errors import PartnerpackError

F = TypeVar("F", bound=Callable[..., Any])


class InputProblem(click.ClickException):
    """The command's input is wrong and nothing was done: exit 2."""

    exit_code = 2


def reports_domain_errors(func: F) -> F:
    """Run a command, turning any PartnerpackError into an exit-2 message without a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PartnerpackError as exc:
            raise InputProblem(str(exc)) from None

    return wrapper  # type: ignore[return-value]
