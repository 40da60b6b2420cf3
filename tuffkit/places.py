"""Sweden's municipalities and counties, as Statistics Sweden (SCB) codes and names them, and
reading a unit's name however a survey tool writes it.

The codes and names are in ``tuffkit/data/scb_municipalities.csv`` (SCB's
"Kommuner i län" register: 290 municipalities in 21 counties, unchanged since 1 January 2007;
source and date in ``tuffkit/data/README.md``).

Exports write one municipality in many ways: ``Halmstad``, ``Halmstads kommun`` (the official
name, a genitive), ``Göteborgs Stad``, ``Region Gotland``, ``1380``, ``1380 Halmstad``,
``Halmstad (1380)``. :func:`municipality` reads each of them as SCB's name; a four-digit code
that is not SCB's is an error, never a new unit.

Examples
--------
>>> municipality("Halmstads kommun"), municipality("0127 Botkyrka"), municipality("Solgläntan")
(('Halmstad', None), ('Botkyrka', None), (None, None))
>>> municipality("0199")
(None, "'0199': 0199 is not one of Statistics Sweden's municipality codes")
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

__all__ = ["municipality", "municipalities", "counties", "county_of", "is_code_column"]

_DATA = Path(__file__).parent / "data" / "scb_municipalities.csv"


@cache
def _table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """``(code -> municipality, code -> county, casefolded name -> code)``."""
    munis, counties, by_name = {}, {}, {}
    with _DATA.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            munis[row["code"]] = row["municipality"]
            counties[row["county_code"]] = row["county"]
            by_name[row["municipality"].casefold()] = row["code"]
    return munis, counties, by_name


def municipalities() -> dict[str, str]:
    """SCB's municipality codes and names (``{"0114": "Upplands Väsby", ...}``, 290)."""
    return dict(_table()[0])


def counties() -> dict[str, str]:
    """SCB's county codes and names (``{"01": "Stockholms län", ...}``, 21)."""
    return dict(_table()[1])


def county_of(name: str) -> str | None:
    """The county of a municipality named as SCB names it (``"Botkyrka"`` -> ``"Stockholms län"``)."""
    munis, counties_, by_name = _table()
    code = by_name.get(name.casefold())
    return counties_[code[:2]] if code else None


_CODE_FIRST = re.compile(r"^(\d{3,4})(?:\s*[-–—:.,]?\s+(.*?))?$")
_CODE_LAST = re.compile(r"^(.*?)\s*[(\[](\d{3,4})[)\]]$")
_SUFFIX = re.compile(r"\s+(kommun|stad|municipality|city)$", re.IGNORECASE)
_PREFIX = re.compile(r"^(region|municipality of|city of)\s+", re.IGNORECASE)
_IRREGULAR = {"falu": "falun"}  # official names whose genitive is not the name plus s


def _tidy(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ").split())


def _by_name(text: str) -> str | None:
    """SCB's name for a written name, or None."""
    munis, _, by_name = _table()
    key = text.casefold()
    if key in by_name:
        return munis[by_name[key]]
    stripped = _PREFIX.sub("", _SUFFIX.sub("", text))
    if stripped == text:
        return None
    key = stripped.casefold()
    key = _IRREGULAR.get(key, key)
    if key in by_name:
        return munis[by_name[key]]
    if key.endswith("s") and key[:-1] in by_name:  # the genitive of "Halmstads kommun"
        return munis[by_name[key[:-1]]]
    return None


def municipality(text: str) -> tuple[str | None, str | None]:
    """SCB's name of the municipality ``text`` writes, ``(name, None)``; ``(None, None)`` when
    it names no municipality (another kind of unit); ``(None, why)`` for a code that is not a
    municipality's, or a code and a name that disagree."""
    t = _tidy(text)
    munis, _, _ = _table()
    m = _CODE_FIRST.match(t) or _CODE_LAST.match(t)
    if m:
        code, name = (m.group(1), m.group(2)) if m.re is _CODE_FIRST else (m.group(2), m.group(1))
        code = code.zfill(4)
        said = _by_name(name) if name else None
        if name and said is None:
            return None, None  # a number before another kind of unit's name ("12 Solgläntan")
        if code not in munis:
            if name is None and len(m.group(1 if m.re is _CODE_FIRST else 2)) < 4:
                return None, None
            return None, f"{t!r}: {code} is not one of Statistics Sweden's municipality codes"
        if said is not None and said != munis[code]:
            return None, f"{t!r}: {code} is {munis[code]} in Statistics Sweden's codes, not {said}"
        return munis[code], None
    return _by_name(t), None


def is_code_column(values: list[str]) -> bool:
    """Whether every value is a municipality code of SCB (``0127``, or ``127`` where a
    spreadsheet dropped the leading zero): a column of municipalities by their codes."""
    munis = _table()[0]
    vals = [v.strip() for v in values if v and v.strip()]
    return bool(vals) and all(v.isdigit() and 3 <= len(v) <= 4 and v.zfill(4) in munis for v in vals)
