"""Reading improvement-log exports (ideas, obstacles, tests, things stopped, learnings).

The format is documented in ``docs/project-log.md``: one row per entry, CSV or XLSX,
Swedish or English headers. :func:`read_project_log` reads the files as they come
(encodings, separators, title lines and sheets as for survey exports, see
:mod:`tuffkit.ingest.rawtable`) and returns a :class:`ProjectLog` with

``entries``
    one row per kept entry with the canonical columns :data:`ENTRY_COLUMNS`
    (``source_file`` and ``source_row`` say where it came from);
``rejected``
    every row not kept, with ``file, row, column, reason, detail`` (never a cell's text);
``problems``
    every cell set to missing because it could not be read, and every
    inconsistency found in a kept row (a parent that does not exist, dates out of
    order), with ``file, row, column, field, value, reason``;
``files``
    the accounting per file: ``rows_in == rows_kept + rows_rejected``.

Rows are rejected, with one reason each, in this order: a record that does not
split into the header's columns; an empty row; no id; no unit; no or an unknown
kind; a duplicate id. Ids are unique across all files and units (the log is shared):
identical copies of an entry (overlapping exports) keep the first, copies with other
content are all rejected, because which one is right cannot be known.

A kept row with a problem stays in ``entries``: an unreadable date, team, origin,
stage, status or hours is set to missing; a parent id that is not in the log is
set to missing; dates out of order (a decision before its escalation, anything
before the entry was created, closed before decided) are kept as written and left
out of the lead times (:mod:`tuffkit.projectlog` counts them as inconsistent).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import yaml

from tuffkit.config import PROCESSED_DIR
from tuffkit.errors import InputFileError, MappingError, NoStatementColumnsError
from tuffkit.ingest.files import expand_paths, write_outputs
from tuffkit.ingest.rawtable import RawTable, read_raw_tables
from tuffkit.ingest.schemas import validate_log_entries
from tuffkit.ingest.vocab import MONTHS, is_synthetic
from tuffkit.names import norm
from tuffkit.tidy import (
    DATE_FIELDS,
    ENTRY_COLUMNS,
    KINDS,
    ORIGINS,
    PROBLEM_COLUMNS,
    REJECTED_COLUMNS,
    STAGES,
    STATUSES,
    TEAMS,
)

__all__ = [
    "ProjectLog",
    "read_project_log",
    "write_project_log",
    "load_log_mapping",
    "LogMapping",
]

#: canonical field -> recognised headers (normalised with :func:`tuffkit.names.norm`)
HEADERS: dict[str, set[str]] = {
    "id": {"id", "nr", "nummer", "löpnr", "löpnummer", "ärendenr", "ärendenummer", "ärende-id", "post-id",
           "entry id", "entry"},
    "unit": {"enhet", "enhetens namn", "verksamhet", "arbetsplats", "boende", "äldreboende", "unit"},
    "team": {"team", "teamtyp", "teamet"},
    "kind": {"typ", "ärendetyp", "posttyp", "kategori", "slag", "kind", "type", "entry type"},
    "title": {"rubrik", "titel", "namn", "kort beskrivning", "title", "headline"},
    "description": {"beskrivning", "fritext", "detaljer", "utförlig beskrivning", "description", "details"},
    "origin": {"ursprung", "källa", "förslag från", "idé från", "från", "kommer från", "inlämnad av",
               "origin", "source", "from"},
    "created": {"skapad", "skapat", "skapad datum", "registrerad", "registrerat", "inlämnad", "datum",
                "created", "date", "created date"},
    "stage": {"steg", "fas", "steg i innovationsguiden", "innovationsguiden", "stage", "step"},
    "status": {"status", "läge", "state"},
    "parent_id": {"förälder", "kopplad till", "hör till", "tillhör", "tillhör id", "kopplad idé", "idé-id",
                  "överordnad", "parent", "parent id", "linked to"},
    "escalated": {"lyft till lt", "lyft till ledningsteamet", "eskalerad till lt", "eskalerat till lt",
                  "till lt", "datum lyft till lt", "escalated", "escalated to lt", "escalated to lt (date)"},
    "decided": {"lt-beslut datum", "lt-beslut (datum)", "beslutsdatum", "beslut datum", "datum för beslut",
                "datum för lt-beslut", "decision date", "lt decision date", "lt decision (date)", "decided"},
    "decision": {"lt-beslut", "lt:s beslut", "beslut", "lt-beslut (text)", "decision", "lt decision",
                 "lt decision (text)"},
    "closed": {"avslutad", "avslutat", "stängd", "avslutsdatum", "klar datum", "closed", "closed date"},
    "hours_freed": {"frigjord tid", "frigjord tid per månad", "frigjorda timmar per månad",
                    "frigjord tid (timmar per månad)", "frigjord tid (tim/mån)", "timmar per månad",
                    "tim/mån", "hours freed per month", "hours freed", "hours per month"},
}
REQUIRED = ("id", "unit", "kind")

#: canonical field -> {normalised cell text: canonical code}
VALUES: dict[str, dict[str, str]] = {
    "kind": {
        **dict.fromkeys(["idé", "ide", "idéer", "förslag", "förbättringsförslag", "förbättringsidé", "idea"],
                        "idea"),
        **dict.fromkeys(["hinder", "problem", "obstacle", "barrier", "impediment"], "obstacle"),
        **dict.fromkeys(["test", "tester", "test i liten skala", "småskaligt test", "förbättringstest",
                         "pgsa", "pdsa", "pgsa-cykel", "pdsa-cykel", "pdsa cycle"], "test"),
        **dict.fromkeys(["sluta göra", "sluta-göra", "vad kan vi sluta göra", "slutat göra", "stop doing",
                         "stop_doing", "stop-doing"], "stop_doing"),
        **dict.fromkeys(["lärdom", "lärdomar", "lärande", "erfarenhet", "learning", "lesson", "lesson learned"],
                        "learning"),
    },
    "team": {
        **dict.fromkeys(["vt", "verksamhetsteam", "verksamhetsteamet", "operations team"], "VT"),
        **dict.fromkeys(["ut", "utvecklingsteam", "utvecklingsteamet", "development team"], "UT"),
        **dict.fromkeys(["lt", "ledningsteam", "ledningsteamet", "leadership team"], "LT"),
    },
    "origin": {
        **dict.fromkeys(["medarbetare", "personal", "anställd", "undersköterska", "usk", "vårdbiträde",
                         "staff", "employee"], "staff"),
        **dict.fromkeys(["boende", "brukare", "vårdtagare", "kund", "resident", "user"], "resident"),
        **dict.fromkeys(["anhörig", "anhöriga", "närstående", "relative", "relatives", "family"], "relative"),
        **dict.fromkeys(["chef", "enhetschef", "ledning", "ledningen", "manager", "management"], "manager"),
        **dict.fromkeys(["utvecklingsteam", "utvecklingsteamet", "ut", "development team", "development_team"],
                        "development_team"),
    },
    "stage": {
        **dict.fromkeys(["ringa in", "1", "1 ringa in", "scope", "define"], "scope"),
        **dict.fromkeys(["undersöka", "undersök", "2", "2 undersöka", "explore", "understand"], "explore"),
        **dict.fromkeys(["fokusera", "3", "3 fokusera", "focus"], "focus"),
        **dict.fromkeys(["ta fram idéer", "ta fram ideer", "idégenerering", "4", "4 ta fram idéer", "ideate",
                         "generate ideas"], "ideate"),
        **dict.fromkeys(["testa idéer", "testa ideer", "testa", "5", "5 testa idéer", "test", "test ideas"],
                        "test"),
        **dict.fromkeys(["införa", "inför", "implementera", "6", "6 införa", "implement"], "implement"),
    },
    "status": {
        **dict.fromkeys(["öppen", "öppet", "ny", "nytt", "inkommen", "open", "new"], "open"),
        **dict.fromkeys(["pågår", "pågående", "påbörjad", "påbörjat", "under arbete", "in progress",
                         "in_progress", "ongoing"], "in_progress"),
        **dict.fromkeys(["infört", "införd", "infördes", "implementerad", "implementerat", "genomförd",
                         "genomfört", "implemented", "done"], "implemented"),
        **dict.fromkeys(["stoppad", "stoppat", "avbruten", "avbrutet", "lagd åt sidan", "stopped", "halted"],
                        "stopped"),
        **dict.fromkeys(["avslagen", "avslaget", "avvisad", "avvisat", "nej", "rejected", "declined"],
                        "rejected"),
    },
}

_CODES = {"kind": KINDS, "team": TEAMS, "origin": ORIGINS, "stage": STAGES, "status": STATUSES}
_NUMBERED = re.compile(r"^(\d)(?!\d)\s*[.):-]?\s*(.*)$")


# --------------------------------------------------------------------------- mapping


@dataclass(frozen=True)
class LogMapping:
    """A log mapping file: the export's own headers and codes (see ``docs/project-log.md``)."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str = ""


def load_log_mapping(path: str | Path | None) -> LogMapping:
    """Read a YAML log mapping file (``columns:`` field -> header, ``values:`` field -> {text: code}).

    Examples
    --------
    >>> load_log_mapping(None)
    LogMapping(columns={}, values={}, source='')
    """
    if path is None:
        return LogMapping()
    p = Path(path)
    if not p.is_file():
        raise MappingError(f"{p}: no such mapping file")
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(f"{p}: not a readable YAML file ({exc})") from None
    if not isinstance(doc, dict) or set(doc) - {"columns", "values"}:
        extra = sorted(set(doc) - {"columns", "values"}) if isinstance(doc, dict) else doc
        raise MappingError(f"{p}: a log mapping holds only 'columns' and 'values', not {extra!r}")
    columns = doc.get("columns") or {}
    values = doc.get("values") or {}
    if not isinstance(columns, dict) or not isinstance(values, dict):
        raise MappingError(f"{p}: 'columns' and 'values' must be mappings")
    for fld in list(columns) + list(values):
        if fld not in HEADERS:
            raise MappingError(f"{p}: unknown field {fld!r}; the fields are {', '.join(HEADERS)}")
    out_values: dict[str, dict[str, str]] = {}
    for fld, table in values.items():
        if fld not in _CODES or not isinstance(table, dict):
            raise MappingError(f"{p}: values can be given for {', '.join(_CODES)} as text: code pairs, "
                               f"not for {fld!r}")
        for text, code in table.items():
            if str(code) not in _CODES[fld]:
                raise MappingError(f"{p}: {fld} value {text!r} maps to {code!r}, which is not one of "
                                   f"{', '.join(_CODES[fld])}")
        out_values[fld] = {norm(k): str(v) for k, v in table.items()}
    return LogMapping({k: str(v) for k, v in columns.items()}, out_values, str(p))


def _plan(headers: list[str], mp: LogMapping, known: dict[str, set[str]] | None = None) -> dict[str, int]:
    """Canonical field -> column index (the mapping's headers first, then the ``known`` ones,
    by default the log's :data:`HEADERS`)."""
    known = HEADERS if known is None else known
    plan: dict[str, int] = {}
    normed = [norm(h) for h in headers]
    for fld, header in mp.columns.items():
        if norm(header) in normed:
            plan[fld] = normed.index(norm(header))
    taken = set(plan.values())
    for j, h in enumerate(normed):
        if j in taken:
            continue
        for fld, names in known.items():
            if fld not in plan and h in names:
                plan[fld] = j
                taken.add(j)
                break
    return plan


def _score(mp: LogMapping, known: dict[str, set[str]] | None = None, required: tuple[str, ...] = REQUIRED):
    """How much a row looks like the header: the number of fields found, 0 without the required ones."""

    def score(headers: list[str]) -> int:
        plan = _plan(headers, mp, known)
        return len(plan) if all(f in plan for f in required) else 0

    return score


# --------------------------------------------------------------------------- cells


def parse_date(raw: str) -> tuple[dt.date | None, str | None]:
    """A date cell: ``YYYY-MM-DD`` (a time after it is ignored), ``YYYYMMDD`` or ``3 mars 2021``.

    Other forms such as ``03/04/2021`` are not guessed at (day or month first?).

    Examples
    --------
    >>> parse_date("2021-03-15 14:02"), parse_date("3 mars 2021")[0], parse_date("03/04/2021")[1]
    ((datetime.date(2021, 3, 15), None), datetime.date(2021, 3, 3), 'not a date in the form YYYY-MM-DD')
    """
    text = norm(raw)
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", text) or \
        re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    elif (m := re.match(r"^(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})$", text)) and m.group(2) in MONTHS:
        y, mo, d = int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))
    else:
        return None, "not a date in the form YYYY-MM-DD"
    try:
        return dt.date(y, mo, d), None
    except ValueError:
        return None, "not a date in the calendar"


def parse_hours(raw: str) -> tuple[float | None, str | None]:
    """Hours per month: a number with a decimal comma or point, optionally followed by h/tim/timmar.

    Examples
    --------
    >>> parse_hours("2,5 tim"), parse_hours("-1")[1]
    ((2.5, None), 'negative hours')
    """
    text = norm(raw)
    m = re.match(r"^([+-]?\d+(?:[.,]\d+)?)\s*(?:h|tim|timmar|timme|hours?|h/mån|tim/mån)?$", text)
    if not m:
        return None, "not a number of hours"
    value = float(m.group(1).replace(",", "."))
    if value < 0:
        return None, "negative hours"
    return value, None


def parse_code(fld: str, raw: str, mp: LogMapping | None = None) -> tuple[str | None, str | None]:
    """A coded cell (kind, team, origin, stage, status) to its canonical code.

    Examples
    --------
    >>> parse_code("kind", "Sluta göra"), parse_code("stage", "5. Testa idéer"), parse_code("status", "Klar?")
    (('stop_doing', None), ('test', None), (None, 'not a status tuffkit knows'))
    """
    text = norm(raw)
    extra = (mp.values if mp else {}).get(fld, {})
    if text in extra:
        return extra[text], None
    table = VALUES[fld]
    if text in table:
        return table[text], None
    m = _NUMBERED.match(text)
    if m and fld == "stage" and (m.group(1) in table or norm(m.group(2)) in table):
        return table.get(norm(m.group(2))) or table[m.group(1)], None
    codes = {c.casefold(): c for c in _CODES[fld]}
    if text in codes:
        return codes[text], None
    return None, f"not a {fld} tuffkit knows"


# --------------------------------------------------------------------------- the loader


@dataclass
class ProjectLog:
    """The result of :func:`read_project_log`; see the module docstring for each frame."""

    entries: pd.DataFrame
    rejected: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    mapping: LogMapping = field(default_factory=LogMapping)

    def counts(self) -> pd.DataFrame:
        """Entries per unit and kind (a tidy frame with ``n``).

        Examples
        --------
        >>> from tuffkit.config import RAW_DIR
        >>> log = read_project_log(RAW_DIR / "projectlog")
        >>> log.counts().query("unit == 'Norrtull' and kind == 'obstacle'")["n"].item() > 0
        True
        """
        e = self.entries
        return (e.groupby(["unit", "kind"], observed=False).size().rename("n").reset_index()
                .query("n > 0 or unit in @e.unit.unique()").reset_index(drop=True))

    def summary(self) -> str:
        """Rows in/kept/rejected per file, entries per unit and kind, rejections by reason."""
        f = self.files
        lines = [f"Read {len(f)} log file(s): {int(f.rows_in.sum())} rows in, {int(f.rows_kept.sum())} kept, "
                 f"{int(f.rows_rejected.sum())} rejected; {len(self.problems)} problem(s) in kept rows.", ""]
        for _, row in f.iterrows():
            lines.append(f"  {row.file}: {row.rows_in} in, {row.rows_kept} kept, {row.rows_rejected} rejected, "
                         f"{row.problems} problem(s)")
        if len(self.entries):
            table = self.counts().pivot(index="unit", columns="kind", values="n").fillna(0).astype(int)
            table.columns.name = None
            lines += ["", "Entries per unit and kind:", table.to_string()]
        else:
            lines += ["", "No entry was kept."]
        if len(self.rejected):
            lines += ["", "Rejected rows by reason:"]
            lines += [f"  {r}: {n}" for r, n in self.rejected["reason"].value_counts().sort_index().items()]
        if len(self.problems):
            lines += ["", "Problems by reason (rows kept):"]
            lines += [f"  {r}: {n}" for r, n in self.problems["reason"].value_counts().sort_index().items()]
        ignored = [(row.file, row.ignored_columns) for _, row in f.iterrows() if row.ignored_columns]
        if ignored:
            lines += ["", "Columns not used (a mapping file can name them):"]
            lines += [f"  {name}: {', '.join(map(repr, cols))}" for name, cols in ignored]
        return "\n".join(lines)




def read_project_log(paths: str | Path | Iterable[str | Path], mapping: str | Path | None = None) -> ProjectLog:
    """Read improvement-log exports (CSV/XLSX files or folders of them), accounting for every row.

    Parameters
    ----------
    paths
        Files, or folders whose ``.csv``/``.xlsx`` files are all log exports.
    mapping
        Optional YAML file naming the export's own headers and codes.

    Raises
    ------
    InputFileError
        A file is missing, unreadable, or has no header with an id, a unit and a kind column.
    MappingError
        The mapping file is unreadable or names an unknown field or code.

    Examples
    --------
    >>> from tuffkit.config import RAW_DIR
    >>> log = read_project_log(RAW_DIR / "projectlog")
    >>> int(log.files.rows_in.sum()) == len(log.entries) + len(log.rejected)
    True
    """
    mp = load_log_mapping(mapping)
    tables: list[RawTable] = []
    files = expand_paths(paths)
    for p in files:
        try:
            tables += read_raw_tables(p, _score(mp))
        except NoStatementColumnsError:
            raise InputFileError(
                f"{p}: no row among the first 30 has an id, a unit and a kind column (headers such as "
                "'ID', 'Enhet', 'Typ'); a mapping file can name them") from None
    for fld, header in mp.columns.items():
        if not any(norm(header) in [norm(h) for h in t.headers] for t in tables):
            raise MappingError(f"{mp.source}: column {header!r} for {fld} is in none of the files")
    parts = [_read_table(t, mp, files) for t in tables]
    entries = pd.concat([p[0] for p in parts], ignore_index=True) if parts else pd.DataFrame()
    rejected = pd.concat([p[1] for p in parts], ignore_index=True)
    problems = pd.concat([p[2] for p in parts], ignore_index=True)
    entries, rejected = _duplicates(entries, rejected)
    if len(rejected) and len(problems):  # a row rejected as a duplicate is not kept: its cell problems go too
        gone = set(zip(rejected["file"], rejected["row"], strict=True))
        problems = problems[[(f, r) not in gone for f, r in zip(problems["file"], problems["row"], strict=True)]]
    problems = pd.concat([problems, _consistency(entries)], ignore_index=True)
    problems = problems.sort_values(["file", "row"], kind="stable")
    rejected = rejected.sort_values(["file", "row"], kind="stable")
    entries = validate_log_entries(_typed(entries))
    files = pd.DataFrame([p[3] for p in parts])
    for col in ("rows_kept", "rows_rejected", "problems"):
        key = {"rows_kept": ("source_file", entries), "rows_rejected": ("file", rejected),
               "problems": ("file", problems)}[col]
        counts = key[1][key[0]].value_counts() if len(key[1]) else pd.Series(dtype=int)
        files[col] = [int(counts.get(name, 0)) for name in files["file"]]
    return ProjectLog(entries, rejected.reset_index(drop=True), problems.reset_index(drop=True),
                      files, mp)


def file_label(path: Path, sheet: str | None, paths: list[Path]) -> str:
    """How a file (or sheet) is named in the accounting: its name, or its whole path when
    another input file has the same name."""
    same = sum(q.name == path.name for q in paths) > 1
    base = str(path) if same else path.name
    return base if sheet is None else f"{base}[{sheet}]"


def _read_table(rt: RawTable, mp: LogMapping, paths: list[Path] | None = None
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    name = file_label(rt.path, rt.sheet, paths or [rt.path])
    plan = _plan(rt.headers, mp)
    cells = {fld: rt.columns[j].to_pylist() for fld, j in plan.items()}
    if pa.types.is_dictionary(rt.columns[0].type):
        cells = {fld: [None if v is None else str(v) for v in vals] for fld, vals in cells.items()}
    rejected: list[dict[str, Any]] = [{"file": name, "row": r, "column": "", "reason": "invalid record",
                                       "detail": why} for r, why, _ in rt.invalid]
    problems: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []

    def blank(v: object) -> bool:
        return v is None or not str(v).strip()

    for i in range(rt.n_rows):
        row = int(rt.rows[i])
        get = {fld: cells[fld][i] for fld in cells}
        reason = detail = None
        column = ""
        if rt.empty[i]:
            reason, detail = "empty row", ""
        elif blank(get.get("id")):
            reason, detail, column = "no id", "the id cell is empty", "id"
        elif blank(get.get("unit")):
            reason, detail, column = "no unit", "the unit cell is empty", "unit"
        elif blank(get.get("kind")):
            reason, detail, column = "no kind", "the kind cell is empty", "kind"
        else:
            kind, why = parse_code("kind", get["kind"], mp)
            if kind is None:
                reason, detail, column = "unknown kind", f"{why}; the kinds are {', '.join(KINDS)}", "kind"
        if reason:
            rejected.append({"file": name, "row": row, "column": rt.headers[plan[column]] if column in plan else "",
                             "reason": reason, "detail": detail})
            continue
        entry: dict[str, Any] = {"id": " ".join(str(get["id"]).split()), "unit": " ".join(str(get["unit"]).split()),
                                 "kind": kind, "source_file": name, "source_row": row}

        def problem(fld: str, value: object, why: str, row: int = row, entry: dict = entry) -> None:
            problems.append({"file": name, "row": row, "column": rt.headers[plan[fld]], "field": fld,
                             "reason": why})

        for fld in ("title", "description", "decision", "parent_id"):
            v = get.get(fld)
            entry[fld] = None if blank(v) else " ".join(str(v).split()) if fld == "parent_id" else str(v).strip()
        for fld in ("team", "origin", "stage", "status"):
            v = get.get(fld)
            entry[fld] = None
            if not blank(v):
                code, why = parse_code(fld, v, mp)
                if code is None:
                    problem(fld, v, why + "; set to missing")
                entry[fld] = code
        for fld in DATE_FIELDS:
            v = get.get(fld)
            entry[fld] = None
            if not blank(v):
                d, why = parse_date(v)
                if d is None:
                    problem(fld, v, why + "; set to missing")
                entry[fld] = d
        v = get.get("hours_freed")
        entry["hours_freed"] = None
        if not blank(v):
            h, why = parse_hours(v)
            if h is None:
                problem("hours_freed", v, why + "; set to missing")
            entry["hours_freed"] = h
        entry["_columns"] = {fld: rt.headers[j] for fld, j in plan.items()}
        kept.append(entry)
    ignored = [h for j, h in enumerate(rt.headers) if j not in plan.values() and h.strip()]
    account = {"file": name, "path": str(rt.path), "sha256": rt.sha256, "format": rt.format,
               "encoding": rt.encoding, "separator": rt.separator, "header_row": rt.header_row,
               "rows_in": rt.n_rows + len(rt.invalid), "rows_kept": 0, "rows_rejected": 0, "problems": 0,
               "trailing_empty_rows": rt.trailing_empty_rows, "columns": {f: rt.headers[j] for f, j in plan.items()},
               "ignored_columns": ignored, "title": rt.title, "synthetic": is_synthetic(rt.title)}
    return (pd.DataFrame(kept), pd.DataFrame(rejected, columns=REJECTED_COLUMNS),
            pd.DataFrame(problems, columns=PROBLEM_COLUMNS), account)


def _duplicates(entries: pd.DataFrame, rejected: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Identical copies of an entry keep the first; copies of an id with other content are all rejected."""
    if entries.empty:
        return entries, rejected
    fields = [c for c in ENTRY_COLUMNS if c in entries and c not in ("source_file", "source_row")]
    dup = entries[entries.duplicated("id", keep=False)]
    drop: dict[int, tuple[str, str]] = {}
    for _, g in dup.groupby("id", sort=False):
        first = g.iloc[0]
        where = f"{first.source_file} row {first.source_row}"
        text = g[fields].astype(str).fillna("")  # pandas' str dtype keeps a missing value missing
        same = text.eq(text.iloc[0]).all(axis=1)
        if same.all():
            for idx in g.index[1:]:
                drop[idx] = ("duplicate entry", f"the same id and content as {where}")
        else:
            rows = ", ".join(f"{r.source_file} row {r.source_row}" for r in g.itertuples())
            for idx in g.index:
                drop[idx] = ("duplicate id", f"the id is used by entries with other content ({rows}); "
                                             "none is kept")
    if drop:
        extra = pd.DataFrame([{"file": entries.at[i, "source_file"], "row": int(entries.at[i, "source_row"]),
                               "column": entries.at[i, "_columns"].get("id", ""), "reason": r, "detail": d}
                              for i, (r, d) in drop.items()], columns=REJECTED_COLUMNS)
        rejected = pd.concat([rejected, extra], ignore_index=True)
        entries = entries.drop(index=list(drop)).reset_index(drop=True)
    return entries, rejected


def _consistency(entries: pd.DataFrame) -> pd.DataFrame:
    """Problems across fields and entries: missing parents (set to missing), tests without an
    idea, and dates out of order (kept as written)."""
    out: list[dict[str, Any]] = []
    if entries.empty:
        return pd.DataFrame(out, columns=PROBLEM_COLUMNS)
    kinds = dict(zip(entries["id"], entries["kind"], strict=True))
    order = [("created", "escalated", "escalated to LT before the entry was created"),
             ("created", "decided", "decided before the entry was created"),
             ("escalated", "decided", "LT's decision is dated before the escalation to LT"),
             ("created", "closed", "closed before the entry was created"),
             ("decided", "closed", "closed before LT's decision")]
    for idx, e in entries.iterrows():
        cols = e["_columns"]

        def add(fld: str, value: object, why: str, e: pd.Series = e, cols: dict = cols) -> None:
            out.append({"file": e["source_file"], "row": int(e["source_row"]), "column": cols.get(fld, ""),
                        "field": fld, "reason": why})

        parent = e.get("parent_id")
        if parent is not None and not pd.isna(parent):
            if parent not in kinds:
                add("parent_id", parent, "no entry in the log has this id; set to missing")
                entries.at[idx, "parent_id"] = None
            elif parent == e["id"]:
                add("parent_id", parent, "an entry cannot be its own parent; set to missing")
                entries.at[idx, "parent_id"] = None
            elif e["kind"] == "test" and kinds[parent] not in ("idea", "test"):
                add("parent_id", parent, f"a test links to an entry of kind {kinds[parent]}, not to an idea")
        elif e["kind"] == "test":
            add("parent_id", "", "a test has no parent id: it should link to the idea it tests")
        for a, b, why in order:
            da, db = e.get(a), e.get(b)
            if da is not None and db is not None and not pd.isna(da) and not pd.isna(db) and db < da:
                add(b, f"{db.isoformat()} ({a} {da.isoformat()})", f"{why}; kept, left out of the lead times")
    return pd.DataFrame(out, columns=PROBLEM_COLUMNS)


def _typed(entries: pd.DataFrame) -> pd.DataFrame:
    """The canonical columns with their dtypes (categoricals for the codes, datetimes for dates)."""
    e = entries.reindex(columns=ENTRY_COLUMNS)
    out = pd.DataFrame(index=e.index)
    for col in ENTRY_COLUMNS:
        if col in _CODES:
            out[col] = pd.Categorical(e[col], categories=list(_CODES[col]), ordered=col == "stage")
        elif col in DATE_FIELDS:
            out[col] = pd.to_datetime(e[col]).astype("datetime64[ms]") if len(e) else \
                pd.Series(dtype="datetime64[ms]")
        elif col == "hours_freed":
            out[col] = pd.to_numeric(e[col], errors="raise").astype("float64")
        elif col == "source_row":
            out[col] = e[col].astype("int64")
        else:
            out[col] = e[col].astype("string")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- writing


def write_project_log(log: ProjectLog, out: str | Path = PROCESSED_DIR) -> dict[str, Any]:
    """Write ``project_log.parquet``, ``project_log_rejected.csv``, ``project_log_problems.csv``
    and ``project_log.json`` into ``out`` (atomic writes; CSV files semicolon-separated UTF-8
    with a byte-order mark, for Excel with Swedish settings); return the JSON content."""
    f = log.files
    record = {
        "mapping": log.mapping.source or None,
        "files": json.loads(f.to_json(orient="records", force_ascii=False)),
        "total": {"files": len(f), "rows_in": int(f.rows_in.sum()), "rows_kept": int(f.rows_kept.sum()),
                  "rows_rejected": int(f.rows_rejected.sum()), "problems": len(log.problems),
                  "entries": len(log.entries)},
        "rejected_by_reason": {k: int(v) for k, v in log.rejected["reason"].value_counts().sort_index().items()},
    }
    frames = {"project_log.parquet": log.entries, "project_log_rejected.csv": log.rejected,
              "project_log_problems.csv": log.problems}
    return write_outputs(out, frames, "project_log.json", record)

