"""tuffkit.ingest.mapping: mapping files and column recognition."""

from __future__ import annotations

import pytest

from tuffkit import MappingError, load_mapping, read_survey
from tuffkit.ingest.mapping import Mapping, recognise_columns

from conftest import LFR, ROOT


def test_recognise_metadata_headers_in_swedish_and_english():
    headers = ["Löpnr", "KOMMUN", "Roll", "Sitter du i ledningsgruppen?", "Datum", "F1"]
    plan = recognise_columns(headers, LFR, Mapping())
    assert plan.fields == {"respondent_id": 0, "municipality": 1, "function": 2, "in_management_group": 3,
                           "wave": 4}
    plan = recognise_columns(["Municipality", "Role", "Wave", "Q1"], LFR, Mapping())
    assert plan.fields == {"municipality": 0, "function": 1, "wave": 2}


def test_numbers_outside_the_instrument_are_not_statements():
    plan = recognise_columns(["F1", "F20", "2014"], LFR, Mapping())
    assert plan.items == {1: 0} and plan.ignored == [1, 2]


def test_example_mapping_file_is_valid_and_used(tmp_path, write_csv):
    mp = load_mapping(ROOT / "docs" / "mapping-example.yaml")
    assert mp.columns["municipality"] == "Vilken förvaltning/kommun?" and mp.items[2] == "Min tid för uppdraget"
    header = ["Svarsnummer", "Vilken förvaltning/kommun?", "Befattning", "Ledningsgrupp J/N", "Besvarad",
              "Strategisk tid", "Min tid för uppdraget", "F3"]
    rows = [
        [1, "Ronneby", "Förvaltningschef", "J", "2012-10-09", "Stämmer helt", "Kan ej bedöma", 5],
        [2, "Ronneby", "Controller", "N", "2014-02-01", 3, "Stämmer inte alls", 2],
    ]
    data = read_survey(write_csv(header, rows), mapping=ROOT / "docs" / "mapping-example.yaml")
    resp = data.respondents
    assert resp.function.tolist() == ["management", "support"]
    assert resp.in_management_group.tolist() == [True, False]
    assert resp.wave.astype(str).tolist() == ["2012-10", "2014"]
    assert list(resp.wave.cat.categories) == ["2012-10", "2013-05", "2014"]
    values = data.responses["value"]
    assert values.isna().tolist() == [False, True, False, False, False, False]
    assert values.dropna().tolist() == [7, 5, 3, 1, 2]


def test_constants_for_a_missing_column(tmp_path, write_csv):
    m = tmp_path / "m.yaml"
    m.write_text("constants: {wave: '2013-05', municipality: Ludvika}\n", encoding="utf-8")
    data = read_survey(write_csv(["F1", "F2"], [[1, 2], [3, 4]]), mapping=m)
    assert set(data.respondents.wave.astype(str)) == {"2013-05"}
    assert set(data.respondents.unit) == {"Ludvika"}


def test_a_mapped_header_that_no_file_has_is_an_error(tmp_path, write_csv, f_header):
    from conftest import make_rows

    m = tmp_path / "m.yaml"
    m.write_text("columns: {municipality: Kommunnamnet}\n", encoding="utf-8")
    with pytest.raises(MappingError, match="'Kommunnamnet' for municipality is in none of the files"):
        read_survey(write_csv(f_header, make_rows(2)), mapping=m)


@pytest.mark.parametrize(("text", "message"), [
    ("colums: {}\n", "unknown key"),
    ("columns: {kommun: X}\n", "unknown field"),
    ("values: {function: {Chef: boss}}\n", "management, support or not_stated"),
    ("values: {in_management_group: {J: ja}}\n", "true or false"),
    ("values: {answers: {Bra: 4.5}}\n", "whole numbers"),
    ("waves: [{label: a, from: 2014-03-01, to: 2014-01-01}]\n", "ends before it starts"),
    ("waves: [{label: a, from: 2014-03-01}]\n", "both from and to"),
    ("waves: [{label: a, from: 'mars', to: 2014-01-01}]\n", "is not a date"),
    ("items: {ett: X}\n", "not a statement number"),
    ("- a\n- b\n", "must be a YAML mapping"),
])
def test_bad_mapping_files(tmp_path, text, message):
    p = tmp_path / "m.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=message):
        load_mapping(p)


def test_missing_mapping_file(tmp_path):
    with pytest.raises(MappingError, match="does not exist"):
        load_mapping(tmp_path / "nej.yaml")


def test_header_variants_of_real_exports():
    headers = ["Roll i organisationen", "Sitter du i ledningsgruppen? (Ja/Nej)", "Påst. 19",
               "Påstående 1\nUpplever du i din roll att"]
    plan = recognise_columns(headers, LFR, Mapping())
    assert plan.fields == {"function": 0, "in_management_group": 1}
    assert plan.items == {1: 3, 19: 2}
