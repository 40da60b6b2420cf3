"""Loading survey exports into tidy frames, accounting for every row.

:func:`read_survey` reads CSV and XLSX exports as they come (see
:mod:`tuffkit.ingest.rawtable`), recognises the columns (see :mod:`tuffkit.ingest.mapping`)
and returns a :class:`SurveyData` with

``responses``
    the tidy long frame: one row per respondent and statement, with the
    canonical columns ``respondent_id, wave, unit, function,
    in_management_group, item, value`` (schema in :mod:`tuffkit.ingest.schemas`; ``unit`` is the
    study's unit: a municipality, a care home, a workplace; ``municipality`` before issue 26);
``respondents``
    one row per kept respondent, with where it came from
    (``source_file, source_row, source_id``);
``rejected``
    every row that was not kept, with ``file, row, column, reason, detail`` (never a cell's text);
``problems``
    every cell that was set to missing because it could not be read, with
    ``file, row, column, field, reason`` (never the cell's text: what a respondent wrote stays out of
    the files that are shared);
``files``
    the accounting per file: ``rows_in == rows_kept + rows_rejected``.

Canonical codes
---------------
``function``
    ``management`` (ledning), ``support`` (stöd), ``not_stated`` (blank or
    "ej angivet"; also an unreadable function, which is listed as a problem).
``in_management_group``
    ``True``/``False``, missing when not answered.
``wave``
    ``YYYY-MM`` or ``YYYY`` (or the labels of a mapping file's ``waves``),
    an ordered categorical in time order.
``value``
    the answer on the instrument's scale (1..7 for ``lfr19``) as a nullable
    integer; missing for a blank, ``Vet ej``, ``Ej svar`` or an unreadable cell.

How a file is read: its layout (a survey tool's export, see :mod:`tuffkit.ingest.layouts`, or a
plain table), its header row(s) (:mod:`tuffkit.ingest.headers`) and the codebooks its codes
were read through (:mod:`tuffkit.ingest.codebook`) are named in ``files`` (``tool``,
``read_as``, ``header_rows``, ``codebooks``) and in the summary. A file's wave comes from its
wave column, from ``wave=`` (``--wave``), or from the tool's timestamps
(:mod:`tuffkit.ingest.dates`; ``wave_from`` says how).

Every physical row is accounted for: ``rows_total == rows_above_header + len(header_rows) +
rows_kept + rows_rejected + trailing_empty_rows``, and every rejected row has a reason and a
detail. Rows are rejected, with one reason each, in this order: a record that does not
split into the header's columns; an empty row; a preview, test or spam response (Qualtrics'
``Status``); a summary row (``Totalt``, ``Medelvärde``... in the unit column); no
unit (blank, or a placeholder such as ``-``, ``?``, ``Vet ej``, ``Ej angivet``); no
or an unknown wave (no date in the timestamp columns, or a date in no wave period); no
answer to any statement; a duplicate submission. A duplicate is the same
respondent id in the same wave with the same answers: the first copy is kept and the
others rejected. The same id with other answers is never dropped: both are kept and listed
as a problem (two people, or a column that is no id); a running number that restarts in
every unit is read as a number within its unit. Across files (overlapping exports) a copy
is rejected in the later file; downloads of one form whose waves come from their
timestamps are compared by the tool's response id (or the time of the response) whatever
wave each file's dates alone suggest, and get their waves together. Responses in two
separate periods (:data:`ROUND_GAP_DAYS` without any) are two rounds: split into the
study's waves of their months, or refused with the periods found; a Qualtrics
numeric export given beside its choice-text twin has every row rejected as the twin's
duplicate. Entirely empty rows at the end of a file are not data rows; their number is
reported as ``trailing_empty_rows``. Unit names that differ only in case
are one unit, under the most common spelling (listed in ``notes``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from tuffkit.config import PROCESSED_DIR
from tuffkit.errors import CodedColumnError, InputFileError, MappingError, NoStatementColumnsError, OutputError
from tuffkit.ingest.cells import (
    NO_ANSWER_CODE,
    AnswerParser,
    municipality_problem,
    parse_function,
    parse_municipality,
    parse_wave,
    parse_yes_no,
    written_name,
)
from tuffkit.ingest.codebook import (
    Structure,
    answer_codes,
    check_scale_use,
    code_kind,
    is_structure_file,
    read_structure,
    reverse_tables,
    reversed_numbering,
    title_direction,
)
from tuffkit.ingest.dates import read_dates, wave_of_dates
from tuffkit.ingest.files import expand_paths, write_outputs
from tuffkit.ingest.layouts import TEST_STATUS, described, detect_tool, preview_column
from tuffkit.ingest.mapping import ColumnPlan, Mapping, load_mapping, recognise_columns
from tuffkit.ingest.rawtable import (
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    SAV_SUFFIXES,
    RawTable,
    blank_mask,
    distinct_texts,
    read_raw_tables,
)
from tuffkit.ingest.schemas import validate_respondents, validate_responses
from tuffkit.ingest.vocab import NO_MUNICIPALITY, OTHER_LABELS, SUMMARY_LABELS, is_synthetic
from tuffkit.ingest.words import LANGS, field_in, read_as_in, reason_in, say
from tuffkit.instrument import Instrument, load_instrument
from tuffkit.names import find_name, norm, swedish_sort_key
from tuffkit.places import is_code_column
from tuffkit.tidy import FUNCTION_CODES, PROBLEM_COLUMNS, REJECTED_COLUMNS

__all__ = ["SurveyData", "read_survey", "write_ingest", "apply_study", "write_outputs", "expand_paths"]



@dataclass
class SurveyData:
    """The result of :func:`read_survey`; see the module docstring for each frame."""

    responses: pd.DataFrame
    respondents: pd.DataFrame
    rejected: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    instrument: Instrument
    mapping: Mapping
    notes: list[str] = field(default_factory=list)
    study: Any = None  # the tuffkit.study.Study the data was read with, if any

    def __post_init__(self) -> None:
        # the frame carries its study (tuffkit.survey.study_of): statistics take the instrument from it
        from tuffkit.instrument import instrument_key
        from tuffkit.study import carried

        self.responses.attrs["tuffkit"] = carried(self.responses, instrument_key(self.instrument), self.study)

    def counts(self) -> pd.DataFrame:
        """Respondents per wave and function, with totals (a tidy frame with ``n``).

        Examples
        --------
        >>> from tuffkit.config import RAW_DIR
        >>> read_survey(RAW_DIR).counts().query("wave == '2014'")
           wave    function   n
        6  2014  management  17
        7  2014     support  17
        8  2014  not_stated   1
        """
        r = self.respondents
        out = (
            r.groupby(["wave", "function"], observed=False)
            .size()
            .rename("n")
            .reset_index()
        )
        return out[out["wave"].isin(r["wave"].unique())].reset_index(drop=True)

    @property
    def lang(self) -> str:
        """The language of the summary: the study's (``lang`` in its study file), else English."""
        return self.study.lang if self.study is not None and self.study.lang in LANGS else "en"

    def unit_word(self, lang: str) -> str | None:
        """The study's word for one unit in ``lang`` (``kommun``, ``boende``); None without a study."""
        return self.study.unit_word(lang) if self.study is not None else None

    def has_roles(self) -> bool:
        """Whether the data has role groups: a function or management-group column in some file,
        or a function given for all (a mapping file's constants)."""
        return any(f in row.columns for _, row in self.files.iterrows() for f in ("function", "in_management_group")
                   ) or bool((self.respondents["function"].astype(str) != "not_stated").any())

    def summary(self, lang: str | None = None) -> str:
        """A short text summary: rows in/kept/rejected, respondents per wave (and function, when the
        data has role groups), in ``lang`` (default :attr:`lang`: the study's language)."""
        lang = lang or self.lang
        f = self.files
        lines = [say("read", lang, files=len(f), instrument=self.instrument.id, rows_in=int(f.rows_in.sum()),
                     kept=int(f.rows_kept.sum()), rejected=int(f.rows_rejected.sum()), problems=len(self.problems)),
                 ""]
        for _, row in f.iterrows():
            tool = row.get("tool")
            read_as = read_as_in(row.read_as, tool if isinstance(tool, str) and tool else None,
                                 str(row.get("format", "")), list(row.get("header_rows") or []), lang)
            lines.append(say("rows", lang, file=row.file, rows_in=row.rows_in, kept=row.rows_kept,
                             rejected=row.rows_rejected, problems=row.cell_problems, read_as=read_as))
            how = row.get("wave_from")
            if isinstance(how, dict) and how.get("how", "").startswith("timestamps"):
                cols = ", ".join(map(repr, how.get("columns", [])))
                if "wave" in how:
                    lines.append(say("wave_from_times", lang, wave=how["wave"], cols=cols, first=how["first"],
                                     last=how["last"], why=how["why"]))
                else:
                    lines.append(say("waves_from_periods", lang, cols=cols))
            if row.get("codebooks"):
                lines.append(say("codebooks", lang, books=", ".join(row.codebooks)))
            if row.get("statements_numbered_reversed"):
                said = say("reversed_said", lang, title=row.direction_by_title) if row.get("direction_by_title") else ""
                lines.append(say("reversed", lang, said=said,
                                 items=", ".join(map(str, row.statements_numbered_reversed))))
            if row.get("direction_by_mapping"):
                lines.append(say("by_mapping", lang, source=self.mapping.source))
            mine = self.problems[(self.problems["file"] == row.file)
                                 & self.problems["field"].astype(str).str.startswith("item")]
            for reason, cells in mine.groupby("reason", sort=True):  # what was set to missing, and why
                said = ("a survey tool's code for no answer" if reason == NO_ANSWER_CODE else reason)
                lines.append(say("missing_cells", lang, n=len(cells), why=reason_in(said, lang)))
            if row.get("id_per_unit"):
                lines.append(say("id_per_unit", lang, col=row.columns.get("respondent_id")))
            if row.get("statements_numbered_by_code"):
                lines.append(say("by_code", lang, code=row.statements_numbered_by_code))
        lines += ["", *self._counts_table(lang)]
        if len(self.rejected):
            lines += ["", say("rejected", lang)]
            for reason, n in self.rejected["reason"].value_counts().sort_index().items():
                lines.append(f"  {reason_in(reason, lang, self.unit_word(lang))}: {n}")
        lines += self.warnings(lang)
        return "\n".join(lines)

    def _counts_table(self, lang: str) -> list[str]:
        """The summary's table of respondents per wave, by role group when the data has them."""
        if not len(self.respondents):
            return [say("none_kept", lang)]
        counts = self.counts()
        label = (lambda w: self.study.wave_label(w, lang)) if self.study is not None else str
        if not self.has_roles():
            table = counts.groupby("wave", observed=True)["n"].sum().rename(say("total", lang)).to_frame()
            table.index = [label(w) for w in table.index]
            table.index.name = say("wave", lang)
            return [say("by_wave", lang), table.to_string(), say("no_roles", lang)]
        table = counts.pivot(index="wave", columns="function", values="n").fillna(0).astype(int)
        table = table.reindex(columns=list(FUNCTION_CODES), fill_value=0)
        if self.study is not None:  # the study's words for its role groups
            table.columns = [self.study.role_label(c, lang) for c in table.columns]
        table[say("total", lang)] = table.sum(axis=1)
        table.columns.name = None
        table.index = [label(w) for w in table.index]
        table.index.name = say("wave", lang)
        return [say("by_role", lang), table.to_string()]

    def warnings(self, lang: str | None = None) -> list[str]:
        """Lines on what was read differently from a complete export: columns not used,
        statements or metadata absent, sheets without statements, merged spellings (in ``lang``,
        default :attr:`lang`; notes as they were written)."""
        lang = lang or self.lang
        out = []
        roles = self.has_roles()  # without any role column the table says so once, not every file
        for _, row in self.files.iterrows():
            if row.ignored_columns:
                out.append(say("not_used", lang, file=row.file, cols=", ".join(map(repr, row.ignored_columns))))
            if row.items_absent:
                out.append(say("items_absent", lang, file=row.file, items=", ".join(map(str, row.items_absent))))
            missing = [f for f in ("function", "in_management_group") if f not in row.columns]
            if missing == ["function", "in_management_group"] and roles:
                out.append(say("no_role_column", lang, file=row.file))
            elif len(missing) == 1:
                out.append(say("no_field_column", lang, file=row.file, field=field_in(missing[0], lang)))
            same_id = self.problems[(self.problems["file"] == row.file) & (self.problems["field"] == "respondent_id")]
            if len(same_id):
                out.append(say("same_id", lang, file=row.file, n=len(same_id)))
            if row.get("sheets_without_statements"):
                out.append(say("sheets", lang, file=row.file,
                               sheets=", ".join(map(repr, row.sheets_without_statements))))
            if isinstance(row.get("codebook_sheets"), list) and row.codebook_sheets:
                out.append(say("codebook_sheets", lang, file=row.file,
                               sheets=", ".join(map(repr, row.codebook_sheets))))
        out += [f"  {note}" for note in self.notes]
        return ["", say("check", lang), *out] if out else []


def _lut(arr: pa.Array, fn: Callable[[str], Any]) -> tuple[np.ndarray, list[Any], np.ndarray, list[str]]:
    """Apply ``fn`` once per distinct text of ``arr``.

    Returns ``(codes, results, blank, texts)``: the code of each cell into ``texts`` and
    ``results`` (-1 for an empty cell), and whether each cell is empty or blank.
    """
    if not pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_encode()
    texts = arr.dictionary.to_pylist()
    codes = pc.fill_null(arr.indices, -1).to_numpy()
    blank_lut = np.array([not t.strip() for t in texts] + [True], dtype=bool)  # last: code -1
    return codes, [fn(t) for t in texts], blank_lut[codes], texts


@dataclass
class _FilePart:
    """One file's kept respondents, as codes into file-local category lists."""

    wave_labels: list[str | None]
    wave_codes: np.ndarray
    muni_names: list[str]
    muni_codes: np.ndarray
    func_codes: np.ndarray  # index into FUNCTION_CODES
    mgmt: np.ndarray  # 1 yes, 0 no, -1 missing
    rows: np.ndarray
    source_id: pa.Array | None
    values: np.ndarray  # kept rows x items, int8, 0 = missing
    items: list[int]
    rejected: pd.DataFrame
    problems: pd.DataFrame
    account: dict[str, Any]
    raw: RawTable | None = None  # kept until the cross-file checks are done
    raw_index: np.ndarray | None = None  # each kept row's position in ``raw``
    dates: np.ndarray | None = None  # each kept row's day of response, while its wave is pending
    linked: set[int] = field(default_factory=set)  # parts holding the same responses (overlapping downloads)

    @property
    def n(self) -> int:
        return len(self.rows)

    def drop(self, mask: np.ndarray, reason: str, details: list[str], column: str = "") -> None:
        """Move the kept rows in ``mask`` to the rejected rows with ``reason``."""
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        extra = pd.DataFrame({
            "file": self.account["file"],
            "row": self.rows[idx],
            "column": column,
            "reason": reason,
            "detail": details,
        })
        self.rejected = (
            pd.concat([self.rejected, extra], ignore_index=True)
            .sort_values("row", kind="stable")
            .reset_index(drop=True)
        )
        keep = ~mask
        for attr in ("wave_codes", "muni_codes", "func_codes", "mgmt", "rows", "values"):
            setattr(self, attr, getattr(self, attr)[keep])
        if self.source_id is not None:
            self.source_id = self.source_id.filter(pa.array(keep))
        if self.raw_index is not None:
            self.raw_index = self.raw_index[keep]
        if self.dates is not None:
            self.dates = self.dates[keep]
        self.problems = self.problems[~self.problems["row"].isin(self.rejected["row"])].reset_index(drop=True)
        self.account["rows_kept"] = self.n
        self.account["rows_rejected"] = len(self.rejected)
        self.account["cell_problems"] = len(self.problems)


def _has_repeats(arr: pa.Array) -> bool:
    """Whether some value of ``arr`` occurs more than once (a sort; faster than hashing here)."""
    valid = arr.drop_null() if arr.null_count else arr
    if len(valid) < 2:
        return False
    ordered = valid.take(pc.sort_indices(valid))
    return bool(pc.any(pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1))).as_py())


def _coded_columns(plan: ColumnPlan) -> set[int]:
    """The columns the loader interprets value by value (read dictionary-encoded)."""
    return set(plan.items.values()) | {i for f, i in plan.fields.items() if f != "respondent_id"}


class _Reasons:
    """One rejection reason per row; the first reason given wins."""

    def __init__(self, n: int) -> None:
        self.code = np.zeros(n, dtype=np.int8)  # 0: kept
        self.names: list[str] = [""]
        self.detail: dict[int, str] = {}
        self.column: dict[int, str] = {}  # the header of the column behind a row's reason

    @property
    def alive(self) -> np.ndarray:
        return self.code == 0

    def reject(self, mask: np.ndarray, why: str, lut: np.ndarray | None = None, codes: np.ndarray | None = None,
               detail: str = "", column: str = "") -> None:
        """Reject the rows of ``mask`` not rejected yet with the reason ``why``; the detail is
        ``lut[codes[row]]`` or ``detail`` (in the tool's words, never a cell's text), ``column`` the
        header of the column behind the reason."""
        new = np.flatnonzero(mask & (self.code == 0))
        if not len(new):
            return
        if column:
            self.column.update(dict.fromkeys(new.tolist(), column))
        if why not in self.names:
            self.names.append(why)
        self.code[new] = self.names.index(why)
        if lut is not None and codes is not None:
            self.detail.update(zip(new.tolist(), lut[codes[new]].tolist(), strict=True))
        elif detail:
            self.detail.update(dict.fromkeys(new.tolist(), detail))


def _interpret(
    rt: RawTable,
    col_idx: int,
    field: str,
    parse: Callable[[str], tuple[Any, str | None]],
    encode: Callable[[Any], int],
    empty_code: int,
    dtype: type[np.integer],
    cell_checks: list[tuple[int, str, np.ndarray, np.ndarray, list[str], list[str | None]]],
) -> np.ndarray:
    """Parse column ``col_idx`` once per distinct text and return one code per row
    (``empty_code`` for an empty cell); unreadable cells are noted in ``cell_checks``."""
    codes, res, _, texts = _lut(rt.columns[col_idx], parse)
    lut = np.array([encode(v) for v, _ in res] + [empty_code], dtype=dtype)
    bad = np.array([p is not None for _, p in res] + [False])[codes]
    if bad.any():
        cell_checks.append((col_idx, field, bad, codes, texts, [p for _, p in res]))
    return lut[codes]


def _constant(mp: Mapping, field: str, parse: Callable[[str], tuple[Any, str | None]], default: Any = None) -> Any:
    """The mapping file's constant for ``field``, parsed; ``default`` when there is none."""
    if field not in mp.constants:
        return default
    value, problem = parse(mp.constants[field])
    if problem:
        raise MappingError(f"{mp.source}: constants: {field}: {problem}")
    return value


def _problem_rows(name: str, rt: RawTable, col_idx: int, field: str, bad: np.ndarray, codes: np.ndarray,
                  reasons: list[str | None]) -> list[dict[str, Any]]:
    """The rows of ``problems.csv`` for the unreadable cells ``bad`` of one column: where each is and
    why (its reason by its code), never its text."""
    return [
        {"file": name, "row": int(rt.rows[i]), "column": rt.headers[col_idx], "field": field,
         "reason": reasons[codes[i]]}
        for i in np.flatnonzero(bad)
    ]


_LETTER_CODE = re.compile(r"^[A-Za-z]{1,3}\d{1,4}$")


def _merge_other(main: pa.Array, other: pa.Array) -> pa.Array:
    """A field's column with the "other (please specify)" text put in where the main cell is
    blank or says "other"."""
    m = main.dictionary_decode() if pa.types.is_dictionary(main.type) else main
    o = other.dictionary_decode() if pa.types.is_dictionary(other.type) else other
    mv, ov = m.to_pylist(), o.to_pylist()
    out = [
        (b if b and b.strip() and (not a or not a.strip() or norm(a) in OTHER_LABELS) else a)
        for a, b in zip(mv, ov, strict=True)
    ]
    return pa.array(out, type=pa.string()).dictionary_encode()


def _waves_from_stamps(rt: RawTable, stamps: list[int], mp: Mapping, why: _Reasons, where: str
                       ) -> tuple[list[str | None], np.ndarray, dict[str, Any]]:
    """Each row's wave from the time of its response: ``(labels, codes, how)``.

    With the mapping's wave periods every row gets the wave of its date; without them the
    whole file is one wave, settled by :func:`_settle_waves` once every file is read (the
    dates are kept in ``how["dates"]``).
    """
    n = rt.n_rows
    dates = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    bad_text: dict[int, str] = {}
    for j in stamps:
        # the date is the first word (a time and a zone follow it): parse each distinct day once
        col = rt.columns[j].dictionary_decode() if pa.types.is_dictionary(rt.columns[j].type) else rt.columns[j]
        day = pc.struct_field(pc.extract_regex(col, r"^\s*(?P<d>[^\sTt]+)"), "d")
        codes, _, blank, texts = _lut(day, lambda c: c)
        parsed, problems = read_dates(texts, f"{where}: column {rt.headers[j]!r}")
        lut = np.array([np.datetime64(d) if d else np.datetime64("NaT") for d in parsed] + [np.datetime64("NaT")],
                       dtype="datetime64[D]")
        col = lut[codes]
        fill = np.isnat(dates) & ~np.isnat(col)
        dates[fill] = col[fill]
        for i in np.flatnonzero(~blank & np.isnat(col)):
            bad_text.setdefault(int(i), f"the {rt.headers[j]!r} cell is not a date")
    named = ", ".join(repr(rt.headers[j]) for j in stamps)
    nat = np.isnat(dates)
    if bad_text:
        rows = np.array(sorted(bad_text), dtype=np.int64)
        unreadable = np.zeros(n, dtype=bool)
        unreadable[rows] = True
        lut = np.array([bad_text[i] for i in rows.tolist()] + [""], dtype=object)
        pos = np.full(n, len(rows), dtype=np.int64)
        pos[rows] = np.arange(len(rows))
        why.reject(nat & unreadable, "unknown wave", lut, pos, column=rt.headers[stamps[0]])
    why.reject(nat, "no wave", detail=f"no date in {named}", column=rt.headers[stamps[0]])
    how: dict[str, Any] = {"how": "timestamps", "columns": [rt.headers[j] for j in stamps]}
    periods = [w for w in mp.waves if w.start is not None]
    if periods:
        labels: list[str | None] = [w.label for w in periods]
        codes = np.full(n, -1, dtype=np.int32)
        for k, w in enumerate(periods):
            inside = (dates >= np.datetime64(w.start)) & (dates <= np.datetime64(w.end))
            codes[inside & (codes < 0)] = k
        outside = (codes < 0) & ~nat
        if outside.any():
            why.reject(outside, "unknown wave", detail="answered on a day in no wave period of the mapping file",
                       column=rt.headers[stamps[0]])
        codes[codes < 0] = 0
        how["how"] = "timestamps and the mapping's periods"
        return labels, codes, how
    how["dates"] = dates
    return [None], np.zeros(n, dtype=np.int32), how


#: days without any response that separate two rounds of one survey in one file
ROUND_GAP_DAYS = 45


def _periods(dates: np.ndarray) -> list[tuple[dt.date, dt.date, int]]:
    """The separate periods of ``dates``: runs of days with no gap of :data:`ROUND_GAP_DAYS` or
    more between responses, as ``(first, last, n)``."""
    days = np.sort(dates[~np.isnat(dates)])
    if not len(days):
        return []
    cut = np.flatnonzero(np.diff(days).astype(int) >= ROUND_GAP_DAYS) + 1
    return [(c[0].item(), c[-1].item(), len(c)) for c in np.split(days, cut)]


def _study_wave_of(period: tuple[dt.date, dt.date, int], ids: Sequence[str]) -> list[str]:
    """The study's wave ids (``YYYY-MM``) whose month falls within ``period`` (a month either
    side allowed: a round announced in late February is the March round)."""
    first, last, _ = period
    lo, hi = first.year * 12 + first.month - 2, last.year * 12 + last.month
    out = []
    for w in ids:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", w):
            if lo <= int(m.group(1)) * 12 + int(m.group(2)) - 1 <= hi:
                out.append(w)
    return out


def _settle_waves(parts: list[_FilePart], mp: Mapping) -> None:
    """Give each file whose wave comes from its timestamps alone its wave (see
    :func:`tuffkit.ingest.dates.wave_of_dates`), now that every file's waves are known.

    Files holding the same responses (overlapping downloads of one form, linked by
    :func:`_cross_file_duplicates`) are settled together. Responses that fall in two or more
    separate periods (:func:`_periods`) are two rounds: each period becomes the study's wave
    of its month when the study names one for each, and the file is refused with the periods
    found otherwise — never one wave for two rounds.
    """
    known = {w for p in parts if not (p.account.get("wave_from") or {}).get("pending")
             for w in p.wave_labels if w is not None}
    pending = [k for k, p in enumerate(parts) if (p.account.get("wave_from") or {}).get("pending")]
    group_of = {k: {k} for k in pending}
    for k in pending:
        for j in parts[k].linked:
            if j in group_of and group_of[j] is not group_of[k]:
                merged = group_of[k] | group_of[j]
                for m in merged:
                    group_of[m] = merged
    done: set[int] = set()
    for k in pending:
        if k in done:
            continue
        group = sorted(group_of[k])
        done.update(group)
        members = [parts[g] for g in group]
        for p in members:
            p.account["wave_from"].pop("pending")
        dates = np.concatenate([p.dates for p in members if p.dates is not None] or [np.zeros(0, "datetime64[D]")])
        where = " and ".join(p.account["path"] for p in members)
        periods = _periods(dates)
        if not periods:
            for p in members:
                p.wave_labels = ["?"]
            continue
        if len(periods) == 1:
            first, last, _ = periods[0]
            label, why = wave_of_dates(first, last, known, where)
            for p in members:
                p.wave_labels = [label]
                with_ = [q.account["file"] for q in members if q is not p]
                said = why + (f"; read with {', '.join(with_)}, which holds the same responses" if with_ else "")
                p.account["wave_from"].update({"wave": label, "why": said, "first": str(first), "last": str(last)})
            continue
        found = [_study_wave_of(pr, mp.study_waves) for pr in periods]
        labels = [f[0] for f in found if len(f) == 1]
        said = "; ".join(f"{a} to {b}, {n} response(s)" for a, b, n in periods)
        if len(labels) != len(periods) or len(set(labels)) != len(labels):
            raise InputFileError(
                f"{where}: the responses fall in {len(periods)} separate periods ({said}): {len(periods)} rounds "
                "in one file; name each round's wave with its dates under 'waves:' in a mapping file "
                "(- {label: ..., from: YYYY-MM-DD, to: YYYY-MM-DD}), or give the study file's waves as YYYY-MM"
            )
        for p in members:
            codes = np.zeros(len(p.dates), dtype=np.int32)
            for i, (a, b, _) in enumerate(periods):
                codes[(p.dates >= np.datetime64(a)) & (p.dates <= np.datetime64(b))] = i
            p.wave_labels, p.wave_codes = list(labels), codes
            p.account["wave_from"].update({
                "wave": " and ".join(labels), "first": str(periods[0][0]), "last": str(periods[-1][1]),
                "why": f"{len(periods)} separate periods ({said}), each the study's wave of its month"})


def _read_file(path: Path, inst: Instrument, mp: Mapping, parser: AnswerParser,
               structures: Sequence[Structure] = ()) -> list[_FilePart]:
    def plan_of(headers: list[str]) -> ColumnPlan:
        return recognise_columns(_worded(headers, structures), inst, mp)

    tables = read_raw_tables(
        path,
        score=lambda headers: plan_of(headers).header_score(),
        coded=lambda headers: _coded_columns(plan_of(headers)),
    )
    return [_read_table(rt, inst, mp, parser, several=len(tables) > 1, structures=structures) for rt in tables]


def _worded(headers: list[str], structures: Sequence[Structure]) -> list[str]:
    """The headers with LimeSurvey question codes (``kommun``, ``LFR[SQ001]``) put in words by a
    survey structure file, where one knows them."""
    if not structures:
        return headers
    out = []
    for h in headers:
        worded = next((w for st in structures if (w := st.header(h)) is not None), None)
        out.append(worded or h)
    return out


def _structure_for(headers: list[str], structures: Sequence[Structure],
                   codes: Sequence[str] | None = None) -> Structure | None:
    """The survey structure that knows the most of ``headers`` (or of the column ids ``codes``,
    Qualtrics' first header row): at least two, and at least a third of the headers (a paper
    sheet's ``Kommun`` is no reason to read it as LimeSurvey's)."""
    best, hits = None, 1
    filled = sum(1 for h in headers if h.strip())
    for st in structures:
        n = sum(st.column(h) is not None or (codes is not None and k < len(codes) and st.column(codes[k]) is not None)
                for k, h in enumerate(headers) if h.strip())
        if n > hits and 3 * n >= filled:
            best, hits = st, n
    return best


def _translate(arr: pa.Array, table: dict[str, str]) -> pa.Array:
    """``arr`` (dictionary-encoded text) with each code of ``table`` replaced by its text (codes
    compared as :func:`~tuffkit.names.norm` compares them)."""
    if not pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_encode()
    table = {norm(k): v for k, v in table.items()}
    words = [table.get(norm(t), t) if t is not None else None for t in arr.dictionary.to_pylist()]
    return pa.DictionaryArray.from_arrays(arr.indices, pa.array(words, type=pa.string()))


_FIELD_WORDS = {"municipality": "the municipality", "function": "the function",
                "in_management_group": "the management group", "wave": "the wave"}


def _field_word(fld: str, mp: Mapping) -> str:
    """A field as a message names it: the unit field (``municipality``) in the study's word."""
    return (mp.unit_word or "unit") if fld == "municipality" else fld


_ROUND_TOKEN = re.compile(r"(?<!\d)((?:19|20)\d{2}(?:-\d{2})?|(?:vt|ht|vår|höst)\s*-?\s*(?:19|20)?\d{2}|"
                          r"(?:omgång|round|wave|mätning|tillfälle|time)\s*\d{1,2}|t\d)(?!\d)", re.IGNORECASE)


def _rounds_side_by_side(headers: list[str], conflicts: list[str]) -> list[str]:
    """The round markers (``2012``, ``ht13``, ``Omgång 2``, ``T1``) of a wide file whose statements
    have a column per round, when its column clashes are those; else empty."""
    clashing = [c for c in conflicts if "both look like statement" in c]
    if not clashing or len(clashing) != len(conflicts):
        return []
    tokens: list[str] = []
    for c in clashing:
        for h in re.findall(r"'([^']*)'", c):
            for t in _ROUND_TOKEN.findall(h):
                if t.casefold() not in (x.casefold() for x in tokens):
                    tokens.append(t)
    return tokens if len(tokens) >= 2 else []


_DECIMAL = re.compile(r"^\s*-?\d+[.,]\d+\s*%?\s*$|^\s*-?\d+(?:[.,]\d+)?\s*%\s*$")


def _aggregated(columns: list[pa.Array]) -> list[str]:
    """Examples of means or shares when most of a file's statement cells hold those (a pivot of
    means, a report's table), not answers; else empty. Counted in cells: a "Medelvärde" row
    under individual answers is a summary row, rejected as such."""
    decimal_cells, filled, shown = 0, 0, []
    for col in columns:
        for item in pc.value_counts(col.dictionary_decode() if pa.types.is_dictionary(col.type) else col).to_pylist():
            t, k = item["values"], item["counts"]
            if t is None or not str(t).strip():
                continue
            filled += k
            if _DECIMAL.match(str(t)):
                decimal_cells += k
                shown.append(str(t).strip())
    return sorted(set(shown))[:3] if decimal_cells >= 5 and 2 * decimal_cells >= filled else []


def _frequent_unreadable(col: pa.Array, unreadable: Callable[[str], bool]) -> list[str]:
    """The unreadable values of a closed question's column when they are not stray words: all its
    values, or one that fills a fifth of its cells (and 3 or more). A code is never a typo."""
    counts = [(str(x["values"]).strip(), x["counts"]) for x in pc.value_counts(
        col.dictionary_decode() if pa.types.is_dictionary(col.type) else col).to_pylist()
        if x["values"] is not None and str(x["values"]).strip()]
    filled = sum(k for _, k in counts)
    bad = [(t, k) for t, k in counts if unreadable(t)]
    if bad and (len(bad) == len(counts) or any(k >= 3 and 5 * k >= filled for _, k in bad)):
        return sorted(t for t, _ in bad)
    return []


def _raw_codes(tool: str | None, rt: RawTable) -> str:
    """What kind of export of codes ``rt`` is, when its tool writes its answers as codes whose meaning
    only its codebook holds: a Qualtrics numeric export, a REDCap raw export (headed by field names),
    a KoboToolbox/ODK export of XML values (headed by field names); else ""."""
    names = {norm(h) for h in rt.headers}
    if tool == "Qualtrics" and _qualtrics_numeric(rt):
        return "numeric export"
    if tool == "REDCap" and "record_id" in names:
        return "raw export"
    if tool in ("KoboToolbox", "ODK") and any(re.fullmatch(r"[a-z0-9_]+([/-][a-z0-9_]+)+", h) for h in names):
        return "export of XML values"
    return ""


def _qualtrics_numeric(rt: RawTable) -> bool:
    """Whether a Qualtrics export holds numeric values, not choice texts: its ``Finished``
    column says 1/0 where the choice-text export says True/False."""
    ids = rt.header_codes or rt.headers
    for k, h in enumerate(ids):
        if norm(h) == "finished" and k < len(rt.columns):
            vals = {t.strip() for t in distinct_texts(rt.columns[k]) if t.strip()}
            return bool(vals) and vals <= {"0", "1"}
    return False


def _code_advice(tool: str | None) -> str:
    if tool == "LimeSurvey":
        return ("give the survey structure file (.lss or .txt from LimeSurvey's 'Export survey structure') "
                "beside the export or with --codebook, or export with 'Full answers'")
    if tool == "Qualtrics":
        return ("give the choice-text export beside this numeric one, or the survey file (.qsf, from Survey > Tools > "
                "Import/Export > Export survey) beside it or with --codebook, or export with 'Use choice text'")
    if tool == "REDCap":
        return ("give the project's Data Dictionary (Project Setup > Data Dictionary > Download) beside the export "
                "or with --codebook, or export 'CSV / Microsoft Excel (labels)'")
    if tool in ("KoboToolbox", "ODK"):
        return ("give the form (its XLSForm .xlsx) beside the export or with --codebook, or export with labels as the "
                "value and header format")
    if tool == "SurveyMonkey":
        return "export with 'Actual answer text' instead of 'Numerical value'"
    if tool == "Artologik Survey&Report":
        return "the VariableView sheet names no label for them; add them there, or under 'values:' in a mapping file"
    if tool == "SPSS":
        return ("the file has no value labels for them; add them in SPSS, or name the codes under 'values:' in a "
                "mapping file")
    return ("export the answer texts instead, or name each code under 'values:' in a mapping file (values: "
            "function: {L: management, S: support}; municipality: {\"1\": Botkyrka})")


def _read_table(rt: RawTable, inst: Instrument, mp: Mapping, parser: AnswerParser, several: bool,
                structures: Sequence[Structure] = ()) -> _FilePart:
    path = rt.path
    where = f"{path} (sheet {rt.sheet!r})" if several else str(path)
    structure = _structure_for(rt.headers, structures, rt.header_codes)
    headers = _worded(rt.headers, [structure] if structure else [])
    plan: ColumnPlan = recognise_columns(headers, inst, mp, codes=rt.header_codes)
    tool, own = detect_tool(rt.headers, rt.header_codes, rt.header_kind, rt.format)
    tool = tool or rt.tool_hint
    if structure is not None and tool is None:
        tool = structure.tool
    rt.tool = tool
    if not plan.items:
        raise NoStatementColumnsError(
            f"{where}: no recognisable statement columns among {len(headers)} (e.g. "
            + ", ".join(repr(h) for h in headers[:4]) + "); a mapping file can name them "
            "(`tuffkit inspect FILE` drafts one)"
        )
    if plan.conflicts:
        rounds = _rounds_side_by_side(headers, plan.conflicts)
        if rounds:
            raise InputFileError(
                f"{where}: the file holds several rounds side by side ({', '.join(rounds)}): each statement has a "
                "column per round; give each round as its own file (or one long table with a wave column), "
                "read with --wave or a wave column"
            )
        raise InputFileError(f"{where}: {plan.conflicts[0]}; name the right column in a mapping file")
    if shown := _aggregated([rt.columns[j] for j in plan.items.values()]):
        raise InputFileError(
            f"{where}: the statement columns hold means or shares ({', '.join(map(repr, shown))}), not answers: an "
            "aggregated table (a pivot or a report's table), not respondent data; export the individual responses"
        )
    stems = [norm(x) for x in inst.stem.values() if norm(x)]
    concepts = [(i, c) for i, c in plan.concepts if i not in own and not blank_mask(rt.columns[i]).all()
                and not any(norm(headers[i]).startswith(st) for st in stems)]
    if concepts:
        i, c = concepts[0]
        raise InputFileError(
            f"{where}: the column {headers[i]!r} looks like it is about {_FIELD_WORDS[c]} but is not "
            f"read as {c}; name it under 'columns:' in a mapping file, or list it under 'ignore:' "
            "to leave it out"
        )
    if "municipality" not in plan.fields and "municipality" not in mp.constants:
        hint = (" (the headings look like LimeSurvey question codes: give the survey structure file, "
                "or export with question texts as headings)" if tool == "LimeSurvey" else "")
        word = mp.unit_word or "unit"
        raise InputFileError(
            f"{where}: no {word} column (expected a header like Kommun/Municipality, Enhet/Unit or 'Vilken kommun "
            f"arbetar du i?'){hint}; name it under 'columns:' as municipality: or give a value under 'constants:' "
            "in a mapping file"
        )
    wave_from_stamps = "wave" not in plan.fields and "wave" not in mp.constants and bool(plan.stamps)
    if "wave" not in plan.fields and "wave" not in mp.constants and not plan.stamps:
        raise InputFileError(
            f"{where}: no wave column and no time of response (expected a header like Omgång/Wave, or a "
            "tool's Timestamp/Tidstämpel/Completion time/submitdate); give the wave with --wave, or name "
            "the column under 'columns:' in a mapping file"
        )

    # codebooks: what the codes of a column mean
    codebooks: dict[int, tuple[dict[str, str], str]] = {}
    for j in range(len(rt.headers)):
        fld = next((f for f, i in plan.fields.items() if i == j), None)
        if (m := mp.column_values(rt.headers[j], fld)) is not None:
            codebooks[j] = (m, f"the mapping file {mp.source}")
        elif j in rt.codebook:
            codebooks[j] = (rt.codebook[j], f"the codebook sheet {', '.join(map(repr, rt.codebook_sheets))}"
                            if rt.codebook_sheets and rt.tool_hint is None else "the file's value labels")
        elif structure is not None and (found := structure.column(rt.headers[j]) or (
                structure.column(rt.header_codes[j]) if rt.header_codes and j < len(rt.header_codes) else None)) \
                and found[0].answers:
            codebooks[j] = (found[0].answers, f"the survey structure {structure.path.name}")
    used_books: set[str] = set()
    if "wave" in plan.fields and plan.fields["wave"] in codebooks:  # a wave variable's value labels
        j = plan.fields["wave"]
        rt.columns[j] = _translate(rt.columns[j], {k.strip(): v for k, v in codebooks[j][0].items()})
        used_books.add(codebooks[j][1])
    for fld in ("municipality", "function", "in_management_group"):
        if fld not in plan.fields:
            continue
        j = plan.fields[fld]
        if j in codebooks:
            table, source = codebooks[j]
            rt.columns[j] = _translate(rt.columns[j], {k.strip(): v for k, v in table.items()})
            used_books.add(source)
        values = distinct_texts(rt.columns[j])
        if j in codebooks:  # a code the codebook leaves out is a code still, beside the names
            named = {norm(v) for v in codebooks[j][0].values()}
            values = [v for v in values if norm(v) not in named and code_kind([v], fld)]
        if mp.values.get(fld):  # the mapping's values: function: {L: management} say what they mean
            values = [v for v in values if norm(v) not in mp.values[fld]]
        kind = code_kind(values, fld) if not (fld == "municipality" and is_code_column(values)) else None
        if not kind and fld == "function" and values:  # "L"/"S", "stod": a code, not a stray word
            unread = _frequent_unreadable(rt.columns[j], lambda v: parse_function(v, mp)[1] is not None)
            if unread:
                kind = f"codes or words that are no function ({', '.join(map(repr, unread[:3]))})"
        if fld == "municipality" and (bad := next((w for v in values if (w := municipality_problem(v))), None)):
            raise InputFileError(f"{where}: the column {rt.headers[j]!r} ({_field_word(fld, mp)}) holds {bad}; "
                                 "correct it in the export, or name the unit for that value under 'values:' in a "
                                 "mapping file")
        if kind:
            said = (f"that {codebooks[j][1]} does not name" if j in codebooks
                    else f"not {'names' if fld == 'municipality' else 'answers'}")
            raise CodedColumnError(
                f"{where}: the column {rt.headers[j]!r} ({_field_word(fld, mp)}) holds {kind}, {said}; "
                f"{_code_advice(tool)}"
            )
    answers: dict[int, list[str]] = {}  # each statement's distinct answers, after its codebook
    for number, j in plan.items.items():
        if j in codebooks:
            table, source = codebooks[j]
            texts = answer_codes({k.strip(): v for k, v in table.items()}, parser, inst.scale.min, inst.scale.max,
                                 f"{where}: column {rt.headers[j]!r}", present=distinct_texts(rt.columns[j]),
                                 header=rt.headers[j])
            rt.columns[j] = _translate(rt.columns[j], texts)
            used_books.add(source)
        answers[number] = distinct_texts(rt.columns[j])
        kind = code_kind([t for t in answers[number] if _LETTER_CODE.match(t)], "statement")
        if kind:
            raise CodedColumnError(
                f"{where}: the column {rt.headers[j]!r} (statement {number}) holds {kind}, not answers on the "
                f"scale; {_code_advice(tool)}"
            )
    # answers a tool wrote as codes (a Qualtrics numeric export's recode values, REDCap's raw choices,
    # KoboToolbox/ODK XML values) are read only through their codebook, or a mapping's values: answers:
    mapped = set(mp.values.get("answers", {}))
    bare = [n for n, texts in answers.items() if plan.items[n] not in codebooks and texts
            and all(re.fullmatch(r"-?\d+", t.strip()) for t in texts)]
    what = _raw_codes(tool, rt)
    if what == "export of XML values":  # choice names, numbers or words: the form says what they mean
        bare = [n for n, texts in answers.items() if plan.items[n] not in codebooks and texts]
    if bare and what and not any(norm(t) in mapped for n in bare for t in answers[n]):
        j = plan.items[bare[0]]
        article = "an" if tool and tool[0] in "AEIOU" else "a"
        raise CodedColumnError(
            f"{where}: {article} {tool} {what}: the statement columns (e.g. {rt.headers[j]!r}) hold the codes of the "
            "answers, which need not run in the scale's order or direction (a scale edited after responses came "
            f"in keeps its old codes; a form may number it from the top); {_code_advice(tool)}"
        )
    # the direction of numbered labels, and answers on another scale (see tuffkit.ingest.codebook)
    plain = {number: texts for number, texts in answers.items() if plan.items[number] not in codebooks}
    reversed_items = []
    # the direction is decided once: a mapping's values: answers: for what the columns hold wins over
    # the loader's own reading of numbered labels (both would reverse the answers back)
    direction_by_mapping = bool(mapped) and any(norm(t) in mapped for texts in plain.values() for t in texts)
    try:
        titled, title_line = title_direction(rt.title, parser.labels, inst.scale.min, inst.scale.max)
    except InputFileError as exc:
        raise InputFileError(f"{where}: {exc}") from None
    if direction_by_mapping:
        own_reversal = {}
    elif titled:  # the sheet says it above its header: "Skala: 1 = Instämmer helt, 7 = Instämmer inte alls"
        own_reversal = reverse_tables(plain, parser.labels, inst.scale.min, inst.scale.max)
    else:
        own_reversal = reversed_numbering(plain, parser.labels, inst.scale.min, inst.scale.max, where)
        if own_reversal and titled is False:
            raise InputFileError(f"{where}: the line above the header says {title_line!r} but the numbered answers "
                                 "run the other way; give each answer's value under 'values: answers:' in a mapping "
                                 "file")
    for number, table in own_reversal.items():
        j = plan.items[number]
        rt.columns[j] = _translate(rt.columns[j], table)
        answers[number] = distinct_texts(rt.columns[j])
        reversed_items.append(number)
    # (what the mapping's values: answers: names is read as it says: not checked again)
    check_scale_use({n: [t for t in ts if norm(t) not in mapped] for n, ts in answers.items()}, parser,
                    inst.scale.min, inst.scale.max, where)
    for fld, j in plan.others.items():
        if fld in plan.fields and fld in ("municipality", "function"):
            main = plan.fields[fld]
            rt.columns[main] = _merge_other(rt.columns[main], rt.columns[j])

    n = rt.n_rows
    name = f"{path.name} [{rt.sheet}]" if several else path.name
    why = _Reasons(n)
    problems: list[dict[str, Any]] = []
    cell_checks: list[tuple[int, str, np.ndarray, np.ndarray, list[str], list[str | None]]] = []
    spellings: dict[str, set[str]] = {}  # a unit's name -> how this file writes it otherwise

    why.reject(rt.empty, "empty row", detail="no text in any cell")
    status = preview_column(tool, rt.headers, rt.header_codes)
    if status is not None:  # the researcher's previews and tests, and spam, are not respondents
        codes, _, _, texts = _lut(rt.columns[status], lambda c: c)
        test = np.array([norm(t) in TEST_STATUS for t in texts] + [False])
        why.reject(test[codes], "test response", detail=f"{tool} marks it a preview, test or spam response",
                   column=rt.headers[status])

    # the unit (the mapping's field ``municipality``)
    if "municipality" in plan.fields:
        mcol = plan.fields["municipality"]
        codes, names, blank, texts = _lut(rt.columns[mcol], parse_municipality)
        summary = np.array([norm(x) in SUMMARY_LABELS for x in names] + [False])
        why.reject(summary[codes], "summary row", detail="the unit cell names a total or an average, not a unit",
                   column=rt.headers[mcol])
        why.reject(blank, "no unit", detail="the unit cell is empty", column=rt.headers[mcol])
        # a negative whole number is a survey tool's code for no answer (Qualtrics' "seen but
        # unanswered" -99, -98), never the name of a unit
        tool_code = [bool(re.fullmatch(r"-\d+(\.0+)?", str(t).strip())) for t in texts]
        unknown = np.array([not norm(x) or norm(x) in NO_MUNICIPALITY or c for x, c in zip(names, tool_code,
                                                                                            strict=True)] + [False])
        said = np.array([("the unit cell holds a survey tool's code for no answer" if c
                          else "the unit cell names no unit (a placeholder such as '-' or 'Vet ej')")
                         for c in tool_code] + [""], dtype=object)
        why.reject(unknown[codes], "no unit", said, codes, column=rt.headers[mcol])
        muni_names, muni_codes = names, codes
        used = np.zeros(len(texts), dtype=bool)
        used[codes[(codes >= 0) & why.alive]] = True
        for t, x, u in zip(texts, names, used, strict=True):  # "Halmstads kommun" read as Halmstad: said
            if u and (w := written_name(t)) != x:
                spellings.setdefault(x, set()).add(w)
    else:
        muni_names, muni_codes = [parse_municipality(mp.constants["municipality"])], np.zeros(n, dtype=np.int32)

    # wave
    wave_from: dict[str, Any] | None = None
    if "wave" in plan.fields:
        wcol = plan.fields["wave"]
        codes, res, blank, texts = _lut(rt.columns[wcol], lambda c: parse_wave(c, mp))
        wave_labels = [w for w, _ in res]
        filled = [(p, t) for (_, p), t in zip(res, texts, strict=True) if t.strip()]
        if filled and not mp.waves and all(p and p.startswith("wave given as a date") for p, _ in filled):
            # a wave column of dates: read them as the tools' timestamps are read
            wave_from_stamps, plan.stamps = True, [wcol]
        elif filled and all(w is None for w, t in zip(wave_labels, texts, strict=True) if t.strip()):
            # not one wave can be read (a REDCap project's events, "baseline_arm_1"): never a guess
            shown = sorted({t.strip() for t in texts if t.strip()})
            example = ", ".join(f'"{t}": "?"' for t in shown[:4])
            raise InputFileError(
                f"{where}: the wave column {rt.headers[wcol]!r} holds no wave tuffkit can read ("
                f"{', '.join(map(repr, shown[:4]))}); name each one's wave under values: wave: in a mapping file "
                f"(wave: {{{example}}}, each ? a wave such as 2014 or 2014-10), or make them the study file's wave ids"
            )
        else:
            unknown = np.array([w is None for w in wave_labels] + [False])
            why.reject(blank, "no wave", detail="the wave cell is empty", column=rt.headers[wcol])
            why.reject(unknown[codes], "unknown wave", np.array([p or "" for _, p in res] + [""], dtype=object),
                       codes, column=rt.headers[wcol])
            wave_codes = codes
    if "wave" not in plan.fields and not wave_from_stamps:
        wave_labels, wave_codes = [_constant(mp, "wave", lambda c: parse_wave(c, mp))], np.zeros(n, dtype=np.int32)
        wave_from = {"how": "given", "wave": wave_labels[0]}
    if wave_from_stamps:
        wave_labels, wave_codes, wave_from = _waves_from_stamps(rt, plan.stamps, mp, why, where)

    # statements
    items = list(plan.items)
    values = np.zeros((n, len(items)), dtype=np.int8, order="F")  # filled column by column
    coded_parser = parser.without_numbers()
    for j, number in enumerate(items):
        values[:, j] = _interpret(
            rt, plan.items[number], f"item {number}", coded_parser if plan.items[number] in codebooks else parser,
            lambda v: v if isinstance(v, int) else 0, 0, np.int8, cell_checks,
        )
    why.reject((values > 0).sum(axis=1) == 0, "no answer to any statement",
               detail=f"the {len(items)} statement cells are empty, unreadable or a no-answer such as 'Vet ej'")

    # function and management group: an unreadable cell is a problem, never a rejection
    not_stated = FUNCTION_CODES.index("not_stated")
    if "function" in plan.fields:
        func_codes = _interpret(
            rt, plan.fields["function"], "function", lambda c: parse_function(c, mp),
            lambda f: FUNCTION_CODES.index(f or "not_stated"), not_stated, np.int8, cell_checks,
        )
    else:
        code = _constant(mp, "function", lambda c: parse_function(c, mp), "not_stated")
        func_codes = np.full(n, FUNCTION_CODES.index(code), dtype=np.int8)
    if "in_management_group" in plan.fields:
        mgmt = _interpret(
            rt, plan.fields["in_management_group"], "in_management_group", lambda c: parse_yes_no(c, mp),
            lambda v: int(v) if isinstance(v, bool) else -1, -1, np.int8, cell_checks,
        )
    else:
        v = _constant(mp, "in_management_group", lambda c: parse_yes_no(c, mp))
        mgmt = np.full(n, int(v) if isinstance(v, bool) else -1, dtype=np.int8)

    # duplicate submissions: the same respondent id twice within this file and wave
    sid_arr = rt.columns[plan.fields["respondent_id"]] if "respondent_id" in plan.fields else None
    id_per_unit = False
    if sid_arr is not None and _has_repeats(sid_arr):
        sid = sid_arr.to_pandas()
        cand = np.flatnonzero(why.alive & ~blank_mask(sid_arr))
        key = pd.DataFrame({"w": wave_codes[cand], "s": sid.iloc[cand].to_numpy(), "m": muni_codes[cand]})
        # a running number that restarts in every unit (paper forms numbered per municipality) is
        # a number within its unit, not a respondent id: repeats across units, none within one
        # (a double entry within one unit, the same answers twice, is still a double entry)
        distinct = key.assign(c=pd.util.hash_pandas_object(
            pd.DataFrame(values[cand]).assign(f=func_codes[cand], g=mgmt[cand]), index=False).to_numpy()
        ).drop_duplicates()
        id_per_unit = bool(distinct.duplicated(["w", "s"]).any()) and not distinct.duplicated(["w", "s", "m"]).any()
        by = ["w", "s", "m"] if id_per_unit else ["w", "s"]
        dmask = key.duplicated(by, keep=False).to_numpy()
        dup = cand[dmask]
        if len(dup):
            frame = pd.DataFrame(values[dup]).assign(
                w=wave_codes[dup], s=key["s"].to_numpy()[dmask], m=muni_codes[dup],
                f=func_codes[dup], g=mgmt[dup], i=dup,
            )
            content = [c for c in frame.columns if c != "i"]
            for _, g in frame.groupby(by, sort=False):
                idx = g["i"].to_numpy()
                mask = np.zeros(n, dtype=bool)
                copies = g.duplicated(subset=content, keep="first").to_numpy()
                mask[idx[copies]] = True
                firsts: dict[tuple, int] = {}
                for k, r in zip(idx, g[content].itertuples(index=False), strict=True):
                    firsts.setdefault(tuple(r), k)
                for k, r in zip(idx[copies], g[content][copies].itertuples(index=False), strict=True):
                    one = np.zeros(n, dtype=bool)
                    one[k] = True
                    why.reject(one, "duplicate submission",
                               detail=f"the same id and answers as row {rt.rows[firsts[tuple(r)]]}",
                               column=rt.headers[plan.fields["respondent_id"]])
                others = idx[~copies]
                if len(others) > 1:  # the same id with other answers: two people, or an id that is none
                    problems += [
                        {"file": name, "row": int(rt.rows[k]), "column": rt.headers[plan.fields["respondent_id"]],
                         "field": "respondent_id",
                         "reason": f"the same id as row {rt.rows[others[0]]} with other answers; both kept"}
                        for k in others[1:]
                    ]

    kept = why.alive
    if wave_from is not None and "dates" in wave_from:
        pending_dates = wave_from.pop("dates")[kept]
        wave_from.update({"pending": True, "first": str(pending_dates.min()) if len(pending_dates) else "",
                          "last": str(pending_dates.max()) if len(pending_dates) else ""})
    else:
        pending_dates = None

    # identical rows without an id column: kept, but listed as a possible double entry
    if sid_arr is None and kept.sum() > 1:
        frame = pd.DataFrame({
            j: pc.fill_null(
                (c if pa.types.is_dictionary(c.type) else c.dictionary_encode()).indices, -1
            ).to_numpy()[kept]
            for j, c in enumerate(rt.columns)
        })
        dup = frame.duplicated(keep="first").to_numpy()
        if dup.any():
            group = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
            kept_rows = rt.rows[kept]
            first_row = pd.Series(kept_rows).groupby(group).transform("first").to_numpy()
            problems += [
                {"file": name, "row": int(kept_rows[k]), "column": "", "field": "row",
                 "reason": f"identical to row {first_row[k]} in every column (possible double entry); kept"}
                for k in np.flatnonzero(dup)
            ]

    for col_idx, what, bad, codes, _, reasons in cell_checks:
        problems += _problem_rows(name, rt, col_idx, what, bad & kept, codes, reasons)

    rej_idx = np.flatnonzero(~kept)
    rejected = pd.DataFrame({
        "file": name,
        "row": rt.rows[rej_idx],
        "column": [why.column.get(int(i), "") for i in rej_idx],
        "reason": [why.names[c] for c in why.code[rej_idx]],
        "detail": [why.detail.get(int(i), "") for i in rej_idx],
    })
    if rt.invalid:
        rejected = pd.concat([
            rejected,
            pd.DataFrame({
                "file": name,
                "row": [r for r, _, _ in rt.invalid],
                "column": "",
                "reason": "malformed record",
                "detail": [d for _, d, _ in rt.invalid],
            }),
        ], ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)

    rows_in = rt.n_rows + len(rt.invalid)
    account = {
        **_file_account(rt, name, _read_as(rt)),
        "rows_in": rows_in,
        "rows_kept": int(kept.sum()),
        "rows_rejected": len(rejected),
        "cell_problems": len(problems),
        "sheets_without_statements": rt.skipped_sheets,
        "codebook_sheets": rt.codebook_sheets,
        "columns": {fld: rt.headers[i] for fld, i in plan.fields.items()},
        "items": {str(k): rt.headers[i] for k, i in plan.items.items()},
        "items_absent": [k for k in inst.item_numbers if k not in plan.items],
        "ignored_columns": [rt.headers[i] or f"(no header, column {i + 1})" for i in plan.ignored if i not in own],
        "tool_columns": [rt.headers[i] for i in sorted(own) if i in plan.ignored],
        "other_columns": {fld: rt.headers[i] for fld, i in plan.others.items()},
        "timestamp_columns": [rt.headers[i] for i in plan.stamps],
        "codebooks": sorted(used_books),
        "statements_numbered_by_code": plan.numbered_by_code,
        "statements_numbered_reversed": reversed_items,
        "wave_from": wave_from,
        "unit_spellings": {k: sorted(v) for k, v in spellings.items()},
        "id_per_unit": id_per_unit,
        "direction_by_mapping": direction_by_mapping,
        "direction_by_title": title_line if titled and reversed_items else "",
    }
    if account["rows_in"] != account["rows_kept"] + account["rows_rejected"] or rt.rows_total != (
        account["rows_above_header"] + len(rt.header_rows) + rows_in + rt.trailing_empty_rows
    ):  # pragma: no cover
        raise RuntimeError(f"row accounting failed for {path}: {account}")
    return _FilePart(
        wave_labels=wave_labels,
        wave_codes=wave_codes[kept],
        muni_names=muni_names,
        muni_codes=muni_codes[kept],
        func_codes=func_codes[kept],
        mgmt=mgmt[kept],
        rows=rt.rows[kept],
        source_id=None if sid_arr is None else sid_arr.filter(pa.array(kept)),
        values=values[kept],
        items=items,
        rejected=rejected,
        problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        account=account,
        raw=rt,
        raw_index=np.flatnonzero(kept),
        dates=pending_dates,
    )


def _read_as(rt: RawTable) -> str:
    """``read as a Microsoft Forms export (header on row 1)``: how a table was read."""
    kind = described(rt.tool, rt.format)
    if not rt.header_rows:
        return f"read as {kind} (variable labels as headers)"
    rows = rt.header_rows
    where = f"header on row {rows[0]}" if len(rows) == 1 else f"header on rows {rows[0]}–{rows[-1]}"
    return f"read as {kind} ({where})"


def _file_account(rt: RawTable, name: str, read_as: str) -> dict[str, Any]:
    """What ``ingest.json`` says of a file whatever became of its rows: where it is, how it was
    read, and the rows that are not data (above the header, the header, empty at the end)."""
    return {
        "file": name, "path": str(rt.path), "sha256": rt.sha256, "format": rt.format, "encoding": rt.encoding,
        "separator": rt.separator, "sheet": rt.sheet, "tool": rt.tool, "read_as": read_as,
        "header_row": rt.header_row, "header_rows": rt.header_rows, "rows_total": rt.rows_total,
        "rows_above_header": (rt.header_rows[0] - 1) if rt.header_rows else 0,
        "title": rt.title, "synthetic": is_synthetic(rt.title),
        "trailing_empty_rows": rt.trailing_empty_rows, "repaired_rows": rt.repaired_rows,
    }


def _wave_order(labels: Iterable[str], mp: Mapping) -> list[str]:
    if mp.waves:
        return [w.label for w in mp.waves]
    return sorted(set(labels))


def read_survey(
    paths: str | Path | Sequence[str | Path],
    instrument: str | Path | Instrument | None = None,
    mapping: str | Path | Mapping | None = None,
    *,
    codebooks: Sequence[str | Path] = (),
    wave: str | None = None,
    study: Any = None,
) -> SurveyData:
    """Read survey exports into tidy frames, accounting for every row.

    Parameters
    ----------
    paths
        One or more exports (``.xlsx``, ``.csv``, ``.sav``), or folders holding them; the
        exports of Microsoft Forms, Google Forms, SurveyMonkey, Qualtrics and LimeSurvey are
        recognised by their layout (:mod:`tuffkit.ingest.layouts`). A LimeSurvey survey
        structure (``.lss``, or its tab-separated ``.txt``) among them is read as a codebook.
    instrument
        A built-in instrument name (``"lfr19"``), an instrument file, or an
        :class:`~tuffkit.instrument.Instrument`; None: the study's, else ``lfr19``.
    mapping
        A mapping file (see :mod:`tuffkit.ingest.mapping`) for headers and codes the
        loader does not know; None: the study's, else none.
    codebooks
        More LimeSurvey survey structure files (see :mod:`tuffkit.ingest.codebook`).
    wave
        The wave of every file that has no wave column (``"2014"``); without it, such a
        file's wave comes from its timestamps (:mod:`tuffkit.ingest.dates`).
    study
        The study (:mod:`tuffkit.study`): a :class:`~tuffkit.study.Study` or a study file; None:
        a ``study.yaml`` beside the exports, when there is one; False: none. Its waves order
        the data's (a wave it does not list is an error), and it gives the instrument and the
        mapping when they are not given.

    Returns
    -------
    SurveyData
        ``responses`` (tidy long frame), ``respondents``, ``rejected``,
        ``problems`` and ``files`` (the row accounting per file).

    Raises
    ------
    InputFileError
        A path is missing, a file is unreadable or corrupt, has no recognisable
        statement columns, no unit or wave column, or is given twice.
    MappingError, InstrumentError
        The mapping or instrument file is bad.

    Examples
    --------
    >>> from tuffkit import read_survey
    >>> from tuffkit.config import RAW_DIR
    >>> data = read_survey(RAW_DIR)
    >>> data.responses.query("wave == '2012-10'").groupby("item")["value"].mean().round(2).head(2)
    item
    1    3.29
    2    3.82
    Name: value, dtype: Float64
    """
    from tuffkit.study import Study, StudyError, find_study_file, load_study

    if study is None:
        found_study = find_study_file([paths] if isinstance(paths, (str, Path)) else list(paths))
        study = load_study(found_study) if found_study else None
    elif study is False:
        study = None
    elif not isinstance(study, Study):
        study = load_study(study)
    if study is not None and instrument is not None and \
            load_instrument(instrument).id != load_instrument(study.instrument).id:
        raise StudyError(f"--instrument {instrument} is not the instrument of the {study.source} "
                         f"({study.instrument}); leave --instrument out or change the study file")
    inst = load_instrument(instrument if instrument is not None else (study.instrument if study else "lfr19"))
    mp = load_mapping(mapping if mapping is not None else (study.mapping or None if study else None))
    if study is not None and study.waves:
        mp = replace(mp, study_waves=tuple(study.wave_ids))
    if study is not None:
        mp = replace(mp, unit_word=study.unit_word("en"))
    if wave is not None:
        label, problem = parse_wave(wave, mp)
        if problem:
            raise InputFileError(f"--wave {wave!r}: {problem}")
        mp = replace(mp, constants={**mp.constants, "wave": label})
    found = expand_paths(paths, CSV_SUFFIXES + EXCEL_SUFFIXES + SAV_SUFFIXES + (".lss", ".qsf"))
    structures = [read_structure(p) for p in [*found, *map(Path, codebooks)] if is_structure_file(p)]
    files = [p for p in found if not is_structure_file(p)]
    if not files:
        raise InputFileError(f"{', '.join(map(str, found))}: survey structure files only; give the exports too")
    parser = AnswerParser(inst.scale, mp)
    parts: list[_FilePart] = []
    seen: dict[str, str] = {}
    deferred: list[tuple[Path, CodedColumnError]] = []
    for path in files:
        try:
            file_parts = _read_file(path, inst, mp, parser, structures)
        except CodedColumnError as exc:
            deferred.append((path, exc))  # perhaps a Qualtrics numeric export beside its text twin
            continue
        sha = file_parts[0].account["sha256"]
        if sha in seen:
            raise InputFileError(f"{path}: has the same content as {seen[sha]}; give each export once")
        seen[sha] = str(path)
        parts.extend(file_parts)
    for path, exc in deferred:
        twin = _numeric_twin(path, parts, inst, mp)
        if twin is None:
            raise exc
        parts.append(twin)
    _check_mapping_used(mp, parts)
    _cross_file_duplicates(parts)  # before the waves from timestamps: overlapping downloads are settled together
    _settle_waves(parts, mp)
    for p in parts:
        p.raw = p.raw_index = None
    data = _assemble(parts, inst, mp)
    if instrument is None and study is None:  # a default is a claim: the summary says it was assumed
        data.notes.append(f"instrument {inst.id} assumed: no study file beside the exports and no instrument "
                          "given; for another instrument, name it with --instrument FILE or in a study.yaml")
    return apply_study(replace(data, study=study), study) if study is not None else data


def _ids(rt: RawTable, header: str | None) -> list[str | None]:
    if header is None or header not in rt.headers:
        return []
    col = rt.columns[rt.headers.index(header)]
    return (col.dictionary_decode() if pa.types.is_dictionary(col.type) else col).to_pylist()


def _numeric_twin(path: Path, parts: list[_FilePart], inst: Instrument, mp: Mapping) -> _FilePart | None:
    """``path`` accounted as the numeric export of a Qualtrics survey whose choice-text export
    is among ``parts`` (the same response ids): every row is the same response as a row of the
    text export, which is the one read. ``None`` when no part is its twin."""
    tables = read_raw_tables(path, score=lambda h: recognise_columns(h, inst, mp).header_score())
    if len(tables) != 1:
        return None
    rt = tables[0]
    tool, _ = detect_tool(rt.headers, rt.header_codes, rt.header_kind, rt.format)
    plan = recognise_columns(rt.headers, inst, mp, codes=rt.header_codes)
    if tool != "Qualtrics" or "respondent_id" not in plan.fields:
        return None
    rt.tool = tool
    mine = _ids(rt, rt.headers[plan.fields["respondent_id"]])
    for p in parts:
        if p.raw is None or p.account.get("tool") != "Qualtrics" or p.raw.header_codes != rt.header_codes:
            continue
        theirs = _ids(p.raw, p.account["columns"].get("respondent_id"))
        if not mine or sorted(x for x in mine if x) != sorted(x for x in theirs if x):
            continue
        row_of = {sid: int(r) for sid, r in zip(theirs, p.raw.rows, strict=True) if sid}
        rejected = pd.DataFrame({
            "file": path.name,
            "row": rt.rows,
            "column": "",
            "reason": "duplicate submission",
            "detail": [f"the numeric export of the response read from the choice-text export "
                       f"{p.account['file']} row {row_of.get(sid, '?')}" if sid else "empty row" for sid in mine],
        })
        account = {
            **_file_account(rt, path.name, f"read as the numeric twin of the Qualtrics export {p.account['file']} "
                            "(its codes are read through that file's choice texts)"),
            "rows_in": rt.n_rows + len(rt.invalid), "rows_kept": 0, "rows_rejected": len(rejected),
            "cell_problems": 0, "sheets_without_statements": [], "columns": {}, "items": {}, "items_absent": [],
            "ignored_columns": [], "tool_columns": [], "other_columns": {}, "timestamp_columns": [],
            "codebooks": [], "statements_numbered_by_code": None, "statements_numbered_reversed": [],
            "wave_from": None, "twin_of": p.account["file"], "id_per_unit": False, "direction_by_title": "",
            "direction_by_mapping": False,
        }
        if rt.invalid or account["rows_in"] != len(rejected):
            return None
        empty = np.zeros(0, dtype=np.int32)
        return _FilePart(
            wave_labels=[], wave_codes=empty, muni_names=[], muni_codes=empty,
            func_codes=np.zeros(0, dtype=np.int8), mgmt=np.zeros(0, dtype=np.int8), rows=np.zeros(0, dtype=np.int64),
            source_id=None, values=np.zeros((0, 0), dtype=np.int8), items=[], rejected=rejected,
            problems=pd.DataFrame(columns=PROBLEM_COLUMNS), account=account,
        )
    return None


def _stamp_ids(p: _FilePart) -> pa.Array | None:
    """A file without an id column whose wave comes from its timestamps: each response's time as
    the tool wrote it (Google Forms' to the second) stands for its id across downloads."""
    how = p.account.get("wave_from") or {}
    if p.raw is None or not how.get("pending") or not p.account.get("timestamp_columns"):
        return None
    col = p.raw.columns[p.raw.headers.index(p.account["timestamp_columns"][0])]
    col = col.dictionary_decode() if pa.types.is_dictionary(col.type) else col
    return col.take(pa.array(p.raw_index, type=pa.int64()))


def _stamp_texts(p: _FilePart) -> list[tuple[str, ...]] | None:
    """Each kept row's times as the tool wrote them, every timestamp column (for telling one
    response edited between two downloads from two responses)."""
    if p.raw is None or not p.account.get("timestamp_columns"):
        return None
    take = pa.array(p.raw_index, type=pa.int64())
    cols = []
    for h in p.account["timestamp_columns"]:
        col = p.raw.columns[p.raw.headers.index(h)]
        col = col.dictionary_decode() if pa.types.is_dictionary(col.type) else col
        cols.append([(x or "").strip() for x in col.take(take).to_pylist()])
    return list(zip(*cols, strict=True)) if cols else None


def _cross_file_duplicates(parts: list[_FilePart]) -> None:
    """Reject a submission that an earlier file already holds (overlapping exports).

    The same respondent id in the same wave with the same answers is the same submission;
    the same id with other answers is another respondent (paper forms are numbered per
    file), kept in both files and listed as a problem. Files whose waves are still to come
    from their timestamps (downloads of one form: the first 9 responses, then the first 43)
    are compared whatever wave their dates would suggest, by the tool's response id (or, with
    none, the time of the response) and the day and content, and linked so that
    :func:`_settle_waves` gives them their waves together.
    """
    ids = {k: (p.source_id if p.source_id is not None else _stamp_ids(p)) for k, p in enumerate(parts) if p.n}
    with_ids = [k for k, a in ids.items() if a is not None]
    if len(with_ids) < 2:
        return
    frames = []
    for k in with_ids:
        p = parts[k]
        pend = bool((p.account.get("wave_from") or {}).get("pending"))
        frames.append(pd.DataFrame({
            "part": k,
            "i": np.arange(p.n),
            "wave": "(from the times)" if pend else np.array(p.wave_labels, dtype=object)[p.wave_codes],
            "sid": ids[k].cast(pa.string()).to_pandas().to_numpy(dtype=object),
            "unit": (np.array(p.muni_names, dtype=object)[p.muni_codes] if p.account.get("id_per_unit")
                     else ""),
        }))
    keys = pd.concat(frames, ignore_index=True).dropna(subset=["sid"])
    keys = keys[keys.duplicated(["wave", "sid", "unit"], keep=False)]
    if keys.empty:
        return
    drops: dict[int, dict[int, str]] = {}
    notes: dict[int, list[dict[str, Any]]] = {}
    stamps = {k: _stamp_texts(parts[k]) for k in set(keys["part"])}
    for (wave, _, _), g in keys.groupby(["wave", "sid", "unit"], sort=False):
        first = None
        for part_k, i in zip(g["part"], g["i"], strict=True):
            p = parts[part_k]
            content = (p.muni_names[p.muni_codes[i]], int(p.func_codes[i]), int(p.mgmt[i]),
                       dict(zip(p.items, p.values[i].tolist(), strict=True)),
                       str(p.dates[i]) if p.dates is not None else None)
            where = f"{p.account['file']} row {p.rows[i]}"
            if first is None:
                first = (part_k, content, where, i)
            elif part_k == first[0]:
                continue  # within one file: handled there
            elif content != first[1] and wave == "(from the times)" and p.source_id is not None and (
                    (a := stamps.get(first[0])) and (b := stamps.get(part_k))
                    and any(x and x == y for x, y in zip(a[first[3]], b[i], strict=True))):
                # one response edited between two downloads (same id, started at the same second): the
                # version of the later download (the one holding more responses) is kept
                earlier, later = ((first[0], first[3], first[2]), (part_k, i, where))
                if parts[first[0]].account["rows_in"] > p.account["rows_in"]:
                    earlier, later = later, earlier
                drops.setdefault(earlier[0], {})[earlier[1]] = (
                    f"an earlier version of the response in {later[2]}, edited before that download (kept)")
                p.linked.add(first[0])
                parts[first[0]].linked.add(part_k)
            elif content == first[1]:
                said = "id" if parts[part_k].source_id is not None else "time"
                drops.setdefault(part_k, {})[i] = f"the same {said} and answers as {first[2]}"
                p.linked.add(first[0])
                parts[first[0]].linked.add(part_k)
            elif wave != "(from the times)" and p.source_id is not None:  # rounds of one form restart its ids
                notes.setdefault(part_k, []).append({
                    "file": p.account["file"], "row": int(p.rows[i]), "column": "", "field": "respondent_id",
                    "reason": f"the same id as {first[2]} with other answers; both kept",
                })
    for part_k, rows in drops.items():
        p = parts[part_k]
        mask = np.zeros(p.n, dtype=bool)
        mask[list(rows)] = True
        p.drop(mask, "duplicate submission", [rows[i] for i in sorted(rows)])
    for part_k, extra in notes.items():
        p = parts[part_k]
        p.problems = pd.concat([p.problems, pd.DataFrame(extra, columns=PROBLEM_COLUMNS)], ignore_index=True)
        p.account["cell_problems"] = len(p.problems)


def _check_mapping_used(mp: Mapping, parts: list[_FilePart]) -> None:
    used_fields = {fld for p in parts for fld in p.account["columns"]}
    used_items = {int(k) for p in parts for k in p.account["items"]}
    for fld, header in mp.columns.items():
        if fld == "timestamp":
            if not any(norm(header) in map(norm, p.account.get("timestamp_columns", [])) for p in parts):
                raise MappingError(f"{mp.source}: column {header!r} for timestamp is in none of the files")
            continue
        if fld not in used_fields or not any(
            norm(p.account["columns"].get(fld, "")) == norm(header) for p in parts
        ):
            raise MappingError(f"{mp.source}: column {header!r} for {fld} is in none of the files")
    for number, header in mp.items.items():
        if number not in used_items:
            raise MappingError(f"{mp.source}: column {header!r} for statement {number} is in none of the files")


def _join(pieces: list[np.ndarray]) -> np.ndarray:
    """Concatenate, without a copy when there is one piece."""
    return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)


def _code_dtype(n_categories: int) -> type[np.signedinteger]:
    """The integer type pandas uses for the codes of a categorical with ``n_categories``."""
    for t in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(t).max:
            return t
    return np.int64


def _units(parts: list[_FilePart], word: str = "unit") -> tuple[list[str], dict[str, int], list[str]]:
    """The units in Swedish order, each spelling's position, and notes on merged spellings (a unit
    called ``word``, the study's word).

    Names that differ only in case (``Ronneby``, ``RONNEBY``) are one unit, under its
    most common spelling.
    """
    counts: dict[str, int] = {}
    written: dict[str, set[str]] = {}
    for p in parts:
        for c, k in enumerate(np.bincount(p.muni_codes, minlength=len(p.muni_names))):
            if k:
                counts[p.muni_names[c]] = counts.get(p.muni_names[c], 0) + int(k)
        for name, forms in (p.account.get("unit_spellings") or {}).items():
            written.setdefault(name, set()).update(forms)
    by_key: dict[str, list[str]] = {}
    for name in counts:
        by_key.setdefault(name.casefold(), []).append(name)
    canonical = {}
    notes = []
    for spellings in by_key.values():
        best = sorted(spellings, key=lambda x: (-counts[x], x))[0]
        canonical.update(dict.fromkeys(spellings, best))
        forms = ({x for x in spellings if x != best} | {f for x in spellings for f in written.get(x, ())}) - {best}
        if forms:
            others = ", ".join(repr(x) for x in sorted(forms))
            notes.append(f"{word} {best!r} also written {others}; counted as one")
    munis = sorted(set(canonical.values()), key=swedish_sort_key)
    index = {m: i for i, m in enumerate(munis)}
    return munis, {name: index[c] for name, c in canonical.items()}, notes


def _assemble(parts: list[_FilePart], inst: Instrument, mp: Mapping) -> SurveyData:
    used_waves = {p.wave_labels[c] for p in parts for c in np.unique(p.wave_codes)}
    waves = _wave_order(used_waves, mp)
    munis, muni_pos, notes = _units(parts, mp.unit_word or "unit")
    wave_pos = {w: i for i, w in enumerate(waves)}

    def recode(codes: np.ndarray, labels: list[Any], pos: dict[Any, int]) -> np.ndarray:
        lut = np.array([pos.get(x, -1) for x in labels] + [-1], dtype=np.int32)
        return lut[codes]

    names = [p.account["file"] for p in parts]
    if len(set(names)) < len(names):
        names = [p.account["path"] for p in parts]
    n_total = sum(p.n for p in parts)
    ids = np.arange(1, n_total + 1, dtype=np.int32)
    # codes in the dtype pandas keeps for them, so that the long frame needs no second copy
    wave = np.concatenate([recode(p.wave_codes, p.wave_labels, wave_pos) for p in parts]).astype(
        _code_dtype(len(waves)))
    muni = np.concatenate([recode(p.muni_codes, p.muni_names, muni_pos) for p in parts]).astype(
        _code_dtype(len(munis)))
    func = np.concatenate([p.func_codes for p in parts])
    mgmt = np.concatenate([p.mgmt for p in parts])
    source_id = pa.concat_arrays([
        p.source_id.cast(pa.string()) if p.source_id is not None else pa.nulls(p.n, pa.string()) for p in parts
    ])
    resp = pd.DataFrame({
        "respondent_id": ids,
        "wave": pd.Categorical.from_codes(wave, categories=waves, ordered=True),
        "unit": pd.Categorical.from_codes(muni, categories=munis),
        "function": pd.Categorical.from_codes(func, categories=list(FUNCTION_CODES)),
        "in_management_group": pd.arrays.BooleanArray(mgmt == 1, mgmt < 0),
        "source_file": pd.Categorical.from_codes(
            np.repeat(np.arange(len(parts), dtype=np.int32), [p.n for p in parts]), categories=names
        ),
        "source_row": np.concatenate([p.rows for p in parts]).astype(np.int64),
        "source_id": source_id.to_pandas(),
    })

    # the long frame: one row per respondent and statement present in its file
    bounds = np.cumsum([0] + [p.n for p in parts])

    def spread(x: np.ndarray) -> np.ndarray:
        """Repeat each respondent's value once per statement of its file."""
        pieces = [
            np.broadcast_to(x[a:b, None], (b - a, len(p.items))).reshape(-1)
            for p, a, b in zip(parts, bounds[:-1], bounds[1:], strict=True)
        ]
        return _join(pieces)

    values = _join([np.ascontiguousarray(p.values).reshape(-1) for p in parts])
    responses = pd.DataFrame(copy=False, data={
        "respondent_id": spread(ids),
        "wave": pd.Categorical.from_codes(spread(wave), categories=waves, ordered=True),
        "unit": pd.Categorical.from_codes(spread(muni), categories=munis),
        "function": pd.Categorical.from_codes(spread(func), categories=list(FUNCTION_CODES)),
        "in_management_group": pd.arrays.BooleanArray(spread(mgmt == 1), spread(mgmt < 0)),
        "item": _join([
            np.broadcast_to(np.asarray(p.items, dtype=np.int16), (p.n, len(p.items))).reshape(-1) for p in parts
        ]),
        "value": pd.arrays.IntegerArray(values, values == 0),
    })
    validate_respondents(resp)
    validate_responses(responses, inst, depth="structure")

    rejected = pd.concat([p.rejected for p in parts], ignore_index=True).reindex(columns=REJECTED_COLUMNS)
    problems = pd.concat(
        [p.problems for p in parts if len(p.problems)] or [pd.DataFrame(columns=PROBLEM_COLUMNS)],
        ignore_index=True,
    )
    problems = problems.sort_values(["file", "row"], kind="stable").reset_index(drop=True)
    files = pd.DataFrame([p.account for p in parts])
    data = SurveyData(
        responses=responses,
        respondents=resp,
        rejected=rejected,
        problems=problems,
        files=files,
        instrument=inst,
        mapping=mp,
        notes=notes,
    )
    return data


def apply_study(data: SurveyData, study: Any) -> SurveyData:
    """``data`` with its waves in the order of ``study`` (a :class:`tuffkit.study.Study`);
    a wave in the data that the study does not list, or a unit of its focus group that the data
    does not have, is an error naming it (and the files, or the close matches).

    Examples
    --------
    >>> from tuffkit.config import RAW_DIR
    >>> from tuffkit.study import load_study
    >>> d = apply_study(read_survey(RAW_DIR), load_study(RAW_DIR / "study.yaml"))
    >>> list(d.responses["wave"].cat.categories)
    ['2012-10', '2013-05', '2014']
    """
    from tuffkit.study import StudyError

    order = study.wave_ids
    present = [str(w) for w in data.responses["wave"].cat.categories if (data.responses["wave"] == w).any()]
    extra = [w for w in present if w not in order] if order else []
    if extra:
        rs = data.respondents
        files = rs.loc[rs["wave"].astype(str) == extra[0], "source_file"].astype(str).unique()
        raise StudyError(f"{', '.join(sorted(files)[:3])}: wave {extra[0]!r} is not among the waves of the "
                         f"{study.source} ({', '.join(order)}); add it there, or name the data's waves as the study "
                         "does (a wave column's text as the study's id, or a mapping file's waves:)")

    units = [str(u) for u in data.responses["unit"].astype(str).unique()]
    for u in study.focus:  # every unit of the focus group must be in the data (a typo would shrink it silently)
        find_name(u, units, what=f"unit of the focus group of the {study.source}", where="the data")

    def reorder(frame: pd.DataFrame) -> pd.DataFrame:
        if not order or "wave" not in frame or not isinstance(frame["wave"].dtype, pd.CategoricalDtype):
            return frame
        w = frame["wave"].astype(str).where(frame["wave"].notna())
        return frame.assign(wave=pd.Categorical(w, categories=order, ordered=True))

    return replace(data, responses=reorder(data.responses), respondents=reorder(data.respondents))


def _checked_invited(study: Any, responses: pd.DataFrame) -> pd.DataFrame | None:
    """The study's invited counts read and checked against the data (``attrs["check"]``: the file
    and the units and waves it names that the data has not, and the reverse); None without."""
    from tuffkit.ingest.invited import read_invited

    if not study.invited:
        return None
    inv = read_invited(study.invited, study.unit_words())
    units = sorted(str(u) for u in responses["unit"].dropna().unique()) if len(responses) else []
    waves = [str(w) for w in responses["wave"].cat.categories] if len(responses) else []
    known = {u.casefold(): u for u in units}
    inv["unit"] = [known.get(u.casefold(), u) for u in inv["unit"]]  # spelt as the data spells it
    inv.attrs["check"] = {
        "file": Path(study.invited).name, "rows": len(inv),
        "units_not_in_data": sorted(set(inv["unit"]) - set(units)),
        "waves_not_in_data": sorted(set(inv["wave"]) - set(waves)),
        "units_without_counts": sorted(set(units) - set(inv["unit"])),
    }
    return inv


def write_ingest(data: SurveyData, out: str | Path = PROCESSED_DIR, study: Any = None) -> dict[str, Any]:
    """Write ``survey.parquet``, ``respondents.parquet``, ``rejected.csv``,
    ``problems.csv``, ``ingest.json``, the instrument (``instrument.yaml``) and the study
    (``study.json``, :mod:`tuffkit.study`) into ``out``; return the ``ingest.json`` content.
    ``study``: a :class:`tuffkit.study.Study`; None: the one the data was read with, else the
    default study of the instrument and the data's waves.

    The CSV files are semicolon-separated UTF-8 with a byte-order mark, so that
    Excel with Swedish settings opens them with å, ä and ö intact. Every file is
    written to a temporary name and renamed, so an interrupted run leaves no
    half-written output.
    """
    f = data.files
    record = {
        "instrument": data.instrument.id,
        "mapping": data.mapping.source or None,
        "files": json.loads(f.to_json(orient="records", force_ascii=False)),
        "total": {
            "files": len(f),
            "rows_in": int(f.rows_in.sum()),
            "rows_kept": int(f.rows_kept.sum()),
            "rows_rejected": int(f.rows_rejected.sum()),
            "cell_problems": len(data.problems),
            "respondents": len(data.respondents),
            "responses": len(data.responses),
        },
        "notes": data.notes,
        "rejected_by_reason": {k: int(v) for k, v in data.rejected["reason"].value_counts().sort_index().items()},
        "respondents_by_wave_function": [
            {"wave": str(r.wave), "function": str(r.function), "n": int(r.n)}
            for r in data.counts().itertuples()
        ],
    }
    from tuffkit.study import default_study, write_study

    study = study if study is not None else data.study
    if study is not None:
        data = apply_study(data, study)
    waves = [str(w) for w in data.responses["wave"].cat.categories] if len(data.responses) else []
    study = study.with_waves(waves) if study is not None else default_study(data.instrument, waves)
    frames = {"survey.parquet": data.responses, "respondents.parquet": data.respondents,
              "rejected.csv": data.rejected, "problems.csv": data.problems}
    invited = _checked_invited(study, data.responses)
    if invited is not None:
        record["invited"] = invited.attrs["check"]
        study = replace(study, invited="invited.csv")  # the copy below: the folder carries it
    full = write_outputs(out, frames, "ingest.json", {**record, "study": study.id})
    try:
        text = yaml.safe_dump(data.instrument.as_dict(), allow_unicode=True, sort_keys=False)
        (Path(out) / "instrument.yaml").write_text(text, encoding="utf-8")
        if invited is not None:
            invited.to_csv(Path(out) / "invited.csv", sep=";", index=False, encoding="utf-8-sig")
            full["outputs"] = [*full.get("outputs", []), "invited.csv"]
        elif (Path(out) / "invited.csv").exists():  # an earlier ingest's counts are not this study's
            (Path(out) / "invited.csv").unlink()
        write_study(study, out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the outputs ({exc.strerror or exc})") from None
    return full
