"""The wheel is the product: built from the checkout, installed with pip into a fresh venv outside
it, it starts a study with ``tuffkit init`` and runs ingest, reports and audit in that folder, with
nothing from the checkout (issue 26).

The fresh venv installs tuffkit's dependencies from the package index pip is configured with, as a
user's ``pip install tuffkit`` does (about a minute)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    said = f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert done.returncode == 0, f"{' '.join(cmd)} exited {done.returncode}:\n{said}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # built from a copy of the sources: setuptools builds in the source folder (build/, *.egg-info)
    src = out / "src"
    skipped = shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", ".hypothesis")

    def ignore(folder: str, names: list[str]) -> set[str]:  # the checkout's data and reports stay behind
        top = {"data", "reports", "bench", "tests"} if Path(folder) == ROOT else set()
        return set(skipped(folder, names)) | (top & set(names))

    shutil.copytree(ROOT, src, ignore=ignore)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(src)], out,
         dict(os.environ))
    (found,) = out.glob("tuffkit-*.whl")
    return found


def test_the_wheel_carries_the_notebooks_templates_instruments_and_starter(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    notebooks = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert notebooks and {f"tuffkit/notebooks/{n}" for n in notebooks} <= names
    assert {"tuffkit/report/templates/tuffkit/report.css", "tuffkit/report/templates/tuffkit/index.html.j2",
            "tuffkit/report/templates/tuffkit/conf.json", "tuffkit/instruments/lfr19.yaml",
            "tuffkit/instruments/hme.yaml", "tuffkit/data/scb_municipalities.csv", "tuffkit/starter/study.yaml",
            "tuffkit/starter/instrument.yaml", "tuffkit/starter/README.md"} <= names
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert "Provides-Extra: pdf" in meta and "Provides-Extra: cluster" in meta
    assert not any(n.startswith(("tests/", "data/", "notebooks/", "reports/")) for n in names)


def test_pip_install_then_init_ingest_reports_audit_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py, tk = env_dir / "bin" / "python", env_dir / "bin" / "tuffkit"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(env_dir / "share" / "jupyter")  # the fresh venv's kernel, not a user's
    work = tmp_path / "work"
    work.mkdir()
    _run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], work, env, timeout=900)
    where = _run([str(py), "-c", "import tuffkit, tuffkit.config as c; print(tuffkit.__file__); "
                  "print(c.NOTEBOOKS_DIR)"], work, env).stdout.split()
    assert all(str(env_dir) in w for w in where) and not any(str(ROOT) in w for w in where), where

    init = _run([str(tk), "init", "hemtjanst", "--example", "--title", "Pulsenkät i hemtjänsten"], work, env)
    study = work / "hemtjanst"
    assert "tuffkit ingest exports" in init.stdout
    assert {p.name for p in study.iterdir()} == {"study.yaml", "instrument.yaml", "exports", "invited.csv",
                                                 "explore.ipynb", "README.md"}
    ingest = _run([str(tk), "ingest", "exports"], study, env)
    assert "Pulsenkät i hemtjänsten" in ingest.stdout and "invited.csv" in ingest.stdout
    assert (study / "data" / "processed" / "survey.parquet").is_file()
    assert (study / "data" / "processed" / "invited.csv").is_file()
    _run([str(tk), "reports", "--all", "--program"], study, env, timeout=900)
    reports = study / "reports"
    assert (reports / "index.html").is_file()
    pages = sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.html"))
    assert len(pages) == 4, pages  # the index, the study and the two units of the example
    audit = _run([str(tk), "audit", "reports"], study, env)
    assert "no group of fewer than" in audit.stdout
    # nothing published names the folder it was made in
    for page in reports.rglob("*.html"):
        assert str(tmp_path) not in page.read_text(encoding="utf-8"), page
    # the processed folder carries everything: moved elsewhere, it still makes the reports
    moved = tmp_path / "moved"
    (study / "data" / "processed").rename(moved)
    _run([str(tk), "reports", "--data", str(moved), "--program", "--out", "again"], study, env, timeout=900)
    manifest = json.loads(next((moved / "private" / "runs").glob("again-*/manifest.json")).read_text("utf-8"))
    assert [u["status"] for u in manifest["units"]] == ["ok"], manifest["units"]
