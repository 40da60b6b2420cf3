"""The tidy frames every layer shares: their canonical columns and codes.

The loaders in :mod:`tuffkit.ingest` write these, the statistics (:mod:`tuffkit.survey`,
:mod:`tuffkit.projectlog`, :mod:`tuffkit.spc`) read them, the reports label them. The pandera
schemas that check a frame against them at the loader boundary are in
:mod:`tuffkit.ingest.schemas`.
"""

from __future__ import annotations

__all__ = ["FUNCTION_CODES", "KINDS", "TEAMS", "ORIGINS", "STAGES", "STATUSES", "DATE_FIELDS", "ENTRY_COLUMNS",
           "MEASURE_COLUMNS", "MEASURE_COLUMNS_ADDED", "REJECTED_COLUMNS", "PROBLEM_COLUMNS"]

# --- the survey (long format: respondent_id, wave, unit, function, in_management_group, item, value; the
# unit column was called municipality before issue 26, see tuffkit.processed.upgrade_columns)
#: the canonical codes of ``function``
FUNCTION_CODES: tuple[str, ...] = ("management", "support", "not_stated")


# --- the improvement log (one row per entry)
KINDS = ("idea", "obstacle", "test", "stop_doing", "learning")
TEAMS = ("VT", "UT", "LT")
ORIGINS = ("staff", "resident", "relative", "manager", "development_team")
#: SKR Innovationsguiden's steps, in order
STAGES = ("scope", "explore", "focus", "ideate", "test", "implement")
STATUSES = ("open", "in_progress", "implemented", "stopped", "rejected")
DATE_FIELDS = ("created", "escalated", "decided", "closed")

ENTRY_COLUMNS = [
    "id", "unit", "team", "kind", "title", "description", "origin", "created", "stage", "status",
    "parent_id", "escalated", "decided", "decision", "closed", "hours_freed", "source_file", "source_row",
]
#: a row not read: where it is, the column behind the reason (its header; empty for the row as a whole), the
#: reason (a category) and a detail in the tool's words. Never a cell's text: these files are shared, and a
#: cell may hold what a respondent wrote.
REJECTED_COLUMNS = ["file", "row", "column", "reason", "detail"]
#: a cell read as missing or doubtful: where it is, its header, the field it was read as and why (never its text)
PROBLEM_COLUMNS = ["file", "row", "column", "field", "reason"]


# --- measures over time (one row per unit, measure, period and gender)
MEASURE_COLUMNS = ["unit", "unit_id", "measure", "period", "period_start", "value", "numerator", "denominator",
                   "phase", "gender", "status", "improvement", "target", "source_file", "source_row"]
#: the columns a measures file written before issue 15 lacks (read as missing)
MEASURE_COLUMNS_ADDED = ("improvement", "target")
