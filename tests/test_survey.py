"""tuffkit.survey against the published LfR figures, scipy, statsmodels and pingouin."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests

from tuffkit import TuffkitError, read_survey
from tuffkit import survey as sv

from conftest import ROOT

TABLE2 = {  # item: (October, May, May-October), lfr-survey.md
    1: ("3.29", "4.08", "0.79"), 2: ("3.82", "4.24", "0.42"), 3: ("4.62", "4.98", "0.36"),
    4: ("4.02", "4.60", "0.58"), 5: ("4.08", "4.83", "0.75"), 6: ("3.54", "4.21", "0.67"),
    7: ("3.81", "4.41", "0.60"), 8: ("3.45", "4.33", "0.88"), 9: ("3.39", "4.03", "0.64"),
    10: ("4.39", "5.03", "0.64"), 11: ("4.49", "5.04", "0.55"), 12: ("3.99", "4.50", "0.51"),
    13: ("4.78", "5.24", "0.46"), 14: ("3.99", "4.29", "0.30"), 15: ("3.91", "4.28", "0.37"),
    16: ("3.22", "3.46", "0.24"), 17: ("4.05", "4.40", "0.35"), 18: ("3.60", "4.29", "0.69"),
    19: ("3.78", "4.13", "0.35"),
}


@pytest.fixture(scope="module")
def r():
    return read_survey(ROOT / "data" / "raw").responses


def f2(x):
    return f"{x:.2f}"


# ------------------------------------------------------------------ the published figures


def test_table2_through_item_summary_and_change(r):
    s = item_summary = sv.item_summary(r, by=["wave"])
    c = sv.change(r, "2012-10", "2013-05").set_index("item")
    for item, (oct_, may, diff) in TABLE2.items():
        m = s[s["item"] == item].set_index("wave")["mean"]
        assert (f2(m["2012-10"]), f2(m["2013-05"])) == (oct_, may)
        assert (f2(c.loc[item, "mean_from"]), f2(c.loc[item, "mean_to"]), f2(c.loc[item, "diff"])) == (oct_, may, diff)
    assert not item_summary["suppressed"].any()


def test_the_reports_largest_and_smallest_increases(r):
    tb = sv.top_bottom(sv.change(r, "2012-10", "2013-05"), "diff", top=3, bottom=4)
    assert tb[tb.rank_position == "highest"]["item"].tolist() == [8, 1, 5]
    assert set(tb[tb.rank_position == "lowest"]["item"]) == {16, 14, 17, 19}


def test_table1_statement_8(r):
    rf = sv.mark_followed(r)
    s = sv.item_summary(rf[rf["item"] == 8], by=["followed_up", "wave"])
    fol = s[s.followed_up == "followed-up"].set_index("wave")["mean"]
    assert [f2(fol[w]) for w in ("2012-10", "2013-05", "2014")] == ["3.17", "4.52", "4.23"]
    c = sv.change(rf[rf["item"] == 8], "2012-10", "2013-05", by=["followed_up"]).set_index("followed_up")
    assert f2(c.loc["followed-up", "diff"]) == "1.35"
    c14 = sv.change(rf[rf["item"] == 8], "2012-10", "2014", by=["followed_up"]).set_index("followed_up")
    assert f2(c14.loc["followed-up", "diff"]) == "1.06"
    assert c14.loc["other", "suppressed"]  # the others were not asked in 2014


def test_diagram10_statement5_roles(r):
    rf = sv.mark_followed(r)
    s = sv.item_summary(rf[(rf.followed_up == "followed-up") & (rf["item"] == 5)], by=["wave", "function"])
    m = s.set_index(["wave", "function"])["mean"]
    got = {w: (f"{m[(w, 'management')]:.1f}", f"{m[(w, 'support')]:.1f}") for w in ("2012-10", "2013-05", "2014")}
    assert got == {"2012-10": ("4.6", "3.6"), "2013-05": ("5.0", "5.2"), "2014": ("5.0", "4.2")}
    # a group of fewer than 5 answers (the lone not-stated respondents) is never shown
    sub = rf[(rf.followed_up == "followed-up") & (rf["item"] == 5)].dropna(subset=["value"])
    true_n = sub.groupby(["wave", "function"], observed=True).size()
    shown = s.set_index(["wave", "function"])
    small = true_n[true_n < 5].index
    assert len(small) >= 1 and shown.loc[small, "suppression"].eq("primary").all()
    assert shown.loc[small, ["n", "mean", "pct_1"]].isna().all().all()


def test_role_gap_matches_the_group_means(r):
    g = sv.role_gap(r, by=["wave"]).set_index(["wave", "item"])
    means = r.groupby(["wave", "function", "item"], observed=True)["value"].mean()
    for w in ("2012-10", "2013-05"):
        for item in (4, 7, 10):
            expect = means[(w, "management", item)] - means[(w, "support", item)]
            assert g.loc[(w, item), "gap"] == pytest.approx(expect)
    # support rates lower than management on most statements at the start
    assert (g.loc["2012-10", "gap"] > 0).sum() >= 14


# ------------------------------------------------------------------ against scipy / statsmodels


def _frame(groups: dict[str, list[int]]) -> pd.DataFrame:
    rows = [(w, v) for w, vals in groups.items() for v in vals]
    return pd.DataFrame({
        "respondent_id": np.arange(1, len(rows) + 1, dtype=np.int32),
        "wave": pd.Categorical([w for w, _ in rows], categories=sorted(groups), ordered=True),
        "item": np.full(len(rows), 1, dtype=np.int16),
        "value": pd.array([v for _, v in rows], dtype="Int8"),
    })


A = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 3, 2]
B = [4, 5, 5, 6, 7, 7, 3, 4, 6, 6, 5, 7, 7, 2, 5]


def test_level_statistics_by_hand_and_scipy():
    s = sv.item_summary(_frame({"a": A}), by=["wave"], instrument="lfr19").iloc[0]
    assert s["n"] == len(A) and s["mean"] == pytest.approx(np.mean(A)) and s["sd"] == pytest.approx(np.std(A, ddof=1))
    lo, hi = stats.t.interval(0.95, len(A) - 1, loc=np.mean(A), scale=stats.sem(A))
    assert (s["ci_low"], s["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))
    assert s["pct_4"] == pytest.approx(100 * 3 / 12) and s["share_low"] == pytest.approx(100 * 6 / 12)
    assert s["share_high"] == pytest.approx(100 * 3 / 12)
    assert s[[f"pct_{k}" for k in range(1, 8)]].sum() == pytest.approx(100)


def test_change_against_scipy():
    c = sv.change(_frame({"a": A, "b": B}), "a", "b", instrument="lfr19").iloc[0]
    welch = stats.ttest_ind(B, A, equal_var=False)
    ci = welch.confidence_interval(0.95)
    assert c["diff"] == pytest.approx(np.mean(B) - np.mean(A))
    assert (c["ci_low"], c["ci_high"]) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert c["p_welch"] == pytest.approx(welch.pvalue)
    mw = stats.mannwhitneyu(B, A, alternative="two-sided", method="asymptotic")
    assert c["p_mannwhitney"] == pytest.approx(mw.pvalue)
    assert c["rank_biserial"] == pytest.approx(2 * mw.statistic / (len(A) * len(B)) - 1)
    pooled = np.sqrt(((len(A) - 1) * np.var(A, ddof=1) + (len(B) - 1) * np.var(B, ddof=1)) / (len(A) + len(B) - 2))
    d = (np.mean(B) - np.mean(A)) / pooled
    assert c["hedges_g"] == pytest.approx(d * (1 - 3 / (4 * (len(A) + len(B)) - 9)))


@pytest.mark.parametrize(("adjust", "method"), [("holm", "holm"), ("bh", "fdr_bh")])
def test_adjustment_over_the_statements_of_a_group(r, adjust, method):
    c = sv.change(r, "2012-10", "2013-05", by=["function"], adjust=adjust)
    for _, g in c[~c.suppressed].groupby("function", observed=True):
        expect = multipletests(g["p_mannwhitney"], method=method)[1]
        np.testing.assert_allclose(g["p_adjusted"], expect)
    holm = sv.change(r, "2012-10", "2013-05")["p_adjusted"].to_numpy()
    raw = sv.change(r, "2012-10", "2013-05")["p_mannwhitney"].to_numpy()
    order = np.argsort(raw)
    by_hand = np.minimum(1, np.maximum.accumulate(raw[order] * (len(raw) - np.arange(len(raw)))))
    np.testing.assert_allclose(holm[order], by_hand)


def test_cronbach_alpha_agrees_with_pingouin(r):
    import pingouin
    items = [7, 8, 9]
    ours = sv.cronbach_alpha(r, items).iloc[0]
    wide = r[r["item"].isin(items)].pivot_table(index="respondent_id", columns="item", values="value",
                                                 observed=True).dropna().astype(float)
    alpha, ci = pingouin.cronbach_alpha(data=wide)
    assert ours["n"] == len(wide) and ours["alpha"] == pytest.approx(alpha)
    assert (round(ours["ci_low"], 3), round(ours["ci_high"], 3)) == (ci[0], ci[1])
    by_wave = sv.cronbach_alpha(r, items, by=["wave"]).set_index("wave")
    w = r[(r.wave == "2014") & r["item"].isin(items)].pivot_table(
        index="respondent_id", columns="item", values="value", observed=True).dropna().astype(float)
    assert by_wave.loc["2014", "alpha"] == pytest.approx(pingouin.cronbach_alpha(data=w)[0])
    assert (sv.theme_alpha(r)["alpha"] > 0.6).all()


def test_ordered_logit_reproduces_r_polr_on_the_ucla_data():
    path = Path(statsmodels.__file__).parent / "miscmodels" / "tests" / "results" / "ologit_ucla.csv"
    data = pd.read_csv(path)
    data["apply"] = pd.Categorical(data["apply"], categories=["unlikely", "somewhat likely", "very likely"],
                                   ordered=True)
    res = sv.fit_ordinal(data, "apply", ["pared", "public", "gpa"]).set_index("term")
    # R: ordinal::clm(apply ~ pared + public + gpa, control = clm.control(gradTol = 1e-12, relTol = 1e-12))
    # (R 4.2.2, ordinal 2022.11.16; MASS::polr stops ~2e-4 short of this maximum, as statsmodels' BFGS did)
    np.testing.assert_allclose(res["log_odds"], [1.047663670067376, -0.058682784374594, 0.615745818091524],
                               atol=1e-6)
    np.testing.assert_allclose(res["se"], [0.265789122636397, 0.297858847461360, 0.260631094523542], atol=1e-6)
    np.testing.assert_allclose(res["p"], [8.087070e-05, 8.435464e-01, 1.811594e-02], rtol=0.009, atol=1e-5)
    assert (res["status"] == "ok").all()
    assert res.loc["pared", "odds_ratio"] == pytest.approx(np.exp(1.04769011), rel=1e-4)


def test_ordinal_model_per_statement(r):
    om = sv.ordinal_model(r[r.wave != "2014"], items=[1, 8])
    assert set(om["term"]) == {"wave=2013-05", "function=support"}
    assert (om["status"] == "ok").all()
    assert (om.loc[om.term == "wave=2013-05", "odds_ratio"] > 1).all()  # answers rose during the programme
    inter = sv.ordinal_model(r[r.wave != "2014"], items=[8], interaction=True)
    assert "wave=2013-05:function=support" in set(inter["term"])


def test_ordinal_model_with_an_empty_step_and_a_degenerate_statement():
    rng = np.random.default_rng(3)
    n = 200
    frame = pd.DataFrame({
        "respondent_id": np.arange(1, n + 1, dtype=np.int32),
        "wave": pd.Categorical(rng.choice(["a", "b"], n), ordered=True),
        "function": pd.Categorical(rng.choice(["management", "support"], n)),
        "item": np.full(n, 1, dtype=np.int16),
        "value": pd.array(rng.choice([2, 3, 5, 6], n), dtype="Int8"),  # steps 1, 4 and 7 unused
    })
    assert (sv.ordinal_model(frame)["status"] == "ok").all()
    flat = frame.assign(item=np.int16(2), value=pd.array([4] * n, dtype="Int8"))
    res = sv.ordinal_model(pd.concat([frame, flat], ignore_index=True))
    assert res.loc[res["item"] == 2, "status"].iloc[0] == "only one answer level: nothing to model"
    assert res.loc[res["item"] == 2, "odds_ratio"].isna().all()


def test_fade_flags_statements_that_fell_back(r):
    f = sv.fade(r).set_index("item")
    assert f["fell_back"].sum() >= 10
    assert (f.loc[f["fell_back"].astype(bool), "diff"] < 0).all()
    assert (f["mean_from"].round(2) == sv.mark_followed(r).query("followed_up == 'followed-up' and wave == '2013-05'")
            .groupby("item")["value"].mean().round(2)).all()


def test_role_gap_change_narrowed(r):
    g = sv.role_gap_change(r, "2012-10", "2013-05")
    assert g["narrowed"].sum() >= 10  # "the gap narrows during the programme"
    row = g.iloc[0]
    assert row["gap_change"] == pytest.approx(row["gap_to"] - row["gap_from"])


def test_theme_summary(r):
    t = sv.theme_summary(r, by=["wave"])
    assert len(t) == 3 * 8 and (t["n"] > 200).sum() == 16
    scores = sv.theme_scores(r)
    one = scores[(scores.respondent_id == 1) & (scores.theme == "basic_structures")]["score"].item()
    answers = r[(r.respondent_id == 1) & r["item"].isin([7, 8, 9])]["value"].dropna()
    assert one == pytest.approx(answers.mean())


def test_response_rate_and_low_flag(r):
    invited = pd.DataFrame({"wave": ["2012-10", "2013-05", "2014"], "invited": [270, 240, 70]})
    res = sv.response(r, by=["wave"], invited=invited).set_index("wave")
    assert res.loc["2014", "n"] == 35 and res.loc["2014", "response_rate"] == pytest.approx(0.5)
    assert res["low_response"].tolist() == [False, False, True]


def test_bad_groupings_are_clear_errors(r):
    with pytest.raises(TuffkitError, match="no column 'followed_up'.*mark_followed"):
        sv.item_summary(r, by=["followed_up"])
    with pytest.raises(TuffkitError, match="no wave '2015'"):
        sv.change(r, "2012-10", "2015")
    with pytest.raises(TuffkitError, match="min_n"):
        sv.item_summary(r, min_n=0)
    with pytest.raises(TuffkitError, match="adjust"):
        sv.change(r, "2012-10", "2013-05", adjust="sidak")


@pytest.mark.parametrize("method", ["holm", "bh", "bonferroni"])
def test_the_adjustment_equals_statsmodels_and_never_collects_the_heap(r, monkeypatch, method):
    """statsmodels' Holm runs gc.collect() on every call, and Python 3.11's gc.get_freeze_count()
    walks every frozen object (36 ms a call in a report kernel): the adjustment touches neither."""
    import gc

    for name in ("collect", "freeze", "unfreeze", "get_freeze_count"):
        monkeypatch.setattr(gc, name, lambda *a, name=name: pytest.fail(f"gc.{name}() called"))
    c = sv.change(r, "2012-10", "2013-05", by=["function"], adjust=method)
    monkeypatch.undo()
    sm = {"holm": "holm", "bh": "fdr_bh", "bonferroni": "bonferroni"}[method]
    for _, g in c[~c.suppressed].groupby("function", observed=True):
        np.testing.assert_allclose(g["p_adjusted"], multipletests(g["p_mannwhitney"], method=sm)[1], rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.01, 0.05, 0.5, 1.0])), min_size=1, max_size=30),
       st.sampled_from(["holm", "bh", "bonferroni"]))
def test_adjusted_p_values_equal_statsmodels_with_ties_and_edges(ps, method):
    p = np.array(ps)
    sm = {"holm": "holm", "bh": "fdr_bh", "bonferroni": "bonferroni"}[method]
    np.testing.assert_allclose(sv._adjusted(p, method), multipletests(p, method=sm)[1], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("fn", ["change", "role_gap"])
def test_a_grouping_column_with_missing_values_is_a_group_of_its_own(r, fn) -> None:
    """in_management_group is missing for 817 rows of the example data: missing is its own group
    (its statements adjusted as one family), and the known groups are as without it."""
    assert r["in_management_group"].isna().any()
    if fn == "change":
        out = sv.change(r, "2012-10", "2013-05", by=["in_management_group"])
        alone = sv.change(r[r["in_management_group"].eq(True).fillna(False)], "2012-10", "2013-05")
    else:
        out = sv.role_gap(r, by=["in_management_group"])
        alone = sv.role_gap(r[r["in_management_group"].eq(True).fillna(False)], by=[])
    groups = out["in_management_group"].astype(object).map(lambda v: "NA" if pd.isna(v) else str(v))
    assert set(groups) == {"True", "False", "NA"} and groups.value_counts().nunique() == 1
    if fn == "change":
        yes = out[groups == "True"].reset_index(drop=True)
        pd.testing.assert_series_equal(yes["p_adjusted"], alone["p_adjusted"], check_names=False)
        assert out.loc[groups == "NA", "p_adjusted"].notna().any()
    else:
        yes = out[groups == "True"].reset_index(drop=True)
        np.testing.assert_allclose(yes["gap"].to_numpy(dtype=float), alone["gap"].to_numpy(dtype=float))


def test_index_scores_are_the_mean_of_the_question_indexes() -> None:
    """HME as Kolada describes it: each question's answers on 0-100, the index their mean."""
    rows = [(1, "w", 1, 5), (1, "w", 2, 1), (1, "w", 3, 3), (2, "w", 1, 4), (2, "w", 2, pd.NA), (2, "w", 3, 2)]
    r = pd.DataFrame(rows, columns=["respondent_id", "wave", "item", "value"])
    out = sv.index_scores(r, instrument="hme", min_n=1).set_index("index")
    # motivation: item 1 (100, 75) -> 87.5; item 2 (0) -> 0; item 3 (50, 25) -> 37.5
    assert out.loc["motivation", "mean"] == pytest.approx((87.5 + 0 + 37.5) / 3)
    assert out.loc["motivation", "n"] == 2 and not out.loc["motivation", "suppressed"]
    assert out.loc["hme", "suppressed"] and np.isnan(out.loc["hme", "mean"])  # items 4-9 unanswered
    assert sv.index_scores(r, instrument="hme", min_n=2).set_index("index").loc["motivation", "suppressed"]


def test_theme_n_is_every_respondent_of_the_group(r):
    """Every respondent who answered a theme's statements counts, with or without a role group
    (the old theme scores dropped those without a management-group answer: 243 of 259)."""
    t = sv.theme_summary(r, by=["wave"]).set_index(["wave", "theme"])
    scores = sv.theme_scores(r).dropna(subset=["score"])
    for (wave, theme), n in t["n"].items():
        mine = r[(r["wave"] == wave) & r["item"].isin([it.number for it in sv.instrument_of(r).items
                                                        if it.theme == theme])]
        answered = mine.dropna(subset=["value"]).groupby("respondent_id").size()
        assert n == (scores[(scores["wave"] == wave) & (scores["theme"] == theme)]).shape[0]
        assert n == (answered >= 0.5 * mine["item"].nunique()).sum()
    first = r[r["wave"] == "2012-10"]["respondent_id"].nunique()
    assert t.loc[("2012-10", "time_energy"), "n"] >= first - 3, "no one dropped for a missing role group"


def test_themes_on_a_study_without_roles(tmp_path):
    """The bundled pulse study (no role groups, its own 5-step instrument): theme n = respondents."""
    from tuffkit.config import RAW_DIR
    from tuffkit.ingest.survey import read_survey

    data = read_survey(RAW_DIR / "pulse")
    p = data.responses
    inst = sv.instrument_of(p)
    assert inst.scale.max == 5 and inst.themes, "the pulse instrument has themes"
    t = sv.theme_summary(p, by=["wave"])
    for row in t.itertuples():
        items = [it.number for it in inst.items if it.theme == row.theme]
        mine = p[(p["wave"] == row.wave) & p["item"].isin(items)].dropna(subset=["value"])
        per = mine.groupby("respondent_id").size()
        assert row.n == (per >= 0.5 * len(items)).sum()


def test_the_study_a_frame_carries_is_not_written_to_its_files(tmp_path):
    """The frame knows its study in memory; the files hold the rows only (a changed study file does
    not change the data's bytes, so earlier reports still match their data)."""
    from tuffkit.config import RAW_DIR
    from tuffkit.ingest.survey import read_survey, write_ingest
    from tuffkit.processed import read_processed

    data = read_survey(RAW_DIR / "pulse")
    assert sv.study_of(data.responses)["instrument"]
    write_ingest(data, tmp_path)
    assert pd.read_parquet(tmp_path / "survey.parquet").attrs == {}
    carried = sv.study_of(read_processed(tmp_path).responses)
    assert sv.instrument_of(read_processed(tmp_path).responses).scale.max == 5
    assert carried["waves"] == read_processed(tmp_path).waves


def _hme_waves(seed: int, n: tuple[int, int] = (40, 35), missing: float = 0.0, units: int = 1) -> pd.DataFrame:
    """Random HME answers (1-5) to all nine questions in waves 'a' and 'b', optionally with
    answers left out at random and respondents spread over ``units`` units."""
    rng = np.random.default_rng(seed)
    rows, rid = [], 0
    for wave, size, shift in (("a", n[0], 0.0), ("b", n[1], 0.4)):
        for _ in range(size):
            rid += 1
            unit = f"u{rng.integers(units)}"
            level = rng.normal(3.2 + shift + 0.3 * int(unit[1:]), 0.7)
            for item in range(1, 10):
                v = int(np.clip(np.round(level + rng.normal(0, 0.6)), 1, 5))
                rows.append((rid, wave, unit, item, np.nan if rng.random() < missing else v))
    return pd.DataFrame(rows, columns=["respondent_id", "wave", "unit", "item", "value"])


HME_PARTS = {"motivation": [1, 2, 3], "ledarskap": [4, 5, 6], "styrning": [7, 8, 9]}


def test_hme_total_and_its_change_equal_a_hand_computation_from_the_raw_answers() -> None:
    """With every question answered, an HME index per wave is the mean over respondents of their
    own mean of (answer - 1) * 25 over the index's questions, and its change between the waves is
    Welch's t-test of those person scores (scipy): difference, interval and p, for the total as
    for each subindex; the total is also the mean of the three subindexes (SKR)."""
    r = _hme_waves(3)
    parts = {"hme": list(range(1, 10)), **HME_PARTS}
    ch = sv.index_change(r, "a", "b", instrument="hme", min_n=5).set_index("index")
    lv = sv.index_scores(r, instrument="hme", min_n=5).set_index(["wave", "index"])
    for ix, items in parts.items():
        person = (r[r["item"].isin(items)].assign(s=lambda d: (d["value"] - 1) * 25)
                  .groupby(["wave", "respondent_id"])["s"].mean())
        a, b = person.loc["a"].to_numpy(), person.loc["b"].to_numpy()
        t = stats.ttest_ind(b, a, equal_var=False)
        ci = t.confidence_interval(0.95)
        assert lv.loc[("a", ix), "mean"] == pytest.approx(a.mean())
        assert lv.loc[("b", ix), "se"] == pytest.approx(b.std(ddof=1) / np.sqrt(len(b)))
        assert ch.loc[ix, "diff"] == pytest.approx(b.mean() - a.mean())
        assert ch.loc[ix, "p_welch"] == pytest.approx(t.pvalue)
        assert (ch.loc[ix, "ci_low"], ch.loc[ix, "ci_high"]) == pytest.approx((ci.low, ci.high))
        assert (ch.loc[ix, "n_from"], ch.loc[ix, "n_to"]) == (len(a), len(b))
    assert ch.loc["hme", "diff"] == pytest.approx(ch.loc[list(HME_PARTS), "diff"].mean())
    # Holm over the four indexes (statsmodels)
    holm = multipletests(ch["p_welch"].to_numpy(dtype=float), method="holm")[1]
    np.testing.assert_allclose(ch["p_adjusted"].to_numpy(dtype=float), holm)


def test_hme_index_with_missing_answers_is_the_mean_of_the_question_means_and_its_se_the_delta_method() -> None:
    """With answers missing, each question's mean is over those who answered it (Kolada: the
    total is the mean of the nine questions); the total still equals the mean of the subindexes,
    and its standard error is the delta method's: Var(T) = 1/k^2 sum_jl n_jl cov_jl / (n_j n_l),
    the covariances over the respondents who answered both questions (computed here pair by
    pair), with the with-replacement factor n / (n - 1)."""
    r = _hme_waves(5, missing=0.15)
    lv = sv.index_scores(r, instrument="hme", min_n=5).set_index(["wave", "index"])
    for w in ("a", "b"):
        d = r[(r["wave"] == w)].dropna(subset=["value"]).assign(s=lambda x: (x["value"] - 1) * 25)
        wide = d.pivot(index="respondent_id", columns="item", values="s")
        means = wide.mean()
        assert lv.loc[(w, "hme"), "mean"] == pytest.approx(means.mean())
        assert lv.loc[(w, "hme"), "mean"] == pytest.approx(
            np.mean([lv.loc[(w, p), "mean"] for p in HME_PARTS]))
        for ix, items in {"hme": list(range(1, 10)), **HME_PARTS}.items():
            sub = wide[items].dropna(how="all")
            n, k = len(sub), len(items)
            var = 0.0
            for j in items:
                for m in items:
                    both = sub[j].notna() & sub[m].notna()
                    dev = (sub.loc[both, j] - means[j]) * (sub.loc[both, m] - means[m])
                    var += dev.sum() / (sub[j].count() * sub[m].count())
            se = np.sqrt(var / k**2 * n / (n - 1))
            assert lv.loc[(w, ix), "se"] == pytest.approx(se), (w, ix)
            assert lv.loc[(w, ix), "n"] == n


def test_a_question_with_too_few_answers_hides_the_total_and_its_subindex_not_the_others() -> None:
    """A wave in which one Ledarskap question has fewer than min_n answers: no value or change for
    Ledarskapsindex and HME totalt (the total shown would give the hidden part away beside the
    other two), the other subindexes keep theirs."""
    r = _hme_waves(8)
    few = r["respondent_id"].isin(r.loc[r["wave"] == "b", "respondent_id"].unique()[3:]) & (r["item"] == 5)
    r.loc[few, "value"] = np.nan
    ch = sv.index_change(r, "a", "b", instrument="hme", min_n=5).set_index("index")
    assert ch.loc["hme", "suppressed"] and ch.loc["ledarskap", "suppressed"]
    assert np.isnan(ch.loc["hme", "diff"]) and np.isnan(ch.loc["hme", "p_adjusted"])
    assert not ch.loc[["motivation", "styrning"], "suppressed"].any()
    assert ch.loc[["motivation", "styrning"], "diff"].notna().all()


def test_the_study_wide_index_change_nests_respondents_in_units_as_statsmodels_mixedlm() -> None:
    """Over several units the change of an index is a random-intercept model of the respondents'
    index values (here their own means: every question answered) by unit, as statsmodels' REML
    MixedLM fits it; ``diff`` stays the difference of the two indexes."""
    import statsmodels.formula.api as smf

    r = _hme_waves(13, n=(60, 60), units=4)
    ch = sv.index_change(r, "a", "b", instrument="hme", min_n=5, unit="unit").set_index("index")
    person = (r.assign(s=(r["value"] - 1) * 25).groupby(["respondent_id", "wave", "unit"], as_index=False)
              ["s"].mean())
    person["later"] = (person["wave"] == "b").astype(float)
    fit = smf.mixedlm("s ~ later", person, groups=person["unit"]).fit(reml=True)
    assert ch.loc["hme", "diff_nested"] == pytest.approx(fit.params["later"], rel=1e-4)
    assert ch.loc["hme", "se_nested"] == pytest.approx(fit.bse["later"], rel=1e-3)
    assert ch.loc["hme", "diff"] == pytest.approx(person.loc[person["later"] == 1, "s"].mean()
                                                  - person.loc[person["later"] == 0, "s"].mean())
    z = stats.norm.ppf(0.975)
    assert ch.loc["hme", "ci_low"] == pytest.approx(ch.loc["hme", "diff_nested"] - z * ch.loc["hme", "se_nested"])
    assert ch.loc["hme", "n_units"] == 4
