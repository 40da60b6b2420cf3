"""Exact feasibility intervals: what everything published together leaves possible for a small group.

The disclosure rule as an interval (issue 23): for every group of fewer than ``min_n`` people
that an attacker can name, and for every single person, the values its mean (their answer) can
take *given every published number together* must stay at least ``protection`` scale steps
apart. "Every published number" here is: each group's size (the attacker is assumed to know
them all), each published mean at the precision the reports print it (two decimals: the true
sum lies within ``n * 0.005`` of ``n`` times the printed mean), and each published distribution
as exact counts per scale step (a bar chart read to the person). Answers are whole steps.

The unknowns are, for every *cell* (respondents no published figure tells apart: the same wave,
unit, role and membership in every published group), how many answered each step: integers
``c[cell, step] >= 0`` summing to the cell's size. Each published figure is a linear constraint
on them; a group's sum is linear too. Its interval is a pair of integer programmes (minimum and
maximum), solved with HiGHS through :func:`scipy.optimize.milp`. A pool of feasible answers
(the true ones first, then every optimum found) settles most groups without a solve: two
feasible answers whose means lie ``protection`` apart already show the interval wide enough.

:func:`intervals` is checked against brute force (every possible answer of every respondent) on
small random studies in ``tests/test_feasible.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Figure", "Part", "intervals", "MEAN_HALF_WIDTH"]

#: half the last printed decimal of a mean (the reports print two decimals)
MEAN_HALF_WIDTH = 0.005


@dataclass(frozen=True)
class Figure:
    """A published figure about a set of respondents: its mean (``kind="mean"``) or its answers
    per step (``kind="distribution"``); ``label`` names it for the reader of the audit."""

    members: frozenset
    kind: str
    label: str = ""


@dataclass(frozen=True)
class Part:
    """A group the attacker can name (a cell of fewer than min_n, a small unit, what is left of a
    published group beside those inside it), or one person (``person=True``: the group is the
    cell the person is in, and the interval is of any one member's answer)."""

    members: frozenset
    label: str
    person: bool = False


def intervals(values: Mapping[int, float], figures: Sequence[Figure], parts: Sequence[Part],
              steps: Sequence[float], protection: float = 1.0,
              cells: Mapping[int, str] | None = None,
              pool: list[dict[int, float]] | None = None) -> list[tuple[Part, float, float]]:
    """For each of ``parts``, the lowest and highest mean (for a person: answer) that the
    ``figures`` leave possible, or, when ``protection`` is given, at least enough of the interval
    to show it is ``protection`` wide (a part whose interval is narrower gets its exact one).

    Parameters
    ----------
    values
        The true answer of every respondent the figures are about (id -> step).
    figures
        What is published.
    parts
        The groups to bound.
    steps
        The scale's steps (e.g. 1..7).
    protection
        The width that is enough; 0 computes every interval exactly.
    cells
        Each respondent's wave/unit/role cell (id -> text): respondents of different cells are
        never told apart even when the figures treat them alike (None: the figures alone).
    pool
        Answers known to be possible (id -> step; the true answer where one is missing), used to
        see intervals wide enough without a programme, and extended with every answer found here
        (a caller that then publishes less may pass it again: what was possible stays possible).
        Those that break a figure given here are skipped.

    Returns
    -------
    list of (part, low, high)

    Examples
    --------
    Five people whose mean is shown as 7,00 and four of them as 7,00 too: the fifth answered 7.

    >>> v = {i: 7 for i in range(5)}
    >>> f = [Figure(frozenset(range(5)), "mean"), Figure(frozenset(range(4)), "mean")]
    >>> [(p.label, lo, hi) for p, lo, hi in intervals(v, f, [Part(frozenset({4}), "the fifth")], range(1, 8))]
    [('the fifth', 7.0, 7.0)]
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    steps = np.asarray(list(steps), dtype=float)
    members = sorted(set().union(*(f.members for f in figures), *(p.members for p in parts)) & set(values))
    # the cells: same membership in every figure and the same wave/unit/role
    sig: dict[int, tuple] = {m: (str((cells or {}).get(m, "")),) for m in members}
    for k, f in enumerate(figures):
        for m in f.members:
            if m in sig:
                sig[m] += (k,)
    for k, p in enumerate(parts):  # a named part is a union of cells
        for m in p.members:
            if m in sig:
                sig[m] += (("p", k),)
    keys = sorted(set(sig.values()), key=repr)
    position = {k: i for i, k in enumerate(keys)}
    cell_of = {m: position[sig[m]] for m in members}
    ncell, nstep = len(keys), len(steps)
    size = np.zeros(ncell, dtype=int)
    truth = np.zeros((ncell, nstep))
    step_index = {float(s): j for j, s in enumerate(steps)}
    for m in members:
        size[cell_of[m]] += 1
        truth[cell_of[m], step_index[float(values[m])]] += 1
    nvar = ncell * nstep
    r_idx: list[int] = []  # the constraints as a sparse matrix: row, column, coefficient
    c_idx: list[int] = []
    coef: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def row(cols: list[int], vals: Sequence[float], low: float, high: float) -> None:
        r_idx.extend([len(lo)] * len(cols))
        c_idx.extend(cols)
        coef.extend(vals)
        lo.append(low)
        hi.append(high)

    for c in range(ncell):  # every cell's counts add up to its size
        row(list(range(c * nstep, (c + 1) * nstep)), [1.0] * nstep, size[c], size[c])
    for f in figures:
        inside = sorted({cell_of[m] for m in f.members if m in cell_of})
        if not inside:
            continue
        if f.kind == "distribution":
            for j in range(nstep):
                count = float(truth[inside, j].sum())
                row([c * nstep + j for c in inside], [1.0] * len(inside), count, count)
        else:
            n = float(size[inside].sum())
            printed = _half_up(float((truth[inside] * steps).sum()) / n)
            row([c * nstep + j for c in inside for j in range(nstep)], list(steps) * len(inside),
                n * (printed - MEAN_HALF_WIDTH) - 1e-9, n * (printed + MEAN_HALF_WIDTH) + 1e-9)
    from scipy.sparse import csr_array

    matrix = csr_array((coef, (r_idx, c_idx)), shape=(len(lo), nvar))
    lower, upper = np.array(lo), np.array(hi)
    cons = LinearConstraint(matrix, lower, upper)
    members_of: list[list[int]] = [[] for _ in range(ncell)]
    for m in members:
        members_of[cell_of[m]].append(m)
    shared = pool
    found = [truth.reshape(-1)]
    cell_array = np.array([cell_of[m] for m in members], dtype=np.int64)
    for sol in (shared or [])[-12:]:  # the latest: the answers found under the figures most like these
        x = np.zeros((ncell, nstep))
        np.add.at(x, (cell_array, [step_index[float(sol.get(m, values[m]))] for m in members]), 1)
        x = x.reshape(-1)
        if np.all(matrix @ x >= lower - 1e-7) and np.all(matrix @ x <= upper + 1e-7):
            found.append(x)

    class _Pool(list):
        """The feasible answers as cell counts; each one found is also given back as answers."""

        def append(self, x: np.ndarray) -> None:
            super().append(x)
            if shared is not None:
                sol: dict[int, float] = {}
                counts = np.round(x).reshape(ncell, nstep).astype(int)
                for c, ms in enumerate(members_of):
                    answers = np.repeat(steps, counts[c])
                    sol.update(zip(ms, answers.tolist(), strict=True))
                shared.append(sol)

    pool = _Pool(found)
    integrality = np.ones(nvar)
    bounds = Bounds(np.zeros(nvar), np.repeat(size, nstep).astype(float))
    if protection and len(parts) > 4 and len(pool) < 4:
        # a few far-apart feasible answers first (every cell pushed up or down at random, with a fixed
        # seed): most parts' intervals are then seen wide enough without a programme of their own
        rng = np.random.default_rng(0)
        for _ in range(2):
            weights = np.repeat(rng.normal(size=ncell), nstep) * np.tile(steps, ncell)
            for sign in (1.0, -1.0):
                res = milp(sign * weights, constraints=cons, integrality=integrality, bounds=bounds)
                if res.status == 0:
                    pool.append(np.round(res.x))
    out = []
    for p in parts:
        inside = sorted({cell_of[m] for m in p.members if m in cell_of})
        if not inside:
            continue
        n = float(size[inside].sum())
        if p.person:
            out.append((p, *_person(inside, pool, cons, bounds, ncell, nstep, steps, protection)))
            continue
        objective = np.zeros(nvar)
        for c in inside:
            objective[c * nstep:(c + 1) * nstep] = steps / n
        seen = [float(objective @ x) for x in pool]
        low, high = min(seen), max(seen)
        if protection and high - low >= protection - 1e-9:
            out.append((p, low, high))
            continue
        for sign in (1.0, -1.0):
            res = milp(sign * objective, constraints=cons, integrality=integrality, bounds=bounds)
            if res.status != 0:  # pragma: no cover - the truth is always feasible
                raise RuntimeError(f"the feasibility programme for {p.label} did not solve: {res.message}")
            pool.append(np.round(res.x))
            value = float(objective @ np.round(res.x))
            low, high = min(low, value), max(high, value)
            if protection and high - low >= protection - 1e-9:
                break
        out.append((p, low, high))
    return out


def _person(inside: list[int], pool: list[np.ndarray], cons, bounds, ncell: int, nstep: int,  # noqa: ANN001
            steps: np.ndarray, protection: float) -> tuple[float, float]:
    """The lowest and highest step any member of the cells ``inside`` can have answered: an
    integer programme with a binary per step that is 1 only where the cells' count is positive."""
    from scipy.optimize import LinearConstraint, milp

    counts = np.asarray(pool).reshape(len(pool), ncell, nstep)[:, inside, :].sum(axis=(0, 1))
    seen = steps[counts > 0.5]
    low, high = float(seen.min()), float(seen.max())
    if protection and high - low >= protection - 1e-9:
        return low, high
    nvar = ncell * nstep
    # x (counts) then w (one step chosen, only where the cells have someone at it)
    a = np.zeros((nstep + 1, nvar + nstep))
    for j in range(nstep):
        a[j, [c * nstep + j for c in inside]] = -1
        a[j, nvar + j] = 1  # w_j <= count_j
    a[nstep, nvar:] = 1  # one step chosen
    extra = LinearConstraint(a, np.r_[np.full(nstep, -np.inf), 1.0], np.r_[np.zeros(nstep), 1.0])
    from scipy.sparse import csr_array, hstack

    old = LinearConstraint(hstack([csr_array(cons.A), csr_array((cons.A.shape[0], nstep))]).tocsr(), cons.lb,
                           cons.ub)
    from scipy.optimize import Bounds

    b = Bounds(np.r_[bounds.lb, np.zeros(nstep)], np.r_[bounds.ub, np.ones(nstep)])
    for sign in (1.0, -1.0):
        c = np.r_[np.zeros(nvar), sign * steps]
        res = milp(c, constraints=[old, extra], integrality=np.ones(nvar + nstep), bounds=b)
        if res.status != 0:  # pragma: no cover - the truth is always feasible
            raise RuntimeError(f"the feasibility programme did not solve: {res.message}")
        x = np.round(res.x[:nvar])
        pool.append(x)
        value = float(steps @ np.round(res.x[nvar:]))
        low, high = min(low, value), max(high, value)
    return low, high


def _half_up(x: float, decimals: int = 2) -> float:
    """``x`` as the reports print it: half up on the decimal the number prints as."""
    import decimal

    q = decimal.Decimal(1).scaleb(-decimals)
    return float(decimal.Decimal(repr(float(x))).quantize(q, rounding=decimal.ROUND_HALF_UP))
