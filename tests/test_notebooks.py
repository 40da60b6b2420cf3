"""The notebooks are committed clean and documented; nbval (``--nbval-lax``, in the
pytest options) runs each of them on the example data as part of the suite."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from tuffkit.config import NOTEBOOKS_DIR

from conftest import write_five_step_export

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_the_three_notebooks_exist() -> None:
    assert {p.stem for p in NOTEBOOKS} >= {"municipality_report", "program_report", "explore_survey",
                                          "project_log_report", "measures_report"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_are_typed_and_documented(path) -> None:
    nb = nbformat.read(path, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    lines = [ln for ln in params[0].source.splitlines() if ln.strip()]
    for ln in lines:
        assert ": " in ln.split("=")[0] and "# help:" in ln, ln
    out = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(path)], capture_output=True,
                         text=True, check=True).stdout
    for ln in lines:
        name = ln.split(":")[0]
        assert name in out
    assert "Unknown type" not in out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_hold_no_logic(path) -> None:
    """Cells call into tuffkit: no function or class defined in a notebook, no long cell."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert "def " not in cell.source and "class " not in cell.source
            assert len(cell.source.splitlines()) <= 10


@pytest.mark.parametrize("study", ["pulse", "five_step"])
def test_the_explore_notebook_runs_on_any_study(study: str, pulse_processed, tmp_path) -> None:
    """The explore notebook on the bundled pulse study (no roles, its own instrument, a follow-up)
    and on a new 5-step study of two units (the documented example instrument): no LfR assumed."""
    import papermill as pm

    from tuffkit.cli import main

    data = pulse_processed
    if study == "five_step":
        export = write_five_step_export(tmp_path / "export.csv", per_group=8)
        data = tmp_path / "out"
        example = NOTEBOOKS_DIR.parent / "tuffkit" / "starter" / "instrument.yaml"
        assert main(["ingest", str(export), "--instrument", str(example),
                     "--out", str(data)]) == 0
    out = tmp_path / "explored.ipynb"
    pm.execute_notebook(str(NOTEBOOKS_DIR / "explore_survey.ipynb"), str(out), parameters={"data": str(data)},
                        cwd=str(NOTEBOOKS_DIR), progress_bar=False, kernel_name="python3")
    text = out.read_text(encoding="utf-8")
    assert "Traceback" not in text and "lfr19" not in text
    assert ("vt_pulse" if study == "five_step" else "(1-5)") in text
