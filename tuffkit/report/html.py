"""The HTML that every report is made of: escaped text, sections with headings that the
table of contents and screen readers find, lists, and the method box's table of source files.

Every value that comes from the data goes through :func:`esc`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tuffkit.fingerprint import fingerprint
from tuffkit.report.tables import Lang

__all__ = ["Section", "esc", "section", "bullet_list", "source_files_table"]

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
