"""Collecting returned forms: finding them (files, folders, saved e-mails), examining each one, filing it in the
store, or in quarantine with a report saying why.
"""
from .collector import CollectLimits, Collector, CollectReport, ItemResult
from .examine import Examined, examine
from .intake import Incoming, find_returns

__all__ = ["CollectLimits", "CollectReport", "Collector", "ItemResult", "Examined", "examine", "Incoming",
           "find_returns"]
