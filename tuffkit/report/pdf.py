"""An A4 PDF of each HTML report, to mail: printed offline by headless Chromium (Playwright).

The PDF is the report's print layout (``@media print`` in ``report.css``): figures not split
across pages, tables repeating their header row, no table of contents or skip link, images
fitted to the page. Every page carries the report's title and unit at the top and "Sida k av
n" ("Page k of n") at the bottom; the PDF's outline (bookmarks) comes from the headings.

Offline: the page is opened from its ``file://`` address and every request to anything but
that file and ``data:`` images is aborted, so no request leaves the machine (the reports are
self-contained; nothing is meant to be fetched). Chromium is Debian's ``/usr/bin/chromium``
(``scripts/install-browser.sh``), driven by Playwright (``pip install 'tuffkit[pdf]'``);
Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tuffkit.errors import OutputError

__all__ = ["print_pdf", "print_run", "CHROMIUM", "CHROMIUM_ARGS", "pdf_path"]

CHROMIUM = Path(os.environ.get("TUFFKIT_CHROMIUM", "/usr/bin/chromium"))
#: headless Chromium without its background traffic (also the browser tests' flags)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",  # small /dev/shm in containers; Debian's launcher script does the same below 3.8 GB
]
_PAGE = {"sv": "Sida", "en": "Page"}
_OF = {"sv": "av", "en": "of"}


def pdf_path(html_path: str | Path) -> Path:
    """The PDF beside a report: ``municipality/botkyrka.html`` -> ``municipality/botkyrka.pdf``."""
    return Path(html_path).with_suffix(".pdf")


def header_parts(title: str, unit: str) -> tuple[str, str]:
    """The running header's left and right text: the report's title and its unit, the unit named
    once (a unit report's title ends with its unit: "Studien: Norrtull" becomes "Studien", "Norrtull").

    >>> header_parts("TUFF: Norrtull", "Norrtull"), header_parts("Norrtulls mått", "Norrtull")
    (('TUFF', 'Norrtull'), ('Norrtulls mått', ''))
    >>> header_parts("Studien", "")
    ('Studien', '')
    """
    if not unit:
        return title, ""
    for sep in (": ", " – ", " - ", ", "):
        if title.endswith(sep + unit):
            return title[: -len(sep + unit)], unit
    return (title, "") if unit in title else (title, unit)


def _templates(title: str, unit: str, lang: str) -> tuple[str, str]:
    style = "font:8px sans-serif;color:#333;width:100%;margin:0 15mm;display:flex;justify-content:space-between"
    title, unit = header_parts(title, unit)
    header = (f'<div style="{style}"><span>{html.escape(title)}</span><span>{html.escape(unit)}</span></div>')
    footer = (f'<div style="{style};justify-content:center"><span>{_PAGE[lang]} <span class="pageNumber"></span> '
              f'{_OF[lang]} <span class="totalPages"></span></span></div>')
    return header, footer


def _title_and_lang(page_html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page_html, re.S)
    lang = re.search(r'<html[^>]*\blang="(sv|en)"', page_html)
    return (html.unescape(title.group(1)).strip() if title else "", lang.group(1) if lang else "sv")


class _Printer:
    """One Chromium for many reports."""

    def __init__(self) -> None:
        if not CHROMIUM.exists():
            raise OutputError(f"{CHROMIUM} is missing: the PDF is printed by Debian's chromium "
                              "(run `bash scripts/install-browser.sh`, or set TUFFKIT_CHROMIUM)")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise OutputError("printing PDFs needs Playwright: pip install 'tuffkit[pdf]'") from None
        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except Exception:
            self._pw.stop()
            raise
        self.blocked: list[str] = []

    def print(self, source: Path, target: Path, unit: str) -> Path:
        source = source.resolve()
        page_html = source.read_text(encoding="utf-8")
        title, lang = _title_and_lang(page_html)
        context = self._browser.new_context(java_script_enabled=False)

        def route(route: Any, request: Any) -> None:
            url = request.url
            if url.startswith("data:") or url == source.as_uri():
                route.continue_()
            else:  # nothing leaves the machine, and no other local file is read
                self.blocked.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        try:
            page = context.new_page()
            page.goto(source.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            header, footer = _templates(title, unit, lang)
            tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
            try:
                page.pdf(path=str(tmp), format="A4", print_background=True, display_header_footer=True,
                         header_template=header, footer_template=footer, outline=True, tagged=True,
                         margin={"top": "18mm", "bottom": "16mm", "left": "15mm", "right": "15mm"})
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
        finally:
            context.close()
        return target

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def print_pdf(source: str | Path, target: str | Path | None = None, unit: str = "") -> Path:
    """Print one HTML report to an A4 PDF beside it (or at ``target``); return the PDF's path.

    Examples
    --------
    >>> pdf_path("unit/botkyrka.html").as_posix()
    'unit/botkyrka.pdf'
    """
    printer = _Printer()
    try:
        return printer.print(Path(source), Path(target) if target else pdf_path(source), unit)
    finally:
        printer.close()


def print_run(out: str | Path, units: Sequence[Any]) -> list[Path]:
    """A PDF beside every report of ``units`` (``tuffkit.batch.Unit``) rendered ``ok`` into
    ``out``, with one Chromium; a request the reports should never make is an error."""
    out = Path(out)
    done = [u for u in units if getattr(u, "status", "") == "ok"]
    if not done:
        return []
    printer = _Printer()
    try:
        paths = [printer.print(out / u.html, out / pdf_path(u.html), "" if u.kind == "program" else u.name)
                 for u in done]
    finally:
        printer.close()
    if printer.blocked:
        raise OutputError(f"a report asked for {printer.blocked[0]} while printing; it was blocked (the PDFs are "
                          "printed offline)")
    return paths
