"""Protection of small groups: the one place where every public summary is suppressed.

Anonymous survey answers are personal data. The rules, applied inside every
public summary of :mod:`tuffkit.survey` (so no caller can forget them):

Primary suppression
    A row computed from fewer than ``min_n`` respondents is blanked: every
    statistic (and its ``n``) becomes missing, ``suppressed`` is True and
    ``suppression`` says ``"primary"``.
Secondary (complementary) suppression
    Where a table shows a total beside the groups it is made of (the ``"all"``
    rows of ``margins=True``), a blanked group could be recovered by
    subtraction: total minus the groups shown. So within each such set the
    smallest shown groups are blanked as well (``suppression="secondary"``)
    until at least two groups are blanked and together hold at least ``min_n``
    respondents (or, when no group is left, the total is blanked), repeated
    over every dimension until nothing changes.

Splits (:func:`split_allowed`, :func:`suppress_splits`)
    A group is shown split into parts (management, support, not stated) only when
    every part is empty or holds at least ``min_n`` respondents: a part of 1 beside
    its total and the other parts would be the total minus the others, in a count,
    a mean or a distribution. Otherwise only the group's total is shown. Counted on
    the answers to each statement (a statement's parts) or on respondents (counts).

Two tables computed separately do not know each other: show a total and its
groups from one call with ``margins=True``.

The rule over everything published together (:func:`exposed_groups`)
    Each published count, sum, mean or distribution is a linear statistic of a group
    of respondents. A group of fewer than ``min_n`` (and more than 0) respondents is
    exposed when its indicator lies in the linear span of the published groups'
    indicators: some combination of published numbers (a total minus its parts, one
    report minus another, a figure minus a figure) gives its count, sum or
    distribution. :func:`exposed_groups` finds every such group, exactly.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Hashable, Sequence

import numpy as np
import pandas as pd

from tuffkit.config import MIN_N
from tuffkit.errors import TuffkitError

__all__ = ["ALL", "suppress", "check_min_n", "split_allowed", "suppress_splits", "exposed_groups",
           "exposed_atoms"]

#: The label of a margin (total) row in a grouping column.
ALL = "all"


def check_min_n(min_n: int) -> int:
    """Validate ``min_n`` (a whole number of at least 1)."""
    if isinstance(min_n, bool) or not isinstance(min_n, (int, np.integer)) or min_n < 1:
        raise TuffkitError(f"min_n must be a whole number of at least 1, got {min_n!r}")
    return int(min_n)


def _safe(members: np.ndarray, hidden: np.ndarray, n: np.ndarray, min_n: int) -> bool:
    """Whether the blanked members beside a shown total are safe: none, or at least two that
    together hold ``min_n`` respondents (one alone is the total minus the others)."""
    blanked = members[hidden[members]]
    return len(blanked) == 0 or (len(blanked) >= 2 and n[blanked].sum() >= min_n)


def suppress(
    frame: pd.DataFrame,
    value_cols: Sequence[str],
    n_col: str = "n",
    min_n: int = MIN_N,
    margin_dims: Sequence[str] = (),
    within: Sequence[str] = (),
) -> pd.DataFrame:
    """Blank the rows computed from fewer than ``min_n`` respondents, and their complements.

    Parameters
    ----------
    frame
        A summary with one row per group and a column ``n_col`` of respondents.
    value_cols
        The statistics to blank (``n_col`` is blanked too on primary suppression).
    min_n
        The smallest group that may be shown.
    margin_dims
        Grouping columns in which the value :data:`ALL` marks a total of the other
        values (secondary suppression runs over these).
    within
        Further columns that split the table into independent parts (e.g. ``item``).

    Returns
    -------
    DataFrame
        A copy with ``suppressed`` (bool) and ``suppression`` (``""``, ``"primary"``,
        ``"secondary"``) columns.

    Examples
    --------
    A not-stated group of 1 beside the total: support is blanked too, or the total
    minus management and support would give the lone respondent's answer.

    >>> t = pd.DataFrame({"function": ["all", "management", "support", "not_stated"],
    ...                   "n": [12, 6, 5, 1], "mean": [4.0, 4.5, 3.6, 2.0]})
    >>> suppress(t, ["mean"], margin_dims=["function"])[["function", "n", "mean", "suppression"]]
         function     n  mean suppression
    0         all    12   4.0
    1  management     6   4.5
    2     support     5   NaN   secondary
    3  not_stated  <NA>   NaN     primary
    """
    min_n = check_min_n(min_n)
    out = frame.copy()
    n = out[n_col].to_numpy(dtype=float, na_value=0)
    primary = n < min_n
    hidden = primary.copy()
    secondary = np.zeros(len(out), dtype=bool)
    if margin_dims:
        keys = {d: out[d].astype(str).to_numpy() for d in margin_dims}
        changed = True
        while changed:
            changed = False
            for d in margin_dims:
                others = [c for c in margin_dims if c != d] + list(within)
                groups = (
                    out.groupby([out[c].astype(str) for c in others], sort=False, dropna=False).indices
                    if others else {(): np.arange(len(out))}
                )
                for idx in groups.values():
                    members = idx[keys[d][idx] != ALL]
                    total = idx[keys[d][idx] == ALL]
                    if not len(total) or hidden[total].all():
                        continue
                    if _safe(members, hidden, n, min_n):
                        continue
                    changed = True
                    shown = members[~hidden[members]]
                    for k in shown[np.argsort(n[shown], kind="stable")]:
                        hidden[k] = secondary[k] = True
                        if _safe(members, hidden, n, min_n):
                            break
                    else:  # no member left to blank: the total itself would give the group away
                        hidden[total] = secondary[total] = True
    for col in value_cols:
        out.loc[hidden, col] = np.nan
    if primary.any():
        out[n_col] = out[n_col].astype("Int64")
        out.loc[primary, n_col] = pd.NA
    out["suppressed"] = hidden
    out["suppression"] = np.where(primary, "primary", np.where(secondary, "secondary", ""))
    return out


def split_allowed(parts: Sequence[int], min_n: int = MIN_N) -> bool:
    """Whether a group may be shown split into ``parts`` (their sizes) beside its total:
    every part is 0 or at least ``min_n``, and so is the total.

    >>> split_allowed([6, 5, 0]), split_allowed([6, 5, 1]), split_allowed([0, 0, 0])
    (True, False, True)
    """
    min_n = check_min_n(min_n)
    sizes = [int(p) for p in parts]
    total = sum(sizes)
    return all(p == 0 or p >= min_n for p in sizes) and (total == 0 or total >= min_n)


def suppress_splits(summary: pd.DataFrame, responses: pd.DataFrame, by: Sequence[str], part: str = "function",
                    min_n: int = MIN_N, per_item: bool = True) -> pd.DataFrame:
    """Blank the rows of ``summary`` whose group may not be shown split by ``part``.

    ``summary`` has one row per group of ``by`` (and ``item`` when ``per_item``), for
    example :func:`tuffkit.survey.item_summary` by wave and function, or
    :func:`tuffkit.survey.role_gap` by wave. A group's split is allowed when
    :func:`split_allowed` holds for the sizes of its parts, counted in ``responses``
    (the tidy frame the summary was computed from): the respondents who answered each
    statement (``per_item``) or the respondents. Rows of other groups get every statistic
    blanked, ``suppressed`` True and ``suppression`` ``"split"``.

    Examples
    --------
    >>> r = pd.DataFrame({"respondent_id": range(12), "wave": "2013-05", "item": 1, "value": 4.0,
    ...                   "function": ["management"] * 6 + ["support"] * 5 + ["not_stated"]})
    >>> s = pd.DataFrame({"wave": ["2013-05"] * 2, "item": [1, 1], "function": ["management", "support"],
    ...                   "n": [6, 5], "mean": [4.0, 4.0], "suppressed": False, "suppression": ""})
    >>> suppress_splits(s, r, by=["wave"])[["function", "n", "mean", "suppression"]]
         function     n  mean suppression
    0  management  <NA>   NaN       split
    1     support  <NA>   NaN       split
    """
    min_n = check_min_n(min_n)

    def allowed_by(keys: list[str], rows: pd.DataFrame) -> dict[tuple[str, ...], bool]:
        counts = (rows.groupby([_keyed(rows[k]) for k in keys] + [rows[part].astype(str)], observed=True)
                  ["respondent_id"].nunique().unstack(part, fill_value=0))
        return {key if isinstance(key, tuple) else (key,): split_allowed(row, min_n)
                for key, row in zip(counts.index, counts.to_numpy(), strict=True)}

    # the respondents' split too: a statement's parts beside the respondent counts of the method
    # box would give the count of those who skipped it
    groups = allowed_by(list(by), responses)
    items = allowed_by([*by, "item"], responses[responses["value"].notna()]) if per_item else {}
    out = summary.copy()
    own = list(zip(*(_keyed(out[k]) for k in by), strict=True)) if len(out) else []
    blank = np.array([not groups.get(key, False) for key in own], dtype=bool)
    if per_item and len(out):
        own_items = list(zip(*(_keyed(out[k]) for k in [*by, "item"]), strict=True))
        blank |= np.array([not items.get(key, False) for key in own_items], dtype=bool)
    if blank.any():
        fixed = set(by) | {"item", part, "suppressed", "suppression"}
        for col in out.columns:
            numeric = pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col])
            if col in fixed or not numeric:
                continue
            if pd.api.types.is_integer_dtype(out[col]):
                out[col] = out[col].astype("Int64")
            out.loc[blank, col] = pd.NA if out[col].dtype == "Int64" else np.nan
        out["suppressed"] = out["suppressed"].astype(bool) | blank if "suppressed" in out else blank
        prior = out["suppression"].astype(str) if "suppression" in out else pd.Series("", index=out.index)
        out["suppression"] = np.where(blank & ~prior.isin(["primary"]), "split", prior)
    return out


def _keyed(col: pd.Series) -> pd.Series:
    """A grouping column as text that matches however it was typed (1, 1.0 and "1" alike)."""
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return col.map(lambda v: str(int(v)) if pd.notna(v) and float(v).is_integer() else str(v))
    return col.astype(str)


def exposed_groups(published: Sequence[Collection[Hashable]], min_n: int = MIN_N,
                   max_candidates: int = 2_000_000) -> list[frozenset]:
    """The groups of fewer than ``min_n`` (and more than 0) members whose count, sum, mean or
    distribution can be worked out from statistics published over the groups ``published``
    (each a collection of respondent ids), alone or combined; [] when there is none.

    Exact up to floating point (a projection with a 1e-9 tolerance, ample for 0/1 indicators
    of this size): every combination of the published groups' indicators is constant on the *atoms*
    (the members that belong to exactly the same published groups), so an exposed group is a
    union of atoms of fewer than ``min_n`` members together; :func:`exposed_atoms` finds every
    such union that lies in the span.

    Raises
    ------
    TuffkitError
        More than ``max_candidates`` unions of small atoms to test: too many small groups are
        published to tell; the audit fails rather than passes.

    Examples
    --------
    A total of 12 beside management (6) and support (5): the lone not-stated respondent is
    the total minus the others. Without the total, nothing is exposed.

    >>> total, mgmt, supp = set(range(12)), set(range(6)), set(range(6, 11))
    >>> exposed_groups([total, mgmt, supp])
    [frozenset({11})]
    >>> exposed_groups([mgmt, supp])
    []
    """
    min_n = check_min_n(min_n)
    sets = [frozenset(s) for s in published]
    members = sorted(set().union(*sets), key=repr) if sets else []
    signature: dict[Hashable, tuple[int, ...]] = {m: () for m in members}
    for k, s in enumerate(sets):
        for m in s:
            signature[m] += (k,)
    atoms: dict[tuple[int, ...], list[Hashable]] = {}
    for m in members:
        atoms.setdefault(signature[m], []).append(m)
    keys = list(atoms)
    a = np.zeros((len(sets), len(keys)))
    for j, key in enumerate(keys):
        a[list(key), j] = 1.0
    found = exposed_atoms(a, [len(atoms[k]) for k in keys], min_n, max_candidates)
    groups = [frozenset().union(*(atoms[keys[j]] for j in combo)) for combo in found]
    return sorted(groups, key=lambda g: (len(g), sorted(map(repr, g))))


def exposed_atoms(a: np.ndarray, sizes: Sequence[int], min_n: int = MIN_N,
                  max_candidates: int = 2_000_000) -> list[tuple[int, ...]]:
    """The unions of columns of ``a`` (published groups x atoms, 0/1) holding together fewer than
    ``min_n`` (and more than 0) members (``sizes``: the members of each atom) whose indicator lies
    in the row space of ``a``: each as the tuple of its atoms' column numbers.

    A union lies in the row space exactly when its indicator is orthogonal to the null space of
    ``a``. Two random vectors of the null space give every atom two numbers; a union is a
    candidate when its atoms' numbers sum to zero, found by meeting in the middle (the unions of
    up to half the atoms a small group can hold, sorted, each looked up against the others), and
    every candidate is confirmed by an exact projection (1e-9 tolerance, ample for 0/1 data).

    >>> a = np.array([[1, 1, 1], [1, 0, 0], [0, 1, 0]], dtype=float)   # total, part 1, part 2
    >>> exposed_atoms(a, [6, 5, 1])
    [(2,)]
    """
    min_n = check_min_n(min_n)
    a = np.asarray(a, dtype=float)
    sizes = np.asarray(sizes, dtype=np.int64)
    small = np.flatnonzero((sizes > 0) & (sizes < min_n))
    if not len(small) or not a.size:
        return []
    # an orthonormal basis of the row space: a rank-revealing (pivoted) QR of a's transpose
    from scipy.linalg import qr

    q, r_, _ = qr(a.T, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r_))
    tol = diag.max() * max(a.shape) * np.finfo(float).eps * 10 if diag.size else 0.0
    rank = int((diag > tol).sum()) if diag.size and diag.max() > 0 else 0
    basis = q[:, :rank].T

    def outside(x: np.ndarray) -> np.ndarray:  # what x leaves outside the row space
        return x - basis.T @ (basis @ x)

    z = outside(np.random.default_rng(20121001).standard_normal((a.shape[1], 2)))
    g, size = z[small], sizes[small]
    # the halves: unions of up to ceil((min_n - 1) / 2) small atoms (rows of atom numbers, -1 for
    # none; the empty one included), with the sums of their numbers and their sizes
    depth = (min_n - 1) // 2 + (min_n - 1) % 2
    blocks = [np.full((1, depth), -1, dtype=np.int64)]
    count = 1
    for r in range(1, depth + 1):
        if r == 1:
            new = np.arange(len(small))[:, None]
        elif r == 2:
            i, j = np.triu_indices(len(small), 1)
            keep = size[i] + size[j] < min_n
            new = np.stack([i[keep], j[keep]], axis=1)
        else:
            if math.comb(len(small), r) > max_candidates:
                raise TuffkitError(f"more than {max_candidates:,} combinations of groups smaller than {min_n} to "
                                   "check: too many small groups are published to rule out that one is exposed")
            new = np.array([c for c in itertools.combinations(range(len(small)), r) if size[list(c)].sum() < min_n],
                           dtype=np.int64).reshape(-1, r)
        count += len(new)
        if count > max_candidates:
            raise TuffkitError(f"more than {max_candidates:,} combinations of groups smaller than {min_n} to "
                               "check: too many small groups are published to rule out that one is exposed")
        blocks.append(np.pad(new, ((0, 0), (0, depth - r)), constant_values=-1))
    rows = np.concatenate(blocks)
    used = rows >= 0
    g0 = np.vstack([g, np.zeros((1, 2))])  # row -1: nothing
    s0 = np.append(size, 0)
    sums = g0[rows].sum(axis=1)
    hsize = s0[rows].sum(axis=1)
    halves = [tuple(int(x) for x in row[m]) for row, m in zip(rows, used, strict=True)] if len(rows) < 50 else None

    def half(k: int) -> tuple[int, ...]:
        return halves[k] if halves is not None else tuple(int(x) for x in rows[k][used[k]])

    order = np.argsort(sums[:, 0], kind="stable")
    sorted0 = sums[order, 0]
    tol = 1e-7 * (1.0 + float(np.abs(g).max()))
    lo = np.searchsorted(sorted0, -sums[:, 0] - tol, side="left")
    hi = np.searchsorted(sorted0, -sums[:, 0] + tol, side="right")
    found: set[tuple[int, ...]] = set()
    for k in np.flatnonzero(hi > lo):
        for other in order[lo[k]:hi[k]]:
            if hsize[k] + hsize[other] >= min_n:
                continue
            mine, theirs = set(half(k)), set(half(int(other)))
            union = mine | theirs
            if not union or mine & theirs:
                continue
            if abs(sums[k, 1] + sums[other, 1]) > tol:
                continue
            combo = tuple(sorted(int(small[i]) for i in union))
            if combo in found:
                continue
            x = np.zeros(a.shape[1])
            x[list(combo)] = 1.0
            if np.linalg.norm(outside(x)) < 1e-9 * max(1.0, np.sqrt(len(combo))):
                found.add(combo)
    return sorted(found, key=lambda c: (sizes[list(c)].sum(), c))
