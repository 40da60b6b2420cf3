"""Releases of a study (issue 23): what earlier runs published is part of what an attacker knows.

Attacked as an outsider would, through the command line, on an adversarial study made here (a
5-step instrument, four units of 2-10 people; not LfR): the same answers re-run with another
focus group, and re-run after one late form, each into a new folder. The attacker subtracts every
figure of the second run from every figure of the first (from the ledgers, which hold more than
the HTML prints: every group's size and unrounded values) and recovers nothing; what ``--out``
holds is only the reports; the audit names a planted number and a stray file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tuffkit.batch import run_trail
from tuffkit.cli import main
from tuffkit.disclosure import published_sets
from tuffkit.processed import read_processed
from tuffkit.report.ledger import read_ledgers
from tuffkit.report.releases import releases, respondent_keys
from tuffkit.report.runcache import source_files

from conftest import ROOT

MIN_N = 5
HEAD = ("Enhet;Omgång;Jag vet vad som förväntas av mig.;Vi testar nya idéer i liten skala.;"
        "Ledningen undanröjer hinder som vi lyfter.")
SIZES = {"Ekbacken": 10, "Lindgården": 9, "Tallen": 2, "Björken": 8}


def _export(path: Path, sizes: dict[str, int], start: int = 0) -> None:
    rows = [HEAD]
    k = start
    for wave in ("2023", "2024"):
        for unit, n in sizes.items():
            for _ in range(n):
                rows.append(f"{unit};{wave};{k % 5 + 1};{(k * 3) % 5 + 1};{(k * 7 + 2) % 5 + 1}")
                k += 1
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _study(raw: Path, focus: list[str]) -> None:
    (raw / "study.yaml").write_text(
        f"title: Prov\ninstrument: {ROOT / 'tuffkit' / 'starter' / 'instrument.yaml'}\n"
        "units: {sv: [enhet, enheter], en: [unit, units]}\n"
        "waves: ['2023', '2024']\n"
        f"focus: {{label: {{sv: de följda, en: the followed}}, units: [{', '.join(focus)}]}}\nmin_n: 5\n",
        encoding="utf-8")


def _study_folder(tmp_path: Path, focus: list[str]) -> tuple[Path, Path]:
    """The adversarial study's export and study file in ``raw/``, and where it is ingested (``p/``)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    _export(raw / "export.csv", SIZES)
    _study(raw, focus)
    return raw, tmp_path / "p"


def _run(raw: Path, data: Path, out: Path) -> None:
    assert main(["ingest", str(raw), "--out", str(data)]) == 0
    assert main(["reports", "--data", str(data), "--all", "--program", "--out", str(out), "--jobs", "1",
                 "--quiet"]) == 0


def _published(data: Path, out: Path) -> dict[str, list[frozenset]]:
    """Per statement, the sets of respondents (by their forms' keys) the run into ``out`` published
    a number about, from its ledgers."""
    p = read_processed(data)
    keys = respondent_keys(p.responses, data)
    entries = [dict(e, report=name) for name, (_, es) in read_ledgers(run_trail(data, out)).items() for e in es]
    return {v: [frozenset(keys.loc[sorted(s.members)]) for s in sets]
            for v, sets in published_sets(entries, p.responses, source_files(data)).items()}


def _differences(a: dict[str, list[frozenset]], b: dict[str, list[frozenset]]) -> list[tuple[str, int]]:
    """The attack: every figure of one run minus every figure of the other about a set inside it."""
    found = []
    for v in set(a) & set(b):
        for x in a[v] + b[v]:
            for y in a[v] + b[v]:
                if y < x and 0 < len(x - y) < MIN_N:
                    found.append((v, len(x - y)))
    return found


def _only_reports(out: Path) -> None:
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files and all(f.endswith(".html") for f in files), files


def test_another_focus_group_into_another_folder_tells_nothing(tmp_path: Path) -> None:
    raw, data = _study_folder(tmp_path, ["Ekbacken", "Lindgården", "Tallen"])
    _run(raw, data, tmp_path / "first")
    first = _published(data, tmp_path / "first")
    assert _differences(first, first) == []
    # the researcher drops Tallen (2 people) from the focus group and runs again into a new folder
    _study(raw, ["Ekbacken", "Lindgården"])
    _run(raw, data, tmp_path / "second")
    second = _published(data, tmp_path / "second")
    assert second, "the second run publishes figures"
    assert _differences(first, second) == []
    assert len(releases(data)) == 2
    assert main(["audit", "--study", "--data", str(data)]) == 0
    for out in ("first", "second"):
        _only_reports(tmp_path / out)
        assert main(["audit", str(tmp_path / out), "--data", str(data)]) == 0


def test_a_late_form_into_another_folder_tells_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw, data = _study_folder(tmp_path, ["Ekbacken", "Lindgården"])
    _run(raw, data, tmp_path / "first")
    first = _published(data, tmp_path / "first")
    before = read_processed(data).responses
    # one paper form for Ekbacken 2024 arrives late, in a file of its own; the study is run again
    (raw / "zz_sent.csv").write_text(f"{HEAD}\nEkbacken;2024;5;5;1\n", encoding="utf-8")
    capsys.readouterr()
    _run(raw, data, tmp_path / "second")
    said = capsys.readouterr().out
    after = read_processed(data).responses
    assert after["respondent_id"].nunique() == before["respondent_id"].nunique() + 1
    second = _published(data, tmp_path / "second")
    assert _differences(first, second) == [], "the late form's answers are recovered by subtraction"
    assert "Earlier releases of the study" in said  # the run says that it hid figures, and why
    held = json.loads((run_trail(data, tmp_path / "second") / "manifest.json").read_text(encoding="utf-8"))["held"]
    assert held and all("beside earlier releases it would tell about" in h for h in held)
    assert any("about 1 respondent(s)" in h or "about 1," in h for h in held), "the one late form"
    assert any('"unit":["Ekbacken"],"wave":["2024"]' in h for h in held), "the late form's unit"
    assert main(["audit", "--study", "--data", str(data)]) == 0
    _only_reports(tmp_path / "second")


def test_the_audit_reads_what_is_in_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A number planted in a published report, and a CSV of raw numbers dropped beside the reports,
    each fail the audit with a sentence naming the file."""
    (raw, data), out = _study_folder(tmp_path, ["Ekbacken", "Lindgården"]), tmp_path / "out"
    _run(raw, data, out)
    assert main(["audit", str(out), "--data", str(data)]) == 0
    page = out / "unit" / "ekbacken.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"<h1>", b"<h1>Tallen: 4,50 ", 1))
    capsys.readouterr()
    assert main(["audit", str(out), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "ekbacken.html: differs from the report the audit checked" in err
    page.write_bytes(original)
    (out / "svar.csv").write_text("Tallen;2024;4;5;5\n", encoding="utf-8")
    assert main(["audit", str(out), "--data", str(data)]) == 1
    assert "svar.csv: is not a report of this run" in capsys.readouterr().err
    # a run into a folder holding such a file fails too (the file is not removed: it is not tuffkit's)
    assert main(["reports", "--data", str(data), "--program", "--out", str(out), "--jobs", "1", "--quiet"]) == 1
    assert (out / "svar.csv").exists() and "svar.csv" in capsys.readouterr().err
    # audited against data no run into the folder was made from: one sentence, not 20 "stray" files
    assert main(["audit", str(out), "--data", str(tmp_path / "other")]) == 2
    err = capsys.readouterr().err
    assert "no run from" in err and "give the --data" in err and len(err.strip().splitlines()) == 1


def test_a_release_can_be_listed_and_retired(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw, data = _study_folder(tmp_path, ["Ekbacken", "Lindgården"])
    _run(raw, data, tmp_path / "first")
    _run(raw, data, tmp_path / "again")  # the same figures again: not a second release
    rel = releases(data)
    assert len(rel) == 1
    capsys.readouterr()
    assert main(["releases", "--data", str(data)]) == 0
    assert rel.at[0, "id"] in capsys.readouterr().out
    assert main(["releases", "--data", str(data), "--retire", "nope"]) == 2
    assert main(["releases", "--data", str(tmp_path / "nowhere")]) == 2
    assert main(["releases", "--data", str(data), "--retire", rel.at[0, "id"], "--reason", "never sent"]) == 0
    assert releases(data, retired=False).empty
    meta = json.loads(next((data / "private" / "releases").glob("*/release.json")).read_text(encoding="utf-8"))
    assert meta["retired"]["reason"] == "never sent"
    # nothing of the study's private folder names a respondent's answers in the clear
    members = pd.read_parquet(next((data / "private" / "releases").glob("*/members.parquet")))
    assert members["member"].str.fullmatch(r"[0-9a-f]{20}-\d+").all()


def _as_earlier_version(text: str) -> str:
    """A group as tuffkit wrote it before issue 26: the unit column named ``municipality``."""
    return text.replace('"unit":', '"municipality":')


def test_a_release_and_ledgers_of_an_earlier_version_are_still_understood(tmp_path: Path) -> None:
    """Before issue 26 the ledgers and the releases' sets named the unit ``municipality`` in their
    groups (``{"municipality": ["Ekbacken"], "wave": ["2024"]}``): they are read as ``unit``, so an
    earlier run still audits, and a new run is still planned against what it published."""
    from tuffkit.report.releases import earlier_sets

    raw, data = _study_folder(tmp_path, ["Ekbacken", "Lindgården", "Tallen"])
    _run(raw, data, tmp_path / "first")
    new_style = _published(data, tmp_path / "first")
    # the release and the first run's ledgers as an earlier version wrote them
    (sets_file,) = (data / "private" / "releases").glob("*/sets.parquet")
    sets = pd.read_parquet(sets_file)
    assert sets["group"].str.contains('"unit":').any()
    sets.assign(group=sets["group"].map(_as_earlier_version)).to_parquet(sets_file, index=False)
    ledgers = list(run_trail(data, tmp_path / "first").rglob("*.ledger.jsonl"))
    assert any('"unit":' in led.read_text(encoding="utf-8") for led in ledgers)
    for led in ledgers:
        led.write_text(_as_earlier_version(led.read_text(encoding="utf-8")), encoding="utf-8")
    assert _published(data, tmp_path / "first") == new_style, "the old ledgers' groups are today's"
    earlier, _, _ = earlier_sets(data, read_processed(data).responses)
    keys = [s.key for v in earlier.values() for s in v]
    assert keys and not any('"municipality"' in k for k in keys) and any('"unit":' in k for k in keys)
    assert main(["audit", str(tmp_path / "first"), "--data", str(data)]) == 0
    # a second run, with another focus group, planned against the old release: nothing by subtraction
    _study(raw, ["Ekbacken", "Lindgården"])
    _run(raw, data, tmp_path / "second")
    assert _differences(new_style, _published(data, tmp_path / "second")) == []
    assert main(["audit", "--study", "--data", str(data)]) == 0
