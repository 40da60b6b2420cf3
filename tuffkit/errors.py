"""The one exception hierarchy of tuffkit.

Every error a user can cause (a bad file, a bad mapping, an unknown instrument)
is a :class:`TuffkitError`, which is also a :class:`ValueError`. The CLI prints
its message as one sentence and exits with code 2; it never shows a traceback
for these.
"""

from __future__ import annotations

__all__ = [
    "TuffkitError",
    "InstrumentError",
    "MappingError",
    "InputFileError",
    "NoStatementColumnsError",
    "CodedColumnError",
    "OutputError",
]


class TuffkitError(ValueError):
    """Base class of every error a user of tuffkit can cause."""


class InstrumentError(TuffkitError):
    """An instrument definition is unknown, unreadable or inconsistent."""


class MappingError(TuffkitError):
    """A column/value mapping file is unreadable or inconsistent."""


class InputFileError(TuffkitError):
    """An input file is missing, unreadable, corrupt or of an unsupported type."""


class NoStatementColumnsError(InputFileError):
    """An input file has no column that can be recognised as a statement."""


class CodedColumnError(InputFileError):
    """A column holds a survey tool's answer codes that no codebook resolves."""


class OutputError(TuffkitError):
    """An output folder or file cannot be written."""
