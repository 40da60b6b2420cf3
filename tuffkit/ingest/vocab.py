"""What the loaders recognise: header names and answer codes, in Swedish and English.

All comparisons go through :func:`norm`, so case, surrounding blanks, doubled
spaces and a trailing ``?``, ``:`` or ``.`` never matter. Everything here can be
extended for one export with a mapping file (see :mod:`tuffkit.ingest.mapping`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "FIELD_HEADERS",
    "FUNCTION_VALUES",
    "YES_VALUES",
    "NO_VALUES",
    "MISSING_VALUES",
    "NO_MUNICIPALITY",
    "SUMMARY_LABELS",
    "MONTHS",
]

#: Canonical metadata field -> recognised headers (already normalised).
FIELD_HEADERS: dict[str, set[str]] = {
    "municipality": {
        "kommun", "kommunnamn", "din kommun", "vilken kommun", "vilken kommun arbetar du i",
        "vilken kommun tillhör du", "municipality", "municipality name", "kommun/organisation",
    },
    "function": {
        "funktion", "roll", "din roll", "din funktion", "role", "function", "your role",
        "roll i organisationen", "din roll i organisationen",
        "ledning/stöd", "ledning eller stöd", "funktion (ledning/stöd)", "roll (ledning/stöd)",
        "tillhör du ledning eller stöd", "ledning eller stödfunktion",
    },
    "in_management_group": {
        "sitter du i ledningsgruppen", "ingår du i ledningsgruppen", "sitter i ledningsgruppen",
        "ledningsgrupp", "ledningsgruppen", "i ledningsgruppen", "management group",
        "in management group", "in the management group", "member of the management group",
        "are you in the management group", "do you sit in the management group",
    },
    "wave": {
        "omgång", "enkätomgång", "mättillfälle", "tillfälle", "wave", "round", "survey wave",
        "datum", "date", "enkätdatum",
    },
    "respondent_id": {
        "id", "löpnr", "löpnummer", "respondent", "respondent id", "respondentid", "svars-id",
        "svarsid", "svar-id", "response id", "responseid", "enkätnr", "enkätnummer",
        "formulärnr", "formulär nr", "blankett nr",
    },
}

#: Canonical codes of the ``function`` column.
FUNCTION_VALUES: dict[str, str] = {
    **dict.fromkeys(
        ["ledning", "ledningen", "ledningsfunktion", "ledningsfunktionen", "chef", "chefer",
         "management", "manager", "leadership"], "management"),
    **dict.fromkeys(
        ["stöd", "stödet", "stödfunktion", "stödfunktioner", "stödfunktionen", "stab",
         "support", "support function", "support functions"], "support"),
    **dict.fromkeys(
        ["ej angivet", "ej angiven", "vill ej ange", "vill ej uppge", "uppgift saknas",
         "not stated", "not given", "-"], "not_stated"),
}

YES_VALUES: frozenset[str] = frozenset(["ja", "j", "yes", "y", "x", "1", "sant", "true"])
NO_VALUES: frozenset[str] = frozenset(["nej", "n", "no", "0", "falskt", "false"])

#: Answers that mean "no answer" on any scale (besides a blank cell).
MISSING_VALUES: frozenset[str] = frozenset(
    ["vet ej", "vet inte", "ej svar", "inget svar", "ej besvarad", "kan ej svara",
     "don't know", "dont know", "do not know", "no answer", "n/a", "na", "-", "–"]
)

#: Municipality-cell texts that say the municipality is not known (the row is rejected).
NO_MUNICIPALITY: frozenset[str] = MISSING_VALUES | frozenset(
    ["ej angivet", "ej angiven", "vill ej ange", "vill ej uppge", "uppgift saknas", "okänd", "okänt",
     "unknown", "not stated", "0", "x"]
)

#: Municipality-cell texts that mark a summary row of a compiled sheet, not a respondent.
SUMMARY_LABELS: frozenset[str] = frozenset(
    ["totalt", "total", "summa", "sum", "medel", "medelvärde", "genomsnitt", "snitt",
     "mean", "average", "antal", "count", "alla", "samtliga"]
)

MONTHS: dict[str, int] = {
    **dict.fromkeys(["jan", "januari", "january"], 1),
    **dict.fromkeys(["feb", "februari", "february"], 2),
    **dict.fromkeys(["mar", "mars", "march"], 3),
    **dict.fromkeys(["apr", "april"], 4),
    **dict.fromkeys(["maj", "may"], 5),
    **dict.fromkeys(["jun", "juni", "june"], 6),
    **dict.fromkeys(["jul", "juli", "july"], 7),
    **dict.fromkeys(["aug", "augusti", "august"], 8),
    **dict.fromkeys(["sep", "sept", "september"], 9),
    **dict.fromkeys(["okt", "oktober", "oct", "october"], 10),
    **dict.fromkeys(["nov", "november"], 11),
    **dict.fromkeys(["dec", "december"], 12),
}

_SYNTHETIC = re.compile(r"syntetisk|synthetic|fiktiv|fictitious", re.IGNORECASE)


def is_synthetic(lines: Iterable[str]) -> bool:
    """Whether a file's title lines label its data as synthetic (``SYNTETISKA EXEMPELDATA``).

    >>> is_synthetic(["Leda för Resultat III", "SYNTETISKA EXEMPELDATA – inte verkliga svar"])
    True
    >>> is_synthetic(["Uppföljning 2014"])
    False
    """
    return any(_SYNTHETIC.search(str(line)) for line in lines)
