"""The store: what was issued, every return with its history and original file, refusals and conflicts.

Open one with ``open_store(url)`` (or ``Workspace.open_store()``); the typed rows it hands back are in
``records``, its SQL and migrations in ``sql``, and the database connection in ``database``.
"""
from .database import StoreAddress, StoreError, StoreNotSupported, parse_store_url
from .records import (
                      AcceptOutcome,
                      Conflict,
                      IssuedForm,
                      Rejection,
                      ReturnVersion,
                      StoredMeeting,
                      StoredReturn,
                      record_from_json,
                      record_to_json,
)
from .store import FormNotIssued, MissingOriginal, Store, open_store

__all__ = [
    "StoreAddress", "StoreError", "StoreNotSupported", "parse_store_url",
    "AcceptOutcome", "Conflict", "IssuedForm", "Rejection", "ReturnVersion", "StoredMeeting", "StoredReturn",
    "record_from_json", "record_to_json",
    "FormNotIssued", "MissingOriginal", "Store", "open_store",
]
