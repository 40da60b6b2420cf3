"""PDFs to mail (issue 16): each report printed to A4 by headless Chromium, offline, checked with
pypdf: the same numbers as the HTML, no blank page, the title, unit and page number on every
page, the outline from the headings, and the size of a municipality report ≤ 400 KB."""

from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path

import pytest

from tuffkit.cli import main
from tuffkit.errors import OutputError
from tuffkit.report.pdf import CHROMIUM, _templates, header_parts, print_pdf

pypdf = pytest.importorskip("pypdf", reason="the dev extra holds pypdf")
pytestmark = pytest.mark.browser
if not CHROMIUM.exists():  # make test installs it; a skip here would hide the PDF tests, so fail
    pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/install-browser.sh`", pytrace=False)


def visible_text(page: str) -> str:
    """What a reader sees of an HTML report: no style, no attributes (alt texts), no tags."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'<nav class="tk-toc".*?</nav>', " ", body, flags=re.S)  # not printed
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


NUMBER = re.compile(r"(?<![\w,.])\u2212?\d+(?:[ \u00a0]\d{3})*(?:,\d+)?(?![\w])")


def numbers(text: str) -> list[str]:
    return [n.replace("\u00a0", " ").replace("\u2212", "-") for n in NUMBER.findall(text)]


@pytest.mark.parametrize("report, unit", [("sv/unit/botkyrka", "Botkyrka"), ("sv/study", ""),
                                          ("log/measures/norrtull", "Norrtull")])
def test_the_pdf_says_what_the_html_says(built_reports: Path, tmp_path: Path, report: str, unit: str) -> None:
    source = tmp_path / "r.html"
    shutil.copy(built_reports / f"{report}.html", source)
    page = source.read_text(encoding="utf-8")
    pdf = print_pdf(source, unit=unit)
    assert pdf == tmp_path / "r.pdf"
    reader = pypdf.PdfReader(pdf)
    texts = [p.extract_text() for p in reader.pages]
    n = len(texts)
    title = html_lib.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).strip()
    left, right = (" ".join(x.split()) for x in header_parts(title, unit))
    assert left and (right == unit or not unit), "the unit once, on the header's right"
    for k, t in enumerate(texts, start=1):
        flat = " ".join(t.split())
        assert f"Sida {k} av {n}" in flat, f"page {k}: its number"
        assert left in flat and right in flat, f"page {k}: the title and unit"
        body = flat.replace(f"Sida {k} av {n}", "").replace(left, "").replace(right, "").strip()
        assert len(body) > 40 or reader.pages[k - 1].images, f"page {k} is blank"
    pdf_numbers = numbers(" ".join(" ".join(t.split()) for t in texts))
    missing = [x for x in set(numbers(" ".join(visible_text(page).split()))) if x not in pdf_numbers]
    assert not missing, f"numbers of the HTML not in the PDF: {missing[:10]}"
    headings = [html_lib.unescape(re.sub(r"<[^>]+>", "", h)).strip()
                for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S) if "tk-toc" not in h]
    outline = []

    def walk(items) -> None:  # noqa: ANN001
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                outline.append(it.title)  # a heading that wraps keeps the space at its line break

    walk(reader.outline)
    printed = [h for h in headings if h != "Innehåll"]  # the table of contents is not printed
    assert printed and all(" ".join(h.split()) in outline for h in printed), (printed, outline)
    if "municipality" in report:
        assert pdf.stat().st_size <= 400 * 1024, f"{pdf.stat().st_size / 1024:.0f} KB"


def test_the_running_header_names_the_unit_once() -> None:
    header, _ = _templates("TUFF – pulsenkät: Norrtull", "Norrtull", "sv")
    assert header.count("Norrtull") == 1 and "TUFF – pulsenkät<" in header
    header, _ = _templates("Mått för Norrtull", "Norrtull", "sv")
    assert header.count("Norrtull") == 1
    header, _ = _templates("Leda för resultat", "", "sv")
    assert "Leda för resultat" in header


def test_printing_is_offline(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>T</title></head><body>'
                    '<h1>T</h1><img alt="x" src="http://example.org/x.png"><p>1,5</p></body></html>',
                    encoding="utf-8")
    from tuffkit.report.pdf import print_run

    class U:
        status, kind, name, html = "ok", "measures", "A", "p.html"

    with pytest.raises(OutputError, match=r"asked for http://example\.org/x\.png .*blocked"):
        print_run(tmp_path, [U()])


def test_the_command_prints_pdfs_beside_the_reports(processed: Path, tmp_path: Path, capsys) -> None:
    assert main(["reports", "--data", str(processed), "--measures", "Norrtull", "--out", str(tmp_path),
                 "--format", "html,pdf", "--jobs", "1", "--quiet"]) == 0
    assert (tmp_path / "measures" / "norrtull.pdf").stat().st_size > 10_000
    assert "1 PDF(s) printed" in capsys.readouterr().out
    assert main(["reports", "--data", str(processed), "--measures", "Norrtull", "--out", str(tmp_path),
                 "--format", "pdf", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "--format must be html or html,pdf" in err and len(err.strip().splitlines()) == 1
