"""Measures over time: a long format, its loader, and a reader for saved Kolada responses.

The long format has one row per unit, measure and period::

    unit, measure, period, value, numerator, denominator   (+ optional phase, gender, status,
                                                            improvement, target)

``unit`` is a care home, a team or a municipality; ``measure`` names what is measured
(*nattfasta (timmar)*, *sjukfrånvaro (%)*, a Kolada KPI id); ``period`` is a month
(``2021-03``), a year (``2021``), a quarter (``2021-Q1``) or a date; ``value`` is the measure,
or ``numerator``/``denominator`` give it as a rate (for p and u charts). ``phase`` labels
the phases of an improvement (*baslinje*, *förändring*): a new phase starts a new part of
the chart. ``improvement`` says which way is better (*högre*/*upp*, *lägre*/*ner*; one per
unit and measure) and ``target`` gives the target (on the value's scale; a share's target as
a share, 0,06, or as a percent, 6 %): together they give a measure's variation and assurance
verdicts. Swedish headers are recognised (Enhet, Mått, Period, Värde, Täljare, Nämnare, Fas,
Önskad riktning, Mål). :func:`read_measures` reads CSV/XLSX exports with the same row
accounting as the other loaders, and saved Kolada API responses (``.json``, v2 and v3 shapes) into the same frame;
municipality ids stay 4-character strings (``0180``).

Rows are rejected, with one reason each: a record that does not split into the header's
columns; an empty row; no unit; no measure; no or an unreadable period; no readable value
(neither a value nor a numerator and a denominator); a duplicate (the same unit, measure,
period, gender: an identical copy keeps the first, copies with other values are all
rejected). Unreadable numbers next to a readable value are problems (set to missing).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tuffkit.config import PROCESSED_DIR
from tuffkit.errors import InputFileError, NoStatementColumnsError
from tuffkit.ingest.files import expand_paths, write_outputs
from tuffkit.ingest.projectlog import LogMapping, _plan, file_label
from tuffkit.ingest.rawtable import read_raw_tables
from tuffkit.ingest.vocab import MONTHS, is_synthetic
from tuffkit.names import norm
from tuffkit.tidy import MEASURE_COLUMNS, PROBLEM_COLUMNS, REJECTED_COLUMNS

__all__ = ["Measures", "read_measures", "read_kolada", "write_measures", "parse_period"]

HEADERS: dict[str, set[str]] = {
    "unit": {"enhet", "enhetens namn", "verksamhet", "boende", "kommun", "kommunnamn", "unit", "municipality"},
    "unit_id": {"enhets-id", "enhetsid", "kommunkod", "kommun-id", "kommunid", "unit id", "municipality id"},
    "measure": {"mått", "mätning", "indikator", "nyckeltal", "kpi", "measure", "indicator"},
    "period": {"period", "månad", "år", "datum", "vecka", "kvartal", "month", "year", "date"},
    "value": {"värde", "utfall", "resultat", "antal", "value", "count"},
    "numerator": {"täljare", "numerator"},
    "denominator": {"nämnare", "underlag", "totalt", "denominator", "total"},
    "phase": {"fas", "skede", "fas i förbättringsarbetet", "phase", "part"},
    "gender": {"kön", "gender", "sex"},
    "status": {"status", "anmärkning", "note"},
    "improvement": {"förbättring", "önskad riktning", "riktning", "bättre är", "improvement", "direction",
                    "better is"},
    "target": {"mål", "målvärde", "target", "goal"},
}
#: how a direction of improvement is written -> "up" (higher is better) or "down"
DIRECTIONS = {
    **dict.fromkeys(("upp", "uppåt", "högre", "högre är bättre", "öka", "ökning", "up", "higher", "higher is better",
                     "increase", "↑"), "up"),
    **dict.fromkeys(("ner", "ned", "nedåt", "lägre", "lägre är bättre", "minska", "minskning", "down", "lower",
                     "lower is better", "decrease", "↓"), "down"),
}
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass
class Measures:
    """The result of :func:`read_measures`: ``data`` (the long frame), ``rejected``,
    ``problems`` and ``files`` (rows_in == rows_kept + rows_rejected per file)."""

    data: pd.DataFrame
    rejected: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame

    def summary(self) -> str:
        """Rows in/kept/rejected per file, points per unit and measure, rejections by reason."""
        f = self.files
        lines = [f"Read {len(f)} measure file(s): {int(f.rows_in.sum())} rows in, {int(f.rows_kept.sum())} kept, "
                 f"{int(f.rows_rejected.sum())} rejected; {len(self.problems)} problem(s) in kept rows.", ""]
        lines += [f"  {r.file}: {r.rows_in} in, {r.rows_kept} kept, {r.rows_rejected} rejected"
                  for r in f.itertuples()]
        if len(self.data):
            counts = self.data.groupby(["unit", "measure"], observed=True).size().rename("points")
            lines += ["", "Points per unit and measure:", counts.to_string()]
        if len(self.rejected):
            lines += ["", "Rejected rows by reason:"]
            lines += [f"  {r}: {n}" for r, n in self.rejected["reason"].value_counts().sort_index().items()]
        return "\n".join(lines)


def parse_period(raw: object) -> tuple[str | None, dt.date | None, str | None]:
    """A period cell to ``(label, start date, None)`` or ``(None, None, why)``: a month
    (``2021-03``, ``mars 2021``), a year, a quarter (``2021-Q1``, ``2021 K1``) or a date.

    Examples
    --------
    >>> parse_period("mars 2021")[:2], parse_period(2019)[:2]
    (('2021-03', datetime.date(2021, 3, 1)), ('2019', datetime.date(2019, 1, 1)))
    >>> parse_period("2021-Q2")[:2], parse_period("2021/13")[2]
    (('2021-Q2', datetime.date(2021, 4, 1)), 'not a period (YYYY-MM, YYYY, YYYY-Qn or YYYY-MM-DD)')
    """
    text = norm(raw)
    if m := re.match(r"^(\d{4})(?:\.0)?$", text):
        return m.group(1), dt.date(int(m.group(1)), 1, 1), None
    if (m := re.match(r"^(\d{4})[-/](\d{1,2})$", text)) and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}", dt.date(int(m.group(1)), int(m.group(2)), 1), None
    if m := re.match(r"^(\d{4})\s*[-\s]?\s*[qk]([1-4])$", text):
        q = int(m.group(2))
        return f"{m.group(1)}-Q{q}", dt.date(int(m.group(1)), 3 * q - 2, 1), None
    if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[ t][\d:.]+)?$", text):
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None, None, "not a date in the calendar"
        return d.isoformat(), d, None
    if (m := re.match(r"^([a-zåäö]+)\.?\s+(\d{4})$", text)) and m.group(1) in MONTHS:
        mo = MONTHS[m.group(1)]
        return f"{m.group(2)}-{mo:02d}", dt.date(int(m.group(2)), mo, 1), None
    return None, None, "not a period (YYYY-MM, YYYY, YYYY-Qn or YYYY-MM-DD)"


def _number(raw: object) -> tuple[float | None, str | None]:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return (float(raw), None) if np.isfinite(raw) else (None, "not a finite number")
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not _NUMBER.match(text):
        return None, "not a number"
    return float(text.replace(",", ".")), None




def read_measures(paths: str | Path | Iterable[str | Path]) -> Measures:
    """Read measure series: CSV/XLSX in the long format and saved Kolada responses (.json).

    Examples
    --------
    >>> from tuffkit.config import RAW_DIR
    >>> m = read_measures(RAW_DIR / "measures")
    >>> int(m.files.rows_in.sum()) == len(m.data) + len(m.rejected)
    True
    >>> m.data.loc[m.data["unit"] == "Botkyrka", "unit_id"].unique().tolist()
    ['0127']
    """
    rows: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    inputs = expand_paths(paths, suffixes=(".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".json"))
    for p in inputs:
        if p.suffix.lower() == ".json":
            k_rows, k_rej, k_names, account = _kolada_file(p, file_label(p, None, inputs))
            names.update(k_names)
            rows += k_rows
            rejected += k_rej
            files.append(account)
            continue
        try:
            tables = read_raw_tables(p, _header_score)
        except NoStatementColumnsError:
            raise InputFileError(f"{p}: no row among the first 30 has a unit, a measure and a period column "
                                 "(headers such as 'Enhet', 'Mått', 'Period')") from None
        for rt in tables:
            r, rej, prob, account = _table(rt, file_label(rt.path, rt.sheet, inputs))
            rows += r
            rejected += rej
            problems += prob
            files.append(account)
    data = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    # Kolada metadata saved beside the data names the municipalities
    if names:
        named = data["unit"].isna() & data["unit_id"].isin(list(names))
        data.loc[named, "unit"] = data.loc[named, "unit_id"].map(names)
        kpis = ("kpi:" + data["measure"].astype(str)).map(names)
        data.loc[kpis.notna(), "measure"] = kpis[kpis.notna()]
    data.loc[data["unit"].isna(), "unit"] = data.loc[data["unit"].isna(), "unit_id"]
    data = _months_given_as_dates(data)
    data, extra = _duplicates(data)
    rejected += extra
    _one_direction(data)
    rej = pd.DataFrame(rejected, columns=REJECTED_COLUMNS).sort_values(["file", "row"], kind="stable")
    prob = pd.DataFrame(problems, columns=PROBLEM_COLUMNS).sort_values(["file", "row"], kind="stable")
    fr = pd.DataFrame(files)
    if len(fr):
        kept = data["source_file"].value_counts()
        gone = rej["file"].value_counts()
        fr["rows_kept"] = [int(kept.get(f, 0)) for f in fr["file"]]
        fr["rows_rejected"] = [int(gone.get(f, 0)) for f in fr["file"]]
    return Measures(_typed(data), rej.reset_index(drop=True), prob.reset_index(drop=True), fr)


def _header_score(headers: list[str]) -> int:
    """How much a row looks like the header: 0 without a unit (name or id), a measure and a period."""
    plan = _plan(headers, LogMapping(), HEADERS)
    needed = ("unit" in plan or "unit_id" in plan) and "measure" in plan and "period" in plan
    return len(plan) if needed else 0


def _table(rt, name: str) -> tuple[list, list, list, dict]:  # noqa: ANN001 - a RawTable
    plan = _plan(rt.headers, LogMapping(), HEADERS)
    cells = {f: rt.columns[j].to_pylist() for f, j in plan.items()}
    rows: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    rejected = [{"file": name, "row": r, "column": "", "reason": "invalid record", "detail": why}
                for r, why, _ in rt.invalid]
    for i in range(rt.n_rows):
        row = int(rt.rows[i])
        get = {f: cells[f][i] for f in cells}

        def reject(reason: str, detail: str, field: str = "", row: int = row) -> None:
            rejected.append({"file": name, "row": row, "column": rt.headers[plan[field]] if field in plan else "",
                             "reason": reason, "detail": detail})

        if rt.empty[i]:
            reject("empty row", "")
            continue
        blank = {f: get.get(f) is None or not str(get.get(f)).strip() for f in HEADERS}
        if blank["unit"] and blank["unit_id"]:
            reject("no unit", "the unit cell is empty", "unit" if "unit" in plan else "unit_id")
            continue
        if blank["measure"]:
            reject("no measure", "the measure cell is empty", "measure")
            continue
        if blank["period"]:
            reject("no period", "the period cell is empty", "period")
            continue
        label, start, why = parse_period(get["period"])
        if label is None:
            reject("unreadable period", str(why), "period")
            continue
        nums: dict[str, float | None] = {}
        bad: dict[str, str] = {}
        for f in ("value", "numerator", "denominator", "target"):
            nums[f] = None
            if not blank[f]:
                v, why = _number(get[f])
                if v is not None and f == "target" and str(get[f]).strip().endswith("%"):
                    v = v / 100  # a share's target written as a percent: 6 % is 0.06
                if v is not None and f == "denominator" and v <= 0:
                    v, why = None, "a denominator must be positive"
                if v is None:
                    bad[f] = why or ""
                nums[f] = v
        if nums["value"] is None and (nums["numerator"] is None or nums["denominator"] is None):
            detail = "; ".join(f"{f}: {w}" for f, w in bad.items()) or "no value, numerator or denominator"
            reject("no readable value", detail, "value")
            continue
        improvement = None
        if not blank["improvement"]:
            improvement = DIRECTIONS.get(norm(get["improvement"]))
            if improvement is None:
                bad["improvement"] = "not a direction (högre/upp or lägre/ner)"
        for f, why in bad.items():
            problems.append({"file": name, "row": row, "column": rt.headers[plan[f]], "field": f,
                             "reason": f"{why}; set to missing"})
        rows.append({"unit": None if blank["unit"] else " ".join(str(get["unit"]).split()),
                     "unit_id": None if blank["unit_id"] else _kolada_id(get["unit_id"]),
                     "measure": " ".join(str(get["measure"]).split()), "period": label, "period_start": start,
                     **nums, "phase": None if blank["phase"] else str(get["phase"]).strip(),
                     "gender": "T" if blank["gender"] else str(get["gender"]).strip().upper(),
                     "status": None if blank["status"] else str(get["status"]).strip(),
                     "improvement": improvement, "source_file": name, "source_row": row})
    account = {"file": name, "path": str(rt.path), "sha256": rt.sha256, "format": rt.format,
               "rows_in": rt.n_rows + len(rt.invalid), "rows_kept": 0, "rows_rejected": 0,
               "columns": {f: rt.headers[j] for f, j in plan.items()}, "title": rt.title,
               "synthetic": is_synthetic(rt.title)}
    return rows, rejected, problems, account


def _months_given_as_dates(data: pd.DataFrame) -> pd.DataFrame:
    """A series whose every period is the first day of a month (a monthly series exported as
    dates: 2024-12-01) is a series of months: its periods read 2024-12, as a month written so.

    >>> d = pd.DataFrame({"unit": ["A"] * 3, "measure": ["m"] * 3,
    ...                   "period": ["2024-11-01", "2024-12-01", "2025-01-01"]})
    >>> _months_given_as_dates(d)["period"].tolist()
    ['2024-11', '2024-12', '2025-01']
    """
    if data.empty:
        return data
    first = data["period"].astype(str).str.fullmatch(r"\d{4}-\d{2}-01")
    monthly = first.groupby([data["unit"], data["measure"]], dropna=False).transform("all")
    data = data.copy()
    data.loc[monthly, "period"] = data.loc[monthly, "period"].astype(str).str[:7]
    return data


def _one_direction(data: pd.DataFrame) -> None:
    """Refuse a measure whose rows say both that higher and that lower is better."""
    d = data[data["improvement"].notna()]
    for (unit, measure), g in d.groupby(["unit", "measure"], sort=True):
        if g["improvement"].nunique() > 1:
            a = g.iloc[0]
            b = g[g["improvement"] != a["improvement"]].iloc[0]
            raise InputFileError(f"{b['source_file']}: row {b['source_row']}, column 'improvement': {unit} "
                                 f"{measure} says {b['improvement']!r} where row {a['source_row']} of "
                                 f"{a['source_file']} says {a['improvement']!r}; a measure has one direction")


def _kolada_id(raw: object) -> str:
    """A municipality id as Kolada writes it: 4 characters. A 3-digit number is a code that lost
    its leading zero (a number in Excel or JSON: ``180`` -> ``0180``); other ids are kept.

    >>> _kolada_id(180), _kolada_id("0127"), _kolada_id("12"), _kolada_id(1380.0)
    ('0180', '0127', '12', '1380')
    """
    text = str(raw).strip()
    if re.fullmatch(r"\d+(\.0)?", text):
        text = text.split(".")[0]
        return text.zfill(4) if len(text) == 3 else text
    return text


def read_kolada(path: str | Path) -> pd.DataFrame:
    """One saved Kolada API response (v2 or v3 ``data`` shape, or a municipality list) as rows of
    the long format: unit_id (4 characters), measure (the KPI id), period (the year), value,
    gender (T, K, M), status; ``n`` per row is one value.

    Examples
    --------
    >>> import json, tempfile
    >>> p = Path(tempfile.mkdtemp()) / "k.json"
    >>> _ = p.write_text(json.dumps({"count": 1, "values": [{"kpi": "N00945", "municipality": "0180",
    ...     "period": 2019, "values": [{"count": 1, "gender": "T", "status": "", "value": 12.5}]}]}))
    >>> read_kolada(p)[["unit_id", "measure", "period", "value", "gender"]].to_dict("records")
    [{'unit_id': '0180', 'measure': 'N00945', 'period': '2019', 'value': 12.5, 'gender': 'T'}]
    """
    rows, rejected, _, _ = _kolada_file(Path(path))
    if rejected:
        first = rejected[0]
        raise InputFileError(f"{path}: value {first['row']}: {first['reason']} ({first['detail']})")
    return _typed(pd.DataFrame(rows, columns=MEASURE_COLUMNS))[
        ["unit_id", "measure", "period", "value", "gender", "status"]]


def _kolada_file(p: Path, name: str | None = None) -> tuple[list, list, dict[str, str], dict]:
    """Rows, rejected values, municipality names and the file's accounting from a saved response.

    Shapes read: v2 ``{"count", "values": [{"kpi", "municipality", "period", "values": [{"gender",
    "status", "value", "count"}]}]}``; v3 the same records with ``municipality_id``/``year`` keys
    allowed and a ``next_url``/``data`` wrapper; and a municipality list (``{"values": [{"id",
    "title", "type"}]}``), which only names the ids. A row in the accounting is one value."""
    import hashlib

    name = name or p.name
    raw = p.read_bytes()
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{p}: is not a readable JSON file ({exc})") from None
    records = doc.get("values", doc.get("data")) if isinstance(doc, dict) else doc
    if not isinstance(records, list):
        raise InputFileError(f"{p}: not a saved Kolada response (expected a 'values' list)")
    rows, rejected, names = [], [], {}
    title = [str(v) for k, v in doc.items() if k in ("title", "description", "note")] if isinstance(doc, dict) else []
    k = 0
    for rec in records:
        if not isinstance(rec, dict):
            raise InputFileError(f"{p}: not a saved Kolada response (a value is not an object)")
        if "id" in rec and "title" in rec and "values" not in rec:  # a municipality or KPI list
            ident = str(rec["id"]).strip()
            if re.fullmatch(r"\d+", ident):
                names[_kolada_id(ident)] = str(rec["title"])
            else:
                names[f"kpi:{ident}"] = f"{rec['title']} ({ident})"
            continue
        kpi = rec.get("kpi") or rec.get("kpi_id")
        muni = rec.get("municipality") or rec.get("municipality_id") or rec.get("ou")
        period = rec.get("period", rec.get("year"))
        values = rec.get("values")
        if kpi is None or muni is None or period is None or not isinstance(values, list):
            raise InputFileError(f"{p}: not a saved Kolada data response (a record lacks kpi, municipality, "
                                 "period or values)")
        label, start, why = parse_period(period)
        for v in values:
            k += 1
            value = v.get("value")
            if label is None:
                rejected.append({"file": name, "row": k, "column": "period", "reason": "unreadable period",
                                 "detail": str(why)})
                continue
            if value is None:
                rejected.append({"file": name, "row": k, "column": "value", "reason": "no readable value",
                                 "detail": f"Kolada gives no value (status {v.get('status')!r})"})
                continue
            rows.append({"unit": None, "unit_id": _kolada_id(muni), "measure": str(kpi), "period": label,
                         "period_start": start, "value": float(value), "numerator": None, "denominator": None,
                         "phase": None, "gender": str(v.get("gender") or "T").upper(),
                         "status": (str(v.get("status")) or None) if v.get("status") not in (None, "") else None,
                         "source_file": name, "source_row": k})
    account = {"file": name, "path": str(p), "sha256": hashlib.sha256(raw).hexdigest(), "format": "kolada-json",
               "rows_in": k, "rows_kept": 0, "rows_rejected": 0, "columns": {}, "title": title,
               "synthetic": is_synthetic(title)}
    return rows, rejected, names, account


def _duplicates(data: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    key = ["unit", "measure", "period", "gender"]
    k = data[key].astype(str).fillna("")
    dup = data[k.duplicated(keep=False)]
    drop: dict[int, tuple[str, str]] = {}
    for _, g in dup.groupby(list(k.loc[dup.index].T.to_numpy()), sort=False):
        first = g.iloc[0]
        where = f"{first.source_file} row {first.source_row}"
        vals = g[["value", "numerator", "denominator", "phase"]].astype(str).fillna("")
        if vals.eq(vals.iloc[0]).all(axis=1).all():
            for i in g.index[1:]:
                drop[i] = ("duplicate", f"the same point as {where}")
        else:
            for i in g.index:
                drop[i] = ("conflicting duplicate", f"{first.unit} {first.measure} {first.period} appears with other "
                                                    "values; none is kept")
    out = [{"file": data.at[i, "source_file"], "row": int(data.at[i, "source_row"]), "column": "", "reason": r,
            "detail": d} for i, (r, d) in drop.items()]
    return data.drop(index=list(drop)).reset_index(drop=True), out


def _typed(data: pd.DataFrame) -> pd.DataFrame:
    d = data.reindex(columns=MEASURE_COLUMNS)
    out = pd.DataFrame({
        **{c: d[c].astype("string") for c in ("unit", "unit_id", "measure", "period", "phase", "gender", "status",
                                              "improvement", "source_file")},
        "period_start": pd.to_datetime(d["period_start"]).astype("datetime64[ms]"),
        **{c: pd.to_numeric(d[c]).astype("float64") for c in ("value", "numerator", "denominator", "target")},
        "source_row": d["source_row"].astype("int64"),
    })[MEASURE_COLUMNS]
    return out.sort_values(["unit", "measure", "gender", "period_start"], na_position="first",
                           kind="stable").reset_index(drop=True)


def write_measures(m: Measures, out: str | Path = PROCESSED_DIR) -> dict[str, Any]:
    """Write ``measures.parquet``, ``measures_rejected.csv``, ``measures_problems.csv`` and
    ``measures.json`` into ``out`` (atomic writes); return the JSON content."""
    f = m.files
    record = {
        "files": json.loads(f.to_json(orient="records", force_ascii=False)),
        "total": {"files": len(f), "rows_in": int(f.rows_in.sum()), "rows_kept": int(f.rows_kept.sum()),
                  "rows_rejected": int(f.rows_rejected.sum()), "problems": len(m.problems), "points": len(m.data)},
        "rejected_by_reason": {k: int(v) for k, v in m.rejected["reason"].value_counts().sort_index().items()},
    }
    frames = {"measures.parquet": m.data, "measures_rejected.csv": m.rejected, "measures_problems.csv": m.problems}
    return write_outputs(out, frames, "measures.json", record)
