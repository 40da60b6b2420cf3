"""Mapping files: how an export's own headers and codes map onto tuffkit's canonical ones.

Most exports need no mapping: :mod:`tuffkit.ingest.vocab` recognises the usual Swedish
and English headers, the question forms of web survey tools and their own columns
(:mod:`tuffkit.ingest.layouts`). A mapping file (YAML) covers the rest; ``tuffkit inspect
FILE`` drafts one. Every key is optional::

    columns:                 # canonical field -> the export's header (or column id), as written
      municipality: "Vilken förvaltning/kommun?"
      function: "Befattning"
      in_management_group: "Ledningsgrupp J/N"
      wave: "Enkät"
      respondent_id: "Svarsnummer"
      timestamp: "Besvarad"  # the time of the response, when the waves come from dates
    items:                   # statement number -> the export's header
      1: "Strategisk tid"
      2: "Min tid"
    values:                  # the export's codes -> canonical codes or texts
      municipality: {A1: Botkyrka, A2: Ronneby}      # answer codes of the municipality question
      function: {Förvaltningschef: management, Controller: support, Annan: not_stated}
      in_management_group: {J: true, N: false}
      wave: {"Hösten 2012": "2012-10"}
      answers: {"Stämmer helt": 7}
      "Vilken funktion har du?": {"1": Ledningsfunktion, "2": Stödfunktion}  # any column, by header
    missing: ["Kan ej bedöma"]   # more answer texts that mean "no answer"
    constants:               # a value for every row of a file that lacks the column
      wave: "2014"
    ignore: ["Hur länge har du arbetat i kommunen?"]  # columns to leave out on purpose
    waves:                   # the study's waves, in order; dates are assigned by period
      - {label: "2012-10", from: 2012-10-01, to: 2012-10-31}
      - {label: "2014", from: 2014-01-01, to: 2014-03-31, values: ["Uppföljning 2014"]}

When ``waves`` is given, it is the complete list: any other wave is rejected
as unknown. Without it, a wave is recognised as ``YYYY``, ``YYYY-MM`` or a
month name and year (``oktober 2012``, ``okt 2012``); dates (a wave column of dates,
or the tools' timestamps) are read as described in :mod:`tuffkit.ingest.dates`.

A column the loader does not use but whose header is about a metadata field (it mentions
kommun, funktion, roll, ledningsgrupp, omgång...) stops the ingest: it may hold what the
reports need under a name the loader does not know. Name it under ``columns`` or list it
under ``ignore``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tuffkit.errors import MappingError
from tuffkit.ingest.vocab import CONCEPT_WORDS, FIELD_HEADERS, OTHER_LABELS, TIMESTAMP_HEADERS, UNIT_HEADERS
from tuffkit.instrument import Instrument
from tuffkit.names import norm

__all__ = ["Mapping", "WaveDef", "ColumnPlan", "load_mapping", "recognise_columns", "concept_of"]

FIELDS = ("municipality", "function", "in_management_group", "wave", "respondent_id", "timestamp")
#: ``values:`` keys with their own meaning; any other key names a column by its header.
VALUE_FIELDS = ("municipality", "function", "in_management_group", "wave", "answers")


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
    ignore: tuple[str, ...] = ()
    source: str = ""
    #: the study's wave ids (tuffkit.study): a wave cell that names one of them exactly is that wave
    study_waves: tuple[str, ...] = ()
    #: the study's word for one unit in English (tuffkit.study), for messages; "" without a study
    unit_word: str = ""

    def column_values(self, header: str, fld: str | None) -> dict[str, str] | None:
        """The ``values:`` codebook of a column, by its header or by the field it holds
        (``municipality`` and headers only: the other fields' values are canonical codes)."""
        by_header = self.values.get(f"column:{norm(header)}")
        if by_header is not None:
            return by_header
        return self.values.get("municipality") if fld == "municipality" else None


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
    unknown = set(doc) - {"columns", "items", "values", "missing", "constants", "waves", "ignore"}
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
        raise MappingError(f"{where}: values must map a field or a column's header to {{export code: value}}")
    for code in (values.get("function") or {}).values():
        if code not in ("management", "support", "not_stated"):
            raise MappingError(f"{where}: function code {code!r} must be management, support or not_stated")
    for code in (values.get("in_management_group") or {}).values():
        if not isinstance(code, bool):
            raise MappingError(f"{where}: in_management_group codes must be true or false, got {code!r}")
    for code in (values.get("answers") or {}).values():
        if isinstance(code, bool) or not isinstance(code, int):
            raise MappingError(f"{where}: answer codes must be whole numbers, got {code!r}")
    for key, m in values.items():
        if key not in VALUE_FIELDS and not all(isinstance(v, (str, int)) and not isinstance(v, bool)
                                               for v in m.values()):
            raise MappingError(f"{where}: values for column {key!r} must map codes to texts or numbers")
    norm_values = {
        (fld if fld in VALUE_FIELDS else f"column:{norm(fld)}"):
        {norm(k): (str(v) if fld not in ("function", "in_management_group", "answers") else v)
         for k, v in m.items()}
        for fld, m in values.items()
    }
    ignore = doc.get("ignore") or []
    if not isinstance(ignore, list):
        raise MappingError(f"{where}: ignore must be a list of column headers")
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
        ignore=tuple(str(x) for x in ignore),
        source=str(p),
    )


@dataclass
class ColumnPlan:
    """Which column of a file holds what: ``fields`` and ``items`` map to column positions.

    ``stamps`` are the columns with the time of a response, best first; ``others`` the
    "other (please specify)" text column of a field; ``concepts`` the unused columns whose
    header is about a field (``(column, field)``); ``numbered_by_code`` the LimeSurvey
    question whose subquestion codes (``F1[SQ001]``) number the statements.
    """

    fields: dict[str, int] = field(default_factory=dict)
    items: dict[int, int] = field(default_factory=dict)
    ignored: list[int] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    bare_numbers: set[int] = field(default_factory=set)
    stamps: list[int] = field(default_factory=list)
    others: dict[str, int] = field(default_factory=dict)
    concepts: list[tuple[int, str]] = field(default_factory=list)
    numbered_by_code: str | None = None

    def header_score(self) -> int:
        """How much a row looks like the header: 0 without a statement column; named statements
        and metadata columns count double, bare numbers (which a data row also has) once, and a
        row of bare numbers only counts when they run in order."""
        if not self.items:
            return 0
        if len(self.bare_numbers) == len(self.items):
            # only bare numbers: a header numbers adjacent columns 1, 2, 3... in order; a data
            # row of answers, ids and page numbers does not
            numbers = sorted(self.items)
            cols = [self.items[k] for k in numbers]
            runs = all(b - a == 1 for a, b in itertools.pairwise(cols)) and all(
                b - a == 1 for a, b in itertools.pairwise(numbers))
            if len(cols) < (2 if self.fields else 3) or not runs:  # a named field is never data
                return 0
        return 2 * len(self.items) - len(self.bare_numbers) + 2 * len(self.fields) + len(self.stamps)


#: a question's number and its row's: "4.1 <text>", "Q4_1", "F4.1", "4.1" (question 4, row 1)
_TWO_LEVEL = re.compile(r"^([a-z]{1,2})?(\d{1,3})[._](\d{1,3})(?:[.):]?\s+(.*))?$")

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
    return header.strip(" :-–.[]()").strip()


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


_SQ_CODE = re.compile(r"^([a-z][a-z0-9]*)(?:\[(?:sq)?0*(\d{1,3})\]|_(?:sq)?0*(\d{1,3}))$")
_CODE_PREFIX = re.compile(r"^[a-z][a-z0-9_]*(?:\[[a-z0-9_]+\])?\.\s+")  # "kommun. Vilken kommun..."
_NUMBER_PREFIX = re.compile(r"^(?:[a-z]{0,2}\d{1,3}[a-z]?)[.):]\s+")  # "1. Vilken kommun...", "Q2) ..."
_OTHER_CODE = re.compile(r"^(.+?)(?:\[other\]|_other|_\d+_text)$")


_XML_PATH = re.compile(r"[a-z0-9_]+(?:[/-][a-z0-9_]+)*[/-]([a-z][a-z0-9_]*)")


def _path_tail(h: str) -> str | None:
    """The field of an XML path header: KoboToolbox's ``bakgrund/kommun``, ODK Central's ``lfr-p1``."""
    m = _XML_PATH.fullmatch(h) if " " not in h else None
    return m.group(1) if m else None


def _header_forms(h: str) -> list[str]:
    """The forms of a normalised header worth looking up: as written, without a closing
    parenthesis (``(Ja/Nej)``), and without a LimeSurvey ``code.`` prefix."""
    forms = [h]
    bare = norm(_PARENTHESIS.sub("", h))
    if bare and bare != h:
        forms.append(bare)
    if tail := _path_tail(h):
        forms.append(tail)
    m = _CODE_PREFIX.match(h) or _NUMBER_PREFIX.match(h)
    if m:
        forms += _header_forms(norm(h[m.end():]))
    return forms


def _statement_parts(h: str) -> list[str]:
    """Where a statement's text may sit in a header: after the question (``Question [text]``,
    ``Question - text``, ``Question: text``) or before it (``[text] Question``, SPSS labels
    of LimeSurvey)."""
    parts = []
    if m := re.search(r"\[([^\[\]]+)\]\s*$", h):
        parts.append(m.group(1))
    if m := re.match(r"^\[([^\[\]]+)\]", h):
        parts.append(m.group(1))
    if " - " in h:
        parts.append(h.rsplit(" - ", 1)[1])
    return [norm(x) for x in parts if norm(x)]


def _field_of(forms: list[str]) -> str | None:
    for f in forms:
        fld = next((k for k, names in FIELD_HEADERS.items() if f in names), None)
        if fld is not None:
            return fld
    return None


def _stamp_rank(forms: list[str]) -> int | None:
    for f in forms:
        if re.fullmatch(r"[a-z][a-z0-9_]*_timestamp", f):  # REDCap's "<form>_timestamp"
            return 0
        for rank, names in enumerate(TIMESTAMP_HEADERS):
            if f in names:
                return rank
    return None


def concept_of(header: str) -> str | None:
    """The metadata field a header is about, by its words (``Arbetar du i kommunens
    ledningsgrupp?`` is about the management group), or ``None``.

    Examples
    --------
    >>> concept_of("Hur länge har du arbetat i kommunen?"), concept_of("Övriga kommentarer")
    ('municipality', None)
    """
    h = norm(header)
    found = None
    for fld, words in CONCEPT_WORDS.items():
        for w in words:
            if re.search(r"(?<![a-zåäö])" + re.escape(w) + r"(?!ic)", h):  # not "kommunicera"
                found = fld  # the last match wins: "ledningsgrupp" beats "kommun" in "kommunens ledningsgrupp"
                break
    return found


def recognise_columns(headers: list[str], instrument: Instrument, mapping: Mapping,
                      codes: list[str] | None = None) -> ColumnPlan:
    """Decide which header is which field or statement.

    Mapped headers win; then the usual headers and question forms of
    :data:`tuffkit.ingest.vocab.FIELD_HEADERS`; a statement is recognised by number (``1``,
    ``F1``, ``Q1``, ``Påstående 1``), by its text (alone, or after the question as
    ``Question [text]`` or ``Question - text``), by both when they agree, or by a LimeSurvey
    subquestion code (``F1[SQ001]``, ``F1_SQ001``) when one question holds them all.
    ``codes`` are column ids to try where a header says nothing (a Qualtrics export's first
    row, an SPSS file's variable names).

    Examples
    --------
    >>> from tuffkit import load_instrument
    >>> plan = recognise_columns(["Kommun", "F1", "Q2", "x"], load_instrument("lfr19"), Mapping())
    >>> plan.fields, plan.items, plan.ignored
    ({'municipality': 0}, {1: 1, 2: 2}, [3])
    """
    plan = ColumnPlan()
    normed = [norm(h) for h in headers]
    coded = [norm(c) for c in codes] if codes else [""] * len(headers)
    coded += [""] * (len(headers) - len(coded))
    texts = _statement_texts(instrument)
    numbers = set(instrument.item_numbers)
    taken: dict[int, str] = {}
    ignore = {norm(x) for x in mapping.ignore}

    def claim(col: int, what: str) -> bool:
        if col in taken:
            return False
        taken[col] = what
        return True

    for fld, header in mapping.columns.items():
        for i, h in enumerate(normed):
            if norm(header) in (h, coded[i]) and claim(i, fld):
                if fld == "timestamp":
                    plan.stamps.append(i)
                else:
                    plan.fields[fld] = i
                break
    for number, header in mapping.items.items():
        for i, h in enumerate(normed):
            if norm(header) in (h, coded[i]) and claim(i, f"item {number}"):
                plan.items[number] = i
                break
    for i, h in enumerate(normed):
        if i not in taken and (h in ignore or (coded[i] and coded[i] in ignore)):
            taken[i] = "ignored"

    stamp_rank: dict[int, int] = {}
    sq_columns: dict[int, tuple[str, int]] = {}
    coded_items: set[int] = set()  # statements known only by a code such as "Q1" or "F1"
    for i, h in enumerate(normed):
        if i in taken or not (h or coded[i]):
            continue
        forms = _header_forms(h) if h else []
        if coded[i] and coded[i] != h:
            forms.append(coded[i])
        fld = _field_of(forms)
        if fld is not None:
            if fld in plan.fields:
                plan.conflicts.append(
                    f"columns {headers[plan.fields[fld]]!r} and {headers[i]!r} both look like {fld}"
                )
            else:
                plan.fields[fld] = i
                taken[i] = fld
            continue
        rank = _stamp_rank(forms)
        if rank is not None:
            stamp_rank[i] = rank
            taken[i] = "timestamp"
            continue
        h = _path_tail(h) or h  # a statement by its field's name ("lfr/p1" is "p1")
        sq = _SQ_CODE.match(h) or (_SQ_CODE.match(coded[i]) if coded[i] else None)
        if sq and "[" in sq.group(0) or sq and "sq" in sq.group(0):
            sq_columns[i] = (sq.group(1), int(sq.group(2) or sq.group(3)))
            continue
        found: list[int] = []
        # a statement's text in a question's header ("4. Question [text]", "Question - text") says
        # which statement it is; a number in front of the question is the question's number
        for part in _statement_parts(h):
            numbered = _NUMBER_PREFIX.match(part)
            by_text = _match_text(part[numbered.end():] if numbered else part, texts)
            if len(by_text) == 1:
                said = int(re.sub(r"\D", "", numbered.group(0))) if numbered else None
                if said is not None and said != by_text[0] and said in numbers:
                    plan.conflicts.append(f"column {headers[i]!r} says statement {said} but its text is statement "
                                          f"{by_text[0]}")
                found = by_text
                break
        # a numbered question's rows: "4.1 <statement>", or the code alone ("Q4_1", "F4.1", "4.1")
        two = None if found else (_TWO_LEVEL.match(h) or (_TWO_LEVEL.match(coded[i]) if coded[i] else None))
        if two:
            question, sub, rest = (two.group(1) or "") + two.group(2), int(two.group(3)), (two.group(4) or "").strip()
            if not rest:
                sq_columns[i] = (question, sub)
                continue
            by_text = _match_text(_strip_stem(rest, instrument), texts)
            if len(by_text) == 1 and sub in numbers and sub != by_text[0]:
                plan.conflicts.append(f"column {headers[i]!r} says statement {sub} but its text is statement "
                                      f"{by_text[0]}")
                continue
            found = by_text
        m = None if found else _ITEM_HEADER.match(h)
        if m:
            number, rest = int(m.group(1)), m.group(2).strip()
            if not rest:
                found = [number] if number in numbers else []
                if found and h == m.group(1):
                    plan.bare_numbers.add(number)
                elif found:
                    coded_items.add(number)
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
            for part in _statement_parts(h) if not found else []:
                found = _match_text(part, texts)
                if found:
                    break
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

    # LimeSurvey code headings: F1[SQ001]..F1[SQ019] number the statements when one question
    # holds them all and its subquestion numbers are the instrument's
    if sq_columns:
        questions = {q for q, _ in sq_columns.values()}
        by_number = {k: i for i, (_, k) in sq_columns.items()}
        clash = set(by_number) & set(plan.items)
        if clash and clash <= coded_items:
            # "Q1" is a question code here (the municipality question), not statement 1
            for k in clash:
                taken.pop(plan.items.pop(k))
        if (len(questions) == 1 and len(by_number) == len(sq_columns)
                and set(by_number) <= numbers and not (set(by_number) & set(plan.items))):
            for k, i in by_number.items():
                plan.items[k] = i
                taken[i] = f"item {k}"
            plan.numbered_by_code = headers[min(by_number.values())]
    plan.stamps += sorted(stamp_rank, key=lambda i: (stamp_rank[i], i))
    # no municipality column: a column of the study's units ("Enhet", "Arbetsplats"), when exactly one
    if "municipality" not in plan.fields:
        units = [i for i, h in enumerate(normed) if i not in taken and h in UNIT_HEADERS]
        if len(units) == 1:
            plan.fields["municipality"] = units[0]
            taken[units[0]] = "municipality"

    # an "other (please specify)" text column of a field: "Vilken kommun...? [Annan]",
    # Qualtrics "Q1_7_TEXT", LimeSurvey "kommun[other]"
    for i, h in enumerate(normed):
        if i in taken:
            continue
        for fld, j in plan.fields.items():
            base = normed[j]
            m = _OTHER_CODE.match(coded[i] or h)
            q, _, sub = h.rpartition(" [")
            if (q and norm(q) == base and norm(sub.rstrip("]")) in OTHER_LABELS) or (
                m and m.group(1) in (coded[j] or base, base)
            ) or (h.startswith(base + " - ") and norm(h[len(base) + 3:]).startswith(("annan", "annat", "other"))):
                plan.others.setdefault(fld, i)
                taken[i] = f"other {fld}"
                break
    plan.ignored = [i for i in range(len(headers)) if i not in taken]
    plan.concepts = [(i, c) for i in plan.ignored if (c := concept_of(headers[i])) is not None]
    plan.items = dict(sorted(plan.items.items()))
    return plan
