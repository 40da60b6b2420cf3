"""The package's layout: the data flows one way (ingest -> statistics -> report -> batch), no
import circles, and the command line answers without loading the scientific stack."""

from __future__ import annotations

import ast
import graphlib
import json
import subprocess
import sys

import pytest

import tuffkit

from conftest import ROOT

PACKAGE = ROOT / "tuffkit"
HEAVY = ("pandas", "numpy", "scipy", "statsmodels", "pandera", "matplotlib", "pyarrow", "seaborn", "papermill")

#: the layers, lowest first; a module may import its own layer and those named for it
LAYERS: dict[str, tuple[str, ...]] = {
    "base": (),
    "ingest": ("base",),
    "statistics": ("base",),
    "processed": ("base", "ingest"),
    "report": ("base", "statistics", "processed"),
    "run": ("base", "ingest", "statistics", "processed", "report"),
}
BASE = {"tuffkit", "tuffkit.errors", "tuffkit.config", "tuffkit.names", "tuffkit.places", "tuffkit.tidy",
        "tuffkit.instrument",
        "tuffkit.study", "tuffkit.fingerprint", "tuffkit.personnames", "tuffkit.starter"}
STATISTICS = {"tuffkit.survey", "tuffkit.projectlog", "tuffkit.spc", "tuffkit.privacy", "tuffkit.disclosure",
              "tuffkit.feasible", "tuffkit.ordinal", "tuffkit.survival", "tuffkit.nested"}


def layer(module: str) -> str:
    if module in BASE:
        return "base"
    if module in STATISTICS or module.startswith("tuffkit.spc."):  # the spc package's modules
        return "statistics"
    if module == "tuffkit.processed":
        return "processed"
    if module in ("tuffkit.batch", "tuffkit.cli"):
        return "run"
    for pkg in ("ingest", "report"):
        if module == f"tuffkit.{pkg}" or module.startswith(f"tuffkit.{pkg}."):
            return pkg
    raise AssertionError(f"{module}: not placed in a layer; add it to tests/test_layout.py")


def modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def imports(tree: ast.Module, known: set[str]) -> set[str]:
    """Every tuffkit module imported anywhere in ``tree`` (also inside functions), except in the
    body of ``if TYPE_CHECKING:``. ``from tuffkit import read_survey`` counts as importing the
    module that defines the lazy name (``tuffkit._ATTRS``)."""
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
            and getattr(node.test, "id", "") == "TYPE_CHECKING" for stmt in node.body for n in ast.walk(stmt)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"relative import `from {'.' * node.level}{node.module or ''} import ...`: "
                                 "tuffkit imports absolutely")
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("tuffkit")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tuffkit"):
            for a in node.names:  # `from tuffkit.report import plots` imports tuffkit.report.plots
                sub = f"{node.module}.{a.name}"
                if sub in known:
                    found.add(sub)
                elif node.module == "tuffkit" and a.name in tuffkit._ATTRS:
                    found.add(tuffkit._ATTRS[a.name])
                else:
                    found.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == \
                "import_module" and node.args and isinstance(node.args[0], ast.Constant):
            found.add(str(node.args[0].value))
    return {m for m in found if m.startswith("tuffkit")}


def test_every_module_imports_only_its_own_layer_and_the_layers_below() -> None:
    mods = modules()
    wrong = []
    for name, tree in mods.items():
        allowed = {layer(name), *LAYERS[layer(name)]}
        for dep in sorted(imports(tree, set(mods))):
            if dep != "tuffkit" and layer(dep) not in allowed:
                wrong.append(f"{name} ({layer(name)}) imports {dep} ({layer(dep)})")
    assert not wrong, "\n".join(wrong)


def test_there_is_no_import_circle() -> None:
    mods = modules()
    graph = {name: imports(tree, set(mods)) - {name, "tuffkit"} for name, tree in mods.items()}
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the circle


def test_the_statistics_modules_keep_their_names_and_the_public_api_resolves() -> None:
    for name in tuffkit.__all__:
        assert getattr(tuffkit, name) is not None, name
    assert tuffkit.survey.item_summary and tuffkit.spc.qic and tuffkit.projectlog.lead_times
    assert tuffkit.read_survey.__module__ == "tuffkit.ingest.survey"
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = tuffkit.nonsense


def test_no_module_is_left_behind_at_its_old_path() -> None:
    old = ["io", "logfile", "measures", "report.py", "logreport", "measurereport", "tables", "plots", "rawtable",
           "cells", "vocab", "mapping", "schemas", "templates"]
    left = [n for n in old if (PACKAGE / (n if n.endswith(".py") else f"{n}.py")).exists()
            or (PACKAGE / n).is_dir()]
    assert not left, f"old modules still at the top level: {left}"


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return [m for m in json.loads(out.stdout.strip().splitlines()[-1]) if m in HEAVY]


@pytest.mark.parametrize("code", [
    "import tuffkit",
    "from tuffkit.cli import build_parser\nbuild_parser()",
    "from tuffkit.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
    "from tuffkit.cli import main\ntry:\n    main(['reports', '--help'])\nexcept SystemExit:\n    pass",
    "from tuffkit.cli import main\ntry:\n    main(['ingest', '--nonsense'])\nexcept SystemExit:\n    pass",
    "import tuffkit\ntuffkit.TuffkitError",
], ids=["import", "parser", "help", "sub-help", "argument-error", "errors"])
def test_the_command_line_answers_without_the_scientific_stack(code: str) -> None:
    assert _loaded_after(code) == []


def test_a_public_name_loads_what_it_needs_when_first_used() -> None:
    assert "pandas" in _loaded_after("import tuffkit\ntuffkit.read_survey")
