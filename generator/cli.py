"""The `partnerpack` command: a thin Click layer over the library.

Each command parses options, calls one library function and prints.
Domain errors become exit codes at this edge and nowhere else:
0 all done, 1 a run finished but some items were refused, 2 the command
or its input file is wrong and nothing was done.
"""
from __future__ import annotations

from importlib.metadata import version

import click

from .commands.collect import collect
from .commands.demo import demo
from .commands.forms import forms
from .commands.init import init
from .commands.pack import pack
from .commands.register import action, register
from .commands.returns import chase, returns, status
from .commands.review import review
from .commands.schedule import schedule


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version("partnerpack"), prog_name="partnerpack")
def main() -> None:
    """Meeting packs, returned forms, action registers and annual reviews for safeguarding partnerships.

    Example:

        partnerpack pack examples/case-strategy-meeting.yaml
    """


for command in (demo, init, pack, forms, collect, returns, status, chase, register, action, review, schedule):
    main.add_command(command)
