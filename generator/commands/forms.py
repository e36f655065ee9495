"""`partnerpack forms`: list the returnable forms and make blank ones."""
from __future__ import annotations

from pathlib import Path

import click

from ...forms.docx_writer import render_docx_form
from ...forms.pdf_writer import render_pdf_form
from ...forms.spec import blank_identity, build_form
from ...schemas.registry import RETURNABLE_FORMS, returnable_schema
from ..common import atomic_write
from .errors import reports_domain_errors


@click.group()
def forms() -> None:
    """Returnable forms: list them, or make a blank one.

    Example:

        partnerpack forms blank contribution --format pdf
    """


@forms.command("list")
def list_forms() -> None:
    """List every form partners can fill in and return.

    Example:

        partnerpack forms list
    """
    for name, schema in RETURNABLE_FORMS.items():
        fields = sum(1 for f in schema._declared_fields.values() if "label" in f.metadata)
        click.echo(f"{name:<18} {schema.form_title} (schema v{schema.schema_version}, {fields} fields)")


@forms.command("blank")
@click.argument("name", type=click.Choice(sorted(RETURNABLE_FORMS)))
@click.option("--format", "file_format", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write. Default: output/<name>-blank.<format>.")
@click.option("--marking", default="OFFICIAL-SENSITIVE", show_default=True, help="Protective marking.")
@reports_domain_errors
def blank(name: str, file_format: str, out_path: Path | None, marking: str) -> None:
    """Make a blank copy of one returnable form, not tied to any meeting.

    Example:

        partnerpack forms blank review_checklist --format docx --out checklist.docx
    """
    returnable_schema(name)
    document = build_form(name, blank_identity(name), protective_marking=marking)
    render = render_pdf_form if file_format == "pdf" else render_docx_form
    target = out_path or Path("output") / f"{name}-blank.{file_format}"
    atomic_write(target, render(document))
    click.echo(f"Blank {name} form written to {target}")
