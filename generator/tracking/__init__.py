"""Tracking: which issued forms came back, which came back late, and who still owes one.

It reads the store only; ``status`` and ``chase`` show what it finds, and the review counts on-time returns from it.
"""
from .status import FormStatus, form_statuses, outstanding

__all__ = ["FormStatus", "form_statuses", "outstanding"]
