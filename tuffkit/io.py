"""Loading survey exports into tidy frames, accounting for every row.

:func:`read_survey` reads CSV and XLSX exports as they come (see
:mod:`tuffkit.rawtable`), recognises the columns (see :mod:`tuffkit.mapping`)
and returns a :class:`SurveyData` with

``responses``
    the tidy long frame: one row per respondent and statement, with the
    canonical columns ``respondent_id, wave, municipality, function,
    in_management_group, item, value`` (schema in :mod:`tuffkit.schemas`);
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
``Medelvärde``... in the municipality column); no municipality; no or an
unknown wave; no answer to any statement; a duplicate submission (the same
respondent id twice within one file and wave: identical copies keep the first,
conflicting copies are all rejected). Entirely empty rows at the end of a file
are not data rows; their number is reported as ``trailing_empty_rows``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tuffkit.cells import AnswerParser, parse_function, parse_municipality, parse_wave, parse_yes_no
from tuffkit.config import PROCESSED_DIR
from tuffkit.errors import InputFileError, MappingError, OutputError
from tuffkit.instrument import Instrument, load_instrument
from tuffkit.mapping import ColumnPlan, Mapping, load_mapping, recognise_columns
from tuffkit.rawtable import CSV_SUFFIXES, EXCEL_SUFFIXES, RawTable, read_raw_table
from tuffkit.schemas import validate_responses
from tuffkit.vocab import FUNCTION_CODES, SUMMARY_LABELS, norm, swedish_sort_key

__all__ = ["SurveyData", "read_survey", "write_ingest", "expand_paths"]

REJECTED_COLUMNS = ["file", "row", "reason", "detail", "content"]
PROBLEM_COLUMNS = ["file", "row", "column", "field", "value", "reason"]


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
        return "\n".join(lines)


def expand_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Turn files and folders into the list of export files to read (folders: their
    ``.csv``/``.txt``/``.tsv``/``.xlsx``/``.xlsm`` files, sorted).

    Raises
    ------
    InputFileError
        A path does not exist, a folder holds no export, or no path was given.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                q for q in p.iterdir()
                if q.is_file() and q.suffix.lower() in CSV_SUFFIXES + EXCEL_SUFFIXES
                and not q.name.startswith(("~$", "."))
            )
            if not found:
                raise InputFileError(f"{p}: the folder holds no .csv or .xlsx file")
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise InputFileError(f"{p}: no such file or folder")
    if not out:
        raise InputFileError("no input file given")
    return out


def _lut(series: pd.Series, fn: Callable[[str], Any]) -> tuple[np.ndarray, list[Any], np.ndarray]:
    """Apply ``fn`` once per distinct text: ``(codes, results, blank)``; code -1 is an empty cell."""
    cats = [str(c) for c in series.cat.categories]
    codes = series.cat.codes.to_numpy()
    blank_cat = np.array([not c.strip() for c in cats] + [True], dtype=bool)  # last: code -1
    blank = blank_cat[codes]
    return codes, [fn(c) for c in cats], blank


@dataclass
class _FilePart:
    respondents: pd.DataFrame
    values: np.ndarray  # kept rows x present items, int8, 0 = missing
    items: list[int]
    rejected: pd.DataFrame
    problems: pd.DataFrame
    account: dict[str, Any]


def _content(rt: RawTable, idx: np.ndarray) -> list[str]:
    """The raw cells of data rows ``idx`` as ``header=value | ...`` (for the rejected list)."""
    out = []
    for i in idx:
        cells = []
        for h, col in zip(rt.headers, rt.columns, strict=True):
            v = col.iloc[i]
            if isinstance(v, str) and v.strip():
                cells.append(f"{h or '?'}={v}")
        out.append(" | ".join(cells))
    return out


def _read_file(path: Path, inst: Instrument, mp: Mapping, parser: AnswerParser) -> _FilePart:
    score = lambda headers: recognise_columns(headers, inst, mp).header_score()  # noqa: E731
    rt = read_raw_table(path, score)
    plan: ColumnPlan = recognise_columns(rt.headers, inst, mp)
    if plan.conflicts:
        raise InputFileError(f"{path}: {plan.conflicts[0]}; name the right column in a mapping file")
    for fld in ("municipality", "wave"):
        if fld not in plan.fields and fld not in mp.constants:
            known = {"municipality": "Kommun/Municipality", "wave": "Omgång/Wave/Datum"}[fld]
            raise InputFileError(
                f"{path}: no {fld} column (expected a header like {known}); name it under "
                f"'columns:' or give a value under 'constants:' in a mapping file"
            )
    n = rt.n_rows
    name = path.name
    reason = np.full(n, None, dtype=object)
    detail = np.full(n, "", dtype=object)
    problems: list[dict[str, Any]] = []

    def reject(mask: np.ndarray, why: str, details: np.ndarray | str = "") -> None:
        new = mask & (reason == None)  # noqa: E711 - elementwise on an object array
        reason[new] = why
        if isinstance(details, str):
            detail[new] = details
        else:
            detail[new] = details[new]

    # an empty row: no cell has text
    empty = np.ones(n, dtype=bool)
    for col in rt.columns:
        _, _, blank = _lut(col, lambda c: None)
        empty &= blank
    reject(empty, "empty row")

    # municipality
    if "municipality" in plan.fields:
        codes, res, blank = _lut(rt.columns[plan.fields["municipality"]], parse_municipality)
        names = np.array(res + [None], dtype=object)[codes]
        summary = np.array([norm(r) in SUMMARY_LABELS for r in res] + [False])[codes]
        reject(summary, "summary row", names.astype(str))
        reject(blank, "no municipality")
    else:
        names = np.full(n, parse_municipality(mp.constants["municipality"]), dtype=object)

    # wave
    if "wave" in plan.fields:
        codes, res, blank = _lut(rt.columns[plan.fields["wave"]], lambda c: parse_wave(c, mp))
        waves = np.array([w for w, _ in res] + [None], dtype=object)[codes]
        why = np.array([p or "" for _, p in res] + [""], dtype=object)[codes]
        reject(blank, "no wave")
        reject(waves == None, "unknown wave", why)  # noqa: E711
    else:
        label, problem = parse_wave(mp.constants["wave"], mp)
        if problem:
            raise MappingError(f"{mp.source}: constants: wave: {problem}")
        waves = np.full(n, label, dtype=object)

    # statements
    items = list(plan.items)
    values = np.zeros((n, len(items)), dtype=np.int8)
    item_problems: list[tuple[int, np.ndarray, np.ndarray, list[Any]]] = []
    for j, number in enumerate(items):
        col_idx = plan.items[number]
        codes, res, _ = _lut(rt.columns[col_idx], parser)
        vals = np.array([v if isinstance(v, int) else 0 for v, _ in res] + [0], dtype=np.int8)
        values[:, j] = vals[codes]
        bad = np.array([p is not None for _, p in res] + [False])[codes]
        if bad.any():
            item_problems.append((col_idx, bad, codes, [p for _, p in res]))
    answered = (values > 0).sum(axis=1)
    reject(answered == 0, "no answer to any statement")

    # function and management group (problems only; they never reject a row)
    if "function" in plan.fields:
        codes, res, _ = _lut(rt.columns[plan.fields["function"]], lambda c: parse_function(c, mp))
        func = np.array([f or "not_stated" for f, _ in res] + ["not_stated"], dtype=object)[codes]
        fbad = np.array([p is not None for _, p in res] + [False])[codes]
        if fbad.any():
            item_problems.append((plan.fields["function"], fbad, codes, [p for _, p in res]))
    else:
        const = mp.constants.get("function")
        func_code = "not_stated" if const is None else parse_function(const, mp)[0]
        if func_code is None:
            raise MappingError(f"{mp.source}: constants: function {const!r} is not a known function")
        func = np.full(n, func_code, dtype=object)
    mgmt = np.full(n, None, dtype=object)
    if "in_management_group" in plan.fields:
        col_idx = plan.fields["in_management_group"]
        codes, res, _ = _lut(rt.columns[col_idx], lambda c: parse_yes_no(c, mp))
        conv = [v if isinstance(v, bool) else None for v, _ in res] + [None]
        mgmt = np.array(conv, dtype=object)[codes]
        mbad = np.array([p is not None for _, p in res] + [False])[codes]
        if mbad.any():
            item_problems.append((col_idx, mbad, codes, [p for _, p in res]))
    elif "in_management_group" in mp.constants:
        v, p = parse_yes_no(mp.constants["in_management_group"], mp)
        if p:
            raise MappingError(f"{mp.source}: constants: in_management_group: {p}")
        mgmt[:] = v if isinstance(v, bool) else None

    # duplicate submissions: the same respondent id twice within this file and wave
    source_id = None
    if "respondent_id" in plan.fields:
        sid_col = rt.columns[plan.fields["respondent_id"]]
        source_id = sid_col.astype(object).where(sid_col.notna(), None).to_numpy()
        alive = (reason == None) & (source_id != None)  # noqa: E711
        key = pd.DataFrame({"wave": waves[alive], "sid": source_id[alive]})
        dup_mask = key.duplicated(keep=False).to_numpy()
        if dup_mask.any():
            idx = np.flatnonzero(alive)[dup_mask]
            frame = pd.DataFrame(values[idx]).assign(
                wave=waves[idx], sid=source_id[idx], muni=names[idx], func=func[idx],
                mgmt=mgmt[idx].astype(str), row=rt.rows[idx], i=idx,
            )
            content_cols = [c for c in frame.columns if c not in ("row", "i")]
            for (_, sid), g in frame.groupby(["wave", "sid"], sort=False):
                same = len(g.drop_duplicates(subset=content_cols)) == 1
                rows_text = ", ".join(str(r) for r in g["row"])
                if same:
                    later = g["i"].to_numpy()[1:]
                    mask = np.zeros(n, dtype=bool)
                    mask[later] = True
                    reject(mask, "duplicate submission", f"same id {sid!r} and answers as row {g['row'].iloc[0]}")
                else:
                    mask = np.zeros(n, dtype=bool)
                    mask[g["i"].to_numpy()] = True
                    reject(mask, "conflicting submissions", f"id {sid!r} on rows {rows_text} with different answers")

    kept = reason == None  # noqa: E711

    # identical rows without an id column: kept, but listed as possible double entry
    if source_id is None and kept.sum() > 1:
        frame = pd.DataFrame({j: rt.columns[j].cat.codes.to_numpy()[kept] for j in range(len(rt.columns))})
        dup = frame.duplicated(keep="first").to_numpy()
        if dup.any():
            first = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
            kept_rows = rt.rows[kept]
            first_row = pd.Series(kept_rows).groupby(first).transform("first").to_numpy()
            for k in np.flatnonzero(dup):
                problems.append({
                    "file": name, "row": int(kept_rows[k]), "column": "", "field": "row", "value": "",
                    "reason": f"identical to row {first_row[k]} in every column (possible double entry); kept",
                })

    # cell problems in kept rows
    for col_idx, bad, codes, texts in item_problems:
        hit = np.flatnonzero(bad & kept)
        cats = rt.columns[col_idx].cat.categories
        field = plan_field_name(plan, col_idx)
        for i in hit:
            problems.append({
                "file": name, "row": int(rt.rows[i]), "column": rt.headers[col_idx], "field": field,
                "value": str(cats[codes[i]]), "reason": texts[codes[i]],
            })

    rej_idx = np.flatnonzero(~kept)
    rejected = pd.DataFrame({
        "file": name,
        "row": rt.rows[rej_idx],
        "reason": reason[rej_idx].astype(str),
        "detail": detail[rej_idx].astype(str),
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

    respondents = pd.DataFrame({
        "wave": waves[kept],
        "municipality": names[kept],
        "function": func[kept],
        "in_management_group": mgmt[kept],
        "source_file": name,
        "source_row": rt.rows[kept],
        "source_id": None if source_id is None else source_id[kept],
    })
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
        "rows_in": rows_in,
        "rows_kept": int(kept.sum()),
        "rows_rejected": len(rejected),
        "cell_problems": len(problems),
        "trailing_empty_rows": rt.trailing_empty_rows,
        "columns": {fld: rt.headers[i] for fld, i in plan.fields.items()},
        "items": {str(k): rt.headers[i] for k, i in plan.items.items()},
        "items_absent": [k for k in inst.item_numbers if k not in plan.items],
        "ignored_columns": [rt.headers[i] or f"(no header, column {i + 1})" for i in plan.ignored],
    }
    if account["rows_in"] != account["rows_kept"] + account["rows_rejected"]:  # pragma: no cover
        raise RuntimeError(f"row accounting failed for {path}: {account}")
    return _FilePart(
        respondents=respondents,
        values=values[kept],
        items=items,
        rejected=rejected,
        problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        account=account,
    )


def plan_field_name(plan: ColumnPlan, col_idx: int) -> str:
    """The canonical name (``item 3``, ``function``...) of column ``col_idx`` in ``plan``."""
    for number, i in plan.items.items():
        if i == col_idx:
            return f"item {number}"
    for fld, i in plan.fields.items():
        if i == col_idx:
            return fld
    return ""


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
        A mapping file (see :mod:`tuffkit.mapping`) for headers and codes the
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
        part = _read_file(path, inst, mp, parser)
        sha = part.account["sha256"]
        if sha in seen:
            raise InputFileError(f"{path}: has the same content as {seen[sha]}; give each export once")
        seen[sha] = str(path)
        parts.append(part)
    _check_mapping_used(mp, parts)
    return _assemble(parts, inst, mp)


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


def _assemble(parts: list[_FilePart], inst: Instrument, mp: Mapping) -> SurveyData:
    resp = pd.concat([p.respondents for p in parts], ignore_index=True)
    resp.insert(0, "respondent_id", np.arange(1, len(resp) + 1, dtype=np.int64))
    wave_cats = _wave_order(resp["wave"].dropna(), mp)
    resp["wave"] = pd.Categorical(resp["wave"], categories=wave_cats, ordered=True)
    munis = sorted(set(resp["municipality"].dropna()), key=swedish_sort_key)
    resp["municipality"] = pd.Categorical(resp["municipality"], categories=munis)
    resp["function"] = pd.Categorical(resp["function"], categories=list(FUNCTION_CODES))
    resp["in_management_group"] = resp["in_management_group"].astype("boolean")
    resp["source_file"] = resp["source_file"].astype("category")
    resp["source_row"] = resp["source_row"].astype(np.int64)
    resp["source_id"] = resp["source_id"].astype("string")

    # long frame: one row per respondent and statement present in its file
    blocks = []
    start = 0
    for p in parts:
        k = len(p.respondents)
        ids = resp["respondent_id"].to_numpy()[start : start + k]
        start += k
        if k == 0 or not p.items:
            continue
        m = len(p.items)
        vals = p.values.reshape(-1)
        blocks.append(pd.DataFrame({
            "row": np.repeat(np.arange(ids[0] - 1, ids[0] - 1 + k, dtype=np.int64), m),
            "item": np.tile(np.asarray(p.items, dtype=np.int16), k),
            "value": pd.arrays.IntegerArray(vals, vals == 0),
        }))
    if blocks:
        long = pd.concat(blocks, ignore_index=True)
    else:
        long = pd.DataFrame({
            "row": np.array([], dtype=np.int64),
            "item": np.array([], dtype=np.int16),
            "value": pd.array([], dtype="Int8"),
        })
    take = long.pop("row").to_numpy()
    responses = pd.DataFrame({
        "respondent_id": resp["respondent_id"].to_numpy()[take],
        "wave": resp["wave"].take(take).reset_index(drop=True),
        "municipality": resp["municipality"].take(take).reset_index(drop=True),
        "function": resp["function"].take(take).reset_index(drop=True),
        "in_management_group": resp["in_management_group"].take(take).reset_index(drop=True),
        "item": long["item"],
        "value": long["value"],
    })
    validate_responses(responses, inst)

    rejected = pd.concat([p.rejected for p in parts], ignore_index=True)
    rejected = rejected.reindex(columns=REJECTED_COLUMNS)
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
    )


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_ingest(data: SurveyData, out: str | Path = PROCESSED_DIR) -> dict[str, Any]:
    """Write ``survey.parquet``, ``respondents.parquet``, ``rejected.csv``,
    ``problems.csv`` and ``ingest.json`` into ``out``; return the ``ingest.json`` content.

    The CSV files are semicolon-separated UTF-8 with a byte-order mark, so that
    Excel with Swedish settings opens them with å, ä and ö intact. Every file is
    written to a temporary name and renamed, so an interrupted run leaves no
    half-written output.
    """
    out = Path(out)
    try:
        return _write_ingest(data, out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the outputs ({exc.strerror or exc})") from None


def _write_ingest(data: SurveyData, out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    _atomic_write(out / "survey.parquet", lambda p: data.responses.to_parquet(p, index=False))
    _atomic_write(out / "respondents.parquet", lambda p: data.respondents.to_parquet(p, index=False))
    for name, frame in (("rejected.csv", data.rejected), ("problems.csv", data.problems)):
        _atomic_write(out / name, lambda p, f=frame: f.to_csv(p, sep=";", index=False, encoding="utf-8-sig"))
    f = data.files
    report = {
        "tuffkit_version": version("tuffkit"),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
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
        "rejected_by_reason": {k: int(v) for k, v in data.rejected["reason"].value_counts().sort_index().items()},
        "respondents_by_wave_function": [
            {"wave": str(r.wave), "function": str(r.function), "n": int(r.n)}
            for r in data.counts().itertuples()
        ],
        "outputs": ["survey.parquet", "respondents.parquet", "rejected.csv", "problems.csv", "ingest.json"],
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    _atomic_write(out / "ingest.json", lambda p: p.write_text(text + "\n", encoding="utf-8"))
    return report
