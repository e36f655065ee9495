"""The `partnerpack` command: a thin Click layer over the library.

Each command parses options, calls one library function and prints.
Domain errors become exit codes at this edge and nowhere else:
0 all done, 1 a run finished but some items were refused, 2 the command
or its input file is wrong and nothing was done.

Command modules are imported only when their command runs (or when
``--help`` lists them), so `partnerpack pack` does not pay for matplotlib,
openpyxl or the review.
"""
from __future__ import annotations

import importlib
from importlib.metadata import version

import click

#: Every command: name -> "module in generator.commands:attribute".
COMMANDS = {
    "demo": "demo:demo",
    "init": "init:init",
    "pack": "pack:pack",
    "forms": "forms:forms",
    "collect": "collect:collect",
    "returns": "returns:returns",
    "status": "returns:status",
    "chase": "returns:chase",
    "register": "register:register",
    "action": "register:action",
    "review": "review:review",
    "schedule": "schedule:schedule",
}


class LazyGroup(click.Group):
    """A group that imports a command's module the first time the command is asked for."""

    def __init__(self, *args: object, lazy_commands: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.lazy_commands, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module_name, attribute = self.lazy_commands[cmd_name].split(":")
            module = importlib.import_module(f"{__package__}.commands.{module_name}")
            self.add_command(getattr(module, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version("partnerpack"), prog_name="partnerpack")
def main() -> None:
    """Meeting packs, returned forms, action registers and annual reviews for safeguarding partnerships.

    Example:

        partnerpack pack examples/case-strategy-meeting.yaml
    """
