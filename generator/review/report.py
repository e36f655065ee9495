"""The annual review as a Word document: figures laid into templates/annual_review.docx with their charts.

Numbers are formatted here (percentages, one-decimal means, signed changes)
so the template only places text. Charts go in as docxtpl inline images;
docxtpl gives pictures no description, so each picture's alt text (the
``descr`` and ``title`` of its ``wp:docPr``) is set afterwards from the chart.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict
from typing import Any, Iterable, Mapping

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from ..templating import DEFAULT_MARKING, render_template
from .charts import Chart, review_charts
from .records import ReviewFigures, Share

CHART_WIDTH = Mm(160)
DASH = "\u2013"


# -- the review ---------------------------------------------------------------------------------------------

def render_review(figures: ReviewFigures, *, partnership: str, marking: str = DEFAULT_MARKING,
                  today: dt.date | None = None) -> bytes:
    """The annual review .docx for ``figures``, marked ``marking`` in every header and footer."""
    charts = review_charts(figures)
    context = review_context(figures, partnership=partnership, marking=marking, today=today)
    by_image = {chart.png: chart for chart in charts.values()}

    def images(template: DocxTemplate) -> dict[str, Any]:
        return {"charts": {name: InlineImage(template, io.BytesIO(chart.png), width=CHART_WIDTH)
                           for name, chart in charts.items()}}

    return render_template("annual_review", context, images=images,
                                finish=lambda document: set_alt_texts(document, by_image))


def set_alt_texts(document: WordDocument, charts: Mapping[bytes, Chart]) -> None:
    """Give every picture made from a chart that chart's title and alt text, as Word's 'Alt Text' pane does."""
    body = document.element.body
    for inline in body.iter(qn("wp:inline"), qn("wp:anchor")):
        blip = next(inline.iter(qn("a:blip")), None)
        if blip is None:
            continue
        image = document.part.related_parts[blip.get(qn("r:embed"))].blob
        chart = charts.get(image)
        if chart is not None:
            properties = inline.find(qn("wp:docPr"))
            properties.set("name", f"Chart: {chart.title}")
            properties.set("descr", chart.alt_text)
            properties.set("title", chart.title)


def percent(share: Share) -> str:
    """'67%' (rounded half up), or a dash when there was nothing to count."""
    return DASH if share.percent is None else f"{int(share.percent + 0.5)}%"


def of(share: Share) -> str:
    """'2 of 3 (67%)'."""
    return f"{share.count} of {share.total}" + (f" ({percent(share)})" if share.total else "")


def rating(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}"


def change(value: float | None) -> str:
    if value is None:
        return DASH
    shown = f"{abs(value):.1f}"
    return "no change" if shown == "0.0" else ("+" if value > 0 else "\u2212") + shown


def review_context(figures: ReviewFigures, *, partnership: str, marking: str = DEFAULT_MARKING,
                   today: dt.date | None = None) -> dict[str, Any]:
    """Everything annual_review.docx reads, as text ready to print."""
    totals = figures.totals
    meetings = figures.agency_meetings
    actions = [{"agency": a.agency, **a.counts, "total": a.total} for a in figures.actions]
    return {
        "partnership": partnership, "marking": marking, "locale": "en_GB",
        "generated_on": today or dt.date.today(),
        "year": figures.year, "previous_year": figures.previous_year, "starts": figures.starts,
        "ends": figures.ends, "as_of": figures.as_of,
        "summary": _summary(figures),
        "attention": _attention(figures),
        "agency_meetings": [{**asdict(a), "percent": percent(a.share)} for a in meetings],
        "meeting_totals": {"partners": sum(a.partners for a in meetings), "expected": totals.meetings.total,
                           "held": totals.meetings.count, "percent": percent(totals.meetings)},
        "partner_meetings": [{**asdict(p), "tier_label": p.tier_label} for p in figures.partner_meetings],
        "attendance": [{"agency": a.agency, **a.counts, "represented": of(a.represented)} for a in figures.attendance],
        "contributions": [{**asdict(c), "late": c.late, "on_time_percent": percent(c.on_time_share)}
                          for c in figures.contributions],
        "notes": [{"kind_label": n.kind_label, "date": n.date,
                   "circulated": n.circulated_on.strftime("%d/%m/%Y") if n.circulated_on else "Not recorded",
                   "days": DASH if n.days is None else n.days, "within": "Yes" if n.within_48_hours else "No"}
                  for n in figures.notes],
        "notes_summary": (f"Notes of {of(totals.notes_within_48_hours)} meetings held were circulated within 48 "
                          "hours." if figures.notes else ""),
        "actions": actions,
        "action_totals": {**totals.actions, "total": sum(totals.actions.values())},
        "checklist_summary": _checklist_summary(figures),
        "domains": [{"title": d.title, "mean": rating(d.mean), "answers": d.answers,
                     "previous_mean": rating(d.previous_mean), "change": change(d.change)} for d in figures.domains],
        "partner_scores": [{"name": p.name, "agency": p.agency,
                            "means": {domain: rating(mean) for domain, mean in p.means.items()}}
                           for p in figures.partner_scores],
        "red_flags": [{"label": f.label, "count": f.count, "agencies": ", ".join(f.agencies) or DASH}
                      for f in figures.red_flags],
        "other_red_flags": [asdict(item) for item in figures.other_red_flags],
        "gaps_summary": _gaps_summary(figures),
        "gap_rows": [{"title": gap.title if index == 0 else "", **asdict(finding)}
                     for gap in figures.gaps for index, finding in enumerate(gap.findings)],
        "improvements": [{"title": bucket.title,
                          "rows": [{"action": i.action, "owner": i.owner or DASH, "agency": i.agency,
                                    "due_by": i.due_by.strftime("%d/%m/%Y") if i.due_by else DASH}
                                   for i in bucket.items]} for bucket in figures.improvements],
    }


def _summary(figures: ReviewFigures) -> list[dict[str, str]]:
    totals = figures.totals
    actions = totals.actions
    buckets = {bucket.name: len(bucket.items) for bucket in figures.improvements}
    flagged = {agency for flag in figures.red_flags for agency in flag.agencies}
    rating_line = rating(totals.rating)
    if totals.previous_rating is not None:
        rating_line += f" ({rating(totals.previous_rating)} in {figures.previous_year})"
    return [
        {"label": "Meetings held with partners, against the number their tiers expect",
         "value": f"{totals.meetings.count} held, {totals.meetings.total} expected ({percent(totals.meetings)})"},
        {"label": "Partners met as often as their tier expects", "value": of(totals.partners_on_target)},
        {"label": "Invitees present or represented by a substitute", "value": of(totals.represented)},
        {"label": "Written contributions returned", "value": of(totals.contributions_returned)},
        {"label": "Written contributions returned on time", "value": of(totals.contributions_on_time)},
        {"label": "Meeting notes circulated within 48 hours", "value": of(totals.notes_within_48_hours)},
        {"label": "Actions agreed at the year's meetings",
         "value": f"{sum(actions.values())} ({actions['on_time']} done on time, {actions['late']} done late, "
                  f"{actions['open']} open, {actions['overdue']} overdue)"},
        {"label": "Completed actions that were done on time", "value": of(totals.actions_done_on_time)},
        {"label": "Partners with a review checklist for the year", "value": of(totals.checklists)},
        {"label": "Mean checklist rating, all areas (1 to 4)", "value": rating_line},
        {"label": "Red flags raised in checklists",
         "value": f"{totals.red_flags}, about {len(flagged)} {'agency' if len(flagged) == 1 else 'agencies'}"
                  if totals.red_flags else "None"},
        {"label": "Improvements planned",
         "value": f"{totals.improvements} ({buckets.get('improve_immediate', 0)} immediate, "
                  f"{buckets.get('improve_medium', 0)} medium term, {buckets.get('improve_long', 0)} long term)"},
    ]


def _attention(figures: ReviewFigures) -> list[str]:
    """A few plain sentences on what fell short, drawn only from the figures."""
    points = []
    short = [a for a in figures.agency_meetings if a.held < a.expected]
    if short:
        points.append("Fewer meetings were held than expected with " + _listing(
            f"{a.agency} ({a.held} of {a.expected})" for a in short) + ".")
    overdue = [a for a in figures.actions if a.counts["overdue"]]
    if overdue:
        count = sum(a.counts["overdue"] for a in overdue)
        points.append(f"{count} {'action is' if count == 1 else 'actions are'} overdue: " + _listing(
            f"{a.agency} ({a.counts['overdue']})" for a in overdue) + ".")
    late_notes = [n for n in figures.notes if not n.within_48_hours]
    if late_notes:
        points.append(f"Notes of {len(late_notes)} of {len(figures.notes)} meetings were not circulated within "
                      "48 hours.")
    missing = figures.totals.contributions_on_time
    if missing.total and missing.count < missing.total:
        points.append(f"{missing.total - missing.count} of {missing.total} written contributions asked for were "
                      "late or not returned.")
    fell = [d for d in figures.domains if d.change is not None and round(d.change, 1) < 0]
    if fell:
        points.append("Checklist ratings fell for " + _listing(
            f"{d.title.lower()} ({rating(d.previous_mean)} to {rating(d.mean)})" for d in fell) + ".")
    flags = sorted((f for f in figures.red_flags if f.count), key=lambda f: -f.count)
    if flags:
        points.append(f"The most frequent red flag was \u2018{flags[0].label.lower()}\u2019, ticked in "
                      f"{flags[0].count} checklist{'s' if flags[0].count != 1 else ''}.")
    return points


def _listing(items: Iterable[str]) -> str:
    words = list(items)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _checklist_summary(figures: ReviewFigures) -> str:
    text = (f"{figures.checklists} checklist{'s were' if figures.checklists != 1 else ' was'} returned for "
            f"{figures.year}, covering {figures.totals.checklists.count} of {figures.totals.checklists.total} partners")
    if figures.previous_checklists:
        return text + f"; {figures.previous_checklists} were returned for {figures.previous_year}, for comparison."
    return text + f"; none were returned for {figures.previous_year}, so there is no comparison."


def _gaps_summary(figures: ReviewFigures) -> str:
    total = sum(gap.count for gap in figures.gaps)
    if not total:
        return "No checklist described a gap."
    return (f"Checklists described {total} gap{'s' if total != 1 else ''}: "
            + _listing(f"{gap.count} {gap.title.lower().removesuffix(' gaps')}" for gap in figures.gaps) + ".")

