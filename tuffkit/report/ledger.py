"""The ledger of a report: every number it publishes, with the respondent group it was computed
over, one JSON line per number, written beside the HTML (``botkyrka.ledger.jsonl``).

``tuffkit audit RUN_DIR`` rebuilds each group from the processed data and checks the
disclosure rule (:mod:`tuffkit.disclosure`) over the ledgers of every report in the folder.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["Ledger", "read_ledgers", "LEDGER_SUFFIX"]

#: the ledger's name beside a report: ``<report>.ledger.jsonl``
LEDGER_SUFFIX = ".ledger.jsonl"


class Ledger:
    """The numbers a report published, kept in memory and (given ``path``) appended to a file as
    each section is made.

    Examples
    --------
    >>> led = Ledger()
    >>> led.add("summary", "respondents", 12, variable="respondents", group={"wave": "2014"})
    12
    >>> led.entries[0]["group"], led.entries[0]["n"]
    ({'wave': ['2014']}, 12)
    """

    def __init__(self, path: str | Path | None = None, header: Mapping[str, Any] | None = None) -> None:
        self.path = Path(path) if path else None
        self.entries: list[dict[str, Any]] = []
        self._written = 0
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps({"ledger": 1, **(header or {})}, ensure_ascii=False) + "\n",
                                 encoding="utf-8")

    def add(self, section: str, statistic: str, value: Any, variable: Any = None,
            group: Mapping[str, Any] | None = None, n: int | None = None) -> Any:
        """Record one published number and return it (``n``: the group's members, the count
        itself for a count). A number about no respondents (an invited count, a measure) has
        ``group`` None."""
        if _missing(value):
            return value
        grp = None
        if group is not None:
            grp = {str(k): sorted({str(x) for x in ([v] if isinstance(v, str) or not isinstance(v, Sequence)
                                                    else v)}) for k, v in group.items()}
        if n is None and statistic in ("respondents", "answers"):
            n = int(value)
        self.entries.append({"section": section, "statistic": statistic, "value": _plain(value),
                             "n": None if _missing(n) else int(n),
                             "variable": None if variable is None else str(variable), "group": grp})
        return value

    def flush(self) -> None:
        """Append the entries not yet written to the file."""
        if self.path is None or self._written == len(self.entries):
            return
        with self.path.open("a", encoding="utf-8") as f:
            for e in self.entries[self._written:]:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
        self._written = len(self.entries)


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA (a blanked statistic: nothing is published)."""
    if value is None or type(value).__name__ == "NAType":
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    return int(f) if f.is_integer() and abs(f) < 2**53 else round(f, 10)


def read_ledgers(folder: str | Path) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Every ledger under ``folder``: report path (relative, the HTML's) -> (header, entries)."""
    folder = Path(folder)
    out = {}
    for path in sorted(folder.rglob(f"*{LEDGER_SUFFIX}")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        lines = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        header = lines[0] if lines and "ledger" in lines[0] else {}
        rel = str(path.relative_to(folder).as_posix())[: -len(LEDGER_SUFFIX)] + ".html"
        out[rel] = (header, [_upgraded(e) for e in lines if "ledger" not in e])
    return out


def _upgraded(entry: dict[str, Any]) -> dict[str, Any]:
    """A ledger line as today's code writes it: a group of an earlier version names the unit
    ``municipality``, today's ``unit``.

    >>> _upgraded({"variable": "1", "group": {"municipality": ["Ludvika"], "wave": ["2014"]}})["group"]
    {'unit': ['Ludvika'], 'wave': ['2014']}
    """
    group = entry.get("group")
    if isinstance(group, dict) and "municipality" in group and "unit" not in group:
        entry = {**entry, "group": {("unit" if k == "municipality" else k): v for k, v in group.items()}}
    return entry
