"""tuffkit.privacy: properties over random data and groupings, and through the public summaries."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuffkit import privacy
from tuffkit import survey as sv
from tuffkit.privacy import ALL, suppress

FUNCS = ["management", "support", "not_stated"]


def _responses(sizes: dict[tuple[str, str], int], seed: int, items: int = 2) -> pd.DataFrame:
    """Respondents per (wave, function) with ``items`` random answers each."""
    rng = np.random.default_rng(seed)
    rows = []
    rid = 0
    for (wave, func), k in sizes.items():
        for _ in range(k):
            rid += 1
            for item in range(1, items + 1):
                rows.append((rid, wave, func, item, int(rng.integers(1, 8))))
    f = pd.DataFrame(rows, columns=["respondent_id", "wave", "function", "item", "value"])
    return pd.DataFrame({
        "respondent_id": f["respondent_id"].astype(np.int32),
        "wave": pd.Categorical(f["wave"], categories=["w1", "w2"], ordered=True),
        "unit": pd.Categorical(["Ronneby"] * len(f)),
        "function": pd.Categorical(f["function"], categories=FUNCS),
        "in_management_group": pd.array([pd.NA] * len(f), dtype="boolean"),
        "item": f["item"].astype(np.int16),
        "value": pd.array(f["value"], dtype="Int8"),
    })


sizes_strategy = st.dictionaries(
    st.tuples(st.sampled_from(["w1", "w2"]), st.sampled_from(FUNCS)), st.integers(0, 12), min_size=1
).filter(lambda d: sum(d.values()) > 0)


def _true_n(r: pd.DataFrame, by: list[str]) -> pd.Series:
    """Answers per group and item, by pandas (independent of tuffkit's counting)."""
    return r.dropna(subset=["value"]).groupby([*by, "item"], observed=True).size().rename("n")


def _partitions_ok(table: pd.DataFrame, dims: list[str], min_n: int, true_n: pd.Series) -> None:
    """No blanked group can be recovered by subtraction from a shown total."""
    for d in dims:
        others = [c for c in dims if c != d] + ["item"]
        for _, g in table.groupby([table[c].astype(str) for c in others], sort=False):
            total = g[g[d].astype(str) == ALL]
            members = g[g[d].astype(str) != ALL]
            if total.empty or total["suppressed"].all():
                continue
            hidden = members[members["suppressed"]]
            assert len(hidden) != 1, f"one blanked group beside a shown total in {d}: recoverable"
            if len(hidden):
                hidden_n = true_n.loc[hidden.index].sum()
                assert hidden_n >= min_n, "the blanked groups together are still a small group"


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sizes=sizes_strategy, seed=st.integers(0, 10_000), min_n=st.integers(2, 8))
def test_item_summary_with_margins_never_shows_or_reveals_a_small_group(sizes, seed, min_n):
    r = _responses(sizes, seed)
    s = sv.item_summary(r, by=["wave", "function"], margins=True, min_n=min_n, instrument="lfr19")
    counts = _true_n(r, ["wave", "function"]).reset_index()
    # the true n of every row, margins included, computed independently of the summary
    true = {}
    for _, row in counts.iterrows():
        w, f, i, n = str(row["wave"]), str(row["function"]), row["item"], row["n"]
        for key in ((w, f), (w, ALL), (ALL, f), (ALL, ALL)):
            true[(*key, i)] = true.get((*key, i), 0) + n
    true_n = pd.Series([true[(str(a), str(b), c)] for a, b, c in zip(s["wave"], s["function"], s["item"],
                                                                    strict=True)], index=s.index)
    # primary: nothing shown from fewer than min_n
    shown = s[~s["suppressed"]]
    assert (true_n[shown.index] >= min_n).all()
    assert shown["mean"].notna().all()
    blank = s[s["suppressed"]]
    assert blank[["mean", "sd", "ci_low", "pct_1", "share_high"]].isna().all().all()
    assert s.loc[true_n < min_n, "n"].isna().all()
    # secondary: nothing recoverable by subtraction
    _partitions_ok(s, ["wave", "function"], min_n, true_n)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sizes=sizes_strategy, seed=st.integers(0, 10_000), min_n=st.integers(2, 8))
def test_changes_and_gaps_hide_small_groups(sizes, seed, min_n):
    r = _responses(sizes, seed)
    c = sv.change(r, "w1", "w2", by=["function"], min_n=min_n, instrument="lfr19")
    counts = _true_n(r, ["function", "wave"])
    for _, row in c.iterrows():
        n1 = counts.get((row["function"], "w1", row["item"]), 0)
        n2 = counts.get((row["function"], "w2", row["item"]), 0)
        if min(n1, n2) < min_n:
            assert row["suppressed"] and np.isnan(row["diff"]) and np.isnan(row["p_mannwhitney"])
        else:
            assert not row["suppressed"] and not np.isnan(row["diff"])
    g = sv.role_gap(r, by=["wave"], min_n=min_n, instrument="lfr19")
    counts = _true_n(r, ["wave", "function"])
    for _, row in g.iterrows():
        nm = counts.get((row["wave"], "management", row["item"]), 0)
        ns = counts.get((row["wave"], "support", row["item"]), 0)
        assert row["suppressed"] == (min(nm, ns) < min_n)


@pytest.mark.parametrize("min_n", [1, 5, 10])
def test_the_reports_example_not_stated_beside_a_total(min_n):
    t = pd.DataFrame({"function": [ALL, "management", "support", "not_stated"], "n": [259, 136, 117, 6],
                      "mean": [4.0, 4.2, 3.8, 3.9]})
    out = suppress(t, ["mean"], margin_dims=["function"], min_n=min_n)
    hidden = set(out.loc[out["suppressed"], "function"])
    assert hidden == (set() if min_n <= 6 else {"not_stated", "support"})


def test_item_counts_are_suppressed_too():
    r = _responses({("w1", "management"): 6, ("w1", "not_stated"): 2}, seed=1)
    c = sv.item_counts(r, ["wave", "function"], instrument="lfr19").set_index(["function", "item"])
    assert c.loc[("management", 1), "n"] == 6 and not c.loc[("management", 1), "suppressed"]
    assert c.loc[("not_stated", 1), ["n", "n_1", "n_7"]].isna().all()


# ------------------------------------------------------------------ the rule over everything published


def _in_span(published: list[frozenset], group: frozenset, universe: list[int]) -> bool:
    """Brute force: the group's indicator is a real combination of the published indicators."""
    a = np.array([[m in s for m in universe] for s in published], dtype=float).reshape(len(published), len(universe))
    v = np.array([[m in group for m in universe]], dtype=float)
    return np.linalg.matrix_rank(np.vstack([a, v])) == np.linalg.matrix_rank(a) if len(published) else False


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 9).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.frozensets(st.integers(0, n - 1), min_size=1), min_size=0, max_size=6),
    st.integers(2, 5))))
def test_exposed_groups_are_exactly_the_small_groups_in_the_span(case):
    n, published, min_n = case
    universe = sorted(set().union(*published)) if published else []
    brute = {frozenset(c) for r in range(1, min_n) for c in itertools.combinations(universe, r)
             if _in_span(published, frozenset(c), universe)}
    assert set(privacy.exposed_groups(published, min_n)) == brute


def test_the_attacks_of_issue_12_as_groups():
    """Total minus parts; one report minus the others; a figure minus a figure."""
    mgmt, supp, lone = set(range(6)), set(range(6, 11)), {11}
    assert privacy.exposed_groups([mgmt | supp | lone, mgmt, supp]) == [frozenset(lone)]
    # the program's all-municipality mean minus the other municipalities' reports
    a, b, small = set(range(0, 20)), set(range(20, 45)), {45, 46, 47}
    assert privacy.exposed_groups([a | b | small, a, b]) == [frozenset(small)]
    # complementary suppression: two blanked municipalities holding 6 together expose nobody
    assert privacy.exposed_groups([a | b | small | {48, 49, 50}, a, b]) == []
    # all municipalities against the followed-up ones: the 2 support respondents of the others
    followed, others_support, others_mgmt = set(range(30)), {30, 31}, set(range(32, 40))
    published = [followed | others_support | others_mgmt, followed, others_mgmt]
    assert privacy.exposed_groups(published) == [frozenset(others_support)]


def test_an_audit_that_cannot_test_everything_does_not_pass_it():
    """Ten respondents each in a group of their own but none published alone: nothing is
    exposed, yet with room for only 3 tests the audit must fail, not pass."""
    pairs = [set(range(k, k + 2)) for k in range(0, 20, 2)]  # 10 groups of 2, published as unions
    published = [pairs[k] | pairs[k + 1] | set(range(100, 110)) for k in range(0, 10, 2)]
    assert privacy.exposed_groups(published, 5) == []
    with pytest.raises(privacy.TuffkitError, match="too many small groups"):
        privacy.exposed_groups(published, 5, max_candidates=3)


def test_suppress_splits_blanks_groups_it_cannot_count_and_items_typed_as_floats():
    r = pd.DataFrame({"respondent_id": range(12), "wave": "2013-05", "item": 1, "value": 4.0,
                      "function": ["management"] * 6 + ["support"] * 5 + ["not_stated"]})
    s = pd.DataFrame({"wave": ["2013-05", "2014"], "item": [1.0, 1.0], "function": ["management", "management"],
                      "n": [6, 7], "mean": [4.0, 4.0], "suppressed": False, "suppression": ""})
    out = privacy.suppress_splits(s, r, by=["wave"])
    assert out["suppression"].tolist() == ["split", "split"], "1.0 is item 1; a wave without counts is not shown"
    assert out["mean"].isna().all()


def test_a_statement_split_needs_the_respondents_split_too():
    """Management 6 and support 5 answered statement 1; the lone not-stated respondent skipped
    it. The statement's parts are fine on their own, but beside the method box's respondent
    counts (12 = 6 + 5 + 1) they would give that respondent's count."""
    r = pd.DataFrame({"respondent_id": range(12), "wave": "2013-05", "item": 1, "value": [4.0] * 11 + [np.nan],
                      "function": ["management"] * 6 + ["support"] * 5 + ["not_stated"]})
    s = pd.DataFrame({"wave": ["2013-05"], "item": [1], "function": ["management"], "n": [6], "mean": [4.0],
                      "suppressed": False, "suppression": ""})
    assert privacy.suppress_splits(s, r, by=["wave"])["suppression"].tolist() == ["split"]
