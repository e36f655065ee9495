"""The annual partnership review: figures counted from the store for one academic year, their charts, and the
Word report for the board.
"""
from .charts import Chart, review_charts
from .figures import review_figures
from .records import ReviewFigures
from .report import render_review

__all__ = ["Chart", "review_charts", "review_figures", "ReviewFigures", "render_review"]
