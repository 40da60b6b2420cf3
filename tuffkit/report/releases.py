"""The releases of a study: everything any run has published, kept in the study's private folder.

A report that has been sent to a municipality cannot be taken back. So the disclosure rule
(:mod:`tuffkit.disclosure`) does not hold for one run but for everything the study has
published: two runs with different focus groups, or the same study re-run after one late paper
form came in, must not be differenced. Every run whose audit passes is registered here as a
*release* (``<processed>/private/releases/<id>/``, never in ``--out``):

- ``release.json``: when, into which ``--out``, from which data (its keyed fingerprint), with
  which settings, which reports, and whether it has been retired;
- ``sets.parquet``: every set of respondents it published a number about (variable, group,
  whether the numbers are computed from the answers and give them per scale step);
- ``members.parquet``: each set's members as *respondent keys*: a keyed fingerprint (HMAC under
  the study's secret, :mod:`tuffkit.fingerprint`) of the respondent's wave, unit, role and
  answers. The same form has the same key in revised data (a late form added beside it), so a
  set published from the old data can be matched to the people it was about in the new.

Every new run is planned against the releases that are not retired (:func:`against_releases`:
a figure that, beside an earlier one, would tell about fewer than ``min_n`` people is hidden,
and the run says how many and why), and the audit checks them together
(:func:`earlier_sets`). A researcher lists the releases with ``tuffkit releases`` and retires
one deliberately (``--retire ID``: e.g. a release that was never sent out).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from tuffkit.disclosure import Plan, PublishedSet, exposed_groups, published_sets, upgrade_key
from tuffkit.errors import TuffkitError
from tuffkit.fingerprint import private_dir, secret

__all__ = ["respondent_keys", "register", "releases", "retire", "earlier_sets", "against_releases", "state"]

RELEASES = "releases"


def _folder(data: str | Path) -> Path:
    return private_dir(Path(data).resolve()) / RELEASES


def respondent_keys(responses: pd.DataFrame, data: str | Path) -> pd.Series:
    """Each respondent's key (``respondent_id`` -> text): a keyed fingerprint of their wave, unit,
    role and answers, numbered among identical forms; the same in revised data that keeps the form.

    >>> import tempfile
    >>> r = pd.DataFrame({"respondent_id": [0, 0, 1, 2], "wave": "2014", "unit": "A",
    ...                   "function": "management", "item": [1, 2, 1, 1], "value": [3, 4, 5, 5]})
    >>> d = tempfile.mkdtemp()
    >>> k = respondent_keys(r, d)
    >>> len(set(k)), k[1][:-2] == k[2][:-2], k.equals(respondent_keys(r.iloc[[2, 3, 0, 1]], d).sort_index())
    (3, True, True)
    """
    key = secret(data)
    r = responses.assign(_v=responses["value"].astype(str), _i=responses["item"].astype(str))
    r = r.sort_values(["respondent_id", "_i"], kind="stable")
    answers = r.groupby("respondent_id", sort=True)[["_i", "_v"]].apply(
        lambda g: ";".join(f"{i}={v}" for i, v in zip(g["_i"], g["_v"], strict=True)))
    first = r.drop_duplicates("respondent_id").set_index("respondent_id").loc[answers.index]
    text = (first["wave"].astype(str) + "\x1f" + first["unit"].astype(str) + "\x1f"
            + first["function"].astype(str) + "\x1f" + answers.astype(str))
    digest = text.map(lambda t: hmac.new(key, t.encode("utf-8"), hashlib.sha256).hexdigest()[:20])
    order = text.groupby(text).cumcount()  # identical forms: numbered in the order of their ids
    return (digest + "-" + order.astype(str)).rename("key")


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def register(data: str | Path, out: str | Path, entries: Iterable[Mapping[str, Any]], responses: pd.DataFrame,
             files: pd.DataFrame | None, settings: Mapping[str, Any]) -> str | None:
    """Register what a run published (its ledgers' ``entries``) as a release of the study whose
    processed folder is ``data``; returns its id, or None when nothing was published about
    respondents. A release that publishes exactly what a registered one does is not kept twice."""
    sets = [s for v in published_sets(entries, responses, files).values() for s in v]
    if not sets:
        return None
    keys = respondent_keys(responses, data)
    members = [sorted(keys.loc[sorted(s.members)]) for s in sets]
    content = hashlib.sha256(json.dumps(sorted([s.variable, m] for s, m in zip(sets, members, strict=True)))
                             .encode("utf-8")).hexdigest()
    folder = _folder(data)
    for rel in releases(data, retired=True).itertuples():
        if rel.content == content and not rel.retired:
            return str(rel.id)
    now = dt.datetime.now(dt.UTC)
    rid = f"{now:%Y%m%d-%H%M%S}-{content[:6]}"
    target = folder / rid
    target.mkdir(parents=True, exist_ok=True)
    info = responses.drop_duplicates("respondent_id").set_index("respondent_id")
    label = (info["wave"].astype(str) + " / " + info["unit"].astype(str) + " / "
             + info["function"].astype(str))
    people = pd.DataFrame({"member": keys.to_numpy(), "label": label.loc[keys.index].to_numpy()})
    pd.DataFrame({"set": range(len(sets)), "variable": [s.variable for s in sets], "group": [s.key for s in sets],
                  "valued": [s.valued for s in sets], "spread": [s.spread for s in sets],
                  "reports": [json.dumps(sorted(s.reports), ensure_ascii=False) for s in sets]}
                 ).to_parquet(target / "sets.parquet", index=False)
    pd.DataFrame({"set": [k for k, m in enumerate(members) for _ in m], "member": [x for m in members for x in m]}
                 ).to_parquet(target / "members.parquet", index=False)
    people.to_parquet(target / "people.parquet", index=False)
    meta = {"id": rid, "created": now.isoformat(timespec="seconds"), "out": str(Path(out).resolve()),
            "content": content, "sets": len(sets), "retired": None, **dict(settings),
            "reports": sorted({r for s in sets for r in s.reports})}
    _write(target / "release.json", (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return rid


def releases(data: str | Path, retired: bool = True) -> pd.DataFrame:
    """The study's releases, oldest first: ``id, created, out, data_fingerprint, min_n, sets,
    reports, retired`` (``retired``: False leaves the retired ones out).

    >>> import tempfile
    >>> releases(tempfile.mkdtemp()).empty
    True
    """
    rows = []
    folder = _folder(data)
    for meta in sorted(folder.glob("*/release.json")) if folder.is_dir() else []:
        try:
            m = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise TuffkitError(f"{meta}: is not a tuffkit release (damaged); retire it or restore it") from None
        if retired or not m.get("retired"):
            rows.append(m)
    cols = ["id", "created", "out", "data_fingerprint", "min_n", "protection", "sets", "reports", "retired",
            "content"]
    frame = pd.DataFrame(rows, columns=cols) if rows else pd.DataFrame(columns=cols)
    return frame.sort_values("created", kind="stable").reset_index(drop=True)


def retire(data: str | Path, release: str, reason: str = "") -> dict[str, Any]:
    """Retire a release: it is kept (for the record) but no longer planned or audited against,
    e.g. one that was never sent to anyone. Returns its description."""
    path = _folder(data) / release / "release.json"
    if not path.exists():
        known = ", ".join(releases(data)["id"]) or "none"
        raise TuffkitError(f"{data}: the study has no release {release!r} (its releases: {known})")
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["retired"] = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "reason": reason}
    _write(path, (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return meta


def state(data: str | Path) -> str:
    """A short digest of the releases in force (for the plan's cache key)."""
    ids = sorted(releases(data, retired=False)["id"].astype(str))
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16] if ids else ""


def earlier_sets(data: str | Path, responses: pd.DataFrame
                 ) -> tuple[dict[str, list[PublishedSet]], dict[int, str], list[str]]:
    """The sets every release in force published, per variable, with their members as the
    respondent ids of ``responses``; members no longer in it (a form taken out or corrected)
    get negative ids. Returns (sets, labels of the negative ids, the releases' data fingerprints)."""
    rels = releases(data, retired=False)
    if rels.empty:
        return {}, {}, []
    keys = respondent_keys(responses, data)
    ids = {k: int(i) for i, k in keys.items()}
    labels: dict[int, str] = {}
    out: dict[str, list[PublishedSet]] = {}
    for rel in rels.itertuples():
        folder = _folder(data) / str(rel.id)
        sets = pd.read_parquet(folder / "sets.parquet")
        members = pd.read_parquet(folder / "members.parquet")
        people = pd.read_parquet(folder / "people.parquet").set_index("member")["label"]
        for m in set(members["member"]) - set(ids):
            ids[m] = -(len(labels) + 1)
            labels[ids[m]] = f"{people.get(m, '?')}, a form of release {rel.id} no longer in the data"
        grouped = members.groupby("set")["member"].apply(list)
        when = str(rel.created)[:10]
        for s in sets.itertuples():  # a set of an earlier version names the unit "municipality": upgrade_key
            reports = {f"{r} (release {rel.id} of {when})" for r in json.loads(s.reports)}
            out.setdefault(str(s.variable), []).append(PublishedSet(
                upgrade_key(str(s.group)), str(s.variable), frozenset(ids[m] for m in grouped.get(s.set, [])), reports,
                bool(s.valued), bool(s.spread)))
    return out, labels, [str(x) for x in rels["data_fingerprint"]]


def against_releases(plan: Plan, responses: pd.DataFrame, files: pd.DataFrame | None,
                     earlier: Mapping[str, Sequence[PublishedSet]]) -> Plan:
    """``plan`` with what earlier releases make unsafe hidden: every figure this run would show
    about a set that, beside the sets the releases published, tells about fewer than ``min_n``
    people (a late form, another focus group). A set a release published with the very same
    members is never hidden (it tells nothing new). The plan's notes say what was hidden and why.
    """
    if not earlier:
        return plan
    by_var: dict[str, list[dict[str, Any]]] = {}
    for key in plan.shown:
        variable, group = json.loads(key)
        if variable in earlier:
            by_var.setdefault(variable, []).append({"variable": variable, "group": group, "statistic": "mean",
                                                    "report": "this run"})
    hidden: set[str] = set()
    notes: list[str] = []
    for variable, entries in sorted(by_var.items()):
        now = published_sets(entries, responses, files).get(variable, [])
        before = list(earlier[variable])
        same = {p.members for p in before}
        if all(p.members in {q.members for q in now} for p in before):
            continue  # every earlier set is one this run shows anyway: nothing new beside it
        while True:
            shown = [p for p in now if p.key not in hidden]
            sets = [p.members for p in shown] + [p.members for p in before]
            found = exposed_groups(sets, plan.min_n)
            # the figures of this run that the working-out uses (a figure subtracted counts as much
            # as one that holds the exposed people), unless a release showed the very same set
            more = {shown[i].key for g in found for i in _participants(sets, g)
                    if i < len(shown) and shown[i].members not in same}
            if not more:
                break
            hidden |= more
            who = ", ".join(map(str, sorted({len(g) for g in found})))
            notes += [f"release: hidden, beside earlier releases it would tell about {who} respondent(s): {key}"
                      for key in sorted(more)]
    if not hidden:
        return plan
    return Plan(plan.min_n, plan.followed, plan.shown - hidden, plan.notes + tuple(notes),
                coarse=plan.coarse - hidden)


def _participants(sets: Sequence[frozenset], group: frozenset) -> list[int]:
    """The sets a least-squares combination giving ``group``'s indicator uses (numpy's
    minimum-norm solution of ``sets``' indicators; the sets that share no member with ``group``'s
    connected sets are left out first)."""
    import numpy as np

    touching = set(group)
    idx: list[int] = []
    grown = True
    while grown:  # the sets linked to the group through shared members
        grown = False
        for i, s in enumerate(sets):
            if i not in idx and s & touching:
                idx.append(i)
                touching |= s
                grown = True
    members = {m: j for j, m in enumerate(sorted(touching, key=repr))}
    a = np.zeros((len(members), len(idx)))
    for col, i in enumerate(idx):
        a[[members[m] for m in sets[i]], col] = 1.0
    b = np.zeros(len(members))
    b[[members[m] for m in group]] = 1.0
    x = np.linalg.lstsq(a, b, rcond=None)[0]
    return [i for i, c in zip(idx, x, strict=True) if abs(c) > 1e-9]
