"""Figures for the reports, drawn from summaries that :mod:`tuffkit.survey` has already
protected (suppressed rows are left out of the picture and said so in the caption).

Every function returns a :class:`ReportFigure`: a small PNG (drawn with matplotlib's
object API, no pyplot state, then reduced to a 64-colour palette with Pillow), its alt
text and its caption, and the same figure laid out for a phone (:mod:`tuffkit.report.narrowplots`).
In a notebook it displays as ``<figure>`` with both images embedded in a ``<picture>`` (the narrow one
below 600 CSS px), so an exported report needs no other file and no network, and a phone shows a
figure whole, its smallest text at 12,5 CSS px, without scrolling sideways.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from tuffkit.instrument import Instrument, load_instrument
from tuffkit.report.tables import Lang, format_number
from tuffkit.spc.verdict import COLOURS, point_types

__all__ = ["ReportFigure", "render", "diverging_bars", "role_panels", "statement_bars", "monthly_lines", "funnel_bars",
           "spc_chart", "PALETTE"]

#: colours for series (waves, roles, groups): Okabe-Ito, safe for colour-blind readers
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
#: a diverging scale from disagree (red-brown) to agree (blue), neutral grey in the middle
_DIVERGING = {
    7: ["#8c510a", "#d8b365", "#f6e8c3", "#d9d9d9", "#c7eae5", "#5ab4ac", "#01665e"],
}


def _diverging(k: int, neutral: bool) -> list[str]:
    """``k`` colours from disagree (brown) to agree (teal), grey in the middle when the scale
    has a neutral step (ColorBrewer BrBG, through matplotlib)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cols = [to_hex(c) for c in colormaps["BrBG"](np.linspace(0.05, 0.95, k))]
    if neutral and k % 2 == 1:
        cols[k // 2] = "#d9d9d9"
    return cols


_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    # a fixed title position: matplotlib's automatic one measures every tick label at draw time
    "axes.titley": 1.0,
}
DPI = 100


#: the media query under which a figure's narrow rendering is shown (phones; not print)
NARROW_MEDIA = "screen and (max-width: 600px)"
#: the narrow rendering's pixels per inch: 1.2 image pixels per CSS pixel (100 CSS px an inch, as the wide
#: rendering at DPI); a little sharper than the wide figures, at a modest size (a municipality report about
#: doubles: 150 dpi made it 2.4 times as large, 100 dpi 2.0 times)
NARROW_DPI = 120
#: the narrow rendering's width in inches: 340 CSS px, inside the text column of a 360-390 px phone
NARROW_WIDTH = 3.4


@dataclass(frozen=True)
class ReportFigure:
    """A rendered figure: PNG bytes, alt text, caption (plain text, escaped when shown), its size in
    pixels, the dpi it was drawn at and its smallest text in points; ``narrow`` is the same figure
    laid out for a phone (shown instead below 600 CSS px), or None."""

    png: bytes
    alt: str
    caption: str
    width: int
    height: int
    dpi: float = DPI
    font_pt: float = 8
    narrow: ReportFigure | None = None

    @property
    def density(self) -> float:
        """Image pixels per CSS pixel: the figure is meant to be shown at DPI CSS px an inch."""
        return self.dpi / DPI

    def _attrs(self) -> str:
        """Its size in CSS px at its density and what a test needs to tell its smallest text's size."""
        return (f'width="{round(self.width / self.density)}" height="{round(self.height / self.density)}" '
                f'data-font-pt="{self.font_pt:g}" data-dpi="{self.dpi:g}" data-density="{self.density:g}"')

    def _src(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def _repr_html_(self) -> str:
        img = f'<img src="{self._src()}" alt="{html.escape(self.alt)}" {self._attrs()}>'
        if self.narrow is not None:  # a phone gets the figure laid out for its width, never shrunk much
            n = self.narrow
            img = (f'<picture><source media="{NARROW_MEDIA}" srcset="{n._src()} {n.density:g}x" {n._attrs()}>'
                   f"{img}</picture>")
        return f'<figure class="tk-figure">{img}<figcaption>{html.escape(self.caption)}</figcaption></figure>'


def render(fig: Figure, alt: str, caption: str, colors: int = 64, font_pt: float = 8) -> ReportFigure:
    """Draw ``fig`` to a palette PNG of at most ``colors`` colours; ``font_pt``: its smallest text.

    Examples
    --------
    >>> fig = Figure(figsize=(2, 1)); _ = fig.add_subplot().plot([1, 2])
    >>> f = render(fig, alt="A line", caption="Test")
    >>> f.png[:4], f.width, f.height
    (b'\\x89PNG', 200, 100)
    """
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return _encode(canvas, alt, caption, colors, font_pt)


def with_narrow(wide: ReportFigure, fig: Figure, font_pt: float = 9) -> ReportFigure:
    """``wide`` with ``fig`` (drawn for a phone, at NARROW_DPI) as its narrow rendering."""
    return replace(wide, narrow=render(fig, wide.alt, wide.caption, font_pt=font_pt))


def _encode(canvas: FigureCanvasAgg, alt: str, caption: str, colors: int = 64, font_pt: float = 8) -> ReportFigure:
    """The canvas as it is drawn now, as a palette PNG."""
    rgba = np.asarray(canvas.buffer_rgba())
    img = Image.fromarray(rgba[..., :3].copy(), "RGB")
    img = img.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=6)  # optimize=True: 10 % smaller, 7x slower
    return ReportFigure(buf.getvalue(), alt, caption, img.width, img.height, canvas.figure.dpi, font_pt)


class _Skeleton:
    """A figure whose static parts are drawn once and kept as a background: each use draws
    only its own artists on a copy of it (matplotlib's blitting, as in its "Faster rendering
    by using blitting" guide).

    The static parts (axes, ticks and tick labels, grid, axis labels) cost most of a figure's
    time: creating the tick artists and laying out and rasterising their texts. A report
    draws the same skeleton for every municipality, and the reused kernel keeps the skeletons
    (:data:`_SKELETONS`) from one report to the next. ``over`` are the static artists that must
    lie above the data (spines, a zero line, the legend): hidden in the background and drawn
    after the data, in their z-order, so the picture is the one a full draw makes
    (``tests/report/test_plots.py`` compares the pixels).
    """

    def __init__(self, fig: Figure, over: list) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.over = over
        for a in over:
            a.set_visible(False)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(fig.bbox)
        for a in over:
            a.set_visible(True)

    def render(self, artists: list, texts: list, alt: str, caption: str) -> ReportFigure:
        """Draw ``artists`` (added to the figure for this use, removed after) and then the
        ``over`` artists and ``texts`` (static text artists given their text for this use,
        emptied after) on the background; return the PNG."""
        try:
            self.canvas.restore_region(self.background)
            renderer = self.canvas.get_renderer()
            for a in sorted(artists + self.over + [x for x, _ in texts], key=lambda a: a.get_zorder()):
                a.draw(renderer)
            return _encode(self.canvas, alt, caption)
        finally:
            _clear(artists, texts)

    def full(self, artists: list, texts: list, alt: str, caption: str) -> ReportFigure:
        """The same figure by a full draw of everything (what :meth:`render` saves), for the tests."""
        try:
            self.canvas.draw()
            return _encode(self.canvas, alt, caption)
        finally:
            _clear(artists, texts)
            self.canvas.draw()


def _clear(artists: list, texts: list) -> None:
    """Take one use's artists off a kept skeleton and empty its texts."""
    for a in artists:
        a.remove()
    for x, _ in texts:
        x.set_text("")


#: the skeletons drawn so far in this process, by their shape: kept for the next report
_SKELETONS: dict[tuple, _Skeleton] = {}
_MAX_SKELETONS = 16


@contextlib.contextmanager
def _on_error_clear(artists: list, texts: list) -> Iterator[None]:
    """Take this use's artists off the kept skeleton again if drawing them fails half-way."""
    try:
        yield
    except BaseException:
        _clear(artists, texts)
        raise


def _skeleton(key: tuple, build) -> _Skeleton:  # noqa: ANN001 - build() -> (Figure, over)
    sk = _SKELETONS.get(key)
    if sk is None:
        if len(_SKELETONS) >= _MAX_SKELETONS:
            _SKELETONS.pop(next(iter(_SKELETONS)))
        with _rc():
            fig, over = build()
        sk = _SKELETONS[key] = _Skeleton(fig, over)
    return sk


def _short(text: str, width: int = 52) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def short_labels(inst: Instrument, lang: Lang, width: int = 52) -> dict[int, str]:
    """A short label per statement that tells it apart from the others: the start of its text,
    or, where two starts would read the same (LfR's 15 and 16), the start and the end.

    >>> lab = short_labels(load_instrument("lfr19"), "sv")
    >>> lab[15] != lab[16] and lab[15].endswith("medarbetare.") and lab[16].endswith("brukare.")
    True
    """
    texts = {it.number: getattr(it, lang) for it in inst.items}
    shorts = {k: _short(v, width) for k, v in texts.items()}
    seen: dict[str, int] = {}
    for v in shorts.values():
        seen[v] = seen.get(v, 0) + 1
    for k, v in shorts.items():
        if seen[v] > 1 and len(texts[k]) > width:
            words = texts[k].split()
            tail = ""
            while words and len(tail) + len(words[-1]) + 1 <= width // 2:
                tail = (words.pop() + " " + tail).strip()
            head = _short(texts[k], width - len(tail) - 2).removesuffix("…").rstrip()
            shorts[k] = f"{head} … {tail}"
    return shorts


def _item_rows(inst: Instrument, items: Sequence[int], lang: Lang, by_theme: bool,
               width: int = 52) -> list[tuple[str, int | None]]:
    """Row labels from top to bottom: theme headings (item None) and statements (``width`` characters at most)."""
    rows: list[tuple[str, int | None]] = []
    current = object()
    labels = short_labels(inst, lang, width)
    for i in items:
        it = inst.item(int(i))
        if by_theme and it.theme and it.theme != current:
            rows.append((getattr(inst.theme(it.theme), lang), None))
            current = it.theme
        rows.append((f"{it.number}. {labels[it.number]}", it.number))
    return rows


def diverging_lefts(pct: np.ndarray, below: int, mid: int | None) -> np.ndarray:
    """Where each step's segment starts (x, percent) in a diverging bar: the ``below`` lower steps
    left of zero, the middle step (index ``mid``, if any) split around zero, the rest right of it.

    >>> diverging_lefts(np.array([[10., 20., 30., 40.]]), 2, None).tolist()  # 4 steps, no neutral
    [[-30.0, -20.0, 0.0, 30.0]]
    >>> diverging_lefts(np.array([[10., 20., 40., 20., 10.]]), 2, 2).tolist()  # 5 steps, neutral 3
    [[-50.0, -40.0, -20.0, 20.0, 40.0]]
    """
    start = (-pct[:, :mid].sum(axis=1) - pct[:, mid] / 2) if mid is not None else -pct[:, :below].sum(axis=1)
    return start[:, None] + np.cumsum(pct, axis=1) - pct


def diverging_bars(
    summary: pd.DataFrame,
    panels: str = "wave",
    lang: Lang = "sv",
    instrument: Instrument | str | None = None,
    subject: str = "",
    _full: bool = False,
) -> ReportFigure:
    """The distribution of every statement as diverging stacked bars, grouped by theme,
    one panel per value of ``panels`` (e.g. per wave).

    ``summary`` holds :func:`tuffkit.survey.item_summary` rows of one group per panel
    (columns ``item``, ``n``, ``pct_<step>``, ``suppressed`` and ``panels``). Disagreeing
    answers go left of zero, agreeing ones right, the neutral step is split across zero.
    """
    inst = _instrument(instrument)
    steps = inst.scale.steps
    neutral = inst.scale.neutral
    colors = _DIVERGING.get(len(steps)) or _diverging(len(steps), neutral is not None)
    keys = list(dict.fromkeys(summary[panels].astype(str)))
    items = sorted(int(i) for i in summary["item"].unique())
    rows = _item_rows(inst, items, lang, by_theme=True)
    y = np.arange(len(rows))[::-1]
    lower, middle, upper = inst.scale.halves()
    mid = steps.index(middle) if middle is not None else None  # split around zero; else halves either side

    def build() -> tuple[Figure, list]:
        height = 1.2 + 0.24 * len(rows)
        width = 4.6 + 2.5 * len(keys)
        fig = Figure(figsize=(width, height), dpi=DPI)
        fig.subplots_adjust(left=4.3 / width, right=1 - 0.25 / width, top=1 - 0.35 / height,
                            bottom=0.85 / height, wspace=0.15)
        axes = fig.subplots(1, len(keys), sharey=True, squeeze=False)[0]
        over = []
        for ax in axes:
            over.append(ax.axvline(0, color="#333", linewidth=0.8))
            over += [s for s in ax.spines.values() if s.get_visible()]
            ax.set_xlim(-100, 100)
            ax.set_ylim(-0.6, len(rows) - 0.4)
            ax.set_xticks([-100, -50, 0, 50, 100], ["100", "50", "0", "50", "100"])
            ax.set_xlabel("%")
            ax.set_title("")
            ax.grid(axis="x", color="#ddd", linewidth=0.5)
            ax.set_axisbelow(True)
        axes[0].set_yticks(y, [text for text, _ in rows])
        for tick, (_, item) in zip(axes[0].get_yticklabels(), rows, strict=True):
            if item is None:
                tick.set_fontweight("bold")
        handles = [
            _patch(colors[k], f"{s} {inst.scale.label(s, lang)}" if inst.scale.label(s, lang) != str(s) else str(s))
            for k, s in enumerate(steps)
        ]
        over.append(fig.legend(handles=handles, loc="lower center", ncol=len(steps), frameon=False, fontsize=8,
                               bbox_to_anchor=(0.5, 0.0)))
        return fig, over

    # everything the skeleton draws is in its key: the rows' labels, the scale and its labels, the panels
    sk = _skeleton(("diverging", tuple(steps), tuple(inst.scale.label(s, lang) for s in steps), tuple(rows),
                    len(keys), lang), build)
    artists: list = []
    texts: list = []
    hidden = 0
    bars: dict[str, dict[int, np.ndarray]] = {}
    starts: dict[str, dict[int, np.ndarray]] = {}
    n_texts: list[str] = []
    with _rc(), _on_error_clear(artists, texts):
        for ax, key in zip(sk.fig.axes, keys, strict=True):
            part = summary[summary[panels].astype(str) == key].set_index("item")
            ok = ~part["suppressed"].astype(bool)
            n_total = part.loc[ok, "n"]
            shown = [(yy, item) for yy, (_, item) in zip(y, rows, strict=True)
                     if item is not None and item in part.index and bool(ok.loc[item])]
            for yy, (_, item) in zip(y, rows, strict=True):
                if item is not None and (item not in part.index or not bool(ok.loc[item])):
                    hidden += 1
                    artists.append(ax.text(0, yy, "–", ha="center", va="center", fontsize=8, color="#444"))
            if shown:
                ys = np.array([yy for yy, _ in shown], dtype=float)
                pct = part.loc[[item for _, item in shown], [f"pct_{s}" for s in steps]].to_numpy(dtype=float)
                lefts = diverging_lefts(pct, len(lower), mid)
                bars[key] = {item: p for (_, item), p in zip(shown, pct, strict=True)}
                starts[key] = {item: left for (_, item), left in zip(shown, lefts, strict=True)}
                artists.append(_rects(ax, lefts.ravel(), np.repeat(ys, len(steps)) - 0.375, pct.ravel(), 0.75,
                                      np.tile(np.array(colors, dtype=object), len(ys)), edge="#333333", lw=0.6))
            # the answers per statement (not the respondents, whom the tables count): said so
            tx = _texts(lang)
            n_text = ("–" if not len(n_total) else tx["n_each"].format(n=int(n_total.max()))
                      if n_total.min() == n_total.max() else tx["n_upto"].format(n=int(n_total.max())))
            texts.append((ax.title, ax.set_title(f"{key} ({n_text})")))
            n_texts.append(f"{key}: {n_text}")
    t = _texts(lang)
    agree = upper
    shown = summary[~summary["suppressed"].astype(bool)]
    alt = t["div_alt"].format(subject=subject, panels=", ".join(keys), k=len(items))
    if len(shown) and agree:
        share = shown[[f"pct_{s}" for s in agree]].sum(axis=1)
        best = shown.loc[share.idxmax()]
        worst = shown.loc[share.idxmin()]
        alt += " " + t["div_alt_ext"].format(
            agree=f"{agree[0]}–{agree[-1]}" if len(agree) > 1 else str(agree[0]),
            best=int(best["item"]), best_p=format_number(share.max(), lang, 0), best_w=best[panels],
            worst=int(worst["item"]), worst_p=format_number(share.min(), lang, 0), worst_w=worst[panels])
    sc = inst.scale
    caption = t["div_caption"].format(subject=subject, lo=sc.min, hi=sc.max, lo_l=sc.label(sc.min, lang),
                                      hi_l=sc.label(sc.max, lang),
                                      mid=t["div_mid"].format(m=middle) if middle is not None else "")
    if hidden:
        caption += " " + t["hidden"]
    wide = (sk.full if _full else sk.render)(artists, texts, alt, caption)
    from tuffkit.report import narrowplots

    with _rc(narrow=True):
        handles = [_patch(colors[k], _step_label(inst, s, lang)) for k, s in enumerate(steps)]
        fig = narrowplots.diverging(_item_rows(inst, items, lang, True, narrowplots.LABEL), keys, bars, starts, colors,
                                    handles, "\n".join(n_texts))
        return with_narrow(wide, fig, narrowplots.FONT_PT)


def _step_label(inst: Instrument, step: int, lang: Lang) -> str:
    """A scale step in a legend: its number and its label, if it has one."""
    label = inst.scale.label(step, lang)
    return f"{step} {label}" if label != str(step) else str(step)


def role_panels(
    summary: pd.DataFrame,
    items: Sequence[int],
    waves: Sequence[str],
    lang: Lang = "sv",
    instrument: Instrument | str | None = None,
    subject: str = "",
    _full: bool = False,
    roles: dict[str, str] | None = None,
) -> ReportFigure:
    """Management and support side by side, percent per scale step, one row of panels per
    statement and one panel per wave, with each group's mean and n under the panel (the
    LfR report's Diagrams 3-10).

    ``summary`` holds :func:`tuffkit.survey.item_summary` rows grouped by ``wave`` and
    ``function``.
    """
    inst = _instrument(instrument)
    steps = inst.scale.steps
    t = _texts(lang)
    names = {"management": t["management"], "support": t["support"], **(roles or {})}
    roles_ = [("management", names["management"], PALETTE[0]), ("support", names["support"], PALETTE[1])]
    x = np.arange(len(steps))

    def build() -> tuple[Figure, list]:
        width, height = 1.0 + 2.5 * len(waves), 0.5 + 2.4 * len(items)
        fig = Figure(figsize=(width, height), dpi=DPI)
        fig.subplots_adjust(left=0.7 / width, right=1 - 0.15 / width, top=1 - 0.55 / height,
                            bottom=0.75 / height, wspace=0.12, hspace=1.0 / 2.4 * 1.6)
        axes = fig.subplots(len(items), len(waves), squeeze=False, sharey=True)
        over = []
        for r in range(len(items)):
            for c in range(len(waves)):
                ax = axes[r][c]
                over += [s for s in ax.spines.values() if s.get_visible()]
                ax.set_xlim(-0.7, len(steps) - 0.3)
                ax.set_ylim(0, 100)
                ax.set_xticks(x, [str(s) for s in steps])
                ax.set_title("", fontsize=9)
                ax.set_xlabel("", fontsize=8)
                ax.grid(axis="y", color="#ddd", linewidth=0.5)
                ax.set_axisbelow(True)
            axes[r][0].set_ylabel("%")
        handles = [_patch(color, name) for _, name, color in roles_]
        over.append(fig.legend(handles=handles, loc="upper right", ncol=2, frameon=False, fontsize=8,
                               bbox_to_anchor=(1, 1)))
        return fig, over

    sk = _skeleton(("roles", tuple(steps), len(items), len(waves), lang, names["management"], names["support"]),
                   build)
    artists: list = []
    texts: list = []
    hidden = 0
    means_alt = []
    narrow_panels: list[dict] = []
    axes = np.asarray(sk.fig.axes).reshape(len(items), len(waves))
    # one row per (item, wave, function), looked up once instead of a mask per panel and role
    lookup: dict[tuple[int, str, str], int] = {}
    for k, key in enumerate(zip(summary["item"].astype(int), summary["wave"].astype(str),
                                summary["function"].astype(str), strict=True)):
        lookup.setdefault(key, k)  # the first row of a group, as a mask's first match
    with _rc(), _on_error_clear(artists, texts):
        for r, item in enumerate(items):
            for c, wave in enumerate(waves):
                ax = axes[r][c]
                notes = []
                panel: list[tuple[float, np.ndarray, str]] = []
                for k, (code, name, color) in enumerate(roles_):
                    at = lookup.get((int(item), str(wave), code))
                    if at is None or bool(summary["suppressed"].iloc[at]):
                        hidden += 1
                        notes.append(f"{name}: –")
                        continue
                    row = summary.iloc[at]
                    pct = np.array([float(row[f"pct_{s}"]) for s in steps])
                    artists.append(_rects(ax, x + (k - 1) * 0.4, np.zeros(len(steps)), np.full(len(steps), 0.4), pct,
                                          [color] * len(steps)))
                    panel.append(((k - 1) * 0.4, pct, color))
                    m = format_number(row["mean"], lang, 1)
                    notes.append(f"{name}: {m} (n={int(row['n'])})")
                    means_alt.append(f"{t['statement'].lower()} {item}, {wave}, {name}: {m}")
                texts.append((ax.title, ax.set_title(f"{t['statement']} {item}, {wave}", fontsize=9)))
                texts.append((ax.xaxis.label, ax.set_xlabel("\n".join(notes), fontsize=8)))
                narrow_panels.append({"title": f"{t['statement']} {item}, {wave}", "notes": "\n".join(notes),
                                      "bars": panel})
    alt = t["role_alt"].format(subject=subject, items=", ".join(map(str, items)), waves=", ".join(waves),
                               lo=steps[0], hi=steps[-1], a=names["management"], b=names["support"].lower())
    if means_alt:
        alt += " " + t["means"] + ": " + "; ".join(means_alt) + "."
    caption = t["role_caption"].format(subject=subject)
    if hidden:
        caption += " " + t["hidden"]
    wide = (sk.full if _full else sk.render)(artists, texts, alt, caption)
    from tuffkit.report import narrowplots

    with _rc(narrow=True):
        fig = narrowplots.role_panels(narrow_panels, steps, [_patch(color, name) for _, name, color in roles_])
        return with_narrow(wide, fig, narrowplots.FONT_PT)


def statement_bars(
    frame: pd.DataFrame,
    value: str,
    hue: str,
    lang: Lang = "sv",
    instrument: Instrument | str | None = None,
    caption: str = "",
    xlabel: str = "",
    xlim: tuple[float, float] | None = None,
) -> ReportFigure:
    """Horizontal bars of ``value`` per statement, one bar per value of ``hue`` (e.g. the
    mean per wave, or the change for followed-up vs other municipalities): the LfR
    report's Diagrams 1, 2 and 11-13. Suppressed rows are left out."""
    inst = _instrument(instrument)
    t = _texts(lang)
    shown = frame[~frame["suppressed"].astype(bool)] if "suppressed" in frame else frame
    hues = list(dict.fromkeys(frame[hue].astype(str)))
    items = sorted(int(i) for i in frame["item"].unique())
    rows = _item_rows(inst, items, lang, by_theme=False)
    fig = Figure(figsize=(8.5, 1.3 + 0.17 * len(rows) * max(len(hues), 2)), dpi=DPI, layout="constrained")
    y = np.arange(len(rows))[::-1].astype(float)
    width = 0.8 / len(hues)
    values: dict[str, list[float]] = {}
    with _rc():
        ax = fig.subplots()
        for k, h in enumerate(hues):
            part = shown[shown[hue].astype(str) == h].set_index("item")[value]
            vals = values[h] = [float(part.get(item, np.nan)) for _, item in rows]
            ax.barh(y + (len(hues) / 2 - k - 0.5) * width, vals, height=width, color=PALETTE[k % len(PALETTE)],
                    label=h)
        ax.set_yticks(y, [text for text, _ in rows])
        if xlim:
            ax.set_xlim(*xlim)
        ax.axvline(0, color="#333", linewidth=0.8)
        ax.set_xlabel(xlabel)
        _number_axis(ax.xaxis, lang)
        ax.grid(axis="x", color="#ddd", linewidth=0.5)
        ax.set_axisbelow(True)
        # below the axes, never over a bar
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=min(len(hues), 4), frameon=False,
                   fontsize=8)
    pieces = []
    for h in hues:
        part = shown[shown[hue].astype(str) == h]
        if len(part):
            hi, lo = part.loc[part[value].idxmax()], part.loc[part[value].idxmin()]
            pieces.append(t["bars_alt_ext"].format(
                h=h, hi=int(hi["item"]), hv=format_number(hi[value], lang), lo=int(lo["item"]),
                lv=format_number(lo[value], lang)))
    alt = t["bars_alt"].format(value=xlabel or value, hues=", ".join(hues), k=len(items)) + " " + " ".join(pieces)
    wide = render(fig, alt, caption)
    from tuffkit.report import narrowplots

    with _rc(narrow=True):
        colors = [PALETTE[k % len(PALETTE)] for k in range(len(hues))]
        fig = narrowplots.grouped_bars(_item_rows(inst, items, lang, False, narrowplots.LABEL), hues, values, colors,
                                       xlabel, xlim, lambda a: _number_axis(a, lang))
        return with_narrow(wide, fig, narrowplots.FONT_PT)


def monthly_lines(counts: pd.DataFrame, by: str, labels: dict[str, str], lang: Lang = "sv",
                  subject: str = "") -> ReportFigure:
    """Entries per month as one line per value of ``by`` (a plain run-chart-like line chart),
    from :func:`tuffkit.projectlog.monthly_counts` rows of one unit; ``labels`` names the
    values of ``by`` in the report's language.

    Examples
    --------
    >>> c = pd.DataFrame({"month": ["2021-01", "2021-02"] * 2, "kind": ["idea"] * 2 + ["test"] * 2,
    ...                   "n": [3, 1, 0, 2]})
    >>> f = monthly_lines(c, "kind", {"idea": "Idé", "test": "Test"})
    >>> f.alt.startswith("Linjediagram: antal poster per månad")
    True
    """
    t = _texts(lang)
    months = list(dict.fromkeys(counts["month"].astype(str)))
    keys = [k for k in dict.fromkeys(counts[by].astype(str)) if counts.loc[counts[by].astype(str) == k, "n"].sum()]
    pieces = [f"{labels.get(key, key)} {int(counts.loc[counts[by].astype(str) == key, 'n'].sum())}" for key in keys]
    span = f"{months[0]}–{months[-1]}" if months else ""
    alt = t["lines_alt"].format(subject=subject, span=span) + " " + t["totals"] + ": " + ", ".join(pieces) + "."
    wide = render(_monthly_figure(counts, by, labels, months, keys, t["count"], False), alt,
                  t["lines_caption"].format(subject=subject, span=span))
    from tuffkit.report.narrowplots import FONT_PT

    return with_narrow(wide, _monthly_figure(counts, by, labels, months, keys, t["count"], True), FONT_PT)


def _monthly_figure(counts: pd.DataFrame, by: str, labels: dict[str, str], months: list[str], keys: list[str],
                    ylabel: str, narrow: bool) -> Figure:
    """The lines of :func:`monthly_lines`, wide or laid out for a phone (fewer ticks, the legend below)."""
    from tuffkit.report import narrowplots

    fig = narrowplots.figure(3.4) if narrow else Figure(figsize=(8.5, 3.6), dpi=DPI, layout="constrained")
    x = np.arange(len(months))
    with _rc(narrow):
        ax = fig.subplots()
        markers = ["o", "s", "^", "D", "v", "P"]
        for k, key in enumerate(keys):
            part = counts[counts[by].astype(str) == key]
            y = part.set_index(part["month"].astype(str))["n"].reindex(months).fillna(0).to_numpy(dtype=float)
            ax.plot(x, y, marker=markers[k % len(markers)], markersize=4, linewidth=1.5,
                    color=PALETTE[k % len(PALETTE)], label=labels.get(key, key))
        most = 4 if narrow else 12
        step = max(1, int(np.ceil(len(months) / most)))
        ax.set_xticks(x[::step], months[::step], rotation=0 if len(months) <= most * 2 // 3 else 45,
                      ha="center" if len(months) <= most * 2 // 3 else "right")
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="#ddd", linewidth=0.5)
        ax.set_axisbelow(True)
        if keys:
            fig.legend(loc="outside lower center" if narrow else "outside upper center", frameon=False,
                       fontsize=narrowplots.FONT_PT if narrow else 8, ncol=min(len(keys), 3 if narrow else 6))
    return fig


def funnel_bars(funnel: pd.DataFrame, labels: dict[str, str], lang: Lang = "sv", subject: str = "") -> ReportFigure:
    """How many entries reached each step (horizontal bars, first step on top), from
    :func:`tuffkit.projectlog.funnel` rows of one unit."""
    t = _texts(lang)
    f = funnel.reset_index(drop=True)
    names = [labels.get(str(s), str(s)) for s in f["stage"]]
    total = int(f["n_total"].max()) if len(f) else 0
    pieces = [f"{name} {int(n)}" for name, n in zip(names, f["n_reached"], strict=True)]
    alt = t["funnel_alt"].format(subject=subject, n=total) + " " + ", ".join(pieces) + "."
    wide = render(_funnel_figure(f, names, total, t["reached"], False), alt,
                  t["funnel_caption"].format(subject=subject, n=total))
    from tuffkit.report.narrowplots import FONT_PT

    return with_narrow(wide, _funnel_figure(f, names, total, t["reached"], True), FONT_PT)


def _funnel_figure(f: pd.DataFrame, names: list[str], total: int, xlabel: str, narrow: bool) -> Figure:
    """The bars of :func:`funnel_bars`, wide or for a phone."""
    from tuffkit.report import narrowplots

    fig = (narrowplots.figure(0.8 + 0.42 * len(f)) if narrow
           else Figure(figsize=(7.5, 0.6 + 0.42 * len(f)), dpi=DPI, layout="constrained"))
    y = np.arange(len(f))[::-1].astype(float)
    with _rc(narrow):
        ax = fig.subplots()
        ax.barh(y, f["n_reached"].to_numpy(dtype=float), height=0.6, color=PALETTE[0])
        for yy, n in zip(y, f["n_reached"], strict=True):
            ax.text(float(n) + max(total, 1) * 0.01, yy, str(int(n)), va="center",
                    fontsize=narrowplots.FONT_PT if narrow else 8)
        ax.set_yticks(y, names)
        ax.set_xlim(0, max(total, 1) * (1.15 if narrow else 1.08))
        ax.set_xlabel("\n".join(textwrap.wrap(xlabel, 30)) if narrow else xlabel)
        ax.grid(axis="x", color="#ddd", linewidth=0.5)
        ax.set_axisbelow(True)
    return fig


def spc_chart(res, lang: Lang = "sv", title: str = "", ylabel: str = "", percent: bool = False,
              part_labels: Sequence[str] | None = None, marks: Sequence[tuple[int, str]] | None = None,
              frozen: bool = False, events: Sequence[tuple[int, str, int]] | None = None) -> ReportFigure:
    """A run or control chart from :func:`tuffkit.spc.qic`, in the reports' style: the data
    as a line with points, the centre line (dashed when the runs analysis signals), the
    limits as thin lines, points outside the limits marked (colour and shape), a vertical
    line where a new part starts, with ``part_labels`` (e.g. "the change starts"). ``marks``:
    more dotted lines, before the 0-based point given, with their labels (a phase's start on a
    chart with a frozen baseline; ``frozen`` says so in the alt text and caption). ``events``:
    ``(0-based point, kind, count)`` of the improvement log drawn as markers along the bottom
    (kind ``test``, ``escalated`` or ``decided``: a triangle, a square, a star; one row each in a strip
    under the chart, with the count when a month has more than one). A target
    (``res.frame["target"]``) is a dotted green line. The alt text ends with what the rules found
    (:meth:`tuffkit.spc.QicResult.sentences`).

    Examples
    --------
    >>> from tuffkit.spc import qic
    >>> d = pd.DataFrame({"m": range(1, 13), "y": [5, 6, 5, 7, 6, 5, 6, 14, 5, 6, 5, 6]})
    >>> f = spc_chart(qic(d, x="m", y="y", chart="c"), title="Fall")
    >>> "utanför styrgränserna: 1" in f.alt
    True
    """
    t = _texts(lang)
    fr = res.frame
    scale = 100 if percent else 1
    xs = np.arange(len(fr))
    labels = [str(v)[:10] if not isinstance(v, pd.Timestamp) else v.strftime("%Y-%m") for v in fr["x"]]
    ev_counts: dict[str, int] = {}
    for _, kind_, count in events or []:
        ev_counts[kind_] = ev_counts.get(kind_, 0) + count
    kinds = [k for k in _EVENT_MARKS if k in ev_counts]
    types = point_types(res)
    draw = dict(res=res, t=t, lang=lang, scale=scale, xs=xs, labels=labels, kinds=kinds, types=types, title=title,
                ylabel=ylabel, part_labels=part_labels, marks=marks, events=events)
    summ = res.summary
    kind = t["chart_" + res.chart]
    pieces = []
    for r in summ.itertuples():
        cl = format_number(r.cl * scale, lang, 1) + ((" %" if lang == "sv" else "%") if percent else "")
        text = t["spc_part"].format(k=r.part, n=r.n_obs, cl=cl)
        if res.rules == "anhoej":  # the other rule sets say what they found in the sentences below
            text += " " + (t["spc_runs_yes"] if r.runs_signal else t["spc_runs_no"])
        if res.chart != "run":
            text += " " + t["spc_sigma"].format(k=int(r.sigma_signal))
        pieces.append(text)
    alt = t["spc_alt"].format(kind=kind, title=title, span=f"{labels[0]}–{labels[-1]}" if labels else "")
    if frozen:
        base = int(res.frame["baseline"].sum())
        alt += " " + t["spc_frozen"].format(k=base, marks=", ".join(f"{lab} ({labels[i]})" for i, lab in marks or []))
    alt += " " + " ".join(pieces)
    if "target" in fr and fr["target"].notna().any():
        tv = float(fr["target"].dropna().iloc[-1]) * scale
        alt += " " + t["spc_target"].format(v=format_number(tv, lang, 1) + ((" %" if lang == "sv" else "%")
                                                                           if percent else ""))
    said = res.sentences(lang)
    if len(said) == 1:
        alt += " " + said["sentence"].iloc[0]
    else:
        alt += " " + " ".join(t["spc_part_said"].format(k=r.part, s=r.sentence) for r in said.itertuples())
    if ev_counts:
        alt += " " + t["ev_alt"].format(e=", ".join(f"{t['ev_' + k]} {n}" for k, n in ev_counts.items()))
    caption = t["spc_caption"].format(kind=kind, title=title)
    shown = [t["spc_point_" + key] for key, kinds in _POINT_MARKS if np.isin(types, kinds).any()]
    if shown:
        caption += " " + t["spc_points"].format(kinds=", ".join(shown))
    if res.rules == "anhoej":
        caption += " " + t["spc_runs_caption"]
    if frozen:
        caption += " " + t["spc_frozen_caption"]
    if ev_counts:
        caption += " " + t["ev_caption"]
    from tuffkit.report.narrowplots import FONT_PT

    wide = render(_spc_figure(**draw, narrow=False), alt, caption)
    return with_narrow(wide, _spc_figure(**draw, narrow=True), FONT_PT)


def _spc_figure(res, t: dict[str, str], lang: Lang, scale: float, xs: np.ndarray, labels: list[str], kinds: list[str],  # noqa: ANN001
                types: np.ndarray, title: str, ylabel: str, part_labels: Sequence[str] | None,
                marks: Sequence[tuple[int, str]] | None, events: Sequence[tuple[int, str, int]] | None,
                narrow: bool) -> Figure:
    """The chart of :func:`spc_chart`, wide or laid out for a phone (the whole period in a narrow,
    taller figure, fewer ticks, larger text)."""
    from tuffkit.report import narrowplots

    fr = res.frame
    small = narrowplots.FONT_PT if narrow else 8
    fig = (narrowplots.figure(3.9 + 0.3 * len(kinds)) if narrow
           else Figure(figsize=(8.5, 3.4 + 0.28 * len(kinds)), dpi=DPI, layout="constrained"))
    with _rc(narrow):
        if kinds:  # the improvement log in a strip under the chart: one row per kind of event
            ax, strip = fig.subplots(2, 1, sharex=True, height_ratios=[3.4, 0.28 * len(kinds) + 0.1])
        else:
            ax, strip = fig.subplots(), None
        y = fr["y"].to_numpy(dtype=float) * scale
        ax.plot(xs, y, color="#595959", linewidth=1.4, marker="o", markersize=3.5, zorder=3)  # common cause: grey
        for kind_, marker in _POINT_MARKS.items():  # special causes in the colour and shape of their type
            on = np.isin(types, kind_[1])
            if on.any():
                ax.plot(xs[on], y[on], linestyle="none", marker=marker, markersize=7, color=COLOURS[kind_[1][0]],
                        markeredgecolor="white", markeredgewidth=0.6, zorder=4)
        for _, part in fr.groupby("part", sort=True):
            idx = part.index.to_numpy()
            signal = res.rules == "anhoej" and bool(part["runs_signal"].iloc[0])
            ax.plot(idx, part["cl"].to_numpy(dtype=float) * scale, color=PALETTE[5] if signal else "#333",
                    linestyle="--" if signal else "-", linewidth=1.2, zorder=2)
            for col in ("lcl", "ucl"):
                if part[col].notna().any():
                    ax.plot(idx, part[col].to_numpy(dtype=float) * scale, color="#777", linewidth=0.9, zorder=1,
                            drawstyle="steps-mid")
        starts = fr.index[fr["part"].ne(fr["part"].shift())].to_numpy()[1:]
        for k, at in enumerate(starts):
            ax.axvline(at - 0.5, color="#555", linestyle=":", linewidth=1)
            label = part_labels[k + 1] if part_labels and k + 1 < len(part_labels) else t["part_starts"]
            ax.annotate(label, (at - 0.4, 1.0), xycoords=("data", "axes fraction"), fontsize=small, va="top",
                        color="#333")
        for at, label in marks or []:
            ax.axvline(at - 0.5, color="#555", linestyle=":", linewidth=1)
            ax.annotate(label, (at - 0.4, 1.0), xycoords=("data", "axes fraction"), fontsize=small, va="top",
                        color="#333")
        if "target" in fr and fr["target"].notna().any():
            ax.plot(xs, fr["target"].to_numpy(dtype=float) * scale, color="#1b7a3a", linestyle=(0, (1, 1.5)),
                    linewidth=1.4, zorder=1)
        if strip is not None:
            rows = {k: len(kinds) - 1 - i for i, k in enumerate(kinds)}
            for at, kind_, count in events or []:
                strip.plot([at], [rows[kind_]], linestyle="none", marker=_EVENT_MARKS[kind_], markersize=7,
                           color="#222")
                if count > 1:
                    strip.annotate(str(count), (at + 0.22, rows[kind_]), fontsize=small, va="center", color="#222")
            strip.set_ylim(-0.6, len(kinds) - 0.4)
            strip.set_yticks(list(rows.values()), [t["ev_" + k] for k in rows])
            strip.tick_params(axis="y", length=0, labelsize=small)
            for side in ("top", "right", "left"):
                strip.spines[side].set_visible(False)
            strip.grid(axis="x", color="#eee", linewidth=0.5)
            ax.tick_params(axis="x", labelbottom=False)
        most = 5 if narrow else 12
        step = max(1, int(np.ceil(len(xs) / most)))
        turn = len(xs) > (3 if narrow else 8)
        (strip if strip is not None else ax).set_xticks(xs[::step], labels[::step], rotation=45 if turn else 0,
                                                        ha="right" if turn else "center")
        ax.set_ylabel(ylabel)
        _number_axis(ax.yaxis, lang)
        finite = y[np.isfinite(y)]
        if len(finite) and np.all(finite == np.round(finite)):  # counts: whole-number ticks
            ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="#ddd", linewidth=0.5)
        ax.set_axisbelow(True)
        if title:
            ax.set_title("\n".join(textwrap.wrap(title, 34)) if narrow else title, loc="left")
    return fig


#: (the key of the words, the point types) -> its marker: improvement a circle, concern a diamond,
#: a signal without a better side a square (told apart by shape as well as colour)
_POINT_MARKS = {("improvement", ("improvement",)): "o", ("concern", ("concern",)): "D",
                ("special", ("high", "low", "special")): "s"}

#: the improvement log's events on a measure chart: a triangle, a square, a star
_EVENT_MARKS = {"test": "^", "escalated": "s", "decided": "*"}


def _rects(ax, x, y, w, h, colors, edge: str = "white", lw: float = 0.3):  # noqa: ANN001, ANN202
    """Rectangles (x, y, width, height; arrays or scalars) as one collection: far cheaper to
    draw than one bar artist each. ``edge``: the separator colour (dark where light segments
    meet, so that every segment has a boundary of 3:1 contrast, WCAG 1.4.11)."""
    from matplotlib.collections import PolyCollection

    x, y, w, h = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (x, y, w, h)))
    verts = np.stack([np.stack([x, y], -1), np.stack([x + w, y], -1), np.stack([x + w, y + h], -1),
                      np.stack([x, y + h], -1)], axis=1)
    return ax.add_collection(PolyCollection(verts, facecolors=list(colors), edgecolors=edge, linewidths=lw),
                             autolim=False)


def _number_axis(axis, lang: Lang) -> None:  # noqa: ANN001
    """Tick labels in the report's number format (decimal comma and minus sign in Swedish)."""
    from matplotlib.ticker import FuncFormatter

    def fmt(v: float, _pos: int) -> str:
        text = f"{v:.2f}".rstrip("0").rstrip(".")
        text = "0" if text in ("-0", "") else text
        return text.replace("-", "−").replace(".", "," if lang == "sv" else ".")

    axis.set_major_formatter(FuncFormatter(fmt))


def _instrument(instrument: Instrument | str | None) -> Instrument:
    """The instrument a figure is drawn for: it must be given (the study's, not a default)."""
    if instrument is None:
        from tuffkit.errors import InstrumentError

        raise InstrumentError("a survey figure needs the instrument (its statements and scale): give instrument=")
    return load_instrument(instrument)


def _patch(color: str, label: str):
    from matplotlib.patches import Patch

    return Patch(facecolor=color, edgecolor="#333333", linewidth=0.6, label=label)


def _rc(narrow: bool = False):  # noqa: ANN202
    """matplotlib's settings of the report figures (of the narrow ones: larger text)."""
    import matplotlib

    if narrow:
        from tuffkit.report.narrowplots import RC

        return matplotlib.rc_context({**_RC, **RC})
    return matplotlib.rc_context(_RC)


def _texts(lang: Lang) -> dict[str, str]:
    sv = {
        "div_alt": "Liggande staplar: andelen svar på varje skalsteg för {k} påståenden{subject}, "
                   "en panel per omgång ({panels}). Oenighet till vänster, instämmande till höger.",
        "div_alt_ext": "Störst andel på den övre delen av skalan ({agree}): påstående {best} med {best_p} % "
                       "({best_w}); "
                       "minst: påstående {worst} med {worst_p} % ({worst_w}).",
        "div_caption": "Svarsfördelning per påstående och tema{subject}. Skala {lo} = {lo_l}, "
                       "{hi} = {hi_l}{mid}.",
        "div_mid": "; mittsteget {m} delas kring noll",
        "hidden": "Streck (–): för få svar för att visas.",
        "n_each": "{n} svar per påstående", "n_upto": "upp till {n} svar per påstående",
        "management": "Ledning",
        "support": "Stöd",
        "statement": "Påstående",
        "role_alt": "Stapeldiagram: andel svar per skalsteg {lo}–{hi} för {a} och {b}{subject}, "
                    "påstående {items}, omgång {waves}.",
        "means": "Medelvärden",
        "role_caption": "Andel svar per skalsteg{subject}; medelvärde och antal svar under varje panel.",
        "bars_alt": "Liggande staplar: {value} per påstående ({k} påståenden) för {hues}.",
        "bars_alt_ext": "{h}: högst påstående {hi} ({hv}), lägst påstående {lo} ({lv}).",
        "count": "Antal",
        "lines_alt": "Linjediagram: antal poster per månad{subject}, {span}, en linje per slag.",
        "totals": "Totalt",
        "lines_caption": "Nya poster i loggen per månad{subject}, {span}.",
        "reached": "Antal idéer som nått steget eller längre",
        "funnel_alt": "Liggande staplar{subject}: hur många av {n} idéer som nått varje steg i Innovationsguiden.",
        "funnel_caption": "Idéernas väg genom Innovationsguidens steg{subject} ({n} idéer med angivet steg).",
        "part_starts": "Förändringen börjar",
        "chart_run": "Seriediagram", "chart_i": "Styrdiagram (I)",
        "chart_mr": "Styrdiagram (MR, glidande variationsbredd)", "chart_p": "Styrdiagram (p)",
        "chart_u": "Styrdiagram (u)", "chart_c": "Styrdiagram (c)", "chart_xbar": "Styrdiagram (x̄, medelvärden)",
        "chart_s": "Styrdiagram (s, standardavvikelser)", "chart_t": "Styrdiagram (t, tid mellan händelser)",
        "chart_g": "Styrdiagram (g, tillfällen mellan händelser)", "chart_pp": "Styrdiagram (p′, Laney)",
        "chart_up": "Styrdiagram (u′, Laney)", "chart_ip": "Styrdiagram (I′, kvoter med olika nämnare)",
        "spc_target": "Målet ({v}) är en prickad grön linje.",
        "spc_part_said": "Del {k}: {s}",
        "ev_test": "PDSA-test", "ev_escalated": "eskalering till LT", "ev_decided": "beslut",
        "ev_alt": "Förbättringsloggen, i remsan under diagrammet: {e}.",
        "ev_caption": "Remsan under diagrammet visar förbättringsloggens tester, eskaleringar och beslut per "
                      "period (en siffra: fler än ett).",
        "spc_alt": "{kind}: {title}, {span}.",
        "spc_part": "Del {k}: {n} punkter, mittlinje {cl}.",
        "spc_runs_yes": "Serieanalysen visar en icke-slumpmässig förändring (för lång serie eller för få korsningar).",
        "spc_runs_no": "Serieanalysen visar ingen icke-slumpmässig förändring.",
        "spc_sigma": "Punkter utanför styrgränserna: {k}.",
        "spc_frozen": "Mittlinje och gränser från baslinjens {k} första punkter, förlängda över hela serien; "
                      "nya faser: {marks}.",
        "spc_frozen_caption": "Mittlinjen och gränserna är baslinjens, förlängda: en signal efter en ny fas (prickad "
                              "linje) visar en förändring mot baslinjen.",
        "spc_caption": "{kind}: {title}. Värdena som grå linje med punkter, mittlinjen heldragen svart, "
                       "styrgränserna som tunna grå linjer.",
        "spc_runs_caption": "Mittlinjen är streckad och röd när serieanalysen visar en signal.",
        "spc_points": "Punkter som en regel flaggar: {kinds}.",
        "spc_point_improvement": "förbättring som blå cirkel",
        "spc_point_concern": "försämring som orange romb",
        "spc_point_special": "förändring utan bättre håll som lila kvadrat",
    }
    en = {
        "div_alt": "Horizontal bars: the share of answers on each scale step for {k} statements{subject}, "
                   "one panel per wave ({panels}). Disagreement to the left, agreement to the right.",
        "div_alt_ext": "Largest share on the upper part of the scale ({agree}): statement {best} with {best_p}% "
                       "({best_w}); "
                       "smallest: statement {worst} with {worst_p}% ({worst_w}).",
        "div_caption": "Distribution of answers per statement and theme{subject}. Scale {lo} = {lo_l}, "
                       "{hi} = {hi_l}{mid}.",
        "div_mid": "; the middle step {m} is split around zero",
        "hidden": "Dash (–): too few answers to show.",
        "n_each": "{n} answers per statement", "n_upto": "up to {n} answers per statement",
        "management": "Management",
        "support": "Support",
        "statement": "Statement",
        "role_alt": "Bar chart: share of answers per scale step {lo}–{hi} for {a} and {b}{subject}, "
                    "statement {items}, wave {waves}.",
        "means": "Means",
        "role_caption": "Share of answers per scale step{subject}; mean and number of answers under each panel.",
        "bars_alt": "Horizontal bars: {value} per statement ({k} statements) for {hues}.",
        "bars_alt_ext": "{h}: highest statement {hi} ({hv}), lowest statement {lo} ({lv}).",
        "count": "Number",
        "lines_alt": "Line chart: entries per month{subject}, {span}, one line per kind.",
        "totals": "Totals",
        "lines_caption": "New entries in the log per month{subject}, {span}.",
        "reached": "Ideas that reached the step or beyond",
        "funnel_alt": "Horizontal bars{subject}: how many of {n} ideas reached each step of Innovationsguiden.",
        "funnel_caption": "The ideas' way through Innovationsguiden's steps{subject} ({n} ideas with a step given).",
        "part_starts": "The change starts",
        "chart_run": "Run chart", "chart_i": "Control chart (I)", "chart_mr": "Control chart (MR, moving range)",
        "chart_p": "Control chart (p)",
        "chart_u": "Control chart (u)", "chart_c": "Control chart (c)", "chart_xbar": "Control chart (x̄, means)",
        "chart_s": "Control chart (s, standard deviations)", "chart_t": "Control chart (t, time between events)",
        "chart_g": "Control chart (g, opportunities between events)", "chart_pp": "Control chart (p′, Laney)",
        "chart_up": "Control chart (u′, Laney)", "chart_ip": "Control chart (I′, ratios with varying denominators)",
        "spc_target": "The target ({v}) is a dotted green line.",
        "spc_part_said": "Part {k}: {s}",
        "ev_test": "PDSA test", "ev_escalated": "escalation to LT", "ev_decided": "decision",
        "ev_alt": "The improvement log, in the strip under the chart: {e}.",
        "ev_caption": "The strip under the chart shows the improvement log's tests, escalations and decisions per "
                      "period (a number: more than one).",
        "spc_alt": "{kind}: {title}, {span}.",
        "spc_part": "Part {k}: {n} points, centre line {cl}.",
        "spc_runs_yes": "The runs analysis shows non-random variation (a run too long or too few crossings).",
        "spc_runs_no": "The runs analysis shows no non-random variation.",
        "spc_sigma": "Points outside the control limits: {k}.",
        "spc_frozen": "Centre line and limits from the baseline's first {k} points, carried over the whole series; "
                      "new phases: {marks}.",
        "spc_frozen_caption": "The centre line and limits are the baseline's, carried on: a signal after a new phase "
                              "(dotted line) shows a change against the baseline.",
        "spc_caption": "{kind}: {title}. The values as a grey line with points, the centre line solid black, the "
                       "control limits as thin grey lines.",
        "spc_runs_caption": "The centre line is dashed and red when the runs analysis signals.",
        "spc_points": "Points a rule flags: {kinds}.",
        "spc_point_improvement": "improvement as a blue circle",
        "spc_point_concern": "concern as an orange diamond",
        "spc_point_special": "change without a better direction as a purple square",
    }
    return sv if lang == "sv" else en
