"""Open an HTML report in headless Chromium and say what a reader's browser would see.

Not a test file: ``tests/test_browser.py`` uses it, and so can anyone by hand::

    .venv/bin/python tests/browsercheck.py reports/some/index.html --screenshots /tmp/shots

One Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright; Playwright's own browser downloads are never
used) checks any number of pages::

    with Browser() as browser:
        check = browser.check(Path("index.html"), screenshot=Path("index.png"))
        assert check.ok, check.describe()

Each page is loaded from its ``file://`` URL with the network cut off: every request goes through a route that lets
``data:``/``blob:`` URLs and files of the page's own folder (or below) through, and aborts and records everything
else. Console errors and uncaught exceptions are collected, axe-core (bundled in ``axe-playwright-python``) runs the
WCAG 2.0/2.1 A and AA rules, and the page is laid out again at phone width to see whether it scrolls sideways.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from tuffkit.report.pdf import CHROMIUM_ARGS  # one list of Chromium's flags for the tests and the PDFs

CHROMIUM = Path("/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}  # an iPhone 12-15 in CSS pixels
MIN_TEXT_PX = 9  # the smallest text a report may show at phone width (CSS px as rendered)
MIN_FIGURE_TEXT_PX = 11  # the smallest text in a figure at phone width (CSS px as shown)
MIN_FIGURE_SCALE = 0.6  # a figure is never shown below 60 % of the size it was drawn for
MISSING_CHROMIUM = (
    "{executable} is missing: run `make browser` (or `bash scripts/install-browser.sh`) to install Debian's chromium "
    "for the browser tests; `make test` does this by itself."
)


class ChromiumMissing(RuntimeError):
    """Debian's Chromium is not installed (``make browser`` installs it)."""


@dataclass
class FigureCheck:
    """One figure as a phone shows it. ``natural`` is the width it was drawn for, in CSS px: the image's
    natural width, which the browser gives at the density the figure declares (``srcset ... 1.5x``), so a
    narrow rendering drawn at 150 dpi for 100 CSS px an inch counts 1.5 image pixels as one CSS px.
    ``text_px`` is its smallest text as shown: ``data-font-pt`` points at ``data-dpi`` are
    pt × dpi / 72 image pixels, ÷ ``data-density`` CSS px at the drawn size, × ``shown / natural``."""

    alt: str
    narrow: bool  # the <source> for narrow screens was chosen (not the <img>'s own wide figure)
    shown: float  # displayed width, CSS px
    natural: float  # drawn width, CSS px
    font_pt: float
    dpi: float
    density: float

    @property
    def scale(self) -> float:
        return self.shown / self.natural if self.natural else 0.0

    @property
    def text_px(self) -> float:
        return self.font_pt * self.dpi / 72 / self.density * self.scale

    @property
    def ok(self) -> bool:
        return self.scale >= MIN_FIGURE_SCALE - 1e-6 and self.text_px >= MIN_FIGURE_TEXT_PX - 1e-6

    def describe(self) -> str:
        which = "narrow" if self.narrow else "wide"
        return (f'figure "{self.alt[:40]}" ({which}) shown {self.shown:.0f} of {self.natural:.0f} px '
                f"(scale {self.scale:.2f}), smallest text {self.text_px:.1f} px")


@dataclass
class PhoneCheck:
    """The page laid out on a phone (``PHONE`` viewport, mobile emulation, so ``<meta name=viewport>`` counts)."""

    width: int
    # The layout viewport, document.documentElement.clientWidth: 390 with <meta name="viewport"
    # content="width=device-width">, 980 without. (window.innerWidth is no use here: mobile emulation zooms out
    # to fit wide content, so it grows with the page.)
    layout_width: int
    scroll_width: int  # document.documentElement.scrollWidth
    widest: list[str] = field(default_factory=list)  # the elements that stick out furthest to the right
    # text rendered smaller than MIN_TEXT_PX: elements by their computed font size
    small_text: list[str] = field(default_factory=list)
    # every figure as shown (see FigureCheck): which rendering, its scale and its smallest text in CSS px
    figures: list[FigureCheck] = field(default_factory=list)

    @property
    def figure_problems(self) -> list[str]:
        """The figures shown below MIN_FIGURE_SCALE of their drawn size or with text under MIN_FIGURE_TEXT_PX."""
        return [f.describe() for f in self.figures if not f.ok]

    def figure_summary(self) -> str:
        """The smallest scale and text of the figures, e.g. ``7 figures, scale ≥ 1.00, text ≥ 12.5 px``."""
        if not self.figures:
            return "no figures"
        return (f"{len(self.figures)} figures, scale ≥ {min(f.scale for f in self.figures):.2f}, "
                f"text ≥ {min(f.text_px for f in self.figures):.1f} px")

    @property
    def overflows(self) -> bool:
        """True when a reader on a phone has to scroll sideways (or zoom out) to see the whole page."""
        return self.scroll_width > self.layout_width or self.layout_width > self.width

    def describe(self) -> str:
        if self.layout_width > self.width:
            why = (f"the page lays out {self.layout_width} px wide on a {self.width} px phone "
                   '(no <meta name="viewport" content="width=device-width, initial-scale=1">?)')
        else:
            why = f"the page is {self.scroll_width} px wide on a {self.width} px phone"
        return why + (f"; widest: {', '.join(self.widest)}" if self.widest else "")


@dataclass
class PageCheck:
    """What headless Chromium saw on one page."""

    url: str
    title: str = ""
    lang: str = ""
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # blocked: not data:/blob:, nor a file in the page's folder
    local_files: list[str] = field(default_factory=list)  # file: URLs in the page's folder other than the page
    violations: list[dict[str, Any]] = field(default_factory=list)  # axe: id, impact, help, nodes, targets, ...
    axe_version: str = ""
    phone: PhoneCheck | None = None
    screenshot: Path | None = None
    phone_screenshot: Path | None = None

    def problems(self) -> list[str]:
        """One readable line per problem (empty when the page is fine); ``lang`` and ``local_files`` not judged."""
        out = [f"console error: {m}" for m in self.console_errors]
        out += [f"page error: {m}" for m in self.page_errors]
        out += [f"outgoing request (blocked): {u}" for u in self.requests]
        out += [format_violation(v) for v in self.violations]
        if self.phone is not None and self.phone.overflows:
            out.append(f"scrolls sideways at phone width: {self.phone.describe()}")
        if self.phone is not None and self.phone.small_text:
            out.append(f"text smaller than {MIN_TEXT_PX} px at phone width: {', '.join(self.phone.small_text[:5])}")
        if self.phone is not None and self.phone.figure_problems:
            out.append(f"figures below {MIN_FIGURE_SCALE:.0%} of their size or with text under {MIN_FIGURE_TEXT_PX} "
                       f"px at phone width: {'; '.join(self.phone.figure_problems[:5])}")
        return out

    @property
    def ok(self) -> bool:
        return not self.problems()

    def describe(self) -> str:
        head = f"{self.url} (title {self.title!r}, lang {self.lang!r})"
        lines = self.problems() or ["no problems"]
        return "\n".join([head, *(f"  - {line}" for line in lines)])


def format_violation(v: dict[str, Any]) -> str:
    """``axe color-contrast (serious): Elements must meet ... - 3 nodes, e.g. div.x > span: <span ...>``"""
    first = f", e.g. {v['targets'][0]}" if v.get("targets") else ""
    html = f": {v['html']}" if v.get("html") else ""
    return f"axe {v['id']} ({v['impact']}): {v['help']} - {v['nodes']} node(s){first}{html} [{v['helpUrl']}]"


def _file_path(url: str) -> Path | None:
    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def classify(url: str, folder: Path) -> str:
    """``"inline"`` (data:, blob:, about:), ``"local"`` (a file under ``folder``) or ``"outgoing"``.

    >>> classify("data:image/png;base64,AAAA", Path("/r"))
    'inline'
    >>> classify("file:///r/sub/x.css", Path("/r")), classify("file:///etc/passwd", Path("/r"))
    ('local', 'outgoing')
    >>> classify("https://cdn.jsdelivr.net/npm/x.js", Path("/r"))
    'outgoing'
    """
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return "inline"
    path = _file_path(url)
    if path is not None and path.is_relative_to(folder):
        return "local"
    return "outgoing"


class Browser:
    """One headless Chromium for many pages; use as a context manager (or call ``start()``/``close()``)."""

    def __init__(self, executable: Path | None = None, phone: bool = True, axe: bool = True) -> None:
        self.executable = Path(executable) if executable is not None else CHROMIUM
        self.phone = phone
        self.axe = axe
        self._playwright: Any = None
        self._browser: Any = None
        self._axe_script: str | None = None

    def start(self) -> Browser:
        if not self.executable.exists():
            raise ChromiumMissing(MISSING_CHROMIUM.format(executable=self.executable))
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=str(self.executable), headless=True, args=CHROMIUM_ARGS
            )
        except Exception:
            self._playwright.stop()
            self._playwright = None
            raise
        return self

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def version(self) -> str:
        return self._browser.version if self._browser is not None else ""

    def _axe_source(self) -> str:
        if self._axe_script is None:
            from axe_playwright_python.base import AXE_FILE_PATH

            self._axe_script = AXE_FILE_PATH.read_text(encoding="utf-8")
        return self._axe_script

    def _open(self, check: PageCheck, path: Path, **context_options: Any) -> tuple[Any, Any]:
        """A fresh context and page with the network cut off; the page's events go into ``check``."""
        folder = path.parent
        context = self._browser.new_context(bypass_csp=True, **context_options)

        def route(route: Any, request: Any) -> None:
            url = request.url
            kind = classify(url, folder)
            if kind == "outgoing":
                if url not in check.requests:
                    check.requests.append(url)
                route.abort("blockedbyclient")
                return
            if kind == "local" and _file_path(url) != path and url not in check.local_files:
                check.local_files.append(url)
            route.continue_()

        context.route("**/*", route)
        page = context.new_page()
        page.on("websocket", lambda ws: check.requests.append(ws.url))
        return context, page

    def check(
        self,
        path: Path,
        screenshot: Path | None = None,
        phone_screenshot: Path | None = None,
        timeout_ms: float = 60_000,
    ) -> PageCheck:
        """Load ``path`` offline, collect errors and requests, run axe, check phone width, take screenshots."""
        if self._browser is None:
            raise RuntimeError("Browser not started: use `with Browser() as browser:` or call start()")
        path = Path(path).resolve()
        if not path.is_file():
            raise FileNotFoundError(path)
        url = path.as_uri()
        check = PageCheck(url=url)

        context, page = self._open(check, path, viewport=DESKTOP)
        page.set_default_timeout(timeout_ms)
        page.on("console", lambda m: _on_console(check, m))
        page.on("pageerror", lambda e: check.page_errors.append(_error_text(e)))
        try:
            page.goto(url, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            check.title = page.title()
            check.lang = page.evaluate("document.documentElement.lang || ''")
            if self.axe:
                check.axe_version, check.violations = self._run_axe(page)
            if screenshot is not None:
                check.screenshot = _screenshot(page, screenshot)
        finally:
            context.close()

        if self.phone:
            # Only the layout is wanted here; errors and requests were collected above.
            throwaway = PageCheck(url=url)
            context, page = self._open(
                throwaway, path, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
            )
            page.set_default_timeout(timeout_ms)
            try:
                page.goto(url, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                check.phone = PhoneCheck(width=PHONE["width"], **page.evaluate(_PHONE_JS),
                                         small_text=page.evaluate(_SMALL_TEXT_JS, MIN_TEXT_PX),
                                         figures=[FigureCheck(**f) for f in page.evaluate(_FIGURES_JS)])
                if phone_screenshot is not None:
                    check.phone_screenshot = _screenshot(page, phone_screenshot)
            finally:
                context.close()
        return check

    def _run_axe(self, page: Any) -> tuple[str, list[dict[str, Any]]]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(self._axe_source())
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        result = page.evaluate("options => axe.run(document, options)", options)
        version = page.evaluate("axe.version")
        violations = []
        for v in result["violations"]:
            nodes = v.get("nodes", [])
            violations.append({
                "id": v["id"],
                "impact": v.get("impact"),
                "help": v.get("help", ""),
                "helpUrl": v.get("helpUrl", ""),
                "nodes": len(nodes),
                "targets": [" ".join(map(str, n.get("target", []))) for n in nodes[:5]],
                "html": _short(nodes[0].get("html", "")) if nodes else "",
                "summary": nodes[0].get("failureSummary", "") if nodes else "",
            })
        return version, violations


# scrollWidth against the layout viewport's width, and the few elements that stick out furthest (to say what to fix).
_PHONE_JS = """() => {
  const doc = document.documentElement, inner = doc.clientWidth;
  const result = {layout_width: inner, scroll_width: doc.scrollWidth, widest: []};
  if (doc.scrollWidth <= inner || !document.body) return result;
  const sticksOut = el => el.getBoundingClientRect().right > inner + 1;
  const clipped = el => {  // inside a box that scrolls or clips sideways: does not widen the page
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const roots = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (sticksOut(el) && !(el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement))
        && !clipped(el)) roots.push(el);
  }
  roots.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  result.widest = roots.slice(0, 3).map(el => `${name(el)} (${Math.round(el.getBoundingClientRect().right)} px)`);
  return result;
}"""


# every visible element with text of its own: what is rendered below min px
_SMALL_TEXT_JS = """(min) => {
  const out = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < min) out.push(`${name(el)} "${el.textContent.trim().slice(0, 30)}" ${px.toFixed(1)} px`);
  }
  return out;
}"""


# every figure (an <img> with data-font-pt, alone or in a <picture>): the rendering the browser chose (the <img>
# itself or the <source> whose srcset it loaded), its shown and natural width and what it says of its text
_FIGURES_JS = """() => {
  const out = [];
  for (const img of document.querySelectorAll('img[data-font-pt]')) {
    if (!img.getClientRects().length) continue;
    let from = img;
    if (img.currentSrc !== img.src && img.parentElement && img.parentElement.tagName === 'PICTURE') {
      for (const s of img.parentElement.querySelectorAll('source')) {
        if (s.srcset.trim().split(/\\s+/)[0] === img.currentSrc) from = s;
      }
    }
    out.push({alt: img.alt || '', narrow: from !== img, shown: img.getBoundingClientRect().width,
              natural: img.naturalWidth, font_pt: parseFloat(from.dataset.fontPt),
              dpi: parseFloat(from.dataset.dpi), density: parseFloat(from.dataset.density || '1')});
  }
  return out;
}"""


def _screenshot(page: Any, target: Path) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    return target


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Chromium logs each request that the route aborted; those are in PageCheck.requests already.
_BLOCKED = "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT"


def _on_console(check: PageCheck, message: Any) -> None:
    if message.type == "error" and not message.text.startswith(_BLOCKED):
        check.console_errors.append(_console_text(message))


def _console_text(message: Any) -> str:
    loc = message.location or {}
    where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc.get("url") else ""
    return _short(message.text, 300) + where


def _error_text(error: Any) -> str:
    name = getattr(error, "name", "") or "Error"
    return _short(f"{name}: {getattr(error, 'message', str(error))}", 300)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check HTML reports in headless Chromium (offline, axe, phone).")
    parser.add_argument("pages", nargs="+", type=Path, help="HTML files, or folders to search for *.html")
    parser.add_argument("--screenshots", type=Path, help="save full-page PNGs (desktop and phone) here")
    parser.add_argument("--json", action="store_true", help="print the checks as JSON")
    args = parser.parse_args(argv)
    pages = sorted(p for arg in args.pages for p in ([arg] if arg.is_file() else arg.rglob("*.html")))
    if not CHROMIUM.exists():
        print(MISSING_CHROMIUM.format(executable=CHROMIUM), file=sys.stderr)
        return 2
    bad = 0
    results = []
    with Browser() as browser:
        for page in pages:
            shot = phone = None
            if args.screenshots:
                stem = "__".join(page.with_suffix("").parts[-3:])
                shot, phone = args.screenshots / f"{stem}.png", args.screenshots / f"{stem}-phone.png"
            check = browser.check(page, shot, phone)
            bad += not check.ok
            results.append(check)
            if not args.json:
                print(check.describe())
    if args.json:
        print(json.dumps([{**vars(c), "phone": vars(c.phone) if c.phone else None} for c in results], default=str,
                         indent=2))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
