"""The live action register: every SMART action consolidated from the returns, rated red, amber or green on a
date, and written as Word, Excel, CSV or JSON (one module per format).
"""
from .consolidate import consolidate
from .csv_file import register_csv
from .excel import register_xlsx
from .json_file import register_json
from .rows import RAG_COLOURS, RAG_LABELS, STATUS_LABELS, VIEWS, ActionRow, filter_rows, rag, rag_label, sort_rows
from .word import register_docx

__all__ = ["consolidate", "register_csv", "register_xlsx", "register_json", "register_docx", "RAG_COLOURS",
           "RAG_LABELS", "STATUS_LABELS", "VIEWS", "ActionRow", "filter_rows", "rag", "rag_label", "sort_rows"]
