"""Write the LfR survey as two research platforms export it: REDCap and KoboToolbox/ODK.

Written from the platforms' own documentation, not from our example data:

- REDCap (Vanderbilt; the "Data Export" and "Data Dictionary" help pages of a REDCap 14
  installation): the raw CSV ("CSV / Microsoft Excel (raw data)") is headed by field names
  (``record_id``, ``redcap_event_name`` in a longitudinal project, ``redcap_survey_identifier``,
  ``<form>_timestamp``, the fields, ``<form>_complete``) and holds the choices' codes; a
  checkbox field is a column per choice, ``field___code``, 1 = checked, 0 = not. The labels
  export ("CSV / Microsoft Excel (labels)") is headed by the field labels (``Record ID``,
  ``Event Name``, ``Survey Identifier``, ``Survey Timestamp``, ``Complete?``; a checkbox's
  choice ``Label (choice=Choice)``) and holds the choices' labels, ``Checked``/``Unchecked``.
  The Data Dictionary is a CSV headed ``Variable / Field Name``, ``Form Name``, ``Section
  Header``, ``Field Type``, ``Field Label``, ``Choices, Calculations, OR Slider Labels``, ...,
  choices written ``code, label | code, label``. Missing data codes (Project Setup > Additional
  customizations) are written into a field as their code (``UNK``).
- KoboToolbox (support.kobotoolbox.org, "Exporting and downloading your data") and ODK
  (docs.getodk.org, "XLSForm", "Central submissions"): the CSV export is semicolon-separated
  by default; headers are the XML names with their group path (``grp_lfr/p1``) or the labels;
  values are the choices' XML names (``"Value and header format": XML values and headers``) or
  labels; ``start`` and ``end`` are ISO 8601 times with the device's offset
  (``2014-02-03T09:16:54.123+01:00``), ``_submission_time`` the server's UTC time; ``_id``,
  ``_uuid``, ``_validation_status``, ``_index`` the platform's own columns. ODK Central's CSV
  joins group and field with ``-`` and adds ``SubmissionDate``, ``meta-instanceID``, ``KEY``.
  The form itself is an XLSForm: sheets ``survey`` (type, name, label::Svenska (sv)) and
  ``choices`` (list_name, name, label::Svenska (sv)).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
from ingest.exports import DONT_KNOW, INSTRUMENT, MUNICIPALITIES, Respondent, _t

DICTIONARY_HEADER = [
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
    "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
    "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
    "Matrix Ranking?", "Field Annotation",
]
ROLES = {"1": "Verksamhetsutveckling", "2": "Ekonomi"}


def _csv(path: Path, rows: list[list], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _scale(zero_based: bool) -> dict[int, str]:
    """Step -> REDCap code of the LfR scale (codes from 0 when ``zero_based``); "Vet ej" is 99."""
    return {**{v: str(v - 1 if zero_based else v) for v in range(1, 8)}, DONT_KNOW: "99"}


def _scale_label(step: int) -> str:
    labels = INSTRUMENT.scale.labels
    return "Vet ej" if step == DONT_KNOW else (f"{step} {labels[step]['sv']}" if step in labels else str(step))


def write_redcap_dictionary(path: Path, *, zero_based: bool = False) -> Path:
    """The project's Data Dictionary: one instrument ``lfr_enkat`` with the municipality
    (dropdown), function (radio), management group (yesno), a checkbox of roles, the 19
    statements as radio fields of one matrix group, and a comment (notes)."""
    t = _t("sv")
    code = _scale(zero_based)
    scale = " | ".join(f"{code[s]}, {_scale_label(s)}" for s in [*range(1, 8), DONT_KNOW])

    def field(name: str, kind: str, label: str, choices: str = "", section: str = "", matrix: str = "") -> list:
        row = [name, "lfr_enkat", section, kind, label, choices] + [""] * 12
        row[15] = matrix
        return row

    rows = [DICTIONARY_HEADER, field("record_id", "text", "Record ID")]
    munis = " | ".join(f"{k}, {m}" for k, m in enumerate(MUNICIPALITIES, 1))
    rows.append(field("kommun", "dropdown", t["muni"], munis))
    rows.append(field("funktion", "radio", t["func"], "1, Ledningsfunktion | 2, Stödfunktion"))
    rows.append(field("ledgrp", "yesno", t["mgmt"]))
    roles = " | ".join(f"{k}, {v}" for k, v in ROLES.items())
    rows.append(field("uppdrag", "checkbox", "Vilka uppdrag har du?", roles))
    for k, item in enumerate(INSTRUMENT.items, 1):
        rows.append(field(f"p{k}", "radio", item.sv, scale, section=INSTRUMENT.stem["sv"] if k == 1 else "",
                          matrix="lfr"))
    rows.append(field("kommentar", "notes", t["comment"]))
    return _csv(Path(path), rows)


def _event(r: Respondent, events: dict[int, str]) -> str:
    return events[r.submitted.year * 100 + r.submitted.month] if events else ""


def write_redcap_raw(path: Path, respondents: list[Respondent], *, events: dict[int, str] | None = None,
                     zero_based: bool = False, missing_code: str = "UNK") -> Path:
    """"CSV / Microsoft Excel (raw data)". ``events``: YYYYMM of the response -> the unique event
    name (``omgang_1_arm_1``) of a longitudinal project; a skipped statement of every third
    respondent is the missing data code ``missing_code``."""
    code = _scale(zero_based)
    header = ["record_id"] + (["redcap_event_name"] if events else []) + [
        "redcap_survey_identifier", "lfr_enkat_timestamp", "kommun", "funktion", "ledgrp", "uppdrag___1",
        "uppdrag___2", *[f"p{k}" for k in range(1, 20)], "kommentar", "lfr_enkat_complete"]
    rows: list[list] = [header]
    for r in respondents:
        answers = ["" if (v := r.answers[i.number]) is None else code[v] for i in INSTRUMENT.items]
        if r.id % 3 == 0:
            answers = [missing_code if a == "" else a for a in answers]
        rows.append([str(r.id)] + ([_event(r, events)] if events else []) + [
            "", f"{r.submitted:%Y-%m-%d %H:%M:%S}", str(MUNICIPALITIES.index(r.municipality) + 1),
            {"Ledningsfunktion": "1", "Stödfunktion": "2"}.get(r.function, ""),
            {"Ja": "1", "Nej": "0"}.get(r.management_group, ""), str(r.id % 2), "0", *answers, r.comment, "2"])
    return _csv(Path(path), rows)


def write_redcap_labels(path: Path, respondents: list[Respondent], *, events: dict[int, str] | None = None) -> Path:
    """"CSV / Microsoft Excel (labels)": headed by the field labels, the choices' labels as values."""
    t = _t("sv")
    header = ["Record ID"] + (["Event Name"] if events else []) + [
        "Survey Identifier", "Survey Timestamp", t["muni"], t["func"], t["mgmt"],
        *[f"Vilka uppdrag har du? (choice={v})" for v in ROLES.values()], *[i.sv for i in INSTRUMENT.items],
        t["comment"], "Complete?"]
    rows: list[list] = [header]
    for r in respondents:
        answers = ["" if (v := r.answers[i.number]) is None else _scale_label(v) for i in INSTRUMENT.items]
        rows.append([str(r.id)] + ([_event(r, events)] if events else []) + [
            "", f"{r.submitted:%Y-%m-%d %H:%M:%S}", r.municipality, r.function, r.management_group,
            "Checked" if r.id % 2 else "Unchecked", "Unchecked", *answers, r.comment, "Complete"])
    return _csv(Path(path), rows)


# ----------------------------------------------------------------- KoboToolbox / ODK
def _xml_name(text: str) -> str:
    return text.casefold().replace(" ", "_").replace("å", "a").replace("ä", "a").replace("ö", "o")


SCALE_NAMES = {1: "instammer_inte_alls", **{v: f"steg_{v}" for v in range(2, 7)}, 7: "instammer_helt",
               DONT_KNOW: "vet_ej"}


def write_xlsform(path: Path) -> Path:
    """The form as an XLSForm: a group ``grp_lfr`` holding the 19 statements as ``select_one
    skala``, the municipality ``select_one kommuner``, function and management group."""
    t = _t("sv")
    wb = openpyxl.Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(["type", "name", "label::Svenska (sv)", "label::English (en)", "required"])
    survey.append(["start", "start", "", "", ""])
    survey.append(["end", "end", "", "", ""])
    survey.append(["select_one kommuner", "kommun", t["muni"], "Which municipality do you work in?", "yes"])
    survey.append(["select_one funktioner", "funktion", t["func"], "Which function do you have?", ""])
    survey.append(["select_one janej", "ledgrp", t["mgmt"], "Are you on the management group?", ""])
    survey.append(["begin_group", "grp_lfr", INSTRUMENT.stem["sv"], INSTRUMENT.stem["en"], ""])
    for k, item in enumerate(INSTRUMENT.items, 1):
        survey.append(["select_one skala", f"p{k}", item.sv, item.en, ""])
    survey.append(["end_group", "", "", "", ""])
    survey.append(["text", "kommentar", t["comment"], "Other comments", ""])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::Svenska (sv)", "label::English (en)"])
    for m in MUNICIPALITIES:
        choices.append(["kommuner", _xml_name(m), m, m])
    choices.append(["funktioner", "ledning", "Ledningsfunktion", "Management function"])
    choices.append(["funktioner", "stod", "Stödfunktion", "Support function"])
    choices.append(["janej", "ja", "Ja", "Yes"])
    choices.append(["janej", "nej", "Nej", "No"])
    for step, name in SCALE_NAMES.items():
        choices.append(["skala", name, _scale_label(step), _scale_label(step)])
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language"])
    settings.append(["LfR 2014", "lfr_2014", "Svenska (sv)"])
    wb.save(path)
    return Path(path)


def _iso(when: dt.datetime) -> str:
    """The device's local time with its offset, as ODK writes ``start``/``end``."""
    offset = "+02:00" if 4 <= when.month <= 9 else "+01:00"
    return f"{when:%Y-%m-%dT%H:%M:%S}.{when.microsecond // 1000:03d}{offset}"


def write_kobo_csv(path: Path, respondents: list[Respondent], *, labels: bool = False, odk_central: bool = False,
                   delimiter: str = ";") -> Path:
    """KoboToolbox's CSV export (``labels``: "Labels" as the value and header format, else "XML
    values and headers", group names in the headers), or ODK Central's (``odk_central``)."""
    t = _t("sv")
    sep = "-" if odk_central else "/"
    names = [f"grp_lfr{sep}p{k}" for k in range(1, 20)]
    if labels:
        head = ["start", "end", t["muni"], t["func"], t["mgmt"], *[i.sv for i in INSTRUMENT.items], t["comment"]]
    else:
        head = ["start", "end", "kommun", "funktion", "ledgrp", *names, "kommentar"]
    tail = (["meta-instanceID", "KEY", "SubmitterID", "ReviewState"] if odk_central
            else ["_id", "_uuid", "_submission_time", "_validation_status", "_index"])
    header = (["SubmissionDate"] if odk_central else []) + head + tail
    rows: list[list] = [header]
    for k, r in enumerate(respondents, 1):
        uuid = f"{r.id:08x}-4b1e-4c7a-9d2f-{r.id * 7919:012x}"
        submitted = r.submitted - dt.timedelta(hours=1)  # the server's UTC
        if labels:
            meta = [r.municipality, r.function, r.management_group]
            answers = ["" if (v := r.answers[i.number]) is None else _scale_label(v) for i in INSTRUMENT.items]
        else:
            func = {"Ledningsfunktion": "ledning", "Stödfunktion": "stod"}.get(r.function, "")
            meta = [_xml_name(r.municipality), func,
                    {"Ja": "ja", "Nej": "nej"}.get(r.management_group, "")]
            answers = ["" if (v := r.answers[i.number]) is None else SCALE_NAMES[v] for i in INSTRUMENT.items]
        own = ([f"uuid:{uuid}", f"uuid:{uuid}", "42", "received"] if odk_central
               else [str(1000 + k), uuid, f"{submitted:%Y-%m-%dT%H:%M:%S}", "", str(k)])
        rows.append(([f"{submitted:%Y-%m-%dT%H:%M:%S}.000Z"] if odk_central else [])
                    + [_iso(r.started), _iso(r.submitted), *meta, *answers, r.comment] + own)
    return _csv(Path(path), rows, delimiter=delimiter)
