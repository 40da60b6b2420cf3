"""House rules of the project itself: set-up files agree, notebooks carry no outputs."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import yaml

from conftest import ROOT


def _name_spec(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", req)
    assert m, req
    name = re.sub(r"\[.*\]", "", m.group(1)).lower().replace("_", "-")
    return name, m.group(2).replace(" ", "")


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_name_spec(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = env["dependencies"][-1]["pip"]  # what conda-forge lacks comes from PyPI, then the project itself
    got = dict(_name_spec(d) for d in [*conda, *pip[:-1]] if not d.startswith(("python", "pip")))
    assert got == wanted
    python = next(d for d in conda if d.startswith("python"))
    assert python.replace(" ", "") == "python" + project["requires-python"]
    assert pip[-1] == "-e ."


def test_readme_opens_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:800]
    assert "make reports" in head and "make test" in head
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_make_help_lists_the_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    for target in ("reports", "test", "example-data", "bench", "lab"):
        assert f"make {target}" in out


def test_notebooks_are_committed_without_outputs():
    for nb_path in ROOT.glob("notebooks/**/*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            assert not cell.get("outputs"), f"{nb_path.name} has outputs"
            assert cell.get("execution_count") is None, f"{nb_path.name} has execution counts"


def test_generated_folders_are_ignored():
    ignored = subprocess.run(
        ["git", "check-ignore", "data/processed/survey.parquet", "reports/x/index.html"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout.split()
    assert ignored == ["data/processed/survey.parquet", "reports/x/index.html"]


def test_make_lab_allows_root_only_for_root():
    def lab(user: str) -> str:
        out = subprocess.run(["make", "-n", "lab", f"LAB_USER={user}"], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
        return next(line for line in out.stdout.splitlines() if "jupyter lab" in line)

    assert lab("0").endswith("--allow-root")
    assert "--allow-root" not in lab("1000")
