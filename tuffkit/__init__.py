"""tuffkit: a research workbench for systematic development work in Swedish municipal services.

The public API in one place::

    import tuffkit
    lfr = tuffkit.load_instrument("lfr19")
    data = tuffkit.read_survey("data/raw")      # -> SurveyData (responses, rejected, problems, files)
    tuffkit.survey.item_summary(data.responses, by=["wave", "function"])
    log = tuffkit.read_project_log("data/raw/projectlog")   # -> ProjectLog (entries, rejected, problems, files)
    tuffkit.projectlog.lead_times(log.entries)
"""

from __future__ import annotations

from tuffkit import privacy, projectlog, survey, tables  # the metric modules, as tuffkit.survey etc.
from tuffkit.errors import (
    InputFileError,
    InstrumentError,
    MappingError,
    NoStatementColumnsError,
    OutputError,
    TuffkitError,
)
from tuffkit.instrument import Instrument, builtin_instruments, load_instrument
from tuffkit.io import SurveyData, read_survey, write_ingest
from tuffkit.logfile import ProjectLog, read_project_log, write_project_log
from tuffkit.mapping import load_mapping
from tuffkit.schemas import responses_schema, validate_responses

__all__ = [
    "Instrument",
    "InputFileError",
    "InstrumentError",
    "MappingError",
    "NoStatementColumnsError",
    "OutputError",
    "SurveyData",
    "TuffkitError",
    "builtin_instruments",
    "load_instrument",
    "load_mapping",
    "privacy",
    "ProjectLog",
    "projectlog",
    "read_project_log",
    "read_survey",
    "responses_schema",
    "survey",
    "tables",
    "validate_responses",
    "write_ingest",
    "write_project_log",
]

__version__ = "0.1.0"
