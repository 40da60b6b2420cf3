"""The charts issue 15 added (xbar, s, t, g, pp, up), facets, x_period, notes and the verdicts,
against hand computations and Montgomery's tables, with hypothesis properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuffkit.spc import SpcError, qic
from tuffkit.spc.limits import a3, b3, b4, c4


def test_the_constants_are_montgomerys_table() -> None:
    """Montgomery (2009), Appendix Table VI, for subgroups of 2 to 10."""
    n = np.arange(2, 11, dtype=float)
    np.testing.assert_allclose(c4(n), [0.7979, 0.8862, 0.9213, 0.9400, 0.9515, 0.9594, 0.9650, 0.9693, 0.9727],
                               atol=5e-5)
    np.testing.assert_allclose(a3(n), [2.659, 1.954, 1.628, 1.427, 1.287, 1.182, 1.099, 1.032, 0.975], atol=5e-4)
    np.testing.assert_allclose(b3(n), [0, 0, 0, 0, 0.030, 0.118, 0.185, 0.239, 0.284], atol=5e-4)
    np.testing.assert_allclose(b4(n), [3.267, 2.568, 2.266, 2.089, 1.970, 1.882, 1.815, 1.761, 1.716], atol=5e-4)


def subgroups(values: list[list[float]]) -> pd.DataFrame:
    return pd.DataFrame([(i + 1, v) for i, g in enumerate(values) for v in g], columns=["t", "y"])


def test_xbar_and_s_by_hand() -> None:
    groups = [[10, 12, 11], [13, 11, 12], [9, 10, 11], [12, 14, 13], [11, 11, 14]]
    d = subgroups(groups)
    means = np.array([np.mean(g) for g in groups])
    sds = np.array([np.std(g, ddof=1) for g in groups])
    xbar = qic(d, x="t", y="y", chart="xbar")
    assert xbar.frame["y"].tolist() == pytest.approx(means)
    cl, sbar = means.mean(), sds.mean()  # one subgroup size: the mean SD
    assert xbar.frame["cl"].iloc[0] == pytest.approx(cl)
    assert xbar.frame["ucl"].iloc[0] == pytest.approx(cl + 1.954 * sbar, abs=2e-3)
    assert xbar.frame["lcl"].iloc[0] == pytest.approx(cl - 1.954 * sbar, abs=2e-3)
    s = qic(d, x="t", y="y", chart="s")
    assert s.frame["y"].tolist() == pytest.approx(sds)
    assert s.frame["cl"].iloc[0] == pytest.approx(sbar)
    assert s.frame["ucl"].iloc[0] == pytest.approx(2.568 * sbar, abs=2e-3) and s.frame["lcl"].iloc[0] == 0


def test_xbar_with_varying_subgroup_sizes_pools_the_sd() -> None:
    groups = [[10, 12, 11, 13], [13, 11], [9, 10, 11], [12, 14, 13, 12, 15]]
    res = qic(subgroups(groups), x="t", y="y", chart="xbar")
    k = np.array([len(g) for g in groups])
    pooled = np.sqrt(sum((len(g) - 1) * np.var(g, ddof=1) for g in groups) / (k - 1).sum())
    cl = sum(sum(g) for g in groups) / k.sum()
    assert res.frame["cl"].iloc[0] == pytest.approx(cl)
    np.testing.assert_allclose(res.frame["ucl"], cl + a3(k) * pooled)


def test_t_chart_is_an_i_chart_of_the_transformed_times() -> None:
    days = [12.0, 30, 7, 45, 22, 16, 60, 9, 25, 33, 14, 40]
    res = qic(pd.DataFrame({"event": range(1, 13), "days": days}), x="event", y="days", chart="t")
    tr = np.array(days) ** (1 / 3.6)
    i = qic(pd.DataFrame({"e": range(1, 13), "y": tr}), x="e", y="y", chart="i").frame
    np.testing.assert_allclose(res.frame["cl"], i["cl"] ** 3.6)
    np.testing.assert_allclose(res.frame["ucl"], i["ucl"] ** 3.6)
    np.testing.assert_allclose(res.frame["lcl"], np.where(i["lcl"] < 0, 0, i["lcl"] ** 3.6))
    assert res.frame["y"].tolist() == pytest.approx(days)
    with pytest.raises(SpcError, match="greater than zero"):
        qic(pd.DataFrame({"e": [1, 2, 3], "y": [3, 0, 4]}), x="e", y="y", chart="t")


def test_g_chart_limits_from_the_mean_centre_line_the_median() -> None:
    between = [5, 12, 0, 30, 8, 3, 22, 15, 9, 41, 2, 17]
    res = qic(pd.DataFrame({"fall": range(1, 13), "days": between}), x="fall", y="days", chart="g")
    m = np.mean(between)
    assert res.frame["cl"].iloc[0] == np.median(between)
    assert res.frame["ucl"].iloc[0] == pytest.approx(m + 3 * np.sqrt(m * (m + 1)))
    assert res.frame["lcl"].iloc[0] == 0
    known = qic(pd.DataFrame({"f": range(1, 13), "d": between}), x="f", y="d", chart="g", cl=10)
    assert known.frame["cl"].iloc[0] == pytest.approx(6.93)
    assert known.frame["ucl"].iloc[0] == pytest.approx(10 + 3 * np.sqrt(110))


def test_laneys_p_prime_by_hand() -> None:
    y = np.array([1200, 1350, 1100, 1500, 1280, 1330, 1250, 1420, 1180, 1300])
    n = np.array([10000, 10500, 9800, 11000, 10200, 10400, 9900, 10800, 10100, 10300])
    res = qic(pd.DataFrame({"t": range(1, 11), "y": y, "n": n}), x="t", y="y", n="n", chart="pp")
    p = y.sum() / n.sum()
    s = np.sqrt(p * (1 - p) / n)
    z = (y / n - p) / s
    mr = np.abs(np.diff(z))
    mr = mr[mr < 3.267 * mr.mean()]
    sigma_z = mr.mean() / 1.128
    np.testing.assert_allclose(res.frame["ucl"], p + 3 * s * sigma_z)
    np.testing.assert_allclose(res.frame["lcl"], p - 3 * s * sigma_z)


finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(y=st.lists(st.integers(-500, 500), min_size=8, max_size=40), shift=st.integers(-1000, 1000),
       chart=st.sampled_from(["i", "mr"]))
def test_a_constant_shift_moves_the_lines_and_changes_no_signal(y: list[int], shift: int, chart: str) -> None:
    """Integers, so that y + shift is exact and no point moves across a line by rounding."""
    d = pd.DataFrame({"t": range(len(y)), "y": np.array(y, dtype=float) / 4})
    a = qic(d, x="t", y="y", chart=chart).frame
    b = qic(d.assign(y=d["y"] + shift), x="t", y="y", chart=chart).frame
    moved = 0 if chart == "mr" else shift  # moving ranges do not move
    for col in ("y", "cl", "lcl", "ucl"):
        np.testing.assert_allclose(b[col], a[col] + moved, atol=1e-6)
    assert b["sigma_signal"].tolist() == a["sigma_signal"].tolist()
    assert b["runs_signal"].tolist() == a["runs_signal"].tolist()
    assert b["rules"].tolist() == a["rules"].tolist()


@settings(max_examples=40, deadline=None)
@given(groups=st.lists(st.lists(st.integers(-100, 100), min_size=2, max_size=6), min_size=6, max_size=25),
       shift=st.integers(-1000, 1000))
def test_a_constant_shift_moves_an_xbar_chart_and_leaves_its_s_chart(groups: list[list[int]], shift: int) -> None:
    d = subgroups([[v / 2 for v in g] for g in groups])
    a, b = (qic(e, x="t", y="y", chart="xbar").frame for e in (d, d.assign(y=d["y"] + shift)))
    for col in ("y", "cl", "lcl", "ucl"):
        np.testing.assert_allclose(b[col], a[col] + shift, atol=1e-6)
    assert b["sigma_signal"].tolist() == a["sigma_signal"].tolist()
    assert b["rules"].tolist() == a["rules"].tolist()
    sa, sb = (qic(e, x="t", y="y", chart="s").frame for e in (d, d.assign(y=d["y"] + shift)))
    np.testing.assert_allclose(sb[["y", "cl", "ucl"]], sa[["y", "cl", "ucl"]], atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(data=st.lists(st.tuples(st.integers(0, 50), st.integers(50, 400)), min_size=8, max_size=30),
       k=st.integers(2, 50))
def test_scaling_numerators_and_denominators(data: list[tuple[int, int]], k: int) -> None:
    """A p chart's points and centre line stay and its limits narrow by sqrt(k); Laney's p' chart,
    made for very large denominators, stays the same altogether."""
    d = pd.DataFrame({"t": range(len(data)), "y": [a for a, _ in data], "n": [b for _, b in data]})
    big = d.assign(y=d["y"] * k, n=d["n"] * k)
    p, pk = (qic(e, x="t", y="y", n="n", chart="p").frame for e in (d, big))
    np.testing.assert_allclose(pk[["y", "cl"]], p[["y", "cl"]])
    inside = (p["ucl"] < 1) & (pk["ucl"] < 1)
    np.testing.assert_allclose((pk["ucl"] - pk["cl"])[inside], ((p["ucl"] - p["cl"]) / np.sqrt(k))[inside])
    pp, ppk = (qic(e, x="t", y="y", n="n", chart="pp").frame for e in (d, big))
    np.testing.assert_allclose(ppk[["y", "cl", "lcl", "ucl"]], pp[["y", "cl", "lcl", "ucl"]], atol=1e-12)
    assert ppk["rules"].tolist() == pp["rules"].tolist()


def test_facets_give_what_a_loop_of_single_calls_gives() -> None:
    rng = np.random.default_rng(15)
    rows = [(u, m, t, rng.poisson(20 + 5 * (m == "b")), rng.integers(80, 120))
            for u in ("x", "y", "z") for m in ("a", "b") for t in range(1, 25)]
    d = pd.DataFrame(rows, columns=["unit", "measure", "t", "y", "n"])
    both = qic(d, x="t", y="y", n="n", chart="u", facets=["unit", "measure"], freeze=12, rules="mdc")
    assert both.summary[["unit", "measure"]].drop_duplicates().shape[0] == 6
    for (u, m), g in d.groupby(["unit", "measure"]):
        one = qic(g, x="t", y="y", n="n", chart="u", freeze=12, rules="mdc")
        mine = both.frame[(both.frame["unit"] == u) & (both.frame["measure"] == m)].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine.drop(columns=["unit", "measure"]), one.frame, check_dtype=False)
        summ = both.summary[(both.summary["unit"] == u) & (both.summary["measure"] == m)].reset_index(drop=True)
        pd.testing.assert_frame_equal(summ.drop(columns=["unit", "measure"]), one.summary, check_dtype=False)
    said = both.sentences("en")
    assert len(said) == 6 and list(said.columns) == ["unit", "measure", "part", "sentence"]
    with pytest.raises(SpcError, match="freeze must be a whole number of points from 1 to 10 .*unit=w"):
        qic(pd.concat([d, d[d["unit"] == "x"].head(10).assign(unit="w")]), x="t", y="y", n="n", chart="u",
            facets="unit", freeze=12)


def test_x_period_weeks_start_on_monday_and_notes_are_joined() -> None:
    days = pd.to_datetime(["2024-01-07", "2024-01-08", "2024-01-09", "2024-01-14", "2024-01-15", "2024-02-01"])
    d = pd.DataFrame({"day": days, "y": [1, 2, 3, 4, 5, 6], "note": [None, "ny rutin", "ny rutin", "", "PDSA 2", None]})
    res = qic(d, x="day", y="y", x_period="week", notes="note", agg_fun="sum")
    assert res.frame["x"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-29"]
    assert res.frame["y"].tolist() == [1, 2 + 3 + 4, 5, 6]
    assert res.frame["notes"].tolist() == [None, "ny rutin", "PDSA 2", None]
    month = qic(d, x="day", y="y", x_period="quarter")
    assert month.frame["x"].tolist() == [pd.Timestamp("2024-01-01")] and month.frame["y"].iloc[0] == 3.5
    with pytest.raises(SpcError, match="x_period needs dates"):
        qic(d.assign(day=range(6)), x="day", y="y", x_period="week")


@pytest.mark.parametrize("improvement, target, variation, assurance", [
    ("up", 12, "improvement", "hit_and_miss"),
    ("down", 12, "concern", "hit_and_miss"),
    (None, 12, "high", None),
    ("up", 30, "improvement", "fail"),
    ("down", 30, "concern", "pass"),
    ("up", 1, "improvement", "pass"),
])
def test_variation_and_assurance(improvement, target, variation, assurance) -> None:
    y = [10, 11, 9, 10, 11, 10, 9, 10, 11, 10, 10, 9] + [14, 13, 14, 15, 14, 13, 14, 14]
    res = qic(pd.DataFrame({"t": range(1, 21), "y": y}), x="t", y="y", chart="i", freeze=12,
              improvement=improvement, target=target)
    v = res.verdict.iloc[0]
    assert (v["variation"], v["assurance"]) == (variation, assurance)
    assert v["lcl"] < 12 < v["ucl"] and 30 > v["ucl"] and 1 < v["lcl"], "the targets lie where the cases say"


def test_common_cause_and_a_run_chart_has_no_assurance() -> None:
    y = [10, 11, 9, 10, 11, 10, 9, 10, 11, 10, 10, 9, 11, 10, 9]
    d = pd.DataFrame({"t": range(1, 16), "y": y})
    assert qic(d, x="t", y="y", chart="i", improvement="up", target=5).verdict.loc[0, "variation"] == "common"
    run = qic(d, x="t", y="y", improvement="up", target=5).verdict.iloc[0]
    assert run["variation"] == "common" and run["assurance"] is None
