"""What every capability shares: writing files so a crash never leaves half of one, dates as partners read
them, the hand-written meeting and directory files, and CSV that Excel opens safely.

It imports nothing else of ``partnerpack.generator``; everything above may import it.
"""
from .csv_writing import FORMULA_STARTS, csv_bytes, csv_cell, neutralise
from .dates import academic_year_of, clock_time, long_date, short_date
from .files import FolderWriter, atomic_write, atomic_write_many, staged_folder
from .inputs import DIRECTORY_COLUMNS, InputFileError, load_directory, load_meeting, read_yaml

__all__ = [
    "FORMULA_STARTS", "csv_bytes", "csv_cell", "neutralise",
    "academic_year_of", "clock_time", "long_date", "short_date",
    "FolderWriter", "atomic_write", "atomic_write_many", "staged_folder",
    "DIRECTORY_COLUMNS", "InputFileError", "load_directory", "load_meeting", "read_yaml",
]
