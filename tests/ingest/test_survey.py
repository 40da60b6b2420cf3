"""tuffkit.ingest.survey.read_survey on every export variant, built from small fixtures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tuffkit import InputFileError, NoStatementColumnsError, read_survey
from tuffkit.ingest.schemas import RESPONSE_COLUMNS

from conftest import BASE_HEADER, LFR, make_rows


def answers_of(data, respondent: int = 1) -> list:
    r = data.responses
    return r.loc[r.respondent_id == respondent, "value"].tolist()


def test_tidy_frame_columns_and_types(write_csv, f_header):
    rows = make_rows(6)
    data = read_survey(write_csv(f_header, rows))
    r = data.responses
    assert list(r.columns) == RESPONSE_COLUMNS
    assert len(r) == 6 * 19
    assert isinstance(r["wave"].dtype, pd.CategoricalDtype) and r["wave"].dtype.ordered
    assert str(r["value"].dtype) == "Int8"
    assert str(r["in_management_group"].dtype) == "boolean"
    assert set(r["function"].cat.categories) == {"management", "support", "not_stated"}
    # values read back exactly, in statement order
    assert answers_of(data, 1) == rows[0][4:]
    assert r.loc[r.respondent_id == 1, "item"].tolist() == list(range(1, 20))
    resp = data.respondents.set_index("respondent_id")
    assert resp.loc[1, "function"] == "management" and bool(resp.loc[1, "in_management_group"]) is True
    assert resp.loc[3, "function"] == "not_stated" and pd.isna(resp.loc[3, "in_management_group"])
    assert resp.loc[2, "unit"] == "Mönsterås"
    assert resp.loc[1, "source_row"] == 2  # header is row 1


@pytest.mark.parametrize("sep", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_separators_and_encodings_keep_swedish_letters(write_csv, f_header, sep, encoding):
    rows = make_rows(5)
    path = write_csv(f_header, rows, sep=sep, encoding=encoding, title_rows=1)
    data = read_survey(path)
    acc = data.files.iloc[0]
    assert acc.separator == sep
    assert acc.encoding == encoding
    assert acc.header_row == 2
    assert set(data.respondents.unit) == {"Mönsterås", "Åre-fiktiv"}
    assert answers_of(data, 5) == rows[4][4:]


def test_decimal_comma_cells_in_comma_separated_file_are_quoted_and_reported(write_csv, f_header):
    rows = make_rows(3)
    rows[1][4 + 2] = "4,5"  # csv.writer quotes it
    data = read_survey(write_csv(f_header, rows, sep=","))
    p = data.problems
    assert len(p) == 1 and p.iloc[0].column == "F3" and p.iloc[0].reason == "not a whole number" and p.iloc[0].row == 3
    assert pd.isna(answers_of(data, 2)[2])


@pytest.mark.parametrize("titles", [0, 1, 3])
def test_title_rows_above_header_xlsx(write_xlsx, f_header, titles):
    rows = make_rows(4)
    data = read_survey(write_xlsx(f_header, rows, title_rows=titles))
    acc = data.files.iloc[0]
    assert acc.header_row == titles + 1 and acc.rows_in == 4
    assert data.respondents.source_row.tolist() == [titles + 2 + i for i in range(4)]
    assert answers_of(data, 4) == rows[3][4:]


def test_xlsx_picks_the_sheet_with_statements(write_xlsx, f_header):
    data = read_survey(write_xlsx(f_header, make_rows(3), sheets_before=2))
    assert data.files.iloc[0].sheet == "Svar" and data.files.iloc[0].rows_kept == 3


@pytest.mark.parametrize(
    "header",
    [
        [str(k) for k in range(1, 20)],
        [f"F{k}" for k in range(1, 20)],
        [f"Q{k}" for k in range(1, 20)],
        [f"Påstående {k}" for k in range(1, 20)],
        [f"{it.number}. {it.sv}" for it in LFR.items],
        [it.sv for it in LFR.items],
        [f"Upplever du i din roll att: [{it.sv}]" for it in LFR.items],
        [it.en for it in LFR.items],
        [it.sv[:70] for it in LFR.items],  # truncated by the export tool
    ],
    ids=["number", "F", "Q", "pastaende", "number-text", "text", "stem-text", "english", "truncated"],
)
def test_statement_headers(write_csv, header):
    rows = make_rows(3)
    data = read_survey(write_csv(BASE_HEADER + header, rows))
    assert data.files.iloc[0]["items"] == {str(k): h for k, h in zip(range(1, 20), header, strict=True)}
    assert answers_of(data, 3) == rows[2][4:]


def test_statement_columns_in_any_order_and_extra_columns_listed(write_csv):
    order = [5, 1, 19, 2]
    header = ["Svars-ID", "Kommun", "Omgång", "Kommentar"] + [f"F{k}" for k in order]
    rows = [["a1", "Ronneby", "2014", "bra kurs", 7, 1, 4, 2]]
    data = read_survey(write_csv(header, rows))
    r = data.responses.set_index("item")["value"]
    assert r.to_dict() == {5: 7, 1: 1, 19: 4, 2: 2}
    acc = data.files.iloc[0]
    assert acc.ignored_columns == ["Kommentar"]
    assert acc.items_absent == [k for k in range(1, 20) if k not in order]
    # free text never reaches the tidy frame
    assert "bra kurs" not in data.responses.astype(str).to_numpy()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("7", 7), (7, 7), ("Instämmer helt", 7), ("7 - Instämmer helt", 7), ("7 Instämmer helt", 7),
        ("1 – Instämmer inte alls", 1), ("instämmer inte alls", 1), ("Fully agree", 7), ("  3 ", 3),
        ("Vet ej", None), ("Ej svar", None), ("", None), ("vet inte", None),
    ],
)
def test_answer_forms(write_csv, f_header, cell, expected):
    rows = make_rows(2)
    rows[0][4] = cell
    data = read_survey(write_csv(f_header, rows))
    got = answers_of(data, 1)[0]
    assert (pd.isna(got) and expected is None) or got == expected
    assert len(data.problems) == 0


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("0", "outside the scale 1..7"), ("8", "outside the scale 1..7"), ("4,5", "not a whole number"),
        ("4.5", "not a whole number"), ("bra", "not an answer on the scale 1..7"),
        # (a lone "7 - Instämmer inte alls" among bare numbers is refused: test_exports)
        ("-99", "a survey tool's code for no answer (such as Qualtrics' -99 for seen but unanswered)"),
    ],
)
def test_bad_cells_are_reported_and_set_to_missing(write_xlsx, f_header, cell, reason):
    rows = make_rows(3)
    rows[1][4 + 7] = cell
    data = read_survey(write_xlsx(f_header, rows, title_rows=2))
    p = data.problems
    assert len(p) == 1
    assert p.iloc[0].to_dict() == {
        "file": "export.xlsx", "row": 5, "column": "F8", "field": "item 8", "reason": reason,
    }
    assert pd.isna(answers_of(data, 2)[7])
    assert data.files.iloc[0].rows_kept == 3


def test_excel_float_cells(write_xlsx, f_header):
    rows = make_rows(2)
    rows[0][4], rows[0][5] = 6.0, 4.5
    data = read_survey(write_xlsx(f_header, rows))
    assert answers_of(data, 1)[0] == 6
    assert data.problems[["column", "reason"]].values.tolist() == [["F2", "not a whole number"]]


def test_rejections_each_have_one_reason_and_counts_add_up(write_csv, f_header):
    rows = make_rows(9)
    rows[0][0] = ""                          # no municipality
    rows[1][3] = "hösten"                    # unknown wave
    rows[2][4:] = [""] * 19                  # no answer
    rows[3][4:] = ["Vet ej"] * 19            # no answer either
    rows[4] = [""] * len(f_header)           # empty row
    rows[5][0] = "Totalt"                    # a summary row of a compiled sheet
    rows[6][3] = ""                          # no wave
    data = read_survey(write_csv(f_header, rows))
    rej = data.rejected.set_index("row")["reason"].to_dict()
    assert rej == {
        2: "no unit", 3: "unknown wave", 4: "no answer to any statement",
        5: "no answer to any statement", 6: "empty row", 7: "summary row", 8: "no wave",
    }
    acc = data.files.iloc[0]
    assert (acc.rows_in, acc.rows_kept, acc.rows_rejected) == (9, 2, 7)
    third = data.rejected.set_index("row").loc[3]
    assert third["column"] == "Omgång" and third["detail"].startswith("not a wave")
    assert "hösten" not in data.rejected.to_string(), "a cell's text is not written"


def test_trailing_empty_rows_are_not_data_but_counted(tmp_path, f_header):
    from conftest import to_csv_text

    text = to_csv_text(f_header, make_rows(2)) + ";" * (len(f_header) - 1) + "\r\n" + "\r\n"
    p = tmp_path / "x.csv"
    p.write_text(text, encoding="utf-8")
    data = read_survey(p)
    acc = data.files.iloc[0]
    assert (acc.rows_in, acc.rows_kept, acc.trailing_empty_rows) == (2, 2, 2)


def test_short_record_is_padded_and_long_one_rejected_with_its_row(tmp_path, f_header):
    from conftest import to_csv_text

    lines = to_csv_text(f_header, make_rows(4)).splitlines()
    lines[2] = lines[2].rsplit(";", 3)[0]              # respondent 2 without its last 3 answers
    lines.insert(3, "Ronneby;Ledning;Ja")              # a broken line, kept: padded, but it has no wave
    lines.insert(5, ";".join(["x"] * (len(f_header) + 2)))  # two fields too many: malformed
    p = tmp_path / "x.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = read_survey(p)
    rej = data.rejected.set_index("row")
    assert rej.reason.to_dict() == {4: "no wave", 6: "malformed record"}
    assert "21 fields" in rej.loc[6, "detail"] or f"{len(f_header) + 2} fields" in rej.loc[6, "detail"]
    assert data.respondents.source_row.tolist() == [2, 3, 5, 7]
    assert data.files.iloc[0].repaired_rows == 2
    r2 = data.responses[data.responses.respondent_id == 2]["value"]
    assert r2.isna().tolist() == [False] * 16 + [True] * 3


def test_line_breaks_inside_quoted_title_and_header_cells(tmp_path, f_header):
    from conftest import to_csv_text

    header = list(f_header)
    header[4] = "1.\nLedningsfunktionen lägger tillräckligt med tid på strategiska frågor."
    text = to_csv_text(header, make_rows(3), title_rows=0)
    text = '"Enkätexport\nLfR III"\n' + text
    p = tmp_path / "x.csv"
    p.write_text(text, encoding="utf-8")
    data = read_survey(p)
    acc = data.files.iloc[0]
    assert (acc.header_row, acc.rows_in, acc.rows_kept) == (2, 3, 3)
    assert data.respondents.source_row.tolist() == [3, 4, 5]
    assert acc["items"]["1"].startswith("1. Ledningsfunktionen")


def test_duplicate_and_conflicting_submissions(write_csv, f_header):
    header = ["Svars-ID"] + f_header
    rows = [[f"R{i}", *r] for i, r in enumerate(make_rows(5))]
    rows.append(list(rows[1]))                   # the same submission twice
    conflict = list(rows[2])
    conflict[5] = 1 if conflict[5] != 1 else 2   # same id, another answer
    rows.append(conflict)
    data = read_survey(write_csv(header, rows))
    rej = data.rejected.sort_values("row")
    # the identical copy is dropped; the same id with other answers is never dropped: both kept, said
    assert rej[["row", "reason"]].values.tolist() == [[7, "duplicate submission"]]
    assert "row 3" in rej.loc[rej.row == 7, "detail"].item()
    assert data.files.iloc[0].rows_kept == 6
    same = data.problems[data.problems["field"] == "respondent_id"]
    assert same[["row", "column"]].values.tolist() == [[8, "Svars-ID"]] and "row 4" in same["reason"].item()
    assert "R2" not in (rej.to_string() + same.to_string()), "an id is a cell's text: not written"
    assert any("share an id with another row but not its answers" in w for w in data.warnings())


def test_a_running_number_that_restarts_per_unit_is_no_respondent_id(write_csv, f_header):
    """A paper-form workbook numbered 1, 2, 3... in every municipality: nobody is dropped, and
    a real double entry within one municipality is still found."""
    header = ["Löpnr"] + f_header
    rows = make_rows(6)
    for k, r in enumerate(rows):
        r[0] = ["Ronneby", "Botkyrka"][k % 2]
    rows = [[k // 2 + 1, *r] for k, r in enumerate(rows)]
    rows.append(list(rows[2]))  # Ronneby's number 2 typed in twice
    data = read_survey(write_csv(header, rows), instrument="lfr19")
    assert data.files.iloc[0].rows_kept == 6 and data.files.iloc[0].id_per_unit
    assert data.rejected[["row", "reason"]].values.tolist() == [[8, "duplicate submission"]]
    assert "restarts in every unit" in data.summary()


def test_same_id_in_another_wave_is_not_a_duplicate(write_csv, f_header):
    header = ["Löpnr"] + f_header
    rows = [[1, *make_rows(1, wave="2012-10")[0]], [1, *make_rows(1, wave="2013-05")[0]]]
    assert read_survey(write_csv(header, rows)).files.iloc[0].rows_kept == 2


def test_identical_rows_without_id_are_kept_and_flagged(write_csv, f_header):
    rows = make_rows(3)
    rows.append(list(rows[0]))
    data = read_survey(write_csv(f_header, rows))
    assert data.files.iloc[0].rows_kept == 4
    assert data.problems.reason.str.contains("identical to row 2").sum() == 1


@pytest.mark.parametrize(
    ("cell", "wave"),
    [("2012-10", "2012-10"), ("Oktober 2012", "2012-10"), ("okt 2012", "2012-10"), ("2013-5", "2013-05"),
     ("maj 2013", "2013-05"), ("2014", "2014"), ("2012 oktober", "2012-10")],
)
def test_wave_forms(write_csv, f_header, cell, wave):
    rows = make_rows(1)
    rows[0][3] = cell
    assert read_survey(write_csv(f_header, rows)).respondents.wave.astype(str).tolist() == [wave]


def test_waves_are_ordered_in_time(write_csv, f_header):
    rows = make_rows(3, wave="2014") + make_rows(2, wave="2012-10") + make_rows(2, wave="2013-05")
    w = read_survey(write_csv(f_header, rows)).responses["wave"]
    assert list(w.cat.categories) == ["2012-10", "2013-05", "2014"]
    assert w.min() == "2012-10"


def test_a_date_wave_needs_periods(write_csv, f_header, tmp_path):
    rows = make_rows(3)
    rows[0][3], rows[1][3] = "2014-01-15", "2014-05-02"
    data = read_survey(write_csv(f_header, rows))  # one date among labels: those rows are rejected
    assert data.rejected.reason.tolist() == ["unknown wave", "unknown wave"]
    assert "list the wave periods" in data.rejected.detail.iloc[0]
    rows = rows[:2]  # only dates, months apart: two rounds in one file, refused with the periods found
    path = write_csv(f_header, rows, name="dates.csv")
    with pytest.raises(InputFileError, match=r"2 separate periods \(2014-01-15 to 2014-01-15, 1 response\(s\); "
                                             r"2014-05-02 to 2014-05-02"):
        read_survey(path)
    rows[1][3] = "2014-02-20"  # one round over two months: the file's wave is the year that holds them all
    data = read_survey(write_csv(f_header, rows, name="dates1.csv"))
    assert data.respondents.wave.astype(str).tolist() == ["2014", "2014"]
    assert data.files.iloc[0].wave_from["why"] == "all in one year"
    rows[1][3] = "2015-05-02"  # more than a year: one clear error instead of a guess
    with pytest.raises(InputFileError, match=r"2 separate periods .* 2015-05-02 to 2015-05-02"):
        read_survey(write_csv(f_header, rows, name="dates2.csv"))
    rows[1][3] = "2014-05-02"
    m = tmp_path / "m.yaml"
    m.write_text("waves:\n  - {label: '2014', from: 2014-01-01, to: 2014-03-31}\n", encoding="utf-8")
    data = read_survey(path, mapping=m)
    assert data.respondents.wave.astype(str).tolist() == ["2014"]
    assert "in no wave period" in data.rejected.detail.item()


def test_excel_month_cells_and_numbers_as_waves(write_xlsx, f_header):
    import datetime as dt

    import openpyxl

    rows = make_rows(3)
    rows[0][3] = dt.datetime(2012, 10, 1)   # "2012-10" typed into Swedish Excel, shown as a month
    rows[1][3] = 2012.1                     # "2012,10" typed as a number: not a wave we can read
    path = write_xlsx(f_header, rows)
    wb = openpyxl.load_workbook(path)
    wb.active["D2"].number_format = "yyyy-mm"
    wb.save(path)
    data = read_survey(path)
    assert data.respondents.wave.astype(str).tolist() == ["2012-10", "2012-10"]
    assert data.rejected[["row", "reason"]].values.tolist() == [[3, "unknown wave"]]


def test_municipality_suffix_is_tidied(write_csv, f_header):
    rows = make_rows(2)
    rows[0][0], rows[1][0] = "Botkyrka kommun", " Botkyrka "
    assert set(read_survey(write_csv(f_header, rows)).respondents.unit) == {"Botkyrka"}


def test_unknown_function_and_group_are_problems_not_rejections(write_csv, f_header):
    rows = make_rows(2)
    rows[0][1], rows[0][2] = "Politiker", "kanske"
    data = read_survey(write_csv(f_header, rows))
    assert data.files.iloc[0].rows_kept == 2
    assert data.problems.field.tolist() == ["function", "in_management_group"]
    resp = data.respondents.set_index("respondent_id")
    assert resp.loc[1, "function"] == "not_stated" and pd.isna(resp.loc[1, "in_management_group"])


def test_several_files_get_distinct_respondent_ids(write_csv, write_xlsx, f_header):
    a = write_csv(f_header, make_rows(3), name="a.csv")
    b = write_xlsx(f_header, make_rows(4, seed=2, wave="2013-05"), name="b.xlsx")
    data = read_survey([a, b])
    assert data.respondents.respondent_id.tolist() == list(range(1, 8))
    assert data.respondents.source_file.astype(str).tolist() == ["a.csv"] * 3 + ["b.xlsx"] * 4
    assert data.files.rows_in.tolist() == [3, 4]


def test_folder_is_expanded(write_csv, f_header, tmp_path):
    write_csv(f_header, make_rows(2), name="a.csv")
    (tmp_path / "notes.md").write_text("not an export")
    assert len(read_survey(tmp_path).respondents) == 2


# ------------------------------------------------------------------ errors a user can cause


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        read_survey(tmp_path / "saknas.csv")


def test_no_statement_columns(write_csv):
    with pytest.raises(NoStatementColumnsError, match="no recognisable header row in the first 30 rows"):
        read_survey(write_csv(["Kommun", "Namn", "Ålder"], [["Ronneby", "A", 40]]))


def test_corrupt_xlsx(tmp_path):
    p = tmp_path / "trasig.xlsx"
    p.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(InputFileError, match="not a readable .xlsx workbook"):
        read_survey(p)


def test_binary_file_named_csv(tmp_path):
    p = tmp_path / "bild.csv"
    p.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(InputFileError, match="binary"):
        read_survey(p)


@pytest.mark.parametrize("suffix", [".xls", ".sav", ".json"])
def test_unsupported_types(tmp_path, suffix):
    p = tmp_path / f"export{suffix}"
    p.write_bytes(b"x")
    with pytest.raises(InputFileError, match="not supported|unsupported"):
        read_survey(p)


def test_no_municipality_column(write_csv):
    header = ["Omgång"] + [f"F{k}" for k in range(1, 20)]
    with pytest.raises(InputFileError, match="no unit column"):
        read_survey(write_csv(header, [["2014", *range(1, 8), *range(1, 8), 1, 2, 3, 4, 5]]))


def test_two_columns_for_one_statement(write_csv):
    header = ["Kommun", "Omgång", "F1", "Q1", "F2"]
    with pytest.raises(InputFileError, match="'F1' and 'Q1' both look like statement 1"):
        read_survey(write_csv(header, [["Ronneby", "2014", 1, 2, 3]]))


def test_number_and_text_that_disagree(write_csv):
    header = ["Kommun", "Omgång", f"3. {LFR.item(4).sv}", "F1"]
    with pytest.raises(InputFileError, match="says statement 3 but its text is statement 4"):
        read_survey(write_csv(header, [["Ronneby", "2014", 1, 2]]))


def test_truncated_header_that_fits_two_statements(write_csv):
    header = ["Kommun", "Omgång", LFR.item(15).sv[:45], "F1"]
    with pytest.raises(InputFileError, match="could be statement 15 or 16"):
        read_survey(write_csv(header, [["Ronneby", "2014", 1, 2]]))


def test_same_file_twice(write_csv, f_header, tmp_path):
    a = write_csv(f_header, make_rows(2), name="a.csv")
    b = tmp_path / "kopia.csv"
    b.write_bytes(a.read_bytes())
    with pytest.raises(InputFileError, match="same content as"):
        read_survey([a, b])


def test_raw_files_are_never_written(write_csv, write_xlsx, f_header):
    paths = [write_csv(f_header, make_rows(3)), write_xlsx(f_header, make_rows(3))]
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]
    read_survey(paths)
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths] == before


def test_empty_result_keeps_the_schema(write_csv, f_header):
    rows = make_rows(2)
    for r in rows:
        r[0] = ""
    data = read_survey(write_csv(f_header, rows))
    assert len(data.responses) == 0 and list(data.responses.columns) == RESPONSE_COLUMNS
    assert np.array_equal(data.files.rows_rejected.to_numpy(), [2])


# ------------------------------------------------------------------ workbooks and several exports


def test_every_sheet_with_statements_is_read(tmp_path, f_header):
    import openpyxl

    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Sammanställning"
    info.append(["Medelvärden per kommun"])
    for name, n in (("Botkyrka", 3), ("Ronneby", 5)):
        ws = wb.create_sheet(name)
        ws.append(f_header)
        for r in make_rows(n, seed=n):
            ws.append([name, *r[1:]])
    p = tmp_path / "per_kommun.xlsx"
    wb.save(p)
    data = read_survey(p)
    f = data.files
    assert f.file.tolist() == ["per_kommun.xlsx [Botkyrka]", "per_kommun.xlsx [Ronneby]"]
    assert f.rows_kept.tolist() == [3, 5]
    assert f.sheets_without_statements.iloc[0] == ["Sammanställning"]
    assert data.respondents.unit.value_counts().to_dict() == {"Ronneby": 5, "Botkyrka": 3}
    assert "sheet(s) without statement columns, not read: 'Sammanställning'" in data.summary()


def test_merged_municipality_cells_are_filled(write_xlsx, f_header):
    import openpyxl

    rows = make_rows(4)
    rows[0][0], rows[1][0], rows[2][0], rows[3][0] = "Ludvika", None, None, "Halmstad"
    path = write_xlsx(f_header, rows)
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("A2:A4")
    wb.save(path)
    data = read_survey(path)
    assert data.respondents.unit.tolist() == ["Ludvika", "Ludvika", "Ludvika", "Halmstad"]


def test_mixed_encodings_are_an_error_not_mojibake(tmp_path, f_header):
    from conftest import to_csv_text

    rows = make_rows(3)
    head = to_csv_text(f_header, rows[:2]).encode("utf-8")
    tail = to_csv_text(f_header, rows[2:]).split("\r\n", 1)[1].encode("cp1252")
    p = tmp_path / "blandad.csv"
    p.write_bytes(head + tail)
    with pytest.raises(InputFileError, match="mixes UTF-8 and Windows-1252 text .* line 4"):
        read_survey(p)


@pytest.mark.parametrize("cell", ["-", "?", "Vet ej", "Ej angivet", "Vill ej uppge", "0"])
def test_municipality_that_is_not_one(write_csv, f_header, cell):
    rows = make_rows(2)
    rows[0][0] = cell
    data = read_survey(write_csv(f_header, rows))
    assert data.rejected.reason.tolist() == ["no unit"]


def test_municipality_spellings_that_differ_in_case_are_one(write_csv, f_header):
    rows = make_rows(4)
    for r, name in zip(rows, ["Ronneby", "RONNEBY", "Ronneby", "ronneby"], strict=True):
        r[0] = name
    data = read_survey(write_csv(f_header, rows), instrument="lfr19")
    assert data.respondents.unit.astype(str).tolist() == ["Ronneby"] * 4
    assert data.notes == ["unit 'Ronneby' also written 'RONNEBY', 'ronneby'; counted as one"]


def test_overlapping_exports_count_each_submission_once(write_csv, f_header):
    header = ["Svars-ID"] + f_header
    everyone = [[f"R{i}", *r] for i, r in enumerate(make_rows(8, wave="2014"))]
    jan = write_csv(header, everyone[:5], name="export_jan.csv")
    changed = [list(r) for r in everyone]
    changed[6][5] = 1 if changed[6][5] != 1 else 2  # R6 exists only in March: not a duplicate
    changed[1][1] = "Halmstad"                        # R1 in March is another respondent
    mar = write_csv(header, changed, name="export_mar.csv")
    data = read_survey([jan, mar])
    f = data.files.set_index("file")
    assert (f.loc["export_mar.csv", "rows_in"], f.loc["export_mar.csv", "rows_kept"]) == (8, 4)
    rej = data.rejected
    assert rej.row.tolist() == [2, 4, 5, 6] and set(rej.reason) == {"duplicate submission"}
    assert "export_jan.csv row 2" in rej.detail.iloc[0]
    assert data.problems.reason.str.contains("same id as export_jan.csv row 3 with other answers").sum() == 1
    assert len(data.respondents) == 9


def test_an_assumed_instrument_is_said(write_csv, f_header):
    """No study file and no instrument: the LfR instrument is assumed, and the summary says so."""
    data = read_survey(write_csv(f_header, make_rows(4)))
    assert any(n.startswith("instrument lfr19 assumed") for n in data.notes)
    assert "instrument lfr19 assumed" in data.summary()
    named = read_survey(write_csv(f_header, make_rows(4), name="named.csv"), instrument="lfr19")
    assert not any("assumed" in n for n in named.notes)


def test_a_vendors_year_column_is_the_wave(tmp_path):
    """An HME file from a survey vendor heads its wave "År" (issue 26): the wave, never a statement."""
    from tuffkit import load_instrument

    hme = load_instrument("hme")
    lines = ["Kommun;År;" + ";".join(it.sv for it in hme.items)]
    lines += [f"{m};{y};" + ";".join(str((k + j) % 5 + 1) for j in range(9))
              for k, (m, y) in enumerate([("Botkyrka", 2023), ("Botkyrka", 2024), ("Halmstad", 2024)] * 3)]
    path = tmp_path / "hme.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = read_survey(path, instrument="hme")
    assert data.respondents.groupby("wave", observed=True).size().to_dict() == {"2023": 3, "2024": 6}
    assert data.files.iloc[0].columns["wave"] == "År"
