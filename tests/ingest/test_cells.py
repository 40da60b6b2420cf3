"""tuffkit.ingest.cells: one cell at a time."""

from __future__ import annotations

import pytest

from tuffkit.ingest.cells import MISSING, AnswerParser, parse_function, parse_municipality, parse_wave, parse_yes_no
from tuffkit.ingest.mapping import Mapping, WaveDef

from conftest import LFR


@pytest.fixture(scope="module")
def parse():
    return AnswerParser(LFR.scale)


@pytest.mark.parametrize("text", ["1", "7", " 4 ", "4.0", "+5"])
def test_numbers(parse, text):
    assert parse(text) == (int(float(text)), None)


@pytest.mark.parametrize("text", ["7 - Instämmer helt", "7 Instämmer helt", "7. Instämmer helt", "7: instämmer helt",
                                  "Instämmer helt", "INSTÄMMER HELT", "Fully agree", "7 – Instämmer helt"])
def test_labels(parse, text):
    assert parse(text) == (7, None)


@pytest.mark.parametrize("text", ["", "   ", "Vet ej", "vet ej", "Ej svar", "Don't know", "-"])
def test_missing(parse, text):
    assert parse(text) == (MISSING, None)


@pytest.mark.parametrize(("text", "why"), [
    ("0", "outside"), ("8", "outside"), ("4,5", "whole"), ("3.5", "whole"), ("ja", "not an answer"),
    ("7 - Instämmer inte alls", "disagree"), ("5 ungefär", "unknown label"),
])
def test_problems(parse, text, why):
    value, problem = parse(text)
    assert value is None and why in problem


def test_mapping_adds_answers_and_missing():
    mp = Mapping(values={"answers": {"stämmer helt": 7}}, missing=("kan ej bedöma",))
    p = AnswerParser(LFR.scale, mp)
    assert p("Stämmer helt") == (7, None) and p("Kan ej bedöma") == (MISSING, None)


@pytest.mark.parametrize(("text", "code"), [
    ("Ledning", "management"), ("ledningsfunktion", "management"), ("Chef", "management"),
    ("Stöd", "support"), ("Stödfunktion", "support"), ("Support", "support"),
    ("", "not_stated"), ("Ej angivet", "not_stated"), ("Vill ej uppge", "not_stated"),
])
def test_function(text, code):
    assert parse_function(text) == (code, None)


def test_function_unknown_and_mapped():
    assert parse_function("Politiker")[0] is None
    assert parse_function("Politiker", Mapping(values={"function": {"politiker": "management"}})) == (
        "management", None)


@pytest.mark.parametrize(("text", "value"), [("Ja", True), ("J", True), ("x", True), ("1", True),
                                             ("Nej", False), ("no", False), ("0", False), ("", MISSING)])
def test_yes_no(text, value):
    assert parse_yes_no(text) == (value, None)


def test_wave_with_periods_and_values():
    mp = Mapping(waves=(
        WaveDef("hösten 2012", ("ht12",), None, None),
        WaveDef("2014", (), __import__("datetime").date(2014, 1, 1), __import__("datetime").date(2014, 3, 31)),
    ))
    assert parse_wave("HT12", mp) == ("hösten 2012", None)
    assert parse_wave("2014-02-03 10:22", mp) == ("2014", None)
    assert parse_wave("2014", mp) == ("2014", None)
    assert parse_wave("2013-05", mp)[0] is None


@pytest.mark.parametrize("text", ["2012-13", "2012-00", "hösten 2012", "vecka 3", "2014-02-30"])
def test_unknown_waves(text):
    assert parse_wave(text)[0] is None


def test_municipality():
    assert parse_municipality("Mönsterås  kommun") == "Mönsterås"
    decomposed = "Mo\u0308nstera\u030as"  # as some Mac exports write it
    assert parse_municipality(decomposed) == "Mönsterås"
    assert parse_municipality("Kommunförbundet") == "Kommunförbundet"


def test_punctuation_is_not_a_silent_missing(parse):
    assert parse("?") == (None, "not an answer on the scale 1..7")
