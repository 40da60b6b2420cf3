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
    "TIMESTAMP_HEADERS",
    "CONCEPT_WORDS",
    "OTHER_LABELS",
    "FUNCTION_VALUES",
    "YES_VALUES",
    "NO_VALUES",
    "MISSING_VALUES",
    "NO_MUNICIPALITY",
    "SUMMARY_LABELS",
    "MONTHS",
]

#: Canonical metadata field -> recognised headers (already normalised): the short headers of
#: hand-made sheets and the question forms web survey tools put in their headers.
FIELD_HEADERS: dict[str, set[str]] = {
    "municipality": {
        "kommun", "kommunnamn", "din kommun", "vilken kommun", "vilken kommun arbetar du i",
        "vilken kommun tillhör du", "municipality", "municipality name", "kommun/organisation",
        "i vilken kommun arbetar du", "vilken kommun är du verksam i", "vilken kommun jobbar du i",
        "vilken kommun kommer du från", "ange kommun", "ange din kommun", "välj kommun", "välj din kommun",
        "kommun du arbetar i", "which municipality do you work in", "which municipality do you work for",
        "in which municipality do you work", "your municipality", "select your municipality",
        "municipality you work in", "which municipality",
    },
    "function": {
        "funktion", "roll", "din roll", "din funktion", "role", "function", "your role",
        "roll i organisationen", "din roll i organisationen",
        "ledning/stöd", "ledning eller stöd", "funktion (ledning/stöd)", "roll (ledning/stöd)",
        "tillhör du ledning eller stöd", "ledning eller stödfunktion",
        "vilken funktion har du", "vilken roll har du", "vilken är din funktion", "vilken är din roll",
        "vilken funktion tillhör du", "arbetar du i ledningsfunktion eller stödfunktion",
        "arbetar du i ledning eller stöd", "tillhör du ledningsfunktion eller stödfunktion",
        "what is your function", "what is your role", "which function do you have", "your function",
        "which role do you have", "management or support",
    },
    "in_management_group": {
        "sitter du i ledningsgruppen", "ingår du i ledningsgruppen", "sitter i ledningsgruppen",
        "ledningsgrupp", "ledningsgruppen", "i ledningsgruppen", "management group",
        "in management group", "in the management group", "member of the management group",
        "are you in the management group", "do you sit in the management group",
        "sitter du i kommunens ledningsgrupp", "ingår du i kommunens ledningsgrupp",
        "är du med i ledningsgruppen", "är du med i kommunens ledningsgrupp", "sitter du i ledningsgrupp",
        "ingår du i ledningsgrupp", "är du medlem i ledningsgruppen", "medlem i ledningsgruppen",
        "are you a member of the management group", "are you a member of the municipality's management group",
        "are you part of the management group", "do you sit on the management group",
        "are you on the management group", "member of the municipality's management group",
    },
    "wave": {
        "omgång", "enkätomgång", "mättillfälle", "tillfälle", "wave", "round", "survey wave",
        "datum", "date", "enkätdatum", "survey round", "mätomgång", "vilken omgång",
        "redcap_event_name", "event name",  # a REDCap longitudinal project's events are its waves
        "år", "year", "undersökningsår", "mätår", "enkätår",  # a vendor's year column (HME files)
    },
    "respondent_id": {
        "id", "löpnr", "löpnummer", "respondent", "respondent id", "respondentid", "svars-id",
        "svarsid", "svar-id", "response id", "responseid", "enkätnr", "enkätnummer",
        "formulärnr", "formulär nr", "blankett nr",
        "record_id", "record id",  # REDCap
        "_uuid", "meta-instanceid",  # KoboToolbox, ODK Central
    },
}

#: Headers of the time a response was submitted (in order of preference: submitted before
#: last action before started), from which a wave can be read (see :mod:`tuffkit.ingest.dates`).
TIMESTAMP_HEADERS: tuple[tuple[str, ...], ...] = (
    ("timestamp", "tidstämpel", "tidsstämpel", "completion time", "tid för slutförande", "slutförandetid",
     "submitdate", "date submitted", "datum inskickat", "inskickat", "inskickad", "recordeddate",
     "recorded date", "submitted", "submitted at", "inlämnad", "svarsdatum", "besvarad", "slutförd",
     "survey timestamp",  # REDCap's labels export (the raw export's "<form>_timestamp" columns too)
     "end"),  # KoboToolbox/ODK: when the form was finalised, in the device's time with its offset
    ("end date", "enddate", "slutdatum", "sluttid", "datestamp", "date last action",
     "datum senaste åtgärd", "datum för senaste åtgärd", "last modified time", "tid för senaste ändring",
     "_submission_time", "submissiondate"),
    ("start time", "starttid", "startdate", "start date", "date started", "startdatum", "datum startat"),
)

#: Headers of a study's units when they are not municipalities (care homes, workplaces, teams): the
#: unit column (tidy ``municipality``) when no municipality column is found.
UNIT_HEADERS: set[str] = {
    "enhet", "din enhet", "vilken enhet", "vilken enhet arbetar du på", "vilken enhet arbetar du i",
    "arbetsplats", "din arbetsplats", "vilken arbetsplats", "vilken arbetsplats tillhör du", "unit", "your unit",
    "which unit", "workplace", "your workplace", "which workplace",
}

#: Word beginnings that mark a header as being about a metadata field: such a column, when
#: not used, stops the ingest (it may hold the municipality or function under another name).
CONCEPT_WORDS: dict[str, tuple[str, ...]] = {
    "municipality": ("kommun", "municipal"),
    "function": ("funktion", "function", "roll", "role", "befattning", "yrkesroll", "position"),
    "in_management_group": ("ledningsgrupp", "management group", "management team", "ledningsteam"),
    "wave": ("omgång", "enkätomgång", "mätomgång", "mättillfälle", "wave"),
}

#: Answer texts of an "other (please specify)" option.
OTHER_LABELS: frozenset[str] = frozenset(
    ["annan", "annat", "annan kommun", "övrigt", "övriga", "other", "other (please specify)",
     "annan (ange)", "annat (ange)", "annan (vänligen specificera)", "annat (vänligen specificera)"]
)

#: Canonical codes of the ``function`` column.
FUNCTION_VALUES: dict[str, str] = {
    **dict.fromkeys(
        ["ledning", "ledningen", "ledningsfunktion", "ledningsfunktionen", "chef", "chefer", "management function",
         "leadership function", "management functions",
         "management", "manager", "leadership", "ledningsfunktionen"], "management"),
    **dict.fromkeys(
        ["stöd", "stödet", "stödfunktion", "stödfunktioner", "stödfunktionen", "stab",
         "stod", "stodfunktion", "stodfunktioner",  # as XML values write them (KoboToolbox, ODK)
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
     "don't know", "dont know", "do not know", "no answer", "n/a", "na", "-", "–",
     "ingen uppfattning", "ingen åsikt", "vet inte/ingen uppfattning", "kan inte svara", "ej relevant",
     "ej aktuellt", "no opinion", "not applicable", "prefer not to say", "vill inte svara",
     # REDCap's missing data codes (HL7 null flavours, as its project setup suggests them)
     "ni", "unk", "nask", "asku", "nav", "msk", "np"]
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
