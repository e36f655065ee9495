"""AcroForm widgets as platypus flowables: the one module that knows PDF field flags, sizes and colours.

Layout code places a ``FieldBox`` like any other flowable. Platypus draws
flowables in story order and each draw adds its widget to the page, so the
page's /Annots list follows ``FormDocument.fields()``: that is the tab order.
"""
from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.acroform import PDFFromString
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .spec import DATE_HINT, FormField

FIELD_FONT = "Helvetica"
EDITABLE_FILL = Color(0.93, 0.95, 1.0)
READ_ONLY_FILL = Color(0.86, 0.86, 0.86)
BORDER = Color(0.42, 0.47, 0.56)
READ_ONLY_BORDER = Color(0.70, 0.70, 0.70)
FIELD_TEXT = Color(0.08, 0.08, 0.08)
DATE_WIDTH_EM = 8  # "DD/MM/YYYY" plus breathing room, in font sizes
ARROW_ROOM = 22  # space a viewer takes for a drop-down's arrow button
MAX_SHOWN_LINES = 4  # a locked value longer than this is cut off on the page (the value itself is whole)
_BORDER = 0.6

#: Spaces and hyphens PDFDocEncoding lacks, drawn as their plain forms.
_PLAIN = str.maketrans({"\u00a0": " ", "\u00ad": "", "\u2011": "-"})


def tooltip_for(field: FormField) -> str:
    """The /TU text: the field's own tooltip, plus the date format if the help text did not give it."""
    tip = field.tooltip
    if field.widget == "date" and DATE_HINT not in tip:
        tip = f"{tip} Write it as {DATE_HINT}."
    return tip


def field_height(field: FormField, font_size: float) -> float:
    """How tall a widget is: one line of text, ``lines`` lines for a multiline box, a square for a tick box."""
    if field.widget == "checkbox":
        return round(font_size * 1.3, 1)
    line = font_size * 1.2
    lines = max(field.lines, 2) if field.widget == "multiline" else 1
    return round(lines * line + font_size * 0.8, 1)


def natural_width(field: FormField, font_size: float) -> float | None:
    """The width a field needs for its content, or None if it should fill the space it is given."""
    if field.widget == "checkbox":
        return field_height(field, font_size)
    if field.widget == "date":
        return DATE_WIDTH_EM * font_size
    if field.widget == "choice":
        widest = max(stringWidth(label, FIELD_FONT, font_size) for label in _options(field))
        return widest + ARROW_ROOM + font_size
    return None


class FieldBox(Flowable):
    """One AcroForm widget sized to its content and to the space the layout offers.

    reportlab draws a value as one line per newline, so a pre-filled value is
    wrapped here for display (the stored value is untouched). A locked field
    cannot be scrolled, so its box grows to show up to ``MAX_SHOWN_LINES``.
    """

    def __init__(self, field: FormField, font_size: float = 10) -> None:
        super().__init__()
        self.field = field
        self.font_size = font_size
        self.height = field_height(field, font_size)
        self.shown: str | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(natural_width(self.field, self.font_size) or avail_width, avail_width)
        field, value = self.field, self.field.value
        if isinstance(value, str) and value and (field.widget == "multiline" or
                                                 (field.read_only and field.widget == "text")):
            lines = simpleSplit(value, FIELD_FONT, self.font_size, self.width - 3 * _BORDER - 2)
            lines = lines[:max(MAX_SHOWN_LINES, field.lines)]
            self.shown = "\n".join(lines)
            self.height = max(field_height(field, self.font_size),
                              round(len(lines) * self.font_size * 1.2 + self.font_size * 0.8, 1))
        return self.width, self.height

    def draw(self) -> None:
        add_widget(self.canv, self.field, self.width, self.height, self.font_size, self.shown)


def add_widget(canv: Canvas, field: FormField, width: float, height: float, font_size: float,
               shown: str | None = None) -> None:
    """Add ``field`` as a widget at the canvas origin, with its value, tooltip and flags.

    ``shown`` is the text to draw when it differs from the value (wrapped into
    lines); the value stored is always the field's own.
    """
    form = canv.acroForm
    style = dict(
        name=field.name, tooltip=tooltip_for(field), x=0, y=0, relative=True,
        fillColor=READ_ONLY_FILL if field.read_only else EDITABLE_FILL,
        borderColor=READ_ONLY_BORDER if field.read_only else BORDER,
        borderWidth=_BORDER, textColor=FIELD_TEXT,
    )
    flags = _flags(field)
    if field.widget == "checkbox":
        form.checkbox(checked=field.value is True, size=height, buttonStyle="check", fieldFlags=flags, **style)
        return
    exact = "" if field.value is None or isinstance(field.value, bool) else str(field.value)
    codes, complete = _font_codes(exact if shown is None else shown)
    text_style = dict(width=width, height=height, fontName=FIELD_FONT, fontSize=font_size, **style)
    if field.widget == "choice":
        label = exact if exact == codes else ""  # a label the font cannot draw is left to the viewer
        # reportlab 5.1 fails on an empty choice value given as a string; a one-item list works.
        form.choice(value=[label], options=_options(field), fieldFlags=f"{flags} combo".strip(), **text_style)
        complete = complete and label == exact
    else:
        if field.widget == "multiline" or "\n" in codes:
            flags = f"{flags} multiline".strip()
        form.textfield(value=codes, maxlen=field.max_length, fieldFlags=flags, **text_style)
    if codes != exact:
        _keep_exact_value(canv, exact, redraw=not complete)


def _flags(field: FormField) -> str:
    if field.read_only:
        return "readOnly"
    return "required" if field.required else ""


def _options(field: FormField) -> list[str]:
    """The drop-down's labels; a pre-filled label missing from the list is added so it is not lost."""
    labels = field.choice_labels
    if isinstance(field.value, str) and field.value not in labels:
        labels.append(field.value)
    return labels


def _font_codes(text: str) -> tuple[str, bool]:
    """``text`` as codes of the form font, and whether the font has every character.

    reportlab writes appearance text byte for byte, and its form font is
    PDFDocEncoding: Latin-1 plus curly quotes, dashes, the euro sign, Ł, Œ, Š, Ž
    and a few more. Anything else (Greek, Cyrillic, CJK, emoji) becomes '?'.
    """
    plain = text.translate(_PLAIN)
    try:
        return plain.encode("pdfdoc").decode("latin-1"), True
    except UnicodeEncodeError:
        return plain.encode("pdfdoc", "replace").decode("latin-1"), False


def _keep_exact_value(canv: Canvas, exact: str, redraw: bool) -> None:
    """Store the true text as the value of the widget just added (reportlab stored the font codes).

    With ``redraw``, the appearance is missing characters, so viewers are asked
    (NeedAppearances) to redraw fields in their own fonts.
    """
    widget = canv._doc.idToObject[canv.acroForm.fields[-1].name]
    widget.dict["V"] = widget.dict["DV"] = PDFString(exact)
    if redraw:
        canv.acroForm.extras["NeedAppearances"] = PDFFromString("true")
