"""The HTML that every report is made of: escaped text, sections with headings that the
table of contents and screen readers find, lists, and the method box's table of source files.

Every value that comes from the data goes through :func:`esc`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tuffkit.fingerprint import fingerprint
from tuffkit.report.tables import Lang

__all__ = ["Section", "esc", "section", "bullet_list", "source_files_table", "number_columns", "cards",
           "statement_cards"]

_TEXTS: dict[str, dict[str, str]] = {
    "provenance": {"sv": "Källfiler", "en": "Source files"},
    "file": {"sv": "Fil", "en": "File"},
    "rows_kept": {"sv": "Rader med", "en": "Rows kept"},
    "rows_rejected": {"sv": "Rader bort", "en": "Rows rejected"},
    "sha": {"sv": "Fingeravtryck", "en": "Fingerprint"},
}


def esc(value: Any) -> str:
    """``value`` as HTML text (``<script>`` shows as text)."""
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Section:
    """A piece of a report as HTML (shown as such in JupyterLab and in the exported report)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def section(key: str, title: str, body: str, level: int = 2) -> Section:
    return Section(f'<section class="tk-section" aria-labelledby="{key}">'
                   f'<h{level} id="{key}">{esc(title)}</h{level}>{body}</section>')


def source_files_table(files: list[dict[str, Any]], lang: Lang, folder: str | Path | None = None) -> str:
    """The method box's table of input files (name, rows kept and rejected, the file's keyed
    fingerprint, :func:`tuffkit.fingerprint.fingerprint`, under the key of the processed
    ``folder``, or a record's own ``fingerprint``), from an ingest record's ``files``; "" when
    there are none. No raw hash is ever shown.

    >>> t = source_files_table([{"file": "a.csv", "sha256": "abc", "fingerprint": "1f2e"}], "sv")
    >>> "<code>1f2e</code>" in t, "abc" in t
    (True, False)
    """
    if not files:
        return ""
    files = [dict(f, fingerprint=f.get("fingerprint") or (fingerprint(folder, str(f.get("sha256") or ""))
                                                        if folder is not None else "")) for f in files]
    heads = "".join(f'<th scope="col">{_TEXTS[k][lang]}</th>' for k in ("file", "rows_kept", "rows_rejected", "sha"))
    rows = "".join(
        f'<tr><th scope="row">{esc(f.get("file", ""))}</th><td>{esc(f.get("rows_kept", ""))}</td>'
        f"<td>{esc(f.get('rows_rejected', ''))}</td><td><code>{esc(str(f.get('fingerprint', '')))}</code></td></tr>"
        for f in files)
    return (f'<div class="tk-scroll" role="region" tabindex="0" aria-labelledby="files-cap">'
            f'<table class="tk-table"><caption id="files-cap">{_TEXTS["provenance"][lang]}</caption>'
            f"<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table></div>")


def bullet_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else ""


_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
#: a cell that holds one number as the reports print it (sign, digits, decimal comma or point, a
#: per cent sign), or a dash for a number not shown
_NUMBER = re.compile(r"[+−-]?\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?\s?%?|[–—]")


def _text(cell: str) -> str:
    """A cell's text; a code (``<code>``: a fingerprint, an id) is never a number, whatever its digits."""
    if "<code" in cell:
        return "<code>"
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def _with_class(attrs: str, name: str) -> str:
    """A tag's attributes with ``name`` added to its class."""
    if re.search(r'\bclass="', attrs):
        return re.sub(r'\bclass="', f'class="{name} ', attrs, count=1)
    return f'{attrs} class="{name}"'


def _columns(table: str) -> list[int]:
    """The columns of ``table``'s body whose every cell is a number or a dash (and not all dashes)."""
    rows = [[_text(m.group(3)) for m in _CELL.finditer(r)] for r in _ROW.findall(table.split("<tbody", 1)[-1])]
    if not rows or "colspan" in table or "rowspan" in table:
        return []
    width = max(len(r) for r in rows)
    return [k for k in range(width)
            if all(len(r) > k and _NUMBER.fullmatch(r[k]) for r in rows) and any(r[k] not in "–—" for r in rows)]


def _mark(rows: str, numeric: list[int]) -> str:
    def row(m: re.Match) -> str:
        k = -1

        def cell(c: re.Match) -> str:
            nonlocal k
            k += 1
            if k not in numeric or "tk-num" in c.group(2):
                return c.group(0)
            return f"<{c.group(1)}{_with_class(c.group(2), 'tk-num')}>{c.group(3)}</{c.group(1)}>"

        return _CELL.sub(cell, m.group(0))

    return _ROW.sub(row, rows)


def number_columns(page: str) -> str:
    """``page`` with every table's number columns (each body cell a number or a dash) marked
    ``tk-num``, header included, which the CSS right-aligns: one rule for every table.

    >>> t = ('<table><thead><tr><th>Fil</th><th>Rader</th></tr></thead><tbody>'
    ...      '<tr><th scope="row">a.csv</th><td>1 259</td></tr><tr><th scope="row">b.csv</th><td>–</td></tr>'
    ...      '</tbody></table>')
    >>> number_columns(t).count('class="tk-num"'), 'a.csv</th><td class="tk-num">1 259' in number_columns(t)
    (3, True)
    >>> number_columns(t.replace("<td>1 259</td>", "<td><code>203948571620</code></td>")).count("tk-num")  # an id
    0
    """
    def table(m: re.Match) -> str:
        numeric = _columns(m.group(0))
        return _mark(m.group(0), numeric) if numeric else m.group(0)

    return _TABLE.sub(table, page)


def cards(table: str, key: tuple[int, ...] = ()) -> str:
    """``table`` (a header row and body rows) that a phone shows as one card per row: each body
    cell gets its column's heading as ``data-label`` (shown above the cell by the CSS), the
    ``key`` columns (0-based) are marked ``tk-key`` and come first under the card's heading.

    >>> t = ('<table class="tk-table"><thead><tr><th>Namn</th><th>Svar</th></tr></thead>'
    ...      '<tbody><tr><th>A</th><td>5</td></tr></tbody></table>')
    >>> c = cards(t, key=(1,))
    >>> c.startswith('<table class="tk-cards tk-table">'), '<td data-label="Svar" class="tk-key">5</td>' in c
    (True, True)
    """
    head, _, body = table.partition("<tbody")
    labels = [_text(m.group(3)) for m in _CELL.finditer(head.split("<thead", 1)[-1])]

    def row(m: re.Match) -> str:
        k = -1

        def cell(c: re.Match) -> str:
            nonlocal k
            k += 1
            attrs = c.group(2)
            if c.group(1) == "td" and k < len(labels):
                attrs += f' data-label="{esc(labels[k])}"'
            if k in key:
                attrs = _with_class(attrs, "tk-key")
            return f"<{c.group(1)}{attrs}>{c.group(3)}</{c.group(1)}>"

        return _CELL.sub(cell, m.group(0))

    head = _with_class_table(head)
    return head + "<tbody" + _ROW.sub(row, body) if body else table


def _with_class_table(head: str) -> str:
    m = re.search(r"<table\b([^>]*)>", head)
    if m is None:
        return head
    return head[:m.start()] + f"<table{_with_class(m.group(1), 'tk-cards')}>" + head[m.end():]


def statement_cards(page: str) -> str:
    """``page`` with its tables of statements (the Styler tables, ``<table id="T_...">``: a statement or
    group per row and its numbers) as cards on a phone (:func:`cards`), so that every number of a
    statement, its change too, is in view without scrolling sideways."""
    return re.sub(r'<table id="T_.*?</table>', lambda m: cards(m.group(0)), page, flags=re.S)
