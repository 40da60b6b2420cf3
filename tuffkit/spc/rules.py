"""The rules that tell a signal from chance, and which points each rule flags.

Four rule sets, chosen with ``qic(..., rules=)``:

- ``"anhoej"`` (default, qicharts2): ``outside`` (a point outside the 3-sigma limits),
  ``run`` (an unusually long run on one side of the centre line: longer than
  ``round(log2(n_useful)) + 3``; points on the line neither break nor extend it) and
  ``crossings`` (unusually few crossings of the centre line; flags every useful point of the
  part, as the signal belongs to the whole part, without a direction: too few crossings say the
  process changed, not which way each point lies).
- ``"mdc"`` (NHS England's *Making Data Count*, as NHSRplotthedots implements it):
  ``outside``; ``two_of_three`` (two of three points in a row between the 2- and 3-sigma
  lines, all three on the same side of the centre line); ``shift`` (7 points in a row on
  one side; a point on the line breaks it); ``trend`` (7 points in a row each higher, or
  each lower, than the one before). A point flagged by several rules takes the type of the
  first in this order (outside, trend, two of three, shift), and a point between a rising and
  a falling trend takes the falling one's, as NHSRplotthedots 0.2.2 does; with these rules an
  I chart's limits are the mean ± 2.66 average moving ranges and ``freeze`` holds in every part
  (:func:`tuffkit.spc.qic`).
- ``"western_electric"`` (Western Electric Handbook, 1956): ``outside``; ``two_of_three``
  (2 of 3 in a row beyond 2 sigma on one side); ``four_of_five`` (4 of 5 beyond 1 sigma on one
  side); ``shift`` (8 in a row on one side).
- ``"nelson"`` (Nelson 1984): ``outside``; ``shift`` (9 in a row on one side); ``trend`` (6 in a
  row rising or falling); ``alternating`` (14 in a row alternating up and down);
  ``two_of_three``; ``four_of_five``; ``hugging`` (15 in a row within 1 sigma); ``avoiding``
  (8 in a row beyond 1 sigma, on either side).

A run chart has no sigma: the rules that need it (outside and the zone rules) do not apply.
Missing and excluded points are left out of every rule (the points on either side of them are
neighbours). :func:`flag` returns, per point, the rules that flagged it and the direction of
the signal (+1 high, -1 low, 0 none), which gives the variation verdict
(:mod:`tuffkit.spc.verdict`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["RULE_SETS", "RULE_NAMES", "flag"]

#: rule set -> (rule, its length in points) in the order the rules are reported
RULE_SETS: dict[str, tuple[tuple[str, int], ...]] = {
    "anhoej": (("outside", 1), ("run", 0), ("crossings", 0)),
    "mdc": (("outside", 1), ("trend", 7), ("two_of_three", 3), ("shift", 7)),
    "western_electric": (("outside", 1), ("two_of_three", 3), ("four_of_five", 5), ("shift", 8)),
    "nelson": (("outside", 1), ("shift", 9), ("trend", 6), ("alternating", 14), ("two_of_three", 3),
               ("four_of_five", 5), ("hugging", 15), ("avoiding", 8)),
}
#: every rule's key
RULE_NAMES = ("outside", "run", "crossings", "shift", "trend", "two_of_three", "four_of_five", "alternating",
              "hugging", "avoiding")
#: the rules that need sigma (not on a run chart)
_SIGMA_RULES = {"outside", "two_of_three", "four_of_five", "hugging", "avoiding"}


@dataclass
class Flags:
    """Per point of one part: ``rules`` (a tuple of rule keys) and ``direction`` (+1, -1, 0); per
    part: ``fired`` (the rules that flagged a point, in the set's order) and ``longest``
    (``(rule, first point, length, side)`` of each run-like signal, for the sentences)."""

    rules: list[tuple[str, ...]]
    direction: np.ndarray
    fired: list[str]
    found: dict[str, list[tuple[int, int, int]]]


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index and length of every run of equal values."""
    if not len(values):
        return np.array([], dtype=int), np.array([], dtype=int)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    return starts, np.diff(np.r_[starts, len(values)])


def _long_runs(side: np.ndarray, length: int, strict: bool = False) -> list[tuple[int, int, int]]:
    """``(start, length, side)`` of runs of one non-zero side at least ``length`` long (longer when strict)."""
    starts, lengths = _runs(side)
    keep = (side[starts] != 0) & ((lengths > length) if strict else (lengths >= length))
    return [(int(s), int(n), int(side[s])) for s, n in zip(starts[keep], lengths[keep], strict=True)]


def _trends(y: np.ndarray, length: int) -> list[tuple[int, int, int]]:
    """``(start, points, direction)`` of runs of ``length`` or more points each above (below) the last."""
    if len(y) < length:
        return []
    d = np.sign(np.diff(y))
    starts, lengths = _runs(d)
    keep = (d[starts] != 0) & (lengths >= length - 1)
    return [(int(s), int(n) + 1, int(d[s])) for s, n in zip(starts[keep], lengths[keep], strict=True)]


def _windows(hits: np.ndarray, k: int, m: int, extra: np.ndarray | None = None) -> np.ndarray:
    """The ``hits`` that lie in a window of ``m`` points in a row holding ``k`` or more hits
    (and, when ``extra`` is given, where ``extra`` holds for the window start)."""
    n = len(hits)
    if n < m:
        return np.zeros(n, dtype=bool)
    counts = np.convolve(hits.astype(int), np.ones(m, dtype=int), mode="valid")  # window starting at i
    ok = counts >= k
    if extra is not None:
        ok &= extra
    covered = np.convolve(ok.astype(int), np.ones(m, dtype=int), mode="full")[:n] > 0
    return hits & covered


def _mdc_trend(rule: str, found_trends: list[tuple[int, int, int]], yy: np.ndarray, idx: np.ndarray,
               mark, found: dict[str, list[tuple[int, int, int]]]) -> None:  # noqa: ANN001 - mark: the closure
    """Mark the trends' points with NHSRplotthedots' direction per point: the step to the next
    point when that point is in a trend too, else the step from the one before (so the peak
    between a rising and a falling trend belongs to the falling one); a step of zero reads as
    falling, as there."""
    inside = np.zeros(len(yy), dtype=bool)
    for s, n, d in found_trends:
        inside[s:s + n] = True
        found.setdefault(rule, []).append((int(idx[s]), n, d))
    pts = np.flatnonzero(inside)
    step_before = np.r_[0.0, np.sign(np.diff(yy))]
    step_after = np.r_[np.sign(np.diff(yy)), 0.0]
    nxt = np.r_[inside[1:], False]
    dirs = np.where(nxt[pts], step_after[pts], step_before[pts])
    mark(rule, idx[pts], np.where(dirs == 1, 1, -1))


def flag(y: np.ndarray, cl: np.ndarray, z: np.ndarray, lcl: np.ndarray, ucl: np.ndarray, use: np.ndarray,
         rules: str, runs: dict[str, object] | None = None) -> Flags:
    """Flag the points of one part by the rule set ``rules``.

    ``y``, ``cl``, ``z`` (sigmas from the centre, NaN on a run chart), ``lcl``/``ucl`` per point;
    ``use`` the points the rules look at (present and not excluded); ``runs`` the part's Anhøj
    runs analysis (for ``"anhoej"``).

    Examples
    --------
    >>> y = np.array([1., 2, 1, 2, 5, 5, 5, 5, 5, 5, 5, 1, 2])
    >>> f = flag(y, np.full(13, 3.), np.full(13, np.nan), np.full(13, np.nan), np.full(13, np.nan),
    ...          np.ones(13, bool), "mdc")
    >>> f.fired, f.rules[4], f.rules[0]
    (['shift'], ('shift',), ())
    """
    k = len(y)
    idx = np.flatnonzero(use & ~np.isnan(y))
    yy, cc, zz = y[idx], cl[idx], z[idx]
    side = np.sign(yy - cc)
    side[np.isnan(side)] = 0
    # limits of zero width (every moving range screened out) still have an outside
    has_sigma = bool(np.isfinite(zz).any() or np.isfinite(ucl[idx]).any() or np.isfinite(lcl[idx]).any())
    out: list[list[str]] = [[] for _ in range(k)]
    direction = np.zeros(k, dtype=np.int8)
    fired: list[str] = []
    found: dict[str, list[tuple[int, int, int]]] = {}

    def mark(rule: str, points: np.ndarray, dirs: np.ndarray | int) -> None:
        if not len(points):
            return
        dirs = np.broadcast_to(np.asarray(dirs, dtype=np.int8), points.shape)
        for j, dj in zip(points, dirs, strict=True):
            out[j].append(rule)
            if direction[j] == 0:  # the first rule (in the set's order) gives the direction
                direction[j] = dj
        if rule not in fired:
            fired.append(rule)

    def spans(rule: str, found_runs: list[tuple[int, int, int]]) -> None:
        for s, n, d in found_runs:
            mark(rule, idx[s:s + n], d)
            found.setdefault(rule, []).append((int(idx[s]), n, d))

    for rule, length in RULE_SETS[rules]:
        if rule in _SIGMA_RULES and not has_sigma:
            continue
        if rule == "outside":
            hi = (y > ucl) & use
            lo = (y < lcl) & use
            hit = np.flatnonzero(hi | lo)
            mark(rule, hit, np.where(hi[hit], 1, -1))
            if len(hit):
                found[rule] = [(int(j), 1, 1 if hi[j] else -1) for j in hit]
        elif rule == "run":
            if runs and runs.get("n_useful"):
                useful = side != 0
                uidx = np.flatnonzero(useful)
                sub = side[useful]
                for s, n, d in _long_runs(sub, int(runs["longest_run_max"]), strict=True):  # type: ignore[arg-type]
                    pts = idx[uidx[s:s + n]]
                    mark(rule, pts, d)
                    found.setdefault(rule, []).append((int(pts[0]), n, d))
        elif rule == "crossings":
            if runs and runs.get("n_useful") and runs["n_crossings"] < runs["n_crossings_min"]:  # type: ignore[operator]
                pts = idx[side != 0]
                mark(rule, pts, 0)  # a property of the whole part: no point has a side of its own
                found[rule] = [(int(pts[0]), int(runs["n_crossings"]), int(runs["n_crossings_min"]))]  # type: ignore[call-overload]
        elif rule == "shift":
            spans(rule, _long_runs(side, length))
        elif rule == "trend":
            found_trends = _trends(yy, length)
            if rules == "mdc" and found_trends:
                _mdc_trend(rule, found_trends, yy, idx, mark, found)
            else:
                spans(rule, found_trends)
        elif rule == "alternating":
            d = np.sign(np.diff(yy))
            alt = (d[1:] * d[:-1] < 0)  # a turn at point i+1
            starts, lengths = _runs(alt)
            for s, n in zip(starts, lengths, strict=True):
                if alt[s] and n + 2 >= length:
                    spans(rule, [(int(s), int(n) + 2, 0)])
        elif rule in ("two_of_three", "four_of_five"):
            thr, kk, m = (2, 2, 3) if rule == "two_of_three" else (1, 4, 5)
            for sgn in (1, -1):
                hits = (sgn * zz > thr)
                if rules == "mdc":  # NHSRplotthedots: between 2 and 3 sigma, and all three on one side
                    hits &= ~((yy > ucl[idx]) | (yy < lcl[idx]))
                    same = None
                    if len(yy) >= m:
                        same = np.convolve(side == sgn, np.ones(m, dtype=int), mode="valid") == m
                    got = _windows(hits, kk, m, same)
                else:
                    got = _windows(hits, kk, m)
                pts = np.flatnonzero(got)
                mark(rule, idx[pts], sgn)
                if len(pts):
                    found.setdefault(rule, []).append((int(idx[pts[0]]), len(pts), sgn))
        elif rule == "hugging":
            inside = np.abs(zz) < 1
            spans(rule, [(s, n, 0) for s, n, v in _long_runs(inside.astype(int), length) if v])
        elif rule == "avoiding":
            away = np.abs(zz) > 1
            spans(rule, [(s, n, 0) for s, n, v in _long_runs(away.astype(int), length) if v])
    return Flags([tuple(r) for r in out], direction, fired, found)
