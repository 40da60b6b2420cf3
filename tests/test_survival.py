"""Kaplan–Meier medians against R's ``survival::survfit`` itself: 200 random lead-time samples with
ties, censoring, all-censored samples and curves that sit exactly on one half
(tests/fixtures/km/README.md says how they were made)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tuffkit.errors import TuffkitError
from tuffkit.survival import curve_quantile, km_median

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "km"


def _same(got: float, expected: float) -> bool:
    return (np.isnan(got) and np.isnan(expected)) or abs(got - expected) <= 1e-6


def test_the_median_and_its_interval_equal_survfit() -> None:
    times = pd.read_csv(FIXTURES / "times.csv")
    expected = pd.read_csv(FIXTURES / "expected.csv")
    assert len(expected) >= 200
    kinds = {"censored": 0, "flat_half": 0, "no_median": 0}
    for r in expected.itertuples():
        g = times[times["case"] == r.case]
        log, loglog = km_median(g["time"], g["event"]), km_median(g["time"], g["event"], conf_type="log-log")
        assert (log["n"], log["events"]) == (r.records, r.events), r.case
        for name, got, want in (("median", log["median"], r.median), ("lcl", log["lower"], r.lcl),
                                ("ucl", log["upper"], r.ucl), ("lcl log-log", loglog["lower"], r.lcl_loglog),
                                ("ucl log-log", loglog["upper"], r.ucl_loglog)):
            assert _same(got, want), f"case {r.case}: {name} {got} != survfit's {want}"
        kinds["censored"] += int((g["event"] == 0).any())
        kinds["no_median"] += int(np.isnan(r.median))
        kinds["flat_half"] += int(not np.isnan(r.median) and r.median != np.floor(r.median))
    assert all(v > 0 for v in kinds.values()), f"the fixtures cover every kind of curve: {kinds}"


def test_a_curve_on_one_half_takes_the_midpoint() -> None:
    assert curve_quantile(np.array([5.0, 9.0, 12.0]), np.array([0.75, 0.5, 0.0])) == 10.5
    assert km_median([3, 7], [1, 1])["median"] == 5.0


def test_bad_input_is_refused() -> None:
    with pytest.raises(TuffkitError, match="not negative"):
        km_median([-1, 2], [1, 1])
    with pytest.raises(TuffkitError, match="conf_type"):
        km_median([1, 2], [1, 1], conf_type="plain")
