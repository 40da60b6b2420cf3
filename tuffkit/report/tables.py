"""Presentation of summaries as tables for leadership: labels, decimal comma, highlights.

Only presentation: the numbers come from :mod:`tuffkit.survey`, already protected
by :mod:`tuffkit.privacy`; a suppressed cell shows as a dash.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from tuffkit.errors import TuffkitError
from tuffkit.instrument import Instrument, load_instrument

__all__ = ["format_number", "styled_table", "table2"]

Lang = Literal["sv", "en"]
_DASH = "–"


def check_lang(lang: str) -> str:
    if lang not in ("sv", "en"):
        raise TuffkitError(f"lang must be 'sv' or 'en', got {lang!r}")
    return lang


def format_number(x: float | None, lang: Lang = "sv", decimals: int = 2, signed: bool = False) -> str:
    """A number as a report prints it: decimal comma in Swedish, a dash when missing.

    Examples
    --------
    >>> format_number(3.2912), format_number(0.79, signed=True), format_number(3.29, "en"), format_number(None)
    ('3,29', '+0,79', '3.29', '–')
    """
    check_lang(lang)
    if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA:
        return _DASH
    text = f"{x:+.{decimals}f}" if signed else f"{x:.{decimals}f}"
    text = text.replace("-", "−")  # a real minus sign
    return text.replace(".", ",") if lang == "sv" else text


def styled_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    lang: Lang = "sv",
    decimals: int = 2,
    highlight: Sequence[str] = (),
    caption: str | None = None,
    uuid: str = "tk",
) -> Styler:
    """A Styler of ``frame[columns]`` with headers ``columns[col]``, numbers in the report's
    style, and in each ``highlight`` column the highest value bold and the lowest italic.
    Text cells and headers are HTML-escaped (a name with ``<script>`` shows as text);
    ``uuid`` fixes the table's id so that the same data gives the same HTML.
    """
    check_lang(lang)
    shown = frame[list(columns)].rename(columns=dict(columns)).reset_index(drop=True)
    numeric = [columns[c] for c in columns if pd.api.types.is_float_dtype(frame[c])]
    text = [c for c in shown.columns if c not in numeric]
    styler = shown.style.hide(axis="index").set_uuid(uuid).format(
        {c: (lambda x, lang=lang: format_number(x, lang, decimals)) for c in numeric}, na_rep=_DASH
    )
    styler = styler.format(subset=text, escape="html", na_rep=_DASH).format_index(escape="html", axis=1)
    for col in highlight:
        styler = styler.highlight_max(subset=[columns[col]], props="font-weight: bold")
        styler = styler.highlight_min(subset=[columns[col]], props="font-style: italic")
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler


def table2(
    change_frame: pd.DataFrame,
    lang: Lang = "sv",
    instrument: Instrument | str = "lfr19",
    decimals: int = 2,
    caption: str | None = None,
) -> Styler:
    """The LfR report's Table 2 from :func:`tuffkit.survey.change`: statement, the two
    means and their difference, highest value per column bold and lowest italic.

    Examples
    --------
    >>> from tuffkit import read_survey
    >>> from tuffkit.config import RAW_DIR
    >>> from tuffkit.survey import change
    >>> html = table2(change(read_survey(RAW_DIR).responses, "2012-10", "2013-05")).to_html()
    >>> "Snitt 2012-10" in html and "3,29" in html and "font-weight: bold" in html
    True
    """
    check_lang(lang)
    inst = load_instrument(instrument)
    if change_frame.duplicated("item").any():
        raise TuffkitError("table2 shows one row per statement: select one group of the change first")
    f = change_frame.copy()
    f["statement"] = [getattr(inst.item(int(i)), lang) for i in f["item"]]
    fw, tw = f["from_wave"].iloc[0], f["to_wave"].iloc[0]
    heads = {
        "sv": {"item": "Nr", "statement": "Påstående", "mean_from": f"Snitt {fw}", "mean_to": f"Snitt {tw}",
               "diff": f"{tw} – {fw}", "n_from": f"Antal svar {fw}", "n_to": f"Antal svar {tw}"},
        "en": {"item": "No.", "statement": "Statement", "mean_from": f"Mean {fw}", "mean_to": f"Mean {tw}",
               "diff": f"{tw} – {fw}", "n_from": f"Answers {fw}", "n_to": f"Answers {tw}"},
    }[lang]
    return styled_table(f, heads, lang, decimals, highlight=["mean_from", "mean_to", "diff"], caption=caption)
