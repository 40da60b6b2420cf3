"""The words of the ingest summary in Swedish and English (the study's language).

The summary :meth:`tuffkit.ingest.survey.SurveyData.summary` prints is in the language of the
study the data was read with (``lang`` in ``study.yaml``), English without a study file. Only
what the summary says is translated: ``rejected.csv``, ``problems.csv`` and ``ingest.json`` keep
their English reasons, which are codes to filter on as much as words. A reason the tables here
do not know is shown as it is.

Examples
--------
>>> say("rows", "sv", file="a.csv", rows_in=3, kept=2, rejected=1, problems=0, read_as="x")
'  a.csv: 3 in, 2 behållna, 1 avvisad(e), 0 problem i celler; x'
>>> reason_in("outside the scale 1..7", "sv"), reason_in("no unit", "sv"), reason_in("no unit", "sv", "boende")
('utanför skalan 1..7', 'ingen enhet', 'boende saknas')
>>> reason_in("no unit", "en"), reason_in("no unit", "en", "municipality")
('no unit', 'no municipality')
"""

from __future__ import annotations

import re

__all__ = ["say", "reason_in", "read_as_in", "LANGS"]

#: the languages of the summary
LANGS = ("sv", "en")

_TEXTS: dict[str, dict[str, str]] = {
    "invited": {"en": "Invited counts: {file}, {rows} row(s), copied to {copy}",
                "sv": "Antal inbjudna: {file}, {rows} rad(er), kopierad till {copy}"},
    "invited_units_not_in_data": {"en": "units with no respondent (check the spelling)",
                                  "sv": "enheter utan svarande (kontrollera stavningen)"},
    "invited_waves_not_in_data": {"en": "waves not in the data", "sv": "omgångar som inte finns i data"},
    "invited_units_without_counts": {"en": "units of the data without a count (no response rate)",
                                     "sv": "enheter i data utan antal (ingen svarsfrekvens)"},
    "study": {"en": "Study: {title} ({id}, study file {source})",
              "sv": "Studie: {title} ({id}, studiefil {source})"},
    "read": {"en": "Read {files} file(s) with instrument {instrument}: {rows_in} rows in, {kept} kept, {rejected} "
                   "rejected; {problems} cell(s) noted in problems.csv (unreadable cells set to missing, possible "
                   "double entries kept).",
             "sv": "Läste {files} fil(er) med instrumentet {instrument}: {rows_in} rader in, {kept} behållna, "
                   "{rejected} avvisade; {problems} cell(er) listade i problems.csv (oläsbara celler satta till "
                   "saknade, möjliga dubbelregistreringar behållna)."},
    "rows": {"en": "  {file}: {rows_in} in, {kept} kept, {rejected} rejected, {problems} cell problem(s); {read_as}",
             "sv": "  {file}: {rows_in} in, {kept} behållna, {rejected} avvisad(e), {problems} problem i celler; "
                   "{read_as}"},
    "wave_from_times": {"en": "    wave {wave!r} from the times in {cols} ({first} to {last}: {why})",
                        "sv": "    omgången {wave!r} från tiderna i {cols} ({first} till {last}: {why})"},
    "waves_from_periods": {"en": "    waves from the times in {cols} by the mapping file's periods",
                           "sv": "    omgångar från tiderna i {cols} enligt mappningsfilens perioder"},
    "codebooks": {"en": "    codes read through {books}", "sv": "    koder lästa genom {books}"},
    "reversed": {"en": "    answers numbered from the other end (1 = the top of the scale){said} read reversed in "
                       "statement(s) {items}",
                 "sv": "    svar numrerade från andra änden (1 = skalans topp){said} lästa omvända i påstående(n) "
                       "{items}"},
    "reversed_said": {"en": " (as the line above the header says: {title!r})",
                      "sv": " (som raden ovanför rubrikraden säger: {title!r})"},
    "by_mapping": {"en": "    answers read as the mapping file's values: answers: say ({source}); the loader's own "
                         "reading of numbered labels not applied",
                   "sv": "    svar lästa som mappningsfilens values: answers: säger ({source}); inläsarens egen "
                         "tolkning av numrerade etiketter användes inte"},
    "missing_cells": {"en": "    {n} answer cell(s) read as missing: {why}",
                      "sv": "    {n} svarscell(er) lästa som saknade: {why}"},
    "id_per_unit": {"en": "    {col!r} restarts in every unit: read as a number within its unit (duplicates are "
                          "looked for there), not as a respondent id",
                    "sv": "    {col!r} börjar om i varje enhet: läst som ett nummer inom enheten (dubbletter söks "
                          "där), inte som svarsid"},
    "by_code": {"en": "    statements numbered by their subquestion codes ({code} is statement 1)",
                "sv": "    påståenden numrerade efter sina delfrågekoder ({code} är påstående 1)"},
    "by_role": {"en": "Respondents per wave and function:", "sv": "Svarande per omgång och funktion:"},
    "by_wave": {"en": "Respondents per wave:", "sv": "Svarande per omgång:"},
    "no_roles": {"en": "(no column for function or in_management_group in any file: no role groups, everyone "
                       "counted as not stated)",
                 "sv": "(ingen fil har någon kolumn för funktion eller ledningsgrupp: inga rollgrupper, alla "
                       "räknas som ej angett)"},
    "total": {"en": "total", "sv": "totalt"},
    "wave": {"en": "wave", "sv": "omgång"},
    "none_kept": {"en": "No respondent was kept.", "sv": "Ingen svarande behölls."},
    "rejected": {"en": "Rejected rows by reason:", "sv": "Avvisade rader per skäl:"},
    "check": {"en": "Check these (a mapping file can name columns the loader does not know):",
              "sv": "Kontrollera (en mappningsfil kan namnge kolumner som inläsaren inte känner igen):"},
    "not_used": {"en": "  {file}: columns not used: {cols}", "sv": "  {file}: kolumner som inte används: {cols}"},
    "items_absent": {"en": "  {file}: no column for statement(s) {items}",
                     "sv": "  {file}: ingen kolumn för påstående(n) {items}"},
    "no_role_column": {"en": "  {file}: no column for function or in_management_group (no role groups: everyone "
                             "counted as not stated)",
                       "sv": "  {file}: ingen kolumn för funktion eller ledningsgrupp (inga rollgrupper: alla "
                             "räknas som ej angett)"},
    "no_field_column": {"en": "  {file}: no column for {field} (not stated for everyone)",
                        "sv": "  {file}: ingen kolumn för {field} (ej angett för alla)"},
    "same_id": {"en": "  {file}: {n} row(s) share an id with another row but not its answers; all kept and listed "
                      "in problems.csv (if the column is no respondent id, list it under 'ignore:' in a mapping file)",
                "sv": "  {file}: {n} rad(er) delar id med en annan rad men inte dess svar; alla behållna och listade "
                      "i problems.csv (är kolumnen inget svarsid, lista den under 'ignore:' i en mappningsfil)"},
    "sheets": {"en": "  {file}: sheet(s) without statement columns, not read: {sheets}",
               "sv": "  {file}: blad utan påståendekolumner, inte lästa: {sheets}"},
    "codebook_sheets": {"en": "  {file}: sheet(s) {sheets} read as the codebook of the data, not as data",
                        "sv": "  {file}: blad {sheets} lästa som datas kodbok, inte som data"},
    "outputs": {"en": "Outputs in {out}/: {files}", "sv": "Utdata i {out}/: {files}"},
}

#: the field names of the summary's lines
_FIELDS = {"function": {"en": "function", "sv": "funktion"},
           "in_management_group": {"en": "in_management_group", "sv": "ledningsgrupp"}}

#: the reasons of rejected.csv, and the fixed reasons of problems.csv, in Swedish
_REASONS_SV: dict[str, str] = {
    "empty row": "tom rad",
    "test response": "test- eller förhandsgranskningssvar",
    "summary row": "summeringsrad",
    "no unit": "ingen enhet",
    "no wave": "ingen omgång",
    "unknown wave": "okänd omgång",
    "no answer to any statement": "inget svar på något påstående",
    "duplicate submission": "dubblett",
    "malformed record": "trasig post",
    "not a whole number": "inte ett heltal",
    "not a number": "inte ett tal",
    "the number and the label after it disagree": "talet och etiketten efter det säger olika",
    "an unknown label after the number (not in the instrument)": "en okänd etikett efter talet (inte i "
                                                                 "instrumentet)",
    "a survey tool's code for no answer": "ett enkätverktygs kod för inget svar",
}
_REASON_PATTERNS_SV = [
    (re.compile(r"^outside the scale (-?\d+)\.\.(-?\d+)$"), r"utanför skalan \1..\2"),
    (re.compile(r"^not an answer on the scale (-?\d+)\.\.(-?\d+)$"), r"inte ett svar på skalan \1..\2"),
]

_NOUNS_SV = {"csv": "en CSV-fil", "xlsx": "en Excel-arbetsbok", "sav": "en SPSS-fil"}


def say(key: str, lang: str, **kw: object) -> str:
    """The summary's line ``key`` in ``lang`` (English for a language it does not have), filled in."""
    texts = _TEXTS[key]
    return texts.get(lang, texts["en"]).format(**kw)


def field_in(field: str, lang: str) -> str:
    """A field's name as the summary says it."""
    return _FIELDS.get(field, {}).get(lang, field)


def reason_in(reason: str, lang: str, unit: str | None = None) -> str:
    """A reason of ``rejected.csv`` or ``problems.csv`` as the summary says it in ``lang``;
    ``unit``: the study's word for one unit in ``lang``, for the reason ``no unit``."""
    if reason == "no unit" and unit:  # in the study's word ("saknas": whatever the word's gender)
        return f"{unit} saknas" if lang == "sv" else f"no {unit}"
    if lang != "sv":
        return reason
    if reason in _REASONS_SV:
        return _REASONS_SV[reason]
    for pattern, words in _REASON_PATTERNS_SV:
        if pattern.match(reason):
            return pattern.sub(words, reason)
    return reason


def read_as_in(read_as: str, tool: str | None, fmt: str, header_rows: list[int], lang: str) -> str:
    """How a file was read (``ingest.json``'s ``read_as``) in ``lang``: the English text as it is,
    a plain or a tool's table in Swedish; any other text as it is.

    Examples
    --------
    >>> read_as_in("read as a CSV file (header on row 1)", None, "csv", [1], "sv")
    'läst som en CSV-fil (rubrik på rad 1)'
    """
    if lang != "sv" or not read_as.startswith(("read as a ", "read as an ")):
        return read_as
    noun = f"en export från {tool}" if tool else _NOUNS_SV.get(fmt, fmt)
    if not header_rows:
        return f"läst som {noun} (variabeletiketter som rubriker)"
    rows = list(header_rows)
    where = f"rubrik på rad {rows[0]}" if len(rows) == 1 else f"rubrik på raderna {rows[0]}–{rows[-1]}"
    return f"läst som {noun} ({where})"
