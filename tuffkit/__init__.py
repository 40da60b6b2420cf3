"""tuffkit: a research workbench for systematic development work in Swedish municipal services.

The public API in one place::

    import tuffkit
    lfr = tuffkit.load_instrument("lfr19")
    data = tuffkit.read_survey("data/raw")      # -> SurveyData (responses, rejected, problems, files)
    tuffkit.survey.item_summary(data.responses, by=["wave", "function"])
    log = tuffkit.read_project_log("data/raw/projectlog")   # -> ProjectLog (entries, rejected, problems, files)
    tuffkit.projectlog.lead_times(log.entries)
    tuffkit.spc.qic(df, x="month", y="hours", chart="i")

The package follows the data: :mod:`tuffkit.ingest` reads what users receive into tidy frames;
:mod:`tuffkit.survey`, :mod:`tuffkit.projectlog`, :mod:`tuffkit.spc`, :mod:`tuffkit.privacy`
and :mod:`tuffkit.disclosure` compute on them; :mod:`tuffkit.report` presents; :mod:`tuffkit.batch`
and :mod:`tuffkit.cli` run it.

Nothing heavy is imported until it is used (PEP 562): ``import tuffkit`` and ``tuffkit --help``
load neither pandas nor scipy; ``tuffkit.read_survey`` loads the survey loader when first touched.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tuffkit.errors import (
    CodedColumnError,
    InputFileError,
    InstrumentError,
    MappingError,
    NoStatementColumnsError,
    OutputError,
    TuffkitError,
)

#: public name -> the module that defines it, imported on first use
_ATTRS: dict[str, str] = {
    "Instrument": "tuffkit.instrument",
    "builtin_instruments": "tuffkit.instrument",
    "load_instrument": "tuffkit.instrument",
    "SurveyData": "tuffkit.ingest.survey",
    "read_survey": "tuffkit.ingest.survey",
    "write_ingest": "tuffkit.ingest.survey",
    "ProjectLog": "tuffkit.ingest.projectlog",
    "read_project_log": "tuffkit.ingest.projectlog",
    "write_project_log": "tuffkit.ingest.projectlog",
    "Measures": "tuffkit.ingest.measures",
    "read_measures": "tuffkit.ingest.measures",
    "write_measures": "tuffkit.ingest.measures",
    "load_mapping": "tuffkit.ingest.mapping",
    "inspect_file": "tuffkit.ingest.inspect",
    "draft_mapping": "tuffkit.ingest.inspect",
    "responses_schema": "tuffkit.ingest.schemas",
    "validate_responses": "tuffkit.ingest.schemas",
}
#: the subpackages and the statistics modules, as ``tuffkit.survey`` etc.
_MODULES = ("ingest", "survey", "privacy", "disclosure", "projectlog", "spc", "processed", "report", "batch")

__all__ = [
    "InputFileError",
    "InstrumentError",
    "MappingError",
    "NoStatementColumnsError",
    "CodedColumnError",
    "OutputError",
    "TuffkitError",
    "Instrument",
    "builtin_instruments",
    "load_instrument",
    "SurveyData",
    "read_survey",
    "write_ingest",
    "ProjectLog",
    "read_project_log",
    "write_project_log",
    "Measures",
    "read_measures",
    "write_measures",
    "load_mapping",
    "inspect_file",
    "draft_mapping",
    "responses_schema",
    "validate_responses",
    "ingest",
    "survey",
    "privacy",
    "disclosure",
    "projectlog",
    "spc",
    "processed",
    "report",
    "batch",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _ATTRS:
        value = getattr(importlib.import_module(_ATTRS[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(f"tuffkit.{name}")
    else:
        raise AttributeError(f"module 'tuffkit' has no attribute {name!r}")
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from tuffkit import batch, disclosure, ingest, privacy, processed, projectlog, report, spc, survey
    from tuffkit.ingest.inspect import draft_mapping, inspect_file
    from tuffkit.ingest.mapping import load_mapping
    from tuffkit.ingest.measures import Measures, read_measures, write_measures
    from tuffkit.ingest.projectlog import ProjectLog, read_project_log, write_project_log
    from tuffkit.ingest.schemas import responses_schema, validate_responses
    from tuffkit.ingest.survey import SurveyData, read_survey, write_ingest
    from tuffkit.instrument import Instrument, builtin_instruments, load_instrument
