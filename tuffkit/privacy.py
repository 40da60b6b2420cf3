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

Two tables computed separately do not know each other: show a total and its
groups from one call with ``margins=True``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tuffkit.config import MIN_N
from tuffkit.errors import TuffkitError

__all__ = ["ALL", "suppress", "check_min_n"]

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
