"""The rule sets on series built by hand to trip exactly one rule (tuffkit.spc.rules), and the
per-point rule names and sentences they give through qic()."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tuffkit.spc import RULE_SETS, qic
from tuffkit.spc.rules import flag

#: 40 points in sigmas around a centre line at 0 that trip no rule of any set (checked below): the
#: sides change every one or two points, no six points rise or fall in a row, three points lie
#: beyond 1 sigma, far apart
QUIET = [0.3, -0.4, -0.2, 0.5, 0.1, -0.6, 0.2, 0.4, -0.3, -0.1, 1.2, -0.5, 0.2, -0.2, 0.35, 0.15, -0.45, 0.05,
         -0.25, 0.45, -1.2, 0.3, 0.25, -0.35, -0.15, 0.4, -0.3, 0.1, 0.2, -0.4, 1.3, -0.2, -0.1, 0.3, 0.2, -0.5,
         0.45, -0.3, -0.2, 0.3]
RUNS_QUIET = {"n_useful": 40, "longest_run_max": 8, "n_crossings": 20, "n_crossings_min": 15}


def fired(z: list[float], rules: str) -> list[str]:
    y = np.asarray(z, dtype=float)
    k = len(y)
    return flag(y, np.zeros(k), y.copy(), np.full(k, -3.0), np.full(k, 3.0), np.ones(k, bool), rules,
                RUNS_QUIET).fired


def with_(at: int, values: list[float]) -> list[float]:
    z = list(QUIET)
    z[at:at + len(values)] = values
    return z


@pytest.mark.parametrize("rules", list(RULE_SETS))
def test_the_quiet_series_trips_nothing(rules: str) -> None:
    assert fired(QUIET, rules) == []


@pytest.mark.parametrize("rules", list(RULE_SETS))
def test_one_point_beyond_3_sigma_is_outside_in_every_set(rules: str) -> None:
    assert fired(with_(12, [3.4]), rules) == ["outside"]


@pytest.mark.parametrize("length, expected", [
    (6, {"mdc": [], "western_electric": [], "nelson": []}),
    (7, {"mdc": ["shift"], "western_electric": [], "nelson": []}),
    (8, {"mdc": ["shift"], "western_electric": ["shift"], "nelson": []}),
    (9, {"mdc": ["shift"], "western_electric": ["shift"], "nelson": ["shift"]}),
])
def test_a_run_on_one_side_trips_each_set_at_its_own_length(length: int, expected: dict) -> None:
    # alternating heights (0.3, 1.1) so that no trend forms and no 15 points hug the line; bounded by
    # points below it
    z = with_(21, [-0.3] + [0.3 if i % 2 else 1.1 for i in range(length)] + [-0.3])
    for rules, rule in expected.items():
        assert fired(z, rules) == rule, rules


@pytest.mark.parametrize("length, expected", [
    (5, {"mdc": [], "nelson": []}),
    (6, {"mdc": [], "nelson": ["trend"]}),
    (7, {"mdc": ["trend"], "nelson": ["trend"]}),
])
def test_a_trend_trips_nelson_at_6_and_mdc_at_7(length: int, expected: dict) -> None:
    # rising across the centre line (one point on it), so no run on one side forms
    rise = list(np.linspace(-0.6, 0.6, length))
    z = with_(21, [0.7, *rise, -0.7])
    for rules, rule in expected.items():
        assert fired(z, rules) == rule, rules
    assert fired(z, "western_electric") == [], "Western Electric has no trend rule"


def test_two_of_three_beyond_2_sigma() -> None:
    z = with_(8, [2.4, 0.2, 2.5])  # on one side; the middle point too (MDC asks for all three)
    assert fired(z, "mdc") == ["two_of_three"]
    assert fired(z, "western_electric") == ["two_of_three"]
    assert fired(z, "nelson") == ["two_of_three"]
    assert fired(z, "anhoej") == []
    other_side = with_(8, [2.4, -0.2, 2.5])
    assert fired(other_side, "mdc") == [], "MDC: the three points on one side of the centre line"
    assert fired(other_side, "western_electric") == ["two_of_three"]
    assert fired(with_(8, [2.4, -0.2, -2.5]), "western_electric") == [], "beyond 2 sigma on different sides"


def test_four_of_five_beyond_1_sigma() -> None:
    z = with_(4, [-0.3, 1.5, 1.2, 0.3, 1.4, 1.1, -0.5])
    assert fired(z, "western_electric") == ["four_of_five"]
    assert fired(z, "nelson") == ["four_of_five"]
    assert fired(z, "mdc") == []


def test_nelson_alternating_hugging_and_avoiding() -> None:
    def zigzag(k: int) -> list[float]:  # k points up and down, a repeated value before and after (no turn)
        p = [1.1 if i % 2 else -0.1 for i in range(k)]
        return [p[0], *p, p[-1]]

    assert fired(with_(11, zigzag(14)), "nelson") == ["alternating"]
    assert fired(with_(11, zigzag(13)), "nelson") == []
    avoiding = with_(11, [1.5 if i % 2 else -1.5 for i in range(8)])
    assert fired(avoiding, "nelson") == ["avoiding"]
    hugging = [0.3 if i % 3 else -0.3 for i in range(15)]  # 15 within 1 sigma, sides changing
    assert fired(hugging, "nelson") == ["hugging"]
    assert fired(hugging[:14], "nelson") == []


def test_missing_and_excluded_points_are_left_out_of_the_rules() -> None:
    y = np.array([0.5, 0.4, np.nan, 0.6, 0.3, 0.5, 0.2, 0.6, -0.4], dtype=float)
    k = len(y)
    f = flag(y, np.zeros(k), y.copy(), np.full(k, -3.0), np.full(k, 3.0), np.ones(k, bool), "mdc")
    assert f.fired == ["shift"] and f.rules[2] == () and all(f.rules[i] == ("shift",) for i in (0, 1, 3, 4, 5, 6, 7))
    use = np.ones(k, bool)
    use[4] = False
    y2 = y.copy()
    y2[4] = 9.0  # excluded: not outside, and the run is 6 long without it
    f = flag(y2, np.zeros(k), y2.copy(), np.full(k, -3.0), np.full(k, 3.0), use, "mdc")
    assert f.fired == []


def test_qic_names_the_rule_per_point_and_says_it() -> None:
    months = pd.date_range("2021-01-01", periods=34, freq="MS")
    y = [9, 11, 8, 12] * 6 + [7] * 10  # the baseline's median is 10; from January 2023 ten points below
    res = qic(pd.DataFrame({"m": months, "y": y}), x="m", y="y", chart="run", freeze=24)
    fr = res.frame
    assert res.summary["signals"].iloc[0] == "run"
    assert fr.loc[fr["rules"] == "run", "x"].min() == pd.Timestamp("2023-01-01")
    assert set(fr.loc[fr["x"] >= "2023-01-01", "rules"]) == {"run"}
    assert set(fr.loc[fr["x"] < "2023-01-01", "rules"]) == {""}
    assert (fr["signal"] == (fr["rules"] != "")).all()
    assert (fr.loc[fr["signal"], "direction"] == -1).all()
    sv = res.sentences("sv")["sentence"].iloc[0]
    en = res.sentences("en")["sentence"].iloc[0]
    assert sv == "10 punkter i rad under mittlinjen från januari 2023: en ihållande förändring."
    assert en == "10 points in a row below the centre line from January 2023: a sustained shift."


def test_too_few_crossings_flags_the_whole_part_and_says_so() -> None:
    y = [1, 2] * 3 + [9, 8] * 3 + [1, 2] * 3 + [9, 8] * 3  # runs of 6, crossings 3 of 24 useful points
    res = qic(pd.DataFrame({"t": range(1, 25), "y": y}), x="t", y="y")
    s = res.summary.iloc[0]
    assert s["n_crossings"] < s["n_crossings_min"] and s["longest_run"] <= s["longest_run_max"]
    assert res.summary["signals"].iloc[0] == "crossings"
    assert (res.frame["rules"] == "crossings").all()
    assert res.sentences("sv")["sentence"].iloc[0] == (
        f"Bara {s['n_crossings']} korsningar av mittlinjen där minst {s['n_crossings_min']} väntas: en ihållande "
        "förändring.")


def test_the_rule_set_is_chosen_and_checked() -> None:
    d = pd.DataFrame({"t": range(1, 21), "y": [5.0] * 3 + [5.5, 6, 6.5, 7, 7.5, 8] + [5.0] * 11})
    assert "trend" in qic(d, x="t", y="y", chart="i", rules="nelson").summary["signals"].iloc[0]
    assert "trend" not in qic(d, x="t", y="y", chart="i").summary["signals"].iloc[0]
    with pytest.raises(Exception, match="rules must be one of anhoej, mdc, western_electric, nelson"):
        qic(d, x="t", y="y", rules="westgard")


#: falls per month, lower is better: a baseline of 9 points, then 16 points, every one under the
#: baseline's centre line (the issue's case: the improvement was labelled a concern)
FALLS = [12, 14, 11, 13, 12, 15, 11, 13, 12] + [9, 8, 10, 9, 7, 9, 8, 10, 8, 9, 7, 8, 9, 8, 10, 9]


@pytest.mark.parametrize("rules", ["anhoej", "mdc"])
def test_an_improvement_is_never_labelled_a_concern(rules: str) -> None:
    """A long run under the centre line of a lower-is-better measure is an improvement, whatever
    the last point's own side; too few crossings give no point a direction of its own."""
    d = pd.DataFrame({"t": range(1, len(FALLS) + 1), "y": FALLS})
    res = qic(d, x="t", y="y", chart="i", freeze=9, improvement="down", rules=rules)
    v = res.verdict.iloc[0]
    assert v["variation"] != "concern"
    if rules == "mdc":
        assert v["variation"] == "improvement" and v["side"] == "low"
    crossings_only = res.frame["rules"] == "crossings"
    assert (res.frame.loc[crossings_only, "direction"] == 0).all()


def test_crossings_alone_give_a_signal_without_a_side() -> None:
    """The last point lies above the centre line and only the crossings rule flags it: the verdict
    is a special cause without a direction ("special"), not a concern from that point's side."""
    y = ([1, 2, 1, 2, 1] + [9, 10, 9, 10, 9]) * 3 + [1.5, 2.5]  # runs of 5: too few crossings, no long run
    d = pd.DataFrame({"t": range(1, len(y) + 1), "y": y})
    res = qic(d, x="t", y="y", chart="run", improvement="down")
    assert res.frame["rules"].iloc[-1] == "crossings"
    assert res.verdict.loc[0, "variation"] == "special"


def test_mdc_peak_between_two_trends_takes_the_falling_one() -> None:
    """NHSRplotthedots: a point in two 7-point trends takes the direction of the step to the next one."""
    y = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    res = qic(pd.DataFrame({"t": range(1, 14), "y": y}), x="t", y="y", chart="run", rules="mdc")
    assert res.frame["rules"].tolist() == ["trend"] * 13
    assert res.frame["direction"].tolist() == [1] * 6 + [-1] * 7


def test_mdc_limits_are_2_66_average_moving_ranges_and_freeze_holds_in_every_part() -> None:
    y = np.array([5.0, 7, 6, 8, 5, 6, 7, 9, 8, 7, 6, 8, 20, 22, 21, 23, 20, 24, 22, 21], dtype=float)
    d = pd.DataFrame({"t": range(1, 21), "y": y})
    res = qic(d, x="t", y="y", chart="i", rules="mdc", freeze=5, part=[12])
    fr = res.frame
    for part, rows in ((1, slice(0, 5)), (2, slice(12, 17))):
        base = y[rows]
        amr = np.abs(np.diff(base)).mean()
        got = fr[fr["part"] == part].iloc[0]
        assert got["cl"] == pytest.approx(base.mean())
        assert got["ucl"] == pytest.approx(base.mean() + 2.66 * amr)
    assert fr["baseline"].sum() == 10
