"""The HTML reports in headless Chromium: offline, no script errors, WCAG 2.1 AA (axe-core), readable on a phone.

The first tests show on small pages made here that each check can fail; the last one opens every built report.
Chromium is Debian's /usr/bin/chromium (``make browser``; ``make test`` installs it). Without it these tests fail,
they do not skip. Screenshots go to $TUFFKIT_SCREENSHOTS when set, else to a temporary folder (printed; ``-s``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from tuffkit.batch import TEMPLATES
from tuffkit.report import narrowplots, plots

from browsercheck import MIN_FIGURE_SCALE, MIN_FIGURE_TEXT_PX, Browser, ChromiumMissing

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    try:
        started = Browser().start()
    except ChromiumMissing as missing:
        message = str(missing)
    else:
        message = ""
    if message:
        pytest.fail(message, pytrace=False)
    try:
        yield started
    finally:
        started.close()


def page(tmp_path: Path, body: str, *, lang: str | None = "sv", head: str = "", name: str = "page.html") -> Path:
    """A small page in ``tmp_path``: valid, titled, with a phone viewport unless the test changes that."""
    lang_attr = f' lang="{lang}"' if lang is not None else ""
    path = tmp_path / name
    path.write_text(
        f'<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Testsida</title>\n{head}</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        encoding="utf-8",
    )
    return path


GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs="
CLEAN = f"""<h1>Ledning för resultat</h1>
<p>Medelvärde per tema, kommunens ledningsgrupp.</p>
<img src="{GIF}" alt="Stapeldiagram" width="40" height="20">
<table><caption>Teman</caption><thead><tr><th scope="col">Tema</th><th scope="col">Medel</th></tr></thead>
<tbody><tr><td>Styrning</td><td>5,1</td></tr></tbody></table>
<script>document.querySelector("p").dataset.ok = "1";</script>"""


def test_a_clean_accessible_page_passes_every_check(browser: Browser, tmp_path: Path) -> None:
    shot, phone_shot = tmp_path / "shots" / "clean.png", tmp_path / "shots" / "clean-phone.png"
    check = browser.check(page(tmp_path, CLEAN), screenshot=shot, phone_screenshot=phone_shot)
    assert check.ok, check.describe()
    assert (check.console_errors, check.page_errors, check.requests, check.violations) == ([], [], [], [])
    assert check.title == "Testsida" and check.lang == "sv"
    assert check.phone is not None and not check.phone.overflows
    assert check.axe_version.startswith("4.")
    for png in (shot, phone_shot):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_outgoing_request_is_recorded_and_blocked(browser: Browser, tmp_path: Path) -> None:
    body = CLEAN + """
<img src="https://example.com/x.png" alt="Extern bild">
<script>
fetch("http://127.0.0.1:9/data.json").then(() => { document.title = "reached"; }, () => {});
</script>"""
    check = browser.check(page(tmp_path, body, head='<link rel="stylesheet" href="https://cdn.example.org/s.css">\n'))
    assert set(check.requests) == {"https://example.com/x.png", "http://127.0.0.1:9/data.json",
                                   "https://cdn.example.org/s.css"}
    assert check.title == "Testsida"  # the fetch never got an answer
    assert check.console_errors == []  # Chromium's "Failed to load resource" for each one is left out
    assert "outgoing request (blocked): https://example.com/x.png" in check.describe()


def test_files_in_the_page_folder_load_and_files_elsewhere_count_as_outgoing(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "extra.css").write_text("h1 { color: #000; }", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.css"
    outside.write_text("p { color: #000; }", encoding="utf-8")
    head = f'<link rel="stylesheet" href="sub/extra.css">\n<link rel="stylesheet" href="{outside.as_uri()}">\n'
    check = browser.check(page(tmp_path, CLEAN, head=head))
    assert check.local_files == [(tmp_path / "sub" / "extra.css").as_uri()]
    assert check.requests == [outside.as_uri()]


def test_console_errors_and_uncaught_exceptions_are_recorded(browser: Browser, tmp_path: Path) -> None:
    body = CLEAN + '\n<script>console.error("x"); console.warn("only a warning");</script>\n' \
        '<script>undefinedFunction();</script>'
    check = browser.check(page(tmp_path, body))
    assert [m.split(" (")[0] for m in check.console_errors] == ["x"]
    assert len(check.page_errors) == 1 and "undefinedFunction" in check.page_errors[0]
    assert check.requests == [] and check.violations == []
    assert not check.ok


def test_an_image_without_alt_is_an_axe_violation(browser: Browser, tmp_path: Path) -> None:
    body = CLEAN.replace(' alt="Stapeldiagram"', "")
    check = browser.check(page(tmp_path, body))
    assert [v["id"] for v in check.violations] == ["image-alt"]
    v = check.violations[0]
    assert v["impact"] == "critical" and v["nodes"] == 1 and v["targets"] == ["img"]
    assert "axe image-alt (critical)" in check.describe()


def test_a_page_without_lang_is_an_axe_violation(browser: Browser, tmp_path: Path) -> None:
    check = browser.check(page(tmp_path, CLEAN, lang=None))
    assert check.lang == ""
    assert [v["id"] for v in check.violations] == ["html-has-lang"]


def test_low_contrast_text_is_an_axe_violation(browser: Browser, tmp_path: Path) -> None:
    check = browser.check(page(tmp_path, CLEAN + '\n<p style="color: #bbb; background: #fff">Bortfall</p>'))
    assert [v["id"] for v in check.violations] == ["color-contrast"]


def test_a_wide_page_scrolls_sideways_on_a_phone(browser: Browser, tmp_path: Path) -> None:
    wide = CLEAN + '\n<div id="bred" style="width: 1200px">Bred tabell</div>'
    check = browser.check(page(tmp_path, wide))
    assert check.phone is not None and check.phone.overflows
    assert check.phone.scroll_width >= 1200 and check.phone.layout_width == 390
    assert check.phone.widest[0].startswith("div#bred")
    assert "scrolls sideways at phone width" in check.describe()

    # The same wide content in a box that scrolls by itself does not widen the page.
    boxed = CLEAN + '\n<div style="overflow-x: auto"><div style="width: 1200px">Bred tabell</div></div>'
    check = browser.check(page(tmp_path, boxed, name="boxed.html"))
    assert check.phone is not None and not check.phone.overflows, check.describe()


def test_text_smaller_than_9_px_at_phone_width_is_found(browser: Browser, tmp_path: Path) -> None:
    body = '<p style="font-size:7px">Fotnot</p><p>Brödtext</p>'
    check = browser.check(page(tmp_path, body))
    assert check.phone is not None
    small = " ".join(check.phone.small_text)
    assert "Fotnot" in small and "Brödtext" not in small, small
    assert "smaller than 9 px" in check.describe()


REPORT_CSS = f"<style>{(TEMPLATES / 'tuffkit' / 'report.css').read_text(encoding='utf-8')}</style>\n"


def _figure(narrow: bool) -> plots.ReportFigure:
    """A real report figure 850 px wide (8 pt text at 100 dpi), with or without its narrow rendering."""
    wide = Figure(figsize=(8.5, 2), dpi=plots.DPI)
    wide.add_subplot().plot([1, 2, 3])
    fig = plots.render(wide, alt="Linjediagram", caption="Test.")
    if not narrow:
        return fig
    small = narrowplots.figure(2.5)
    small.add_subplot().plot([1, 2, 3])
    return plots.with_narrow(fig, small, narrowplots.FONT_PT)


def test_a_wide_figure_shrunk_to_a_phone_is_found_and_its_narrow_rendering_is_not(browser: Browser,
                                                                                   tmp_path: Path) -> None:
    """The 850 px figure alone shrinks to the phone's 370 px column (scale 0,44, its 8 pt text 4,8 px): both found.
    With its narrow rendering the phone shows that one, drawn 340 CSS px wide at 120 dpi for 1.2 image pixels per
    CSS px, whole (scale 1) with its 9 pt text at 9 × 120 / 72 / 1,2 = 12,5 px. A desktop shows the wide one."""
    check = browser.check(page(tmp_path, _figure(narrow=False)._repr_html_(), head=REPORT_CSS))
    assert check.phone is not None and not check.phone.overflows
    (fig,) = check.phone.figures
    assert not fig.narrow and fig.natural == 850 and fig.scale == pytest.approx(370 / 850, abs=0.01)
    assert fig.text_px == pytest.approx(8 * 100 / 72 * 370 / 850, abs=0.1)
    assert "figures below 60%" in check.describe() and not check.ok

    check = browser.check(page(tmp_path, _figure(narrow=True)._repr_html_(), head=REPORT_CSS, name="narrow.html"))
    assert check.phone is not None and not check.phone.overflows
    (fig,) = check.phone.figures
    assert fig.narrow and (fig.dpi, fig.density, fig.font_pt) == (120, 1.2, 9)
    assert fig.natural == 340 and fig.shown == 340 and fig.text_px == pytest.approx(12.5)
    assert check.ok, check.describe()


def test_a_page_without_a_viewport_meta_is_laid_out_too_wide_for_a_phone(browser: Browser, tmp_path: Path) -> None:
    path = page(tmp_path, CLEAN)
    path.write_text(path.read_text(encoding="utf-8").replace('<meta name="viewport"', '<meta name="x"'),
                    encoding="utf-8")
    check = browser.check(path)
    assert check.phone is not None and check.phone.overflows and check.phone.layout_width > 390
    assert "viewport" in check.phone.describe()


def _screenshot_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = os.environ.get("TUFFKIT_SCREENSHOTS")
    return Path(env) if env else tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("study", ["lfr3", "puls"])
def test_every_report_renders_offline_and_accessible(
    browser: Browser, study: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Both bundled studies' reports: offline, no script error, axe (WCAG 2.1 AA), no sideways scroll and no text
    under 9 px at 390 px."""
    built_reports = request.getfixturevalue("built_reports" if study == "lfr3" else "built_pulse")
    pages = sorted(built_reports.rglob("*.html"))
    assert any(p.name == "index.html" for p in pages), f"no index.html in {built_reports} (nor below it)"
    shots = _screenshot_folder(tmp_path_factory)
    print(f"\nscreenshots of {len(pages)} page(s) in {shots}")
    failures: list[str] = []
    for html in pages:
        stem = study + "__" + "__".join(html.relative_to(built_reports).with_suffix("").parts)
        check = browser.check(html, screenshot=shots / f"{stem}.png", phone_screenshot=shots / f"{stem}-phone.png")
        problems = check.problems()
        if check.lang not in ("sv", "en"):
            problems.append(f'<html lang="{check.lang}">: want "sv" or "en"')
        if problems:
            rel = html.relative_to(built_reports)
            failures.append("\n".join([f"{rel} ({check.title!r}):", *(f"  - {p}" for p in problems)]))
    if failures:
        pytest.fail(f"{len(failures)} of {len(pages)} page(s) fail (screenshots in {shots}):\n" + "\n".join(failures),
                    pytrace=False)


@pytest.mark.parametrize("page_", ["sv/unit/botkyrka.html", "sv/study.html", "sv/index.html"])
def test_a_phone_shows_the_reports_whole(browser: Browser, built_reports: Path, page_: str,
                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    """At 390 px a unit report, the study report and the index: no sideways scroll, every figure the one drawn
    for a phone, at ≥ 60 % of the size it was drawn for, its smallest text ≥ 11 CSS px (from its font size in
    points, its dpi and density and the scale shown); screenshots at 390 and 1280 px."""
    shots = _screenshot_folder(tmp_path_factory)
    stem = "phone__" + page_.replace("/", "__").removesuffix(".html")
    check = browser.check(built_reports / page_, screenshot=shots / f"{stem}.png",
                          phone_screenshot=shots / f"{stem}-phone.png")
    phone = check.phone
    assert phone is not None
    print(f"\n{page_}: scrollWidth {phone.scroll_width} of {phone.layout_width} px; {phone.figure_summary()}; "
          f"screenshots in {shots}")
    assert phone.scroll_width <= phone.layout_width == 390, phone.describe()
    if page_ != "sv/index.html":
        assert phone.figures and all(f.narrow for f in phone.figures), [f.describe() for f in phone.figures]
    assert all(f.scale >= MIN_FIGURE_SCALE for f in phone.figures), phone.figure_problems
    assert all(f.text_px >= MIN_FIGURE_TEXT_PX for f in phone.figures), phone.figure_problems
    assert check.ok, check.describe()
