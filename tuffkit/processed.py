"""Reading back what ``tuffkit ingest`` wrote, for reports and notebooks.

``tuffkit ingest`` writes ``survey.parquet`` (the tidy answers) and ``ingest.json``
(row accounting and provenance: each input file's name, SHA-256, title lines and
whether they label the data synthetic) into a folder, ``data/processed`` by default.
:func:`read_processed` reads that folder back; :func:`read_invited` reads the optional
file with the number invited per unit and wave, from which the response
rate follows.

Folders written by earlier versions, whose survey and respondents files name the unit column
``municipality``, read as today's: the column is renamed ``unit`` on read (:func:`upgrade_columns`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tuffkit.errors import InputFileError
from tuffkit.ingest.invited import read_invited
from tuffkit.ingest.schemas import validate_log_entries, validate_responses
from tuffkit.names import find_name, swedish_sort_key
from tuffkit.tidy import MEASURE_COLUMNS, MEASURE_COLUMNS_ADDED

__all__ = ["Processed", "read_processed", "read_invited", "ProcessedLog", "read_processed_log",
           "read_processed_measures", "upgrade_columns"]

#: the unit column's name in folders written by earlier versions (before issue 26)
EARLIER_UNIT_COLUMN = "municipality"


def upgrade_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (a survey or respondents file) with the columns of earlier versions under
    today's names: ``municipality`` becomes ``unit``; the frame itself when nothing is renamed.

    >>> upgrade_columns(pd.DataFrame({"respondent_id": [1], "municipality": ["Ronneby"]})).columns.tolist()
    ['respondent_id', 'unit']
    """
    if EARLIER_UNIT_COLUMN in frame.columns and "unit" not in frame.columns:
        return frame.rename(columns={EARLIER_UNIT_COLUMN: "unit"})
    return frame


class _Provenance:
    """The input files of an ingest, from its record (``ingest.json``, ``project_log.json``)."""

    def _record(self) -> dict[str, Any]:
        raise NotImplementedError

    @property
    def files(self) -> list[dict[str, Any]]:
        """One record per input file: ``file``, ``sha256``, ``rows_in``, ``rows_kept``, ``synthetic``..."""
        return list(self._record().get("files", []))

    @property
    def synthetic(self) -> bool:
        """Whether any input file labels its data as synthetic."""
        return any(f.get("synthetic") for f in self.files)


@dataclass
class Processed(_Provenance):
    """A processed folder: the answers and the provenance of the files they came from."""

    folder: Path
    responses: pd.DataFrame
    ingest: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.responses = upgrade_columns(self.responses)  # a frame of an earlier version

    def _record(self) -> dict[str, Any]:
        return self.ingest

    @property
    def units(self) -> list[str]:
        """The study's units with answers (its municipalities, care homes, workplaces), in the
        data's (Swedish) order."""
        col = self.responses["unit"]
        present = set(col.unique())
        cats = col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else sorted(present)
        return [str(m) for m in cats if m in present]

    @property
    def municipalities(self) -> list[str]:
        """The earlier name of :attr:`units` (kept for notebooks of earlier versions)."""
        return self.units

    @property
    def respondents(self) -> pd.DataFrame | None:
        """One row per respondent with the file it came from (``respondents.parquet``: ``respondent_id,
        wave, unit, function, in_management_group, source_file, source_row, source_id``); None when
        the folder has none."""
        if "_respondents" not in self.__dict__:
            path = self.folder / "respondents.parquet"
            try:
                frame = upgrade_columns(pd.read_parquet(path)) if path.exists() else None
            except Exception as exc:  # pyarrow raises several types for a damaged file
                raise InputFileError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from None
            self.__dict__["_respondents"] = frame
        return self.__dict__["_respondents"]

    @property
    def waves(self) -> list[str]:
        """The waves with answers, in order."""
        from tuffkit.study import waves_present

        return waves_present(self.responses)

    @property
    def study(self):  # noqa: ANN201 - a tuffkit.study.Study
        """The study recorded at ingest (``study.json``), or the default study of the instrument
        and the data's waves."""
        if "_study" not in self.__dict__:
            from tuffkit.study import read_study

            self.__dict__["_study"] = read_study(self.folder, self.waves, self.instrument)
        return self.__dict__["_study"]

    @property
    def instrument(self):  # noqa: ANN201 - a tuffkit.instrument.Instrument
        """The instrument of the data: the one recorded at ingest (``instrument.yaml``)."""
        if "_instrument" not in self.__dict__:
            from tuffkit.instrument import load_instrument

            own = self.folder / "instrument.yaml"
            self.__dict__["_instrument"] = load_instrument(own if own.is_file() else
                                                           self.ingest.get("instrument", "lfr19"))
        return self.__dict__["_instrument"]

    @property
    def has_roles(self) -> bool:
        """Whether any respondent's role group (management, support) is known."""
        if "_has_roles" not in self.__dict__:
            f = self.responses["function"]
            self.__dict__["_has_roles"] = bool(f.isin(["management", "support"]).any())
        return self.__dict__["_has_roles"]

    def unit(self, name: str) -> str:
        """``name`` as the data spells it (case and spacing forgiven).

        Raises
        ------
        InputFileError
            No unit of that name, with the close matches in the message (in the study's word).
        """
        return find_name(name, self.units, what=self.study.unit_word("en"), where=str(self.folder))

    def municipality(self, name: str) -> str:
        """The earlier name of :meth:`unit` (kept for notebooks of earlier versions)."""
        return self.unit(name)


def read_processed(folder: str | Path) -> Processed:
    """Read the output folder of ``tuffkit ingest``.

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = write_ingest(read_survey(RAW_DIR), out)
    >>> p = read_processed(out)
    >>> p.waves, p.synthetic, len(p.units)
    (['2012-10', '2013-05', '2014'], True, 19)

    Raises
    ------
    InputFileError
        The folder or its ``survey.parquet`` is missing, or the file is not tuffkit's.
    """
    folder = Path(folder)
    survey = folder / "survey.parquet"
    if not folder.is_dir():
        raise InputFileError(f"{folder}: no such folder (run `tuffkit ingest` to create it)")
    if not survey.exists():
        raise InputFileError(f"{folder}: not an output folder of tuffkit ingest (no survey.parquet); "
                             "run `tuffkit ingest` first")
    try:
        responses = pd.read_parquet(survey)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputFileError(f"{survey}: cannot be read ({type(exc).__name__}: {exc})") from None
    responses = upgrade_columns(responses)  # a folder written by an earlier version
    info: dict[str, Any] = {}
    meta = folder / "ingest.json"
    if meta.exists():
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputFileError(f"{meta}: is not valid JSON ({exc})") from None
    data = Processed(folder=folder, responses=responses, ingest=info)
    try:  # against the data's own instrument (its statements and scale), recorded at ingest
        validate_responses(responses, data.instrument)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputFileError(f"{survey}: is not a tuffkit survey file ({first})") from None
    from tuffkit.study import carried

    own = folder / "instrument.yaml"
    # the frame carries its study, so every statistics function takes the instrument, the waves and
    # the focus group from the data (tuffkit.survey.study_of), never from a default
    responses.attrs["tuffkit"] = carried(
        responses, str(own.resolve()) if own.is_file() else str(data.ingest.get("instrument", "lfr19")), data.study)
    return data


@dataclass
class ProcessedLog(_Provenance):
    """A processed improvement log: its entries and the provenance of the files they came from."""

    folder: Path
    entries: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)

    def _record(self) -> dict[str, Any]:
        return self.meta

    @property
    def units(self) -> list[str]:
        """The units with entries, in Swedish alphabetical order."""
        return sorted({str(u) for u in self.entries["unit"].dropna()}, key=swedish_sort_key)

    def unit(self, name: str) -> str:
        """``name`` as the log spells it (case forgiven); else an error listing the close matches."""
        return find_name(name, self.units, what="unit", where=str(self.folder / "project_log.parquet"))


def read_processed_log(folder: str | Path) -> ProcessedLog:
    """Read the improvement log that ``tuffkit ingest-log`` wrote into ``folder``.

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit.ingest.projectlog import read_project_log, write_project_log
    >>> from tuffkit.config import RAW_DIR
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = write_project_log(read_project_log(RAW_DIR / "projectlog"), out)
    >>> log = read_processed_log(out)
    >>> log.units, log.synthetic
    (['Exempelgården', 'Fiktivhemmet', 'Norrtull'], True)

    Raises
    ------
    InputFileError
        The folder or its ``project_log.parquet`` is missing or is not tuffkit's.
    """
    folder = Path(folder)
    path = folder / "project_log.parquet"
    if not path.exists():
        raise InputFileError(f"{folder}: holds no improvement log (no project_log.parquet); "
                             "run `tuffkit ingest-log` first")
    try:
        entries = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputFileError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from None
    try:
        validate_log_entries(entries)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputFileError(f"{path}: is not a tuffkit project log ({first})") from None
    meta: dict[str, Any] = {}
    if (folder / "project_log.json").exists():
        try:
            meta = json.loads((folder / "project_log.json").read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputFileError(f"{folder / 'project_log.json'}: is not valid JSON ({exc})") from None
    return ProcessedLog(folder=folder, entries=entries, meta=meta)


def read_processed_measures(folder: str | Path, required: bool = True) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """The measure series (``measures.parquet``) and their accounting (``measures.json``) that
    ``tuffkit ingest-measures`` wrote into ``folder``; ``None`` when there are none and
    ``required`` is false.

    Raises
    ------
    InputFileError
        No ``measures.parquet`` (when ``required``), or one that cannot be read.
    """
    folder = Path(folder)
    path = folder / "measures.parquet"
    if not path.exists():
        if not required:
            return None
        raise InputFileError(f"{folder}: holds no measures (no measures.parquet); run `tuffkit ingest-measures` first")
    try:
        data = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputFileError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from None
    older = [c for c in MEASURE_COLUMNS if c not in MEASURE_COLUMNS_ADDED]
    if list(data.columns) == older:  # written before direction and target were read
        data = data.assign(improvement=pd.Series(pd.NA, index=data.index, dtype="string"),
                           target=float("nan"))[MEASURE_COLUMNS]
    if list(data.columns) != MEASURE_COLUMNS:
        raise InputFileError(f"{path}: is not a tuffkit measures file (columns {list(data.columns)})")
    meta: dict[str, Any] = {}
    if (folder / "measures.json").exists():
        try:
            meta = json.loads((folder / "measures.json").read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputFileError(f"{folder / 'measures.json'}: is not valid JSON ({exc})") from None
    return data, meta
