"""Study files (tuffkit/study.py): the two bundled studies, every validation error as one sentence
naming the file and the key, and what `tuffkit ingest` records in the processed folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tuffkit.cli import main
from tuffkit.config import RAW_DIR
from tuffkit.processed import read_processed
from tuffkit.study import StudyError, default_study, find_study_file, load_study

from conftest import write_five_step_export

ROOT = Path(__file__).resolve().parent.parent


def test_the_bundled_lfr3_study_names_its_waves_units_and_focus_group() -> None:
    s = load_study(RAW_DIR / "study.yaml")
    assert (s.id, s.instrument, s.baseline, s.end, s.followup) == ("lfr3", "lfr19", "2012-10", "2013-05", "2014")
    assert s.wave_label("2012-10", "sv") == "oktober 2012" and s.wave_label("2013-05", "en") == "May 2013"
    assert s.unit_word("sv") == "kommun" and s.unit_word("en", plural=True) == "municipalities"
    assert len(s.focus) == 7 and "Botkyrka" in s.focus and s.highlight_statement == 8
    assert Path(s.invited).name == "lfr3_2014_inbjudna.csv" and Path(s.invited).is_absolute()
    assert s.role_statements[0] == ("all", (4, 7, 10)) and s.min_n == 5 and s.lang == "sv"


def test_the_bundled_pulse_study_is_a_series_of_four_waves_of_units() -> None:
    s = load_study(RAW_DIR / "pulse" / "study.yaml")
    assert s.wave_ids == ["2020-10", "2021-02", "2021-06", "2021-10"]
    assert (s.baseline, s.end, s.followup) == ("2020-10", "2021-10", None)
    assert s.unit_word("sv", plural=True) == "enheter" and not s.focus
    assert Path(s.instrument).name == "puls5.yaml" and Path(s.mapping).name == "puls_mapping.yaml"


def test_a_study_without_roles_named_gets_a_series_of_waves() -> None:
    s = default_study("lfr19", ["a", "b", "c"])
    assert (s.baseline, s.end, s.followup) == ("a", "c", None)
    one = default_study("lfr19", ["only"])
    assert (one.baseline, one.end) == ("only", None)
    assert s.unit_word("sv") == "enhet" and s.title_text("sv") == "Leda för Resultat – självskattning"


@pytest.mark.parametrize(("text", "says"), [
    ("waves: []", "title is missing"),
    ("title: T\ncolour: blue", "unknown key(s): colour"),
    ("title: T\ninstrument: nosuch", "instrument 'nosuch' is neither a built-in instrument"),
    ("title: T\nunits: {sv: [kommun]}", "units.sv must be two words"),
    ("title: T\nwaves: [{id: a, role: start}]", "has role 'start'; a role is one of baseline, end, follow-up"),
    ("title: T\nwaves: [{id: a, role: baseline}, {id: b, role: baseline}]", "2 waves are the baseline (a, b)"),
    ("title: T\nwaves: [{id: a}, {id: a}]", "wave 'a' is listed twice"),
    ("title: T\nwaves: [{id: a, role: end}, {id: b, role: baseline}]", "the baseline wave must come before the end"),
    ("title: T\nwaves: [{id: a, role: follow-up}, {id: b, role: end}]", "follow-up wave must come after"),
    ("title: T\nwaves: [{label: x}]", "wave 1 needs an id"),
    ("title: T\nfocus: {label: x}", "focus needs units"),
    ("title: T\nhighlight_statement: 99", "highlight_statement 99 is not a statement of instrument 'lfr19'"),
    ("title: T\nrole_statements: [{group: some, items: [1]}]", "role_statements entry 1 must be like"),
    ("title: T\ninvited: nosuch.csv", "the invited file"),
    ("title: T\nmin_n: 2", "min_n must be a whole number of at least 3"),
    ("title: T\nlang: de", "lang must be sv or en"),
    ("title: T\nroles: {chefs: Chefer}", "roles has unknown key(s) chefs; the role groups are management"),
    ("title: T\nfocus: {units: [A], lable: x}", "focus has unknown key(s) lable"),
    ("title: [unclosed", "is not valid YAML"),
])
def test_a_bad_study_file_is_one_sentence_naming_the_file_and_key(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "study.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StudyError) as err:
        load_study(path)
    message = str(err.value)
    assert says in message and str(path) in message and "\n" not in message


def test_the_cli_refuses_a_bad_study_file_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    study = tmp_path / "s.yaml"
    study.write_text("title: T\nwaves: [{id: '2012-10', role: end}, {id: '2013-05', role: baseline}]\n")
    code = main(["ingest", str(RAW_DIR / "lfr3_2014_webbenkat.csv"), "--study", str(study), "--out",
                 str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "baseline wave must come before the end" in err
    assert "Traceback" not in err


def test_a_wave_the_study_does_not_list_is_refused_naming_the_file(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture) -> None:
    study = tmp_path / "s.yaml"
    study.write_text("title: T\nwaves: ['2012-10', '2013-05']\n")
    code = main(["ingest", str(RAW_DIR), "--study", str(study), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "wave '2014' is not among the waves of the study file" in err
    assert "lfr3_2014" in err and err.count("\n") == 1


def test_an_instrument_other_than_the_studys_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["ingest", str(RAW_DIR), "--instrument", "hme", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "--instrument hme is not the instrument of the study file" in err


def test_ingest_records_the_study_beside_the_data_and_orders_the_waves_as_it_says(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for f in ("lfr3_2014_webbenkat.csv", "lfr3_2013-05_papper.xlsx"):
        shutil.copy(RAW_DIR / f, raw / f)
    # the follow-up listed first would be an error; a study that lists a later wave before an earlier one orders them
    (raw / "study.yaml").write_text("title: {sv: Prov, en: Trial}\nunits: {sv: [ort, orter], en: [town, towns]}\n"
                                    "waves: ['2014', '2013-05']\n", encoding="utf-8")
    assert find_study_file([raw]) == raw / "study.yaml"
    assert main(["ingest", str(raw), "--out", str(tmp_path / "out")]) == 0
    p = read_processed(tmp_path / "out")
    assert p.waves == ["2014", "2013-05"]
    assert p.study.title == {"sv": "Prov", "en": "Trial"} and p.study.unit_word("en", plural=True) == "towns"
    assert json.loads((tmp_path / "out" / "study.json").read_text())["id"] == "raw"
    assert p.instrument.id == "lfr19" and (tmp_path / "out" / "instrument.yaml").exists()


def test_without_a_study_file_the_instrument_and_the_data_make_the_study(tmp_path: Path) -> None:
    """The documented example instrument on an export of its own: the study is the instrument's title,
    the waves in the data's order and the neutral unit word; the instrument file travels with the data."""
    export = write_five_step_export(tmp_path / "export.csv")
    assert main(["ingest", str(export), "--instrument", str(ROOT / "tuffkit" / "starter" / "instrument.yaml"),
                 "--out", str(tmp_path / "out")]) == 0
    shutil.move(str(tmp_path / "out"), str(tmp_path / "moved"))  # the processed folder is self-contained
    p = read_processed(tmp_path / "moved")
    assert p.instrument.id == "vt_pulse" and p.instrument.scale.max == 5
    assert p.study.title_text("sv") == "Pulsmätning i verksamhetsteamet"
    assert (p.study.baseline, p.study.end, p.study.followup) == ("2023", "2024", None)
    assert p.study.unit_word("sv") == "enhet" and not p.study.focus and not p.has_roles


def test_the_documented_example_study_file_loads() -> None:
    s = load_study(ROOT / "docs" / "study-example.yaml")
    assert s.instrument == "hme" and s.unit_word("sv", plural=True) == "arbetsplatser"
    assert (s.baseline, s.end, s.followup) == ("2024", "2025", "2026") and s.focus == ("Ekbacken", "Lindgården")


def test_a_focus_unit_the_data_does_not_have_is_refused_with_the_close_match(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    study = tmp_path / "s.yaml"
    study.write_text("title: T\nfocus: {units: [Botkyrka, Ludvka]}\n", encoding="utf-8")
    code = main(["ingest", str(RAW_DIR), "--study", str(study), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "'Ludvka'" in err and "Ludvika" in err and "focus group" in err and err.count("\n") == 1


def test_the_studys_own_wave_names_are_read_from_the_wave_column(tmp_path: Path) -> None:
    """A wave column that says "Våren 2024" is the study's wave "Våren 2024" (not an unknown wave)."""
    rows = ["Enhet;Omgång;Jag vet vad som förväntas av mig.;Vi testar nya idéer i liten skala.;"
            "Ledningen undanröjer hinder som vi lyfter."]
    rows += [f"{u};{w};{(k % 5) + 1};{(k % 4) + 1};{(k % 3) + 2}" for k, (u, w) in
             enumerate([(u, w) for u in ("Ekbacken", "Lindgården") for w in ("Våren 2024", "Hösten 2024")
                        for _ in range(6)])]
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "study.yaml").write_text(
        f"title: Vår\ninstrument: {ROOT / 'tuffkit' / 'starter' / 'instrument.yaml'}\n"
        "waves: ['Våren 2024', 'Hösten 2024']\nfocus: {units: [ekbacken]}\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "export.csv"), "--out", str(tmp_path / "out")]) == 0
    p = read_processed(tmp_path / "out")
    assert p.waves == ["Våren 2024", "Hösten 2024"] and len(p.responses) == 24 * 3


def test_a_study_on_a_0_to_10_scale_with_25_statements_is_reported(tmp_path: Path) -> None:
    """An instrument unlike LfR's (0..10, no neutral named, statements 1-25) through the whole CLI: the
    processed folder is checked against its own instrument, and every report renders."""
    import yaml

    doc = {"id": "elva", "title": {"sv": "Elvagradig", "en": "Eleven steps"},
           "scale": {"min": 0, "max": 10, "labels": {0: {"sv": "Inte alls"}, 10: {"sv": "Helt"}}},
           "items": [{"number": i, "sv": f"Påstående {i} om vården.", "en": f"Statement {i} about care."}
                     for i in range(1, 26)]}
    (tmp_path / "elva.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    rows = ["Arbetsplats;Omgång;" + ";".join(f"Påstående {i}" for i in range(1, 26))]
    for k, (u, w) in enumerate([(u, w) for u in ("Ekbacken", "Lindgården") for w in ("2024", "2025")
                                for _ in range(7)]):
        rows.append(f"{u};{w};" + ";".join(str((k * 7 + i * 3) % 11) for i in range(1, 26)))
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "export.csv"), "--instrument", str(tmp_path / "elva.yaml"),
                 "--out", str(tmp_path / "p")]) == 0
    assert main(["reports", "--data", str(tmp_path / "p"), "--all", "--program", "--out", str(tmp_path / "r"),
                 "--jobs", "1", "--quiet"]) == 0
    page = (tmp_path / "r" / "unit" / "ekbacken.html").read_text(encoding="utf-8")
    assert "Skalan går från 0 (inte alls) till 10 (helt)" in page and "Påstående 25 om vården." in page
    assert "kommun" not in page.lower()


def test_a_wave_label_reads_right_after_a_verb(tmp_path: Path) -> None:
    """"svarade … hösten 2023", "år 2024", "i oktober 2012"; the study file's in: form wins."""
    from tuffkit.study import when

    assert [when(x, "sv") for x in ("hösten 2023", "2024", "oktober 2012", "vid start")] == [
        "hösten 2023", "år 2024", "i oktober 2012", "vid start"]
    assert [when(x, "en") for x in ("autumn 2023", "2024")] == ["in autumn 2023", "in 2024"]
    f = tmp_path / "study.yaml"
    f.write_text("title: T\ninstrument: lfr19\nwaves:\n  - {id: a, label: {sv: start, en: start}, "
                 "in: {sv: vid starten, en: at the start}, role: baseline}\n  - {id: b, role: end}\n",
                 encoding="utf-8")
    s = load_study(f)
    assert s.wave_when("start", "sv") == "vid starten" and s.wave_when("b", "en") == "in b"


def test_the_documented_example_wave_labels_read_right() -> None:
    s = load_study(ROOT / "docs" / "study-example.yaml")
    labels = [s.wave_label(w, "sv") for w in s.wave_ids]
    assert all("(" not in label for label in labels), "the role is not part of the label"
    assert [s.wave_when(label, "sv") for label in labels] == labels, "hösten 2024, not i hösten 2024"
