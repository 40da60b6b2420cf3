"""What the rules found, in one plain sentence per part, in Swedish or English.

Each rule that fired gives a clause naming how many points, where it starts (the ``x`` of its
first point: a month is written "mars 2021") and what it suggests, e.g. "9 punkter i rad under
mittlinjen från mars 2021: en ihållande förändring". A part without a signal says that its
variation looks random. The reports' summaries and alt texts use these sentences.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from babel.dates import format_date

if TYPE_CHECKING:
    from tuffkit.spc.qic import QicResult

__all__ = ["sentences", "x_label", "RULE_TEXTS"]

_LOCALE = {"sv": "sv_SE", "en": "en_GB"}
#: rule -> language -> the clause (n points, side or direction, x where it starts)
RULE_TEXTS: dict[str, dict[str, str]] = {
    "outside": {"sv": "{n} {points} utanför styrgränserna ({at}): en stor eller tillfällig förändring",
                "en": "{n} {points} outside the control limits ({at}): a large or passing change"},
    "run": {"sv": "{n} punkter i rad {side} mittlinjen från {x}: en ihållande förändring",
            "en": "{n} points in a row {side} the centre line from {x}: a sustained shift"},
    "shift": {"sv": "{n} punkter i rad {side} mittlinjen från {x}: en ihållande förändring",
              "en": "{n} points in a row {side} the centre line from {x}: a sustained shift"},
    "crossings": {"sv": "bara {n} {crossings} av mittlinjen där minst {m} väntas: en ihållande förändring",
                  "en": "only {n} {crossings} of the centre line where at least {m} are expected: a sustained shift"},
    "trend": {"sv": "{n} punkter i rad {trend} från {x}: en trend",
              "en": "{n} points in a row {trend} from {x}: a trend"},
    "two_of_three": {"sv": "2 av 3 punkter i rad bortom 2 sigma {side} mittlinjen från {x}: ett tidigt tecken "
                           "på förändring",
                     "en": "2 of 3 points in a row beyond 2 sigma {side} the centre line from {x}: an early sign "
                           "of change"},
    "four_of_five": {"sv": "4 av 5 punkter i rad bortom 1 sigma {side} mittlinjen från {x}: ett tecken på "
                           "förändring",
                     "en": "4 of 5 points in a row beyond 1 sigma {side} the centre line from {x}: a sign of "
                           "change"},
    "alternating": {"sv": "{n} punkter i rad som växelvis stiger och faller från {x}: två processer blandas",
                    "en": "{n} points in a row alternating up and down from {x}: two processes mixed"},
    "hugging": {"sv": "{n} punkter i rad inom 1 sigma från {x}: mindre spridning än gränserna förutsätter",
                "en": "{n} points in a row within 1 sigma from {x}: less spread than the limits assume"},
    "avoiding": {"sv": "{n} punkter i rad bortom 1 sigma från {x}: två nivåer blandas",
                 "en": "{n} points in a row beyond 1 sigma from {x}: two levels mixed"},
}
_WORDS = {
    "sv": {"above": "över", "below": "under", "up": "stigande", "down": "fallande", "point": "punkt",
           "points": "punkter", "crossing": "korsning", "crossings": "korsningar", "at": "vid {x}",
           "first_at": "den första vid {x}", "quarter": "kvartal {q} {y}",
           "none_run": "Ingen signal: variationen ser slumpmässig ut",
           "none": "Ingen signal: variationen ser slumpmässig ut och ligger inom styrgränserna",
           "few": "För få punkter för en serieanalys"},
    "en": {"above": "above", "below": "below", "up": "rising", "down": "falling", "point": "point",
           "points": "points", "crossing": "crossing", "crossings": "crossings", "at": "at {x}",
           "first_at": "the first at {x}", "quarter": "Q{q} {y}",
           "none_run": "No signal: the variation looks random",
           "none": "No signal: the variation looks random and stays within the control limits",
           "few": "Too few points for a runs analysis"},
}


def x_label(value: object, lang: str = "sv") -> str:
    """``x`` as a reader says it: a month "mars 2021", a day "3 mars 2021", a quarter "kvartal 1 2021".

    Examples
    --------
    >>> x_label(pd.Timestamp("2021-03-01")), x_label("2021-03", "en"), x_label("2021-Q2"), x_label(12.0)
    ('mars 2021', 'March 2021', 'kvartal 2 2021', '12')
    """
    w = _WORDS[lang]
    if isinstance(value, str):
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            value = pd.Timestamp(int(m.group(1)), int(m.group(2)), 1)
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            return w["quarter"].format(q=m.group(2), y=m.group(1))
        else:
            return value
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "year"):
        ts = pd.Timestamp(value)
        return format_date(ts.date(), "LLLL y" if ts.day == 1 else "d MMMM y", locale=_LOCALE[lang])
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _clause(rule: str, found: list[tuple[int, int, int]], xs: np.ndarray, lang: str) -> str:
    w = _WORDS[lang]
    text = RULE_TEXTS[rule][lang]
    if rule == "outside":
        k = len(found)
        at = (w["at"] if k == 1 else w["first_at"]).format(x=x_label(xs[found[0][0]], lang))
        return text.format(n=k, points=w["point"] if k == 1 else w["points"], at=at)
    if rule == "crossings":
        _, c, m = found[0]
        return text.format(n=c, m=m, crossings=w["crossing"] if c == 1 else w["crossings"])
    row, n, d = max(found, key=lambda f: f[1])  # the longest of its kind
    return text.format(n=n, x=x_label(xs[row], lang), side=w["above"] if d > 0 else w["below"],
                       trend=w["up"] if d > 0 else w["down"])


def sentences(res: QicResult, lang: str = "sv") -> pd.DataFrame:
    """One sentence per facet and part of ``res``: what each rule that fired found.

    Examples
    --------
    >>> from tuffkit.spc import qic
    >>> d = pd.DataFrame({"m": pd.date_range("2020-01-01", periods=20, freq="MS"),
    ...                   "y": [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 3, 3, 3, 3, 3, 3, 3, 3, 3]})
    >>> qic(d, x="m", y="y", chart="i", freeze=11).sentences().loc[0, "sentence"]
    '10 punkter i rad under mittlinjen från november 2020: en ihållande förändring.'
    """
    if lang not in _WORDS:
        raise ValueError(f"lang must be 'sv' or 'en', not {lang!r}")
    xs = res.frame["x"].to_numpy()
    out = []
    for i, row in enumerate(res.summary.itertuples(index=False)):
        found = res.found[i] if i < len(res.found) else {}
        fired = [r for r in str(row.signals).split(",") if r and r in found]
        if fired:
            text = "; ".join(_clause(r, found[r], xs, lang) for r in fired)
            text = text[0].upper() + text[1:]
        elif not row.n_useful:
            text = _WORDS[lang]["few"]
        else:
            text = _WORDS[lang]["none_run" if res.chart == "run" else "none"]
        out.append({**{f: getattr(row, f) for f in res.facets}, "part": row.part, "sentence": text + "."})
    return pd.DataFrame(out, columns=[*res.facets, "part", "sentence"])
