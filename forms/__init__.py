"""Fillable PDF and DOCX forms drawn from the schemas, and readers for returned copies."""
