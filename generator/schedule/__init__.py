"""Next year's partner meetings planned from the tiers on the academic calendar, and written as a Word
document, a calendar file (.ics) or CSV.
"""
from .calendar_file import london_timezone, schedule_ics
from .csv_file import schedule_csv
from .plan import ScheduledMeeting, ScheduleError, academic_year, bank_holidays, easter_sunday, plan_schedule
from .word import schedule_docx

__all__ = ["london_timezone", "schedule_ics", "schedule_csv", "ScheduledMeeting", "ScheduleError",
           "academic_year", "bank_holidays", "easter_sunday", "plan_schedule", "schedule_docx"]
