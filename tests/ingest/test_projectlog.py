"""The improvement-log loader: every row accounted for, Swedish and English headers, bad
cells listed as problems (file, row, column), never a crash and never a silent drop."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tuffkit.config import RAW_DIR
from tuffkit.errors import InputFileError, MappingError
from tuffkit.ingest.projectlog import parse_code, parse_date, parse_hours, read_project_log, write_project_log
from tuffkit.ingest.schemas import validate_log_entries
from tuffkit.tidy import ENTRY_COLUMNS, KINDS

SV = ["ID", "Enhet", "Team", "Typ", "Rubrik", "Beskrivning", "Ursprung", "Skapad", "Steg", "Status",
      "Kopplad till", "Lyft till LT", "LT-beslut datum", "LT-beslut", "Avslutad", "Frigjord tid (timmar per månad)"]


def row(**kw: str) -> dict[str, str]:
    base = {h: "" for h in SV}
    base.update({"ID": "A-1", "Enhet": "Norrtull", "Team": "VT", "Typ": "Idé", "Rubrik": "En idé",
                 "Ursprung": "Medarbetare", "Skapad": "2021-01-04", "Status": "Öppen"})
    base.update(kw)
    return base


def write(tmp_path: Path, rows: list[dict[str, str]], name: str = "logg.csv", header: list[str] = SV,
          title: str = "", encoding: str = "utf-8-sig", sep: str = ";") -> Path:
    buf = io.StringIO()
    if title:
        buf.write(title + "\r\n")
    w = csv.DictWriter(buf, fieldnames=header, delimiter=sep, lineterminator="\r\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    p = tmp_path / name
    p.write_bytes(buf.getvalue().encode(encoding))
    return p


def test_the_example_log_accounts_for_every_row() -> None:
    log = read_project_log(RAW_DIR / "projectlog")
    f = log.files
    assert (f.rows_in == f.rows_kept + f.rows_rejected).all()
    assert int(f.rows_kept.sum()) == len(log.entries)
    assert int(f.rows_rejected.sum()) == len(log.rejected)
    assert list(log.entries.columns) == ENTRY_COLUMNS
    validate_log_entries(log.entries)
    assert set(log.entries["unit"]) == {"Norrtull", "Exempelgården", "Fiktivhemmet"}
    assert f.synthetic.all(), "the example files say they are synthetic"
    # the deliberate flaws of data/README.md, each reported where it is
    assert sorted(log.rejected["reason"]) == ["duplicate entry", "no kind"]
    reasons = " ".join(log.problems["reason"])
    for text in ("not a date", "not a number of hours", "decision is dated before the escalation"):
        assert text in reasons
    assert (log.problems["file"] == "tuff_norrtull_logg.csv").all() and (log.problems["row"] > 3).all()


def test_the_kick_off_journeys_are_in_the_example() -> None:
    e = read_project_log(RAW_DIR / "projectlog").entries
    kick = e[(e["unit"] == "Norrtull") & (e["kind"] == "obstacle") & (e["created"] == "2020-11-12")]
    assert len(kick) == 3 and kick["escalated"].notna().all()
    on_the_spot = kick[kick["decided"] == kick["escalated"]]
    assert len(on_the_spot) == 2, "two of three journeys became assignments on the spot"


def test_swedish_headers_and_values(tmp_path: Path) -> None:
    p = write(tmp_path, [
        row(),
        row(ID="A-2", Typ="Hinder", Rubrik="Inget wifi", **{"Lyft till LT": "2021-01-10",
                                                           "LT-beslut datum": "2021-01-20", "LT-beslut": "Ja"}),
        row(ID="A-3", Typ="Test", Steg="5. Testa idéer", Status="Pågår", **{"Kopplad till": "A-1"}),
        row(ID="A-4", Typ="Sluta göra", Status="Infört", **{"Frigjord tid (timmar per månad)": "2,5"}),
        row(ID="A-5", Typ="Lärdom", Team="UT", Ursprung="Utvecklingsteam"),
    ], title="Förbättringslogg, export 2021-02-01")
    log = read_project_log(p)
    e = log.entries.set_index("id")
    assert list(e["kind"]) == ["idea", "obstacle", "test", "stop_doing", "learning"]
    assert e.at["A-3", "stage"] == "test" and e.at["A-3", "status"] == "in_progress"
    assert e.at["A-3", "parent_id"] == "A-1"
    assert e.at["A-4", "hours_freed"] == 2.5
    assert e.at["A-2", "decided"] == pd.Timestamp("2021-01-20")
    assert e.at["A-5", "origin"] == "development_team" and e.at["A-5", "team"] == "UT"
    assert log.problems.empty and log.rejected.empty
    assert log.files.loc[0, "header_row"] == 2 and log.files.loc[0, "title"] == ["Förbättringslogg, export 2021-02-01"]


def test_english_headers_in_an_xlsx_with_excel_dates(tmp_path: Path) -> None:
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Improvement log"])
    ws.append(["Entry ID", "Unit", "Kind", "Title", "Created", "Status", "Escalated to LT", "Decision date"])
    ws.append(["X1", "Unit A", "obstacle", "No wifi", dt.datetime(2021, 3, 1), "open", dt.datetime(2021, 3, 2),
               dt.datetime(2021, 3, 9)])
    ws.append(["X2", "Unit A", "idea", "Music", dt.datetime(2021, 3, 5), "implemented", None, None])
    p = tmp_path / "log.xlsx"
    wb.save(p)
    log = read_project_log(p)
    assert list(log.entries["id"]) == ["X1", "X2"]
    assert log.entries.loc[0, "decided"] == pd.Timestamp("2021-03-09")
    assert log.files.loc[0, "file"] == "log.xlsx[Sheet]"


@pytest.mark.parametrize("value, why", [
    ("2021-02-31", "not a date in the calendar"),
    ("03/04/2021", "not a date in the form YYYY-MM-DD"),
    ("igår", "not a date in the form YYYY-MM-DD"),
])
def test_a_bad_date_is_a_problem_and_the_row_is_kept(tmp_path: Path, value: str, why: str) -> None:
    log = read_project_log(write(tmp_path, [row(Avslutad=value)]))
    assert len(log.entries) == 1 and pd.isna(log.entries.loc[0, "closed"])
    p = log.problems.iloc[0]
    assert (p["file"], p["row"], p["column"], p["field"]) == ("logg.csv", 2, "Avslutad", "closed")
    assert why in p["reason"] and value not in p.to_string()


def test_a_decision_before_its_escalation_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    log = read_project_log(write(tmp_path, [row(Typ="Hinder", **{"Lyft till LT": "2021-02-10",
                                                                 "LT-beslut datum": "2021-02-01"})]))
    assert len(log.entries) == 1
    assert log.entries.loc[0, "decided"] == pd.Timestamp("2021-02-01"), "kept as written"
    p = log.problems.iloc[0]
    assert p["field"] == "decided" and p["column"] == "LT-beslut datum" and p["row"] == 2
    assert "before the escalation" in p["reason"]


def test_identical_copies_keep_the_first_and_conflicting_ids_are_all_rejected(tmp_path: Path) -> None:
    p = write(tmp_path, [row(), row(), row(ID="B-1"), row(ID="B-1", Rubrik="Something else"), row(ID="C-1")])
    log = read_project_log(p)
    assert list(log.entries["id"]) == ["A-1", "C-1"]
    rej = log.rejected.set_index("row")
    assert rej.at[3, "reason"] == "duplicate entry" and "row 2" in rej.at[3, "detail"]
    assert rej.at[4, "reason"] == rej.at[5, "reason"] == "duplicate id"
    assert "none is kept" in rej.at[4, "detail"]


def test_an_identical_copy_in_another_file_is_rejected_there(tmp_path: Path) -> None:
    write(tmp_path, [row()], name="a.csv")
    write(tmp_path, [row(), row(ID="A-2")], name="b.csv")
    log = read_project_log(tmp_path)
    assert len(log.entries) == 2
    assert log.rejected[["file", "row", "reason"]].values.tolist() == [["b.csv", 2, "duplicate entry"]]
    assert log.files.set_index("file").loc["b.csv", ["rows_in", "rows_kept", "rows_rejected"]].tolist() == [2, 1, 1]


@pytest.mark.parametrize("kind, reason", [("Önskemål", "unknown kind"), ("", "no kind")])
def test_unknown_or_missing_kind_rejects_the_row_with_its_reason(tmp_path: Path, kind: str, reason: str) -> None:
    log = read_project_log(write(tmp_path, [row(Typ=kind), row(ID="A-2")]))
    assert list(log.entries["id"]) == ["A-2"]
    r = log.rejected.iloc[0]
    assert (r["row"], r["reason"]) == (2, reason)
    if kind:
        assert r["column"] == "Typ" and all(k in r["detail"] for k in KINDS)
        assert "Önskemål" not in r.to_string(), "the cell's text is not written"


def test_no_id_or_no_unit_rejects_and_empty_rows_are_counted(tmp_path: Path) -> None:
    log = read_project_log(write(tmp_path, [row(ID=""), row(ID="A-2", Enhet=" "), {h: "" for h in SV},
                                            row(ID="A-3")]))
    assert list(log.entries["id"]) == ["A-3"]
    assert log.rejected["reason"].tolist() == ["no id", "no unit", "empty row"]
    assert int(log.files.rows_in.iloc[0]) == 4


def test_parents_that_do_not_exist_and_tests_without_an_idea_are_problems(tmp_path: Path) -> None:
    log = read_project_log(write(tmp_path, [
        row(), row(ID="T-1", Typ="Test", **{"Kopplad till": "A-9"}), row(ID="T-2", Typ="Test"),
        row(ID="T-3", Typ="Test", **{"Kopplad till": "H-1"}), row(ID="H-1", Typ="Hinder")]))
    e = log.entries.set_index("id")
    assert pd.isna(e.at["T-1", "parent_id"]), "a dangling parent is set to missing"
    assert e.at["T-3", "parent_id"] == "H-1", "a test linked to an obstacle keeps the link"
    got = {(r.row, r.field): r.reason for r in log.problems.itertuples()}
    assert "no entry in the log has this id" in got[(3, "parent_id")]
    assert "should link to the idea" in got[(4, "parent_id")]
    assert "links to an entry of kind obstacle" in got[(5, "parent_id")]


def test_unknown_codes_and_bad_hours_are_set_to_missing(tmp_path: Path) -> None:
    log = read_project_log(write(tmp_path, [row(Status="Klar?", Ursprung="Grannen", Team="XT",
                                                **{"Frigjord tid (timmar per månad)": "-3"})]))
    e = log.entries.iloc[0]
    assert pd.isna(e["status"]) and pd.isna(e["origin"]) and pd.isna(e["team"]) and pd.isna(e["hours_freed"])
    assert set(log.problems["field"]) == {"status", "origin", "team", "hours_freed"}


def test_a_mapping_file_names_other_headers_and_codes(tmp_path: Path) -> None:
    header = ["Ärende", "Boende-enhet", "Sort", "Rubrik", "Från vem"]
    p = write(tmp_path, [{"Ärende": "1", "Boende-enhet": "U", "Sort": "Förbättringsidé", "Rubrik": "x",
                          "Från vem": "Brukarråd"}], header=header)
    m = tmp_path / "m.yaml"
    m.write_text("columns:\n  id: Ärende\n  unit: Boende-enhet\n  kind: Sort\n  origin: Från vem\n"
                 "values:\n  origin: {Brukarråd: resident}\n", encoding="utf-8")
    log = read_project_log(p, mapping=m)
    assert log.entries.loc[0, "kind"] == "idea" and log.entries.loc[0, "origin"] == "resident"


@pytest.mark.parametrize("text, message", [
    ("columns:\n  colour: X\n", "unknown field 'colour'"),
    ("values:\n  kind: {Förslag: wish}\n", "maps to 'wish'"),
    ("columns:\n  id: Saknas\n", "is in none of the files"),
    ("extra: 1\n", "holds only 'columns' and 'values'"),
])
def test_bad_mapping_files_are_one_sentence(tmp_path: Path, text: str, message: str) -> None:
    p = write(tmp_path, [row()])
    m = tmp_path / "m.yaml"
    m.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=message):
        read_project_log(p, mapping=m)


def test_a_file_without_a_log_header_is_one_sentence(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"x\.csv: no row among the first 30 has an id, a unit and a kind"):
        read_project_log(p)
    with pytest.raises(InputFileError, match="no such file"):
        read_project_log(tmp_path / "missing.csv")


def test_cells_parse_as_documented() -> None:
    assert parse_date("20210315") == (pd.Timestamp("2021-03-15").date(), None)
    assert parse_date("15 okt. 2021")[0] == pd.Timestamp("2021-10-15").date()
    assert parse_hours("3 h") == (3.0, None) and parse_hours("1.5") == (1.5, None)
    assert parse_code("kind", "PDSA") == ("test", None)
    assert parse_code("stage", "6") == ("implement", None)
    assert parse_code("status", "Avslagen") == ("rejected", None)


def test_write_project_log_writes_every_output(tmp_path: Path) -> None:
    log = read_project_log(RAW_DIR / "projectlog")
    report = write_project_log(log, tmp_path)
    for name in report["outputs"]:
        assert (tmp_path / name).exists()
    back = pd.read_parquet(tmp_path / "project_log.parquet")
    validate_log_entries(back)
    assert len(back) == report["total"]["entries"] == len(log.entries)
    rejected = pd.read_csv(tmp_path / "project_log_rejected.csv", sep=";", encoding="utf-8-sig")
    assert len(rejected) == report["total"]["rows_rejected"]


def test_files_with_the_same_name_in_two_folders_are_accounted_apart(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a", [row()], name="logg.csv")
    write(tmp_path / "b", [row(ID="B-1"), row(ID="B-2", Typ="")], name="logg.csv")
    log = read_project_log([tmp_path / "a", tmp_path / "b"])
    f = log.files.set_index("file")
    assert len(f) == 2 and (f.rows_in == f.rows_kept + f.rows_rejected).all()
    assert f["rows_kept"].tolist() == [1, 1] and f["rows_rejected"].tolist() == [0, 1]


def test_a_duplicate_row_takes_its_cell_problems_with_it(tmp_path: Path) -> None:
    log = read_project_log(write(tmp_path, [row(Avslutad="igår"), row(Avslutad="igår")]))
    assert len(log.entries) == 1 and len(log.rejected) == 1
    assert log.problems["row"].tolist() == [2], "only the kept row's problem"


def test_a_two_digit_stage_is_not_read_as_its_first_digit(tmp_path: Path) -> None:
    log = read_project_log(write(tmp_path, [row(Steg="12")]))
    assert pd.isna(log.entries.loc[0, "stage"]) and log.problems.loc[0, "field"] == "stage"
