"""``qic()``: a run chart or a control chart of one series or of many (``facets``), as qicharts2 does.

The per-point ``frame`` and the per-part ``summary`` of :class:`QicResult` hold what
qicharts2's ``qic(..., return.data = TRUE)`` returns (the lines, ``sigma.signal``,
``runs.signal`` and the runs analysis), plus which rule flagged each point
(:mod:`tuffkit.spc.rules`), plain sentences (:mod:`tuffkit.spc.explain`) and the
variation and assurance verdicts (:mod:`tuffkit.spc.verdict`).

Where tuffkit chooses differently from qicharts2:

- ``freeze`` together with ``part``: the baseline applies within the first part (qicharts2
  ignores ``freeze`` when ``part`` is given); ``part`` can name a column of phase labels, and
  the frame then keeps them (``part_label``).
- A missing ``x`` is an error (qicharts2 drops the row silently).
- Text ``x`` (categories) keeps its runs analysis, on the sorted ``x`` (qicharts2 draws dots
  only and reports no runs signal); Laney's charts use the SD of the standardised values for
  it, as qicharts2 does.
- ``exclude``, ``freeze`` and ``part`` are checked against each facet's points and refused
  with a sentence when out of range (qicharts2 ignores what does not fit), and a baseline whose
  every point is excluded is refused (qicharts2 draws no lines).
- A denominator of 0 with a count of 0 is a missing point, as in qicharts2; a count above 0 of
  a zero denominator, or a negative denominator, is refused (qicharts2 charts infinity).
- The summary's ``n_obs`` counts every point of the part, excluded ones too.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tuffkit.spc.limits import CHART_LINES, Part, r_mean
from tuffkit.spc.rules import RULE_SETS, flag
from tuffkit.spc.runs import SpcError, runs_analysis

__all__ = ["qic", "QicResult", "CHARTS", "SUMMARY_COLUMNS", "X_PERIODS"]

CHARTS = ("run", "i", "ip", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g")
SUMMARY_COLUMNS = ["part", "n_obs", "n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min",
                   "runs_signal", "cl", "lcl", "ucl", "sigma_signal", "signals"]
#: x_period -> the pandas period whose start a date is moved to (weeks start on Monday, as R's cut())
X_PERIODS = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
_RUN_STATS = ("n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min", "runs_signal")


@dataclass(frozen=True)
class QicResult:
    """What :func:`qic` computed: the per-point ``frame`` and the per-part ``summary`` (one row
    per facet and part), the ``chart``, the ``rules`` used, the ``improvement`` direction and the
    ``facets`` columns. :meth:`sentences` says per part what the rules found; :attr:`verdict`
    gives each series' variation and assurance."""

    frame: pd.DataFrame
    summary: pd.DataFrame
    chart: str
    rules: str = "anhoej"
    improvement: str | None = None
    facets: tuple[str, ...] = field(default=())
    #: per summary row, what each rule found: rule -> [(first point's row in frame, length, side)]
    found: tuple[dict[str, list[tuple[int, int, int]]], ...] = field(default=(), repr=False)

    def _repr_html_(self) -> str:  # a researcher in JupyterLab sees the summary
        return self.summary._repr_html_()

    def sentences(self, lang: str = "sv") -> pd.DataFrame:
        """One plain-language sentence per facet and part (see :func:`tuffkit.spc.explain.sentences`)."""
        from tuffkit.spc.explain import sentences

        return sentences(self, lang)

    @property
    def verdict(self) -> pd.DataFrame:
        """Each series' variation and assurance (see :func:`tuffkit.spc.verdict.verdicts`)."""
        from tuffkit.spc.verdict import verdicts

        return verdicts(self)


def _check(data: pd.DataFrame, x: str, y: str, n: str | None, chart: str, multiply: float, sigma: float,
           cl: float | None, agg_fun: str, target: float | str | None, rules: str, improvement: str | None,
           facets: list[str], notes: str | None, x_period: str | None) -> None:
    if chart not in CHARTS:
        raise SpcError(f"chart must be one of {', '.join(CHARTS)}, not {chart!r}")
    for what, col in (("x", x), ("y", y), ("n", n), ("notes", notes), *(("facets", f) for f in facets)):
        if col is not None and col not in data:
            raise SpcError(f"{what}: no column {col!r} in the data (columns: {', '.join(map(str, data.columns))})")
    if chart in ("p", "pp", "u", "up") and n is None:
        raise SpcError(f"a {chart} chart needs the denominator n")
    if not (multiply > 0 and sigma > 0):
        raise SpcError("multiply and sigma must be positive")
    if cl is not None and (isinstance(cl, bool) or not isinstance(cl, (int, float, np.floating, np.integer))
                           or not np.isfinite(cl)):
        raise SpcError(f"cl must be a number (a known centre line), not {cl!r}")
    if agg_fun not in ("mean", "median", "sum", "sd"):
        raise SpcError(f"agg_fun must be mean, median, sum or sd, not {agg_fun!r}")
    if isinstance(target, str) and target not in data:
        raise SpcError(f"target: no column {target!r} in the data")
    if target is not None and not isinstance(target, str) and (
            isinstance(target, bool) or not isinstance(target, (int, float, np.floating, np.integer))):
        raise SpcError(f"target must be a number or a column name, not {target!r}")
    if rules not in RULE_SETS:
        raise SpcError(f"rules must be one of {', '.join(RULE_SETS)}, not {rules!r}")
    if improvement not in (None, "up", "down"):
        raise SpcError(f"improvement must be 'up', 'down' or None, not {improvement!r}")
    if x_period is not None and x_period not in X_PERIODS:
        raise SpcError(f"x_period must be one of {', '.join(X_PERIODS)}, not {x_period!r}")


def _notes(values: pd.Series) -> str | None:
    """qicharts2's notes of one subgroup: its distinct notes joined by "|", runs of "|" made one,
    "|" at either end dropped, and every "|" written " | " (its ``fixnotes``); None when empty.

    >>> _notes(pd.Series([None, "ny rutin", "ny rutin", "a|b"]))
    'ny rutin | a | b'
    """
    seen = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values]
    text = re.sub(r"\|{2,}", "|", "|".join(dict.fromkeys(seen)))
    text = re.sub(r"^\||\|$", "", text).replace("|", " | ")
    return text or None


def _aggregate(d: pd.DataFrame, keys: list[str], got_n: bool, agg_fun: str, extra: list[str]) -> pd.DataFrame:
    """One row per facet and x, with the subgroup statistics every chart needs (qicharts2's ``qic.agg``).

    Sums and means are R's (long double accumulation; R's two-pass mean), so a subgroup mean
    equal to the centre line is on it here as in qicharts2."""
    g = d.groupby(keys, sort=True, observed=True, dropna=False)
    codes = g.ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    y = d["y"].to_numpy(dtype=float)[order]
    present = ~np.isnan(y)
    ld = np.where(present, y, 0.0).astype(np.longdouble)
    rows = np.diff(np.r_[starts, len(y)])
    ylen = np.add.reduceat(present.astype(np.int64), starts)
    total = np.add.reduceat(ld, starts)  # sum(y, na.rm = TRUE) in long double
    with np.errstate(divide="ignore", invalid="ignore"):
        first = total / ylen
        resid = np.add.reduceat(np.where(present, y.astype(np.longdouble) - np.repeat(first, rows), 0), starts)
        ymean = np.where(ylen > 0, (first + resid / ylen).astype(float), np.nan)
    s0 = total.astype(float)
    out = g["y"].agg(["std"]).rename(columns={"std": "ysd"})
    out.insert(0, "ymean", ymean)
    out.insert(0, "ylen", ylen.astype(float))
    out.insert(0, "rows", rows)
    # sum(y, na.rm = length(y) > 1): one missing value stays missing, as in R
    single = y[starts]
    out["ysum"] = np.where(rows > 1, s0, single)
    if got_n:
        nv = d["n"].to_numpy(dtype=float)[order]
        nsum = np.add.reduceat(np.where(np.isnan(nv), 0.0, nv).astype(np.longdouble), starts).astype(float)
        out["n"] = nsum
        with np.errstate(divide="ignore", invalid="ignore"):
            out["y"] = s0 / nsum
    else:
        out["n"] = np.nan
        out["y"] = {"mean": ymean, "sum": s0, "sd": out["ysd"].to_numpy()}.get(agg_fun)
        if agg_fun == "median":
            out["y"] = g["y"].median()
    for col in extra:
        out[col] = g[col].agg(_notes) if col == "_notes" else g[col].first()
    return out.reset_index()


def _part_numbers(k: int, part: int | Sequence[int] | str | None, labels: np.ndarray | None, where: str) -> np.ndarray:
    if part is None:
        return np.ones(k, dtype=int)
    if isinstance(part, str):
        return np.cumsum(np.r_[True, labels[1:] != labels[:-1]]).astype(int) if k else np.ones(0, dtype=int)
    points = [part] if isinstance(part, (int, np.integer)) else list(part)
    if any(not isinstance(p, (int, np.integer)) or isinstance(p, bool) or p < 1 or p >= k for p in points):
        raise SpcError(f"part: the points after which to split must be whole numbers from 1 to {k - 1}{where}, "
                       f"got {points}")
    out = np.ones(k, dtype=int)
    for p in sorted(set(points)):
        out[p:] += 1
    return out


def qic(data: pd.DataFrame, x: str, y: str, n: str | None = None, chart: str = "run",
        freeze: int | None = None, part: int | Sequence[int] | str | None = None,
        exclude: Sequence[int] = (), multiply: float = 1, sigma: float = 3, cl: float | None = None,
        agg_fun: str = "mean", y_neg: bool = True, target: float | str | None = None, *,
        notes: str | None = None, facets: str | Sequence[str] | None = None, x_period: str | None = None,
        rules: str = "anhoej", improvement: str | None = None) -> QicResult:
    """A run chart or a Shewhart control chart of ``y`` over ``x``, with the runs analysis.

    Parameters
    ----------
    data
        One row per point, or several per ``x`` (a subgroup): aggregated as in qicharts2. With
        ``n``, ``y`` and ``n`` are summed and the point is their ratio; a c chart sums its
        counts; an xbar chart takes the subgroup mean and an s chart its SD; otherwise
        ``agg_fun`` (default the mean).
    x, y, n
        Column names: the subgroup (date, month, number), the value or numerator, and the
        denominator (required for p, pp, u and up charts; with a run, i or g chart it makes
        ``y/n``; a c chart ignores it with a warning, as qicharts2 does: a rate per n is a u chart).
    chart
        ``"run"``, ``"i"``, ``"mr"``, ``"xbar"``, ``"s"``, ``"t"``, ``"p"``, ``"pp"``, ``"c"``,
        ``"u"``, ``"up"`` or ``"g"`` (formulas in :mod:`tuffkit.spc.limits`). A t chart charts
        the time between events (> 0), a g chart the number of opportunities between events.
    freeze
        The number of baseline points (the last baseline point, 1-based).
    part
        Split after these points (1-based), or the name of a column of phase labels.
    exclude
        Points (1-based) left out of the centre line, the limits and the rules (still drawn and
        marked when outside the limits), as in qicharts2.
    multiply
        A factor for y and the lines (e.g. 100 for percent).
    sigma
        The width of the limits in sigmas (3). The frame's ``lcl_95`` and ``ucl_95`` are the
        2-sigma lines (qicharts2's ``lcl.95``, ``ucl.95``).
    cl
        A known centre line on the data's scale (before ``multiply``), as qicharts2's ``cl``:
        the limits follow from it (for a g chart, the mean; the line drawn is 0.693 times it).
    agg_fun
        How several rows of one ``x`` make a point of a chart without ``n``: ``"mean"``,
        ``"median"``, ``"sum"`` or ``"sd"``, as qicharts2's ``agg.fun``.
    y_neg
        False: lower lines below zero are set to zero when no ``y`` is negative (qicharts2's
        ``y.neg``); t, p, pp, u, up, c and g charts never go below zero.
    target
        A target value, or the name of a column of targets (one per ``x``): the frame's
        ``target`` column, as given (not scaled by ``multiply``, as in qicharts2); with
        ``improvement`` it gives the assurance verdict.
    notes
        A column of notes (an intervention, a change of method): the frame's ``notes``, the
        distinct notes of a subgroup joined by " | " (qicharts2's ``notes``).
    facets
        One or more columns: one chart (series) per combination, computed in one call (qicharts2's
        ``facets``, small multiples); the frame and summary carry the columns.
    x_period
        Move dates to the start of their ``"day"``, ``"week"`` (Monday), ``"month"``,
        ``"quarter"`` or ``"year"`` and aggregate them (qicharts2's ``x.period``).
    rules
        ``"anhoej"`` (default), ``"mdc"`` (NHS Making Data Count), ``"western_electric"`` or
        ``"nelson"`` (:mod:`tuffkit.spc.rules`): which points the frame's ``signal``/``rules``
        flag and the summary's ``signals``. ``sigma_signal`` and ``runs_signal`` are always
        qicharts2's (3-sigma and Anhøj).
    improvement
        ``"up"`` (higher is better), ``"down"`` or None: the direction the verdict judges by.

    Notes
    -----
    Where tuffkit chooses differently from qicharts2 (``freeze`` within the first part when
    ``part`` is given, ``part_label``, a missing ``x`` refused, the runs analysis of a categorical
    ``x``, ranges checked per facet), the module docstring says so; everything else matches
    qicharts2 0.8.1 (``tests/spc/test_qicharts2.py``).

    Examples
    --------
    >>> d = pd.DataFrame({"month": range(1, 13), "count": [4, 6, 5, 7, 3, 5, 6, 4, 5, 6, 14, 5]})
    >>> res = qic(d, x="month", y="count", chart="c")
    >>> res.summary[["n_obs", "cl", "ucl", "sigma_signal"]].round(2).to_string(index=False)
    ' n_obs   cl   ucl  sigma_signal\\n    12  5.83 13.08             1'
    >>> res.frame.loc[10, "rules"], res.sentences("en").loc[0, "sentence"]
    ('outside', '1 point outside the control limits (at 11): a large or passing change.')
    """
    facet_cols = [facets] if isinstance(facets, str) else list(facets or [])
    _check(data, x, y, n, chart, multiply, sigma, cl, agg_fun, target, rules, improvement, facet_cols, notes, x_period)
    if chart == "c" and n is not None:  # qicharts2 ignores n for a c chart; a rate per n is a u chart
        warnings.warn(f"a c chart counts events and ignores the denominator {n!r} (as qicharts2 does); "
                      "for a rate per n use chart='u'", UserWarning, stacklevel=2)
        n = None
    cols: dict[str, object] = {f"_f{i}": data[f].to_numpy() for i, f in enumerate(facet_cols)}
    xs = data[x]
    if x_period is not None:
        if not (pd.api.types.is_datetime64_any_dtype(xs) or xs.map(lambda v: hasattr(v, "year")).all()):
            raise SpcError(f"x_period needs dates in {x!r}")
        xs = pd.to_datetime(xs).dt.to_period(X_PERIODS[x_period]).dt.start_time
    cols["x"] = xs.array  # keeps a categorical x in its order
    cols["y"] = pd.to_numeric(data[y], errors="coerce").to_numpy(dtype=float)
    d = pd.DataFrame(cols, index=data.index)
    if n is not None:
        d["n"] = pd.to_numeric(data[n], errors="coerce").to_numpy(dtype=float)
        if (d["n"] < 0).any():
            raise SpcError(f"the denominator {n!r} must not be negative")
        zero = (d["n"] == 0) & (d["y"] > 0)
        if zero.any():  # 0 of 0 is a missing point, as in qicharts2; a count of a zero denominator is an error
            raise SpcError(f"row {d.index[zero.to_numpy()][0]}: {y!r} counts events of a zero denominator {n!r}")
        bad = d["y"].isna() | d["n"].isna()
        d.loc[bad, ["y", "n"]] = np.nan
    extra = []
    if isinstance(part, str):
        if part not in data:
            raise SpcError(f"part: no column {part!r} in the data")
        d["_part"] = data[part].astype("object").to_numpy()
        extra.append("_part")
    if isinstance(target, str):
        d["_target"] = pd.to_numeric(data[target], errors="coerce").to_numpy()
        extra.append("_target")
    if notes is not None:
        d["_notes"] = data[notes].astype("object").to_numpy()
        extra.append("_notes")
    if d["x"].isna().any():
        row = d.index[d["x"].isna().to_numpy()][0]
        raise SpcError(f"{x!r} has missing values (row {row}); every point needs its x")
    if chart == "c" and (d["y"].dropna() < 0).any():
        raise SpcError("a c chart counts events: y must not be negative")
    if chart in ("t", "g") and (d["y"].dropna() < 0).any() or chart == "t" and (d["y"].dropna() == 0).any():
        raise SpcError(f"a {chart} chart charts the time or the opportunities between events: y must be "
                       + ("greater than zero" if chart == "t" else "zero or more"))
    keys = [*cols.keys()][:len(facet_cols)] + ["x"]
    agg = _aggregate(d, keys, n is not None, agg_fun, extra)
    if not len(agg):
        raise SpcError("no points to chart")
    if chart in ("p", "pp") and (agg["ysum"] > agg["n"]).any():
        at = int(np.flatnonzero((agg["ysum"] > agg["n"]).to_numpy())[0]) + 1
        raise SpcError(f"a p chart charts shares: at point {at} the count {y!r} exceeds the denominator {n!r} "
                       "(use a u chart for rates)")
    categorical = not (pd.api.types.is_numeric_dtype(agg["x"]) or pd.api.types.is_datetime64_any_dtype(agg["x"]))
    fcodes = (agg.groupby(keys[:-1], sort=False, observed=True, dropna=False).ngroup().to_numpy()
              if facet_cols else np.zeros(len(agg), dtype=int))
    bounds = np.flatnonzero(np.r_[True, fcodes[1:] != fcodes[:-1], True])
    arr = {c: agg[c].to_numpy(dtype=float) for c in ("y", "ysum", "ylen", "ymean", "ysd", "n")}
    plabels = agg["_part"].astype(str).to_numpy() if isinstance(part, str) else None
    known = None if cl is None else float(cl)
    lines_of = CHART_LINES[chart]
    out = {c: np.full(len(agg), np.nan) for c in ("y", "cl", "lcl", "ucl", "lcl_95", "ucl_95")}
    point = np.zeros(len(agg), dtype=int)
    part_no = np.zeros(len(agg), dtype=int)
    baseline = np.zeros(len(agg), dtype=bool)
    include = np.zeros(len(agg), dtype=bool)
    sigma_signal = np.zeros(len(agg), dtype=bool)
    runs_signal = np.zeros(len(agg), dtype=bool)
    direction = np.zeros(len(agg), dtype=np.int8)
    rules_col: list[str] = [""] * len(agg)
    rows: list[dict[str, object]] = []
    found: list[dict[str, list[tuple[int, int, int]]]] = []
    exclude = list(exclude)
    mdc = rules == "mdc"
    slices: list[slice] = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        k = b - a
        where = "" if not facet_cols else " in " + ", ".join(f"{f}={agg[f'_f{i}'].iat[a]}"
                                                              for i, f in enumerate(facet_cols))
        parts = _part_numbers(k, part, None if plabels is None else plabels[a:b], where)
        first = int((parts == 1).sum()) if not mdc else k
        if freeze is not None and (not isinstance(freeze, (int, np.integer)) or isinstance(freeze, bool)
                                   or not 1 <= freeze <= first):
            raise SpcError(f"freeze must be a whole number of points from 1 to {first} (the first part{where})")
        bad_ex = [e for e in exclude if not (isinstance(e, (int, np.integer)) and 1 <= e <= k)]
        if bad_ex:
            raise SpcError(f"exclude: points must be from 1 to {k}{where}, got {bad_ex}")
        pts = np.arange(1, k + 1)
        pstarts = np.flatnonzero(np.r_[True, parts[1:] != parts[:-1], True])
        if freeze is None:
            base_all = np.ones(k, dtype=bool)
        elif mdc:  # Making Data Count: the first `freeze` points of every part (NHSRplotthedots' rebase groups)
            base_all = np.concatenate([np.arange(e - s) < freeze for s, e in zip(pstarts[:-1], pstarts[1:],
                                                                                   strict=True)])
        else:
            base_all = pts <= freeze
        inc_all = ~np.isin(pts, exclude)
        point[a:b], part_no[a:b], baseline[a:b], include[a:b] = pts, parts, base_all, inc_all
        for s, e in zip(pstarts[:-1], pstarts[1:], strict=True):
            sl = slice(a + s, a + e)
            inc = inc_all[s:e]
            base = base_all[s:e] & inc
            if not base.any():
                if freeze is not None and parts[s] == 1:
                    raise SpcError(f"freeze: every baseline point is excluded{where}; nothing to compute the "
                                   "centre line from")
                base = inc.copy()
            ln = lines_of(Part(arr["y"][sl], arr["ysum"][sl], arr["ylen"][sl], arr["ymean"][sl], arr["ysd"][sl],
                               arr["n"][sl], base, known, sigma, categorical, 3 / 2.66 if mdc else 1.128))
            yv = ln.y * multiply
            lines = {"cl": ln.cl, "lcl": ln.lcl, "ucl": ln.ucl, "lcl_95": ln.lcl_95, "ucl_95": ln.ucl_95}
            for c, v in lines.items():
                v = v * multiply
                out[c][sl] = np.where(np.isfinite(v), v, np.nan)
            out["y"][sl] = yv
            ucl, lcl, clv = out["ucl"][sl], out["lcl"][sl], out["cl"][sl]
            with np.errstate(invalid="ignore"):
                outside = (yv > ucl) | (yv < lcl)
            sigma_signal[sl] = outside
            runs = runs_analysis(yv[inc], clv[inc])
            if chart == "mr":  # qicharts2 reports no runs signal on a moving-range chart
                runs["runs_signal"] = False
            runs_signal[sl] = runs["runs_signal"]
            fl = flag(yv, clv, ln.z, lcl, ucl, inc, rules, runs)
            found.append({r: [(a + s + j, m, d) for j, m, d in v] for r, v in fl.found.items()})
            direction[sl] = fl.direction
            rules_col[a + s:a + e] = [",".join(r) for r in fl.rules]
            slices.append(sl)
            rows.append({**{f"_f{i}": agg[f"_f{i}"].iat[a] for i in range(len(facet_cols))},
                         "part": int(parts[s]), "n_obs": int(e - s), **{r: runs[r] for r in _RUN_STATS},
                         "cl": r_mean(out["cl"][sl]), "lcl": r_mean(out["lcl"][sl]), "ucl": r_mean(out["ucl"][sl]),
                         "sigma_signal": int(outside.sum()), "signals": ",".join(fl.fired)})
    if not y_neg and not (np.nan_to_num(out["y"], nan=0.0) < 0).any():  # qicharts2 y.neg = FALSE
        for c in ("lcl", "lcl_95"):
            out[c] = np.where(out[c] < 0, 0.0, out[c])
        for row, sl in zip(rows, slices, strict=True):  # the summary's lower limit too, as qicharts2's
            row["lcl"] = r_mean(out["lcl"][sl])
    names = {f"_f{i}": f for i, f in enumerate(facet_cols)}
    frame = pd.DataFrame({**{names[c]: agg[c].to_numpy() for c in names}, "point": point, "x": agg["x"].array,
                          "y": out["y"]})
    if n is not None:
        frame["n"] = arr["n"]
    frame["part"] = part_no
    if isinstance(part, str):
        frame["part_label"] = plabels
    frame["baseline"], frame["include"] = baseline, include
    for c in ("cl", "lcl", "ucl", "lcl_95", "ucl_95"):
        frame[c] = out[c]
    if target is not None:  # drawn as given, as qicharts2's target (not scaled by multiply)
        frame["target"] = agg["_target"].to_numpy(dtype=float) if isinstance(target, str) else float(target)
    if notes is not None:
        frame["notes"] = pd.Series([v if isinstance(v, str) else None for v in agg["_notes"]], dtype="object")
    frame["sigma_signal"], frame["runs_signal"] = sigma_signal, runs_signal
    frame["signal"] = np.array([bool(r) for r in rules_col])
    frame["rules"], frame["direction"] = rules_col, direction
    summary = pd.DataFrame(rows, columns=[*names, *SUMMARY_COLUMNS]).rename(columns=names)
    return QicResult(frame, summary, chart, rules, improvement, tuple(facet_cols), tuple(found))
