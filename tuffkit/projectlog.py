"""Metrics of the improvement log: pure functions, a tidy frame in and a tidy frame out.

Each takes the ``entries`` frame of :func:`tuffkit.ingest.projectlog.read_project_log` (or the
``project_log.parquet`` of ``tuffkit ingest-log``) and returns one row per unit and
group with its ``n``. No I/O, no printing, no plotting.

Lead times are in days, Kaplan–Meier estimates that count the items still waiting
(:func:`lead_times`). An interval whose end is dated before its start (a decision before the
escalation: listed as a problem by the loader) is left out and counted in ``n_inconsistent``;
one still waiting for its end is counted in ``n_pending`` and censored at the as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from tuffkit import survival
from tuffkit.errors import TuffkitError
from tuffkit.names import find_name
from tuffkit.tidy import KINDS, ORIGINS, STAGES, STATUSES

__all__ = [
    "monthly_counts",
    "funnel",
    "lead_times",
    "open_obstacles",
    "obstacle_ages",
    "co_creation",
    "implemented_share",
    "hours_freed",
    "spread",
    "AGE_BANDS",
]

#: the age bands of still-open obstacles, in days: (label, lowest, highest)
AGE_BANDS: list[tuple[str, int, float]] = [("0-30", 0, 30), ("31-90", 31, 90), ("91-180", 91, 180),
                                           ("181+", 181, np.inf)]
_OPEN = ("open", "in_progress")
_INTERVALS = {
    "created_to_decision": ("created", "decided"),
    "escalated_to_decision": ("escalated", "decided"),
    "created_to_closed": ("created", "closed"),
}


def _units(entries: pd.DataFrame, unit: str | Sequence[str] | None) -> pd.DataFrame:
    if unit is None:
        return entries
    known = sorted(str(u) for u in entries["unit"].dropna().unique())
    units = [find_name(u, known, what="unit", where="the project log")
             for u in ([unit] if isinstance(unit, str) else unit)]
    return entries[entries["unit"].isin(units)]


def _asof(entries: pd.DataFrame, asof: str | dt.date | pd.Timestamp | None) -> pd.Timestamp:
    """The date the log is read at: ``asof``, or the last date written in it."""
    if asof is not None and str(asof) != "":
        return pd.Timestamp(asof).normalize()
    dates = entries[["created", "escalated", "decided", "closed"]].stack().dropna()
    return pd.Timestamp(dates.max()).normalize() if len(dates) else pd.Timestamp.today().normalize()


def monthly_counts(entries: pd.DataFrame, by: str = "kind", unit: str | Sequence[str] | None = None,
                   date: str = "created", start: str | dt.date | None = None,
                   end: str | dt.date | None = None) -> pd.DataFrame:
    """Entries per unit, month and ``by`` (kind, stage, status, origin or team), with every
    month from ``start`` to ``end`` (default: the unit's first and last entry); months
    without entries have ``n = 0``, which a run chart needs. Entries outside the months
    are left out; entries without a value of ``by`` are counted as ``"unknown"``.

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["A", "A", "A"], "kind": pd.Categorical(["idea", "idea", "obstacle"]),
    ...                   "created": pd.to_datetime(["2021-01-05", "2021-03-01", "2021-03-09"])})
    >>> monthly_counts(e).query("kind == 'idea'")[["month", "n"]].to_string(index=False)
    '  month  n\\n2021-01  1\\n2021-02  0\\n2021-03  1'
    """
    if by not in entries or date not in entries:
        raise TuffkitError(f"monthly_counts: no column {by if by not in entries else date!r} in the entries")
    e = _units(entries, unit).dropna(subset=[date])
    levels = list(e[by].cat.categories) if isinstance(e[by].dtype, pd.CategoricalDtype) else sorted(
        e[by].dropna().unique())
    if e[by].isna().any():  # entries without a value are counted too, as "unknown"
        levels.append("unknown")
        e = e.assign(**{by: e[by].astype(object).where(e[by].notna(), "unknown")})
    rows = []
    for u, g in e.groupby("unit", sort=True, observed=True):
        first = pd.Timestamp(start) if start is not None else g[date].min()
        last = pd.Timestamp(end) if end is not None else g[date].max()
        months = pd.period_range(first, last, freq="M")
        counts = g.groupby([g[date].dt.to_period("M"), g[by]], observed=False).size()
        for m in months:
            for lvl in levels:
                rows.append((u, str(m), lvl, int(counts.get((m, lvl), 0))))
    return pd.DataFrame(rows, columns=["unit", "month", by, "n"]).astype({"n": "int64"})


def funnel(entries: pd.DataFrame, kind: str = "idea", unit: str | Sequence[str] | None = None) -> pd.DataFrame:
    """How far the ``kind`` entries got through Innovationsguiden's steps, per unit: ``n_at`` are
    at the step now, ``n_reached`` at it or beyond, ``share_reached`` of the ``n_total`` with a
    step (entries without a step are counted in ``n_unknown``).

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["A"] * 3, "kind": ["idea"] * 3,
    ...                   "stage": pd.Categorical(["test", "scope", None], categories=STAGES, ordered=True)})
    >>> funnel(e)[["stage", "n_at", "n_reached"]].head(2).to_string(index=False)
    '  stage  n_at  n_reached\\n  scope     1          2\\nexplore     0          1'
    """
    e = _units(entries, unit)
    e = e[e["kind"].astype("string") == kind]
    rows = []
    for u, g in e.groupby("unit", sort=True):
        stage = g["stage"].astype("string")
        known = stage.dropna()
        total = len(known)
        for k, s in enumerate(STAGES):
            reached = int(known.isin(STAGES[k:]).sum())
            rows.append({"unit": u, "stage": s, "n_at": int((known == s).sum()), "n_reached": reached,
                         "n_total": total, "share_reached": reached / total if total else np.nan,
                         "n_unknown": int(stage.isna().sum())})
    out = pd.DataFrame(rows, columns=["unit", "stage", "n_at", "n_reached", "n_total", "share_reached", "n_unknown"])
    out["stage"] = pd.Categorical(out["stage"], categories=STAGES, ordered=True)
    return out


def lead_times(entries: pd.DataFrame, kind: str | None = "obstacle", unit: str | Sequence[str] | None = None,
               intervals: Sequence[str] = tuple(_INTERVALS), asof: str | dt.date | pd.Timestamp | None = None,
               level: float = 0.95) -> pd.DataFrame:
    """Days from one date to another per unit and interval, counting the items still waiting.

    Every item with a start date counts (``n``): ``n_ended`` reached the end; ``n_pending`` are
    open and still waiting at ``asof`` (default: the last date in the log) and are censored
    there; ``n_closed`` were closed without the end (an obstacle stopped before any decision)
    and are censored at their closing; ``n_inconsistent`` end before they start and are left
    out. ``median_days`` is the Kaplan–Meier median (:func:`tuffkit.survival.km_median`, equal
    to R's ``survfit``), ``median_low``/``median_high`` its ``level`` confidence interval
    (``conf.type = "log"``), ``p80_days`` the time by which 80 % have ended; NaN when the
    curve does not get that far (more than half still waiting). A median of the ended ones
    alone would leave out exactly the slow ones.

    Intervals: ``created_to_decision``, ``escalated_to_decision``, ``created_to_closed``.

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["A"] * 3, "kind": ["obstacle"] * 3, "status": ["implemented"] * 2 + ["open"],
    ...     "created": pd.to_datetime(["2021-01-01"] * 3), "escalated": pd.to_datetime(["2021-01-01"] * 3),
    ...     "decided": pd.to_datetime(["2021-01-11", "2021-01-31", None]), "closed": pd.NaT})
    >>> lt = lead_times(e, intervals=["escalated_to_decision"], asof="2021-03-01")
    >>> lt[["n", "n_ended", "n_pending", "median_days", "p80_days"]]
       n  n_ended  n_pending  median_days  p80_days
    0  3        2          1         30.0       NaN
    """
    unknown = [i for i in intervals if i not in _INTERVALS]
    if unknown:
        raise TuffkitError(f"unknown interval {unknown[0]!r}; use {', '.join(_INTERVALS)}")
    when = _asof(entries, asof)
    e = _units(entries, unit)
    if kind is not None:
        e = e[e["kind"].astype("string") == kind]
    rows = []
    for u, g in e.groupby("unit", sort=True):
        for name in intervals:
            a, b = _INTERVALS[name]
            started = g[g[a].notna() & (g[a] <= when)]
            end = started[b].where(started[b] <= when)  # what happened after asof had not happened yet
            days = (end - started[a]).dt.days
            ended = days.notna() & (days >= 0)
            wrong = days.notna() & (days < 0)
            # closed without the end (never so for the interval that ends at the closing)
            closed = started["closed"].notna() & (started["closed"] <= when) & days.isna() & (b != "closed")
            # the rest have not ended: waiting at asof (or left the log's process undated, also at asof)
            pending = days.isna() & ~closed
            stop = pd.Series(when, index=started.index).where(~closed, started["closed"])
            wait = (stop - started[a]).dt.days.clip(lower=0)
            use = ~wrong
            time = days.where(ended, wait)[use].to_numpy(dtype=float)
            km = survival.km_median(time, ended[use].to_numpy(dtype=float), level=level)
            rows.append({"unit": u, "kind": kind or "all", "interval": name, "n": int(use.sum()),
                         "n_ended": int(ended.sum()), "n_pending": int(pending.sum()), "n_closed": int(closed.sum()),
                         "median_days": km["median"], "median_low": km["lower"], "median_high": km["upper"],
                         "p80_days": km["p80"], "n_inconsistent": int(wrong.sum())})
    return pd.DataFrame(rows, columns=["unit", "kind", "interval", "n", "n_ended", "n_pending", "n_closed",
                                       "median_days", "median_low", "median_high", "p80_days", "n_inconsistent"])


def open_obstacles(entries: pd.DataFrame, asof: str | dt.date | None = None,
                   unit: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The obstacles open at ``asof`` (default: the last date in the log), oldest first: those
    open or in progress and not closed, and those closed after ``asof``. Dates after ``asof``
    (an escalation, a decision) count as not yet there. For each: id, title, age in days,
    days since the escalation to LT (missing if not escalated) and the age band. Titles
    only: the free-text description is not in this frame.
    """
    e = _units(entries, unit)
    when = _asof(entries, asof)
    is_open = e["status"].astype("string").isin(_OPEN).fillna(False) & e["closed"].isna()
    closed_later = e["closed"].notna() & (e["closed"] > when)  # open on the day asked for
    o = e[(e["kind"].astype("string") == "obstacle") & (is_open | closed_later)
          & (e["created"].isna() | (e["created"] <= when))]
    # what happened after asof had not happened yet
    escalated = o["escalated"].where(o["escalated"] <= when)
    decided = o["decided"].where(o["decided"] <= when)
    out = pd.DataFrame({
        "unit": o["unit"], "id": o["id"], "title": o["title"], "created": o["created"], "status": o["status"],
        "escalated": escalated, "decided": decided,
        "age_days": (when - o["created"]).dt.days.astype("Int64"),
        "days_since_escalation": (when - escalated).dt.days.astype("Int64"),
    })
    out["age_band"] = pd.Categorical(_band(out["age_days"]), categories=[b[0] for b in AGE_BANDS], ordered=True)
    out["n"] = 1
    return out.sort_values(["unit", "age_days"], ascending=[True, False], na_position="last").reset_index(drop=True)


def _band(days: pd.Series) -> list[str | None]:
    out = []
    for d in days:
        out.append(None if pd.isna(d) else next(label for label, lo, hi in AGE_BANDS if lo <= d <= hi))
    return out


def obstacle_ages(entries: pd.DataFrame, asof: str | dt.date | None = None,
                  unit: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Open obstacles per unit and age band (every band listed, ``n = 0`` when empty).

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["A", "A"], "id": ["1", "2"], "title": ["x", "y"],
    ...     "kind": ["obstacle"] * 2, "status": ["open", "implemented"],
    ...     "created": pd.to_datetime(["2021-01-01", "2021-01-01"]), "escalated": pd.NaT, "decided": pd.NaT,
    ...     "closed": pd.NaT})
    >>> obstacle_ages(e, asof="2021-03-01")["n"].tolist()
    [0, 1, 0, 0]
    """
    o = open_obstacles(entries, asof, unit)
    units = sorted(_units(entries, unit)["unit"].unique())
    counts = o.groupby(["unit", "age_band"], observed=False).size()
    rows = [{"unit": u, "age_band": b, "n": int(counts.get((u, b), 0))} for u in units for b, _, _ in AGE_BANDS]
    out = pd.DataFrame(rows, columns=["unit", "age_band", "n"])
    out["age_band"] = pd.Categorical(out["age_band"], categories=[b[0] for b in AGE_BANDS], ordered=True)
    return out


def co_creation(entries: pd.DataFrame, kind: str = "idea", unit: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Where the ``kind`` entries came from, per unit and origin: ``n``, ``share`` of those with a
    known origin (``n_known``), and ``co_created``: residents and relatives (medskapande).

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["A"] * 4, "kind": ["idea"] * 4,
    ...                   "origin": ["staff", "staff", "relative", None]})
    >>> co_creation(e).set_index("origin").loc[["staff", "relative"], ["n", "share"]]
              n     share
    origin
    staff     2  0.666667
    relative  1  0.333333
    """
    e = _units(entries, unit)
    e = e[e["kind"].astype("string") == kind]
    rows = []
    for u, g in e.groupby("unit", sort=True):
        origin = g["origin"].astype("string")
        known = int(origin.notna().sum())
        for o in ORIGINS:
            n = int((origin == o).sum())
            rows.append({"unit": u, "origin": o, "n": n, "n_known": known, "share": n / known if known else np.nan,
                         "co_created": o in ("resident", "relative"), "n_unknown": int(origin.isna().sum())})
    return pd.DataFrame(rows, columns=["unit", "origin", "n", "n_known", "share", "co_created", "n_unknown"])


def implemented_share(entries: pd.DataFrame, unit: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Per unit and kind: ``n`` entries, how many per status, and ``share_implemented`` of all
    ``n`` and of the ``n_finished`` (implemented, stopped or rejected).

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["A"] * 4, "kind": ["idea"] * 4,
    ...                   "status": ["implemented", "rejected", "open", "implemented"]})
    >>> implemented_share(e).query("kind == 'idea'")[["n", "n_implemented", "share_implemented",
    ...                                                 "share_of_finished"]].to_string(index=False)
    ' n  n_implemented  share_implemented  share_of_finished\\n 4              2                0.5           0.666667'
    """
    e = _units(entries, unit)
    rows = []
    for (u, k), g in e.groupby([e["unit"], e["kind"].astype("string")], sort=True):
        status = g["status"].astype("string")
        counts = {s: int((status == s).sum()) for s in STATUSES}
        finished = counts["implemented"] + counts["stopped"] + counts["rejected"]
        rows.append({"unit": u, "kind": k, "n": len(g), **{f"n_{s}": counts[s] for s in STATUSES},
                     "n_no_status": int(status.isna().sum()), "n_finished": finished,
                     "share_implemented": counts["implemented"] / len(g),
                     "share_of_finished": counts["implemented"] / finished if finished else np.nan})
    out = pd.DataFrame(rows)
    if len(out):
        out["kind"] = pd.Categorical(out["kind"], categories=KINDS)
        out = out.sort_values(["unit", "kind"]).reset_index(drop=True)
    return out


def hours_freed(entries: pd.DataFrame, unit: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Time freed by things stopped ("what can we stop doing?"), per unit: ``n`` stop-doing
    entries, ``n_implemented`` of them, ``hours_per_month`` freed by the implemented ones
    with hours given (``n_with_hours``), and the hours of those not yet implemented
    (``hours_planned``).

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["A"] * 3, "kind": ["stop_doing"] * 3,
    ...                   "status": ["implemented", "implemented", "open"], "hours_freed": [2.5, None, 4.0]})
    >>> hours_freed(e)[["n", "n_implemented", "n_with_hours", "hours_per_month", "hours_planned"]]
       n  n_implemented  n_with_hours  hours_per_month  hours_planned
    0  3              2             1              2.5            4.0
    """
    e = _units(entries, unit)
    units = sorted(e["unit"].unique())
    s = e[e["kind"].astype("string") == "stop_doing"]
    rows = []
    for u in units:
        g = s[s["unit"] == u]
        done = g["status"].astype("string") == "implemented"
        rows.append({"unit": u, "n": len(g), "n_implemented": int(done.sum()),
                     "n_with_hours": int(g.loc[done, "hours_freed"].notna().sum()),
                     "hours_per_month": float(g.loc[done, "hours_freed"].sum()),
                     "hours_planned": float(g.loc[~done & ~g["status"].astype("string").isin(["stopped", "rejected"])
                                                  .fillna(False), "hours_freed"].sum())})
    return pd.DataFrame(rows, columns=["unit", "n", "n_implemented", "n_with_hours", "hours_per_month",
                                       "hours_planned"])


def spread(entries: pd.DataFrame) -> pd.DataFrame:
    """Learning across units: every entry whose parent belongs to another unit (an idea taken
    up, a test repeated, a learning passed on), one row each with ``from_unit``, ``to_unit``,
    the parent and the entry (ids, kinds, titles). ``n`` is 1 per row; group by the units to
    count.

    Examples
    --------
    >>> e = pd.DataFrame({"id": ["1", "2", "3"], "unit": ["A", "B", "A"], "kind": ["idea", "test", "test"],
    ...                   "title": ["x", "y", "z"], "parent_id": [None, "1", "1"], "created": pd.NaT})
    >>> spread(e)[["from_unit", "to_unit", "parent_id", "id", "n"]].to_string(index=False)
    'from_unit to_unit parent_id id  n\\n        A       B         1  2  1'
    """
    p = entries[["id", "unit", "kind", "title"]].rename(columns=lambda c: f"parent_{c}" if c != "id" else "parent_id")
    c = entries[entries["parent_id"].notna()][["id", "unit", "kind", "title", "parent_id", "created"]]
    m = c.merge(p, on="parent_id", how="inner")
    m = m[m["unit"].astype("string") != m["parent_unit"].astype("string")]
    out = pd.DataFrame({"from_unit": m["parent_unit"], "to_unit": m["unit"], "parent_id": m["parent_id"],
                        "parent_kind": m["parent_kind"], "parent_title": m["parent_title"], "id": m["id"],
                        "kind": m["kind"], "title": m["title"], "created": m["created"], "n": 1})
    return out.sort_values(["from_unit", "to_unit", "id"]).reset_index(drop=True)
