"""Parsing single cells of an export into canonical values.

Each parser takes one raw cell text (never blank: blanks are handled by the
caller) and returns ``(value, problem)``: the canonical value, or ``None`` with
a one-line reason. A reason never quotes the cell: it goes into ``rejected.csv`` and
``problems.csv``, which are shared, and a cell may hold what a respondent wrote.
Loaders call them once per *distinct* text in a column, so
their speed does not depend on the number of rows.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata

from tuffkit.ingest.mapping import Mapping
from tuffkit.ingest.vocab import FUNCTION_VALUES, MISSING_VALUES, MONTHS, NO_VALUES, YES_VALUES
from tuffkit.instrument import Scale
from tuffkit.names import norm
from tuffkit.places import municipality

__all__ = [
    "AnswerParser",
    "parse_function",
    "parse_yes_no",
    "parse_wave",
    "parse_municipality",
    "municipality_problem",
    "written_name",
    "MISSING",
    "NO_ANSWER_CODE",
]

#: Marker for "a valid no-answer" (blank, ``Vet ej``, ``Ej svar``): missing, but no problem.
MISSING = "missing"

#: The reason given for a negative whole number below the scale (Qualtrics' -99 "seen but
#: unanswered", -98): a tool's code for no answer, missing and counted, never an answer.
NO_ANSWER_CODE = "a survey tool's code for no answer (such as Qualtrics' -99 for seen but unanswered)"

_NUMBER_LEAD = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)(?:\s*[-–—:.)=]\s*|\s+|$)(.*)$")
_NUMBER_AFTER = re.compile(r"^(\D*\S)\s*\((\d+)\)$")  # LimeSurvey's full answers: "Instämmer helt (7)"


class AnswerParser:
    """Parse answers on an instrument's scale: ``7``, ``Instämmer helt``, ``7 - Instämmer helt``.

    Examples
    --------
    >>> from tuffkit import load_instrument
    >>> p = AnswerParser(load_instrument("lfr19").scale)
    >>> p("7 - Instämmer helt"), p("Vet ej"), p("4,5")
    ((7, None), ('missing', None), (None, 'not a whole number'))
    """

    def __init__(self, scale: Scale, mapping: Mapping | None = None) -> None:
        self.scale = scale
        mapping = mapping or Mapping()
        self.labels: dict[str, int] = {}
        for step, texts in scale.labels.items():
            for t in texts.values():
                self.labels[norm(t)] = step
        self.labels.update({k: int(v) for k, v in mapping.values.get("answers", {}).items()})
        #: what the mapping says each bare number means (a scale numbered from its top end)
        self.numbers = {k: int(v) for k, v in mapping.values.get("answers", {}).items() if re.fullmatch(r"-?\d+", k)}
        self.missing = set(MISSING_VALUES) | set(mapping.missing)
        for texts in scale.missing:
            self.missing.update(norm(t) for t in texts.values())

    def without_numbers(self) -> AnswerParser:
        """This parser without the mapping's meanings of bare numbers: for a column already read
        through its codebook, whose numbers are the steps."""
        twin = copy.copy(self)
        twin.numbers = {}
        return twin

    def _range(self, value: int) -> tuple[int | None, str | None]:
        if self.scale.min <= value <= self.scale.max:
            return value, None
        return None, f"outside the scale {self.scale.min}..{self.scale.max}"

    def __call__(self, raw: str) -> tuple[int | str | None, str | None]:
        text = norm(raw)
        if not text and str(raw).strip():
            return None, f"not an answer on the scale {self.scale.min}..{self.scale.max}"
        if not text or text in self.missing:
            return MISSING, None
        if text in self.labels:
            return self._range(self.labels[text])
        if after := _NUMBER_AFTER.match(text):
            text = f"{after.group(2)} {after.group(1)}"
        m = _NUMBER_LEAD.match(text)
        if not m:
            return None, f"not an answer on the scale {self.scale.min}..{self.scale.max}"
        number, label = m.group(1).replace(",", "."), m.group(2).strip()
        try:
            as_float = float(number)
        except ValueError:  # pragma: no cover - the pattern only admits numbers
            return None, "not a number"
        if not as_float.is_integer():
            return None, "not a whole number"
        value = int(as_float)
        if value < 0 and not label and value < self.scale.min:
            return None, NO_ANSWER_CODE
        value = self.numbers.get(str(value), value)  # a mapping's values: answers: for the numbers
        if label:
            said = self.labels.get(label)
            if said is not None and said != value:
                return None, "the number and the label after it disagree"
            if said is None and label not in self.missing:
                return None, "an unknown label after the number (not in the instrument)"
        return self._range(value)


def parse_function(raw: str, mapping: Mapping | None = None) -> tuple[str | None, str | None]:
    """Map a function cell to ``management``, ``support`` or ``not_stated``.

    Examples
    --------
    >>> parse_function("Stödfunktion"), parse_function("Politiker")
    (('support', None), (None, 'not a known function (ledning/stöd)'))
    """
    text = norm(raw)
    extra = (mapping or Mapping()).values.get("function", {})
    if text in extra:
        return extra[text], None
    if not text or text in MISSING_VALUES:
        return "not_stated", None
    if text in FUNCTION_VALUES:
        return FUNCTION_VALUES[text], None
    return None, "not a known function (ledning/stöd)"


def parse_yes_no(raw: str, mapping: Mapping | None = None) -> tuple[bool | str | None, str | None]:
    """Map a yes/no cell (``Ja``/``Nej``/``X``/``1``/``0``...) to True/False.

    Examples
    --------
    >>> parse_yes_no("Ja"), parse_yes_no("Nej"), parse_yes_no("kanske")
    ((True, None), (False, None), (None, 'not yes or no'))
    """
    text = norm(raw)
    extra = (mapping or Mapping()).values.get("in_management_group", {})
    if text in extra:
        return bool(extra[text]), None
    if not text or text in MISSING_VALUES:
        return MISSING, None
    if text in YES_VALUES:
        return True, None
    if text in NO_VALUES:
        return False, None
    return None, "not yes or no"


_YEAR = re.compile(r"^(\d{4})$")
# "2012.1" is what Excel makes of a number typed as 2012,10: a dot needs two month digits
_YEAR_MONTH = re.compile(r"^(\d{4})(?:[-/](\d{1,2})|\.(\d{2}))$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ t]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_MONTH_YEAR = re.compile(r"^([a-zåäö]+)\.?\s+(\d{4})$")
_YEAR_MONTHNAME = re.compile(r"^(\d{4})\s+([a-zåäö]+)\.?$")


def _canonical_wave(text: str) -> tuple[str | None, dt.date | None]:
    """``(label, None)`` for a wave label, ``(None, date)`` for a date, ``(None, None)`` otherwise."""
    if m := _YEAR.match(text):
        return m.group(1), None
    if (m := _YEAR_MONTH.match(text)) and 1 <= int(month := m.group(2) or m.group(3)) <= 12:
        return f"{m.group(1)}-{int(month):02d}", None
    if m := _DATE.match(text):
        try:
            return None, dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None, None
    for pattern, month_group, year_group in ((_MONTH_YEAR, 1, 2), (_YEAR_MONTHNAME, 2, 1)):
        if (m := pattern.match(text)) and m.group(month_group) in MONTHS:
            return f"{m.group(year_group)}-{MONTHS[m.group(month_group)]:02d}", None
    return None, None


def parse_wave(raw: str, mapping: Mapping | None = None) -> tuple[str | None, str | None]:
    """Map a wave cell to its canonical label (rules in :mod:`tuffkit.ingest.mapping`).

    Examples
    --------
    >>> parse_wave("Oktober 2012"), parse_wave("2013-5"), parse_wave("hösten")
    (('2012-10', None), ('2013-05', None), (None, "not a wave (a year, a year and month, or one of the study's waves)"))
    """
    mapping = mapping or Mapping()
    text = norm(raw)
    extra = mapping.values.get("wave", {})
    if text in extra:
        text = norm(extra[text])
    for w in mapping.waves:
        if text in w.values or text == norm(w.label):
            return w.label, None
    for w in mapping.study_waves:  # the study file's own names for its waves ("Våren 2024")
        if text == norm(w):
            return w, None
    label, date = _canonical_wave(text)
    if mapping.waves:
        if label is not None:
            for w in mapping.waves:
                if norm(w.label) == label:
                    return w.label, None
        if date is not None:
            for w in mapping.waves:
                if w.start is not None and w.end is not None and w.start <= date <= w.end:
                    return w.label, None
            return None, "a date in no wave period of the mapping file"
        return None, "not a wave (not among the mapping file's waves)"
    if label is not None:
        return label, None
    if date is not None:
        return None, "wave given as a date; list the wave periods under 'waves:' in a mapping file"
    return None, "not a wave (a year, a year and month, or one of the study's waves)"


_KOMMUN_SUFFIX = re.compile(r"\s+(kommun|municipality)$", re.IGNORECASE)


def parse_municipality(raw: str) -> str:
    """Tidy a unit's name: Unicode NFC (å typed as a + ring is å), single spaces, no trailing
    ``kommun``; a municipality however it is written (``Halmstads kommun``, ``1380``, ``0127
    Botkyrka``, ``Region Gotland``) as Statistics Sweden names it (:mod:`tuffkit.places`).

    Examples
    --------
    >>> parse_municipality("  Botkyrka kommun "), parse_municipality("Halmstads kommun")
    ('Botkyrka', 'Halmstad')
    """
    name, _ = municipality(str(raw))
    return name or written_name(raw)


def written_name(raw: str) -> str:
    """A unit's name as written: NFC, single spaces, no trailing ``kommun`` (no other reading)."""
    text = " ".join(unicodedata.normalize("NFC", str(raw)).replace("\u00a0", " ").split())
    return _KOMMUN_SUFFIX.sub("", text)


def municipality_problem(raw: str) -> str | None:
    """Why ``raw`` cannot be a unit: a municipality code that is not Statistics Sweden's, or a
    code and a name that disagree (``0127 Ronneby``); else None."""
    return municipality(str(raw))[1]
