"""Survey metrics: pure functions from the tidy survey frame to tidy summaries, each row with its n.

Every public summary here runs through :func:`tuffkit.privacy.suppress`: a row
computed from fewer than ``min_n`` respondents is blanked, and so are the groups
from which it could be recovered beside a total. Waves are independent
anonymous samples: changes between waves are never paired.

The answers are on a short integer scale, so every level statistic (n, mean,
sd, the distribution) follows from the counts per scale step. :func:`item_counts`
gets those counts for all groups in one vectorised pass (``numpy.bincount`` over
the categorical codes), which is what makes a summary of 290 municipalities
cost about as much as one.

Examples
--------
>>> from tuffkit import read_survey
>>> from tuffkit.config import RAW_DIR
>>> r = read_survey(RAW_DIR).responses
>>> s = item_summary(r, by=["wave"])
>>> s.query("item == 8")[["wave", "n", "mean"]].round(2)
       wave    n  mean
7   2012-10  250  3.45
26  2013-05  215  4.33
45     2014   30  4.23
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from tuffkit.config import MIN_N
from tuffkit.errors import TuffkitError
from tuffkit.instrument import Instrument, load_instrument
from tuffkit.ordinal import fit_ordered_logit
from tuffkit.privacy import ALL, check_min_n, suppress

__all__ = [
    "LFR3_FOLLOWED",
    "LOW_RESPONSE",
    "mark_followed",
    "item_counts",
    "item_summary",
    "change",
    "study_change",
    "study_of",
    "instrument_of",
    "top_bottom",
    "theme_scores",
    "theme_summary",
    "cronbach_alpha",
    "theme_alpha",
    "role_gap",
    "role_gap_change",
    "fade",
    "index_scores",
    "index_change",
    "ordinal_model",
    "fit_ordinal",
    "response",
]

#: The 7 municipalities followed up in 2014 in LfR course round III.
LFR3_FOLLOWED: tuple[str, ...] = (
    "Botkyrka", "Emmaboda", "Halmstad", "Karlshamn", "Ludvika", "Mönsterås", "Ronneby",
)
FOLLOWED_LEVELS = ("followed-up", "other")


# --------------------------------------------------------------------------- the study a frame carries


def study_of(responses: pd.DataFrame) -> dict:
    """What a survey frame read by :func:`tuffkit.read_processed` carries about its study:
    ``instrument`` (a built-in name or the path of the study's instrument file), ``waves`` (in
    order), ``focus`` (the focus group's units, empty when the study has none), ``roles`` (whether
    role groups are known) and ``baseline``/``end``/``follow_up`` waves when the study names them.
    Empty for a frame made by hand.

    Examples
    --------
    >>> study_of(pd.DataFrame({"item": [1], "value": [3]}))
    {}
    """
    return dict(responses.attrs.get("tuffkit", {}))


def instrument_of(responses: pd.DataFrame, instrument: Instrument | str | None = None) -> Instrument:
    """The instrument of ``responses``: ``instrument`` when given (checked against the answers),
    else the one the frame carries (:func:`study_of`). Never a default: a frame that does not
    say which instrument it is on, and no ``instrument=``, is refused with a sentence.

    Raises
    ------
    TuffkitError
        No instrument known, or an answer or statement the given instrument does not have.

    Examples
    --------
    >>> r = pd.DataFrame({"item": np.array([1, 2], dtype="int16"), "value": pd.array([5, 7], dtype="Int8")})
    >>> instrument_of(r, "lfr19").scale.max
    7
    """
    carried = study_of(responses).get("instrument")
    if instrument is None:
        if carried is None:
            raise TuffkitError("these answers do not say which instrument they are on: read them with "
                               "tuffkit.read_processed(folder) (the frame then carries its study) or pass "
                               "instrument= (a built-in name such as 'lfr19', or the study's instrument file)")
        return load_instrument(carried)
    inst = load_instrument(instrument)
    if "value" in responses and "item" in responses and len(responses):
        v = responses["value"].to_numpy(dtype=float, na_value=np.nan)
        bad = np.flatnonzero((v < inst.scale.min) | (v > inst.scale.max))
        if len(bad):
            j = int(bad[0])
            raise TuffkitError(f"the answers do not fit the instrument {inst.id!r}: statement "
                               f"{int(responses['item'].iat[j])} has the answer {v[j]:g}, off its scale "
                               f"{inst.scale.min}–{inst.scale.max} ({len(bad)} answers off the scale)")
        known = {it.number for it in inst.items}
        items = set(int(i) for i in pd.unique(responses["item"].dropna()))
        if items - known:
            raise TuffkitError(f"the answers do not fit the instrument {inst.id!r}: it has no statement "
                               f"{min(items - known)} ({len(known)} statements)")
    return inst


def _followed(responses: pd.DataFrame, followed: Sequence[str] | None) -> Sequence[str]:
    """The focus group: ``followed`` when given, else the study's (refused when it has none)."""
    if followed is not None:
        return followed
    focus = study_of(responses).get("focus") or ()
    if not focus:
        raise TuffkitError("the study has no focus group of units: pass followed= (the units followed up), "
                           "or name them under focus: in study.yaml")
    return tuple(focus)


# --------------------------------------------------------------------------- groups


def mark_followed(responses: pd.DataFrame, followed: Sequence[str] | None = None) -> pd.DataFrame:
    """Add the column ``followed_up`` (``"followed-up"``/``"other"``) from unit names: ``followed``,
    or the study's focus group (``focus:`` in study.yaml) that the frame carries.

    Examples
    --------
    >>> r = pd.DataFrame({"unit": pd.Categorical(["Ronneby", "Exempelstad"])})
    >>> mark_followed(r, LFR3_FOLLOWED)["followed_up"].tolist()
    ['followed-up', 'other']
    """
    followed = _followed(responses, followed)
    unknown = set(followed) - set(responses["unit"].astype(str).unique())
    if unknown and len(unknown) == len(set(followed)):
        raise TuffkitError(f"none of the followed-up units is in the data: {', '.join(sorted(unknown))}")
    is_followed = responses["unit"].astype(str).isin(list(followed)).to_numpy()
    return responses.assign(
        followed_up=pd.Categorical.from_codes(np.where(is_followed, 0, 1), categories=list(FOLLOWED_LEVELS))
    )


def _codes(col: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes (>= 0, in a small dtype) and their labels for a grouping column; missing
    is a level of its own (the last)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy()
        labels = list(col.cat.categories)
        if len(codes) and codes.min() < 0:
            codes = np.where(codes < 0, len(labels), codes)
            labels.append(None)
        return codes, labels
    if str(col.dtype) == "boolean":
        arr = col.array
        codes = np.where(arr.isna(), 2, arr.to_numpy(dtype=bool, na_value=False)).astype(np.int8)
        return codes, [False, True, None]
    codes, uniques = pd.factorize(col, use_na_sentinel=False, sort=True)
    return codes, list(uniques)


def _check_by(responses: pd.DataFrame, by: Sequence[str]) -> list[str]:
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by if c not in responses.columns]
    if missing:
        hint = " (add it with mark_followed)" if "followed_up" in missing else ""
        raise TuffkitError(f"no column {', '.join(map(repr, missing))} in the survey frame{hint}")
    if "item" in by or "value" in by:
        raise TuffkitError("'item' and 'value' are always kept apart; do not name them in by")
    return by


def item_counts(
    responses: pd.DataFrame,
    by: Sequence[str] = (),
    min_n: int = MIN_N,
    instrument: Instrument | str | None = None,
) -> pd.DataFrame:
    """Answers per scale step for every group and statement (suppressed below ``min_n``).

    Returns one row per observed group and item with ``n`` (answers given) and
    ``n_<step>`` columns.

    Examples
    --------
    >>> r = pd.DataFrame({"item": np.array([1, 1, 1, 1, 1, 2], dtype="int16"),
    ...                   "value": pd.array([7, 7, 1, 4, 4, None], dtype="Int8")})
    >>> item_counts(r, instrument="lfr19")[["item", "n", "n_1", "n_4", "n_7"]]
       item  n  n_1  n_4  n_7
    0     1  5    1    2    2
    """
    counts = _counts(responses, by, instrument)
    steps = [c for c in counts.columns if c.startswith("n_")]
    out = suppress(counts, steps, "n", check_min_n(min_n))
    for c in steps:
        out[c] = out[c].astype("Int64")
    return out


def _counts(responses: pd.DataFrame, by: Sequence[str] = (),
            instrument: Instrument | str | None = None) -> pd.DataFrame:
    """Answers per scale step for every group and statement, in one vectorised pass (not
    suppressed: the building block of the public summaries, never shown as it is)."""
    by = _check_by(responses, by)
    inst = instrument_of(responses, instrument)
    lo, hi = inst.scale.min, inst.scale.max
    width = hi - lo + 2  # slot 0: missing
    # one key per row: group, statement and scale step (0 = no answer), built in place
    items = responses["item"].to_numpy()
    first = int(items.min()) if len(items) else 0
    item_labels = list(range(first, (int(items.max()) if len(items) else 0) + 1))
    sizes, labels, columns = [], [], []
    for col in by:
        codes, labs = _codes(responses[col])
        columns.append(codes)
        sizes.append(len(labs))
        labels.append(labs)
    steps = responses["value"].to_numpy(dtype=np.int16, na_value=lo - 1)
    total = int(np.prod(sizes, dtype=np.int64)) * len(item_labels) * width
    counts = np.zeros(total, dtype=np.int64)
    # the key of a row: group, statement and scale step (0 = no answer), built in place in
    # cache-sized chunks and counted with bincount: one pass over the data, whatever the groups
    chunk = 1 << 19
    key = np.empty(min(chunk, len(responses)), dtype=np.intp)
    for start in range(0, len(responses), chunk):
        stop = min(start + chunk, len(responses))
        k = key[: stop - start]
        k[:] = columns[0][start:stop] if columns else 0
        for codes, size in zip(columns[1:], sizes[1:], strict=True):
            k *= size
            k += codes[start:stop]
        k *= len(item_labels)
        k += items[start:stop]
        k -= first
        k *= width
        k += steps[start:stop]
        if lo != 1:
            k -= lo - 1  # a missing answer was written as lo - 1: it lands on slot 0
        counts += np.bincount(k, minlength=total)
    counts = counts.reshape(-1, width)
    answered = counts[:, 1:].sum(axis=1)
    rows = np.flatnonzero(answered > 0)
    # decode the group of each row
    rest = rows.copy()
    item_idx = rest % len(item_labels)
    rest //= len(item_labels)
    decoded = {}
    for col, size in zip(reversed(by), reversed(sizes), strict=True):
        decoded[col] = rest % size
        rest //= size
    out = pd.DataFrame({col: _like(responses[col], decoded[col], labs) for col, labs in zip(by, labels, strict=True)})
    out["item"] = np.asarray(item_labels)[item_idx].astype(np.int16)
    out["n"] = answered[rows]
    for j, step in enumerate(range(lo, hi + 1), start=1):
        out[f"n_{step}"] = counts[rows, j]
    return out


def _like(template: pd.Series, codes: np.ndarray, labels: list) -> pd.Series:
    """The labels at ``codes`` with the dtype of the grouping column ``template``."""
    if isinstance(template.dtype, pd.CategoricalDtype):
        n_cat = len(template.cat.categories)
        return pd.Series(pd.Categorical.from_codes(np.where(codes >= n_cat, -1, codes), dtype=template.dtype))
    values = np.asarray(labels, dtype=object)[codes]
    if str(template.dtype) == "boolean":
        return pd.Series(pd.array(list(values), dtype="boolean"))
    return pd.Series(values)


# --------------------------------------------------------------------------- levels


_LEVEL_COLS = ["mean", "sd", "se", "ci_low", "ci_high"]


def _moments(counts: pd.DataFrame, steps: list[int], conf: float = 0.95) -> pd.DataFrame:
    """n, mean, sd, se and a t confidence interval from counts per step."""
    c = counts[[f"n_{s}" for s in steps]].to_numpy(dtype=float)
    x = np.asarray(steps, dtype=float)
    n = c.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = c @ x / n
        ss = c @ (x**2) - n * mean**2
        sd = np.sqrt(np.where(n > 1, np.maximum(ss, 0) / (n - 1), np.nan))
    return _levels(mean, sd, n, conf, counts.index)


def _levels(mean, sd, n, conf: float, index: pd.Index) -> pd.DataFrame:
    """mean, sd, se and a t confidence interval for the mean, from n, mean and sd per group."""
    mean, sd, n = (np.asarray(a, dtype=float) for a in (mean, sd, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        se = sd / np.sqrt(n)
        # few distinct n among many groups: the quantile once per distinct degrees of freedom
        df, inverse = np.unique(np.nan_to_num(np.maximum(n - 1, 1), nan=1.0), return_inverse=True)
        t = stats.t.ppf(0.5 + conf / 2, df)[inverse.reshape(-1)]
    return pd.DataFrame({"mean": mean, "sd": sd, "se": se, "ci_low": mean - t * se, "ci_high": mean + t * se},
                        index=index)


def _with_margins(counts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Add the ``"all"`` rows: counts summed over every subset of the grouping columns."""
    num = [c for c in counts.columns if c == "n" or c.startswith("n_")]
    frames = []
    for k in range(len(by) + 1):
        for dims in itertools.combinations(by, k):
            keep = [c for c in by if c not in dims]
            g = counts.groupby(keep + ["item"], observed=True, sort=False)[num].sum().reset_index()
            for d in dims:
                g[d] = ALL
            frames.append(g[by + ["item"] + num])
    out = pd.concat(frames, ignore_index=True)
    for d in by:
        col = counts[d]
        cats = list(col.cat.categories) if isinstance(col.dtype, pd.CategoricalDtype) else sorted(
            col.dropna().unique().tolist(), key=str)
        ordered = bool(getattr(col.dtype, "ordered", False))
        out[d] = pd.Categorical(out[d].astype(object), categories=[*cats, ALL], ordered=ordered)
    return out.sort_values(by + ["item"], kind="stable").reset_index(drop=True)


def item_summary(
    responses: pd.DataFrame,
    by: Sequence[str] = ("wave",),
    min_n: int = MIN_N,
    margins: bool = False,
    instrument: Instrument | str | None = None,
    conf: float = 0.95,
) -> pd.DataFrame:
    """Level and distribution of every statement per group, with the protection of small groups.

    Parameters
    ----------
    responses
        The tidy survey frame of :func:`tuffkit.read_survey` (plus ``followed_up``
        from :func:`mark_followed` when grouping by it).
    by
        Grouping columns: any of wave, unit, function, in_management_group,
        followed_up (or another column of the frame).
    min_n
        Rows from fewer answers are blanked (see :mod:`tuffkit.privacy`).
    margins
        Add total rows (``"all"``) for every grouping column, with secondary suppression.
    conf
        Confidence level of the interval for the mean (t distribution).

    Returns
    -------
    DataFrame
        One row per group and item: ``n, mean, sd, se, ci_low, ci_high``, ``pct_<step>``
        (percent of the answers on each scale step), ``share_low``, ``share_neutral``,
        ``share_high`` (below, at and above the neutral step; percent),
        ``suppressed``, ``suppression``.

    Examples
    --------
    >>> r = pd.DataFrame({"wave": pd.Categorical(["a"] * 6, ordered=True),
    ...                   "item": np.full(6, 1, dtype="int16"),
    ...                   "value": pd.array([1, 2, 4, 6, 7, 7], dtype="Int8")})
    >>> s = item_summary(r, by=["wave"], instrument="lfr19")
    >>> s[["n", "mean", "share_low", "share_neutral", "share_high"]].round(2)
       n  mean  share_low  share_neutral  share_high
    0  6   4.5      33.33          16.67        50.0
    """
    min_n = check_min_n(min_n)
    by = _check_by(responses, by)
    inst = instrument_of(responses, instrument)
    steps = inst.scale.steps
    counts = _counts(responses, by, inst)
    if margins and by:
        counts = _with_margins(counts, by)
    out = counts[by + ["item", "n"]].copy()
    out[_LEVEL_COLS] = _moments(counts, steps, conf)
    n = counts["n"].to_numpy(dtype=float)
    pct_cols = []
    for s in steps:
        out[f"pct_{s}"] = 100 * counts[f"n_{s}"].to_numpy() / n
        pct_cols.append(f"pct_{s}")
    neutral = inst.scale.neutral
    if neutral is not None:
        out["share_low"] = out[[f"pct_{s}" for s in steps if s < neutral]].sum(axis=1)
        out["share_neutral"] = out[f"pct_{neutral}"]
        out["share_high"] = out[[f"pct_{s}" for s in steps if s > neutral]].sum(axis=1)
        pct_cols += ["share_low", "share_neutral", "share_high"]
    return suppress(out, _LEVEL_COLS + pct_cols, "n", min_n, margin_dims=by if margins else (), within=["item"])


# --------------------------------------------------------------------------- change


def _welch(m1, v1, n1, m2, v2, n2, conf: float = 0.95):
    """Difference m2 - m1, its Welch standard error, df, CI and two-sided p."""
    with np.errstate(invalid="ignore", divide="ignore"):
        a, b = v1 / n1, v2 / n2
        se = np.sqrt(a + b)
        df = (a + b) ** 2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1))
        diff = m2 - m1
        t = stats.t.ppf(0.5 + conf / 2, df)
        p = 2 * stats.t.sf(np.abs(diff / se), df)
    return diff, se, df, diff - t * se, diff + t * se, p


def _mann_whitney(c1: np.ndarray, c2: np.ndarray, steps: list[int]) -> tuple[float, float]:
    """Mann-Whitney U of sample 2 against sample 1 (from counts per step) and its two-sided p."""
    x1 = np.repeat(steps, c1.astype(int))
    x2 = np.repeat(steps, c2.astype(int))
    if len(x1) == 0 or len(x2) == 0 or np.ptp(np.concatenate([x1, x2])) == 0:
        return np.nan, np.nan
    res = stats.mannwhitneyu(x2, x1, alternative="two-sided", method="asymptotic")
    return float(res.statistic), float(res.pvalue)


def _adjust(p: pd.Series, groups: pd.Series | None, method: str) -> np.ndarray:
    """``p`` adjusted for multiple comparisons within each group (NaN stays NaN).

    Benjamini-Hochberg is scipy's ``false_discovery_control``. Holm and Bonferroni are their
    defining formulas, written here rather than taken from statsmodels' ``multipletests``,
    which costs 0.65 s to import (its module loads the knockoff regression machinery) and runs
    a full ``gc.collect()`` on every Holm call (0.1 s with the heap of a report kernel, once
    per group); the tests check all three against ``multipletests``.

    >>> _adjust(pd.Series([0.01, 0.04, 0.03]), None, "holm").round(4).tolist()
    [0.03, 0.06, 0.06]
    """
    if method not in ("holm", "bh", "fdr_bh", "bonferroni"):
        raise TuffkitError(f"adjust must be 'holm', 'bh' or 'bonferroni', got {method!r}")
    out = np.full(len(p), np.nan)
    keys = groups if groups is not None else pd.Series(0, index=p.index)
    for _, idx in p.groupby(keys, sort=False, dropna=False).groups.items():
        pos = p.index.get_indexer(idx)
        vals = p.iloc[pos].to_numpy(dtype=float)
        ok = ~np.isnan(vals)
        if ok.any():
            out[pos[ok]] = _adjusted(vals[ok], method)
    return out


def _adjusted(p: np.ndarray, method: str) -> np.ndarray:
    m = len(p)
    if method == "bonferroni":
        return np.minimum(1.0, p * m)
    if method in ("bh", "fdr_bh"):
        return stats.false_discovery_control(p, method="bh")
    # Holm's step-down: the k-th smallest p times (m - k + 1), never below an earlier one
    order = np.argsort(p, kind="stable")
    stepped = np.minimum(1.0, np.maximum.accumulate(p[order] * np.arange(m, 0, -1)))
    out = np.empty(m)
    out[order] = stepped
    return out


def _pair(counts: pd.DataFrame, by: list[str], column: str, first, second) -> pd.DataFrame:
    """Counts of ``first`` and ``second`` side by side (suffixes _from/_to), one row per group and item."""
    keys = [c for c in by if c != column] + ["item"]
    a = counts[counts[column].astype(object) == first].drop(columns=column)
    b = counts[counts[column].astype(object) == second].drop(columns=column)
    merged = a.merge(b, on=keys, how="outer", suffixes=("_from", "_to"))
    num = [c for c in merged.columns if c.startswith("n")]
    merged[num] = merged[num].fillna(0)
    return merged.sort_values(keys, kind="stable").reset_index(drop=True)


#: The statistics of a comparison that are blanked when either side is too small.
_CHANGE_VALUES = [
    "mean_from", "mean_to", "diff", "se", "df", "ci_low", "ci_high", "p_welch", "p_mannwhitney",
    "hedges_g", "rank_biserial",
]


def _compare(counts, by, column, first, second, steps, min_n, adjust, conf) -> pd.DataFrame:
    """Independent-samples comparison of ``second`` minus ``first`` in ``column`` (shared by change/gap)."""
    pairs = _pair(counts, by, column, first, second)
    keys = [c for c in by if c != column]
    cf = pairs[[f"n_{s}_from" for s in steps]].to_numpy(dtype=float)
    ct = pairs[[f"n_{s}_to" for s in steps]].to_numpy(dtype=float)
    mf = _moments(pd.DataFrame(cf, columns=[f"n_{s}" for s in steps]), steps, conf)
    mt = _moments(pd.DataFrame(ct, columns=[f"n_{s}" for s in steps]), steps, conf)
    n1, n2 = cf.sum(axis=1), ct.sum(axis=1)
    diff, se, df, lo, hi, p = _welch(mf["mean"].to_numpy(), mf["sd"].to_numpy() ** 2, n1,
                                     mt["mean"].to_numpy(), mt["sd"].to_numpy() ** 2, n2, conf)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.sqrt(((n1 - 1) * mf["sd"].to_numpy() ** 2 + (n2 - 1) * mt["sd"].to_numpy() ** 2) / (n1 + n2 - 2))
        g = diff / pooled * (1 - 3 / (4 * (n1 + n2) - 9))
    mw = [_mann_whitney(cf[i], ct[i], steps) for i in range(len(pairs))]
    u = np.array([x[0] for x in mw], dtype=float)
    out = pairs[keys + ["item"]].copy()
    out["n_from"], out["n_to"] = n1.astype(int), n2.astype(int)
    out["mean_from"], out["mean_to"] = mf["mean"].to_numpy(), mt["mean"].to_numpy()
    out["diff"], out["se"], out["df"], out["ci_low"], out["ci_high"] = diff, se, df, lo, hi
    out["p_welch"] = p
    out["p_mannwhitney"] = [x[1] for x in mw]
    out["hedges_g"] = g
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rank_biserial"] = 2 * u / (n1 * n2) - 1
    out["n"] = np.minimum(n1, n2).astype(int)
    out = suppress(out, _CHANGE_VALUES, "n", min_n)
    # adjust over the statements of each group, among the rows that are shown
    shown_p = out["p_mannwhitney"].where(~out["suppressed"])
    # a missing group value (e.g. in_management_group not stated) is a family of its own
    family = out[keys].apply(lambda c: c.astype(object).map(lambda v: "\x00NA" if pd.isna(v) else str(v))).agg(
        "|".join, axis=1) if keys and len(out) else None
    out["p_adjusted"] = _adjust(shown_p, family, adjust)
    out["adjust"] = adjust
    for col in ("n_from", "n_to"):
        out[col] = out[col].astype("Int64").mask(out["n_from"].lt(min_n) | out["n_to"].lt(min_n))
    return out


def change(
    responses: pd.DataFrame,
    from_wave: str,
    to_wave: str,
    by: Sequence[str] = (),
    min_n: int = MIN_N,
    adjust: Literal["holm", "bh", "bonferroni"] = "holm",
    instrument: Instrument | str | None = None,
    conf: float = 0.95,
) -> pd.DataFrame:
    """Change of every statement between two waves (independent samples), per group.

    Returns one row per group and statement with ``n_from, n_to, mean_from, mean_to,
    diff`` (to minus from), its Welch ``se, df, ci_low, ci_high, p_welch``, the
    Mann-Whitney ``p_mannwhitney`` and ``p_adjusted`` (Holm by default, or
    Benjamini-Hochberg with ``adjust="bh"`` or Bonferroni, over the statements of each group;
    equal to statsmodels' ``multipletests``), the effect sizes ``hedges_g`` and ``rank_biserial`` (positive: the
    later wave is higher), ``n`` (the smaller of the two), ``suppressed``.

    Examples
    --------
    >>> from tuffkit import read_survey
    >>> from tuffkit.config import RAW_DIR
    >>> c = change(read_survey(RAW_DIR).responses, "2012-10", "2013-05")
    >>> c.loc[c["item"] == 8, ["mean_from", "mean_to", "diff"]].round(2)
       mean_from  mean_to  diff
    7       3.45     4.33  0.88
    """
    by = _check_by(responses, by)
    inst = instrument_of(responses, instrument)
    waves = [str(w) for w in responses["wave"].cat.categories] if isinstance(
        responses["wave"].dtype, pd.CategoricalDtype) else list(map(str, responses["wave"].unique()))
    for w in (from_wave, to_wave):
        if str(w) not in waves:
            raise TuffkitError(f"no wave {w!r} in the data (waves: {', '.join(waves)})")
    counts = _counts(responses, [*by, "wave"], inst)
    counts["wave"] = counts["wave"].astype(str)
    out = _compare(counts, [*by, "wave"], "wave", str(from_wave), str(to_wave), inst.scale.steps,
                   check_min_n(min_n), adjust, conf)
    out.insert(len(by), "from_wave", str(from_wave))
    out.insert(len(by) + 1, "to_wave", str(to_wave))
    return out


def study_change(
    responses: pd.DataFrame,
    from_wave: str,
    to_wave: str,
    unit: str = "unit",
    min_n: int = MIN_N,
    adjust: Literal["holm", "bh", "bonferroni"] = "holm",
    instrument: Instrument | str | None = None,
    conf: float = 0.95,
) -> pd.DataFrame:
    """The change of every statement over a whole study, with respondents nested in units.

    :func:`change` on the whole study counts every respondent as independent, although the
    respondents of one unit answer more alike (they share it): its certainty is overstated. Here
    each statement's change is a random-intercept model per ``unit``
    (:func:`tuffkit.nested.random_intercept`, = R ``lme4::lmer(value ~ wave + (1 | unit))``): the
    rows of :func:`change` (``diff`` stays the difference of the two means, as the tables print
    it) with ``diff_nested`` and ``se_nested`` (the model's change and its standard error),
    ``ci_low``/``ci_high`` from them, ``p_nested`` and ``p_adjusted`` from them (over the
    statements), the intraclass correlation ``icc``, the ``design_effect`` (the variance of the
    change against the independent one) and ``n_units``.

    Examples
    --------
    >>> from tuffkit import read_survey
    >>> from tuffkit.config import RAW_DIR
    >>> c = study_change(read_survey(RAW_DIR).responses, "2012-10", "2013-05")
    >>> bool((c["design_effect"].dropna() > 0.5).all()), int(c["n_units"].max())
    (True, 19)
    """
    from scipy.stats import norm

    from tuffkit.nested import random_intercept

    if unit not in responses:
        raise TuffkitError(f"no column {unit!r} (the units respondents are nested in) in the survey frame")
    out = change(responses, from_wave, to_wave, min_n=min_n, adjust=adjust, instrument=instrument, conf=conf)
    two = responses[responses["wave"].astype(str).isin([str(from_wave), str(to_wave)])].dropna(subset=["value"])
    z = norm.ppf(1 - (1 - conf) / 2)
    cols = {k: np.full(len(out), np.nan) for k in ("diff_nested", "se_nested", "p_nested", "icc", "design_effect",
                                                    "n_units")}
    by_item = dict(tuple(two.groupby("item", observed=True, sort=False)))
    for i, row in enumerate(out.itertuples()):
        g = by_item.get(row.item)
        if g is None or bool(row.suppressed) or g[unit].nunique() < 2:
            continue
        fit = random_intercept(g["value"].astype(float), (g["wave"].astype(str) == str(to_wave)).astype(float),
                               g[unit].astype(str))
        cols["diff_nested"][i], cols["se_nested"][i] = fit["estimate"], fit["se"]
        cols["p_nested"][i] = 2 * norm.sf(abs(fit["estimate"] / fit["se"])) if fit["se"] > 0 else np.nan
        cols["icc"][i], cols["n_units"][i] = fit["icc"], fit["n_units"]
        cols["design_effect"][i] = (fit["se"] / row.se) ** 2 if row.se > 0 else np.nan
    for k, v in cols.items():
        out[k] = v
    out["n_units"] = out["n_units"].astype("Int64")
    out["ci_low"] = out["diff_nested"] - z * out["se_nested"]
    out["ci_high"] = out["diff_nested"] + z * out["se_nested"]
    out["p_adjusted"] = _adjust(out["p_nested"], None, adjust)
    return out


def top_bottom(
    frame: pd.DataFrame, value: str = "mean", top: int = 3, bottom: int = 3, by: Sequence[str] = ()
) -> pd.DataFrame:
    """The ``top`` highest and ``bottom`` lowest rows by ``value`` (suppressed rows skipped).

    Returns the rows with ``rank_position`` (``"highest"``/``"lowest"``) and ``rank``
    (1 = most extreme), per group of ``by``.

    Examples
    --------
    >>> f = pd.DataFrame({"item": [1, 2, 3, 4], "diff": [0.3, 0.9, -0.1, 0.5]})
    >>> top_bottom(f, "diff", top=1, bottom=1)[["item", "rank_position"]].values.tolist()
    [[2, 'highest'], [3, 'lowest']]
    """
    shown = frame[~frame.get("suppressed", pd.Series(False, index=frame.index)).astype(bool)]
    shown = shown.dropna(subset=[value])
    parts = []
    groups = shown.groupby(list(by), observed=True, sort=False) if by else [((), shown)]
    for _, g in groups:
        hi = g.sort_values(value, ascending=False, kind="stable").head(top).assign(rank_position="highest")
        lo = g.sort_values(value, ascending=True, kind="stable").head(bottom).assign(rank_position="lowest")
        hi["rank"] = np.arange(1, len(hi) + 1)
        lo["rank"] = np.arange(1, len(lo) + 1)
        parts += [hi, lo]
    return pd.concat(parts, ignore_index=True) if parts else shown.head(0).assign(rank_position="", rank=0)


# --------------------------------------------------------------------------- themes


def theme_scores(
    responses: pd.DataFrame, instrument: Instrument | str | None = None, min_share: float = 0.5
) -> pd.DataFrame:
    """Each respondent's score per theme: the mean of the theme's statements they answered.

    A score needs at least ``min_share`` of the theme's statements answered (else it is
    missing). Returns the respondent columns plus ``theme, score, n_items``: one row per
    respondent and theme they answered any statement of, whatever their other columns hold
    (a respondent without a role group is kept).

    Examples
    --------
    >>> r = pd.DataFrame({"respondent_id": [1, 1, 2], "wave": ["a", "a", "a"], "function": [None, None, None],
    ...                   "item": np.array([1, 2, 1], dtype="int16"), "value": pd.array([4, 6, 7], dtype="Int8")})
    >>> theme_scores(r, "lfr19")[["respondent_id", "theme", "score", "n_items"]]
       respondent_id        theme  score  n_items
    0              1  time_energy    5.0        2
    1              2  time_energy    7.0        1
    """
    inst = instrument_of(responses, instrument)
    theme_of = {it.number: it.theme for it in inst.items if it.theme}
    size = pd.Series(theme_of).value_counts().to_dict()
    r = responses.dropna(subset=["value"])
    r = r[r["item"].isin(list(theme_of))]
    keys = [c for c in responses.columns if c not in ("item", "value")]
    g = (r.assign(theme=r["item"].map(theme_of).astype(str), value=r["value"].astype(float))
         .groupby(["respondent_id", "theme"], observed=True, sort=False)["value"].agg(["mean", "size"]).reset_index())
    g = g.rename(columns={"mean": "score", "size": "n_items"})
    needed = g["theme"].map(size).astype(float)
    g.loc[g["n_items"].to_numpy(dtype=float) < min_share * needed.to_numpy(), "score"] = np.nan
    who = responses.drop_duplicates("respondent_id")[keys]
    g = who.merge(g, on="respondent_id", how="inner", validate="one_to_many")
    g["theme"] = pd.Categorical(g["theme"], categories=[th.id for th in inst.themes])
    return g.sort_values(["respondent_id", "theme"], kind="stable").reset_index(drop=True)


def theme_summary(
    responses: pd.DataFrame,
    by: Sequence[str] = ("wave",),
    min_n: int = MIN_N,
    instrument: Instrument | str | None = None,
    conf: float = 0.95,
) -> pd.DataFrame:
    """Theme scores per group: ``n, mean, sd, se, ci_low, ci_high`` (suppressed below ``min_n``)."""
    by = _check_by(responses, by)
    scores = theme_scores(responses, instrument).dropna(subset=["score"])
    g = scores.groupby([*by, "theme"], observed=True, sort=True)["score"]
    out = g.agg(n="size", mean="mean", sd="std").reset_index()
    out[_LEVEL_COLS] = _levels(out["mean"], out["sd"], out["n"], conf, out.index)
    return suppress(out, _LEVEL_COLS, "n", check_min_n(min_n))


def cronbach_alpha(
    responses: pd.DataFrame,
    items: Sequence[int],
    by: Sequence[str] = (),
    min_n: int = MIN_N,
    conf: float = 0.95,
) -> pd.DataFrame:
    """Cronbach's alpha of ``items`` with a Feldt confidence interval, per group.

    Uses the respondents who answered all ``items`` (listwise). Returns ``n`` (those
    respondents), ``k`` (items), ``alpha``, ``ci_low``, ``ci_high``; the formula and the
    interval are pingouin's (checked against it in the tests).

    Examples
    --------
    >>> from tuffkit import read_survey
    >>> from tuffkit.config import RAW_DIR
    >>> a = cronbach_alpha(read_survey(RAW_DIR).responses, items=[7, 8, 9])
    >>> a[["n", "k"]].values.tolist()
    [[467, 3]]
    """
    by = _check_by(responses, by)
    items = list(items)
    if len(items) < 2:
        raise TuffkitError("Cronbach's alpha needs at least two items")
    r = responses[responses["item"].isin(items)]
    wide = r.pivot_table(index=["respondent_id", *by], columns="item", values="value", aggfunc="first",
                         observed=True)
    missing = [i for i in items if i not in wide.columns]
    if missing:
        raise TuffkitError(f"no answers to statement(s) {', '.join(map(str, missing))}")
    wide = wide[items].dropna().astype(float)
    rows = []
    groups = wide.groupby(level=list(by), observed=True, sort=True) if by else [((), wide)]
    for key, g in groups:
        n, k = len(g), len(items)
        with np.errstate(invalid="ignore", divide="ignore"):
            total_var = g.sum(axis=1).var(ddof=1)
            alpha = k / (k - 1) * (1 - g.var(ddof=1).sum() / total_var) if n > 1 else np.nan
            df1, df2 = n - 1, (n - 1) * (k - 1)
            lo = 1 - (1 - alpha) * stats.f.isf((1 - conf) / 2, df1, df2)
            hi = 1 - (1 - alpha) * stats.f.isf(1 - (1 - conf) / 2, df1, df2)
        row = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True)) if by else {}
        rows.append({**row, "n": n, "k": k, "alpha": alpha, "ci_low": lo, "ci_high": hi})
    out = pd.DataFrame(rows, columns=[*by, "n", "k", "alpha", "ci_low", "ci_high"])
    return suppress(out, ["alpha", "ci_low", "ci_high"], "n", check_min_n(min_n))


def theme_alpha(
    responses: pd.DataFrame,
    by: Sequence[str] = (),
    min_n: int = MIN_N,
    instrument: Instrument | str | None = None,
) -> pd.DataFrame:
    """Cronbach's alpha of every theme with at least two statements (see :func:`cronbach_alpha`)."""
    inst = instrument_of(responses, instrument)
    parts = []
    for th in inst.themes:
        items = [it.number for it in inst.items if it.theme == th.id]
        if len(items) >= 2:
            parts.append(cronbach_alpha(responses, items, by, min_n).assign(theme=th.id))
    out = pd.concat(parts, ignore_index=True)
    return out[["theme", *[c for c in out.columns if c != "theme"]]]


# --------------------------------------------------------------------------- role gap, fade


def role_gap(
    responses: pd.DataFrame,
    by: Sequence[str] = ("wave",),
    min_n: int = MIN_N,
    instrument: Instrument | str | None = None,
    conf: float = 0.95,
) -> pd.DataFrame:
    """Management minus support per statement and group, with a Welch CI.

    Returns ``mean_management, mean_support, n_management, n_support, gap``
    (management minus support), ``se, ci_low, ci_high, p_welch``; suppressed when either
    role has fewer than ``min_n`` answers.
    """
    by = _check_by(responses, by)
    if "function" in by:
        raise TuffkitError("role_gap compares functions: do not group by function")
    inst = instrument_of(responses, instrument)
    counts = _counts(responses, [*by, "function"], inst)
    counts["function"] = counts["function"].astype(str)
    c = _compare(counts, [*by, "function"], "function", "support", "management", inst.scale.steps,
                 check_min_n(min_n), "holm", conf)
    c = c.rename(columns={"mean_from": "mean_support", "mean_to": "mean_management", "n_from": "n_support",
                          "n_to": "n_management", "diff": "gap"})
    keep = [*by, "item", "n_management", "n_support", "mean_management", "mean_support", "gap", "se",
            "ci_low", "ci_high", "p_welch", "n", "suppressed", "suppression"]
    return c[keep]


def role_gap_change(
    responses: pd.DataFrame,
    from_wave: str,
    to_wave: str,
    by: Sequence[str] = (),
    min_n: int = MIN_N,
    instrument: Instrument | str | None = None,
    conf: float = 0.95,
) -> pd.DataFrame:
    """How the management-support gap moves between two waves: ``gap_from, gap_to,
    gap_change`` (to minus from) with a CI from the two independent gaps' standard errors."""
    g = role_gap(responses, [*by, "wave"], min_n, instrument, conf)
    g["wave"] = g["wave"].astype(str)
    keys = [*by, "item"]
    a = g[g["wave"] == str(from_wave)].drop(columns="wave")
    b = g[g["wave"] == str(to_wave)].drop(columns="wave")
    m = a.merge(b, on=keys, suffixes=("_from", "_to"))
    z = stats.norm.ppf(0.5 + conf / 2)
    out = m[keys].copy()
    out["gap_from"], out["gap_to"] = m["gap_from"], m["gap_to"]
    out["gap_change"] = m["gap_to"] - m["gap_from"]
    se = np.sqrt(m["se_from"] ** 2 + m["se_to"] ** 2)
    out["ci_low"], out["ci_high"] = out["gap_change"] - z * se, out["gap_change"] + z * se
    out["narrowed"] = out["gap_to"].abs() < out["gap_from"].abs()
    out["suppressed"] = m["suppressed_from"] | m["suppressed_to"]
    out.loc[out["suppressed"], ["gap_from", "gap_to", "gap_change", "ci_low", "ci_high"]] = np.nan
    out["narrowed"] = out["narrowed"].where(~out["suppressed"], pd.NA)
    return out


def fade(
    responses: pd.DataFrame,
    end_wave: str | None = None,
    follow_wave: str | None = None,
    by: Sequence[str] = (),
    followed: Sequence[str] | None = None,
    min_n: int = MIN_N,
    instrument: Instrument | str | None = None,
) -> pd.DataFrame:
    """The follow-up wave minus the end-of-programme wave per statement, for the followed-up
    municipalities: :func:`change` plus ``fell_back`` (the mean went down) and
    ``fell_back_clearly`` (the whole CI is below zero). ``followed`` defaults to the study's focus
    group and the waves to its end and follow-up waves (from the frame's study)."""
    followed = _followed(responses, followed)
    info = study_of(responses)
    end_wave = end_wave if end_wave is not None else info.get("end")
    follow_wave = follow_wave if follow_wave is not None else info.get("follow_up")
    if end_wave is None or follow_wave is None:
        raise TuffkitError("which waves? pass end_wave= and follow_wave= (the study file names no end and "
                           "follow-up waves)")
    r = responses[responses["unit"].astype(str).isin(list(followed))]
    out = change(r, end_wave, follow_wave, by, min_n, instrument=instrument)
    out["fell_back"] = (out["diff"] < 0).where(~out["suppressed"], pd.NA)
    out["fell_back_clearly"] = (out["ci_high"] < 0).where(~out["suppressed"], pd.NA)
    return out


# --------------------------------------------------------------------------- indexes


def _index_groups(responses: pd.DataFrame, by: Sequence[str], inst: Instrument, min_n: int):
    """Per group of ``by`` and index of ``inst``: ``(key, index, n, mean, suppressed, pseudo)``.

    ``pseudo`` holds one value per respondent counted (answered any of the index's questions),
    whose mean is the index and whose variance over ``n`` is the index's variance: the index's
    linearisation (Taylor / influence function). For an index ``T = (1/k) sum_j m_j`` of ``k``
    question means ``m_j``, each over the ``n_j`` who answered question ``j``, respondent ``i``'s
    value is ``T + (n/k) sum_j (x_ij - m_j) / n_j`` over the questions ``i`` answered. With every
    question answered it is the respondent's own mean of the rescaled answers.
    """
    sc = inst.scale
    a, b, c, d = inst.rescale or (sc.min, sc.max, 0.0, 100.0)
    r = responses.dropna(subset=["value"])
    r = r.assign(_score=c + (r["value"].astype(float) - a) * (d - c) / (b - a))
    keys = list(by)
    for ix in inst.indexes:
        part = r[r["item"].isin(ix.items)]
        if ix.min_answered:
            answered = part.groupby("respondent_id")["item"].transform("nunique")
            part = part[answered >= ix.min_answered]
        groups = part.groupby(keys, observed=True, sort=True) if keys else [((), part)]
        for key, g in groups:
            key = key if isinstance(key, tuple) else (key,)
            per_item = g.groupby("item")["_score"].agg(["mean", "size"]).reindex(list(ix.items))
            ok = bool(per_item["size"].notna().all() and (per_item["size"] >= min_n).all())
            n = g["respondent_id"].nunique()
            if not ok:
                yield key, ix, float(n), np.nan, True, None
                continue
            mean = float(per_item["mean"].mean())
            k = len(ix.items)
            dev = (g["_score"] - g["item"].map(per_item["mean"])) / g["item"].map(per_item["size"])
            pseudo = mean + n / k * dev.groupby(g["respondent_id"]).sum()
            yield key, ix, float(n), mean, False, pseudo


def index_scores(
    responses: pd.DataFrame,
    by: Sequence[str] = ("wave",),
    instrument: Instrument | str | None = None,
    min_n: int = MIN_N,
    conf: float = 0.95,
) -> pd.DataFrame:
    """The instrument's indexes (e.g. HME's total index and its Motivation, Ledarskap and
    Styrning subindexes) per group, on the index scale (0-100 for HME).

    As Kolada describes SKR's HME ("Resultaten på varje fråga omvandlas sedan till ett index med
    skala 0-100. Totalindex formas som ett medelvärde av de nio frågorna", KPI U15200; sources in
    ``tuffkit/instruments/hme.yaml``): the answers to every question are turned into an index on
    0-100 (linearly, ``indexes.rescale`` of the instrument: 1 -> 0 ... 5 -> 100), and an index
    is the mean of its questions' indexes, each over everyone in the group who answered it. The
    total ("HME totalt") is the mean of all nine questions, which is also the mean of the three
    subindexes (three questions each), as SKR puts it. With ``min_answered`` set in the
    instrument, only respondents with at least that many answers among the index's questions
    count. A group is suppressed when any of the index's questions has fewer than ``min_n``
    answers in it.

    Returns one row per group and index: ``index, n`` (respondents with an answer to any of the
    index's questions), ``mean``, its standard error ``se`` (linearised, see :func:`index_change`)
    and a normal ``ci_low``, ``ci_high``, and ``suppressed``.

    Examples
    --------
    >>> r = pd.DataFrame({"respondent_id": [1, 1, 2, 2], "wave": "w", "item": [1, 2, 1, 2],
    ...                   "value": [5, 3, 4, 4]})
    >>> index_scores(r, instrument="hme", min_n=1).query("index == 'motivation'")[["n", "mean"]].values.tolist()
    [[2.0, nan]]
    """
    inst = instrument_of(responses, instrument)
    by = _check_by(responses, by)
    cols = [*by, "index", "n", "mean", "se", "ci_low", "ci_high", "suppressed"]
    if not inst.indexes:
        return pd.DataFrame(columns=cols)
    z = stats.norm.ppf(0.5 + conf / 2)
    rows = []
    for key, ix, n, mean, hidden, pseudo in _index_groups(responses, by, inst, check_min_n(min_n)):
        se = float(pseudo.std(ddof=1) / np.sqrt(n)) if pseudo is not None and n > 1 else np.nan
        rows.append({**dict(zip(by, key, strict=True)), "index": ix.id, "n": n, "mean": mean, "se": se,
                     "ci_low": mean - z * se, "ci_high": mean + z * se, "suppressed": hidden})
    return pd.DataFrame(rows, columns=cols)


def index_change(
    responses: pd.DataFrame,
    from_wave: str,
    to_wave: str,
    by: Sequence[str] = (),
    instrument: Instrument | str | None = None,
    min_n: int = MIN_N,
    adjust: Literal["holm", "bh", "bonferroni"] = "holm",
    conf: float = 0.95,
    unit: str | None = None,
) -> pd.DataFrame:
    """The change of every index (e.g. HME totalt and its subindexes) between two waves, per group,
    with the certainty a statement's change gets (independent samples).

    ``diff`` is the later wave's index (:func:`index_scores`) minus the earlier's. Its standard
    error comes from each respondent's linearised value (the index's influence function; with
    every question answered, the respondent's own mean of the rescaled answers): Welch's ``se,
    df, ci_low, ci_high, p_welch`` on those values. ``p_adjusted`` is Holm's (or ``adjust``) over
    the indexes of each group. With ``unit`` (e.g. ``"unit"``, for a whole study), the
    respondents are nested in units as in :func:`study_change`: the random-intercept change of
    the same values gives ``diff_nested, se_nested, p_nested, icc, n_units``, the interval and
    ``p_adjusted`` then come from it. ``n_from, n_to``: respondents counted, ``n`` the smaller;
    a side suppressed in :func:`index_scores` suppresses the row.

    Examples
    --------
    >>> r = pd.DataFrame({"respondent_id": range(12), "wave": ["a"] * 6 + ["b"] * 6, "item": 1,
    ...                   "value": [2, 3, 3, 4, 2, 3, 4, 5, 4, 4, 5, 3]})
    >>> r = pd.concat([r.assign(item=i) for i in range(1, 10)])
    >>> c = index_change(r, "a", "b", instrument="hme", min_n=5).set_index("index")
    >>> round(float(c.loc["hme", "diff"]), 2), bool(c.loc["hme", "p_welch"] < 0.05)
    (33.33, True)
    """
    inst = instrument_of(responses, instrument)
    by = _check_by(responses, by)
    min_n = check_min_n(min_n)
    if unit is not None and unit not in responses:
        raise TuffkitError(f"no column {unit!r} (the units respondents are nested in) in the survey frame")
    waves = list(map(str, responses["wave"].astype(str).unique()))
    for w in (from_wave, to_wave):
        if str(w) not in waves:
            raise TuffkitError(f"no wave {w!r} in the data (waves: {', '.join(waves)})")
    cols = [*by, "from_wave", "to_wave", "index", "n_from", "n_to", "mean_from", "mean_to", "diff", "se", "df",
            "ci_low", "ci_high", "p_welch", "diff_nested", "se_nested", "p_nested", "icc", "n_units", "n",
            "suppressed", "p_adjusted", "adjust"]
    if not inst.indexes:
        return pd.DataFrame(columns=cols)
    two = responses[responses["wave"].astype(str).isin([str(from_wave), str(to_wave)])]
    two = two.assign(wave=two["wave"].astype(str))
    sides = {(key[:-1], ix.id, key[-1]): (n, mean, hidden, pseudo)
             for key, ix, n, mean, hidden, pseudo in _index_groups(two, [*by, "wave"], inst, min_n)}
    where = two.drop_duplicates("respondent_id").set_index("respondent_id")[unit] if unit else None
    z = stats.norm.ppf(0.5 + conf / 2)
    rows = []
    for key in sorted({k[0] for k in sides}, key=lambda t: tuple(map(str, t))):
        for ix in inst.indexes:
            a = sides.get((key, ix.id, str(from_wave)), (0.0, np.nan, True, None))
            b = sides.get((key, ix.id, str(to_wave)), (0.0, np.nan, True, None))
            row = {**dict(zip(by, key, strict=True)), "from_wave": str(from_wave), "to_wave": str(to_wave),
                   "index": ix.id, "n_from": a[0], "n_to": b[0], "n": min(a[0], b[0]),
                   "suppressed": bool(a[2] or b[2] or min(a[0], b[0]) < 2)}
            if not row["suppressed"]:
                pa, pb = a[3], b[3]
                diff, se, df, lo, hi, p = _welch(a[1], pa.var(ddof=1), a[0], b[1], pb.var(ddof=1), b[0], conf)
                row.update(mean_from=a[1], mean_to=b[1], diff=diff, se=se, df=df, ci_low=lo, ci_high=hi, p_welch=p)
                if where is not None:
                    y = pd.concat([pa, pb])
                    units = where.reindex(y.index).astype(str)
                    if units.nunique() >= 2:
                        from tuffkit.nested import random_intercept

                        later = np.r_[np.zeros(len(pa)), np.ones(len(pb))]
                        fit = random_intercept(y.to_numpy(), later, units.to_numpy())
                        pn = 2 * stats.norm.sf(abs(fit["estimate"] / fit["se"])) if fit["se"] > 0 else np.nan
                        row.update(diff_nested=fit["estimate"], se_nested=fit["se"], p_nested=pn, icc=fit["icc"],
                                   n_units=fit["n_units"], ci_low=fit["estimate"] - z * fit["se"],
                                   ci_high=fit["estimate"] + z * fit["se"])
            rows.append(row)
    out = pd.DataFrame(rows, columns=cols)
    out["n_units"] = out["n_units"].astype("Int64")
    p = out["p_nested"] if unit is not None else out["p_welch"]
    family = out[by].astype(str).agg("|".join, axis=1) if by and len(out) else None
    out["p_adjusted"] = _adjust(p.where(~out["suppressed"]).astype(float), family, adjust)
    out["adjust"] = adjust
    return out


# --------------------------------------------------------------------------- ordinal model


def fit_ordinal(frame: pd.DataFrame, outcome: str, terms: Sequence[str], conf: float = 0.95) -> pd.DataFrame:
    """An ordered logit of ``outcome`` on ``terms``, fitted to the maximum by Newton's method with
    the analytic Hessian (:func:`tuffkit.ordinal.fit_ordered_logit`; agrees with R's
    ``ordinal::clm`` to 1e-12 on its wine data).

    Categorical or text terms are dummy-coded against their first level; unused outcome
    levels are dropped first (an empty step otherwise stops the fit from converging).
    Returns one row per coefficient: ``term, log_odds, se, odds_ratio, ci_low, ci_high, p``
    (the CI is for the odds ratio), plus ``n`` and ``status`` (``"ok"`` or why the model
    could not be fitted; then the numbers are missing).
    """
    data = frame[[outcome, *terms]].dropna()
    n = len(data)
    y = data[outcome]
    if not isinstance(y.dtype, pd.CategoricalDtype):
        y = y.astype(pd.CategoricalDtype(sorted(y.unique()), ordered=True))
    y = y.cat.remove_unused_categories()
    parts = []
    for t in terms:
        col = data[t]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            parts.append(col.astype(float).rename(t))
        else:
            col = col.astype("category").cat.remove_unused_categories() if not isinstance(
                col.dtype, pd.CategoricalDtype) else col.cat.remove_unused_categories()
            parts.append(pd.get_dummies(col, prefix=t, prefix_sep="=", drop_first=True, dtype=float))
    x = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=data.index)
    empty = pd.DataFrame({"term": list(x.columns) or [""], "log_odds": np.nan, "se": np.nan, "odds_ratio": np.nan,
                          "ci_low": np.nan, "ci_high": np.nan, "p": np.nan, "n": n})
    if len(y.cat.categories) < 2:
        return empty.assign(status="only one answer level: nothing to model")
    if x.shape[1] == 0 or (x.nunique() < 2).any():
        return empty.assign(status="a term has a single value in these data")
    try:
        fit = fit_ordered_logit(y.cat.codes.to_numpy(), x.to_numpy(dtype=float))
    except ValueError as exc:
        return empty.assign(status=f"could not be fitted: {exc}")
    if not fit.converged:
        return empty.assign(status="did not converge")
    names = list(x.columns)
    params = pd.Series(fit.coef, index=names)
    bse = pd.Series(fit.se_coef, index=names)
    pvals = pd.Series(2 * stats.norm.sf(np.abs(fit.coef / fit.se_coef)), index=names)
    z = stats.norm.ppf(0.5 + conf / 2)
    return pd.DataFrame({
        "term": names,
        "log_odds": params.to_numpy(),
        "se": bse.to_numpy(),
        "odds_ratio": np.exp(params.to_numpy()),
        "ci_low": np.exp(params.to_numpy() - z * bse.to_numpy()),
        "ci_high": np.exp(params.to_numpy() + z * bse.to_numpy()),
        "p": pvals.to_numpy(),
        "n": n,
        "status": "ok",
    })


def ordinal_model(
    responses: pd.DataFrame,
    items: Sequence[int] | None = None,
    terms: Sequence[str] = ("wave", "function"),
    interaction: bool = False,
    functions: Sequence[str] = ("management", "support"),
    min_n: int = MIN_N,
) -> pd.DataFrame:
    """An ordered logit per statement: value ~ wave + function (+ their interaction).

    Only the ``functions`` given take part (not stated is left out by default), and a
    level of a term with fewer than ``min_n`` answers is left out of that statement's
    model. Returns one row per statement and coefficient, odds ratios with CIs
    (odds of a higher answer against the reference level: the first wave, management),
    and ``status`` for each model.
    """
    r = responses.dropna(subset=["value"])
    if "function" in r.columns:
        r = r[r["function"].astype(str).isin(list(functions))]
    items = list(items) if items is not None else sorted(r["item"].unique().tolist())
    parts = []
    for item in items:
        d = r[r["item"] == item].copy()
        for t in terms:
            if not pd.api.types.is_numeric_dtype(d[t]):
                counts = d[t].astype(str).value_counts()
                d = d[d[t].astype(str).isin(counts[counts >= min_n].index)]
        frame = d[["value", *terms]].copy()
        frame["value"] = frame["value"].astype(int)
        extra = []
        if interaction and len(terms) == 2:
            dummies = [
                pd.get_dummies(frame[t].astype(str), prefix=t, prefix_sep="=", drop_first=True, dtype=float)
                for t in terms
            ]
            for ca in dummies[0].columns:
                for cb in dummies[1].columns:
                    frame[f"{ca}:{cb}"] = dummies[0][ca] * dummies[1][cb]
                    extra.append(f"{ca}:{cb}")
        res = fit_ordinal(frame, "value", [*terms, *extra])
        parts.append(res.assign(item=item))
    out = pd.concat(parts, ignore_index=True)
    return out[["item", *[c for c in out.columns if c != "item"]]]


# --------------------------------------------------------------------------- response


#: a response rate below this is low: its results are read with caution
LOW_RESPONSE = 0.6


def response(
    responses: pd.DataFrame,
    by: Sequence[str] = ("wave",),
    invited: pd.DataFrame | None = None,
    low: float = LOW_RESPONSE,
    min_n: int = MIN_N,
) -> pd.DataFrame:
    """Respondents per group; with ``invited`` (the grouping columns plus ``invited``),
    the response rate and ``low_response`` (rate below ``low``).

    Counts below ``min_n`` are shown as missing (``suppressed``); the rate stays, as it
    describes the survey rather than the answers.
    """
    by = _check_by(responses, by)
    resp = responses.drop_duplicates("respondent_id")
    out = resp.groupby(list(by), observed=True, sort=True).size().rename("n").reset_index() if by else \
        pd.DataFrame({"n": [len(resp)]})
    if invited is not None:
        if "invited" not in invited.columns or not set(by) <= set(invited.columns):
            raise TuffkitError(f"invited needs the columns {', '.join([*by, 'invited'])}")
        inv = invited[[*by, "invited"]].copy()
        for c in by:
            inv[c] = inv[c].astype(str)
        key = out[list(by)].astype(str)
        merged = key.merge(inv, on=list(by), how="left")
        out["invited"] = merged["invited"].to_numpy()
        out["response_rate"] = out["n"] / out["invited"]
        out["low_response"] = out["response_rate"] < low
    out = suppress(out, [], "n", check_min_n(min_n))
    return out
