"""The annual review's charts, drawn with matplotlib as PNG images, each with alt text.

Only four figures are drawn, where a picture reads faster than a table:
meetings held against expected, attendance and actions by agency, and the
checklist ratings this year against last. Colours come from the Okabe-Ito
palette, which reads for colour-blind readers, and every stacked segment also
has its own hatching and a count, so nothing depends on colour alone.
matplotlib is imported only when a chart is drawn, so the CLI starts fast;
the same figures always give byte-identical images.
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from .records import ACTION_OUTCOME_LABELS, ACTION_OUTCOMES, ATTENDANCE_KEYS, ReviewFigures

DPI = 150
WIDTH_INCHES = 6.4
FONT = "DejaVu Sans"
INK, MUTED, GRID = "#222222", "#5A6470", "#D5DCE3"

# Okabe-Ito colours with a hatch each, so segments differ in more than colour.
ACTION_STYLE = {"on_time": ("#009E73", ""), "late": ("#E69F00", "//"), "open": ("#56B4E9", ".."),
                "overdue": ("#D55E00", "xx")}
ATTENDANCE_STYLE = {"present": ("#0072B2", ""), "substitute": ("#56B4E9", "//"), "written": ("#009E73", ".."),
                    "apologies": ("#E69F00", "\\\\"), "absent": ("#D55E00", "xx")}
ATTENDANCE_SHORT = {"present": "Present", "substitute": "Substitute", "written": "Written contribution",
                    "apologies": "Apologies", "absent": "Absent"}
ACTION_SPOKEN = {"on_time": "completed on time", "late": "completed late", "open": "open (not yet due)",
                 "overdue": "overdue"}
ATTENDANCE_SPOKEN = {"present": "present", "substitute": "sent a substitute", "written": "sent a written contribution",
                     "apologies": "sent apologies", "absent": "absent without word"}
THIS_YEAR, LAST_YEAR = ("#0072B2", ""), ("#BBBBBB", "//")

_RC = {
    "font.family": FONT, "font.size": 8.5, "axes.edgecolor": MUTED, "axes.labelcolor": INK, "text.color": INK,
    "xtick.color": INK, "ytick.color": INK, "hatch.color": "#333333", "hatch.linewidth": 0.6,
    "legend.frameon": False, "svg.hashsalt": "partnerpack", "path.simplify": False,
}


@dataclass(frozen=True)
class Chart:
    """One chart: a PNG image and the text a screen reader gives instead of it."""

    name: str
    title: str
    png: bytes
    alt_text: str


def review_charts(figures: ReviewFigures) -> dict[str, Chart]:
    """Every chart there is data for, by name: meetings, attendance, actions, domains."""
    drawers: dict[str, Callable[[ReviewFigures], Chart | None]] = {
        "meetings": meetings_chart, "attendance": attendance_chart, "actions": actions_chart,
        "domains": domains_chart,
    }
    charts = {name: draw(figures) for name, draw in drawers.items()}
    return {name: chart for name, chart in charts.items() if chart is not None}


# -- the charts ---------------------------------------------------------------------------------------------

def meetings_chart(figures: ReviewFigures) -> Chart | None:
    """Meetings held against expected, a pair of bars per agency."""
    rows = [a for a in figures.agency_meetings if a.expected]
    if not rows:
        return None
    title = f"Meetings held against expected, {figures.year}"
    labels = [a.agency for a in rows]

    def draw(axes: Any) -> None:
        positions = range(len(rows))
        expected = axes.barh([p + 0.2 for p in positions], [a.expected for a in rows], height=0.38,
                             color="white", edgecolor=MUTED, hatch="//", label="Expected for the tier")
        held = axes.barh([p - 0.2 for p in positions], [a.held for a in rows], height=0.38, color="#0072B2",
                         label="Held (with a returned record)")
        _label_bars(axes, expected)
        _label_bars(axes, held)
        _agency_axis(axes, labels)
        axes.set_xlabel("Meetings")
        axes.xaxis.get_major_locator().set_params(integer=True)
        _legend(axes, [held, expected], 2)

    alt = (f"Horizontal bar chart of meetings held in {figures.year} against the number each agency's tier "
           "expects. " + "; ".join(f"{a.agency}: {a.held} held of {a.expected} expected" for a in rows) + ".")
    return _chart("meetings", title, len(rows), draw, alt)


def attendance_chart(figures: ReviewFigures) -> Chart | None:
    """How each agency's invitees answered the register, stacked."""
    rows = [a for a in figures.attendance if a.total]
    if not rows:
        return None
    title = f"Attendance at meetings by agency, {figures.year}"
    series = [(ATTENDANCE_SHORT[key], [a.counts[key] for a in rows], *ATTENDANCE_STYLE[key])
              for key in ATTENDANCE_KEYS]
    alt = (f"Stacked bar chart of attendance at meetings with a returned record in {figures.year}, by agency. "
           + _per_agency(rows, ATTENDANCE_KEYS, ATTENDANCE_SPOKEN))
    return _stacked("attendance", title, [a.agency for a in rows], series, "Invitations", alt)


def actions_chart(figures: ReviewFigures) -> Chart | None:
    """Actions by agency, stacked by outcome at the position date."""
    rows = [a for a in figures.actions if a.total]
    if not rows:
        return None
    title = f"Actions by agency at {figures.as_of:%d/%m/%Y}"
    series = [(ACTION_OUTCOME_LABELS[key], [a.counts[key] for a in rows], *ACTION_STYLE[key])
              for key in ACTION_OUTCOMES]
    alt = (f"Stacked bar chart of actions agreed at meetings in {figures.year}, by agency, as at "
           f"{figures.as_of:%d/%m/%Y}. " + _per_agency(rows, ACTION_OUTCOMES, ACTION_SPOKEN))
    return _stacked("actions", title, [a.agency for a in rows], series, "Actions", alt)


def domains_chart(figures: ReviewFigures) -> Chart | None:
    """Mean checklist rating per domain, this year beside last year, on the 1 to 4 scale."""
    domains = [d for d in figures.domains if d.mean is not None or d.previous_mean is not None]
    if not domains or all(d.mean is None for d in domains):
        return None
    has_previous = any(d.previous_mean is not None for d in domains)
    title = f"Partnership review ratings by area, {figures.year}" + (
        f" and {figures.previous_year}" if has_previous else "")

    def draw(axes: Any) -> None:
        width = 0.38 if has_previous else 0.6
        positions = list(range(len(domains)))
        if has_previous:
            last = axes.bar([p - width / 2 for p in positions], [(d.previous_mean or 1) - 1 for d in domains], width,
                            bottom=1, color=LAST_YEAR[0], hatch=LAST_YEAR[1], edgecolor=MUTED,
                            label=figures.previous_year)
            _label_bars(axes, last, [d.previous_mean for d in domains], vertical=True)
        shift = width / 2 if has_previous else 0
        this = axes.bar([p + shift for p in positions], [(d.mean or 1) - 1 for d in domains], width, bottom=1,
                        color=THIS_YEAR[0], label=figures.year)
        _label_bars(axes, this, [d.mean for d in domains], vertical=True)
        axes.set_xticks(positions, [textwrap.fill(d.title, 13) for d in domains])
        axes.set_ylim(1, 4.3)
        axes.set_yticks([1, 2, 3, 4], ["1 Not in place", "2 Developing", "3 Working well", "4 Strong"])
        axes.grid(axis="y", color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        _legend(axes, [last, this] if has_previous else [this], 2)

    def rating(value: float | None) -> str:
        return "no ratings" if value is None else f"{value:.1f}"

    alt = (f"Grouped bar chart of the mean partnership review rating for each area, on a scale of 1 (not in "
           f"place) to 4 (strong), {figures.year}" + (f" beside {figures.previous_year}. " if has_previous else ". ")
           + "; ".join(f"{d.title}, {rating(d.mean)}" + (f" (was {rating(d.previous_mean)})" if has_previous else "")
                       for d in domains) + ".")
    return _chart("domains", title, 0, draw, alt, height=3.3)


# -- drawing ------------------------------------------------------------------------------------------------

def _stacked(name: str, title: str, agencies: list[str], series: list[tuple[str, list[int], str, str]],
             axis_label: str, alt: str) -> Chart:
    """A horizontal stacked bar per agency, each segment coloured, hatched and counted."""

    def draw(axes: Any) -> None:
        left = [0] * len(agencies)
        handles = []
        for label, values, colour, hatch in series:
            bars = axes.barh(range(len(agencies)), values, left=left, height=0.6, color=colour, hatch=hatch,
                             edgecolor="white", linewidth=0.8, label=label)
            handles.append(bars)
            for bar, value in zip(bars, values):
                if value:
                    axes.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(value),
                              ha="center", va="center", fontsize=7.5, fontweight="bold", color=INK,
                              bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            left = [a + b for a, b in zip(left, values)]
        _agency_axis(axes, agencies)
        axes.set_xlabel(axis_label)
        axes.set_xlim(0, max(left) * 1.05 if max(left) else 1)
        axes.xaxis.get_major_locator().set_params(integer=True)
        _legend(axes, handles, len(series))

    return _chart(name, title, len(agencies), draw, alt, extra=0.3)


def _per_agency(rows: Sequence[Any], keys: Sequence[str], names: dict[str, str]) -> str:
    """'LADO Service: 3 present; Police: 1 present and 1 sent apologies.' for alt text."""
    def counted(row: Any) -> str:
        parts = [f"{row.counts[key]} {names[key]}" for key in keys if row.counts[key]]
        return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return "; ".join(f"{row.agency}: {counted(row)}" for row in rows) + "."


def _legend(axes: Any, handles: list[Any], columns: int) -> None:
    """A key below the chart, in the order the bars are drawn, outside the plotting area."""
    axes.figure.legend(handles=handles, loc="outside lower center", ncol=columns, fontsize=7.5, handlelength=1.6,
                       columnspacing=1.1)


def _agency_axis(axes: Any, agencies: Sequence[str]) -> None:
    axes.set_yticks(range(len(agencies)), [textwrap.fill(a, 26) for a in agencies])
    axes.invert_yaxis()  # the first agency at the top, as in the tables
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


def _label_bars(axes: Any, bars: Any, values: Sequence[float | None] | None = None, *,
                vertical: bool = False) -> None:
    """Write each bar's value at its end, so no one has to read it off the axis."""
    for index, bar in enumerate(bars):
        value = values[index] if values is not None else bar.get_width()
        if value is None:
            continue
        text = f"{value:.1f}" if values is not None else f"{value:g}"
        if vertical:
            axes.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() + 0.05, text, ha="center",
                      va="bottom",
                      fontsize=7)
        else:
            axes.text(bar.get_width() + 0.05, bar.get_y() + bar.get_height() / 2, text, ha="left", va="center",
                      fontsize=7)


def _chart(name: str, title: str, rows: int, draw: Callable[[Any], None], alt: str, *, height: float | None = None,
           extra: float = 0.0) -> Chart:
    """Draw on a fresh figure (no pyplot, no global state) and save it as a deterministic PNG."""
    import matplotlib
    from matplotlib.figure import Figure

    height = height or min(max(1.3 + 0.42 * rows + extra, 2.4), 7.5)
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
        axes = figure.add_subplot()
        axes.set_title(title, loc="left", fontsize=10, fontweight="bold", color=INK)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        draw(axes)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    return Chart(name, title, buffer.getvalue(), alt)
