"""Measure series: the long-format loader and the Kolada reader (v2 and v3)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tuffkit.config import RAW_DIR
from tuffkit.errors import InputFileError
from tuffkit.ingest.measures import parse_period, read_kolada, read_measures, write_measures
from tuffkit.tidy import MEASURE_COLUMNS

HEADER = "Enhet;Mått;Period;Värde;Täljare;Nämnare;Fas"


def csv_file(tmp_path: Path, lines: list[str], name: str = "m.csv") -> Path:
    p = tmp_path / name
    p.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return p


def kolada_doc(v3: bool, municipality: object = "0180") -> dict:
    value = {"count": 1, "gender": "T", "status": None if v3 else "", "value": 12.5}
    if v3:
        value["isdeleted"] = False
    doc = {"count": 1, "values": [{"kpi": "N00945", "municipality": municipality, "period": 2019,
                                   "values": [value, {**value, "gender": "K", "value": 13.0}]}]}
    if v3:
        doc["next_url"] = None
    return doc


def test_the_example_measures_account_for_every_row() -> None:
    m = read_measures(RAW_DIR / "measures")
    f = m.files
    assert (f.rows_in == f.rows_kept + f.rows_rejected).all()
    assert int(f.rows_kept.sum()) == len(m.data) and int(f.rows_rejected.sum()) == len(m.rejected)
    assert list(m.data.columns) == MEASURE_COLUMNS
    assert f.synthetic.all()
    assert set(m.data["unit"]) == {"Norrtull", "Botkyrka", "Halmstad"}
    assert set(m.data.loc[m.data["unit"] == "Botkyrka", "unit_id"]) == {"0127"}
    assert m.rejected["reason"].tolist() == ["no readable value"], "Kolada's value without a number"
    assert set(m.data["gender"].dropna()) == {"T", "K", "M"}


def test_kolada_v2_and_v3_shapes_give_the_same_rows(tmp_path: Path) -> None:
    for v3 in (False, True):
        (tmp_path / f"k{int(v3)}.json").write_text(json.dumps(kolada_doc(v3)), encoding="utf-8")
    a, b = read_kolada(tmp_path / "k0.json"), read_kolada(tmp_path / "k1.json")
    pd.testing.assert_frame_equal(a, b)
    assert a[["unit_id", "measure", "period", "value", "gender"]].values.tolist() == [
        ["0180", "N00945", "2019", 13.0, "K"], ["0180", "N00945", "2019", 12.5, "T"]]


def test_a_municipality_id_stays_four_characters(tmp_path: Path) -> None:
    p = tmp_path / "k.json"
    p.write_text(json.dumps(kolada_doc(False, municipality=180)), encoding="utf-8")
    assert read_kolada(p)["unit_id"].unique().tolist() == ["0180"]
    q = csv_file(tmp_path, [], name="ids.csv")
    q.write_text("Kommunkod;Mått;Period;Värde\n180;X;2019;1,5\n0127;X;2019;2\n", encoding="utf-8")
    assert read_measures(q).data["unit_id"].tolist() == ["0127", "0180"]


def test_the_long_format_with_swedish_conventions(tmp_path: Path) -> None:
    p = csv_file(tmp_path, ["Norrtull;Nattfasta;2021-01;13,5;;;baslinje",
                            "Norrtull;Nattfasta;mars 2021;12,25;;;förändring",
                            "Norrtull;Sjukfrånvaro;2021-01;;30;550;baslinje",
                            "Norrtull;Nattfasta;2021-02;13;;;baslinje"])
    m = read_measures(p)
    d = m.data
    night = d[d["measure"] == "Nattfasta"]
    assert night["period"].tolist() == ["2021-01", "2021-02", "2021-03"], "sorted by period"
    assert night["value"].tolist() == [13.5, 13.0, 12.25]
    sick = d[d["measure"] == "Sjukfrånvaro"].iloc[0]
    assert (sick["numerator"], sick["denominator"]) == (30.0, 550.0)
    assert m.rejected.empty and m.problems.empty


@pytest.mark.parametrize("line, reason", [
    (";Nattfasta;2021-01;13;;;", "no unit"),
    ("Norrtull;;2021-01;13;;;", "no measure"),
    ("Norrtull;Nattfasta;;13;;;", "no period"),
    ("Norrtull;Nattfasta;hösten;13;;;", "unreadable period"),
    ("Norrtull;Nattfasta;2021-01;ca 13;;;", "no readable value"),
    ("Norrtull;Sjuk;2021-01;;3;0;", "no readable value"),
])
def test_rows_without_a_point_are_rejected_with_their_reason(tmp_path: Path, line: str, reason: str) -> None:
    m = read_measures(csv_file(tmp_path, [line, "Norrtull;Nattfasta;2021-05;12;;;"]))
    assert len(m.data) == 1
    assert m.rejected[["row", "reason"]].values.tolist() == [[2, reason]]


def test_an_unreadable_number_beside_a_value_is_a_problem(tmp_path: Path) -> None:
    m = read_measures(csv_file(tmp_path, ["Norrtull;Andel;2021-01;0,5;x;10;"]))
    assert len(m.data) == 1 and pd.isna(m.data.loc[0, "numerator"])
    p = m.problems.iloc[0]
    assert (p["row"], p["column"], p["field"]) == (2, "Täljare", "numerator") and "value" not in p


def test_duplicates_keep_an_identical_copy_once_and_reject_conflicts(tmp_path: Path) -> None:
    m = read_measures(csv_file(tmp_path, ["A;M;2021-01;1;;;", "A;M;2021-01;1;;;", "A;M;2021-02;1;;;",
                                          "A;M;2021-02;2;;;", "A;M;2021-03;3;;;"]))
    assert m.data["period"].tolist() == ["2021-03", "2021-01"][::-1]
    assert sorted(m.rejected["reason"]) == ["conflicting duplicate", "conflicting duplicate", "duplicate"]


def test_an_xlsx_series_with_excel_dates(tmp_path: Path) -> None:
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Unit", "Measure", "Date", "Value"])
    ws.append(["U", "Falls", dt.datetime(2021, 3, 1), 4])
    ws.append(["U", "Falls", dt.datetime(2021, 4, 1), 2])
    p = tmp_path / "m.xlsx"
    wb.save(p)
    # a monthly series exported as dates is a series of months (issue 24: it printed as 2021-03-01)
    assert read_measures(p).data["period"].tolist() == ["2021-03", "2021-04"]
    ws.append(["U", "Falls", dt.datetime(2021, 4, 15), 3])  # a day that is not the first: dates stay dates
    wb.save(p)
    assert read_measures(p).data["period"].tolist() == ["2021-03-01", "2021-04-01", "2021-04-15"]


def test_periods_parse_as_documented() -> None:
    assert parse_period("2021 K3")[0] == "2021-Q3"
    assert parse_period("2021-02-30")[2] == "not a date in the calendar"
    assert parse_period("okt 2020")[0] == "2020-10"


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not a readable JSON file"),
    ('{"values": 3}', "expected a 'values' list"),
    ('{"values": [{"kpi": "N1"}]}', "a record lacks kpi, municipality"),
])
def test_a_bad_kolada_file_is_one_sentence(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "k.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError, match=message):
        read_measures(p)


def test_a_file_without_a_measure_header_is_one_sentence(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="no row among the first 30 has a unit, a measure and a period"):
        read_measures(p)


def test_write_measures_round_trips(tmp_path: Path) -> None:
    m = read_measures(RAW_DIR / "measures")
    report = write_measures(m, tmp_path)
    back = pd.read_parquet(tmp_path / "measures.parquet")
    assert list(back.columns) == MEASURE_COLUMNS and len(back) == report["total"]["points"]
    assert back["unit_id"].dropna().str.len().eq(4).all()


def test_a_count_column_is_a_value(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text("Enhet;Mått;Period;Antal\nA;Fall;2021-01;4\nA;Fall;2021-02;2\n", encoding="utf-8")
    assert read_measures(p).data["value"].tolist() == [4.0, 2.0]


def test_a_csv_point_and_the_same_kolada_point_are_one_point(tmp_path: Path) -> None:
    (tmp_path / "k.json").write_text(json.dumps(kolada_doc(False)), encoding="utf-8")
    (tmp_path / "m.csv").write_text("Kommunkod;Mått;Period;Värde\n0180;N00945;2019;12,5\n", encoding="utf-8")
    m = read_measures(tmp_path)
    t = m.data[m.data["gender"] == "T"]
    assert len(t) == 1 and m.rejected["reason"].tolist() == ["duplicate"]
