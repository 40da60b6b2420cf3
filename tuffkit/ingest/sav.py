"""Reading SPSS ``.sav`` and Stata ``.dta`` files (through pyreadstat) into the same raw tables as
CSV and Excel.

Each variable becomes a column headed by its variable label (its name where it has none;
the names are kept as :attr:`~tuffkit.ingest.rawtable.RawTable.header_codes`). Values are
written as text: whole numbers without ``.0``, dates as ISO dates. Value labels become the
column's codebook (:mod:`tuffkit.ingest.codebook`), so codes are read through their labels;
user-defined missing values are kept as their codes, whose labels (``Vet ej``) say what
they are. Cases are numbered from 1 (``row`` 1 is the first case: a ``.sav`` file has no
header row). A Stata file is read the same way: its variable labels, value labels and
extended missing values (``.a``–``.z``) as SPSS's.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from tuffkit.errors import InputFileError

__all__ = ["SavTable", "read_sav"]


def _text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if hasattr(v, "isoformat"):  # pandas Timestamp
        return v.isoformat(sep=" ") if hasattr(v, "hour") else v.isoformat()
    s = str(v)
    return s if s.strip() else None


@dataclass
class SavTable:
    """An SPSS file's cases as text columns, with its labels and value labels."""

    headers: list[str]
    names: list[str]
    columns: list[pa.Array]
    codebook: dict[int, dict[str, str]]
    n_cases: int
    encoding: str | None
    title: list[str]


def read_sav(p: Path) -> SavTable:
    """Read the SPSS (``.sav``, ``.zsav``) or Stata (``.dta``) file ``p``: one text column per
    variable, headed by its label.

    Raises
    ------
    InputFileError
        The file is not a readable SPSS or Stata file.
    """
    try:
        import pyreadstat
    except ImportError:  # pragma: no cover - a dependency of tuffkit
        raise InputFileError(f"{p}: reading {p.suffix} needs the pyreadstat package (pip install pyreadstat)") from None
    stata = p.suffix.lower() == ".dta"
    read = pyreadstat.read_dta if stata else pyreadstat.read_sav
    try:
        df, meta = read(str(p), user_missing=True, dates_as_pandas_datetime=False)
    except Exception as exc:  # pyreadstat raises its own ReadstatError and others
        kind = "Stata .dta" if stata else "SPSS .sav"
        raise InputFileError(f"{p}: not a readable {kind} file ({type(exc).__name__}: {exc})") from None
    names = list(meta.column_names)
    labels = list(meta.column_labels or [None] * len(names))
    headers = [" ".join((lab or name).split()) for name, lab in zip(names, labels, strict=True)]
    columns = [pa.array([_text(v) for v in df[name].tolist()], type=pa.string()).dictionary_encode()
               for name in names]
    codebook: dict[int, dict[str, str]] = {}
    for j, name in enumerate(names):
        vl = meta.variable_value_labels.get(name)
        if vl:
            codebook[j] = {(_text(k) or str(k)): str(v) for k, v in vl.items()}
    title = [meta.file_label] if getattr(meta, "file_label", None) else []
    return SavTable(headers, names, columns, codebook, len(df), getattr(meta, "file_encoding", None), title)
