"""Each series' variation and assurance verdicts, as NHS England's *Making Data Count* icons.

- **Variation**, from the latest point: ``"improvement"`` or ``"concern"`` (a special cause in
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

__all__ = ["verdicts", "VARIATION", "ASSURANCE"]

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
    fr = res.frame
    keys = list(res.facets)
    groups = fr.groupby(keys, sort=False, observed=True, dropna=False) if keys else [((), fr)]
    rows = []
    sign = {"up": 1, "down": -1, None: 0}[res.improvement]
    for key, g in groups:
        g = g[g["y"].notna()]
        if not len(g):
            continue
        last = g.iloc[-1]
        if not bool(last["signal"]):
            variation = "common"
        elif int(last["direction"]) == 0:
            variation = "special"
        elif sign == 0:
            variation = "high" if int(last["direction"]) > 0 else "low"
        else:
            variation = "improvement" if int(last["direction"]) * sign > 0 else "concern"
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
