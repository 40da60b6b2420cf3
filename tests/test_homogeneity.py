"""The disclosure rule against homogeneity (issue 23): a mean of 7,00 tells every member's answer.

Attacked as an outsider would, on adversarial studies made here (not the bundled ones): a unit
whose members all gave one answer, a hidden remainder (all units minus the shown ones) whose
members all gave one answer, and, over random tiny studies, a brute-force attacker who tries every
possible answer of every respondent against what the plan lets the reports publish.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuffkit.disclosure import PARTS, RESPONDENTS, audit, pinned, plan_run

MIN_N = 5


def _study(units: list[tuple[str, list[tuple[str, dict[int, int]]]]], wave: str = "w") -> pd.DataFrame:
    """Respondents per unit: (function, {statement: answer}) each."""
    rows, rid = [], 0
    for unit, people in units:
        for function, answers in people:
            rid += 1
            rows += [(rid, wave, unit, function, item, value) for item, value in answers.items()]
    return pd.DataFrame(rows, columns=["respondent_id", "wave", "unit", "function", "item", "value"])


def _varied(k: int, item: int = 1) -> dict[int, int]:
    return {item: 2 + k % 5}


def _family(plan) -> list[dict]:  # noqa: ANN001
    """Everything the plan lets the reports publish, as ledger lines: a coarsened group's mean,
    every other group's answers per step too."""
    out = []
    for key in plan.shown:
        variable, group = json.loads(key)
        stat = "mean" if key in plan.coarse or variable == RESPONDENTS else "% 7"
        out.append({"report": "all.html", "variable": variable, "group": group, "statistic": stat})
    return out


def test_a_unit_whose_members_all_answered_7_is_not_shown() -> None:
    """The issue's unit of 5 (4 management + 1 not stated) where statement 3 is 7,00 for all."""
    units = [("A", [("management", {3: 7, 1: 3 + k % 3}) for k in range(4)] + [("not_stated", {3: 7, 1: 4})]),
             ("B", [("management", {3: 2 + k % 5, 1: 2 + k % 4}) for k in range(8)]),
             ("C", [("support", {3: 1 + k % 6, 1: 5 - k % 3}) for k in range(9)])]
    r = _study(units)
    plan = plan_run(r, MIN_N, scale=(1, 7))
    assert not plan.allows(3, {"wave": "w", "unit": "A"})  # not even its mean: 35 / 5 tells all
    assert plan.allows(1, {"wave": "w", "unit": "A"}), "statement 1 varies: shown"
    assert audit(_family(plan), r, MIN_N, scale=(1, 7)) == []
    # planted: the unit's mean of statement 3 after all; the audit names it and what pins it
    leak = [*_family(plan), {"report": "a.html", "variable": "3", "group": {"wave": ["w"], "unit": ["A"]},
                             "statistic": "mean"}]
    found = audit(leak, r, MIN_N, scale=(1, 7))
    assert len(found) == 1 and len(found[0].members) == 5
    assert "every answer is 7" in found[0].sentence() and "a.html" in found[0].sentence()


def test_a_lone_support_person_beside_a_unit_of_ones() -> None:
    """The issue's unit of 6 (5 management + 1 support) showing 1,00 on statement 5."""
    units = [("A", [("management", {5: 1}) for _ in range(5)] + [("support", {5: 1})]),
             ("B", [("management", _varied(k, 5)[5] and {5: 2 + k % 5}) for k in range(7)])]
    r = _study(units)
    plan = plan_run(r, MIN_N, scale=(1, 7))
    assert not plan.allows(5, {"wave": "w", "unit": "A"})
    assert audit(_family(plan), r, MIN_N, scale=(1, 7)) == []


def test_the_hidden_remainder_of_all_units_is_not_all_sevens() -> None:
    """The issue's hidden complement: all units minus the shown ones leaves 5 hidden people (two
    units of 2 and one of 1) who all answered 7; the plan hides more or coarsens, and the audit
    of what it allows finds nothing, while putting the hidden-by-the-rule group back is named."""
    units = [("Big1", [("management", {1: 2 + k % 5}) for k in range(9)]),
             ("Big2", [("support", {1: 1 + k % 4}) for k in range(8)]),
             ("Big3", [("management", {1: 3 + k % 3}) for k in range(7)]),
             ("S1", [("management", {1: 7}), ("management", {1: 7})]),
             ("S2", [("support", {1: 7}), ("support", {1: 7})]),
             ("S3", [("management", {1: 7})])]
    r = _study(units)
    plan = plan_run(r, MIN_N, scale=(1, 7))
    family = _family(plan)
    assert audit(family, r, MIN_N, scale=(1, 7)) == []
    shown = [m for m in ("Big1", "Big2", "Big3") if plan.allows(1, {"wave": "w", "unit": m})]
    if plan.allows(1, {"wave": "w"}, distribution=True):  # all units shown with their answers per step
        assert len(shown) < 3, "some big unit must be hidden beside the five sevens"
    # what the old plan published (every big unit and all units, with their answers per step): named
    old = [{"report": "old.html", "variable": "1", "group": {"wave": ["w"], **g}, "statistic": "% 7"}
           for g in ({}, {"unit": ["Big1"]}, {"unit": ["Big2"]}, {"unit": ["Big3"]})]
    found = audit(old, r, MIN_N, scale=(1, 7))
    assert found and any(len(e.members) == 5 and "every answer is 7" in e.sentence() for e in found)


def test_pinned_by_the_mean_alone() -> None:
    assert pinned(np.array([7, 7, 7]), [], 5, 1.0, (1, 7)) != ""
    assert pinned(np.array([6, 7, 7]), [], 5, 1.0, (1, 7)) == ""  # 20 of 21: one could have said 6
    assert pinned(np.array([1, 7, 7, 7]), [1], 5, 1.0) == ""


# --------------------------------------------------------------------------- a brute-force attacker


@st.composite
def tiny_studies(draw: st.DrawFn) -> pd.DataFrame:
    """2-3 units, 0-4 respondents of each role, one statement on a scale of 1..3, answers often alike."""
    rows, rid = [], 0
    for u in range(draw(st.integers(2, 3))):
        for f in PARTS[:2]:
            for _ in range(draw(st.integers(0, 4))):
                rid += 1
                rows.append((rid, "w", f"U{u}", f, 1, draw(st.sampled_from([1, 2, 3, 3, 3]))))
    return pd.DataFrame(rows, columns=["respondent_id", "wave", "unit", "function", "item", "value"])


def _feasible(r: pd.DataFrame, plan, steps: int = 3) -> np.ndarray:  # noqa: ANN001
    """Every answer vector (respondents x 1..steps) that gives the numbers the plan publishes: a
    shown group's count per step (its mean alone when coarsened), its size known."""
    ids = list(r["respondent_id"])
    truth = r["value"].to_numpy()
    grid = np.array(list(itertools.product(range(1, steps + 1), repeat=len(ids))), dtype=np.int8)
    keep = np.ones(len(grid), dtype=bool)
    for key in plan.shown:
        variable, group = json.loads(key)
        if variable == RESPONDENTS:
            continue
        mask = np.ones(len(r), dtype=bool)
        for col, vals in group.items():
            mask &= r[col].astype(str).isin(vals).to_numpy()
        if not mask.any():
            continue
        if key in plan.coarse:
            keep &= grid[:, mask].sum(axis=1) == truth[mask].sum()
        else:
            for s in range(1, steps + 1):
                keep &= (grid[:, mask] == s).sum(axis=1) == (truth[mask] == s).sum()
    return grid[keep]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_studies())
def test_no_answer_is_pinned_by_what_the_plan_publishes(r: pd.DataFrame) -> None:
    """Trying every answer of every respondent against everything the plan publishes: every
    respondent keeps two answers a step apart, and every cell (unit and role) of fewer than
    ``min_n`` keeps a mean at least a step wide."""
    if r.empty or len(r) > 11:
        return
    plan = plan_run(r, MIN_N, scale=(1, 3))
    assert audit(_family(plan), r, MIN_N, scale=(1, 3)) == [], "the plan passes its own audit (exact intervals too)"
    feasible = _feasible(r, plan)
    assert len(feasible)  # the truth itself
    lo, hi = feasible.min(axis=0), feasible.max(axis=0)
    assert (hi - lo >= 1 - 1e-9).all(), f"pinned: {r.assign(lo=lo, hi=hi)}"
    for _, cell in r.groupby(["unit", "function"]):
        idx = [r.index.get_loc(i) for i in cell.index]
        if 0 < len(idx) < MIN_N:
            means = feasible[:, idx].mean(axis=1)
            assert means.max() - means.min() >= 1 - 1e-9, \
                f"the mean of {len(idx)} in {cell.iloc[0]['unit']} pinned"
