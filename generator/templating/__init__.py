"""Filling the shipped Word templates with docxtpl: one Jinja environment with the date filters, and a check
that no tag is left unfilled.

Packs, the register, the review and the schedule each build their own context and fill their template here.
"""
from .filling import (
                      DEFAULT_LOCALE,
                      DEFAULT_MARKING,
                      REPORT_TEMPLATES,
                      TEMPLATE_NAMES,
                      TemplateProblem,
                      clean_value,
                      render_template,
                      template_bytes,
                      unfilled_tags,
)

__all__ = ["DEFAULT_LOCALE", "DEFAULT_MARKING", "REPORT_TEMPLATES", "TEMPLATE_NAMES", "TemplateProblem",
           "clean_value", "render_template", "template_bytes", "unfilled_tags"]
