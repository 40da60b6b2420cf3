"""The survey tools' exports (written by tests/ingest/exports.py as each tool writes them) are
read right without a mapping file, or refused with one sentence; never silently wrong."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest.exports import sample_respondents, write_all, write_limesurvey_csv, write_ms_forms_xlsx

from tuffkit.errors import CodedColumnError, InputFileError, NoStatementColumnsError
from tuffkit.ingest.inspect import draft_mapping, inspect_file
from tuffkit.ingest.survey import read_survey

PEOPLE = sample_respondents()
INSTRUMENT_ITEMS = [it.sv for it in __import__("tuffkit").load_instrument("lfr19").items]
FUNCTION = {"Ledningsfunktion": "management", "Stödfunktion": "support", "": "not_stated"}
GROUP = {"Ja": True, "Nej": False, "": None}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("exports"), PEOPLE)


def expected(people=PEOPLE) -> pd.DataFrame:
    """One row per respondent and statement answered on the scale, as the tool's user entered it."""
    rows = []
    for r in people:
        for item, v in r.answers.items():
            rows.append({"unit": r.municipality, "function": FUNCTION[r.function],
                         "in_management_group": GROUP[r.management_group], "item": item,
                         "value": v if v else None})
    return pd.DataFrame(rows)


def check_exact(data, people=PEOPLE, wave: str = "2014", no_group: bool = False) -> None:
    """Every kept respondent has exactly the values it was given, in file order (``no_group``:
    the export has no column the loader can know for the management group)."""
    assert len(data.respondents) == len(people)
    resp = data.responses.sort_values(["respondent_id", "item"], kind="stable")
    got = pd.DataFrame({
        "unit": resp["unit"].astype(str).to_numpy(),
        "function": resp["function"].astype(str).to_numpy(),
        "in_management_group": [None if pd.isna(x) else bool(x) for x in resp["in_management_group"]],
        "item": resp["item"].astype(int).to_numpy(),
        "value": [None if pd.isna(x) else int(x) for x in resp["value"]],
    })
    want = expected(people)
    if no_group:
        want["in_management_group"] = None
        assert any("no column for in_management_group" in w for w in data.warnings())
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)
    assert set(data.respondents["wave"].astype(str)) == {wave}


def check_accounting(data) -> None:
    """Every physical row is a header/title row, kept, rejected with a reason and a detail, or
    a trailing empty row."""
    for f in data.files.itertuples():
        assert f.rows_total == f.rows_above_header + len(f.header_rows) + f.rows_kept + f.rows_rejected \
            + f.trailing_empty_rows, f
    assert all(isinstance(x, str) and x for x in data.rejected["reason"])
    assert all(isinstance(x, str) and x for x in data.rejected["detail"]), data.rejected


READ_RIGHT = {
    # name: (tool named in the summary, header rows)
    "msforms_sv_labels": ("Microsoft Forms", [1]),
    "msforms_sv_numbers": ("Microsoft Forms", [1]),
    "msforms_en_labels": ("Microsoft Forms", [1]),
    "gforms_sv_csv": ("Google Forms", [1]),
    "gforms_en_csv": ("Google Forms", [1]),
    "gforms_sv_sheets_sv": ("Google Forms", [1]),
    "gforms_en_sheets_en": ("Google Forms", [1]),
    "gforms_sv_xlsx": ("Google Forms", [1]),
    "sm_sv_text": ("SurveyMonkey", [1, 2]),
    "sm_en_text": ("SurveyMonkey", [1, 2]),
    "sm_sv_text_xlsx": ("SurveyMonkey", [1, 2]),
    "qualtrics_sv_text": ("Qualtrics", [1, 2, 3]),
    "qualtrics_en_text": ("Qualtrics", [1, 2, 3]),
    "lime_sv_full_full": ("LimeSurvey", [1]),
    "lime_en_full_full": ("LimeSurvey", [1]),
    "lime_sv_code_full": ("LimeSurvey", [1]),
    "lime_sv_code_text_full": ("LimeSurvey", [1]),
    "lime_semicolon_with_structure": ("LimeSurvey", [1]),
    "spss_qualtrics_endpoints": ("SPSS", []),
    "spss_qualtrics_all": ("SPSS", []),
    "spss_limesurvey_endpoints": ("SPSS", []),
    "spss_reverse": ("SPSS", []),
    "stata_limesurvey_all": ("Stata", []),
}


def test_a_stata_file_whose_cut_labels_fit_two_statements_is_read_by_its_variable_names(files):
    """Stata cuts a variable label at 80 characters: "stem - statement" then fits statements 15 and
    16 alike. The variable names (Q4_15, Q4_16: question 4's rows) say which is which."""
    data = read_survey(files["stata_qualtrics_endpoints"])
    check_exact(data)
    assert data.files.iloc[0].statements_numbered_by_code  # said in the summary


@pytest.mark.parametrize("name", sorted(READ_RIGHT))
def test_tool_exports_read_right_without_a_mapping(files, name):
    tool, header_rows = READ_RIGHT[name]
    codebooks = []
    if name.endswith("_with_structure"):
        name = name.removesuffix("_with_structure")
        codebooks = [files["lime_structure"]]
    data = read_survey(files[name], codebooks=codebooks)
    # LimeSurvey question codes say nothing of the management group ('ledgrp'): named as absent
    check_exact(data, no_group=name == "lime_sv_code_full")
    check_accounting(data)
    f = data.files.iloc[0]
    article = "an" if tool[0] in "AEIOU" or tool == "SPSS" else "a"
    assert f.tool == tool and f.read_as.startswith(f"read as {article} {tool} export")
    assert f.header_rows == header_rows
    assert "; read as a" in data.summary()
    # the tools' own columns (e-mail, IP address, names) are left out and named
    assert not {"Email", "E-post", "IP Address", "Name"} & set(f.ignored_columns)


@pytest.mark.parametrize("codes", ["lime_sv_code_codes", "lime_A", "lime_reverse", "lime_underscore",
                                   "lime_sv_full_codes", "lime_sv_code_text_codes"])
@pytest.mark.parametrize("structure", ["txt", "lss3", "lss5"])
def test_limesurvey_codes_read_through_the_survey_structure(files, codes, structure):
    suffix = {"lime_A": "_A", "lime_reverse": "_reverse"}.get(codes, "")
    book = files[{"txt": "lime_structure", "lss3": "lime_lss3", "lss5": "lime_lss5"}[structure] + suffix]
    data = read_survey(files[codes], codebooks=[book])
    check_exact(data)
    assert data.files.iloc[0].codebooks == [f"the survey structure {book.name}"]


def test_a_structure_file_beside_the_export_is_found(files, tmp_path):
    shutil.copy(files["lime_reverse"], tmp_path)
    shutil.copy(files["lime_lss5_reverse"], tmp_path)
    check_exact(read_survey(tmp_path))


@pytest.mark.parametrize("name, says", [
    ("lime_sv_code_codes", "holds answer codes (A1, A2, A3, …), not names; give the survey structure file"),
    ("lime_reverse", "not names; give the survey structure file"),
    ("lime_en_full_codes", "not names; give the survey structure file"),
    ("sm_sv_numerical", "holds answer codes (1, 2, 3, …), not names; export with 'Actual answer text'"),
    ("sm_en_numerical_xlsx", "not names; export with 'Actual answer text'"),
    ("qualtrics_sv_numeric", "not names; give the choice-text export beside this numeric one"),
])
def test_answer_codes_are_refused_with_one_sentence(files, name, says):
    with pytest.raises(CodedColumnError, match=r"\(unit\) holds answer codes") as exc:
        read_survey(files[name])
    assert says in str(exc.value) and "\n" not in str(exc.value)


def test_codes_the_structure_does_not_name_are_refused(files):
    with pytest.raises(CodedColumnError, match="AO01.*that the survey structure .* does not name"):
        read_survey(files["lime_AO"], codebooks=[files["lime_lss5"]])


def test_letter_codes_in_statements_are_refused(files, tmp_path):
    path = write_limesurvey_csv(tmp_path / "x.csv", PEOPLE, answers="full", statement_codes="A")
    head = path.read_text(encoding="utf-8-sig").splitlines()[1]
    if '"A' not in head:  # the writer writes statement codes only with answer codes
        path = files["lime_A"]
    with pytest.raises(CodedColumnError):
        read_survey(path)


def test_qualtrics_numeric_export_beside_its_text_twin(files):
    folder = files["qualtrics_sv_text"].parent
    data = read_survey(folder)
    check_exact(data)
    check_accounting(data)
    twin = data.files[data.files["rows_kept"] == 0].iloc[0]
    assert twin.rows_rejected == len(PEOPLE) and "numeric twin" in twin.read_as
    assert set(data.rejected["reason"]) == {"duplicate submission"}
    # the ImportId row is a header row, not a respondent
    assert all(f.header_rows == [1, 2, 3] for f in data.files.itertuples())


def test_abbreviated_headings_are_refused_with_the_reason(files):
    with pytest.raises(NoStatementColumnsError, match="cut short .abbreviated."):
        read_survey(files["lime_sv_abbreviated_full"])


def test_limesurvey_incomplete_response_is_accounted(files):
    data = read_survey(files["lime_incomplete"], codebooks=[files["lime_structure"]])
    check_accounting(data)
    assert len(data.respondents) == len(PEOPLE) - 1
    assert len(data.rejected) == 1 and data.rejected.iloc[0]["detail"]


def test_surveymonkey_second_header_row_is_not_a_respondent(files):
    data = read_survey(files["sm_sv_text"])
    assert data.files.iloc[0].header_rows == [1, 2]
    assert 2 not in set(data.rejected["row"]) and 2 not in set(data.respondents["source_row"])


def test_google_forms_us_and_swedish_timestamps_give_the_same_wave(files):
    for name in ("gforms_sv_csv", "gforms_en_sheets_en", "gforms_sv_sheets_sv"):
        data = read_survey(files[name])
        how = data.files.iloc[0].wave_from
        assert how["wave"] == "2014" and how["first"] == str(min(p.submitted for p in PEOPLE).date())


def test_wave_option_names_the_wave(files):
    data = read_survey(files["msforms_sv_labels"], wave="2015-03")
    assert set(data.respondents["wave"].astype(str)) == {"2015-03"}


def test_timestamps_join_the_wave_another_file_names(files, tmp_path):
    # a paper wave '2014' beside a Forms export answered in March 2014 only
    march = sample_respondents(6, seed=3, wave_start=pd.Timestamp("2014-03-01").to_pydatetime())
    march = [p for p in march if p.submitted.month == 3]
    forms = write_ms_forms_xlsx(tmp_path / "forms.xlsx", march)
    paper = tmp_path / "paper.csv"
    paper.write_text("Kommun;Omgång;1;2;3\nRonneby;2014;3;4;5\nBotkyrka;2014;4;4;4\n", encoding="utf-8")
    data = read_survey([paper, forms])
    assert set(data.respondents["wave"].astype(str)) == {"2014"}
    alone = read_survey(forms)
    assert set(alone.respondents["wave"].astype(str)) == {"2014-03"}


def test_mapping_values_resolve_municipality_codes(files, tmp_path):
    codes = {"A1": "Botkyrka", "A2": "Ronneby", "A3": "Sigtuna", "A4": "Ånge", "A5": "Örebro", "A6": "Lycksele",
             "A7": "Härnösand"}
    mapping = tmp_path / "m.yaml"
    mapping.write_text(yaml.safe_dump({
        "values": {"municipality": codes, "funktion": {"A1": "Ledningsfunktion", "A2": "Stödfunktion"}},
        "missing": ["99"],
    }, allow_unicode=True), encoding="utf-8")
    data = read_survey(files["lime_sv_code_codes"], mapping=mapping)
    check_exact(data, no_group=True)


def test_inspect_drafts_a_mapping_that_ingest_accepts(files, tmp_path):
    views = inspect_file(files["lime_sv_code_codes"])
    roles = {c.header: c.role for c in views[0].columns}
    assert roles["kommun"] == "municipality" and roles["LFR[SQ003]"] == "statement 3"
    assert roles["submitdate"] == "timestamp" and roles["lastpage"] == "tool column"
    kommun = next(c for c in views[0].columns if c.header == "kommun")
    assert kommun.codes and kommun.codes.startswith("answer codes")
    draft = draft_mapping(views)
    # fill in the codes as a user would, by uncommenting and writing the names
    names = {"A1": "Botkyrka", "A2": "Ronneby", "A3": "Sigtuna", "A4": "Ånge", "A5": "Örebro", "A6": "Lycksele",
             "A7": "Härnösand"}
    edited = []
    for line in draft.splitlines():
        s = line.strip()
        if s in ('# "municipality":', '# "funktion":'):
            edited.append(line.replace("# ", "", 1))
            section = s
        elif s.startswith('#   "A') and section == '# "municipality":':
            code = s.split('"')[1]
            edited.append(f'    "{code}": "{names[code]}"')
        elif s.startswith('#   "A') and section == '# "funktion":':
            code = s.split('"')[1]
            edited.append(f'    "{code}": "{ {"A1": "Ledningsfunktion", "A2": "Stödfunktion"}[code]}"')
        else:
            edited.append(line)
            if not s.startswith("#"):
                section = ""
    mapping = tmp_path / "draft.yaml"
    mapping.write_text("\n".join(edited) + '\nmissing: ["99"]\n', encoding="utf-8")
    check_exact(read_survey(files["lime_sv_code_codes"], mapping=mapping), no_group=True)
    # unedited, the draft is a valid mapping and the codes are still refused
    plain = tmp_path / "plain.yaml"
    plain.write_text(draft, encoding="utf-8")
    with pytest.raises(CodedColumnError):
        read_survey(files["lime_sv_code_codes"], mapping=plain)


def test_inspect_command_writes_the_draft(files, tmp_path):
    out = tmp_path / "draft.yaml"
    proc = subprocess.run([sys.executable, "-m", "tuffkit.cli", "inspect", str(files["sm_sv_text"]),
                           "--draft", str(out)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "a SurveyMonkey export" in proc.stdout and "-> statement 19" in proc.stdout
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["columns"]["municipality"] == "Vilken kommun arbetar du i?"


@pytest.mark.parametrize("header", ["Hur länge har du arbetat i kommunen?", "Vilken yrkesroll har du?",
                                   "Ingår du i ledningsteamet?"])
def test_an_unused_column_about_a_field_stops_the_ingest(tmp_path, header):
    path = tmp_path / "x.csv"
    path.write_text(f"Kommun;Omgång;{header};1;2;3\nRonneby;2014;x;3;4;5\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="looks like it is about .* 'ignore:'"):
        read_survey(path)
    mapping = tmp_path / "m.yaml"
    mapping.write_text(yaml.safe_dump({"ignore": [header]}, allow_unicode=True), encoding="utf-8")
    assert len(read_survey(path, mapping=mapping).respondents) == 1


def test_question_form_metadata_headers_are_recognised(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Vilken kommun arbetar du i?;Vilken funktion har du?;Sitter du i kommunens ledningsgrupp?;"
                    "Omgång;1;2;3\nRonneby;Stödfunktion;Nej;2014;3;4;5\n", encoding="utf-8")
    r = read_survey(path).respondents.iloc[0]
    assert (r["unit"], r["function"], bool(r["in_management_group"])) == ("Ronneby", "support", False)


def test_a_data_row_is_never_taken_for_the_header(tmp_path):
    # LimeSurvey code headings no statement header can be read from, and numbers in the data rows
    path = tmp_path / "x.csv"
    path.write_text('"id","submitdate","lastpage","F1[a]","F1[b]"\n"1","2014-02-03","2","3","4"\n'
                    '"2","2014-02-04","3","5","6"\n', encoding="utf-8")
    with pytest.raises(NoStatementColumnsError, match=r"no recognisable header row in the first 30 rows \("
                       "the closest was row 1: 'id', 'submitdate'"):
        read_survey(path)


@pytest.mark.parametrize("stamp, ok", [
    ("2014/01/26 9:16:54 PM GMT+1", True), ("01/26/2014 09:16:54 PM", True), ("26.1.2014 21:16", True),
    ("2014-01-26T21:16:54Z", True), ("41665.88", True), ("03/04/2014 10:00", False),
])
def test_timestamp_formats(tmp_path, stamp, ok):
    path = tmp_path / "x.csv"
    path.write_text(f"Timestamp;Kommun;1;2;3\n{stamp};Ronneby;3;4;5\n", encoding="utf-8")
    if ok:
        data = read_survey(path)
        assert data.files.iloc[0].wave_from["first"] == "2014-01-26"
        assert set(data.respondents["wave"].astype(str)) == {"2014-01"}
    else:
        with pytest.raises(InputFileError, match="day first or month first .e.g. '03/04/2014'"):
            read_survey(path)


# ------------------------------------------------------------------ every row accounted for

CSV_FIXTURES = {"gforms_sv_csv": 1, "gforms_en_sheets_en": 1, "sm_sv_text": 2, "qualtrics_sv_text": 3,
                "lime_sv_full_full": 1, "lime_semicolon": 1, "sm_en_numerical": 2}


@pytest.mark.parametrize("name", ["artologik", "artologik_reverse"])
def test_artologik_codes_read_through_its_variable_view(files, name):
    data = read_survey(files[name], wave="2014")
    check_exact(data)
    check_accounting(data)
    f = data.files.iloc[0]
    assert f.tool == "Artologik Survey&Report" and f.codebooks == ["the file's value labels"]
    assert f.sheets_without_statements == [] and f["items"]["1"].startswith("Upplever du i din roll att: - ")


def test_every_fixture_accounts_for_every_row(files):
    """The property on every fixture that is read (the others stop with a sentence)."""
    read = 0
    for name, path in files.items():
        if path.suffix in (".lss", ".txt") or name == "stata_qualtrics_endpoints":  # refused: tested above
            continue
        try:
            data = read_survey(path, wave="2014" if name.startswith("artologik") else None)
        except (CodedColumnError, NoStatementColumnsError):
            continue
        check_accounting(data)
        read += 1
    assert read >= 25


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(CSV_FIXTURES)), titles=st.integers(0, 2),
       blanks=st.lists(st.integers(0, 11), max_size=3), trailing=st.integers(0, 3),
       dup=st.one_of(st.none(), st.integers(0, 11)))
def test_rows_are_accounted_for_whatever_surrounds_them(files, tmp_path_factory, name, titles, blanks, trailing,
                                                         dup):
    text = files[name].read_bytes().decode("utf-8-sig")
    sep = ";" if name == "lime_semicolon" else ","
    lines = text.splitlines()
    head, body = lines[:CSV_FIXTURES[name]], [x for x in lines[CSV_FIXTURES[name]:] if x.strip()]
    if dup is not None:
        body.insert(dup + 1, body[dup])
    for b in sorted(blanks, reverse=True):
        body.insert(b, sep * 3)
    if name.startswith("qualtrics"):
        titles = 0  # Qualtrics writes its three header rows first
    out = [f"Export{sep}LfR 2014"] * titles + head + body + [""] * trailing
    path = tmp_path_factory.mktemp("mutated") / files[name].name
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    try:
        data = read_survey(path, codebooks=[files["lime_structure"]] if name == "lime_semicolon" else [])
    except CodedColumnError:
        assert "numerical" in name
        return
    check_accounting(data)
    f = data.files.iloc[0]
    assert f.rows_total == len(out)
    assert f.header_rows == list(range(titles + 1, titles + 1 + CSV_FIXTURES[name]))
    assert len(data.respondents) + (dup is not None and name.startswith(("sm", "qualtrics", "lime"))) >= len(PEOPLE)
    assert set(data.rejected["reason"]) <= {"empty row", "duplicate submission"}


# ------------------------------------------------------------------ the failures of the first version


def test_surveymonkey_header_rows_are_found_even_with_a_mapping(files, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(yaml.safe_dump({"columns": {"municipality": "Vilken kommun arbetar du i?",
                                                   "respondent_id": "Respondent ID"}}, allow_unicode=True),
                       encoding="utf-8")
    data = read_survey(files["sm_sv_text"], mapping=mapping)
    assert data.files.iloc[0].header_rows == [1, 2]
    check_exact(data)


def test_limesurvey_codes_with_constants_never_read_the_id_as_a_statement(files, tmp_path):
    # the municipality question coded Q1: no municipality column, and the advice is followed
    text = files["lime_sv_code_full"].read_text(encoding="utf-8-sig").replace('"kommun"', '"Q1"', 1)
    path = tmp_path / "lime.csv"
    path.write_text(text, encoding="utf-8-sig")
    with pytest.raises(InputFileError, match="no unit column .* LimeSurvey question codes"):
        read_survey(path)
    mapping = tmp_path / "m.yaml"
    mapping.write_text(yaml.safe_dump({"constants": {"municipality": "Botkyrka", "wave": "2014"}}), encoding="utf-8")
    data = read_survey(path, mapping=mapping)
    f = data.files.iloc[0]
    assert f["items"] == {str(k): f"LFR[SQ{k:03d}]" for k in range(1, 20)}
    assert "id" not in f["items"].values() and "lastpage" not in f["items"].values()
    check_accounting(data)
    assert f.rows_kept == len(PEOPLE) and f.rows_total == len(PEOPLE) + 1 + f.trailing_empty_rows


def test_a_response_without_a_time_is_rejected_with_a_detail(files, tmp_path):
    lines = files["gforms_sv_csv"].read_text(encoding="utf-8").splitlines()
    lines[3] = "," + lines[3].split(",", 2)[2] if lines[3].count('"') == 0 else lines[3]
    first_cell = lines[3].split(",")[0]
    lines[3] = lines[3][len(first_cell):]
    path = tmp_path / "g.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = read_survey(path)
    row = data.rejected.set_index("row").loc[4]
    assert row["reason"] == "no wave" and row["detail"] == "no date in 'Tidstämpel'"


def test_waves_from_timestamps_by_the_mapping_periods(files, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(yaml.safe_dump({"waves": [
        {"label": "februari", "from": "2014-02-01", "to": "2014-02-28"},
        {"label": "mars", "from": "2014-03-01", "to": "2014-03-05"},
    ]}), encoding="utf-8")
    data = read_survey(files["sm_sv_text"], mapping=mapping)
    got = data.respondents.assign(month=data.respondents["wave"].astype(str))
    by_row = dict(zip(got["source_row"], got["month"], strict=True))
    for k, person in enumerate(PEOPLE):
        row = k + 3  # two header rows
        if person.submitted.month == 2:
            assert by_row[row] == "februari"
        elif person.submitted.day <= 5:
            assert by_row[row] == "mars"
        else:
            rej = data.rejected.set_index("row").loc[row]
            assert rej["detail"] == "answered on a day in no wave period of the mapping file"
            assert str(person.submitted.date()) not in rej.to_string()  # the day of a response is not written
    check_accounting(data)


OTHER_ANSWER = {  # tool: (export, the "other" column's header)
    "surveymonkey": (
        "Respondent ID,Collector ID,End Date,Vilken kommun arbetar du i?,,Upplever du i din roll att:,,\n"
        ",,,Response,Annan (ange),Ledningsfunktionen lägger tillräckligt med tid på strategiska frågor.,"
        "Jag kan ägna tillräckligt med tid åt mitt uppdrag i ledningsfunktionen.,\n"
        "1,9,02/13/2014 10:00:00 AM,Ronneby,,3,4\n"
        "2,9,02/14/2014 10:00:00 AM,Annan,Sölvesborg,5,6\n",
        "Vilken kommun arbetar du i? [Annan (ange)]"),
    "qualtrics": (
        "ResponseId,RecordedDate,Q1,Q1_7_TEXT,Q4_1,Q4_2\n"
        "Response ID,Recorded Date,Vilken kommun arbetar du i?,Vilken kommun arbetar du i? - Annan - Text,"
        "Upplever du i din roll att: - Ledningsfunktionen lägger tillräckligt med tid på strategiska frågor.,"
        "Upplever du i din roll att: - Jag kan ägna tillräckligt med tid åt mitt uppdrag i ledningsfunktionen.\n"
        '"{""ImportId"":""_recordId""}","{""ImportId"":""recordedDate""}","{""ImportId"":""QID1""}",'
        '"{""ImportId"":""QID1_7_TEXT""}","{""ImportId"":""QID4_1""}","{""ImportId"":""QID4_2""}"\n'
        "R_1,2014-02-03 10:00:00,Ronneby,,3,4\nR_2,2014-02-04 10:00:00,Annan,Sölvesborg,5,6\n",
        "Vilken kommun arbetar du i? - Annan - Text"),
    "limesurvey": (
        '"id","submitdate","kommun","kommun[other]","LFR[SQ001]","LFR[SQ002]","LFR[SQ003]"\n'
        '"1","2014-02-03 10:00:00","Ronneby","","3","4","5"\n'
        '"2","2014-02-04 10:00:00","","Sölvesborg","5","6","7"\n',
        "kommun[other]"),
}


@pytest.mark.parametrize("tool", sorted(OTHER_ANSWER))
def test_an_other_answer_is_read_from_its_text_column(tmp_path, tool):
    text, other = OTHER_ANSWER[tool]
    path = tmp_path / f"{tool}.csv"
    path.write_text(text, encoding="utf-8")
    data = read_survey(path)
    assert list(data.respondents["unit"].astype(str)) == ["Ronneby", "Sölvesborg"]
    assert data.files.iloc[0].other_columns == {"municipality": other}


def test_spss_codes_without_value_labels_are_refused(tmp_path):
    import pyreadstat

    frame = pd.DataFrame({"kommun": [1.0, 2.0], "Q4_1": [3.0, 4.0], "Q4_2": [5.0, 6.0], "Q4_3": [1.0, 2.0]})
    path = tmp_path / "x.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=["Vilken kommun arbetar du i?", "1", "2", "3"])
    with pytest.raises(CodedColumnError, match="holds answer codes .1, 2., not names; the file has no value "
                       "labels for them"):
        read_survey(path, wave="2014")
    pyreadstat.write_sav(frame, str(path), column_labels=["Vilken kommun arbetar du i?", "1", "2", "3"],
                         variable_value_labels={"kommun": {1.0: "Botkyrka", 2.0: "Ronneby"}})
    data = read_survey(path, wave="2014")
    assert list(data.respondents["unit"].astype(str)) == ["Botkyrka", "Ronneby"]
    assert data.files.iloc[0].read_as == "read as an SPSS export (variable labels as headers)"


def test_statement_labels_that_do_not_run_one_way_are_refused(tmp_path):
    import pyreadstat

    frame = pd.DataFrame({"kommun": ["Ronneby"], "Q4_1": [3.0], "Q4_2": [5.0], "Q4_3": [1.0]})
    path = tmp_path / "x.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=["Kommun", "1", "2", "3"], variable_value_labels={
        "Q4_1": {1.0: "Instämmer helt", 2.0: "2", 7.0: "Instämmer inte alls"}})
    with pytest.raises(InputFileError, match="the labelled codes do not run one way along the scale .* code.s. 3 "
                       "without a label") as err:
        read_survey(path, wave="2014")
    # the advice followed literally (each ? replaced by its step) reads the file right
    advice = str(err.value).split("in a mapping file, ")[1].split(", with each ?")[0]
    assert advice == 'values: {"1": {"1": 7, "2": 2, "7": 1, "3": ?}}'
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(advice.replace("?", "5") + "\n", encoding="utf-8")
    data = read_survey(path, wave="2014", mapping=mapping)
    assert data.responses.sort_values("item")["value"].tolist() == [5, 5, 1]  # Q4_2, Q4_3 carry no labels


def test_value_labels_in_any_order_are_read_through_their_labels(tmp_path):
    """A Qualtrics scale grown from 5 to 7 steps after responses came in keeps its old recode
    values (Qualtrics' documentation, "Recode values": codes stop renumbering once there is data),
    so the .sav's value labels run 1, 2, 3, 4, "Instämmer helt" = 5, then 6 = "5", 7 = "6",
    8 = "Vet ej". Every code is read through its label: never 5 for "Instämmer helt"."""
    import pyreadstat

    grown = {1.0: "Instämmer inte alls", 2.0: "2", 3.0: "3", 4.0: "4", 5.0: "Instämmer helt", 6.0: "5", 7.0: "6",
             8.0: "Vet ej"}
    frame = pd.DataFrame({"kommun": ["Ronneby"] * 4, "Q4_1": [5.0, 6.0, 7.0, 8.0], "Q4_2": [1.0, 2.0, 3.0, 4.0]})
    path = tmp_path / "grown.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=["Kommun", "1", "2"],
                         variable_value_labels={"Q4_1": grown, "Q4_2": grown})
    data = read_survey(path, wave="2014")
    got = data.responses.pivot(index="respondent_id", columns="item", values="value")
    assert got[1].astype("object").where(got[1].notna(), None).tolist() == [7, 5, 6, None]
    assert got[2].tolist() == [1, 2, 3, 4]


def test_cli_ingest_with_wave_and_codebook(files, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "tuffkit.cli", "ingest", str(files["lime_reverse"]), "--codebook",
                           str(files["lime_structure_reverse"]), "--wave", "2014", "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "read as a LimeSurvey export (header on row 1)" in proc.stdout
    assert "codes read through the survey structure" in proc.stdout
    record = json.loads((out / "ingest.json").read_text(encoding="utf-8"))
    f = record["files"][0]
    assert f["tool"] == "LimeSurvey" and f["header_rows"] == [1] and f["wave_from"]["wave"] == "2014"
    bad = subprocess.run([sys.executable, "-m", "tuffkit.cli", "ingest", str(files["lime_reverse"]), "--out",
                          str(tmp_path / "o2")], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_qualtrics_previews_are_not_respondents(files, tmp_path):
    lines = files["qualtrics_sv_text"].read_text(encoding="utf-8-sig").splitlines()
    assert ",IP Address," in lines[3]
    lines[3] = lines[3].replace(",IP Address,", ",Survey Preview,", 1)
    path = tmp_path / "q.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    data = read_survey(path)
    rej = data.rejected.set_index("row").loc[4]
    assert rej["reason"] == "test response"
    assert (rej["column"], rej["detail"]) == ("Response Type", "Qualtrics marks it a preview, test or spam response")
    check_exact(data, PEOPLE[1:])


def test_inspect_shows_a_file_without_statement_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Kommun;Vad tycker du?;Hur ofta?\nRonneby;Bra;Ofta\n", encoding="utf-8")
    view = inspect_file(path)[0]
    assert [c.role for c in view.columns] == ["municipality", "unknown", "unknown"]
    assert "# ?: \"Vad tycker du?\"" in draft_mapping([view])


def test_numbered_question_forms_and_swedish_afternoons(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Tidstämpel,1. Vilken kommun arbetar du i?,2. Vilken funktion har du?,"
                    "Upplever du i din roll att:.Ledningsfunktionen lägger tillräckligt med tid på "
                    "strategiska frågor.\n"
                    "2014/01/26 9:16:54 em CET,Ronneby,Stödfunktion,5\n", encoding="utf-8")
    data = read_survey(path)
    r = data.respondents.iloc[0]
    assert (r["unit"], r["function"], str(r["wave"])) == ("Ronneby", "support", "2014-01")
    assert data.responses["value"].tolist() == [5] and data.responses["item"].tolist() == [1]


def test_a_structure_file_is_used_only_for_the_export_it_describes(files, tmp_path):
    shutil.copy(files["lime_sv_code_codes"], tmp_path)
    shutil.copy(files["lime_lss5"], tmp_path)
    (tmp_path / "paper.csv").write_text("Kommun;Omgång;F1;F2;F3\nkommun A1;2013-05;3;4;5\n", encoding="utf-8")
    data = read_survey(tmp_path)
    f = data.files.set_index("file")
    assert pd.isna(f.loc["paper.csv", "tool"]) and f.loc["paper.csv", "codebooks"] == []
    assert f.loc["lime_sv_code_codes.csv", "tool"] == "LimeSurvey"
    paper = data.respondents[data.respondents["source_file"] == "paper.csv"]
    assert paper["unit"].astype(str).tolist() == ["kommun A1"]


def test_a_code_the_codebook_leaves_out_is_refused(files, tmp_path):
    text = files["lime_sv_code_codes"].read_text(encoding="utf-8-sig")
    path = tmp_path / "lime.csv"
    first = text.splitlines()[1]
    path.write_text(text.replace(first, first.replace('"A1","A1","N"', '"A9","A1","N"', 1), 1), encoding="utf-8-sig")
    assert '"A9"' in path.read_text(encoding="utf-8-sig")
    with pytest.raises(CodedColumnError, match=r"holds answer codes \(A9\), that the survey structure"):
        read_survey(path, codebooks=[files["lime_structure"]])


# ------------------------------------------------------------------ what an outside review found


def _forms_with_answers(files, tmp_path, relabel) -> Path:
    """The Swedish Microsoft Forms fixture with each statement answer ``v`` (1..7) written as
    ``relabel(v)``."""
    import openpyxl

    book = openpyxl.load_workbook(files["msforms_sv_numbers"])
    ws = book.active
    first = [c.value for c in ws[1]].index("Vilken funktion har du?") + 2  # after the group question
    for row in ws.iter_rows(min_row=2):
        for cell in row[first:first + 19]:
            if isinstance(cell.value, (int, str)) and str(cell.value).isdigit():
                cell.value = relabel(int(cell.value))
    path = tmp_path / "forms.xlsx"
    book.save(path)
    return path


def test_numbered_answers_that_run_the_other_way_are_read_reversed(files, tmp_path):
    # the form listed "1 – Instämmer helt" first: its numbers count from the top of the scale
    labels = {1: "1 – Instämmer helt", 7: "7 – Instämmer inte alls"}
    path = _forms_with_answers(files, tmp_path, lambda v: labels.get(8 - v, str(8 - v)))
    data = read_survey(path)
    check_exact(data)
    assert data.files.iloc[0].statements_numbered_reversed == list(range(1, 20))
    assert "read reversed" in data.summary()


def test_a_lone_disagreeing_label_is_a_keying_error_not_a_reversed_scale(files, tmp_path):
    seen = []

    def once(v: int) -> str:
        seen.append(v)
        return "7 - Instämmer inte alls" if v == 7 and seen.count(7) == 1 else str(v)

    path = _forms_with_answers(files, tmp_path, once)
    # with no other label, one reversed label cannot tell a keying error from a scale numbered from
    # the top: refused, naming it, never guessed
    with pytest.raises(InputFileError, match="the only numbered label among the answers is '7 - Instämmer inte alls'"):
        read_survey(path)
    # with labels that agree elsewhere, it is a keying error: listed as a problem
    seen.clear()
    data = read_survey(_forms_with_answers(files, tmp_path, lambda v: "1 – Instämmer inte alls" if v == 1 else once(v)))
    assert data.files.iloc[0].statements_numbered_reversed == []
    assert data.problems["reason"].tolist() == ["the number and the label after it disagree"]


def test_a_small_file_numbered_from_the_top_is_refused_and_the_advice_reads_it_right(files, tmp_path):
    """A small paper-form workbook whose scale is printed "1 – Instämmer helt ... 7" with only
    the first step labelled: too few labels to tell, refused; the advice (values: answers:) followed
    literally reads every answer right, and the loader's own reversal never applies on top of it."""
    seen = []

    def top_once(v: int) -> str:  # only one respondent ticked the labelled step
        seen.append(v)
        return "1 – Instämmer helt" if v == 7 and seen.count(7) == 1 else str(8 - v)

    path = _forms_with_answers(files, tmp_path, top_once)
    with pytest.raises(InputFileError, match=r'give values: answers: \{"1": 7, "2": 6, "3": 5, "4": 4, "5": 3, '
                                             r'"6": 2, "7": 1\}') as err:
        read_survey(path)
    advice = str(err.value).split("give values: answers: ")[1].split(" in a mapping file")[0]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(f"values:\n  answers: {advice}\n", encoding="utf-8")
    data = read_survey(path, mapping=mapping)
    check_exact(data)
    assert "the loader's own reading of numbered labels not applied" in data.summary()


def test_a_mapping_that_reverses_a_reversed_file_is_not_applied_twice(files, tmp_path):
    """A file the loader reads reversed on its own, given with a mapping that reverses it too:
    the mapping wins, the answers are reversed once."""
    labels = {1: "1 – Instämmer helt", 7: "7 – Instämmer inte alls"}
    path = _forms_with_answers(files, tmp_path, lambda v: labels.get(8 - v, str(8 - v)))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('values:\n  answers: {"1": 7, "2": 6, "3": 5, "4": 4, "5": 3, "6": 2, "7": 1}\n',
                       encoding="utf-8")
    data = read_survey(path, mapping=mapping)
    check_exact(data)
    assert data.files.iloc[0].statements_numbered_reversed == []
    assert "read reversed" not in data.summary()


def test_a_scale_counted_from_zero_is_refused(files, tmp_path):
    with pytest.raises(InputFileError, match=r"answers run 0\.\.6 where the scale is 1\.\.7"):
        read_survey(_forms_with_answers(files, tmp_path, lambda v: str(v - 1)))


def test_scale_labels_the_instrument_does_not_know_are_refused(files, tmp_path):
    words = {1: "Strongly disagree", 7: "Strongly agree"}
    with pytest.raises(InputFileError, match="recur in .* statement columns .*'strongly"):
        read_survey(_forms_with_answers(files, tmp_path, lambda v: words.get(v, str(v))))


def test_spss_scale_coded_from_zero_with_endpoint_labels_is_read_shifted(tmp_path):
    import pyreadstat

    frame = pd.DataFrame({"kommun": ["Ronneby", "Ronneby"], "Q4_1": [0.0, 6.0], "Q4_2": [3.0, 2.0], "Q4_3": [5.0, 1.0]})
    path = tmp_path / "x.sav"
    scale = {0.0: "Instämmer inte alls", 6.0: "Instämmer helt"}
    pyreadstat.write_sav(frame, str(path), column_labels=["Kommun", "1", "2", "3"],
                         variable_value_labels={"Q4_1": scale, "Q4_2": scale, "Q4_3": scale})
    data = read_survey(path, wave="2014")
    assert data.responses.sort_values(["respondent_id", "item"])["value"].tolist() == [1, 4, 6, 7, 3, 2]


def test_a_statement_that_mentions_communicating_is_not_about_the_municipality(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Kommun;Omgång;1;2;Vi kommunicerar ofta\nRonneby;2014;3;4;5\n", encoding="utf-8")
    data = read_survey(path)
    assert data.files.iloc[0].ignored_columns == ["Vi kommunicerar ofta"]


@pytest.mark.parametrize("name, rows", [("gforms_sv_csv", 1), ("sm_sv_text", 2), ("qualtrics_sv_text", 3)])
def test_an_export_with_headers_and_no_response_yet_keeps_nobody(files, tmp_path, name, rows):
    lines = files[name].read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / files[name].name
    path.write_text("\n".join(lines[:rows]) + "\n", encoding="utf-8")
    data = read_survey(path, wave="2014")
    f = data.files.iloc[0]
    assert (f.rows_total, f.rows_kept, f.rows_rejected, f.header_rows) == (rows, 0, 0, list(range(1, rows + 1)))


def test_numbered_google_forms_questions(files, tmp_path):
    lines = files["gforms_sv_csv"].read_text(encoding="utf-8").splitlines()
    header = lines[0].replace("Vilken kommun", "1. Vilken kommun").replace("Upplever du", "4. Upplever du")
    path = tmp_path / "g.csv"
    path.write_text("\n".join([header, *lines[1:]]) + "\n", encoding="utf-8")
    check_exact(read_survey(path))
    inner = lines[0]
    for k, item in enumerate(INSTRUMENT_ITEMS, start=1):
        inner = inner.replace(f"[{item}]", f"[{k}. {item}]")
    path.write_text("\n".join([inner, *lines[1:]]) + "\n", encoding="utf-8")
    check_exact(read_survey(path))


def test_limesurvey_statements_over_two_questions_ask_for_the_structure(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,submitdate,kommun," + ",".join([f"F1[SQ00{k}]" for k in range(1, 4)]
                                                       + [f"F2[SQ00{k}]" for k in range(1, 4)])
                    + "\n1,2014-02-03,Ronneby,3,4,5,6,7,1\n", encoding="utf-8")
    with pytest.raises(NoStatementColumnsError, match=r"LimeSurvey codes of several questions \(F1, F2\)"):
        read_survey(path)


def test_a_qualtrics_minus_99_is_never_a_unit(files, tmp_path):
    """Qualtrics' "Recode seen but unanswered questions as -99" (its documentation: Data & Analysis >
    Export > More options): a respondent who skipped the municipality question has -99 there. That
    is no answer, named in rejected.csv, never a new unit "-99"."""
    import csv

    src = files["qualtrics_sv_text"]
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("Q1")
    rows[3][col] = "-99"
    rows[4][col] = "-98"
    out = tmp_path / "qualtrics_minus_99.csv"
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    data = read_survey(out)
    assert not {"-99", "-98"} & set(data.respondents["unit"].astype(str))
    gone = data.rejected[data.rejected["reason"] == "no unit"]
    assert len(gone) == 2 and gone["detail"].str.contains("a survey tool's code for no answer").all()
    check_accounting(data)
