"""tuffkit.spc.qic against qicharts2 0.8.1 itself: 92 cases (its Montgomery and hospital-infection
tests, its vignette's examples, random series of every chart, and every argument: freeze, part,
exclude, cl, target, y_neg, multiply, agg_fun, notes, facets, x_period), computed in R and
committed with the script that made them (tests/fixtures/qicharts2/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tuffkit.spc import qic

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "qicharts2"
CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
LINES = {"y": "y", "cl": "cl", "lcl": "lcl", "ucl": "ucl", "lcl.95": "lcl_95", "ucl.95": "ucl_95"}


def _x(values: pd.Series, args: dict) -> pd.Series:
    if args["x_type"] == "date":
        return pd.to_datetime(values)
    if args["x_type"] == "factor":
        return pd.Categorical(values.astype(str), categories=args["x_levels"], ordered=True)
    if args["x_type"] == "character":
        return values.astype(str)
    return pd.to_numeric(values)


def run_case(case: dict) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    a = case["args"]
    name = case["case"]
    data = pd.read_csv(FIXTURES / f"{name}.input.csv", keep_default_na=False, na_values=[""],
                       dtype={"facet1": str, "facet2": str, "notes": str, "part": str})
    if a["x"] is None:
        data.insert(0, "x", np.arange(1, len(data) + 1))
        a = {**a, "x": "x", "x_type": "numeric"}
    data["x"] = _x(data[a["x"]], a)
    data = data[pd.notna(data["x"])]  # qicharts2 drops a row without x; tuffkit refuses it (documented)
    kw = {k: a[k] for k in ("freeze", "cl") if a.get(k) is not None}
    if a.get("part") is not None:
        kw["part"] = a["part"]
    if a.get("part_column"):
        kw["part"] = a["part_column"]
    if a.get("exclude"):
        kw["exclude"] = a["exclude"]
    target = a.get("target") if a.get("target") is not None else a.get("target_column")
    res = qic(data, x="x", y=a["y"], n=a["n"], chart=a["chart"], multiply=a["multiply"], agg_fun=a["agg_fun"],
              y_neg=a["y_neg"], target=target, notes=a["notes"], facets=a["facets"], x_period=a["x_period"], **kw)
    expected = pd.read_csv(FIXTURES / f"{name}.expected.csv", keep_default_na=False, na_values=[""],
                           dtype={"facet1": str, "facet2": str, "notes": str})
    expected["x"] = _x(expected["x"], a)
    keys = ["x", *(a["facets"] or [])]
    got = res.frame.sort_values(keys, kind="stable").reset_index(drop=True)
    expected = expected.sort_values(keys, kind="stable").reset_index(drop=True)
    return got, expected, res


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_qic_matches_qicharts2(case: dict) -> None:
    got, exp, res = run_case(case)
    a = case["args"]
    assert len(got) == len(exp), "one point per subgroup, as qicharts2"
    if a["x_type"] == "date":
        assert (got["x"].to_numpy() == exp["x"].to_numpy()).all(), "x.period's dates"
    for theirs, ours in LINES.items():
        np.testing.assert_allclose(got[ours].to_numpy(float), exp[theirs].to_numpy(float), rtol=1e-9, atol=1e-12,
                                   equal_nan=True, err_msg=f"{case['case']}: {theirs}")
    assert got["part"].tolist() == exp["part"].tolist()
    # the summary's lines are the part's mean lines, after y_neg's clipping (qicharts2's summary)
    by = [*(a["facets"] or []), "part"]
    summ_lines = res.summary.set_index(by)
    for theirs, ours in (("cl", "cl"), ("lcl", "lcl"), ("ucl", "ucl")):
        per_part = exp.groupby(by)[theirs].mean()
        np.testing.assert_allclose(summ_lines.loc[per_part.index, ours].to_numpy(float), per_part.to_numpy(float),
                                   rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=f"{case['case']}: summary {theirs}")
    assert got["sigma_signal"].tolist() == exp["sigma.signal"].tolist()
    if a["x_type"] != "factor":  # qicharts2 makes no runs analysis of categories; tuffkit does (documented)
        assert got["runs_signal"].tolist() == exp["runs.signal"].tolist()
        summ = res.summary.set_index([*(a["facets"] or []), "part"])
        for theirs, ours in (("n.useful", "n_useful"), ("longest.run", "longest_run"),
                             ("longest.run.max", "longest_run_max"), ("n.crossings", "n_crossings"),
                             ("n.crossings.min", "n_crossings_min")):
            per_part = exp.groupby([*(a["facets"] or []), "part"])[theirs].first()
            np.testing.assert_array_equal(summ.loc[per_part.index, ours].to_numpy(float),
                                          per_part.to_numpy(float), err_msg=f"{case['case']}: {theirs}")
    if a.get("target") is not None or a.get("target_column"):
        np.testing.assert_allclose(got["target"].to_numpy(float), exp["target"].to_numpy(float), equal_nan=True)
    if a.get("notes"):
        assert got["notes"].fillna("").tolist() == exp["notes"].fillna("").tolist()


def test_every_chart_type_and_argument_is_covered() -> None:
    """The fixtures exercise every chart and argument issue 15 names (so a missing one fails here)."""
    charts = {c["args"]["chart"] for c in CASES}
    assert charts == {"run", "i", "ip", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g"}
    used = {k for c in CASES for k, v in c["args"].items() if v not in (None, [], False, 1, "mean")}
    assert {"freeze", "part", "exclude", "cl", "target", "notes", "facets", "x_period", "agg_fun", "multiply"} <= used
    assert any(c["args"]["y_neg"] is False for c in CASES)
    assert {c["args"]["x_period"] for c in CASES} >= {"week", "month", "quarter"}
