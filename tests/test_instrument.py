"""tuffkit.instrument: the built-in lfr19 and researchers' own instrument files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuffkit import InstrumentError, builtin_instruments, load_instrument, read_survey

from conftest import ROOT

DOMAIN = ROOT.parent / "shared" / "domain" / "lfr-survey.md"


def test_lfr19_has_19_statements_8_themes_and_the_7_step_scale():
    lfr = load_instrument("lfr19")
    assert "lfr19" in builtin_instruments()
    assert lfr.item_numbers == list(range(1, 20))
    assert len(lfr.themes) == 8
    assert (lfr.scale.min, lfr.scale.max, lfr.scale.neutral) == (1, 7, 4)
    assert lfr.scale.label(7) == "Instämmer helt" and lfr.scale.label(1) == "Instämmer inte alls"
    assert lfr.scale.label(7, "en") == "Fully agree" and lfr.scale.label(4) == "4"
    assert lfr.stem["sv"] == "Upplever du i din roll att:"
    frame = lfr.items_frame()
    assert frame.groupby("theme_sv", sort=False).size().to_dict() == {
        "Tid och energi": 2, "Lärande förhållningssätt": 2, "Utvecklingsinriktat arbetssätt": 2,
        "Bra bas-strukturer": 3, "Intern förankring": 3, "Brukarfokus": 2, "Kommunikation – mål": 2,
        "Genomförande": 3,
    }
    assert frame.text_en.notna().all() and frame.theme_en.notna().all()


def _domain_table() -> dict[int, tuple[str, str, str]]:
    """The instrument table of lfr-survey.md: number -> (theme sv, theme en, statement)."""
    rows = {}
    for line in DOMAIN.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit() and cells[3].endswith("."):
            rows[int(cells[0])] = (cells[1], cells[2], cells[3])
    return rows


@pytest.mark.skipif(not DOMAIN.exists(), reason="shared/domain is not beside the checkout")
def test_lfr19_matches_the_domain_notes_word_for_word():
    table = _domain_table()
    assert len(table) == 19
    lfr = load_instrument("lfr19")
    for number, (theme_sv, theme_en, text) in table.items():
        item = lfr.item(number)
        theme = lfr.theme(item.theme)
        assert (theme.sv, theme.en, item.sv) == (theme_sv, theme_en, text)


MINI = """
id: mini3
title: {sv: Liten enkät}
stem: {sv: "Hur väl stämmer det att:"}
scale:
  min: 1
  max: 5
  neutral: 3
  labels:
    5: {sv: Stämmer helt, en: Completely true}
    1: {sv: Stämmer inte alls, en: Not true at all}
  missing: [{sv: Kan ej bedöma}]
themes:
  - {id: work, sv: Arbetet, en: Work}
items:
  - {number: 1, theme: work, sv: Jag vet vad som förväntas av mig., en: I know what is expected of me.}
  - {number: 2, theme: work, sv: Vi testar nya idéer i liten skala., en: We test new ideas on a small scale.}
  - {number: 3, sv: Ledningen undanröjer hinder., en: Management removes obstacles.}
"""


def test_own_instrument_file_drives_the_loader(tmp_path: Path, write_csv):
    path = tmp_path / "mini3.yaml"
    path.write_text(MINI, encoding="utf-8")
    mini = load_instrument(path)
    assert mini.id == "mini3" and mini.scale.max == 5 and mini.item(3).theme is None
    header = ["Enhet", "Kommun", "Omgång", "Jag vet vad som förväntas av mig.", "Påstående 2", "3"]
    rows = [
        ["A", "Uddevalla", "2021-03", "5 - Stämmer helt", "Kan ej bedöma", 6],
        ["B", "Uddevalla", "2021-03", "Stämmer inte alls", 3, 2],
    ]
    data = read_survey(write_csv(header, rows), instrument=path)
    r = data.responses
    first, second = r[r.respondent_id == 1], r[r.respondent_id == 2]
    assert first["item"].tolist() == [1, 2, 3]
    assert first["value"].iloc[0] == 5 and first["value"].isna().tolist() == [False, True, True]
    assert second["value"].tolist() == [1, 3, 2]
    assert data.problems[["column", "reason"]].values.tolist() == [["3", "outside the scale 1..5"]]
    assert data.files.iloc[0].ignored_columns == ["Enhet"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\nitems: []\n", "has no 'scale' key"),
        ("id: x\nscale: {min: 5, max: 1}\nitems: [{number: 1, sv: a}]\n", "must be below"),
        ("id: x\nscale: {min: 1, max: 5}\nitems: [{number: 1, sv: a}, {number: 1, sv: b}]\n", "unique"),
        ("id: x\nscale: {min: 1, max: 5}\nitems: [{number: 1, theme: nope, sv: a}]\n", "unknown theme"),
        ("id: x\nscale: {min: 1, max: 5, labels: {9: a}}\nitems: [{number: 1, sv: a}]\n", "outside 1..5"),
        ("id: x\nscale: {min: 1, max: 5}\nitems: [{number: 1}]\n", "has no text"),
        ("id: x\nscale: {min: 1, max: 5}\nitem: []\nitems: [{number: 1, sv: a}]\n", "unknown key"),
        ("id: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_instrument_files(tmp_path, text, message):
    p = tmp_path / "bad.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentError, match=message):
        load_instrument(p)


def test_unknown_instrument_name():
    with pytest.raises(InstrumentError, match="unknown instrument 'lfr20'"):
        load_instrument("lfr20")


def test_documented_example_instrument_loads():
    inst = load_instrument(ROOT / "tuffkit" / "starter" / "instrument.yaml")
    assert inst.id == "vt_pulse" and inst.item_numbers == [1, 2, 3] and inst.theme("leadership").sv == "Ledningen"
