"""Shared fixtures: small synthetic exports built in the tests, from a seeded RNG."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import settings

from tuffkit import load_instrument

ROOT = Path(__file__).resolve().parent.parent


def pytest_sessionstart(session: pytest.Session) -> None:
    """The notebooks (run by nbval) read data/processed/lfr3 and data/processed/puls (the two example
    studies, as `make ingest` writes them): ingest them there when a fresh clone has none (the folder is
    git-ignored)."""
    from tuffkit import read_survey, write_ingest
    from tuffkit.config import PROCESSED_DIR, RAW_DIR
    from tuffkit.ingest.measures import read_measures, write_measures
    from tuffkit.ingest.projectlog import read_project_log, write_project_log

    lfr3, puls = ROOT / PROCESSED_DIR / "lfr3", ROOT / PROCESSED_DIR / "puls"
    if not (lfr3 / "study.json").exists():
        write_ingest(read_survey(RAW_DIR), lfr3)
        write_measures(read_measures(RAW_DIR / "measures"), lfr3)
    if not (puls / "study.json").exists():
        write_ingest(read_survey(RAW_DIR / "pulse"), puls)
        write_project_log(read_project_log(RAW_DIR / "projectlog"), puls)
        write_measures(read_measures([RAW_DIR / "measures" / "norrtull_matningar.csv", RAW_DIR / "pulse" / "measures"]),
                       puls)


LFR = load_instrument("lfr19")
BASE_HEADER = ["Kommun", "Funktion", "Sitter du i ledningsgruppen?", "Omgång"]


def make_rows(n: int = 8, seed: int = 1, wave: str = "2012-10") -> list[list[object]]:
    """``n`` respondents: municipality, function, group, wave and 19 numeric answers."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        answers = [int(x) for x in rng.integers(1, 8, 19)]
        rows.append(["Mönsterås" if i % 2 else "Åre-fiktiv", ["Ledning", "Stöd", ""][i % 3],
                     ["Ja", "Nej", ""][i % 3], wave, *answers])
    return rows


def write_five_step_export(path: Path, per_group: int = 6) -> Path:
    """An export of the documented example instrument (tuffkit/starter/instrument.yaml: 3 statements, 5
    steps): two care homes, waves 2023 and 2024, ``per_group`` forms each, no roles, no study file."""
    rows = ["Enhet;Omgång;Jag vet vad som förväntas av mig.;Vi testar nya idéer i liten skala.;"
            "Ledningen undanröjer hinder som vi lyfter."]
    forms = [(u, w) for u in ("Ekbacken", "Lindgården") for w in ("2023", "2024") for _ in range(per_group)]
    rows += [f"{u};{w};{(k % 5) + 1};{(k % 4) + 1};{(k % 3) + 2}" for k, (u, w) in enumerate(forms)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def to_csv_text(header: list[str], rows: list[list[object]], sep: str = ";", title_rows: int = 0) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    for t in range(title_rows):
        w.writerow([f"Titelrad {t + 1}: Enkätexport"])
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write a CSV export: ``write_csv(header, rows, sep=";", encoding="utf-8", title_rows=0)``."""

    def _write(header, rows, sep=";", encoding="utf-8", title_rows=0, name="export.csv") -> Path:
        p = tmp_path / name
        p.write_bytes(to_csv_text(header, rows, sep, title_rows).encode(encoding))
        return p

    return _write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write an XLSX export: ``write_xlsx(header, rows, title_rows=0, sheets_before=0)``."""

    def _write(header, rows, title_rows=0, name="export.xlsx", sheets_before=0) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        for s in range(sheets_before):
            other = ws if s == 0 else wb.create_sheet()
            other.title = f"Info{s}"
            other.append(["Om enkäten", "Den här fliken har inga svar"])
        if sheets_before:
            ws = wb.create_sheet("Svar")
        for t in range(title_rows):
            ws.append([f"Titelrad {t + 1}"])
        ws.append(header)
        for r in rows:
            ws.append(r)
        p = tmp_path / name
        wb.save(p)
        return p

    return _write


@pytest.fixture
def f_header() -> list[str]:
    return BASE_HEADER + [f"F{k}" for k in range(1, 20)]


# Hypothesis: CI runs a fixed set of examples (reproducible); `HYPOTHESIS_PROFILE=thorough`
# searches much longer when hunting for bugs.
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=50, deadline=None, derandomize=True)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# --------------------------------------------------------------------------- reports


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example data ingested into a temporary folder (what `tuffkit ingest` writes)."""
    from tuffkit import read_survey, write_ingest
    from tuffkit.config import RAW_DIR
    from tuffkit.ingest.projectlog import read_project_log, write_project_log

    out = tmp_path_factory.mktemp("processed")
    write_ingest(read_survey(RAW_DIR), out)
    write_project_log(read_project_log(RAW_DIR / "projectlog"), out)
    from tuffkit.ingest.measures import read_measures, write_measures

    write_measures(read_measures(RAW_DIR / "measures"), out)
    return out


@pytest.fixture(scope="session")
def pulse_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second example study (the TUFF staff pulse survey: data/raw/pulse with its study file)
    with the testbed's improvement log and the units' measures, as `make reports` ingests it."""
    from tuffkit.cli import main
    from tuffkit.config import RAW_DIR

    out = tmp_path_factory.mktemp("puls")
    assert main(["ingest", str(RAW_DIR / "pulse"), "--out", str(out)]) == 0
    assert main(["ingest-log", str(RAW_DIR / "projectlog"), "--out", str(out)]) == 0
    assert main(["ingest-measures", str(RAW_DIR / "measures" / "norrtull_matningar.csv"),
                 str(RAW_DIR / "pulse" / "measures"), "--out", str(out)]) == 0
    return out


#: the municipalities the batch tests render: two followed-up (Ludvika has 2 answers in 2014), one other
REPORT_MUNICIPALITIES = ["Botkyrka", "Ludvika", "Fiktivköping"]


@pytest.fixture(scope="session")
def built_reports(processed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch run for 3 municipalities and the program in Swedish (``sv/``), one
    municipality in English (``en/``), with the bundled invited counts, and the
    improvement-log and measures reports of every unit (``log/``, Swedish, free text left out)."""
    from tuffkit.cli import main
    from tuffkit.config import RAW_DIR

    root = tmp_path_factory.mktemp("reports")
    invited = str(RAW_DIR / "invited" / "lfr3_2014_inbjudna.csv")
    code = main(["reports", "--data", str(processed), "--municipality", *REPORT_MUNICIPALITIES, "--program",
                 "--out", str(root / "sv"), "--jobs", "2", "--invited", invited, "--quiet"])
    assert code == 0
    code = main(["reports", "--data", str(processed), "--municipality", "Halmstad", "--lang", "en",
                 "--out", str(root / "en"), "--jobs", "1", "--quiet"])
    assert code == 0
    code = main(["reports", "--data", str(processed), "--all-units", "--all-measures", "--out", str(root / "log"),
                 "--jobs", "2", "--quiet"])
    assert code == 0
    return root


@pytest.fixture(scope="session")
def built_pulse(pulse_processed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch run of the second study as `make reports` renders it: every unit (survey, log and
    measures in one report), the study report, the log and measures reports."""
    from tuffkit.cli import main

    root = tmp_path_factory.mktemp("pulse_reports")
    code = main(["reports", "--data", str(pulse_processed), "--all", "--program", "--all-units", "--all-measures",
                 "--out", str(root), "--jobs", "2", "--quiet"])
    assert code == 0
    return root
