"""``tuffkit init``: a study folder that works, that never writes over files, in the study's words
(:mod:`tuffkit.starter`); and runs that add to an output folder, never replace (issue 26)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from tuffkit.cli import main
from tuffkit.ingest.invited import read_invited
from tuffkit.starter import start_study
from tuffkit.study import load_study


def test_init_writes_a_study_that_loads_in_its_own_words(tmp_path: Path) -> None:
    folder = tmp_path / "äldreboenden"
    start_study(folder, title="Boendepuls", unit_word="boende", lang="en")
    study = load_study(folder / "study.yaml")
    assert (study.title_text("sv"), study.unit_word("sv", plural=True), study.unit_word("en"), study.lang) == (
        "Boendepuls", "boenden", "care home", "en")
    assert study.instrument.endswith("instrument.yaml") and not study.invited
    assert (folder / "exports").is_dir() and not any((folder / "exports").iterdir())
    assert (folder / "invited.csv").read_text(encoding="utf-8").splitlines() == ["boende;omgång;inbjudna"]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert all(c in readme for c in ("tuffkit ingest exports", "tuffkit reports --all --program",
                                     "tuffkit audit reports"))
    nb = nbformat.read(folder / "explore.ipynb", as_version=4)
    (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert 'data: str = "data/processed"' in params.source


def test_init_names_a_built_in_instead_of_writing_an_instrument(tmp_path: Path) -> None:
    start_study(tmp_path / "hme", instrument="hme", unit_word="arbetsplats")
    assert not (tmp_path / "hme" / "instrument.yaml").exists()
    assert yaml.safe_load((tmp_path / "hme" / "study.yaml").read_text(encoding="utf-8"))["instrument"] == "hme"


@pytest.mark.parametrize("args, said", [
    (["--instrument", "lfr20"], "not a built-in instrument"),
    (["--unit-word", "kvarter"], "--unit-word kvarter"),
    (["--example", "--instrument", "hme"], "leave out --instrument"),
])
def test_init_refuses_what_it_cannot_do_in_one_sentence(tmp_path: Path, capsys, args: list[str], said: str) -> None:
    assert main(["init", str(tmp_path / "s"), *args]) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1 and not (tmp_path / "s").exists()


def test_init_never_writes_into_a_folder_with_files(tmp_path: Path, capsys) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "study.yaml").write_text("title: mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "s")]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert (tmp_path / "s" / "study.yaml").read_text(encoding="utf-8") == "title: mine\n"


def test_the_invited_file_is_headed_by_the_study_unit_word_or_unit(tmp_path: Path) -> None:
    for head in ("boende", "Boenden", "care home", "unit", "enhet"):
        p = tmp_path / f"{head}.csv"
        p.write_text(f"{head},wave,invited\nEkbacken,2025,12\n", encoding="utf-8")
        assert read_invited(p, ("boende", "boenden", "care home", "care homes"))["unit"].tolist() == ["Ekbacken"]
    p = tmp_path / "other.csv"
    p.write_text("avdelning;omgång;inbjudna\nEkbacken;2025;12\n", encoding="utf-8")
    with pytest.raises(Exception, match="no column headed boende or unit"):
        read_invited(p, ("boende", "boenden"))
    p.write_text("enhet;omgång;inbjudna\nEkbacken;2025;12\nEkbacken;2025;13\n", encoding="utf-8")
    with pytest.raises(Exception, match="row 3: Ekbacken and wave 2025 are given on an earlier row"):
        read_invited(p)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The --example study of ``tuffkit init``, ingested."""
    folder = tmp_path_factory.mktemp("init") / "puls"
    assert main(["init", str(folder), "--example"]) == 0
    assert main(["ingest", str(folder / "exports"), "--study", str(folder / "study.yaml"),
                 "--out", str(folder / "data" / "processed")]) == 0
    return folder


def test_ingest_checks_the_invited_counts_and_the_folder_carries_them(example: Path, tmp_path: Path,
                                                                      capsys) -> None:
    processed = example / "data" / "processed"
    assert read_invited(processed / "invited.csv")["invited"].sum() == 44
    moved = tmp_path / "moved"
    shutil.copytree(processed, moved)
    from tuffkit.processed import read_processed

    assert read_processed(moved).study.invited == str((moved / "invited.csv").resolve())
    # a unit the data has not is named at ingest (a spelling to check), and still read
    (example / "invited.csv").write_text("enhet;omgång;inbjudna\nEkbacka;2025;10\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest", str(example / "exports"), "--study", str(example / "study.yaml"),
                 "--out", str(tmp_path / "p2")]) == 0
    out = capsys.readouterr().out
    assert "enheter utan svarande (kontrollera stavningen): Ekbacka" in out  # the study is Swedish
    assert "enheter i data utan antal (ingen svarsfrekvens): Ekbacken, Lindgården" in out


def test_runs_add_a_language_and_refuse_another_study(example: Path, tmp_path: Path, capsys) -> None:
    data, out = example / "data" / "processed", tmp_path / "reports"
    base = ["reports", "--data", str(data), "--out", str(out), "--jobs", "1", "--quiet"]
    assert main([*base, "--program", "--unit", "Ekbacken"]) == 0
    sv = {p: (out / p).read_bytes() for p in ("study.html", "unit/ekbacken.html")}
    assert main([*base, "--unit", "Ekbacken", "--lang", "en"]) == 0
    assert {p: (out / p).read_bytes() for p in sv} == sv, "the Swedish reports are not written over"
    english = (out / "unit" / "ekbacken.en.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english
    index_sv = (out / "index.html").read_text(encoding="utf-8")
    index_en = (out / "index.en.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in index_sv and 'href="unit/ekbacken.html"' in index_sv
    assert 'href="index.en.html"' in index_sv and "ekbacken.en.html" not in index_sv
    assert 'href="unit/ekbacken.en.html"' in index_en and 'href="index.html"' in index_en
    assert "unit/ekbacken.html" not in index_en.replace("unit/ekbacken.en.html", "")
    assert main(["audit", str(out), "--data", str(data)]) == 0
    # another study's reports into the same folder: one sentence, nothing written
    other = tmp_path / "other"
    shutil.copytree(data, other, ignore=shutil.ignore_patterns("private"))
    record = (other / "study.json").read_text(encoding="utf-8").replace('"id": "puls"', '"id": "annan"')
    (other / "study.json").write_text(record, encoding="utf-8")
    capsys.readouterr()
    assert main(["reports", "--data", str(other), "--out", str(out), "--program", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "holds the reports of the study puls" in err and len(err.strip().splitlines()) == 1
    assert (out / "index.html").read_text(encoding="utf-8") == index_sv
