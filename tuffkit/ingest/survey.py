"""Loading survey exports into tidy frames, accounting for every row.

:func:`read_survey` reads CSV and XLSX exports as they come (see
:mod:`tuffkit.ingest.rawtable`), recognises the columns (see :mod:`tuffkit.ingest.mapping`)
and returns a :class:`SurveyData` with

``responses``
    the tidy long frame: one row per respondent and statement, with the
    canonical columns ``respondent_id, wave, municipality, function,
    in_management_group, item, value`` (schema in :mod:`tuffkit.ingest.schemas`);
``respondents``
    one row per kept respondent, with where it came from
    (``source_file, source_row, source_id``);
``rejected``
    every row that was not kept, with ``file, row, reason, detail, content``;
``problems``
    every cell that was set to missing because it could not be read, with
    ``file, row, column, field, value, reason``;
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

Rows are rejected, with one reason each, in this order: a record that does not
split into the header's columns; an empty row; a summary row (``Totalt``,
``Medelvärde``... in the municipality column); no municipality (blank, or a
placeholder such as ``-``, ``?``, ``Vet ej``, ``Ej angivet``); no or an unknown
wave; no answer to any statement; a duplicate submission. A duplicate is the same
respondent id in the same wave: within one file identical copies keep the first
and conflicting copies are all rejected; across files (overlapping exports) a
copy with the same answers is rejected in the later file, and one with other
answers is kept and listed as a problem (paper forms are numbered per file).
Entirely empty rows at the end of a file are not data rows; their number is
reported as ``trailing_empty_rows``. Municipality names that differ only in case
are one municipality, under the most common spelling (listed in ``notes``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tuffkit.config import PROCESSED_DIR
from tuffkit.errors import InputFileError, MappingError
from tuffkit.ingest.cells import AnswerParser, parse_function, parse_municipality, parse_wave, parse_yes_no
from tuffkit.ingest.files import expand_paths, write_outputs
from tuffkit.ingest.mapping import ColumnPlan, Mapping, load_mapping, recognise_columns
from tuffkit.ingest.rawtable import RawTable, blank_mask, read_raw_tables
from tuffkit.ingest.schemas import validate_respondents, validate_responses
from tuffkit.ingest.vocab import NO_MUNICIPALITY, SUMMARY_LABELS, is_synthetic
from tuffkit.instrument import Instrument, load_instrument
from tuffkit.names import norm, swedish_sort_key
from tuffkit.tidy import FUNCTION_CODES, PROBLEM_COLUMNS, REJECTED_COLUMNS

__all__ = ["SurveyData", "read_survey", "write_ingest", "write_outputs", "expand_paths"]



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

    def summary(self) -> str:
        """A short text summary: rows in/kept/rejected, respondents per wave and function."""
        f = self.files
        lines = [
            f"Read {len(f)} file(s) with instrument {self.instrument.id}: "
            f"{int(f.rows_in.sum())} rows in, {int(f.rows_kept.sum())} kept, "
            f"{int(f.rows_rejected.sum())} rejected; {len(self.problems)} cell(s) set to missing "
            "as unreadable.",
            "",
        ]
        for _, row in f.iterrows():
            lines.append(
                f"  {row.file}: {row.rows_in} in, {row.rows_kept} kept, {row.rows_rejected} rejected, "
                f"{row.cell_problems} cell problem(s)"
            )
        if len(self.respondents):
            table = self.counts().pivot(index="wave", columns="function", values="n").fillna(0).astype(int)
            table = table.reindex(columns=list(FUNCTION_CODES), fill_value=0)
            table["total"] = table.sum(axis=1)
            table.columns.name = None
            lines += ["", "Respondents per wave and function:", table.to_string()]
        else:
            lines += ["", "No respondent was kept."]
        if len(self.rejected):
            lines += ["", "Rejected rows by reason:"]
            for reason, n in self.rejected["reason"].value_counts().sort_index().items():
                lines.append(f"  {reason}: {n}")
        lines += self.warnings()
        return "\n".join(lines)

    def warnings(self) -> list[str]:
        """Lines on what was read differently from a complete export: columns not used,
        statements or metadata absent, sheets without statements, merged spellings."""
        out = []
        for _, row in self.files.iterrows():
            if row.ignored_columns:
                out.append(f"  {row.file}: columns not used: {', '.join(map(repr, row.ignored_columns))}")
            if row.items_absent:
                out.append(f"  {row.file}: no column for statement(s) {', '.join(map(str, row.items_absent))}")
            missing = [f for f in ("function", "in_management_group") if f not in row.columns]
            if missing:
                out.append(f"  {row.file}: no column for {' or '.join(missing)} (everyone counted as not stated)")
            if row.get("sheets_without_statements"):
                sheets = ", ".join(map(repr, row.sheets_without_statements))
                out.append(f"  {row.file}: sheet(s) without statement columns, not read: {sheets}")
        out += [f"  {note}" for note in self.notes]
        return ["", "Check these (a mapping file can name columns the loader does not know):", *out] if out else []


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

    @property
    def n(self) -> int:
        return len(self.rows)

    def drop(self, mask: np.ndarray, reason: str, details: list[str]) -> None:
        """Move the kept rows in ``mask`` to the rejected rows with ``reason``."""
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        extra = pd.DataFrame({
            "file": self.account["file"],
            "row": self.rows[idx],
            "reason": reason,
            "detail": details,
            "content": _content(self.raw, self.raw_index[idx]) if self.raw is not None else "",
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
        self.problems = self.problems[~self.problems["row"].isin(self.rejected["row"])].reset_index(drop=True)
        self.account["rows_kept"] = self.n
        self.account["rows_rejected"] = len(self.rejected)
        self.account["cell_problems"] = len(self.problems)


def _content(rt: RawTable, idx: np.ndarray) -> list[str]:
    """The raw cells of data rows ``idx`` as ``header=value | ...`` (for the rejected list)."""
    if len(idx) == 0:
        return []
    take = pa.array(idx, type=pa.int64())
    cells = [(h or "?", col.take(take).to_pylist()) for h, col in zip(rt.headers, rt.columns, strict=True)]
    return [
        " | ".join(f"{h}={vals[k]}" for h, vals in cells if isinstance(vals[k], str) and vals[k].strip())
        for k in range(len(idx))
    ]


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

    @property
    def alive(self) -> np.ndarray:
        return self.code == 0

    def reject(self, mask: np.ndarray, why: str, lut: np.ndarray | None = None, codes: np.ndarray | None = None,
               detail: str = "") -> None:
        new = np.flatnonzero(mask & (self.code == 0))
        if not len(new):
            return
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
                  texts: list[str], reasons: list[str | None]) -> list[dict[str, Any]]:
    return [
        {"file": name, "row": int(rt.rows[i]), "column": rt.headers[col_idx], "field": field,
         "value": texts[codes[i]], "reason": reasons[codes[i]]}
        for i in np.flatnonzero(bad)
    ]


def _read_file(path: Path, inst: Instrument, mp: Mapping, parser: AnswerParser) -> list[_FilePart]:
    tables = read_raw_tables(
        path,
        score=lambda headers: recognise_columns(headers, inst, mp).header_score(),
        coded=lambda headers: _coded_columns(recognise_columns(headers, inst, mp)),
    )
    return [_read_table(rt, inst, mp, parser, several=len(tables) > 1) for rt in tables]


def _read_table(rt: RawTable, inst: Instrument, mp: Mapping, parser: AnswerParser, several: bool) -> _FilePart:
    path = rt.path
    where = f"{path} (sheet {rt.sheet!r})" if several else str(path)
    plan: ColumnPlan = recognise_columns(rt.headers, inst, mp)
    if plan.conflicts:
        raise InputFileError(f"{where}: {plan.conflicts[0]}; name the right column in a mapping file")
    for fld in ("municipality", "wave"):
        if fld not in plan.fields and fld not in mp.constants:
            known = {"municipality": "Kommun/Municipality", "wave": "Omgång/Wave/Datum"}[fld]
            raise InputFileError(
                f"{where}: no {fld} column (expected a header like {known}); name it under "
                f"'columns:' or give a value under 'constants:' in a mapping file"
            )
    n = rt.n_rows
    name = f"{path.name} [{rt.sheet}]" if several else path.name
    why = _Reasons(n)
    problems: list[dict[str, Any]] = []
    cell_checks: list[tuple[int, str, np.ndarray, np.ndarray, list[str], list[str | None]]] = []

    why.reject(rt.empty, "empty row")

    # municipality
    if "municipality" in plan.fields:
        codes, names, blank, texts = _lut(rt.columns[plan.fields["municipality"]], parse_municipality)
        summary = np.array([norm(x) in SUMMARY_LABELS for x in names] + [False])
        why.reject(summary[codes], "summary row", np.array(names + [""], dtype=object), codes)
        why.reject(blank, "no municipality")
        unknown = np.array([not norm(x) or norm(x) in NO_MUNICIPALITY for x in names] + [False])
        said = np.array([f"the municipality cell says {t.strip()!r}" for t in texts] + [""], dtype=object)
        why.reject(unknown[codes], "no municipality", said, codes)
        muni_names, muni_codes = names, codes
    else:
        muni_names, muni_codes = [parse_municipality(mp.constants["municipality"])], np.zeros(n, dtype=np.int32)

    # wave
    if "wave" in plan.fields:
        codes, res, blank, texts = _lut(rt.columns[plan.fields["wave"]], lambda c: parse_wave(c, mp))
        wave_labels = [w for w, _ in res]
        if res and not mp.waves and all(
            p and p.startswith("wave given as a date") for (_, p), t in zip(res, texts, strict=True) if t.strip()
        ):
            header = rt.headers[plan.fields["wave"]]
            raise InputFileError(
                f"{where}: the wave column {header!r} holds dates, and a date alone does not say which "
                "wave it is; list the waves with their periods under 'waves:' in a mapping file "
                "(see docs/mapping-example.yaml)"
            )
        unknown = np.array([w is None for w in wave_labels] + [False])
        why.reject(blank, "no wave")
        why.reject(unknown[codes], "unknown wave", np.array([p or "" for _, p in res] + [""], dtype=object), codes)
        wave_codes = codes
    else:
        wave_labels, wave_codes = [_constant(mp, "wave", lambda c: parse_wave(c, mp))], np.zeros(n, dtype=np.int32)

    # statements
    items = list(plan.items)
    values = np.zeros((n, len(items)), dtype=np.int8, order="F")  # filled column by column
    for j, number in enumerate(items):
        values[:, j] = _interpret(
            rt, plan.items[number], f"item {number}", parser,
            lambda v: v if isinstance(v, int) else 0, 0, np.int8, cell_checks,
        )
    why.reject((values > 0).sum(axis=1) == 0, "no answer to any statement")

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
    if sid_arr is not None and _has_repeats(sid_arr):
        sid = sid_arr.to_pandas()
        cand = np.flatnonzero(why.alive & ~blank_mask(sid_arr))
        key = pd.DataFrame({"w": wave_codes[cand], "s": sid.iloc[cand].to_numpy()})
        dmask = key.duplicated(keep=False).to_numpy()
        dup = cand[dmask]
        if len(dup):
            frame = pd.DataFrame(values[dup]).assign(
                w=wave_codes[dup], s=key["s"].to_numpy()[dmask], m=muni_codes[dup],
                f=func_codes[dup], g=mgmt[dup], i=dup,
            )
            content = [c for c in frame.columns if c != "i"]
            for (_, s), g in frame.groupby(["w", "s"], sort=False):
                idx = g["i"].to_numpy()
                mask = np.zeros(n, dtype=bool)
                if len(g.drop_duplicates(subset=content)) == 1:
                    mask[idx[1:]] = True
                    why.reject(mask, "duplicate submission",
                               detail=f"same id {s!r} and answers as row {rt.rows[idx[0]]}")
                else:
                    mask[idx] = True
                    rows_text = ", ".join(str(rt.rows[i]) for i in idx)
                    why.reject(mask, "conflicting submissions",
                               detail=f"id {s!r} on rows {rows_text} with different answers")

    kept = why.alive

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
                {"file": name, "row": int(kept_rows[k]), "column": "", "field": "row", "value": "",
                 "reason": f"identical to row {first_row[k]} in every column (possible double entry); kept"}
                for k in np.flatnonzero(dup)
            ]

    for col_idx, what, bad, codes, texts, reasons in cell_checks:
        problems += _problem_rows(name, rt, col_idx, what, bad & kept, codes, texts, reasons)

    rej_idx = np.flatnonzero(~kept)
    rejected = pd.DataFrame({
        "file": name,
        "row": rt.rows[rej_idx],
        "reason": [why.names[c] for c in why.code[rej_idx]],
        "detail": [why.detail.get(int(i), "") for i in rej_idx],
        "content": _content(rt, rej_idx),
    })
    if rt.invalid:
        rejected = pd.concat([
            rejected,
            pd.DataFrame({
                "file": name,
                "row": [r for r, _, _ in rt.invalid],
                "reason": "malformed record",
                "detail": [d for _, d, _ in rt.invalid],
                "content": [t for _, _, t in rt.invalid],
            }),
        ], ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)

    rows_in = rt.n_rows + len(rt.invalid)
    account = {
        "file": name,
        "path": str(path),
        "sha256": rt.sha256,
        "format": rt.format,
        "encoding": rt.encoding,
        "separator": rt.separator,
        "sheet": rt.sheet,
        "header_row": rt.header_row,
        "title": rt.title,
        "synthetic": is_synthetic(rt.title),
        "rows_in": rows_in,
        "rows_kept": int(kept.sum()),
        "rows_rejected": len(rejected),
        "cell_problems": len(problems),
        "trailing_empty_rows": rt.trailing_empty_rows,
        "repaired_rows": rt.repaired_rows,
        "sheets_without_statements": rt.skipped_sheets,
        "columns": {fld: rt.headers[i] for fld, i in plan.fields.items()},
        "items": {str(k): rt.headers[i] for k, i in plan.items.items()},
        "items_absent": [k for k in inst.item_numbers if k not in plan.items],
        "ignored_columns": [rt.headers[i] or f"(no header, column {i + 1})" for i in plan.ignored],
    }
    if account["rows_in"] != account["rows_kept"] + account["rows_rejected"]:  # pragma: no cover
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
    )


def _wave_order(labels: Iterable[str], mp: Mapping) -> list[str]:
    if mp.waves:
        return [w.label for w in mp.waves]
    return sorted(set(labels))


def read_survey(

    paths: str | Path | Sequence[str | Path],
    instrument: str | Path | Instrument = "lfr19",
    mapping: str | Path | Mapping | None = None,
) -> SurveyData:
    """Read survey exports into tidy frames, accounting for every row.

    Parameters
    ----------
    paths
        One or more ``.xlsx``/``.csv`` files, or folders holding them.
    instrument
        A built-in instrument name (``"lfr19"``), an instrument file, or an
        :class:`~tuffkit.instrument.Instrument`.
    mapping
        A mapping file (see :mod:`tuffkit.ingest.mapping`) for headers and codes the
        loader does not know, or ``None``.

    Returns
    -------
    SurveyData
        ``responses`` (tidy long frame), ``respondents``, ``rejected``,
        ``problems`` and ``files`` (the row accounting per file).

    Raises
    ------
    InputFileError
        A path is missing, a file is unreadable or corrupt, has no recognisable
        statement columns, no municipality or wave column, or is given twice.
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
    inst = load_instrument(instrument)
    mp = load_mapping(mapping)
    files = expand_paths(paths)
    parser = AnswerParser(inst.scale, mp)
    parts: list[_FilePart] = []
    seen: dict[str, str] = {}
    for path in files:
        file_parts = _read_file(path, inst, mp, parser)
        sha = file_parts[0].account["sha256"]
        if sha in seen:
            raise InputFileError(f"{path}: has the same content as {seen[sha]}; give each export once")
        seen[sha] = str(path)
        parts.extend(file_parts)
    _check_mapping_used(mp, parts)
    _cross_file_duplicates(parts)
    for p in parts:
        p.raw = p.raw_index = None
    return _assemble(parts, inst, mp)


def _cross_file_duplicates(parts: list[_FilePart]) -> None:
    """Reject a submission that an earlier file already holds (overlapping exports).

    The same respondent id in the same wave with the same answers is the same submission;
    the same id with other answers is another respondent (paper forms are numbered per
    file), kept in both files and listed as a problem.
    """
    with_ids = [k for k, p in enumerate(parts) if p.source_id is not None and p.n]
    if len(with_ids) < 2:
        return
    frames = []
    for k in with_ids:
        p = parts[k]
        frames.append(pd.DataFrame({
            "part": k,
            "i": np.arange(p.n),
            "wave": np.array(p.wave_labels, dtype=object)[p.wave_codes],
            "sid": p.source_id.to_pandas().to_numpy(dtype=object),
        }))
    keys = pd.concat(frames, ignore_index=True).dropna(subset=["sid"])
    keys = keys[keys.duplicated(["wave", "sid"], keep=False)]
    if keys.empty:
        return
    drops: dict[int, dict[int, str]] = {}
    notes: dict[int, list[dict[str, Any]]] = {}
    for (_, sid), g in keys.groupby(["wave", "sid"], sort=False):
        first = None
        for part_k, i in zip(g["part"], g["i"], strict=True):
            p = parts[part_k]
            content = (p.muni_names[p.muni_codes[i]], int(p.func_codes[i]), int(p.mgmt[i]),
                       dict(zip(p.items, p.values[i].tolist(), strict=True)))
            where = f"{p.account['file']} row {p.rows[i]}"
            if first is None:
                first = (part_k, content, where)
            elif part_k == first[0]:
                continue  # within one file: handled there
            elif content == first[1]:
                drops.setdefault(part_k, {})[i] = f"same id {sid!r} and answers as {first[2]}"
            else:
                notes.setdefault(part_k, []).append({
                    "file": p.account["file"], "row": int(p.rows[i]), "column": "", "field": "respondent_id",
                    "value": str(sid), "reason": f"the same id as {first[2]} with other answers; both kept",
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


def _municipalities(parts: list[_FilePart]) -> tuple[list[str], dict[str, int], list[str]]:
    """The municipalities in Swedish order, each spelling's position, and notes on merged spellings.

    Names that differ only in case (``Ronneby``, ``RONNEBY``) are one municipality, under its
    most common spelling.
    """
    counts: dict[str, int] = {}
    for p in parts:
        for c, k in enumerate(np.bincount(p.muni_codes, minlength=len(p.muni_names))):
            if k:
                counts[p.muni_names[c]] = counts.get(p.muni_names[c], 0) + int(k)
    by_key: dict[str, list[str]] = {}
    for name in counts:
        by_key.setdefault(name.casefold(), []).append(name)
    canonical = {}
    notes = []
    for spellings in by_key.values():
        best = sorted(spellings, key=lambda x: (-counts[x], x))[0]
        canonical.update(dict.fromkeys(spellings, best))
        if len(spellings) > 1:
            others = ", ".join(repr(x) for x in sorted(spellings) if x != best)
            notes.append(f"municipality {best!r} also written {others}; counted as one")
    munis = sorted(set(canonical.values()), key=swedish_sort_key)
    index = {m: i for i, m in enumerate(munis)}
    return munis, {name: index[c] for name, c in canonical.items()}, notes


def _assemble(parts: list[_FilePart], inst: Instrument, mp: Mapping) -> SurveyData:
    used_waves = {p.wave_labels[c] for p in parts for c in np.unique(p.wave_codes)}
    waves = _wave_order(used_waves, mp)
    munis, muni_pos, notes = _municipalities(parts)
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
        "municipality": pd.Categorical.from_codes(muni, categories=munis),
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
        "municipality": pd.Categorical.from_codes(spread(muni), categories=munis),
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
    return SurveyData(
        responses=responses,
        respondents=resp,
        rejected=rejected,
        problems=problems,
        files=files,
        instrument=inst,
        mapping=mp,
        notes=notes,
    )


def write_ingest(data: SurveyData, out: str | Path = PROCESSED_DIR) -> dict[str, Any]:
    """Write ``survey.parquet``, ``respondents.parquet``, ``rejected.csv``,
    ``problems.csv`` and ``ingest.json`` into ``out``; return the ``ingest.json`` content.

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
    frames = {"survey.parquet": data.responses, "respondents.parquet": data.respondents,
              "rejected.csv": data.rejected, "problems.csv": data.problems}
    return write_outputs(out, frames, "ingest.json", record)
