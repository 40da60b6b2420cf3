"""The Making Data Count rules (``rules="mdc"``) against NHSRplotthedots 0.2.2 itself: 411 XmR
series (random series with shifts, trends, outliers, ties on the centre line, targets, frozen
baselines and rebases, and hand-made ones), computed in R (tests/fixtures/ptd/README.md says how).

Every point's limits and type (common cause, improvement, concern, neutral high or low), the
variation icon and the assurance icon must agree on every case."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tuffkit.spc import point_types, qic

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ptd"
POINTS = pd.read_csv(FIXTURES / "points.csv")
CASES = pd.read_csv(FIXTURES / "cases.csv", keep_default_na=False)
_DIRECTION = {"increase": "up", "decrease": "down", "neutral": None}
_TYPE = {"common_cause": "common", "special_cause_improvement": "improvement", "special_cause_concern": "concern",
         "special_cause_neutral_high": "high", "special_cause_neutral_low": "low"}
_ASSURANCE = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "hit_and_miss", "": None}


def _icon(variation: str, side: str | None) -> str:
    """Our verdict as NHSRplotthedots' variation icon file name."""
    if variation == "common":
        return "common_cause"
    if variation in ("high", "low"):
        return f"neutral_{variation}"
    return f"{variation}_{side}"


def run(case: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    pts = POINTS[POINTS["case"] == case["case"]].sort_values("i").reset_index(drop=True)
    data = pd.DataFrame({"x": pd.to_datetime(pts["x"]), "y": pts["y"]})
    starts = [int(i) for i in pts.loc[pts["rebase"] == 1, "i"] if i > 1]
    kw: dict = {}
    if starts:
        kw["part"] = [i - 1 for i in starts]
    if case["fix_after_n_points"] != "":
        kw["freeze"] = int(case["fix_after_n_points"])
    if case["target"] != "":
        kw["target"] = float(case["target"])
    res = qic(data, x="x", y="y", chart="i", rules="mdc", improvement=_DIRECTION[case["improvement_direction"]], **kw)
    return pts, res


@pytest.mark.parametrize("start", range(0, len(CASES), 50))
def test_every_point_and_icon_agrees_with_nhsrplotthedots(start: int) -> None:
    wrong = []
    for _, case in CASES.iloc[start:start + 50].iterrows():
        pts, res = run(case)
        fr = res.frame
        for theirs, ours in (("mean", "cl"), ("lpl", "lcl"), ("upl", "ucl")):
            np.testing.assert_allclose(fr[ours].to_numpy(float), pts[theirs].to_numpy(float), rtol=1e-9, atol=1e-9,
                                       err_msg=f"case {case['case']}: {theirs}")
        types = point_types(res).tolist()
        expected = pts["point_type"].map(_TYPE).tolist()
        if types != expected:
            at = next(i for i, (a, b) in enumerate(zip(types, expected, strict=True)) if a != b)
            wrong.append(f"case {case['case']} point {at + 1}: {types[at]} (rules {fr['rules'].iat[at]!r}), "
                         f"NHSRplotthedots {expected[at]} ({pts['special_cause_type'].iat[at]})")
            continue
        v = res.verdict.iloc[0]
        if _icon(v["variation"], v["side"]) != case["variation_icon"]:
            wrong.append(f"case {case['case']}: variation icon {_icon(v['variation'], v['side'])}, "
                         f"NHSRplotthedots {case['variation_icon']}")
        if v["assurance"] != _ASSURANCE[case["assurance_type"]]:
            wrong.append(f"case {case['case']}: assurance {v['assurance']}, NHSRplotthedots {case['assurance_type']}")
    assert not wrong, "\n".join(wrong)


def test_the_cases_cover_what_the_rules_must_tell_apart() -> None:
    """Every point type and icon occurs, with frozen baselines, rebases and both together."""
    assert set(POINTS["point_type"]) == set(_TYPE)
    assert {"improvement_high", "improvement_low", "concern_high", "concern_low", "neutral_high", "neutral_low",
            "common_cause"} <= set(CASES["variation_icon"])
    assert {"consistent_pass", "consistent_fail", "inconsistent"} <= set(CASES["assurance_type"])
    fixed, rebased = CASES["fix_after_n_points"] != "", CASES["rebase_dates"] != ""
    assert fixed.sum() > 50 and rebased.sum() > 50 and (fixed & rebased).sum() > 10
    kinds = POINTS["special_cause_type"].str.replace(r" \(.*", "", regex=True).unique()
    assert len(kinds) >= 7  # above/below limits, trends, 2 in 3, 7 points on a side, common cause
