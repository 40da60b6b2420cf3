"""Each series' variation and assurance verdicts, as NHS England's *Making Data Count* icons.

- **Variation**, from the latest point's type (:func:`point_types`, as NHSRplotthedots'
  ``point_type`` and variation icon): ``"improvement"`` or ``"concern"`` (a special cause in
  the better or the worse direction, given ``improvement=``), ``"high"`` or ``"low"`` (a special
  cause when no direction is better), ``"special"`` (a signal without a side: alternating or
  hugging points), or ``"common"`` (common-cause variation: the latest point is flagged by no rule).
- **Assurance**, from the latest point's limits and the target (NHSRplotthedots'
  ``ptd_calculate_assurance_type``): ``"pass"`` (the target lies beyond the limit on the worse
  side: the process consistently meets it), ``"fail"`` (beyond the limit on the better side:
  it consistently misses it) or ``"hit_and_miss"``; None without a target, a direction or limits
  (a run chart).

:data:`VARIATION` and :data:`ASSURANCE` hold each verdict's words (sv, en) and the letter its
icon shows (for improvement and concern, H or L: the side of the signal, the frame's ``side``),
so a report tells the verdicts apart by shape and text, not by colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from tuffkit.spc.qic import QicResult

__all__ = ["verdicts", "point_types", "VARIATION", "ASSURANCE", "COLOURS"]

#: each point type's colour: Making Data Count's hues (improvement blue, concern orange, neutral
#: purple, common grey), darkened so that a mark stands out 3:1 against white (WCAG 1.4.11)
COLOURS: dict[str, str] = {"improvement": "#1f5fa8", "concern": "#b5520c", "high": "#6a3d9a", "low": "#6a3d9a",
                           "special": "#6a3d9a", "common": "#767676"}

VARIATION: dict[str, dict[str, str]] = {
    "improvement": {"sv": "Förbättring (särskild orsak)", "en": "Improvement (special cause)", "mark": "H/L"},
    "concern": {"sv": "Försämring (särskild orsak)", "en": "Concern (special cause)", "mark": "H/L"},
    "high": {"sv": "Högre (särskild orsak)", "en": "Higher (special cause)", "mark": "H"},
    "low": {"sv": "Lägre (särskild orsak)", "en": "Lower (special cause)", "mark": "L"},
    "special": {"sv": "Särskild orsak", "en": "Special cause", "mark": "S"},
    "common": {"sv": "Slumpmässig variation", "en": "Common cause variation", "mark": "~"},
}
ASSURANCE: dict[str, dict[str, str]] = {
    "pass": {"sv": "Når målet varje gång", "en": "Consistently meets the target", "mark": "P"},
    "fail": {"sv": "Når inte målet", "en": "Consistently misses the target", "mark": "F"},
    "hit_and_miss": {"sv": "Når målet ibland", "en": "Hit and miss", "mark": "?"},
}


def point_types(res: QicResult) -> np.ndarray:
    """Each point's type, as NHSRplotthedots' ``point_type``: ``"common"``, ``"improvement"`` or
    ``"concern"`` (with ``improvement=``), ``"high"`` or ``"low"`` (without), or ``"special"``
    (a signal without a side, e.g. too few crossings: a property of the whole part).

    Examples
    --------
    >>> from tuffkit.spc import qic
    >>> d = pd.DataFrame({"t": range(1, 21), "y": [10, 11, 9, 10, 11, 10, 9, 10, 11, 10] + [7] * 10})
    >>> point_types(qic(d, x="t", y="y", chart="i", freeze=10, improvement="down", rules="mdc"))[-1]
    'improvement'
    """
    fr = res.frame
    sign = {"up": 1, "down": -1, None: 0}[res.improvement]
    d = fr["direction"].to_numpy(dtype=int)
    sig = fr["signal"].to_numpy(dtype=bool)
    if sign:
        kind = np.where(d * sign > 0, "improvement", np.where(d * sign < 0, "concern", "special"))
    else:
        kind = np.where(d > 0, "high", np.where(d < 0, "low", "special"))
    return np.where(sig, kind, "common").astype(object)


def verdicts(res: QicResult) -> pd.DataFrame:
    """One row per series (facet) of ``res``: the latest point's ``x``, ``y``, ``cl``, ``lcl``,
    ``ucl`` and ``target``, the ``variation`` and ``assurance`` verdicts, and the ``side`` of a
    special cause (``"high"``, ``"low"`` or None).

    Examples
    --------
    >>> from tuffkit.spc import qic
    >>> d = pd.DataFrame({"t": range(1, 21), "y": [10, 11, 9, 10, 11, 10, 9, 10, 11, 10] + [14] * 10})
    >>> v = qic(d, x="t", y="y", chart="i", freeze=10, improvement="up", target=12).verdict
    >>> v.loc[0, ["variation", "assurance"]].tolist()
    ['improvement', 'hit_and_miss']
    """
    fr = res.frame.assign(_type=point_types(res))
    keys = list(res.facets)
    groups = fr.groupby(keys, sort=False, observed=True, dropna=False) if keys else [((), fr)]
    rows = []
    sign = {"up": 1, "down": -1, None: 0}[res.improvement]
    for key, g in groups:
        g = g[g["y"].notna()]
        if not len(g):
            continue
        last = g.iloc[-1]
        variation = str(last["_type"])
        target = float(last["target"]) if "target" in g and pd.notna(last["target"]) else np.nan
        assurance = None
        if sign and np.isfinite(target) and pd.notna(last["lcl"]) and pd.notna(last["ucl"]):
            if target > last["ucl"]:
                assurance = "fail" if sign > 0 else "pass"
            elif target < last["lcl"]:
                assurance = "pass" if sign > 0 else "fail"
            else:
                assurance = "hit_and_miss"
        key = key if isinstance(key, tuple) else (key,)
        side = {1: "high", -1: "low"}.get(int(last["direction"])) if bool(last["signal"]) else None
        rows.append({**dict(zip(keys, key, strict=True)), "x": last["x"], "y": float(last["y"]),
                     "cl": float(last["cl"]), "lcl": float(last["lcl"]), "ucl": float(last["ucl"]),
                     "target": target, "variation": variation, "assurance": assurance, "side": side})
    return pd.DataFrame(rows, columns=[*keys, "x", "y", "cl", "lcl", "ucl", "target", "variation", "assurance",
                                       "side"])
