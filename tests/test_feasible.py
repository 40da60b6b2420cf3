"""The exact feasibility intervals (:mod:`tuffkit.feasible`) against brute force: on small random
studies, every possible answer of every respondent is tried against the published figures (means
as printed with two decimals, distributions as counts per step), and the lowest and highest mean
of each named group, and answer of each person, that survive must be what the integer programmes
give."""

from __future__ import annotations

import decimal
import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuffkit.feasible import Figure, Part, intervals

STEPS = (1, 2, 3)


def _printed(x: float) -> float:
    return float(decimal.Decimal(repr(float(x))).quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP))


def _facts(x: dict[int, int], figures: list[Figure]) -> tuple:
    out = []
    for f in figures:
        vals = [x[m] for m in sorted(f.members)]
        if f.kind == "mean":
            out.append(_printed(sum(vals) / len(vals)))
        else:
            out.append(tuple(vals.count(s) for s in STEPS))
    return tuple(out)


@st.composite
def studies(draw: st.DrawFn) -> tuple[dict[int, int], list[Figure], list[Part]]:
    n = draw(st.integers(3, 7))
    values = {i: draw(st.sampled_from(STEPS)) for i in range(n)}
    people = list(range(n))
    figures = []
    for _ in range(draw(st.integers(1, 4))):
        members = draw(st.sets(st.sampled_from(people), min_size=2, max_size=n))
        figures.append(Figure(frozenset(members), draw(st.sampled_from(["mean", "mean", "distribution"]))))
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        members = draw(st.sets(st.sampled_from(people), min_size=1, max_size=min(4, n)))
        parts.append(Part(frozenset(members), "group"))
    who = draw(st.sampled_from(people))
    parts.append(Part(frozenset({who}), "person", person=True))
    return values, figures, parts


def _brute(values: dict[int, int], figures: list[Figure], parts: list[Part]) -> list[tuple[float, float]]:
    ids = sorted(values)
    truth = _facts(values, figures)
    possible = [set() for _ in parts]
    for combo in itertools.product(STEPS, repeat=len(ids)):
        x = dict(zip(ids, combo, strict=True))
        if _facts(x, figures) != truth:
            continue
        for k, p in enumerate(parts):
            vals = [x[m] for m in p.members]
            possible[k] |= set(vals) if p.person else {sum(vals) / len(vals)}
    return [(min(s), max(s)) for s in possible]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(studies())
def test_the_intervals_are_those_brute_force_finds(study) -> None:  # noqa: ANN001
    values, figures, parts = study
    got = intervals(values, figures, parts, STEPS, protection=0)
    want = _brute(values, figures, parts)
    assert len(got) == len(want)
    for (part, low, high), (blow, bhigh) in zip(got, want, strict=True):
        assert np.isclose(low, blow) and np.isclose(high, bhigh), (part, (low, high), (blow, bhigh))


def test_the_issue_s_unit_of_five_at_7_00() -> None:
    """4 management + 1 not stated, statement 3 shown as 7,00 for the unit, the split hidden."""
    values = {i: 7 for i in range(5)}
    out = intervals(values, [Figure(frozenset(range(5)), "mean")],
                    [Part(frozenset({4}), "the lone not stated"), Part(frozenset(range(4)), "management")],
                    range(1, 8))
    assert [(lo, hi) for _, lo, hi in out] == [(7.0, 7.0), (7.0, 7.0)]


def test_a_varied_unit_leaves_its_parts_a_step_wide() -> None:
    values = {0: 3, 1: 5, 2: 4, 3: 6, 4: 2, 5: 7}
    out = intervals(values, [Figure(frozenset(range(6)), "mean")], [Part(frozenset({5}), "one")], range(1, 8),
                    protection=1)
    (_, lo, hi), = out
    assert hi - lo >= 1
