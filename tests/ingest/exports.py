"""Write the LfR survey as real survey tools export it, for ingest tests.

Each ``write_<tool>`` writes one file the way that tool's download looks (header
rows, metadata columns, date formats, value codes, encoding), from a common list
of :class:`Respondent`. Sources and open questions: the research note that came
with this module (layouts.md); the key facts are repeated in each docstring.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pyreadstat

from tuffkit import load_instrument

INSTRUMENT = load_instrument("lfr19")
MUNICIPALITIES = ["Botkyrka", "Ronneby", "Sigtuna", "Ånge", "Örebro", "Lycksele", "Härnösand"]
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DONT_KNOW = 0  # answers[k] == 0 means the respondent ticked "Vet ej"

TEXTS = {
    "sv": {"muni": "Vilken kommun arbetar du i?", "func": "Vilken funktion har du?",
           "mgmt": "Sitter du i kommunens ledningsgrupp?", "comment": "Övriga kommentarer",
           "functions": {"Ledningsfunktion": "Ledningsfunktion", "Stödfunktion": "Stödfunktion"},
           "yes": "Ja", "no": "Nej", "dont_know": "Vet ej", "title": "LfR-enkäten 2014"},
    "en": {"muni": "Which municipality do you work in?", "func": "What is your function?",
           "mgmt": "Are you a member of the municipality's management group?",
           "comment": "Other comments",
           "functions": {"Ledningsfunktion": "Management function", "Stödfunktion": "Support function"},
           "yes": "Yes", "no": "No", "dont_know": "Don't know", "title": "LfR survey 2014"},
}
COMMENTS = ["Bra att frågorna ställs.", "", "Svårt att svara för en stödfunktion, tycker jag.", ""]


@dataclass
class Respondent:
    """One submission of the LfR survey."""

    id: int
    municipality: str
    function: str  # "Ledningsfunktion", "Stödfunktion" or "" (not answered)
    management_group: str  # "Ja", "Nej" or ""
    submitted: dt.datetime  # local (Swedish) wall-clock time, naive
    answers: dict[int, int | None]  # statement -> 1..7, None = skipped, 0 = "Vet ej"
    comment: str = ""

    @property
    def started(self) -> dt.datetime:
        """When the respondent opened the form (3-13 minutes before submitting)."""
        return self.submitted - dt.timedelta(seconds=180 + (self.id * 97) % 600)

    @property
    def duration(self) -> int:
        return int((self.submitted - self.started).total_seconds())


def sample_respondents(n: int = 12, seed: int = 0,
                       wave_start: dt.datetime = dt.datetime(2014, 2, 3)) -> list[Respondent]:
    """Deterministic respondents: 1-5 per municipality, blanks, "Vet ej", ~5 weeks, AM and PM."""
    rng = random.Random(seed)
    munis: list[str] = []
    for name in MUNICIPALITIES:
        if len(munis) >= n:
            break
        munis += [name] * min(rng.randint(1, 5), n - len(munis))
    while len(munis) < n:  # more respondents than 7 x 5 would allow otherwise
        munis.append(MUNICIPALITIES[len(munis) % len(MUNICIPALITIES)])
    people = []
    for k, muni in enumerate(munis):
        day = rng.randint(0, 34)
        hour = [9, 14][k % 2] if k < 2 else rng.randint(7, 21)
        when = wave_start + dt.timedelta(days=day, hours=hour, minutes=rng.randint(0, 59),
                                         seconds=rng.randint(0, 59))
        answers: dict[int, int | None] = {}
        for item in INSTRUMENT.items:
            roll = rng.random()
            answers[item.number] = None if roll < 0.04 else DONT_KNOW if roll < 0.08 else rng.randint(1, 7)
        function = rng.choices(["Ledningsfunktion", "Stödfunktion", ""], [5, 4, 1])[0]
        group = rng.choices(["Ja", "Nej", ""], [4, 5, 1])[0]
        people.append(Respondent(0, muni, function, group, when, answers, COMMENTS[k % 4]))
    people[0].answers[5], people[min(1, n - 1)].answers[7] = None, DONT_KNOW
    people[min(2, n - 1)].function = ""
    people.sort(key=lambda r: r.submitted)
    for number, person in enumerate(people, start=1):
        person.id = number
    return people


# ----------------------------------------------------------------- shared helpers
def _t(lang: str) -> dict:
    return TEXTS[lang]


def _stem(lang: str) -> str:
    return INSTRUMENT.stem[lang]


def _statements(lang: str) -> list[str]:
    return [getattr(item, lang) for item in INSTRUMENT.items]


def _scale_texts(lang: str, answer_style: str = "labels") -> dict[int, str]:
    """Option texts 1..7 as the form shows them ("1 – Instämmer inte alls", "2", ...)."""
    labels = INSTRUMENT.scale.labels
    out = {v: str(v) for v in range(1, 8)}
    if answer_style == "labels":
        out.update({v: f"{v} – {labels[v][lang]}" for v in labels})
    return out


def _answer_text(value: int | None, lang: str, answer_style: str = "labels") -> str:
    if value is None:
        return ""
    return _t(lang)["dont_know"] if value == DONT_KNOW else _scale_texts(lang, answer_style)[value]


def _function_text(r: Respondent, lang: str) -> str:
    return _t(lang)["functions"].get(r.function, "")


def _yes_no(r: Respondent, lang: str) -> str:
    return {"Ja": _t(lang)["yes"], "Nej": _t(lang)["no"]}.get(r.management_group, "")


def _write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8", bom: bool = False,
               delimiter: str = ",", lineterminator: str = "\r\n") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _write_xlsx(path: Path, rows: list[list], *, sheet: str = "Sheet1",
                date_format: str | None = None) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    if date_format:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = date_format
    book.save(path)
    return _freeze_xlsx(path)


def _freeze_xlsx(path: Path) -> Path:
    """Same bytes on every run: fixed zip entry times and document dates."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zin:
        parts = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2014-03-10T08:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(name, (2014, 3, 10, 8, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return path


# ----------------------------------------------------------------- Microsoft Forms
MS_FORMS_META = {
    "en": ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"],
    # UNVERIFIED guess at a Swedish-UI download; the exports seen keep English metadata.
    "sv": ["ID", "Starttid", "Tid för slutförande", "E-post", "Namn", "Senast ändrad"],
}


def write_ms_forms_xlsx(path: Path, respondents: list[Respondent], *, lang: str = "sv",
                        answer_style: str = "labels", anonymous: bool = True,
                        last_modified: bool = True, meta_lang: str = "en") -> Path:
    """Microsoft Forms "Open in Excel" download (.xlsx, sheet "Sheet1").

    Row 1: ID, Start time, Completion time, Email, Name[, Last modified time] (newer
    exports), then one column per question; a Likert question gives one column per
    statement headed by the statement text alone. Times are real Excel datetimes
    (format ``m/d/yy h:mm:ss``); anonymous forms write Email "anonymous", Name empty.
    Variants: ``answer_style`` "labels"|"numbers", ``anonymous``, ``last_modified``,
    ``meta_lang`` "en" (as seen) | "sv" (unverified guess).
    """
    t = _t(lang)
    header = MS_FORMS_META[meta_lang][:6 if last_modified else 5]
    header += [t["muni"], t["func"], t["mgmt"], *_statements(lang), t["comment"]]
    rows: list[list] = [header]
    for r in respondents:
        email, name = ("anonymous", "") if anonymous else (f"person{r.id}@example.se", f"Person {r.id}")
        meta = [r.id, r.started, r.submitted, email, name] + ([""] if last_modified else [])
        answers = [_answer_text(r.answers[i.number], lang, answer_style) for i in INSTRUMENT.items]
        rows.append(meta + [r.municipality, _function_text(r, lang), _yes_no(r, lang), *answers, r.comment])
    return _write_xlsx(Path(path), rows, sheet="Sheet1", date_format="m/d/yy h:mm:ss")


# ----------------------------------------------------------------- Google Forms
GOOGLE_META = {"en": ("Timestamp", "Email Address", "Score", "Form Responses 1"),
               "sv": ("Tidstämpel", "E-postadress", "Poäng", "Formulärsvar 1")}


def _google_timestamp(when: dt.datetime, style: str) -> str:
    if style == "csv":  # Forms "Download responses (.csv)": 2014/02/03 9:16:54 AM GMT+1
        offset = int(when.replace(tzinfo=STOCKHOLM).utcoffset().total_seconds() // 3600)
        return f"{when:%Y/%m/%d} {when.hour % 12 or 12}:{when:%M:%S %p} GMT{offset:+d}"
    if style == "sheets_sv":  # Google Sheets, Swedish locale
        return f"{when:%Y-%m-%d %H:%M:%S}"
    if style == "sheets_en":  # Google Sheets, United States locale
        return f"{when.month}/{when.day}/{when.year} {when.hour}:{when:%M:%S}"
    raise ValueError(f"unknown timestamp_style {style!r}")


def _google_rows(respondents: list[Respondent], lang: str, answer_style: str, email: bool,
                 score: bool, stamp) -> list[list]:
    t, (ts_head, email_head, score_head, _) = _t(lang), GOOGLE_META[lang]
    grid = [f"{_stem(lang)} [{s}]" for s in _statements(lang)]
    header = [ts_head] + ([email_head] if email else []) + ([score_head] if score else [])
    rows: list[list] = [header + [t["muni"], t["func"], t["mgmt"], *grid, t["comment"]]]
    for r in respondents:
        meta = [stamp(r.submitted)] + ([f"person{r.id}@example.se"] if email else [])
        meta += ["0 / 0"] if score else []
        answers = [_answer_text(r.answers[i.number], lang, answer_style) for i in INSTRUMENT.items]
        rows.append(meta + [r.municipality, _function_text(r, lang), _yes_no(r, lang), *answers, r.comment])
    return rows


def write_google_forms_csv(path: Path, respondents: list[Respondent], *, lang: str = "sv",
                           answer_style: str = "labels", timestamp_style: str = "csv",
                           email: bool = False, score: bool = False) -> Path:
    """Google Forms response download (.csv, UTF-8 without BOM, comma).

    "Timestamp"/"Tidstämpel" first, then optional "Email Address"/"E-postadress" and
    "Score"/"Poäng", then one column per question; a multiple-choice grid gives
    "Question [Row]" columns with the chosen column text. ``timestamp_style``:
    "csv" (Forms download, ``2014/02/03 9:16:54 AM GMT+1``), "sheets_sv"
    (``2014-02-03 09:16:54``), "sheets_en" (``2/3/2014 9:16:54``).
    """
    rows = _google_rows(respondents, lang, answer_style, email, score,
                        lambda when: _google_timestamp(when, timestamp_style))
    return _write_csv(Path(path), rows)


def write_google_forms_xlsx(path: Path, respondents: list[Respondent], *, lang: str = "sv",
                            answer_style: str = "labels", email: bool = False,
                            score: bool = False) -> Path:
    """Google Sheets download (.xlsx) of the linked response sheet ("Formulärsvar 1").

    Same columns as the CSV; the timestamp is a real datetime cell, formatted as the
    sheet's locale shows it (sv: ``yyyy-mm-dd hh:mm:ss``, en: ``m/d/yyyy h:mm:ss``).
    """
    rows = _google_rows(respondents, lang, answer_style, email, score, lambda when: when)
    fmt = "yyyy-mm-dd hh:mm:ss" if lang == "sv" else "m/d/yyyy h:mm:ss"
    return _write_xlsx(Path(path), rows, sheet=GOOGLE_META[lang][3], date_format=fmt)


# ----------------------------------------------------------------- SurveyMonkey
SM_META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
           "Email Address", "First Name", "Last Name", "Custom Data 1"]


def _surveymonkey_rows(respondents: list[Respondent], lang: str, values: str) -> list[list]:
    t = _t(lang)
    statements = _statements(lang)
    row1 = SM_META + [t["muni"], t["func"], t["mgmt"], _stem(lang)] + [""] * 18 + [t["comment"]]
    row2 = [""] * 9 + ["Response"] * 3 + statements + ["Open-Ended Response"]
    rows: list[list] = [row1, row2]
    stamp = "%m/%d/%Y %I:%M:%S %p"

    def choice(options: list[str], text: str) -> str | int:
        if not text:
            return ""
        return options.index(text) + 1 if values == "numerical" else text

    functions = list(t["functions"].values())
    for r in respondents:
        meta = [11400000000 + r.id * 7919, 57000000, r.started.strftime(stamp),
                r.submitted.strftime(stamp), f"192.0.2.{r.id % 250 + 1}", "", "", "", ""]
        answers = []
        for item in INSTRUMENT.items:
            v = r.answers[item.number]
            if values == "numerical" and v is not None:
                answers.append(8 if v == DONT_KNOW else v)  # position of the chosen column
            else:
                answers.append(_answer_text(v, lang, "labels"))
        rows.append(meta + [choice(MUNICIPALITIES, r.municipality),
                            choice(functions, _function_text(r, lang)),
                            choice([t["yes"], t["no"]], _yes_no(r, lang)), *answers, r.comment])
    return rows


def write_surveymonkey_csv(path: Path, respondents: list[Respondent], *, lang: str = "sv",
                           values: str = "text", bom: bool = False) -> Path:
    """SurveyMonkey "All individual responses" CSV (expanded columns, two header rows).

    Row 1: Respondent ID, Collector ID, Start Date, End Date, IP Address, Email
    Address, First Name, Last Name, Custom Data 1, then each question's text over its
    first sub-column (remaining sub-columns blank). Row 2: blank under metadata,
    "Response" under single-choice, "Open-Ended Response" under open text, the row
    (statement) texts under the matrix. Dates ``02/03/2014 09:16:54 AM``.
    ``values``: "text" (actual answer text) | "numerical" (choice position, 1-based;
    the "Vet ej" column is 8). ``bom``: the BOM question is unverified.
    """
    return _write_csv(Path(path), _surveymonkey_rows(respondents, lang, values), bom=bom)


def write_surveymonkey_xlsx(path: Path, respondents: list[Respondent], *, lang: str = "sv",
                            values: str = "text") -> Path:
    """SurveyMonkey XLS(X) export: the same two header rows and text dates as the CSV."""
    return _write_xlsx(Path(path), _surveymonkey_rows(respondents, lang, values), sheet="Sheet")


# ----------------------------------------------------------------- Qualtrics
QUALTRICS_META = [  # (column id, row-2 text, ImportId, has timeZone)
    ("StartDate", "Start Date", "startDate", True), ("EndDate", "End Date", "endDate", True),
    ("Status", "Response Type", "status", False), ("IPAddress", "IP Address", "ipAddress", False),
    ("Progress", "Progress", "progress", False),
    ("Duration (in seconds)", "Duration (in seconds)", "duration", False),
    ("Finished", "Finished", "finished", False),
    ("RecordedDate", "Recorded Date", "recordedDate", True),
    ("ResponseId", "Response ID", "_recordId", False),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName", False),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName", False),
    ("RecipientEmail", "Recipient Email", "recipientEmail", False),
    ("ExternalReference", "External Data Reference", "externalDataReference", False),
    ("LocationLatitude", "Location Latitude", "locationLatitude", False),
    ("LocationLongitude", "Location Longitude", "locationLongitude", False),
    ("DistributionChannel", "Distribution Channel", "distributionChannel", False),
    ("UserLanguage", "User Language", "userLanguage", False),
]
COORDINATES = {"Botkyrka": (59.2, 17.83), "Ronneby": (56.21, 15.28), "Sigtuna": (59.62, 17.72),
               "Ånge": (62.52, 15.66), "Örebro": (59.27, 15.21), "Lycksele": (64.6, 18.67),
               "Härnösand": (62.63, 17.94)}


def _response_id(r: Respondent) -> str:
    rng = random.Random(r.id * 1000 + 7)
    return "R_" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789")
                          for _ in range(15))


#: Recode values of a Qualtrics scale grown from 5 to 7 steps after responses came in (step ->
#: code; 0 is "Vet ej"): Qualtrics keeps a choice's recode value once there is data, so the new
#: steps got the next free codes (Qualtrics' documentation, "Recode Values").
GROWN_RECODES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 7, 6: 8, 7: 5, 0: 6}


def write_qualtrics_csv(path: Path, respondents: list[Respondent], *, lang: str = "sv",
                        values: str = "text", time_zone: str = "Europe/Stockholm",
                        bom: bool = True, recodes: dict[int, int] | None = None) -> Path:
    """Qualtrics "Export data > CSV" with its three header rows.

    Row 1 column ids (StartDate ... UserLanguage, Q1, Q2, Q3, Q4_1..Q4_19, Q5); row 2
    the texts ("Upplever du i din roll att: - <statement>" for matrix rows); row 3
    ImportId JSON ({"ImportId":"startDate","timeZone":...}, {"ImportId":"QID4_1"},
    {"ImportId":"QID5_TEXT"}). Dates ``2014-02-03 09:16:54`` in ``time_zone``.
    ``values``: "text" (choice text; Status "IP Address", Finished "True") or
    "numeric" (recode values: municipality 1..7, function 1..2, Ja=1 Nej=2, scale
    1..7, "Vet ej" 8; Status 0, Finished 1).
    """
    t, numeric = _t(lang), values == "numeric"
    ids = [m[0] for m in QUALTRICS_META] + ["Q1", "Q2", "Q3"]
    texts = [m[1] for m in QUALTRICS_META] + [t["muni"], t["func"], t["mgmt"]]
    imports = [json.dumps({"ImportId": m[2], **({"timeZone": time_zone} if m[3] else {})},
                          separators=(",", ":")) for m in QUALTRICS_META]
    imports += ['{"ImportId":"QID1"}', '{"ImportId":"QID2"}', '{"ImportId":"QID3"}']
    for k, statement in enumerate(_statements(lang), start=1):
        ids.append(f"Q4_{k}")
        texts.append(f"{_stem(lang)} - {statement}")
        imports.append(f'{{"ImportId":"QID4_{k}"}}')
    ids, texts, imports = ids + ["Q5"], texts + [t["comment"]], imports + ['{"ImportId":"QID5_TEXT"}']
    rows: list[list] = [ids, texts, imports]
    functions = list(t["functions"].values())
    for r in respondents:
        lat, lon = COORDINATES.get(r.municipality, (59.33, 18.07))
        meta = [f"{r.started:%Y-%m-%d %H:%M:%S}", f"{r.submitted:%Y-%m-%d %H:%M:%S}",
                0 if numeric else "IP Address", f"192.0.2.{r.id % 250 + 1}", 100, r.duration,
                1 if numeric else "True", f"{r.submitted:%Y-%m-%d %H:%M:%S}", _response_id(r),
                "", "", "", "", f"{lat:.4f}", f"{lon:.4f}", "anonymous", lang.upper()]
        func, mgmt = _function_text(r, lang), _yes_no(r, lang)
        if numeric:
            code = recodes or {**{k: k for k in range(1, 8)}, DONT_KNOW: 8}
            answers = ["" if v is None else code[v] for v in (r.answers[i.number] for i in INSTRUMENT.items)]
            chosen = [MUNICIPALITIES.index(r.municipality) + 1,
                      functions.index(func) + 1 if func else "",
                      {"Ja": 1, "Nej": 2}.get(r.management_group, "")]
        else:
            answers = [_answer_text(r.answers[i.number], lang) for i in INSTRUMENT.items]
            chosen = [r.municipality, func, mgmt]
        rows.append(meta + chosen + answers + [r.comment])
    return _write_csv(Path(path), rows, bom=bom)


def write_qualtrics_qsf(path: Path, *, lang: str = "sv", recodes: dict[int, int] | None = None) -> Path:
    """The Qualtrics survey file (.qsf, Survey > Tools > Import/Export > Export survey) of the
    survey :func:`write_qualtrics_csv` exports: JSON with ``SurveyEntry`` and ``SurveyElements``;
    each question an element ``"Element": "SQ"`` whose ``Payload`` has ``QuestionID``,
    ``DataExportTag``, ``QuestionType`` (``MC``, ``Matrix``, ``TE``), ``Choices`` (a matrix's
    rows), ``Answers`` (a matrix's scale points) and ``RecodeValues`` (choice or scale point id ->
    the value numeric exports write), as Qualtrics' support pages on the .qsf format and on recode
    values describe them. ``recodes``: step -> code of the scale points (0 = "Vet ej")."""
    t = _t(lang)
    code = recodes or {**{k: k for k in range(1, 8)}, DONT_KNOW: 8}
    scale = {**{v: _scale_texts(lang)[v].split(" – ")[-1] for v in range(1, 8)}, DONT_KNOW: t["dont_know"]}
    order = [1, 2, 3, 4, 5, 6, 7, DONT_KNOW]  # as the form shows them, ids 1..8
    functions = list(t["functions"].values())

    def element(qid: str, tag: str, text: str, kind: str, **extra) -> dict:
        return {"SurveyID": "SV_0Ax1lfr2014", "Element": "SQ", "PrimaryAttribute": qid,
                "SecondaryAttribute": text[:100], "TertiaryAttribute": None,
                "Payload": {"QuestionText": text, "DataExportTag": tag, "QuestionType": kind,
                            "QuestionID": qid, "Language": [], **extra}}

    def mc(names: list[str]) -> dict:
        return {"Selector": "SAVR", "Choices": {str(k): {"Display": n} for k, n in enumerate(names, 1)},
                "ChoiceOrder": list(range(1, len(names) + 1))}

    elements = [
        {"SurveyID": "SV_0Ax1lfr2014", "Element": "BL", "PrimaryAttribute": "Survey Blocks",
         "SecondaryAttribute": None, "TertiaryAttribute": None, "Payload": []},
        element("QID1", "Q1", t["muni"], "MC", **mc(MUNICIPALITIES)),
        element("QID2", "Q2", t["func"], "MC", **mc(functions)),
        element("QID3", "Q3", t["mgmt"], "MC", **mc([t["yes"], t["no"]])),
        element("QID4", "Q4", _stem(lang), "Matrix", Selector="Likert", SubSelector="SingleAnswer",
                Choices={str(k): {"Display": st} for k, st in enumerate(_statements(lang), 1)},
                ChoiceOrder=list(range(1, 20)),
                Answers={str(k): {"Display": scale[step]} for k, step in enumerate(order, 1)},
                AnswerOrder=list(range(1, 9)),
                RecodeValues={str(k): str(code[step]) for k, step in enumerate(order, 1)}),
        element("QID5", "Q5", t["comment"], "TE", Selector="ML"),
    ]
    doc = {"SurveyEntry": {"SurveyID": "SV_0Ax1lfr2014", "SurveyName": t["title"],
                           "SurveyLanguage": lang.upper(), "SurveyStatus": "Active"},
           "SurveyElements": elements}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return Path(path)


def write_qualtrics_pair(folder: Path, respondents: list[Respondent], *, lang: str = "sv",
                         survey_name: str = "LfR 2014",
                         exported: dt.datetime = dt.datetime(2014, 3, 10, 8, 15)) -> dict[str, Path]:
    """Both downloads of the same responses, named as Qualtrics names them:
    ``<survey>_<Month d, yyyy>_<HH.MM>.csv`` (numeric first, choice text a minute later)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for minute, values in enumerate(("numeric", "text")):
        when = exported + dt.timedelta(minutes=minute)
        name = f"{survey_name}_{when:%B} {when.day}, {when.year}_{when:%H.%M}.csv"
        out[values] = write_qualtrics_csv(folder / name, respondents, lang=lang, values=values)
    return out


# ----------------------------------------------------------------- LimeSurvey
LS_SID, LS_GID, LS_QIDS = 517438, 12, {"kommun": 101, "funktion": 102, "ledgrp": 103,
                                        "LFR": 104, "kommentar": 105}
LS_META_FULL = {  # export headings of the fixed columns ("full"/"abbreviated" heading)
    "en": ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
           "Date started", "Date last action"],
    # UNVERIFIED: the Swedish .po of current LimeSurvey was not available to check.
    "sv": ["Svars-ID", "Datum inskickat", "Senaste sida", "Startspråk", "Frö",
           "Datum startat", "Datum för senaste åtgärd"],
}


@dataclass(frozen=True)
class _LimeCodes:
    """Answer codes a LimeSurvey survey with these options would use."""

    statement_codes: str = "numbers"  # "numbers": 1..7, "A": A1..A7
    list_codes: str = "A"  # "A": A1, A2 ...; "AO": AO01, AO02 ... (LimeSurvey 5+ default)
    reverse: bool = False  # code 1 = "Instämmer helt"

    def list_code(self, k: int) -> str:
        return f"A{k}" if self.list_codes == "A" else f"AO{k:02d}"

    def scale(self, value: int) -> str:
        code = 8 - value if self.reverse else value
        return str(code) if self.statement_codes == "numbers" else f"A{code}"

    def dont_know(self) -> str:
        return "99" if self.statement_codes == "numbers" else "A8"

    def scale_options(self, lang: str) -> list[tuple[str, str]]:
        """(code, label) in the order the codes run."""
        texts = _scale_texts(lang)
        values = range(7, 0, -1) if self.reverse else range(1, 8)
        return [(self.scale(v), texts[v]) for v in values] + [(self.dont_know(), _t(lang)["dont_know"])]


def _lime_questions(lang: str, codes: _LimeCodes) -> list[dict]:
    t = _t(lang)
    return [
        {"code": "kommun", "type": "L", "text": t["muni"],
         "answers": [(codes.list_code(k), m) for k, m in enumerate(MUNICIPALITIES, 1)]},
        {"code": "funktion", "type": "L", "text": t["func"],
         "answers": [(codes.list_code(k), f) for k, f in enumerate(t["functions"].values(), 1)]},
        {"code": "ledgrp", "type": "Y", "text": t["mgmt"], "answers": []},
        {"code": "LFR", "type": "F", "text": _stem(lang), "answers": codes.scale_options(lang),
         "subquestions": [(f"SQ{k:03d}", s) for k, s in enumerate(_statements(lang), 1)]},
        {"code": "kommentar", "type": "T", "text": t["comment"], "answers": []},
    ]


def _abbreviate(text: str, length: int = 15) -> str:
    return text if len(text) <= length else text[:length] + ".."


def write_limesurvey_csv(path: Path, respondents: list[Respondent], *, lang: str = "sv",
                         headings: str = "code", answers: str = "codes",
                         subquestion_style: str = "brackets", statement_codes: str = "numbers",
                         list_codes: str = "A", reverse: bool = False, separator: str = ",",
                         code_text_separator: str = ". ", incomplete: tuple[int, ...] = ()) -> Path:
    """LimeSurvey "Export responses" CSV (CsvWriter: UTF-8 BOM, CRLF, every non-NULL
    value double-quoted, NULL written as nothing, a blank line at the end).

    Fixed columns id, submitdate, lastpage, startlanguage, seed, startdate, datestamp
    (dates ``2014-02-03 09:16:54``); questions kommun (L), funktion (L), ledgrp (Y:
    Y/N), LFR (F array, subquestions SQ001..SQ019), kommentar (T). ``headings``:
    "code" (LFR[SQ001]), "abbreviated" (15 characters + ".."), "full" ("text
    [subquestion]"), "code_text" (code + ``code_text_separator`` + full text).
    ``answers``: "codes" | "full" (answer texts, Ja/Nej). ``subquestion_style``:
    "brackets" | "underscore" (LFR_SQ001, Expression Manager codes).
    ``statement_codes`` "numbers" (1..7, "Vet ej" 99) | "A" (A1..A7, A8);
    ``list_codes`` "A" | "AO"; ``reverse`` codes 7→1 (code 1 = Instämmer helt).
    Respondents whose id is in ``incomplete`` are written as not submitted: empty
    submitdate, lastpage 1 and NULL for the page they never saw.
    """
    codes = _LimeCodes(statement_codes, list_codes, reverse)
    questions = _lime_questions(lang, codes)
    fields: list[tuple[str, str]] = list(zip(
        ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"],
        LS_META_FULL[lang], strict=True))
    for q in questions:
        for sq_code, sq_text in q.get("subquestions", []):
            code = f"{q['code']}[{sq_code}]" if subquestion_style == "brackets" else f"{q['code']}_{sq_code}"
            text = f"{q['text']} [{sq_text}]" if headings != "abbreviated" else \
                f"{_abbreviate(q['text'])} [{_abbreviate(sq_text)}]"
            fields.append((code, text))
        if "subquestions" not in q:
            fields.append((q["code"], q["text"] if headings != "abbreviated" else _abbreviate(q["text"])))
    if headings == "abbreviated":
        fields = [(c, _abbreviate(x)) if k < 7 else (c, x) for k, (c, x) in enumerate(fields)]
    header = {"code": [c for c, _ in fields], "full": [x for _, x in fields],
              "abbreviated": [x for _, x in fields],
              "code_text": [f"{c}{code_text_separator}{x}" for c, x in fields]}[headings]
    full = answers == "full"
    t = _t(lang)
    lists = {q["code"]: dict((text, code) for code, text in q["answers"]) for q in questions}
    rows: list[list[str | None]] = [header]
    for r in respondents:
        done = r.id not in incomplete
        stamp = f"{r.submitted:%Y-%m-%d %H:%M:%S}"
        row: list[str | None] = [str(r.id), stamp if done else None, "2" if done else "1", lang,
                                 str(random.Random(r.id).randint(10_000_000, 2_000_000_000)),
                                 f"{r.started:%Y-%m-%d %H:%M:%S}", stamp]
        func = t["functions"].get(r.function, "")
        row.append(r.municipality if full else lists["kommun"][r.municipality])
        row.append(func if full or not func else lists["funktion"][func])
        row.append(_yes_no(r, lang) if full else {"Ja": "Y", "Nej": "N"}.get(r.management_group, ""))
        for item in INSTRUMENT.items:
            v = r.answers[item.number]
            if not done:
                row.append(None)
            elif v is None:
                row.append("")
            elif full:
                row.append(_answer_text(v, lang))
            else:
                row.append(codes.dont_know() if v == DONT_KNOW else codes.scale(v))
        row.append(r.comment if done else None)
        rows.append(row)
    text = "".join(separator.join("" if v is None else '"' + v.replace('"', '""') + '"'
                                  for v in row) + "\r\n" for row in rows) + "\r\n"
    Path(path).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return Path(path)


TSV_ATTRIBUTES = sorted(["answer_width", "array_filter", "cssclass", "display_columns",
                         "em_validation_q", "hidden", "hide_tip", "maximum_chars", "other_replace_text",
                         "page_break", "public_statistics", "random_order", "repeat_headings",
                         "statistics_graphtype", "statistics_showgraph", "text_input_width"])
TSV_FIELDS = ["id", "related_id", "class", "type/scale", "name", "relevance", "text", "help",
              "language", "validation", "mandatory", "other", "default", "same_default", *TSV_ATTRIBUTES]


def _php_fputcsv(values: list[str], delimiter: str = "\t") -> str:
    """One line as PHP's fputcsv writes it (quotes fields with spaces, tabs, quotes)."""
    out = []
    for v in values:
        if any(ch in v for ch in (delimiter, '"', "\n", "\r", " ", "\\")):
            v = '"' + v.replace('"', '""') + '"'
        out.append(v)
    return delimiter.join(out) + "\n"


def write_limesurvey_structure_txt(path: Path, *, lang: str = "sv", statement_codes: str = "numbers",
                                   list_codes: str = "A", reverse: bool = False) -> Path:
    """The survey structure as "Tab Separated Values format (*.txt)" (UTF-8 with BOM).

    Header: id, related_id, class, type/scale, name, relevance, text, help, language,
    validation, mandatory, other, default, same_default, then question attribute
    names (sorted). Rows: S (survey settings), SL (language settings), G, then per
    question Q, its SQ rows and its A rows (type/scale = scale id, name = code).
    """
    codes = _LimeCodes(statement_codes, list_codes, reverse)

    def row(**values: str) -> list[str]:
        return [values.get(f.replace("/", "_"), "") for f in TSV_FIELDS]

    lines = [TSV_FIELDS]
    for name, value in [("sid", str(LS_SID)), ("language", lang), ("additional_languages", ""),
                        ("format", "G"), ("datestamp", "Y"), ("anonymized", "Y"), ("ipaddr", "N")]:
        lines.append(row(**{"class": "S", "name": name, "text": value}))
    for name, value in [("surveyls_title", _t(lang)["title"]), ("surveyls_language", lang)]:
        lines.append(row(**{"class": "SL", "name": name, "text": value, "language": lang}))
    lines.append(row(id=str(LS_GID), **{"class": "G", "type_scale": "1", "name": "LfR",
                                         "relevance": "1", "language": lang}))
    sqid = 200
    for q in _lime_questions(lang, codes):
        qid = str(LS_QIDS[q["code"]])
        lines.append(row(id=qid, **{"class": "Q", "type_scale": q["type"], "name": q["code"],
                                    "relevance": "1", "text": q["text"], "language": lang,
                                    "mandatory": "N", "other": "N", "same_default": "0"}))
        for sq_code, sq_text in q.get("subquestions", []):
            sqid += 1
            lines.append(row(id=str(sqid), **{"class": "SQ", "name": sq_code, "relevance": "1",
                                              "text": sq_text, "language": lang, "other": "N",
                                              "same_default": "0"}))
        for code, text in q["answers"]:
            lines.append(row(id=qid, **{"class": "A", "type_scale": "0", "name": code, "text": text,
                                        "language": lang, "assessment_value": "0"}))
    body = "".join(_php_fputcsv(line) for line in lines)
    Path(path).write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    return Path(path)


def _xml_table(name: str, fields: list[str], rows: list[dict[str, str]]) -> str:
    out = [f" <{name}>", "  <fields>"] + [f"   <fieldname>{f}</fieldname>" for f in fields]
    out += ["  </fields>", "  <rows>"]
    for r in rows:
        out.append("   <row>")
        for f in fields:
            v = r.get(f, "")
            out.append(f"    <{f}><![CDATA[{v}]]></{f}>" if v != "" else f"    <{f}/>")
        out.append("   </row>")
    return "\n".join(out + ["  </rows>", f" </{name}>"])


def write_limesurvey_lss(path: Path, *, lang: str = "sv", version: int = 5,
                         statement_codes: str = "numbers", list_codes: str = "A",
                         reverse: bool = False) -> Path:
    """The survey structure as .lss XML (minimal but with the real element structure).

    ``version=3``: texts inline (groups.group_name, questions.question, answers.answer,
    each row with its language; DBVersion 359). ``version=5``: texts in group_l10ns,
    question_l10ns (questions and subquestions) and answer_l10ns (linked by aid).
    """
    codes = _LimeCodes(statement_codes, list_codes, reverse)
    questions = _lime_questions(lang, codes)
    sid, gid = str(LS_SID), str(LS_GID)
    l10n = version >= 4
    q_rows, sq_rows, q_l10n, a_rows, a_l10n = [], [], [], [], []
    sqid, aid = 200, 500
    for order, q in enumerate(questions, 1):
        qid = str(LS_QIDS[q["code"]])
        base = {"qid": qid, "parent_qid": "0", "sid": sid, "gid": gid, "type": q["type"],
                "title": q["code"], "other": "N", "mandatory": "N", "question_order": str(order),
                "scale_id": "0", "same_default": "0", "relevance": "1"}
        text = {"question": q["text"], "help": "", "language": lang}
        q_rows.append(base if l10n else {**base, **text})
        q_l10n.append({"id": str(len(q_l10n) + 1), "qid": qid, **text})
        for k, (sq_code, sq_text) in enumerate(q.get("subquestions", []), 1):
            sqid += 1
            sub = {**base, "qid": str(sqid), "parent_qid": qid, "type": "T", "title": sq_code,
                   "question_order": str(k)}
            stext = {"question": sq_text, "help": "", "language": lang}
            sq_rows.append(sub if l10n else {**sub, **stext})
            q_l10n.append({"id": str(len(q_l10n) + 1), "qid": str(sqid), **stext})
        for k, (code, answer) in enumerate(q["answers"], 1):
            aid += 1
            arow = {"aid": str(aid), "qid": qid, "code": code, "sortorder": str(k),
                    "assessment_value": "0", "scale_id": "0"}
            if l10n:
                a_rows.append(arow)
                a_l10n.append({"id": str(len(a_l10n) + 1), "aid": str(aid), "answer": answer,
                               "language": lang})
            else:
                a_rows.append({**arow, "answer": answer, "language": lang})
    q_fields = ["qid", "parent_qid", "sid", "gid", "type", "title", "other", "mandatory",
                "question_order", "scale_id", "same_default", "relevance"]
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<document>",
             " <LimeSurveyDocType>Survey</LimeSurveyDocType>",
             f" <DBVersion>{480 if l10n else 359}</DBVersion>",
             f" <languages>\n  <language>{lang}</language>\n </languages>"]
    group = {"gid": gid, "sid": sid, "group_order": "1", "grelevance": "1"}
    gtext = {"group_name": "LfR", "description": "", "language": lang}
    if l10n:
        parts += [_xml_table("answers", ["aid", "qid", "code", "sortorder", "assessment_value", "scale_id"], a_rows),
                  _xml_table("answer_l10ns", ["id", "aid", "answer", "language"], a_l10n),
                  _xml_table("groups", ["gid", "sid", "group_order", "grelevance"], [group]),
                  _xml_table("group_l10ns", ["id", "gid", "group_name", "description", "language"],
                             [{"id": "1", "gid": gid, **gtext}]),
                  _xml_table("questions", q_fields, q_rows),
                  _xml_table("subquestions", q_fields, sq_rows),
                  _xml_table("question_l10ns", ["id", "qid", "question", "help", "language"], q_l10n)]
    else:
        parts += [_xml_table("answers", ["qid", "code", "answer", "sortorder", "assessment_value",
                                         "language", "scale_id"], a_rows),
                  _xml_table("groups", ["gid", "sid", "group_name", "group_order", "description",
                                        "language", "grelevance"], [{**group, **gtext}]),
                  _xml_table("questions", q_fields + ["question", "help", "language"], q_rows),
                  _xml_table("subquestions", q_fields + ["question", "help", "language"], sq_rows)]
    parts += [_xml_table("surveys", ["sid", "language", "additional_languages", "datestamp",
                                     "anonymized", "format"],
                         [{"sid": sid, "language": lang, "datestamp": "Y", "anonymized": "Y",
                           "format": "G"}]),
              _xml_table("surveys_languagesettings",
                         ["surveyls_survey_id", "surveyls_language", "surveyls_title"],
                         [{"surveyls_survey_id": sid, "surveyls_language": lang,
                           "surveyls_title": escape(_t(lang)["title"])}]),
              "</document>\n"]
    Path(path).write_text("\n".join(parts), encoding="utf-8")
    return Path(path)


# ----------------------------------------------------------------- SPSS
def write_spss_sav(path: Path, respondents: list[Respondent], *, lang: str = "sv",
                   names: str = "qualtrics", value_labels: str = "endpoints",
                   reverse: bool = False, dont_know_code: int = 99) -> Path:
    """An SPSS .sav as a tool or an analyst would leave it (written with pyreadstat); with a
    ``.dta`` path the same data as Stata saves it (Stata's documentation, [D] label and [D] save:
    integer codes with value labels, variable labels; "Vet ej" a labelled code, as data taken
    over from a survey tool keep it).

    Variables: id, submitdate (SPSS DATETIME), kommun 1..7 (labels = names), funktion
    1..2, ledgrp 1=Ja 2=Nej, 19 statements, kommentar (string). ``names``:
    "qualtrics" (Q1, Q2, Q3, Q4_1..Q4_19, Q5) | "limesurvey" (kommun, funktion,
    ledgrp, LFR_SQ001.., kommentar). Variable labels are the question texts (matrix:
    "stem - statement"). Statement value labels on the ``value_labels`` "endpoints"
    or "all" 7; ``reverse`` stores code = 8 - value (1 = Instämmer helt). "Vet ej" is
    ``dont_know_code`` declared user-missing; skipped is system-missing.
    """
    t = _t(lang)
    lime = names == "limesurvey"
    v_muni, v_func, v_mgmt, v_comment = (("kommun", "funktion", "ledgrp", "kommentar") if lime
                                         else ("Q1", "Q2", "Q3", "Q5"))
    v_items = [f"LFR_SQ{k:03d}" if lime else f"Q4_{k}" for k in range(1, 20)]
    functions = list(t["functions"])
    data: dict[str, list] = {"id": [], "submitdate": [], v_muni: [], v_func: [], v_mgmt: []}
    data.update({v: [] for v in v_items})
    data[v_comment] = []
    for r in respondents:
        data["id"].append(r.id)
        data["submitdate"].append(r.submitted)
        data[v_muni].append(float(MUNICIPALITIES.index(r.municipality) + 1))
        data[v_func].append(float(functions.index(r.function) + 1) if r.function else float("nan"))
        data[v_mgmt].append({"Ja": 1.0, "Nej": 2.0}.get(r.management_group, float("nan")))
        for var, item in zip(v_items, INSTRUMENT.items, strict=True):
            v = r.answers[item.number]
            data[var].append(float("nan") if v is None else float(dont_know_code) if v == DONT_KNOW
                             else float(8 - v if reverse else v))
        data[v_comment].append(r.comment)
    frame = pd.DataFrame(data)
    labels = {"id": "Svars-ID" if lang == "sv" else "Response ID",
              "submitdate": "Datum inskickat" if lang == "sv" else "Date submitted",
              v_muni: t["muni"], v_func: t["func"], v_mgmt: t["mgmt"], v_comment: t["comment"]}
    labels.update({var: f"{_stem(lang)} - {s}" for var, s in zip(v_items, _statements(lang), strict=True)})
    scale = INSTRUMENT.scale.labels
    shown = range(1, 8) if value_labels == "all" else sorted(scale)
    item_labels = {float(8 - v if reverse else v): (scale[v][lang] if v in scale else str(v)) for v in shown}
    item_labels[float(dont_know_code)] = t["dont_know"]
    value_map = {v_muni: {float(k): m for k, m in enumerate(MUNICIPALITIES, 1)},
                 v_func: {float(k): t["functions"][f] for k, f in enumerate(functions, 1)},
                 v_mgmt: {1.0: t["yes"], 2.0: t["no"]}}
    value_map.update({var: dict(sorted(item_labels.items())) for var in v_items})
    if Path(path).suffix == ".dta":
        ints = {v: {int(k): lab for k, lab in m.items()} for v, m in value_map.items()}
        # a Stata variable label holds at most 80 characters: a long question is cut, as Stata cuts it
        short = {v: lab[:80] for v, lab in labels.items()}
        pyreadstat.write_dta(frame, str(path), column_labels=short, variable_value_labels=ints, version=15)
        return Path(path)
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_map,
                         missing_ranges={var: [float(dont_know_code)] for var in v_items},
                         variable_measure={**{v: "ordinal" for v in v_items}, v_muni: "nominal",
                                           v_func: "nominal", v_mgmt: "nominal"},
                         variable_format={"submitdate": "DATETIME20", "id": "F8.0",
                                          **{v: "F2.0" for v in v_items}})
    raw = bytearray(Path(path).read_bytes())  # the header's creation date and time (offset 92)
    raw[92:109] = b"10 Mar 1408:00:00"
    Path(path).write_bytes(bytes(raw))
    return Path(path)


def write_artologik_xlsx(path: Path, respondents: list[Respondent], *, reverse: bool = False) -> Path:
    """Artologik Survey&Report (Sunet Survey) Excel export: a ``VariableView`` sheet (Variable
    Name, Label, Type, Data Type, Value Codes as ``N = label`` lines, Missing Code 999) and a
    ``Data`` sheet of numeric codes only, questions as ``VAR01``..., comments as ``VAR05C``.

    Sources: the parsers of real exports in a BTH thesis tool (``rq3/decode.py``) and
    ``vale-chan/UltraData`` (``src/ultra.py``). Not confirmed: how a matrix's statements are
    labelled (here ``Question - statement``, as the exploded multi-choice columns are), and
    whether a Swedish export has a time column (the BTH export had none).
    """
    stem = _stem("sv")
    scale = {1: "1 - Instämmer inte alls", 7: "7 - Instämmer helt"}
    steps = range(7, 0, -1) if reverse else range(1, 8)
    scale_codes = "\n".join(f"{code} = {scale.get(v, str(v))}" for code, v in enumerate(steps, start=1))
    view = [["Variable Name", "Label", "Type", "Data Type", "Value Codes", "Missing Code"],
            ["ID", "ID", "Background", "Numeric", "", ""],
            ["VAR01", "Vilken kommun arbetar du i?", "Single choice", "Numeric",
             "\n".join(f"{k} = {m}" for k, m in enumerate(MUNICIPALITIES, start=1)), "999"],
            ["VAR02", "Vilken funktion har du?", "Single choice", "Numeric", "1 = Ledningsfunktion\n2 = Stödfunktion",
             "999"],
            ["VAR03", "Sitter du i kommunens ledningsgrupp?", "Single choice", "Numeric", "1 = Ja\n2 = Nej", "999"]]
    for item in INSTRUMENT.items:
        view.append([f"VAR04_{item.number}", f"{stem} - {item.sv}", "Matrix", "Numeric", scale_codes, "999"])
    view.append(["VAR05C", "Övriga kommentarer", "Comment", "String", "", ""])
    data = [[row[0] for row in view[1:]]]

    def code(v: int | None) -> int:
        return 999 if not v else (8 - v if reverse else v)

    for r in respondents:
        data.append([r.id, MUNICIPALITIES.index(r.municipality) + 1,
                     {"Ledningsfunktion": 1, "Stödfunktion": 2}.get(r.function, 999),
                     {"Ja": 1, "Nej": 2}.get(r.management_group, 999),
                     *[code(r.answers[it.number]) for it in INSTRUMENT.items], r.comment or None])
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "VariableView"
    for row in view:
        ws.append([None if v == "" else v for v in row])
    ws2 = book.create_sheet("Data")
    for row in data:
        ws2.append(row)
    book.save(path)
    return _freeze_xlsx(Path(path))


# ----------------------------------------------------------------- every variant
def write_all(folder: Path, respondents: list[Respondent] | None = None) -> dict[str, Path]:
    """Every writer and variant into ``folder``; returns name -> path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    people = respondents or sample_respondents()
    out: dict[str, Path] = {}
    for lang in ("sv", "en"):
        for style in ("labels", "numbers"):
            out[f"msforms_{lang}_{style}"] = write_ms_forms_xlsx(
                folder / f"msforms_{lang}_{style}.xlsx", people, lang=lang, answer_style=style)
        for ts in ("csv", "sheets_sv", "sheets_en"):
            out[f"gforms_{lang}_{ts}"] = write_google_forms_csv(
                folder / f"gforms_{lang}_{ts}.csv", people, lang=lang, timestamp_style=ts,
                email=ts == "sheets_en", score=ts == "sheets_en")
        out[f"gforms_{lang}_xlsx"] = write_google_forms_xlsx(folder / f"gforms_{lang}.xlsx", people, lang=lang)
        for values in ("text", "numerical"):
            out[f"sm_{lang}_{values}"] = write_surveymonkey_csv(
                folder / f"sm_{lang}_{values}.csv", people, lang=lang, values=values)
            out[f"sm_{lang}_{values}_xlsx"] = write_surveymonkey_xlsx(
                folder / f"sm_{lang}_{values}.xlsx", people, lang=lang, values=values)
        for key, path in write_qualtrics_pair(folder / f"qualtrics_{lang}", people, lang=lang).items():
            out[f"qualtrics_{lang}_{key}"] = path
        for headings in ("code", "abbreviated", "full", "code_text"):
            for answers in ("codes", "full"):
                name = f"lime_{lang}_{headings}_{answers}"
                out[name] = write_limesurvey_csv(folder / f"{name}.csv", people, lang=lang,
                                                 headings=headings, answers=answers)
    variants = {"underscore": {"subquestion_style": "underscore"}, "A": {"statement_codes": "A"},
                "AO": {"list_codes": "AO"}, "reverse": {"reverse": True},
                "incomplete": {"incomplete": (people[-1].id,)},
                "semicolon": {"separator": ";"}}
    for name, options in variants.items():
        out[f"lime_{name}"] = write_limesurvey_csv(folder / f"lime_{name}.csv", people, **options)
    for name, options in {"": {}, "_reverse": {"reverse": True}, "_A": {"statement_codes": "A"}}.items():
        out[f"lime_structure{name}"] = write_limesurvey_structure_txt(
            folder / f"limesurvey_survey_{LS_SID}{name}.txt", **options)
        for version in (3, 5):
            out[f"lime_lss{version}{name}"] = write_limesurvey_lss(
                folder / f"limesurvey_survey_{LS_SID}_v{version}{name}.lss", version=version, **options)
    for names in ("qualtrics", "limesurvey"):
        for labels in ("endpoints", "all"):
            out[f"spss_{names}_{labels}"] = write_spss_sav(
                folder / f"spss_{names}_{labels}.sav", people, names=names, value_labels=labels)
    out["spss_reverse"] = write_spss_sav(folder / "spss_reverse.sav", people, reverse=True)
    out["stata_qualtrics_endpoints"] = write_spss_sav(folder / "stata_qualtrics_endpoints.dta", people)
    out["stata_limesurvey_all"] = write_spss_sav(folder / "stata_limesurvey_all.dta", people, names="limesurvey",
                                                 value_labels="all")
    out["artologik"] = write_artologik_xlsx(folder / "artologik.xlsx", people)
    out["artologik_reverse"] = write_artologik_xlsx(folder / "artologik_reverse.xlsx", people, reverse=True)
    return out


def _check(paths: dict[str, Path], n: int) -> None:
    """Open every file with the reader a user would use and check its row count."""
    import xml.etree.ElementTree as ET

    for name, path in paths.items():
        if path.suffix == ".xlsx":
            skip = 1 if name.startswith("sm_") else 0
            sheet = "Data" if name.startswith("artologik") else 0
            rows = len(pd.read_excel(path, sheet_name=sheet, header=0, skiprows=range(1, 1 + skip)))
        elif path.suffix == ".sav":
            frame, meta = pyreadstat.read_sav(path, user_missing=True)
            rows = len(frame)
            assert meta.missing_ranges, name
        elif path.suffix == ".lss":
            ET.parse(path)
            continue
        elif path.suffix == ".txt":
            frame = pd.read_csv(path, sep="\t", encoding="utf-8-sig", dtype=str)
            assert {"SQ", "A", "Q"} <= set(frame["class"]), name
            continue
        else:
            sep = ";" if "semicolon" in name else ","
            skip = {"sm": [1], "qualtrics": [1, 2]}.get(name.split("_")[0], [])
            frame = pd.read_csv(path, encoding="utf-8-sig", sep=sep, skiprows=skip, dtype=str,
                                skip_blank_lines=True)
            rows = len(frame)
        assert rows == n, (name, rows)
    print(f"{len(paths)} files checked, {n} responses each")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "exports-out")
    people = sample_respondents()
    written = write_all(target, people)
    _check(written, len(people))
