"""tuffkit.spc against hand-computed cases, an independent binomial computation and
properties of the runs analysis."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from tuffkit.spc import SUMMARY_COLUMNS, SpcError, qic, runs_analysis, runs_limits


def series(values, n=None) -> pd.DataFrame:
    d = pd.DataFrame({"t": np.arange(1, len(values) + 1), "y": values})
    if n is not None:
        d["n"] = n
    return d


def binom_quantile_by_hand(p: float, size: int) -> int:
    """The smallest x with P(X <= x) >= p for X ~ Binomial(size, 1/2), by summing math.comb."""
    total, x = 0, -1
    while total / 2**size < p:
        x += 1
        total += math.comb(size, x)
    return x


@pytest.mark.parametrize("n_useful", range(10, 101))
def test_runs_limits_for_10_to_100_points(n_useful: int) -> None:
    longest_max, crossings_min = runs_limits(n_useful)
    assert crossings_min == binom_quantile_by_hand(0.05, n_useful - 1) == int(stats.binom.ppf(0.05, n_useful - 1, .5))
    assert longest_max == int(np.floor(np.log2(n_useful) + 0.5)) + 3


def test_runs_limits_published_values() -> None:
    # Anhøj & Olesen (2014), table of limits: 10 -> 6 / 2, 20 -> 7 / 6, 24 -> 8 / 8, 30 -> 8 / 10
    assert [runs_limits(k) for k in (10, 20, 24, 30)] == [(6, 2), (7, 6), (8, 8), (8, 10)]


def test_an_unusually_long_run_is_a_signal() -> None:
    y = [1, 3, 1, 3, 3, 3, 3, 3, 3, 3]  # 10 useful, the last run 7 > 6
    r = runs_analysis(y, cl=2)
    assert (r["n_useful"], r["longest_run"], r["longest_run_max"], r["runs_signal"]) == (10, 7, 6, True)


def test_unusually_few_crossings_are_a_signal() -> None:
    y = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3]  # 1 crossing < 2, longest run 5 <= 6
    r = runs_analysis(y, cl=2)
    assert (r["longest_run"], r["n_crossings"], r["n_crossings_min"], r["runs_signal"]) == (5, 1, 2, True)


def test_random_looking_data_gives_no_signal() -> None:
    r = runs_analysis([1, 3, 3, 1, 3, 1, 1, 3, 1, 3], cl=2)
    assert (r["longest_run"], r["n_crossings"], r["runs_signal"]) == (2, 7, False)


def test_points_on_the_centre_line_neither_break_nor_extend_a_run() -> None:
    r = runs_analysis([1, 1, 2, 1, 1, 3, 2, 3], cl=2)
    assert (r["n_useful"], r["longest_run"], r["n_crossings"]) == (6, 4, 1)
    assert runs_analysis([np.nan, 1, 3], cl=2)["n_useful"] == 2


def test_run_chart_centre_line_is_the_median_per_part() -> None:
    y = [3, 5, 4, 6, 5, 9, 10, 11, 9, 12]
    res = qic(series(y), x="t", y="y", part=5)
    assert res.summary["cl"].tolist() == [5.0, 10.0]
    assert res.summary["n_obs"].tolist() == [5, 5]
    assert res.summary["n_useful"].tolist() == [3, 4], "the points on the median are not useful (5 twice)"
    assert list(res.summary.columns) == SUMMARY_COLUMNS
    assert res.frame["lcl"].isna().all()


def test_freeze_takes_the_centre_line_from_the_baseline() -> None:
    y = [3, 5, 4, 6, 5, 9, 10, 11, 9, 12, 10, 11]
    res = qic(series(y), x="t", y="y", freeze=5)
    assert res.summary["cl"].tolist() == [5.0]
    r = res.summary.iloc[0]
    # around 5: below 3 4, above 6 9 10 11 9 12 10 11 -> useful 10, runs: - + - + (8) -> longest 8 > 6
    assert (r["n_useful"], r["longest_run"], r["runs_signal"]) == (10, 8, True)
    assert res.frame["baseline"].tolist() == [True] * 5 + [False] * 7


def test_i_chart_by_hand() -> None:
    res = qic(series([10, 12, 11, 13, 12]), x="t", y="y", chart="i")
    r = res.summary.iloc[0]
    sigma = 1.5 / 1.128  # moving ranges 2 1 2 1
    assert r["cl"] == pytest.approx(11.6)
    assert (r["lcl"], r["ucl"]) == pytest.approx((11.6 - 3 * sigma, 11.6 + 3 * sigma))


def test_i_chart_screens_out_large_moving_ranges() -> None:
    y = [10, 11, 10, 11, 10, 11, 40]  # moving ranges 1 x5 and 29: mean 5.67, limit 18.5 -> 29 removed
    r = qic(series(y), x="t", y="y", chart="i").summary.iloc[0]
    cl = sum(y) / 7
    assert r["ucl"] == pytest.approx(cl + 3 * 1 / 1.128)
    assert r["sigma_signal"] == 7  # cl 14.7 +- 2.66: the 40 above, and every 10 and 11 below


def test_c_chart_by_hand() -> None:
    y = [4, 6, 5, 7, 3, 5, 6, 4, 5, 6, 14, 5]
    res = qic(series(y), x="t", y="y", chart="c")
    cl = 70 / 12
    r = res.summary.iloc[0]
    assert (r["cl"], r["ucl"], r["lcl"]) == pytest.approx((cl, cl + 3 * math.sqrt(cl), 0.0))
    assert res.frame["sigma_signal"].tolist() == [False] * 10 + [True, False]


def test_p_chart_limits_vary_with_the_denominator_and_stay_in_0_1() -> None:
    res = qic(series([5, 10, 3], n=[50, 100, 40]), x="t", y="y", n="n", chart="p")
    cl = 18 / 190
    f = res.frame
    assert f["cl"].tolist() == pytest.approx([cl] * 3)
    for k, size in enumerate([50, 100, 40]):
        s = math.sqrt(cl * (1 - cl) / size)
        assert f["ucl"][k] == pytest.approx(cl + 3 * s) and f["lcl"][k] == pytest.approx(max(0, cl - 3 * s))
    assert res.summary["ucl"].iloc[0] == pytest.approx(f["ucl"].mean()), "the average of varying limits"
    high = qic(series([9, 10, 9], n=[10, 10, 10]), x="t", y="y", n="n", chart="p").frame
    assert (high["ucl"] == 1).all()


def test_u_chart_by_hand_and_multiply() -> None:
    res = qic(series([2, 6, 4], n=[10, 20, 10]), x="t", y="y", n="n", chart="u", multiply=100)
    f = res.frame
    assert f["y"].tolist() == pytest.approx([20, 30, 40])
    assert f["cl"].iloc[0] == pytest.approx(30)
    assert f["ucl"].iloc[0] == pytest.approx(100 * (0.3 + 3 * math.sqrt(0.3 / 10)))
    assert f["lcl"].iloc[0] == 0


def test_parts_by_label_column_and_several_rows_per_x() -> None:
    d = pd.DataFrame({"t": [1, 1, 2, 3, 4, 5, 6], "y": [2, 4, 3, 5, 9, 10, 11],
                      "phase": ["före", "före", "före", "före", "efter", "efter", "efter"]})
    res = qic(d, x="t", y="y", part="phase")
    assert res.frame["y"].tolist()[0] == 3.0, "two rows at t=1 averaged"
    assert res.summary["cl"].tolist() == [3.0, 10.0]


@pytest.mark.parametrize("kwargs, message", [
    ({"chart": "bar"}, "chart must be one of"),
    ({"chart": "p"}, "needs the denominator"),
    ({"freeze": 20}, "freeze must be"),
    ({"part": [0]}, "part: the points"),
    ({"y": "nope"}, "no column 'nope'"),
])
def test_bad_arguments_are_one_sentence(kwargs, message) -> None:
    args = {"x": "t", "y": "y", **kwargs}
    with pytest.raises(SpcError, match=message):
        qic(series([1, 2, 3, 4]), **args)


values = st.lists(st.integers(min_value=0, max_value=6), min_size=2, max_size=60)


@given(values)
def test_reversing_a_series_keeps_its_runs_and_crossings(y) -> None:
    a, b = runs_analysis(y, cl=3), runs_analysis(y[::-1], cl=3)
    assert a == b


@given(values, st.integers(min_value=0, max_value=60))
def test_a_point_on_the_centre_line_changes_nothing(y, at) -> None:
    at = at % (len(y) + 1)
    assert runs_analysis(y[:at] + [3] + y[at:], cl=3) == runs_analysis(y, cl=3)
    # and in a run chart, where the centre line is the median: a point at the median keeps it
    med = float(np.median(y))
    s1 = qic(series(y), x="t", y="y").summary
    s2 = qic(series(y[:at] + [med] + y[at:]), x="t", y="y").summary
    cols = ["n_useful", "longest_run", "n_crossings", "runs_signal", "cl"]
    assert s1[cols].equals(s2[cols])


def test_p_chart_refuses_a_count_above_its_denominator_and_an_empty_baseline() -> None:
    with pytest.raises(SpcError, match="at point 2 the count 'y' exceeds the denominator"):
        qic(series([1, 12, 3], n=[10, 10, 10]), x="t", y="y", n="n", chart="p")
    with pytest.raises(SpcError, match="every baseline point is excluded"):
        qic(series([1, 2, 3, 4]), x="t", y="y", freeze=2, exclude=[1, 2])


def test_c_chart_sums_the_counts_of_each_subgroup() -> None:
    """Several rows per x (e.g. wards per month): qicharts2 charts each month's total count with
    Poisson limits, not the mean per row with limits sqrt(k) too wide."""
    months = [m for m in range(1, 9) for _ in range(3)]
    counts = [1, 0, 2, 3, 1, 0, 0, 0, 1, 2, 2, 2, 1, 1, 0, 4, 3, 2, 0, 1, 1, 2, 0, 0]
    res = qic(pd.DataFrame({"m": months, "y": counts}), x="m", y="y", chart="c")
    sums = [sum(counts[3 * k: 3 * k + 3]) for k in range(8)]
    assert res.frame["y"].tolist() == sums
    cl = sum(sums) / 8
    r = res.summary.iloc[0]
    assert (r["cl"], r["ucl"]) == pytest.approx((cl, cl + 3 * math.sqrt(cl)))


def test_c_chart_ignores_a_denominator_with_a_warning_as_qicharts2() -> None:
    y, n = [4, 6, 5, 7, 3, 5], [100, 120, 90, 110, 100, 95]
    with pytest.warns(UserWarning, match="chart='u'"):
        with_n = qic(series(y, n=n), x="t", y="y", n="n", chart="c")
    without = qic(series(y), x="t", y="y", chart="c")
    pd.testing.assert_frame_equal(with_n.summary, without.summary)
    assert with_n.frame["y"].tolist() == y


def test_mr_chart_by_hand_as_qicharts2() -> None:
    """qicharts2's qic.mr: the moving ranges (none for the first point), centre line their mean,
    upper limit 3.267 x it, the 2-sigma line (3.267 / 3) x 2 x it, no runs signal."""
    res = qic(series([10, 12, 11, 15, 14, 30]), x="t", y="y", chart="mr")
    f = res.frame
    assert np.isnan(f["y"].iloc[0]) and f["y"].iloc[1:].tolist() == [2, 1, 4, 1, 16]
    cl = (2 + 1 + 4 + 1 + 16) / 5
    assert f["cl"].iloc[0] == pytest.approx(cl) and f["ucl"].iloc[1] == pytest.approx(3.267 * cl)
    assert f["ucl_95"].iloc[1] == pytest.approx(3.267 / 3 * 2 * cl) and (f["lcl"].iloc[1:] == 0).all()
    assert f["sigma_signal"].tolist() == [False] * 5 + [True]  # 16 > 15.68
    assert not res.summary["runs_signal"].any()


def test_two_sigma_lines_and_a_known_centre_line() -> None:
    y = [10, 11, 10, 11, 10, 11, 12]
    i = qic(series(y), x="t", y="y", chart="i").frame
    s = (i["ucl"] - i["cl"]) / 3
    assert (i["ucl_95"] - i["cl"]).tolist() == pytest.approx((2 * s).tolist())
    assert (i["cl"] - i["lcl_95"]).tolist() == pytest.approx((2 * s).tolist())
    known = qic(series(y), x="t", y="y", chart="i", cl=10).frame
    assert (known["cl"] == 10).all() and (known["ucl"] - known["cl"]).tolist() == pytest.approx((3 * s).tolist())
    c = qic(series([1, 0, 2, 1]), x="t", y="y", chart="c").frame
    assert (c["lcl_95"] == 0).all() and c["ucl_95"].iloc[0] == pytest.approx(1 + 2 * 1)  # cl 1, sigma 1
    p = qic(series([9, 10, 9], n=[10, 10, 10]), x="t", y="y", n="n", chart="p").frame
    assert (p["ucl_95"] <= 1).all()
    assert qic(series(y), x="t", y="y", chart="run", cl=10.5).summary["cl"].iloc[0] == 10.5
    with pytest.raises(SpcError, match="cl must be a number"):
        qic(series(y), x="t", y="y", chart="i", cl="ten")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=4, max_size=30), st.integers(-20, 20))
def test_a_constant_shift_moves_i_lines_and_leaves_mr_alone(values: list[int], shift: int) -> None:
    base_i = qic(series(values), x="t", y="y", chart="i")
    moved_i = qic(series([v + shift for v in values]), x="t", y="y", chart="i")
    for col in ("cl", "lcl", "ucl", "lcl_95", "ucl_95"):
        np.testing.assert_allclose(moved_i.frame[col], base_i.frame[col] + shift, atol=1e-9)
    assert moved_i.frame["sigma_signal"].tolist() == base_i.frame["sigma_signal"].tolist()
    assert moved_i.frame["runs_signal"].tolist() == base_i.frame["runs_signal"].tolist()
    base_mr = qic(series(values), x="t", y="y", chart="mr").frame
    moved_mr = qic(series([v + shift for v in values]), x="t", y="y", chart="mr").frame
    pd.testing.assert_frame_equal(moved_mr.drop(columns="x"), base_mr.drop(columns="x"))


def test_agg_fun_y_neg_and_target_as_qicharts2() -> None:
    d = pd.DataFrame({"t": [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], "y": [1, 2, 9, 2, 2, 2, 3, 4, 8, 1, 1, 7],
                      "goal": [5] * 12})
    for fun, expect in (("mean", [4, 2, 5, 3]), ("median", [2, 2, 4, 1]), ("sum", [12, 6, 15, 9])):
        assert qic(d, x="t", y="y", chart="run", agg_fun=fun).frame["y"].tolist() == expect
    sd = qic(d, x="t", y="y", chart="run", agg_fun="sd").frame["y"]
    assert sd.tolist() == pytest.approx(d.groupby("t")["y"].std().tolist())
    with pytest.raises(SpcError, match="agg_fun must be"):
        qic(d, x="t", y="y", agg_fun="max")
    low = series([1, 9, 1, 9, 1, 9])  # an I chart whose lower limit falls below zero
    assert (qic(low, x="t", y="y", chart="i").frame["lcl"] < 0).all()
    clipped = qic(low, x="t", y="y", chart="i", y_neg=False).frame
    assert (clipped["lcl"] == 0).all() and (clipped["lcl_95"] >= 0).all()
    assert (qic(d, x="t", y="y", chart="i", target=4.5).frame["target"] == 4.5).all()
    assert (qic(d, x="t", y="y", chart="i", target="goal", multiply=10).frame["target"] == 5).all()
