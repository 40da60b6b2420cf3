"""The report figures laid out for a phone: :data:`tuffkit.report.plots.NARROW_WIDTH` inches wide at
:data:`tuffkit.report.plots.NARROW_DPI`, shown by ``<picture>`` below 600 CSS px instead of the wide figure.

A statement's text stands above its bars instead of beside them, the legend above the chart (where the
reader starts; below a short chart), the scale at the top and the bottom of a tall one,
axes have fewer ticks and no text is smaller than 9 pt (12,5 CSS px at the figure's size). Each
function takes what :mod:`tuffkit.report.plots` has already worked out for the wide figure (the
same numbers, so both renderings show the same thing) and returns a matplotlib Figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import transforms
from matplotlib.figure import Figure

from tuffkit.report.plots import NARROW_DPI, NARROW_WIDTH

__all__ = ["RC", "FONT_PT", "Row", "stacked_rows", "diverging", "grouped_bars", "role_panels", "figure"]

#: the narrow figures' smallest text, in points
FONT_PT = 9
#: matplotlib settings of the narrow figures (on top of plots._RC)
RC = {"font.size": 10, "axes.titlesize": 10, "xtick.labelsize": FONT_PT, "ytick.labelsize": FONT_PT,
      "legend.fontsize": FONT_PT, "axes.labelsize": FONT_PT + 1}
#: inches per line of a stacked-rows figure: a bar or a line of a statement's text
LINE = 0.2
#: characters per line of a statement's text across the figure's width (9 pt DejaVu Sans)
WRAP = 44
#: the longest statement text shown (two lines of WRAP; a longer one is cut short with "…")
LABEL = 2 * WRAP - 2


def figure(height: float) -> Figure:
    """A narrow figure ``height`` inches tall, laid out by matplotlib's constrained layout."""
    return Figure(figsize=(NARROW_WIDTH, height), dpi=NARROW_DPI, layout="constrained")


@dataclass(frozen=True)
class Row:
    """One row of a stacked-rows figure: a heading (``bars`` empty) or a statement's text and the
    y of each of its bars, in lines from the top."""

    lines: list[str]
    top: float
    bars: list[float]
    heading: bool


def stacked_rows(rows: Sequence[tuple[str, int | None]], k: int) -> tuple[list[Row], float]:
    """Rows of text and ``k`` bars under each statement (``item`` not None), and the height in lines.

    >>> rows, height = stacked_rows([("Styrning", None), ("1. Vi vet vad vi ska göra", 1)], 2)
    >>> [r.bars for r in rows], height
    ([[], [2.9, 3.9]], 4.75)
    """
    out, y = [], 0.0
    for text, item in rows:
        lines = textwrap.wrap(text, WRAP) or [""]
        if item is None:
            out.append(Row(lines, y + 0.4, [], True))
            y += 0.4 + len(lines)
        else:
            out.append(Row(lines, y, [y + len(lines) + j + 0.5 for j in range(k)], False))
            y += len(lines) + k + 0.35
    return out, y


def _rows_axes(fig: Figure, rows: list[Row], height: float, keys: Sequence[str]):  # noqa: ANN202
    """One axes whose y counts lines from the top, the statements' texts above their bars (from the
    figure's left edge), the bars labelled by ``keys`` (the waves or groups)."""
    ax = fig.subplots()
    ax.set_ylim(height, 0)
    ticks = [(b, key) for r in rows if not r.heading for b, key in zip(r.bars, keys, strict=True)]
    ax.set_yticks([b for b, _ in ticks], [key for _, key in ticks])
    ax.tick_params(axis="y", length=0)
    where = transforms.blended_transform_factory(fig.transFigure, ax.transData)
    for r in rows:
        # on white, above the grid and the zero line that it crosses
        t = ax.text(0.02, r.top + 0.05, "\n".join(r.lines), transform=where, va="top", ha="left", fontsize=FONT_PT,
                    fontweight="bold" if r.heading else "normal", linespacing=1.25, clip_on=False, zorder=5,
                    bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "none"})
        t.set_in_layout(False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", top=True, labeltop=True)  # the scale at the top of a tall chart too
    return ax


def diverging(rows: Sequence[tuple[str, int | None]], keys: Sequence[str], bars: dict[str, dict[int, np.ndarray]],
              lefts: dict[str, dict[int, np.ndarray]], colors: Sequence[str], handles: list, heading: str,
              xlabel: str = "%") -> Figure:
    """The distribution figure for a phone: each statement's text above one diverging bar per wave
    (``keys``), the scale's legend below; ``bars[key][item]`` the percents per step (an item missing:
    a dash), ``lefts`` where each segment starts; ``heading`` the answers per wave (above the chart)."""
    from tuffkit.report.plots import _rects

    laid, height = stacked_rows(rows, len(keys))
    legend_rows = len(handles) if max(len(h.get_label()) for h in handles) > 18 else (len(handles) + 1) // 2
    head_lines = heading.count("\n") + 1
    fig = figure(LINE * height + 0.75 + 0.2 * legend_rows + 0.2 * head_lines)
    ax = _rows_axes(fig, laid, height, keys)
    ax.set_xlim(-100, 100)
    ax.set_xticks([-100, -50, 0, 50, 100], ["100", "50", "0", "50", "100"])
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#ddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.axvline(0, color="#333", linewidth=0.8, zorder=3)
    for r, (_, item) in zip(laid, rows, strict=True):
        for y, key in zip(r.bars, keys, strict=False):  # a heading has no bars
            pct = bars.get(key, {}).get(item)
            if pct is None:
                ax.text(0, y, "–", ha="center", va="center", fontsize=FONT_PT, color="#444")
                continue
            _rects(ax, lefts[key][item], np.full(len(pct), y - 0.4), pct, 0.8, colors, edge="#333333", lw=0.6)
    # the key where the reader starts: above the chart, two columns when the labels are short, under the
    # answers per wave
    two = max(len(h.get_label()) for h in handles) <= 18
    fig.legend(handles=handles, loc="outside upper center", ncol=2 if two else 1, frameon=False, fontsize=FONT_PT,
               title=heading, title_fontsize=FONT_PT, alignment="left")
    return fig


def grouped_bars(rows: Sequence[tuple[str, int | None]], hues: Sequence[str], values: dict[str, list[float]],
                 colors: Sequence[str], xlabel: str, xlim: tuple[float, float] | None, number_axis) -> Figure:  # noqa: ANN001
    """Bars per statement for a phone (the statement bars): each statement's text above one bar per
    ``hues`` value (``values[hue]`` in the order of ``rows``), the legend below."""
    laid, height = stacked_rows(rows, len(hues))
    fig = figure(LINE * height + 0.8 + 0.2 * ((len(hues) + 1) // 2))
    ax = _rows_axes(fig, laid, height, hues)
    ax.set_yticks([])  # the colours and the legend tell the bars apart
    for k, hue in enumerate(hues):
        ys = [r.bars[k] if r.bars else np.nan for r in laid]
        ax.barh(ys, values[hue], height=0.8, color=colors[k], label=hue)
    if xlim:
        ax.set_xlim(*xlim)
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlabel(xlabel)
    number_axis(ax.xaxis)
    ax.xaxis.set_major_locator(_few_ticks())
    ax.grid(axis="x", color="#ddd", linewidth=0.5)
    ax.set_axisbelow(True)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside upper center", ncol=min(len(hues), 2), frameon=False,
               fontsize=FONT_PT)
    return fig


def role_panels(panels: Sequence[dict], steps: Sequence[int], handles: list) -> Figure:
    """The role panels for a phone: one panel per statement and wave, one under the other; each
    ``panels`` entry has ``title``, ``notes`` (the means, under the panel) and ``bars``
    (offset, percents, colour)."""
    fig = figure(0.35 + 2.1 * len(panels))
    axes = fig.subplots(len(panels), 1, squeeze=False, sharey=True)[:, 0]
    x = np.arange(len(steps))
    for ax, p in zip(axes, panels, strict=True):
        for offset, pct, color in p["bars"]:
            ax.bar(x + offset, pct, width=0.4, color=color, align="edge")
        ax.set_xlim(-0.7, len(steps) - 0.3)
        ax.set_ylim(0, 100)
        ax.set_yticks([0, 50, 100])
        ax.set_xticks(x, [str(s) for s in steps])
        ax.set_title(p["title"], fontsize=FONT_PT + 1)
        ax.set_xlabel(p["notes"], fontsize=FONT_PT)
        ax.set_ylabel("%")
        ax.grid(axis="y", color="#ddd", linewidth=0.5)
        ax.set_axisbelow(True)
    fig.legend(handles=handles, loc="outside upper center", ncol=2, frameon=False, fontsize=FONT_PT)
    return fig


def _few_ticks():  # noqa: ANN202
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=4)
