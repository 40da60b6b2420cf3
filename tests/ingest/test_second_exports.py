"""The second generation of real exports (issue 25): what researchers receive once the tools'
defaults are left behind. Each fixture is built from the tool's own documentation (named in
its docstring), not from our example data; each reads right or is refused with advice that,
followed literally, makes it read right."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from ingest.exports import sample_respondents, write_google_forms_csv, write_ms_forms_xlsx
from ingest.test_exports import check_accounting, check_exact

from tuffkit.errors import InputFileError
from tuffkit.ingest.survey import read_survey
from tuffkit.places import counties, municipalities

PEOPLE = sample_respondents()

#: the official names Microsoft Forms drop-downs are filled with (the municipalities' own names)
OFFICIAL = {"Botkyrka": "Botkyrka kommun", "Ronneby": "Ronneby kommun", "Sigtuna": "Sigtuna kommun",
            "Ånge": "Ånge kommun", "Örebro": "Örebro kommun", "Lycksele": "Lycksele kommun",
            "Härnösand": "Härnösands kommun"}
CODES = {"Botkyrka": "0127", "Ronneby": "1081", "Sigtuna": "0191", "Ånge": "2260", "Örebro": "1880",
         "Lycksele": "2481", "Härnösand": "2280"}


def renamed(people, names: dict[str, str]):
    return [dataclasses.replace(copy.deepcopy(r), municipality=names[r.municipality]) for r in people]


def test_scb_register_is_whole():
    """290 municipalities in 21 counties (SCB's register since 2007)."""
    m, c = municipalities(), counties()
    assert len(m) == 290 and len(c) == 21
    assert m["0127"] == "Botkyrka" and m["1380"] == "Halmstad" and c["13"] == "Hallands län"
    assert {k[:2] for k in m} == set(c)


def test_official_names_in_a_forms_drop_down_are_the_municipalities(tmp_path):
    """Microsoft Forms "Open in Excel" download whose Choice question lists the official names
    ("Härnösands kommun": a genitive): one unit each, never "Härnösands"; the summary says so."""
    path = write_ms_forms_xlsx(tmp_path / "forms.xlsx", renamed(PEOPLE, OFFICIAL))
    data = read_survey(path, instrument="lfr19")
    check_exact(data, wave="2014")
    people = renamed(PEOPLE, OFFICIAL)
    people[0] = dataclasses.replace(people[0], municipality="Härnösands kommun")
    data = read_survey(write_ms_forms_xlsx(tmp_path / "forms2.xlsx", people), instrument="lfr19")
    assert "Härnösands" not in set(data.respondents["unit"].astype(str))
    assert any("'Härnösand' also written 'Härnösands'" in n for n in data.notes), data.notes
    check_accounting(data)


@pytest.mark.parametrize("style", ["code first", "code only", "code after", "excel dropped the zero"])
def test_a_municipality_code_before_or_instead_of_the_name(tmp_path, style):
    """A folder where one year writes "Botkyrka" and the next "0127 Botkyrka" (or the code
    alone): every unit is one unit, not split in two."""
    form = {"code first": lambda n: f"{CODES[n]} {n}", "code only": lambda n: CODES[n],
            "code after": lambda n: f"{n} ({CODES[n]})",
            "excel dropped the zero": lambda n: CODES[n].lstrip("0")}[style]
    later = sample_respondents(wave_start=__import__("datetime").datetime(2015, 2, 3))
    a = write_google_forms_csv(tmp_path / "2014.csv", PEOPLE)
    b = write_google_forms_csv(tmp_path / "2015.csv", renamed(later, {n: form(n) for n in CODES}))
    data = read_survey([a, b], instrument="lfr19")
    units = set(data.respondents["unit"].astype(str))
    assert units == {r.municipality for r in PEOPLE + later}
    by_wave = data.respondents.groupby("wave", observed=True)["unit"].nunique()
    assert by_wave.to_dict() == {"2014": len({r.municipality for r in PEOPLE}),
                                 "2015": len({r.municipality for r in later})}


def test_a_code_that_is_no_municipality_is_refused(tmp_path):
    """A four-digit code that SCB does not have is an error naming it, never a new unit; the
    advice (a mapping's values:) followed literally makes the file read right."""
    people = renamed(PEOPLE, {n: CODES[n] for n in CODES})
    people[3] = dataclasses.replace(people[3], municipality="0199")
    path = write_google_forms_csv(tmp_path / "codes.csv", people)
    with pytest.raises(InputFileError, match=r"'0199': 0199 is not one of Statistics Sweden's municipality codes"):
        read_survey(path, instrument="lfr19")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("values:\n  municipality:\n    '0199': Botkyrka\n", encoding="utf-8")
    data = read_survey(path, instrument="lfr19", mapping=mapping)
    name_of = {code: name for name, code in CODES.items()} | {"0199": "Botkyrka"}
    assert sorted(data.respondents["unit"].astype(str)) == sorted(name_of[r.municipality] for r in people)


def _two_rounds():
    """A spring round (February) and an autumn round (October) of one year, as a form left open
    between them collects them (Google Forms keeps every response in one sheet)."""
    import datetime as dt

    spring = sample_respondents(12, seed=1, wave_start=dt.datetime(2013, 2, 4))
    autumn = sample_respondents(10, seed=2, wave_start=dt.datetime(2013, 10, 1))
    return spring, autumn


def test_two_rounds_in_one_sheet_are_refused_with_the_periods_and_the_advice_works(tmp_path):
    """Google Sheets download (.xlsx of the linked response sheet, "Formulärsvar 1") holding the
    spring and the autumn round: never one wave "2013". Without wave names the file is refused
    with the periods found; the advice (a mapping's waves with dates) followed literally reads
    each round as its wave."""
    from ingest.exports import write_google_forms_xlsx

    spring, autumn = _two_rounds()
    path = write_google_forms_xlsx(tmp_path / "svar.xlsx", spring + autumn)
    with pytest.raises(InputFileError, match=r"2 separate periods \(2013-02-\d\d to 2013-03-\d\d, 12 response\(s\); "
                                             r"2013-10-\d\d to 2013-1[01]-\d\d, 10 response\(s\)\)"):
        read_survey(path, instrument="lfr19")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("waves:\n  - {label: vt2013, from: 2013-01-01, to: 2013-06-30}\n"
                       "  - {label: ht2013, from: 2013-07-01, to: 2013-12-31}\n", encoding="utf-8")
    data = read_survey(path, instrument="lfr19", mapping=mapping)
    assert data.respondents.groupby("wave", observed=True).size().to_dict() == {"vt2013": 12, "ht2013": 10}


def test_two_rounds_in_one_sheet_split_into_the_study_waves(tmp_path):
    """With a study file naming the rounds by month, each period is the study's wave of its month."""
    from ingest.exports import write_google_forms_xlsx

    spring, autumn = _two_rounds()
    folder = tmp_path / "study"
    folder.mkdir()
    write_google_forms_xlsx(folder / "svar.xlsx", spring + autumn)
    (folder / "study.yaml").write_text("title: Två omgångar\ninstrument: lfr19\nwaves:\n  - {id: 2013-02}\n"
                                       "  - {id: 2013-10}\n", encoding="utf-8")
    data = read_survey(folder)
    assert data.respondents.groupby("wave", observed=True).size().to_dict() == {"2013-02": 12, "2013-10": 10}
    assert "2 separate periods" in data.summary()


def test_overlapping_forms_downloads_keep_each_person_once(tmp_path):
    """Microsoft Forms names each "Open in Excel" download by the responses it holds: the same
    form downloaded after 9 and after 43 responses ("(1-9)", "(1-43)"). Each person is kept
    once, in one wave, whatever wave the first file's dates alone would suggest."""
    import datetime as dt

    people = sample_respondents(43, seed=3, wave_start=dt.datetime(2014, 3, 3))
    a = write_ms_forms_xlsx(tmp_path / "Enkät(1-9).xlsx", people[:9])
    b = write_ms_forms_xlsx(tmp_path / "Enkät(1-43).xlsx", people)
    data = read_survey([a, b], instrument="lfr19")
    assert len(data.respondents) == 43
    assert data.respondents["wave"].astype(str).nunique() == 1
    dup = data.rejected[data.rejected["reason"] == "duplicate submission"]
    assert len(dup) == 9 and dup["detail"].str.fullmatch(r"the same id and answers as Enkät\(1-9\)\.xlsx row \d+").all()
    check_accounting(data)


def test_overlapping_google_downloads_without_ids_keep_each_person_once(tmp_path):
    """Google Forms' CSV has no response id: the time to the second and the answers tell the same
    response in two downloads."""
    import datetime as dt

    people = sample_respondents(30, seed=4, wave_start=dt.datetime(2014, 3, 3))
    a = write_google_forms_csv(tmp_path / "svar-1.csv", people[:8])
    b = write_google_forms_csv(tmp_path / "svar-2.csv", people)
    data = read_survey([a, b], instrument="lfr19")
    assert len(data.respondents) == 30 and data.respondents["wave"].astype(str).nunique() == 1


@pytest.mark.parametrize("grown", [False, True])
def test_a_qualtrics_numeric_export_is_read_only_through_its_recode_values(tmp_path, grown):
    """Qualtrics' numeric export (Data & Analysis > Export > "Use numeric values") writes recode
    values. After the scale grew from 5 to 7 steps they run 1, 2, 3, 4, 7, 8, 5 and "Vet ej" 6:
    read as numbers, true 5 would be 7 and "Vet ej" 6. Alone it is refused (the codes are not
    answers); with its survey file (.qsf) it reads right, whatever order the codes run in."""
    from ingest.exports import GROWN_RECODES, write_qualtrics_csv, write_qualtrics_qsf

    from tuffkit.errors import CodedColumnError

    recodes = GROWN_RECODES if grown else None
    folder = tmp_path / "q"
    folder.mkdir()
    path = write_qualtrics_csv(folder / "LfR_numeric.csv", PEOPLE, values="numeric", recodes=recodes)
    with pytest.raises(CodedColumnError, match=r"survey file \(\.qsf"):
        read_survey(path, instrument="lfr19")
    # the metadata as text-entry questions (written as text in the numeric export too): the
    # statements' recode values alone are refused
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    q1, q2, q3 = (rows[0].index(q) for q in ("Q1", "Q2", "Q3"))
    for row, person in zip(rows[3:], PEOPLE, strict=True):
        row[q1], row[q2], row[q3] = person.municipality, person.function, person.management_group
    texted = tmp_path / "texted.csv"
    with open(texted, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(CodedColumnError, match=r"a Qualtrics numeric export: the statement columns .* hold the codes "
                                               r"of the answers"):
        read_survey(texted, instrument="lfr19")
    write_qualtrics_qsf(folder / "LfR.qsf", recodes=recodes)  # the advice: the .qsf beside it
    data = read_survey(folder, instrument="lfr19")
    check_exact(data)
    assert "codes read through the survey structure LfR.qsf" in data.summary()


@pytest.mark.parametrize("style", ["4.1 text", "Q4_1", "F4.1"])
def test_numbered_question_headers(tmp_path, style):
    """A semicolon export (Excel with Swedish settings, as esMaker and Netigate users save it)
    whose questions are numbered: metadata "1. Kommun", statements "4.1 <statement text>", or the
    row codes alone ("Q4_1", "F4.1")."""
    from tuffkit import load_instrument

    statements = [it.sv for it in load_instrument("lfr19").items]
    head = {"4.1 text": lambda k: f"4.{k} {statements[k - 1]}", "Q4_1": lambda k: f"Q4_{k}",
            "F4.1": lambda k: f"F4.{k}"}[style]
    header = ["Svars-ID", "1. Kommun", "2. Funktion", "3. Sitter du i ledningsgruppen?", "Omgång"]
    header += [head(k) for k in range(1, 20)]
    lines = [";".join(header)]
    for r in PEOPLE:
        answers = ["" if r.answers[k] is None else ("Vet ej" if r.answers[k] == 0 else str(r.answers[k]))
                   for k in range(1, 20)]
        lines.append(";".join([str(r.id), r.municipality, r.function, r.management_group, "2014", *answers]))
    path = tmp_path / "export.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    data = read_survey(path, instrument="lfr19")
    check_exact(data)


def _workbook_with_codebook(path: Path, labels_in_header: bool = False) -> Path:
    """A workbook as a research group keeps it (the layout SND, the Swedish National Data Service,
    asks for in deposited data: data and documentation side by side): a cover sheet "Om enkäten",
    a "Data" sheet of numeric codes headed by variable names, and a "Kodbok" sheet (Variabel,
    Fråga, Värden as "1 = text" lines)."""
    import openpyxl

    from tuffkit import load_instrument

    inst = load_instrument("lfr19")
    munis = sorted({r.municipality for r in PEOPLE})
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Om enkäten"
    cover.append(["Leda för resultat, enkät 2014"])
    cover.append(["Insamlad februari–mars 2014. Se fliken Kodbok för variablerna."])
    data = wb.create_sheet("Data")
    names = ["Löpnr", "Kommun", "Funktion", "Ledgrp", "Omgång"] + [f"P{k}" for k in range(1, 20)]
    book = wb.create_sheet("Kodbok")
    book.append(["Variabel", "Fråga", "Värden"])
    book.append(["Löpnr", "Löpnummer", ""])
    book.append(["Kommun", "Vilken kommun arbetar du i?", "\n".join(f"{k} = {m}" for k, m in enumerate(munis, 1))])
    book.append(["Funktion", "Vilken funktion har du?", "1 = Ledningsfunktion\n2 = Stödfunktion"])
    book.append(["Ledgrp", "Sitter du i ledningsgruppen?", "1 = Ja\n2 = Nej"])
    book.append(["Omgång", "Omgång", ""])
    scale = "\n".join(["1 = Instämmer inte alls", *[f"{k} = {k}" for k in range(2, 7)], "7 = Instämmer helt",
                       "9 = Vet ej"])
    for k, it in enumerate(inst.items, 1):
        book.append([f"P{k}", f"{inst.stem['sv']} {it.sv}", scale])
    labels = {row[0].value: row[1].value for row in book.iter_rows(min_row=2)}
    data.append([labels[n] for n in names] if labels_in_header else names)
    for r in PEOPLE:
        answers = [None if r.answers[k] is None else 9 if r.answers[k] == 0 else r.answers[k] for k in range(1, 20)]
        data.append([r.id, munis.index(r.municipality) + 1,
                     {"Ledningsfunktion": 1, "Stödfunktion": 2}.get(r.function),
                     {"Ja": 1, "Nej": 2}.get(r.management_group), "2014", *answers])
    wb.save(path)
    return path


@pytest.mark.parametrize("labels_in_header", [False, True])
def test_a_codebook_sheet_is_the_codebook_of_the_data_sheet(tmp_path, labels_in_header):
    """The data sheet is read through the codebook sheet (names or labels as headers); the cover
    sheet and the codebook sheet are never read as data, and the summary says so."""
    data = read_survey(_workbook_with_codebook(tmp_path / "lfr2014.xlsx", labels_in_header), instrument="lfr19")
    check_exact(data)
    text = data.summary()
    assert "'Kodbok' read as the codebook of the data" in text and "'Om enkäten'" in text


def _pivot(tmp_path: Path, stat_rows: bool) -> Path:
    """An Excel pivot of the survey (PivotTable with "Medelvärde av" each statement by municipality,
    as Excel's Swedish pivot writes it), saved as a plain sheet, with Totalsumma and statistics rows."""
    import openpyxl

    from tuffkit import load_instrument

    inst = load_instrument("lfr19")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Radetiketter", *[it.sv for it in inst.items]])
    for k, m in enumerate(["Botkyrka", "Ronneby", "Sigtuna", "Ånge"]):
        ws.append([m, *[round(3 + ((k * 7 + j * 3) % 30) / 10, 2) for j in range(19)]])
    if stat_rows:
        for name in ("Medel", "Median", "Max"):
            ws.append([name, *[4.5] * 19])
    ws.append(["Totalsumma", *[4.12] * 19])
    path = tmp_path / "pivot.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("stat_rows", [False, True])
def test_an_aggregated_table_is_refused_as_not_respondent_data(tmp_path, stat_rows):
    with pytest.raises(InputFileError, match="hold means or shares .* not respondent data"):
        read_survey(_pivot(tmp_path, stat_rows), instrument="lfr19", wave="2014")


def test_a_wide_file_with_rounds_side_by_side_is_refused_naming_them(tmp_path):
    """A panel kept wide: each statement once per round ("2012 – <statement>", "2014 – <statement>")."""
    from tuffkit import load_instrument

    inst = load_instrument("lfr19")
    header = ["Kommun"] + [f"{y} - {it.sv}" for y in (2012, 2014) for it in inst.items]
    rows = [",".join(header)] + [",".join([m] + ["4"] * 38) for m in ("Botkyrka", "Ronneby")]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"several rounds side by side \(2012, 2014\)"):
        read_survey(path, instrument="lfr19", wave="2014")


# ----------------------------------------------------------------- REDCap
EVENTS = {201402: "omgang_1_arm_1", 201403: "omgang_1_arm_1", 201410: "omgang_2_arm_1", 201411: "omgang_2_arm_1"}


def _two_waves():
    import datetime as dt

    first = sample_respondents(12, seed=5, wave_start=dt.datetime(2014, 2, 3))
    second = sample_respondents(10, seed=6, wave_start=dt.datetime(2014, 10, 1))
    for k, r in enumerate(first + second, 1):
        r.id = k
    return first, second


@pytest.mark.parametrize("zero_based", [False, True])
def test_redcap_raw_export_with_its_data_dictionary(tmp_path, zero_based):
    """REDCap's raw export beside its Data Dictionary (tests/ingest/platforms.py names the sources):
    codes read through the choices (from 0 or 1), the missing data code UNK is no answer, the
    checkbox columns are not data, the dictionary is never read as survey data."""
    from ingest.platforms import write_redcap_dictionary, write_redcap_raw

    folder = tmp_path / "redcap"
    folder.mkdir()
    write_redcap_dictionary(folder / "LfR_DataDictionary_2014-03-10.csv", zero_based=zero_based)
    write_redcap_raw(folder / "LfR_DATA_2014-03-10_0815.csv", PEOPLE, zero_based=zero_based)
    data = read_survey(folder, instrument="lfr19")
    check_exact(data)
    f = data.files.iloc[0]
    assert len(data.files) == 1 and f.tool == "REDCap"
    assert "codes read through the survey structure LfR_DataDictionary_2014-03-10.csv" in data.summary()


def test_redcap_events_are_waves_once_named(tmp_path):
    """A longitudinal project's events (omgang_1_arm_1, omgang_2_arm_1) are its waves: refused until
    named (the advice: values: wave:), then each respondent is in the wave of its event; the same
    file with a study file whose wave ids are the event names reads without a mapping."""
    import yaml
    from ingest.platforms import write_redcap_dictionary, write_redcap_raw

    first, second = _two_waves()
    folder = tmp_path / "redcap"
    folder.mkdir()
    write_redcap_dictionary(folder / "dictionary.csv")
    write_redcap_raw(folder / "data.csv", first + second, events=EVENTS)
    with pytest.raises(InputFileError, match=r"the wave column 'redcap_event_name' holds no wave tuffkit can read "
                                             r"\('omgang_1_arm_1', 'omgang_2_arm_1'\)") as err:
        read_survey(folder, instrument="lfr19")
    advice = str(err.value).split("(wave: ")[1].split(", each ?")[0]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("values:\n  wave: " + advice.replace('"?"', '"2014-02"', 1).replace('"?"', '"2014-10"', 1)
                       + "\n", encoding="utf-8")
    data = read_survey(folder, instrument="lfr19", mapping=mapping)
    assert data.respondents.groupby("wave", observed=True).size().to_dict() == {"2014-02": 12, "2014-10": 10}
    (folder / "study.yaml").write_text(yaml.safe_dump({
        "title": "LfR i REDCap", "instrument": "lfr19",
        "waves": [{"id": "omgang_1_arm_1", "label": {"sv": "Omgång 1"}},
                  {"id": "omgang_2_arm_1", "label": {"sv": "Omgång 2"}}]}, allow_unicode=True), encoding="utf-8")
    data = read_survey(folder)
    assert data.respondents.groupby("wave", observed=True).size().to_dict() == {"omgang_1_arm_1": 12,
                                                                                 "omgang_2_arm_1": 10}


def test_redcap_labels_export(tmp_path):
    """The labels export reads without the dictionary; its checkbox columns are not data."""
    from ingest.platforms import write_redcap_labels

    data = read_survey(write_redcap_labels(tmp_path / "LfR_DATA_LABELS.csv", PEOPLE), instrument="lfr19")
    check_exact(data)
    assert data.files.iloc[0].tool == "REDCap"


# ----------------------------------------------------------------- KoboToolbox / ODK
@pytest.mark.parametrize("variant", ["kobo xml values", "kobo labels", "odk central"])
def test_kobotoolbox_and_odk_exports(tmp_path, variant):
    """KoboToolbox's semicolon CSV with XML values and group paths (read through the XLSForm beside
    it, never read as data), its labels export, and ODK Central's CSV; ISO times with offsets."""
    from ingest.platforms import write_kobo_csv, write_xlsform

    folder = tmp_path / "kobo"
    folder.mkdir()
    labels, odk = variant == "kobo labels", variant == "odk central"
    write_kobo_csv(folder / "LfR_2014_-_all_versions_-_labels_-_2014-03-10.csv", PEOPLE, labels=labels,
                   odk_central=odk, delimiter="," if odk else ";")
    if not labels:
        write_xlsform(folder / "lfr_2014.xlsx")
    data = read_survey(folder, instrument="lfr19")
    check_exact(data)
    assert len(data.files) == 1 and data.files.iloc[0].tool == ("ODK" if odk else "KoboToolbox")
    if not labels:
        assert "codes read through the survey structure lfr_2014.xlsx" in data.summary()


# ----------------------------------------------------------------- found by a held-out check
def test_codes_without_their_codebook_are_refused_and_a_form_numbered_from_the_top_reads_right(tmp_path):
    """REDCap's raw export and KoboToolbox's XML values alone hold codes: refused with the advice to
    give the dictionary or form. A dictionary whose choices are numbered from the top ("1, 1 Instämmer
    helt | 2, 2 | ... | 7, 7 Instämmer inte alls") reads every code, the bare ones too, the right way."""
    import csv as _csv

    from ingest.platforms import write_kobo_csv, write_redcap_dictionary, write_redcap_raw

    from tuffkit.errors import CodedColumnError

    raw = write_redcap_raw(tmp_path / "raw.csv", PEOPLE)
    with pytest.raises(CodedColumnError, match=r"holds answer codes .* Data Dictionary"):
        read_survey(raw, instrument="lfr19")
    kobo = write_kobo_csv(tmp_path / "kobo.csv", PEOPLE)
    with pytest.raises(CodedColumnError, match=r"KoboToolbox export of XML values: .*XLSForm"):
        read_survey(kobo, instrument="lfr19")
    # the dictionary numbered from the top, the raw codes written so
    folder = tmp_path / "top"
    folder.mkdir()
    top = [dataclasses.replace(copy.deepcopy(r), answers={k: (8 - v if v else v) for k, v in r.answers.items()})
           for r in PEOPLE]
    write_redcap_raw(folder / "data.csv", top)
    write_redcap_dictionary(folder / "dictionary.csv")
    with open(folder / "dictionary.csv", encoding="utf-8", newline="") as f:
        rows = list(_csv.reader(f))
    for row in rows:
        if row[0].startswith("p") and row[0][1:].isdigit():
            row[5] = "1, 1 Instämmer helt | 2, 2 | 3, 3 | 4, 4 | 5, 5 | 6, 6 | 7, 7 Instämmer inte alls | 99, Vet ej"
    with open(folder / "dictionary.csv", "w", encoding="utf-8", newline="") as f:
        _csv.writer(f).writerows(rows)
    check_exact(read_survey(folder, instrument="lfr19"))


def test_a_scale_direction_stated_above_the_header_is_used(tmp_path):
    """A hand-typed sheet of bare numbers whose title row says "Skala: 1 = Instämmer helt, 7 =
    Instämmer inte alls": read reversed, and the summary says why."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Leda för resultat – pappersenkät, inmatad"])
    ws.append(["Skala: 1 = Instämmer helt, 7 = Instämmer inte alls. Tomt = Vet ej."])
    ws.append(["Kommun", "Funktion", "Sitter du i ledningsgruppen?", "Omgång", *[f"F{k}" for k in range(1, 20)]])
    for r in PEOPLE:
        ws.append([r.municipality, r.function or None, r.management_group or None, "2014",
                   *[(8 - r.answers[k]) if r.answers[k] else None for k in range(1, 20)]])
    wb.save(tmp_path / "inmatning.xlsx")
    data = read_survey(tmp_path / "inmatning.xlsx", instrument="lfr19")
    check_exact(data)
    assert "as the line above the header says: 'Skala: 1 = Instämmer helt" in data.summary()


def test_a_forms_response_edited_between_two_downloads_is_kept_once(tmp_path):
    """Microsoft Forms lets a respondent edit a response ("Last modified time"): the later download
    holds the edited version, which is kept; the earlier version is rejected, named."""
    import datetime as dt

    people = sample_respondents(20, seed=8, wave_start=dt.datetime(2014, 3, 3))
    a = write_ms_forms_xlsx(tmp_path / "Enkät(1-10).xlsx", people[:10])
    edited = copy.deepcopy(people)
    edited[4].answers[3] = 1 if edited[4].answers[3] != 1 else 2
    b = write_ms_forms_xlsx(tmp_path / "Enkät(1-20).xlsx", edited)
    data = read_survey([a, b], instrument="lfr19")
    assert len(data.respondents) == 20
    r = data.responses.merge(data.respondents[["respondent_id", "source_id"]], on="respondent_id")
    got = {(str(s), int(i)): v for s, i, v in zip(r["source_id"], r["item"], r["value"], strict=True)}
    for person in edited:  # every answer as the latest version says
        for item, v in person.answers.items():
            assert (None if v in (None, 0) else v) == (None if got[(str(person.id), item)] is pd.NA
                                                      else got[(str(person.id), item)])
    gone = data.rejected[data.rejected["detail"].str.contains("an earlier version of the response in")]
    assert len(gone) == 1 and gone["file"].item() == "Enkät(1-10).xlsx"


def test_a_function_column_of_codes_is_refused_and_values_function_reads_it(tmp_path):
    from tuffkit.errors import CodedColumnError

    header = ["Kommun", "Funktion", "Ledningsgrupp", "Omgång", *[f"F{k}" for k in range(1, 20)]]
    code = {"Ledningsfunktion": "L", "Stödfunktion": "S", "": ""}
    lines = [";".join(header)] + [";".join([r.municipality, code[r.function], r.management_group, "2014",
                                            *["" if not r.answers[k] else str(r.answers[k]) for k in range(1, 20)]])
                                  for r in PEOPLE]
    path = tmp_path / "koder.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CodedColumnError, match=r"no function \('L', 'S'\).*values: function: \{L: management"):
        read_survey(path, instrument="lfr19")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("values:\n  function: {L: management, S: support}\n", encoding="utf-8")
    data = read_survey(path, instrument="lfr19", mapping=mapping)
    assert list(data.respondents["function"].astype(str)) == [
        {"Ledningsfunktion": "management", "Stödfunktion": "support", "": "not_stated"}[r.function] for r in PEOPLE]


def test_a_mean_row_under_individual_answers_is_a_summary_row(tmp_path):
    header = ["Kommun", "Omgång", *[f"F{k}" for k in range(1, 20)]]
    lines = [";".join(header)] + [";".join([r.municipality, "2014", *["" if not r.answers[k] else str(r.answers[k])
                                                                       for k in range(1, 20)]]) for r in PEOPLE]
    lines.append(";".join(["Medelvärde", "", *["4,12"] * 19]))
    path = tmp_path / "med_medel.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = read_survey(path, instrument="lfr19")
    assert len(data.respondents) == len(PEOPLE)
    assert data.rejected["reason"].tolist() == ["summary row"]
