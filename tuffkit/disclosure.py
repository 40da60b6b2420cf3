"""The disclosure rule over a whole run: the plan made before any report renders, the audit after.

The rule (also in the README): **no set of fewer than** ``min_n`` **respondents (and more than 0)
may have its count, sum, mean or distribution determinable from the numbers a run publishes**,
alone or combined — a total minus its parts, one report minus another, a figure minus a
figure. Each published number is a statistic over a set of respondents (a *group*: column →
values, e.g. ``{"wave": ["2014"], "unit": ["Ludvika"]}``) and a *variable*: one
statement's answers (the respondents of the group who answered it) or ``"respondents"``
(counts of people). A set is exposed when its indicator lies in the linear span of the
published sets' indicators of the same variable (:func:`tuffkit.privacy.exposed_groups`).
How many skipped a statement is not treated as an answer: the published report itself gives
the number of answers per statement beside the number of respondents.

:func:`plan_run` decides, for the whole data and the run's settings, which groups may be
published; every report asks the plan (:meth:`Plan.allows`) before it shows a number, so any
set of reports made from the same data and settings — one run, or several runs into one
folder — publishes a subset of one safe family (a subset of a safe family is safe: fewer
published sets span less). The plan, in order:

1. *primary*: a group with fewer than ``min_n`` members is hidden;
2. *splits*: a unit's group is shown split into management, support and not stated only when
   every part is 0 or at least ``min_n`` (:func:`tuffkit.privacy.split_allowed`), counted on the
   statement's answers and on the respondents;
3. *complementary across units*: where an aggregate (all units, the focus group, the others)
   is published, the units hidden within it must together hold 0 or at least ``min_n``
   members, else the smallest shown units of the same class are hidden too;
4. *aggregate splits*: an aggregate is shown split only when its own parts, and the parts of
   its members whose split is not shown, are each 0 or at least ``min_n``;
5. *verification*: the exact check over the planned family; should it still find an exposed
   set, the aggregates' splits, then the file counts and overall totals, then the aggregates
   touching it are hidden until none is left;
6. *the ends of the scale* (:func:`_homogeneity`): no group, and no remainder of one beside the
   groups inside it, may pin an answer or a small part's mean to less than ``protection`` steps;
7. *exact intervals* (:func:`_exact`, :mod:`tuffkit.feasible`): over everything the plan lets a
   statement's reports publish in a wave together (means as printed, distributions as counts,
   whole-number answers), every small part's mean and every person's answer keeps an interval at
   least ``protection`` wide; where one does not, the one group whose coarsening (else hiding)
   restores it is coarsened (hidden), the smallest first.

:func:`audit` rebuilds each number's set from the processed data, from the ledgers the
reports write beside their HTML, and checks the rule over everything in them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tuffkit.config import MIN_N, PROTECTION
from tuffkit.errors import TuffkitError
from tuffkit.privacy import check_min_n, exposed_atoms, exposed_groups, split_allowed

__all__ = ["RESPONDENTS", "PARTS", "group_key", "upgrade_key", "Plan", "plan_run", "Exposure", "audit", "PublishedSet",
           "published_sets"]

#: the variable of counts of people (the others are statement numbers)
RESPONDENTS = "respondents"
#: the parts a group can be split into
PARTS = ("management", "support", "not_stated")

Group = Mapping[str, Sequence[Any]]


#: the unit column's name in the ledgers and releases of earlier versions (before issue 26)
EARLIER_UNIT_KEY = "municipality"


def _norm_group(group: Group) -> dict[str, list[str]]:
    """``group`` with sorted text values; a group of an earlier version's ledger or release, which
    names the unit ``municipality``, under today's name ``unit``.

    >>> _norm_group({"wave": "2014", "municipality": ["Ludvika"]})
    {'unit': ['Ludvika'], 'wave': ['2014']}
    """
    out = {}
    for k, vals in group.items():
        vals = [vals] if isinstance(vals, str) or not isinstance(vals, Iterable) else vals
        out["unit" if str(k) == EARLIER_UNIT_KEY else str(k)] = sorted({str(v) for v in vals})
    return dict(sorted(out.items()))


def upgrade_key(key: str) -> str:
    """A published set's key (:func:`group_key`) as today's code writes it: an earlier version's
    key, whose group names the unit ``municipality``, under ``unit``; any other key as it is.

    >>> upgrade_key('["3",{"municipality":["Ludvika"],"wave":["2014"]}]')
    '["3",{"unit":["Ludvika"],"wave":["2014"]}]'
    """
    if f'"{EARLIER_UNIT_KEY}"' not in key:
        return key
    try:
        variable, group = json.loads(key)
    except (ValueError, TypeError):
        return key
    return group_key(variable, group) if isinstance(group, dict) else key


def group_key(variable: Any, group: Group) -> str:
    """The canonical text of a published set: its variable and its group.

    >>> group_key(3, {"wave": "2014", "unit": ["Ludvika"]})
    '["3",{"unit":["Ludvika"],"wave":["2014"]}]'
    """
    return json.dumps([str(variable), _norm_group(group)], ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Plan:
    """What a run may publish: the planned groups (``shown``); a group the plan does not
    name (hidden, or never planned) may not be shown.

    Examples
    --------
    >>> p = Plan(5, ("Ronneby",), frozenset({group_key(1, {"wave": "2014"})}))
    >>> p.allows(1, {"wave": ["2014"]}), p.allows(1, {"unit": ["Ludvika"], "wave": ["2014"]})
    (True, False)
    """

    min_n: int
    followed: tuple[str, ...] = ()
    shown: frozenset[str] = field(default_factory=frozenset)
    notes: tuple[str, ...] = ()
    #: shown coarsened: the group's mean (and counts, changes) but not its answers per scale step
    coarse: frozenset[str] = field(default_factory=frozenset)

    def allows(self, variable: Any, group: Group, distribution: bool = False) -> bool:
        """Whether a number about ``group``'s ``variable`` may be shown; ``distribution``: the
        shares per scale step (a coarsened group shows its mean only)."""
        key = group_key(variable, group)
        return key in self.shown and not (distribution and key in self.coarse)

    def to_frame(self) -> pd.DataFrame:
        keys = sorted(self.shown)
        return pd.DataFrame({"shown": keys, "coarse": [k in self.coarse for k in keys]}).astype({"shown": object})

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, min_n: int, followed: Sequence[str] = ()) -> Plan:
        coarse = frame["coarse"].astype(bool) if "coarse" in frame else pd.Series(False, index=frame.index)
        return cls(check_min_n(min_n), tuple(followed), frozenset(upgrade_key(str(k)) for k in frame["shown"]),
                   coarse=frozenset(upgrade_key(str(k)) for k in frame.loc[coarse.to_numpy(), "shown"]))


# --------------------------------------------------------------------------- the plan


def _cells(responses: pd.DataFrame, files: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Per variable, the members counted per (wave, unit, function[, source_file])."""
    one = responses.drop_duplicates("respondent_id")[["respondent_id", "wave", "unit", "function"]]
    one = one.assign(**{c: one[c].astype(str) for c in ("wave", "unit", "function")})
    if files is not None:
        one = one.merge(files.assign(source_file=files["source_file"].astype(str)), on="respondent_id", how="left")
        one["source_file"] = one["source_file"].fillna("")
    else:
        one["source_file"] = ""
    out = {RESPONDENTS: one.groupby(["wave", "unit", "function", "source_file"], observed=True)
           .size().rename("n").reset_index()}
    answered = responses[responses["value"].notna()]
    per_item = answered.groupby([answered["item"].astype(int), answered["wave"].astype(str),
                                 answered["unit"].astype(str), answered["function"].astype(str)],
                                observed=True)["respondent_id"].nunique().rename("n").reset_index()
    for item, part in per_item.groupby("item", sort=True):
        out[str(int(item))] = part.drop(columns="item").reset_index(drop=True)
    return out


def _by_unit(cells: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per unit, the sizes of its management, support and not stated."""
    out: dict[str, np.ndarray] = {}
    index = {f: k for k, f in enumerate(PARTS)}
    for m, f, n in zip(cells["unit"], cells["function"], cells["n"], strict=True):
        out.setdefault(m, np.zeros(len(PARTS), dtype=np.int64))[index[f]] += int(n)
    return out


def _parts(by_unit: Mapping[str, np.ndarray], munis: Sequence[str]) -> np.ndarray:
    """The sizes of management, support and not stated among ``munis``."""
    return sum((by_unit[m] for m in munis if m in by_unit), np.zeros(len(PARTS), dtype=np.int64))


def _arrays(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    return {c: frame[c].to_numpy(dtype=object if c != "n" else np.int64) for c in frame.columns}


def _candidates(variable: str, cells: pd.DataFrame, classes: list[tuple[str, tuple[str, ...]]],
                resp_cells: pd.DataFrame | None, min_n: int) -> tuple[list[tuple[str, dict, str]], set[str], list[str]]:
    """The groups of one variable the reports may publish, and which of them rules 1-4 hide.

    Returns the candidates (kind, group, key), the hidden keys and notes."""
    cand: list[tuple[str, dict, str]] = []

    def add(kind: str, group: dict, hide: bool) -> None:
        key = group_key(variable, group)
        cand.append((kind, group, key))
        if hide:
            hidden.add(key)

    hidden: set[str] = set()
    notes: list[str] = []
    for wave in sorted(cells["wave"].unique()):
        cw = _by_unit(_arrays(cells[cells["wave"] == wave]))
        rw = _by_unit(_arrays(resp_cells[resp_cells["wave"] == wave])) if resp_cells is not None else None
        munis = sorted(cw)
        tot = {m: int(cw[m].sum()) for m in munis}
        shown = {m: tot[m] >= min_n for m in munis}
        split = {}
        for m in munis:
            ok = shown[m] and split_allowed(_parts(cw, [m]), min_n)
            if rw is not None:
                ok = ok and split_allowed(_parts(rw, [m]), min_n)
            split[m] = ok
        # 3. complementary: the hidden units of each class together 0 or >= min_n
        class_hidden = {}
        for name, members in classes:
            inside = [m for m in munis if m in members]
            while True:
                blanked = sum(tot[m] for m in inside if not shown[m])
                if blanked == 0 or blanked >= min_n:
                    class_hidden[name] = False
                    break
                rest = sorted((tot[m], m) for m in inside if shown[m])
                if not rest:
                    class_hidden[name] = True
                    break
                m = rest[0][1]
                shown[m] = split[m] = False
                notes.append(f"{variable}/{wave}: {m} hidden beside the others of its group")
        for m in munis:
            g = {"wave": [wave], "unit": [m]}
            add("unit", g, not shown[m])
            for f in PARTS:
                add("unit_split", {**g, "function": [f]}, not split[m])
        # the aggregates: all units, and each class when there are two
        aggregates = [("all", None)] + ([(n, mem) for n, mem in classes] if len(classes) > 1 else [])
        agg_split = {}
        any_class_hidden = any(class_hidden.values())
        for name, members in aggregates:
            g = {"wave": [wave]} if members is None else {"wave": [wave], "unit": list(members)}
            inside = munis if members is None else [m for m in munis if m in members]
            size = sum(tot[m] for m in inside)
            ok = size >= min_n and (class_hidden.get(name, False) is False if members is not None
                                    else not any_class_hidden)
            add("aggregate", g, not ok)
            rest = [m for m in inside if not split[m]]
            s_ok = ok and split_allowed(_parts(cw, inside), min_n) and split_allowed(_parts(cw, rest), min_n)
            if rw is not None:
                s_ok = s_ok and split_allowed(_parts(rw, inside), min_n) and split_allowed(_parts(rw, rest), min_n)
            agg_split[name] = (g, s_ok)
        if len(classes) > 1:  # all = one class + the other: one class's split beside all's gives the other's
            # (a class without answers in the wave has nothing to give away)
            flags = [agg_split[n][1] or not any(tot[m] for m in munis if m in mem) for n, mem in classes]
            if agg_split["all"][1] and sum(flags) == 1:
                for n, _ in classes:
                    agg_split[n] = (agg_split[n][0], False)
        for _, (g, s_ok) in agg_split.items():
            for f in PARTS:
                add("aggregate_split", {**g, "function": [f]}, not s_ok)
    return cand, hidden, notes


def _members(cells: Mapping[str, np.ndarray], group: Mapping[str, Sequence[str]],
             index: dict[str, dict[str, np.ndarray]]) -> np.ndarray:
    """Which cells belong to ``group``; ``index``: per column, each value's cells (filled here)."""
    mask = np.ones(len(cells["n"]), dtype=bool)
    for col, vals in group.items():
        if col not in index:
            index[col] = {v: cells[col] == v for v in set(cells[col])}
        none = np.zeros(len(mask), dtype=bool)
        mask &= np.logical_or.reduce([index[col].get(v, none) for v in vals]) if vals else none
    return mask


def _verify(variable: str, cells: pd.DataFrame, cand: list[tuple[str, dict, str]], hidden: set[str],
            min_n: int) -> list[str]:
    """Rule 5: hide more until the exact check finds nothing; the keys hidden."""
    order = ("aggregate_split", "total", "aggregate", "unit_split", "unit")
    added: list[str] = []
    arrays = _arrays(cells)
    sizes = arrays["n"]
    index: dict[str, dict[str, np.ndarray]] = {}
    masks = {key: (kind, _members(arrays, g, index)) for kind, g, key in cand}
    while True:
        shown = [(k, kind, m) for k, (kind, m) in masks.items() if k not in hidden and m.any()]
        if not shown:
            return added
        member = np.array([m for _, _, m in shown], dtype=bool)
        # atoms: cells in exactly the same shown groups (each cell's column of the incidence as bytes)
        packed = np.ascontiguousarray(np.packbits(member.T, axis=1))
        _, first, inverse = np.unique(packed.view(np.dtype((np.void, packed.shape[1]))).ravel(),
                                      return_index=True, return_inverse=True)
        inverse = inverse.ravel()
        atom_sizes = np.bincount(inverse, weights=sizes, minlength=len(first)).astype(int)
        found = exposed_atoms(member[:, first].astype(float), atom_sizes, min_n)
        if not found:
            return added
        exposed = np.isin(inverse, list(found[0]))
        touching = [(k, kind) for k, kind, m in shown if (m & exposed).any()]
        for kind in order:
            keys = [k for k, kd in touching if kd == kind]
            if keys:
                hidden.update(keys)
                added += keys
                break


def pinned(values: np.ndarray, parts: Sequence[int], min_n: int, protection: float,
           scale: tuple[float, float] | None = None) -> str:
    """Why the answers ``values`` of a published group (or of the hidden remainder of one) give
    someone away, or "" when they do not: every member's answer lies between the smallest and
    the largest of ``values``, and the mean of a part of ``m`` members (``parts``: the sizes of
    the hidden parts smaller than ``min_n`` inside it) between the mean of the ``m`` smallest and
    of the ``m`` largest; each of these ranges must be at least ``protection`` scale steps wide.
    With ``scale`` (its lowest and highest answer) only the sum of ``values`` is taken as known
    (a mean published without the answers per step): a member lies in
    ``[max(lo, S - (n-1)hi), min(hi, S - (n-1)lo)]``, and a part of ``m`` likewise.

    >>> pinned(np.array([7, 7, 7, 7, 7]), [], 5, 1.0)
    'every answer is 7'
    >>> pinned(np.array([6, 7, 7, 7, 7, 7, 7, 7, 7, 7]), [2], 5, 1.0)
    'a part of 2 has a mean between 6.5 and 7'
    >>> pinned(np.array([3, 5, 6, 7, 7]), [1], 5, 1.0)
    ''
    >>> pinned(np.array([3, 4, 4, 6, 6]), [4], 5, 1.0), pinned(np.array([3, 4, 4, 6, 6]), [4], 5, 1.0, (1, 7))
    ('a part of 4 has a mean between 4.25 and 5', '')
    """
    v = np.sort(np.asarray(values, dtype=float))
    if not len(v):
        return ""
    if scale is not None:
        lo, hi = float(scale[0]), float(scale[1])
        total, n = float(v.sum()), len(v)
        for m in sorted({1, *(int(k) for k in parts if 0 < k < min_n and k <= n)}):
            a, b = max(m * lo, total - (n - m) * hi), min(m * hi, total - (n - m) * lo)
            if (b - a) / m < protection:
                if m == 1:
                    said = f"every answer is {a:g}" if a == b else f"every answer is between {a:g} and {b:g}"
                else:
                    said = f"a part of {m} has a mean between {a / m:g} and {b / m:g}"
                return f"{said} (from the mean alone)"
        return ""
    if v[-1] - v[0] < protection:
        return f"every answer is {v[0]:g}" if v[-1] == v[0] else f"every answer is between {v[0]:g} and {v[-1]:g}"
    for m in sorted({int(k) for k in parts if 0 < k < min_n and k <= len(v)}):
        lo, hi = float(v[:m].mean()), float(v[-m:].mean())
        if hi - lo < protection:
            return f"a part of {m} has a mean between {lo:g} and {hi:g}"
    return ""


def _homogeneity(variable: str, answered: pd.DataFrame, cand: list[tuple[str, dict, str]], hidden: set[str],
                 coarse: set[str], min_n: int, protection: float, scale: tuple[float, float]) -> list[str]:
    """Rule 6, for one statement and wave: no published group, and no hidden remainder of one (the
    group minus the published groups inside it), may pin down anyone's answer, or the mean of a
    hidden part smaller than ``min_n``, to less than ``protection`` scale steps (:func:`pinned`): a
    mean of 7,00 tells every member's answer. A group's answers per scale step tell more than its
    mean, so the group is first coarsened (its mean shown, not its distribution: ``coarse``), then
    a published group inside it whose answers make the remainder varied enough is hidden, then the
    group itself; returns notes of what it did."""
    vals = answered["value"].astype(float).to_numpy()
    cell_of = list(zip(answered["unit"].astype(str), answered["function"].astype(str), strict=True))
    cells: dict[tuple[str, str], list[float]] = {}
    for c, v in zip(cell_of, vals, strict=True):
        cells.setdefault(c, []).append(v)
    arrays = {c: np.array(v) for c, v in cells.items()}
    munis = sorted({m for m, _ in arrays})
    notes: list[str] = []

    def cells_in(g: dict) -> frozenset[tuple[str, str]]:
        ms = g.get("unit") or munis
        fs = g.get("function") or PARTS
        return frozenset((m, f) for m in ms for f in fs if (m, f) in arrays)

    groups = [(kind, g, key, cells_in(g)) for kind, g, key in cand]
    by_unit: dict[str, list[int]] = {}
    for k, (kind, g, _, _) in enumerate(groups):
        if kind in ("unit", "unit_split"):
            by_unit.setdefault(g["unit"][0], []).append(k)

    def reason(k: int, inside: list[int], coarsened: set[str]) -> str:
        """What the answers of group ``k``, and of what is left of it outside the groups ``inside``,
        pin down ("" when nothing), with ``coarsened`` groups' means known but not their answers
        per step: the remainder's answers per step are known only when no group involved is."""
        key, cs = groups[k][2], groups[k][3]
        sum_only = key in coarsened
        why = pinned(np.concatenate([arrays[c] for c in cs]), [], min_n, protection, scale if sum_only else None)
        rest = cs - frozenset().union(*(groups[j][3] for j in inside))
        if why or not rest:
            return why
        units: dict[str, int] = {}
        for (m, f) in rest:
            units[m] = units.get(m, 0) + len(arrays[(m, f)])
        whole = [n for m, n in units.items() if all((m, f) in rest or (m, f) not in arrays for f in PARTS)]
        sum_only = sum_only or any(groups[j][2] in coarsened for j in inside)
        return pinned(np.concatenate([arrays[c] for c in rest]), [*(len(arrays[c]) for c in rest), *whole],
                      min_n, protection, scale if sum_only else None)

    def step() -> bool:
        live = [k for k, (_, _, key, cs) in enumerate(groups) if key not in hidden and cs]
        for k in live:
            kind, g, key, cs = groups[k]
            near = by_unit.get(g["unit"][0], []) if kind in ("unit", "unit_split") else live
            inside = [j for j in near if j != k and groups[j][2] not in hidden and groups[j][3] < cs]
            why = reason(k, inside, coarse)
            if not why:
                continue
            if key not in coarse and not reason(k, inside, coarse | {key}):  # its mean alone tells less
                coarse.add(key)
                notes.append(f"{variable}: coarsened to its mean ({why}): {key}")
                return True
            # a published unit (or part) inside, the smallest whose answers make the rest varied enough
            for j in sorted((j for j in inside if groups[j][0] in ("unit", "unit_split")),
                            key=lambda j: (sum(len(arrays[c]) for c in groups[j][3]), groups[j][2])):
                if not reason(k, [i for i in inside if i != j], coarse):
                    hidden.add(groups[j][2])
                    notes.append(f"{variable}: hidden so that the rest of {key} is not pinned ({why}): "
                                 f"{groups[j][2]}")
                    return True
            hidden.add(key)
            notes.append(f"{variable}: hidden ({why}): {key}")
            return True
        return False

    while step():
        pass
    return notes


def _exact(variable: str, answered: pd.DataFrame, cand: list[tuple[str, dict, str]], hidden: set[str],
           coarse: set[str], min_n: int, protection: float, scale: tuple[float, float]) -> list[str]:
    """Rule 7, for one statement and wave: the exact check (:func:`_feasibility`) over everything
    the plan lets the reports publish (a coarsened group's mean, every other group's answers per
    step) must find nothing. Where it finds a part pinned, the smallest group about it whose answers
    per step are shown is coarsened; when there is none, the smallest group about it is hidden;
    until nothing is found. Returns notes of what it did."""
    notes: list[str] = []
    pool: list[dict[int, float]] = []  # possible answers found so far: publishing less keeps them possible
    while True:
        live = [(g, key) for _, g, key in cand if key not in hidden]
        entries = [{"variable": variable, "group": g, "statistic": "mean" if key in coarse else "% 1",
                    "report": "plan"} for g, key in live]
        pubs = published_sets(entries, answered).get(variable, [])
        found = _feasibility(variable, answered, pubs, min_n, protection, scale, pool=pool)
        if not found:
            return notes
        for e in found:  # each part found, in turn, against what is published by now
            pubs = [PublishedSet(p.key, p.variable, p.members, p.reports, p.valued, p.key not in coarse)
                    for p in pubs if p.key not in hidden]
            if not _feasibility(variable, answered, pubs, min_n, protection, scale, only=e.members, pool=pool):
                continue  # a remedy for an earlier part freed this one too
            touching = sorted((p for p in pubs if p.members & e.members), key=lambda p: (len(p.members), p.key))
            spread = [p for p in touching if p.spread]

            def fixed(coarsen: str = "", hide: str = "", pubs: list[PublishedSet] = pubs, e: Exposure = e) -> bool:
                """Whether the part ``e`` is no longer pinned with one more group coarsened or hidden."""
                trial = [PublishedSet(p.key, p.variable, p.members, p.reports, p.valued,
                                      p.spread and p.key != coarsen) for p in pubs if p.key != hide]
                return not _feasibility(variable, answered, trial, min_n, protection, scale, only=e.members,
                                        pool=pool)

            # as little as can be: one group coarsened (the smaller of the two smallest that does it),
            # else one hidden, else the smallest coarsened (or hidden) and the check run again
            pick = next((("coarsened to its mean", p.key) for p in spread[:2] if fixed(coarsen=p.key)), None) or \
                next((("hidden", p.key) for p in touching[:2] if fixed(hide=p.key)), None) or \
                (("coarsened to its mean", spread[0].key) if spread else ("hidden", touching[0].key))
            (coarse if pick[0].startswith("coarsened") else hidden).add(pick[1])
            notes.append(f"{variable}: {pick[0]} (exact check: {e.why}): {pick[1]}")


def plan_run(responses: pd.DataFrame, min_n: int = MIN_N, followed: Sequence[str] = (),
             files: pd.DataFrame | None = None, protection: float = PROTECTION,
             scale: tuple[float, float] | None = None) -> Plan:
    """The disclosure plan for everything reports may publish from ``responses``.

    Parameters
    ----------
    responses
        The tidy answers (``respondent_id, wave, unit, function, item, value``).
    min_n
        The smallest group that may be shown.
    followed
        The focus group of units (shown beside the others in the study report); () for none.
    files
        ``respondent_id, source_file`` (the processed ``respondents.parquet``), for the
        source-file counts of the method box; None hides no file count (none is shown).
    protection
        The scale steps each respondent's answer, and the mean of each small part, must stay
        uncertain (rule 6, :func:`_homogeneity`).
    scale
        The lowest and highest answer of the instrument's scale (None: the lowest and highest in
        the data, which tells an attacker no less).

    Examples
    --------
    Three units in one wave; C's 3 respondents are hidden, and B (the smallest shown) too, or
    all units minus A and B would give C:

    >>> r = pd.DataFrame({"respondent_id": range(17), "wave": "2014", "item": 1, "value": [3, 4, 5] * 5 + [4, 5],
    ...                   "unit": ["A"] * 8 + ["B"] * 6 + ["C"] * 3, "function": "management"})
    >>> p = plan_run(r)
    >>> [p.allows(1, {"wave": "2014", "unit": m}) for m in "ABC"], p.allows(1, {"wave": "2014"})
    ([True, False, False], True)
    """
    min_n = check_min_n(min_n)
    munis = sorted(responses["unit"].astype(str).unique())
    fol = tuple(sorted(m for m in {str(x) for x in followed} if m in munis))
    classes = ([("followed", fol), ("others", tuple(m for m in munis if m not in fol))] if fol and len(fol) < len(munis)
               else [("all", tuple(munis))])
    by_var = _cells(responses, files)
    resp = by_var[RESPONDENTS]
    hidden: set[str] = set()
    coarse: set[str] = set()
    planned: set[str] = set()
    notes: list[str] = []
    values = pd.to_numeric(responses["value"], errors="coerce").dropna()
    ends = (float(scale[0]), float(scale[1])) if scale is not None else (
        (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0))
    for variable, cells in by_var.items():
        items_level = variable != RESPONDENTS
        cand, hid, nts = _candidates(variable, cells, classes, resp if items_level else None, min_n)
        if not items_level:  # the overall count and the files' counts (the files partition the respondents)
            cand.append(("total", {}, group_key(variable, {})))
            sizes = cells[cells["source_file"] != ""].groupby("source_file")["n"].sum()
            for f in sorted(sizes.index):
                cand.append(("total", {"source_file": [f]}, group_key(variable, {"source_file": [f]})))
            hidden_files = [f for f in sizes.index if 0 < sizes[f] < min_n]
            rest = sorted((int(sizes[f]), f) for f in sizes.index if sizes[f] >= min_n)
            while 0 < sum(int(sizes[f]) for f in hidden_files) < min_n and rest:
                hidden_files.append(rest.pop(0)[1])  # the smallest shown file beside the hidden ones
            hid |= {group_key(variable, {"source_file": [f]}) for f in hidden_files}
            if cells["n"].sum() < min_n or 0 < sum(int(sizes[f]) for f in hidden_files) < min_n:
                hid.add(group_key(variable, {}))
        notes += nts
        hidden |= hid
        planned |= {key for _, _, key in cand}
        if items_level:
            answered = responses[(responses["item"].astype(int) == int(variable)) & responses["value"].notna()]
            for wave, cw in cells.groupby("wave", sort=True):
                sub = [c for c in cand if c[1].get("wave") == [wave]]
                notes += [f"{variable}/{wave}: hidden after the check: {k}"
                          for k in _verify(variable, cw.reset_index(drop=True), sub, hidden, min_n)]
                in_wave = answered[answered["wave"].astype(str) == wave]
                notes += _homogeneity(variable, in_wave, sub, hidden, coarse, min_n, protection, ends)
                notes += _exact(variable, in_wave, sub, hidden, coarse, min_n, protection, ends)
        else:
            notes += [f"{variable}: hidden after the check: {k}" for k in _verify(variable, cells, cand, hidden, min_n)]
    shown = frozenset(planned - hidden)
    return Plan(min_n, fol, shown, tuple(notes), coarse=frozenset(coarse & shown))


# --------------------------------------------------------------------------- the audit


@dataclass(frozen=True)
class Exposure:
    """A set of respondents whose statistics can be worked out from what was published."""

    variable: str
    members: frozenset
    cells: tuple[str, ...]  # its respondents by wave / unit / function
    reports: tuple[str, ...]  # the reports that publish numbers about any of them
    why: str = ""  # for a group pinned by the ends of the scale: what it pins (:func:`pinned`)

    def sentence(self) -> str:
        what = "the respondents" if self.variable == RESPONDENTS else f"the answers to statement {self.variable}"
        if self.why:
            return (f"{len(self.members)} respondent(s) ({'; '.join(self.cells)}) are exposed: {what} are pinned "
                    f"down by the numbers the run publishes about them ({self.why}; in {', '.join(self.reports)})")
        return (f"{len(self.members)} respondent(s) ({'; '.join(self.cells)}) are exposed: {what} of this group "
                f"can be worked out from the numbers the run publishes (about them in {', '.join(self.reports)})")


def _components(sets: list[frozenset]) -> np.ndarray:
    """The connected component of each set (sets linked when they share a member), by scipy's
    graph search over the sets x members incidence."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not sets:
        return np.zeros(0, dtype=int)
    members = {m: j for j, m in enumerate(set().union(*sets))}
    rows = np.concatenate([np.full(len(s), i) for i, s in enumerate(sets)])
    cols = np.concatenate([np.fromiter((members[m] for m in s), dtype=np.int64, count=len(s)) for s in sets])
    n = len(sets) + len(members)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols + len(sets))), shape=(n, n))
    return connected_components(graph, directed=False)[1][: len(sets)]


def _rows(responses: pd.DataFrame, files: pd.DataFrame | None, variable: str) -> pd.DataFrame:
    if variable == RESPONDENTS:
        one = responses.drop_duplicates("respondent_id")
        if files is not None:
            one = one.merge(files, on="respondent_id", how="left")
        return one
    if not variable.lstrip("-").isdigit():
        raise TuffkitError(f"the ledger names an unknown variable {variable!r} (a statement number or "
                           f"{RESPONDENTS!r})")
    r = responses[(responses["item"].astype(int) == int(variable)) & responses["value"].notna()]
    return r


@dataclass
class PublishedSet:
    """One published set of respondents: its variable and group (``key``), its members
    (respondent ids), the reports (or releases) that publish numbers about it, and whether those
    numbers are computed from its answers (``valued``) and give its answers per scale step
    (``spread``)."""

    key: str
    variable: str
    members: frozenset
    reports: set[str]
    valued: bool = False
    spread: bool = False


def published_sets(entries: Iterable[Mapping[str, Any]], responses: pd.DataFrame,
                   files: pd.DataFrame | None = None) -> dict[str, list[PublishedSet]]:
    """The sets of respondents ledger lines publish numbers about, per variable, rebuilt from
    ``responses`` (and ``files`` for groups by ``source_file``); empty sets are left out.

    Raises :class:`~tuffkit.errors.TuffkitError` for an entry whose ``n`` differs from its rebuilt
    set or whose group names a column the data lacks (a ledger not made from this data).

    >>> r = pd.DataFrame({"respondent_id": range(4), "wave": "2014", "item": 1, "value": [3, 4, 5, None],
    ...                   "unit": "A", "function": "management"})
    >>> [(s.variable, sorted(s.members)) for s in published_sets(
    ...     [{"report": "a.html", "variable": "1", "statistic": "mean", "group": {"wave": ["2014"]}, "n": 3}], r)["1"]]
    [('1', [0, 1, 2])]
    """
    keys: dict[str, tuple[str, dict, set[str], set[int]]] = {}
    valued: set[str] = set()  # the sets whose answers something published is computed from
    spread: set[str] = set()  # ... of which the answers per scale step are published
    for e in entries:
        if e.get("group") is None:
            continue
        variable = str(e["variable"])
        group = _norm_group(e["group"])
        k = group_key(variable, group)
        if variable != RESPONDENTS and e.get("statistic") not in ("answers", "respondents"):
            valued.add(k)
            if str(e.get("statistic", "")).startswith("%"):
                spread.add(k)
        rec = keys.setdefault(k, (variable, group, set(), set()))
        rec[2].add(str(e.get("report", "?")))
        if e.get("n") is not None and not (isinstance(e["n"], float) and np.isnan(e["n"])):
            rec[3].add(int(e["n"]))
    by_var: dict[str, list[tuple[str, dict, set[str], set[int]]]] = {}
    for rec in keys.values():
        by_var.setdefault(rec[0], []).append(rec)
    out: dict[str, list[PublishedSet]] = {}
    for variable, recs in by_var.items():
        rows = _rows(responses, files, variable)
        text: dict[str, tuple[np.ndarray, dict[str, int]]] = {}  # each grouping column coded once
        found = out.setdefault(variable, [])
        for _, group, reps, ns in recs:
            mask = np.ones(len(rows), dtype=bool)
            for col, vals in group.items():
                if col not in rows:
                    raise TuffkitError(f"the ledger of {', '.join(sorted(reps))} groups by {col!r}, which the "
                                       "processed data does not have")
                if col not in text:
                    codes, uniques = pd.factorize(rows[col].astype(str))
                    text[col] = (codes, {str(u): k for k, u in enumerate(uniques)})
                codes, lookup = text[col]
                mask &= np.isin(codes, [lookup[v] for v in vals if v in lookup])
            ids = frozenset(rows.loc[mask, "respondent_id"].astype(int).tolist())
            for n in ns:
                if n != len(ids):
                    raise TuffkitError(f"the ledger of {', '.join(sorted(reps))} says {n} for {variable} "
                                       f"{json.dumps(group, ensure_ascii=False)}, the processed data has {len(ids)}:"
                                       " the reports were not made from this data")
            if ids:
                key = group_key(variable, group)
                found.append(PublishedSet(key, variable, ids, reps, key in valued, key in spread))
    return out


def audit(entries: Iterable[Mapping[str, Any]], responses: pd.DataFrame, min_n: int = MIN_N,
          files: pd.DataFrame | None = None, protection: float = PROTECTION,
          scale: tuple[float, float] | None = None,
          earlier: Mapping[str, Sequence[PublishedSet]] | None = None,
          labels: Mapping[int, str] | None = None, exact: bool = True) -> list[Exposure]:
    """Check the rule over every number of ``entries`` (ledger lines: ``report``, ``variable``,
    ``group``, ``n``); [] when nothing is exposed.

    Each entry's set is rebuilt from ``responses`` (and ``files``, the processed
    ``respondents.parquet``, for groups by ``source_file``); an entry whose ``n`` differs from
    its rebuilt set, or whose group names a column the data lacks, raises
    :class:`~tuffkit.errors.TuffkitError` (a ledger not made from this data). Sets that share
    no respondent are checked apart. Beside the linear check, every statement's published groups
    are checked against the ends of the scale (:func:`pinned`, with ``protection``): a group whose
    answers are all alike, or a group's remainder outside the published groups inside it, gives
    its members' answers away whatever the rounding.

    ``earlier``: the sets earlier releases of the study published, per variable
    (:func:`tuffkit.releases.earlier_sets`), checked together with these; their members who are
    no longer in ``responses`` (a form taken out) have negative ids, named by ``labels``.

    ``exact``: also the exact feasibility intervals (:mod:`tuffkit.feasible`): every published
    figure of a statement together, means at their printed precision and distributions as
    counts, with whole-number answers (integer programmes, HiGHS).

    Examples
    --------
    >>> r = pd.DataFrame({"respondent_id": range(12), "wave": "2014", "item": 1, "value": [3, 4, 5] * 4,
    ...                   "unit": "A", "function": ["management"] * 6 + ["support"] * 5 + ["not_stated"]})
    >>> led = [{"report": "a.html", "variable": "1", "group": {"wave": ["2014"]}, "n": 12},
    ...        {"report": "a.html", "variable": "1", "group": {"function": ["management"]}, "n": 6},
    ...        {"report": "b.html", "variable": "1", "group": {"function": ["support"]}, "n": 5}]
    >>> [e.sentence() for e in audit(led, r)]  # doctest: +NORMALIZE_WHITESPACE
    ['1 respondent(s) (2014 / A / not_stated) are exposed: the answers to statement 1 of this group can be
      worked out from the numbers the run publishes (about them in a.html)']
    """
    min_n = check_min_n(min_n)
    now = published_sets(entries, responses, files)
    labels = labels or {}
    found: list[Exposure] = []
    for variable in sorted(set(now) | set(earlier or {})):
        pubs = [*now.get(variable, []), *(earlier or {}).get(variable, [])]
        rows = _rows(responses, files, variable)
        sets = [p.members for p in pubs]
        # sets sharing no member are independent: check each connected component apart
        comps: dict[int, list[int]] = {}
        for i, label in enumerate(_components(sets)):
            comps.setdefault(int(label), []).append(i)
        info = rows.drop_duplicates("respondent_id").set_index("respondent_id")

        def name(m: int, info: pd.DataFrame = info) -> str:
            if m in info.index:
                return " / ".join(str(info.at[m, c]) for c in ("wave", "unit", "function") if c in info)
            return labels.get(m, "a respondent no longer in the data")

        for idx in comps.values():
            for g in exposed_groups([sets[i] for i in idx], min_n):
                reps = sorted(set().union(*(pubs[i].reports for i in idx if sets[i] & g)))
                found.append(Exposure(variable, g, tuple(sorted({name(m) for m in g})), tuple(reps)))
        if variable != RESPONDENTS:  # what the linear check found already is not said twice
            known = {e.members for e in found if e.variable == variable}
            vals = pd.to_numeric(responses["value"], errors="coerce").dropna()
            ends = scale if scale is not None else (float(vals.min()), float(vals.max()))
            present = set(info.index)  # the answers of members no longer in the data are not known here
            valued = [(p.members, p.reports, p.spread) for p in pubs if p.valued and p.members <= present]
            found += [e for e in _pinned_sets(variable, rows, valued, min_n, protection, ends)
                      if e.members not in known]
            if exact:  # what the checks above found is not said again for a part of it
                known = [e.members for e in found if e.variable == variable]
                shown = [p for p in pubs if p.valued and p.members <= present]
                found += [e for e in _feasibility(variable, rows, shown, min_n, protection, ends)
                          if not any(e.members <= k for k in known)]
    return found


def _feasibility(variable: str, rows: pd.DataFrame, pubs: list[PublishedSet], min_n: int, protection: float,
                 scale: tuple[float, float], only: frozenset | None = None,
                 pool: list[dict[int, float]] | None = None) -> list[Exposure]:
    """The exact check (:func:`tuffkit.feasible.intervals`) over one statement's published sets,
    per connected component: each cell (wave / unit / role) and unit of fewer than ``min_n``, each
    remainder of a published set beside the published sets inside it, and each person, must keep
    an interval of at least ``protection`` steps given everything published together."""
    from tuffkit.feasible import Figure, Part, intervals

    if not pubs or protection <= 0:
        return []
    info = rows.drop_duplicates("respondent_id").set_index("respondent_id")
    value = info["value"].astype(float).to_dict()
    cell = (info["wave"].astype(str) + " / " + info["unit"].astype(str) + " / "
            + info["function"].astype(str)).to_dict()
    unit = (info["wave"].astype(str) + " / " + info["unit"].astype(str)).to_dict()
    steps = np.arange(int(np.floor(scale[0])), int(np.ceil(scale[1])) + 1, dtype=float)
    found: list[Exposure] = []
    sets = [p.members for p in pubs]
    comps: dict[int, list[int]] = {}
    for i, label in enumerate(_components(sets)):
        comps.setdefault(int(label), []).append(i)
    for idx in comps.values():
        figs = [pubs[i] for i in idx]
        everyone = frozenset().union(*(p.members for p in figs))
        figures = [Figure(p.members, "distribution" if p.spread else "mean", p.key) for p in figs]
        parts: dict[frozenset, Part] = {}
        by_cell: dict[str, set] = {}
        by_unit: dict[str, set] = {}
        for m in everyone:
            by_cell.setdefault(cell[m], set()).add(m)
            by_unit.setdefault(unit[m], set()).add(m)
        for name, ms in [*by_cell.items(), *by_unit.items()]:
            if 0 < len(ms) < min_n:
                parts.setdefault(frozenset(ms), Part(frozenset(ms), name))
        for p in figs:
            inside = [q.members for q in figs if q.members < p.members]
            rest = p.members - frozenset().union(*inside) if inside else frozenset()
            if 0 < len(rest) < min_n:
                parts.setdefault(rest, Part(rest, f"what is left of {p.key} beside the groups inside it"))
        people = [Part(frozenset(ms), name, person=True) for name, ms in sorted(by_cell.items())]
        todo = [*parts.values(), *people]
        if only is not None:  # one part's interval (the plan trying a remedy)
            todo = [p for p in todo if p.members == only]
            if not todo:
                continue
        for part, low, high in intervals(value, figures, todo, steps, protection, cell, pool):
            if high - low < protection - 1e-9:
                touching = [f.label for f in figures if f.members & part.members][:3]
                what = (f"each answer in {part.label} can only be {low:g} to {high:g}" if part.person else
                        f"the mean of {part.label} ({len(part.members)}) can only lie between {low:.2f} and "
                        f"{high:.2f}")
                reps = sorted(set().union(*(p.reports for p in figs if p.members & part.members)))
                found.append(Exposure(variable, part.members, tuple(sorted({cell[m] for m in part.members})),
                                      tuple(reps), f"{what}, given every figure published together, e.g. "
                                                   f"{'; '.join(touching)}"))
    return found


def _pinned_sets(variable: str, rows: pd.DataFrame, published: list[tuple[frozenset, set[str], bool]], min_n: int,
                 protection: float, scale: tuple[float, float]) -> list[Exposure]:
    """The audit's check of the ends of the scale (:func:`pinned`) over one statement's published
    sets (with their reports, and whether their answers per step are published or their mean
    only): each set, and each set's remainder outside the published sets inside it, with its
    hidden parts (its cells by wave, unit and function, and its whole units). The remainder is
    taken beside disjoint sets inside (the largest first), whose sums say the remainder's; beside
    overlapping ones its sum is not known, and the exact check (:func:`_feasibility`) decides."""
    info = rows.drop_duplicates("respondent_id").set_index("respondent_id")
    value = info["value"].astype(float)
    cell = info["wave"].astype(str) + " / " + info["unit"].astype(str) + " / " + info["function"].astype(str)
    unit = info["wave"].astype(str) + " / " + info["unit"].astype(str)
    order = sorted(range(len(published)), key=lambda i: len(published[i][0]))
    found: list[Exposure] = []
    seen: set[frozenset] = set()
    for i in order:
        s, reps, full = published[i]
        inside = []  # published sets inside it whose sums add up: disjoint ones (largest first); the
        taken: frozenset = frozenset()  # remainder of overlapping ones is not known (the exact check sees it)
        for j in sorted((j for j in order if len(published[j][0]) < len(s) and published[j][0] <= s),
                        key=lambda j: (-len(published[j][0]), j)):
            if not (published[j][0] & taken):
                inside.append(j)
                taken |= published[j][0]
        rest = s - taken if inside else frozenset()
        rest_full = full and all(published[j][2] for j in inside)
        for members, cov, known in ((s, None, full), (rest, s, rest_full)):
            if not members or members in seen:
                continue
            ids = sorted(members)
            parts = [] if cov is None else [*cell.loc[ids].value_counts().tolist(),
                                            *(n for u, n in unit.loc[ids].value_counts().items()
                                              if (unit[unit == u].index.isin(ids)).all())]
            why = pinned(value.loc[ids].to_numpy(), parts, min_n, protection, None if known else scale)
            if why:
                seen.add(members)
                what = why if cov is None else f"what is left of a published group outside the groups inside it: {why}"
                found.append(Exposure(variable, members, tuple(sorted(set(cell.loc[ids]))), tuple(sorted(reps)),
                                      what))
    return found
