"""tuffkit: a research workbench for systematic development work in Swedish municipal services.

The public API in one place::

    import tuffkit
    lfr = tuffkit.load_instrument("lfr19")
    data = tuffkit.read_survey("data/raw")      # -> SurveyData (responses, rejected, problems, files)
    tuffkit.survey.item_summary(data.responses, by=["wave", "function"])
"""

from __future__ import annotations

from tuffkit import privacy, survey, tables  # the metric modules, as tuffkit.survey etc.
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
    "read_survey",
    "responses_schema",
    "survey",
    "tables",
    "validate_responses",
    "write_ingest",
]

__version__ = "0.1.0"
