"""``tuffkit inspect``: how each column of an export would be understood, and a draft mapping.

For an export that the loader does not read by itself, :func:`inspect_file` shows what it
makes of every column (a metadata field, a statement and its number, the time of response,
a survey tool's own column, or nothing), the answers or codes found in it, and the values
the instrument does not know; :func:`draft_mapping` writes a mapping file (YAML) with every
guess commented, for the user to check and give to ``tuffkit ingest --mapping``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tuffkit.errors import NoStatementColumnsError
from tuffkit.ingest.cells import AnswerParser
from tuffkit.ingest.codebook import code_kind
from tuffkit.ingest.headers import _NUMBERISH
from tuffkit.ingest.layouts import described, detect_tool
from tuffkit.ingest.mapping import Mapping, load_mapping, recognise_columns
from tuffkit.ingest.rawtable import distinct_texts, read_raw_tables
from tuffkit.instrument import Instrument, load_instrument

__all__ = ["ColumnView", "TableView", "inspect_file", "draft_mapping"]


@dataclass
class ColumnView:
    """What the loader makes of one column."""

    position: int
    header: str
    role: str  # "municipality", ..., "statement 3", "timestamp", "tool column", "other text of ...", "unknown"
    values: list[str]
    n_values: int
    codes: str | None = None
    unknown_answers: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class TableView:
    """What the loader makes of one table (a CSV file or a sheet)."""

    path: Path
    sheet: str | None
    read_as: str
    header_rows: list[int]
    columns: list[ColumnView]

    def text(self) -> str:
        """The view as lines of text, one per column."""
        where = f"{self.path}" + (f" (sheet {self.sheet!r})" if self.sheet else "")
        rows = ", ".join(map(str, self.header_rows)) or "none (variable labels)"
        lines = [f"{where}: {self.read_as}; header row(s) {rows}"]
        for c in self.columns:
            shown = ", ".join(repr(v[:30]) for v in c.values[:4]) + (" …" if c.n_values > 4 else "")
            extra = []
            if c.codes:
                extra.append(f"holds {c.codes}: needs a codebook")
            if c.unknown_answers:
                extra.append("not on the scale: " + ", ".join(map(repr, c.unknown_answers[:4])))
            if c.note:
                extra.append(c.note)
            tail = f"  [{'; '.join(extra)}]" if extra else ""
            lines.append(f"  {c.position + 1:>3}  {c.header[:60]!r:<64} -> {c.role:<22} {c.n_values} value(s): {shown}"
                         f"{tail}")
        return "\n".join(lines)


def _loose_score(headers: list[str]) -> int:
    """For a file without statement columns: a row of several words is the header."""
    words = sum(1 for h in headers if h and not _NUMBERISH.match(h))
    return words if words >= 2 else 0


def inspect_file(path: str | Path, instrument: str | Path | Instrument = "lfr19",
                 mapping: str | Path | Mapping | None = None) -> list[TableView]:
    """How every column of ``path`` would be understood, one :class:`TableView` per table.

    Examples
    --------
    >>> from tuffkit.config import RAW_DIR
    >>> view = inspect_file(RAW_DIR / "lfr3_2014_webbenkat.csv")[0]
    >>> [c.role for c in view.columns][:4]
    ['respondent_id', 'timestamp', 'municipality', 'function']
    """
    inst = load_instrument(instrument)
    mp = load_mapping(mapping)
    parser = AnswerParser(inst.scale, mp)
    try:
        tables = read_raw_tables(path, score=lambda h: recognise_columns(h, inst, mp).header_score())
    except NoStatementColumnsError:
        tables = read_raw_tables(path, score=_loose_score)
    out = []
    for rt in tables:
        plan = recognise_columns(rt.headers, inst, mp, codes=rt.header_codes)
        tool, own = detect_tool(rt.headers, rt.header_codes, rt.header_kind, rt.format)
        tool = tool or rt.tool_hint
        roles: dict[int, str] = {i: f for f, i in plan.fields.items()}
        roles.update({i: f"statement {k}" for k, i in plan.items.items()})
        roles.update({i: "timestamp" for i in plan.stamps})
        roles.update({i: f"other text of {f}" for f, i in plan.others.items()})
        cols = []
        for j, h in enumerate(rt.headers):
            role = roles.get(j) or ("tool column" if j in own else "unknown")
            values = distinct_texts(rt.columns[j])
            view = ColumnView(j, h or f"(no header, column {j + 1})", role, values[:8], len(values))
            if j in rt.codebook:
                view.note = "codes with value labels in the file"
            elif role in ("municipality", "function", "in_management_group"):
                view.codes = code_kind(values, role)
            elif role.startswith("statement"):
                letters = [v for v in values if code_kind([v], "statement")]
                view.codes = code_kind(letters, "statement") if letters else None
                view.unknown_answers = [v for v in values if parser(v)[1] is not None][:8]
            elif role == "unknown":
                concept = next((c for i, c in plan.concepts if i == j), None)
                if concept:
                    view.note = f"about {concept}? name it or list it under ignore"
            cols.append(view)
        out.append(TableView(Path(path), rt.sheet, described(tool, rt.format), rt.header_rows, cols))
    return out


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def draft_mapping(views: list[TableView]) -> str:
    """A mapping file (YAML) for the tables of ``views``: what was recognised, as settings to
    check; what was not, as commented lines to fill in. ``tuffkit ingest --mapping`` accepts
    it as it is, and after editing."""
    columns: dict[str, str] = {}
    items: dict[int, str] = {}
    unknown: list[str] = []
    coded: list[ColumnView] = []
    concept: list[ColumnView] = []
    for v in views:
        for c in v.columns:
            if c.role in ("municipality", "function", "in_management_group", "wave", "respondent_id", "timestamp"):
                columns.setdefault(c.role, c.header)
            elif c.role.startswith("statement "):
                items.setdefault(int(c.role.split()[1]), c.header)
            elif c.role == "unknown":
                (concept if c.note else unknown).append(c)
            if c.codes:
                coded.append(c)
    lines = [
        "# Draft mapping written by `tuffkit inspect`. Check every line, then:",
        "#   tuffkit ingest EXPORT --mapping THIS_FILE",
        "# Lines starting with # are not read; remove the # to use one.",
        "",
        "columns:   # canonical field -> the export's header (guessed from the header text)",
    ]
    for fld in ("municipality", "function", "in_management_group", "wave", "respondent_id", "timestamp"):
        if fld in columns:
            lines.append(f"  {fld}: {_q(columns[fld])}")
        else:
            lines.append(f"  # {fld}: \"...\"   # not found: name the column that holds it, if any")
    lines += ["", "items:     # statement number -> header (guessed from the number or the statement text)"]
    lines += [f"  {k}: {_q(h)}" for k, h in sorted(items.items())] or ["  {}"]
    for c in unknown:
        lines.append(f"  # ?: {_q(c.header)}   # not recognised; values: {', '.join(c.values[:3])}")
    if coded:
        lines += ["", "values:    # the export's codes -> what they mean (fill in every code)"]
        for c in coded:
            key = c.role if c.role == "municipality" else c.header
            lines.append(f"  # {_q(key)}:")
            lines += [f"  #   {_q(code)}: \"...\"" for code in c.values]
    if concept:
        lines += ["", "ignore:    # columns about a metadata field that are not used: to leave one out on purpose,"
                  "", "           # remove its # (or name it under columns instead)"]
        lines += [f"  # - {_q(c.header)}   # {c.note}" for c in concept]
    lines += ["", "# constants:   # a value for every row, when the export has no such column",
              "#   wave: \"2014\"",
              "# waves:       # the study's waves in order; dates are assigned by period",
              "#   - {label: \"2014\", from: 2014-01-01, to: 2014-03-31}", ""]
    return "\n".join(lines)
