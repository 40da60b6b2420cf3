"""Mapping files: how an export's own headers and codes map onto tuffkit's canonical ones.

Most exports need no mapping: :mod:`tuffkit.ingest.vocab` recognises the usual Swedish
and English headers and codes. A mapping file (YAML) covers the rest. Every key
is optional::

    columns:                 # canonical field -> the export's header, as written
      municipality: "Vilken förvaltning/kommun?"
      function: "Befattning"
      in_management_group: "Ledningsgrupp J/N"
      wave: "Enkät"
      respondent_id: "Svarsnummer"
    items:                   # statement number -> the export's header
      1: "Strategisk tid"
      2: "Min tid"
    values:                  # extra codes in the export -> canonical codes
      function: {Förvaltningschef: management, Controller: support, Annan: not_stated}
      in_management_group: {J: true, N: false}
      wave: {"Hösten 2012": "2012-10"}
      answers: {"Stämmer helt": 7}
    missing: ["Kan ej bedöma"]   # more answer texts that mean "no answer"
    constants:               # a value for every row of a file that lacks the column
      wave: "2014"
    waves:                   # the study's waves, in order; dates are assigned by period
      - {label: "2012-10", from: 2012-10-01, to: 2012-10-31}
      - {label: "2014", from: 2014-01-01, to: 2014-03-31, values: ["Uppföljning 2014"]}

When ``waves`` is given, it is the complete list: any other wave is rejected
as unknown. Without it, a wave is recognised as ``YYYY``, ``YYYY-MM`` or a
month name and year (``oktober 2012``, ``okt 2012``); a date needs ``waves``
with periods, because a date alone does not say which wave it belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tuffkit.errors import MappingError
from tuffkit.ingest.vocab import FIELD_HEADERS
from tuffkit.instrument import Instrument
from tuffkit.names import norm

__all__ = ["Mapping", "WaveDef", "ColumnPlan", "load_mapping", "recognise_columns"]

FIELDS = ("municipality", "function", "in_management_group", "wave", "respondent_id")


@dataclass(frozen=True)
class WaveDef:
    """One wave of a study: its label, optional raw values and optional date period."""

    label: str
    values: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file; ``Mapping()`` is the empty mapping."""

    columns: dict[str, str] = field(default_factory=dict)
    items: dict[int, str] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    constants: dict[str, str] = field(default_factory=dict)
    waves: tuple[WaveDef, ...] = ()
    source: str = ""


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise MappingError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def load_mapping(path: str | Path | None) -> Mapping:
    """Read a mapping file (format in this module's docstring); ``None`` gives the empty mapping.

    Raises
    ------
    MappingError
        The file is missing, not YAML, or has an unknown key or a bad value.

    Examples
    --------
    >>> load_mapping(None).columns
    {}
    """
    if path is None:
        return Mapping()
    if isinstance(path, Mapping):
        return path
    p = Path(path)
    if not p.is_file():
        raise MappingError(f"mapping file {p} does not exist")
    where = f"mapping file {p}"
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(f"{where} is not valid YAML: {exc}".replace("\n", " ")) from None
    if not isinstance(doc, dict):
        raise MappingError(f"{where} must be a YAML mapping")
    unknown = set(doc) - {"columns", "items", "values", "missing", "constants", "waves"}
    if unknown:
        raise MappingError(f"{where} has unknown key(s): {', '.join(sorted(map(str, unknown)))}")

    columns = {str(k): str(v) for k, v in (doc.get("columns") or {}).items()}
    bad = set(columns) - set(FIELDS)
    if bad:
        raise MappingError(
            f"{where}: columns has unknown field(s) {', '.join(sorted(bad))} "
            f"(known: {', '.join(FIELDS)}; statements go under items)"
        )
    items: dict[int, str] = {}
    for k, v in (doc.get("items") or {}).items():
        try:
            items[int(k)] = str(v)
        except (TypeError, ValueError):
            raise MappingError(f"{where}: items key {k!r} is not a statement number") from None
    values = doc.get("values") or {}
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise MappingError(f"{where}: values must map a field to {{export code: canonical code}}")
    bad = set(values) - {"function", "in_management_group", "wave", "answers"}
    if bad:
        raise MappingError(f"{where}: values has unknown field(s) {', '.join(sorted(map(str, bad)))}")
    for code in (values.get("function") or {}).values():
        if code not in ("management", "support", "not_stated"):
            raise MappingError(f"{where}: function code {code!r} must be management, support or not_stated")
    for code in (values.get("in_management_group") or {}).values():
        if not isinstance(code, bool):
            raise MappingError(f"{where}: in_management_group codes must be true or false, got {code!r}")
    for code in (values.get("answers") or {}).values():
        if isinstance(code, bool) or not isinstance(code, int):
            raise MappingError(f"{where}: answer codes must be whole numbers, got {code!r}")
    norm_values = {
        fld: {norm(k): (str(v) if fld == "wave" else v) for k, v in m.items()} for fld, m in values.items()
    }
    constants = {str(k): str(v) for k, v in (doc.get("constants") or {}).items()}
    bad = set(constants) - {"municipality", "function", "in_management_group", "wave"}
    if bad:
        raise MappingError(f"{where}: constants has unknown field(s) {', '.join(sorted(bad))}")
    waves: list[WaveDef] = []
    for w in doc.get("waves") or []:
        if not isinstance(w, dict) or "label" not in w:
            raise MappingError(f"{where}: every entry under waves needs a label")
        start = _date(w["from"], where) if "from" in w else None
        end = _date(w["to"], where) if "to" in w else None
        if (start is None) != (end is None):
            raise MappingError(f"{where}: wave {w['label']!r} needs both from and to, or neither")
        if start and end and start > end:
            raise MappingError(f"{where}: wave {w['label']!r} ends before it starts")
        waves.append(WaveDef(str(w["label"]), tuple(norm(v) for v in w.get("values") or []), start, end))
    labels = [w.label for w in waves]
    if len(set(labels)) != len(labels):
        raise MappingError(f"{where}: wave labels must be unique")
    return Mapping(
        columns=columns,
        items=items,
        values=norm_values,
        missing=tuple(norm(m) for m in doc.get("missing") or []),
        constants=constants,
        waves=tuple(waves),
        source=str(p),
    )


@dataclass
class ColumnPlan:
    """Which column of a file holds what: ``fields`` and ``items`` map to column positions."""

    fields: dict[str, int] = field(default_factory=dict)
    items: dict[int, int] = field(default_factory=dict)
    ignored: list[int] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    bare_numbers: set[int] = field(default_factory=set)

    def header_score(self) -> int:
        """How much a row looks like the header: 0 without a statement column; named statements
        and metadata columns count double, bare numbers (which a data row also has) once, and a
        row of bare numbers only counts when they run in order."""
        if not self.items:
            return 0
        if len(self.bare_numbers) == len(self.items):
            # only bare numbers: a header numbers its columns 1, 2, 3... in order; a data row
            # of answers rarely does
            cols = [self.items[k] for k in sorted(self.items)]
            if len(cols) < 2 or cols != sorted(cols):
                return 0
        return 2 * len(self.items) - len(self.bare_numbers) + 2 * len(self.fields)


_ITEM_HEADER = re.compile(
    r"^(?:(?:påstående|påst|fråga|statement|question|item|nr|f|q|p)\s*[-_.#]?\s*)?(\d{1,3})"
    r"(?:\s*[.):\-–]\s*|\s+|$)(.*)$"
)


_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def _statement_texts(instrument: Instrument) -> dict[int, list[str]]:
    return {it.number: [norm(it.sv), norm(it.en)] for it in instrument.items}


def _strip_stem(header: str, instrument: Instrument) -> str:
    for stem in instrument.stem.values():
        s = norm(stem)
        if s and header.startswith(s):
            header = header[len(s):]
            break
    return header.strip(" :-–[]()").strip()


def _match_text(text: str, texts: dict[int, list[str]]) -> list[int]:
    """Statement numbers whose text equals ``text`` or starts with it (>= 20 characters)."""
    text = text.rstrip(".").strip()
    if not text:
        return []
    exact = [n for n, ts in texts.items() if any(text == t for t in ts)]
    if exact:
        return exact
    if len(text) >= 20:
        return [n for n, ts in texts.items() if any(t.startswith(text) for t in ts)]
    return []


def recognise_columns(headers: list[str], instrument: Instrument, mapping: Mapping) -> ColumnPlan:
    """Decide which header is which field or statement.

    Mapped headers win; then the usual headers of :data:`tuffkit.ingest.vocab.FIELD_HEADERS`;
    a statement is recognised by number (``1``, ``F1``, ``Q1``, ``Påstående 1``), by its
    text, or by both when they agree.

    Examples
    --------
    >>> from tuffkit import load_instrument
    >>> plan = recognise_columns(["Kommun", "F1", "Q2", "x"], load_instrument("lfr19"), Mapping())
    >>> plan.fields, plan.items, plan.ignored
    ({'municipality': 0}, {1: 1, 2: 2}, [3])
    """
    plan = ColumnPlan()
    normed = [norm(h) for h in headers]
    texts = _statement_texts(instrument)
    numbers = set(instrument.item_numbers)
    taken: dict[int, str] = {}

    def claim(col: int, what: str) -> bool:
        if col in taken:
            return False
        taken[col] = what
        return True

    for fld, header in mapping.columns.items():
        for i, h in enumerate(normed):
            if h == norm(header) and claim(i, fld):
                plan.fields[fld] = i
                break
    for number, header in mapping.items.items():
        for i, h in enumerate(normed):
            if h == norm(header) and claim(i, f"item {number}"):
                plan.items[number] = i
                break

    for i, h in enumerate(normed):
        if i in taken or not h:
            continue
        bare = _PARENTHESIS.sub("", h).strip()  # "Sitter du i ledningsgruppen? (Ja/Nej)"
        fld = next((f for f, names in FIELD_HEADERS.items() if h in names or norm(bare) in names), None)
        if fld is not None:
            if fld in plan.fields:
                plan.conflicts.append(
                    f"columns {headers[plan.fields[fld]]!r} and {headers[i]!r} both look like {fld}"
                )
            else:
                plan.fields[fld] = i
                taken[i] = fld
            continue
        found: list[int] = []
        m = _ITEM_HEADER.match(h)
        if m:
            number, rest = int(m.group(1)), m.group(2).strip()
            if not rest:
                found = [number] if number in numbers else []
                if found and h == m.group(1):
                    plan.bare_numbers.add(number)
            elif not _strip_stem(rest, instrument):  # "Påstående 1 Upplever du i din roll att"
                found = [number] if number in numbers else []
            else:
                by_text = _match_text(_strip_stem(rest, instrument), texts)
                if by_text == [number]:
                    found = [number]
                elif by_text:
                    plan.conflicts.append(
                        f"column {headers[i]!r} says statement {number} but its text is statement "
                        f"{by_text[0]}"
                    )
                    continue
        if not found:
            found = _match_text(_strip_stem(h, instrument), texts)
            if len(found) > 1:
                plan.conflicts.append(
                    f"column {headers[i]!r} could be statement " + " or ".join(map(str, found))
                )
                continue
        if len(found) == 1:
            number = found[0]
            if number in plan.items:
                plan.conflicts.append(
                    f"columns {headers[plan.items[number]]!r} and {headers[i]!r} both look like "
                    f"statement {number}"
                )
            else:
                plan.items[number] = i
                taken[i] = f"item {number}"
    plan.ignored = [i for i in range(len(headers)) if i not in taken]
    plan.items = dict(sorted(plan.items.items()))
    return plan
