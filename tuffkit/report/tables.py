"""Presentation of summaries as tables for leadership: labels, decimal comma, highlights.

Only presentation: the numbers come from :mod:`tuffkit.survey`, already protected
by :mod:`tuffkit.privacy`; a suppressed cell shows as a dash.
"""

from __future__ import annotations

import decimal
import html
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from babel import Locale
from babel.numbers import format_decimal
from pandas.io.formats.style import Styler

from tuffkit.errors import TuffkitError
from tuffkit.instrument import Instrument, load_instrument

__all__ = ["format_number", "plural", "styled_table", "table2"]

Lang = Literal["sv", "en"]
_DASH = "–"
_LOCALE = {"sv": "sv_SE", "en": "en_GB"}


def check_lang(lang: str) -> str:
    if lang not in ("sv", "en"):
        raise TuffkitError(f"lang must be 'sv' or 'en', got {lang!r}")
    return lang


def format_number(x: float | None, lang: Lang = "sv", decimals: int = 2, signed: bool = False) -> str:
    """A number as a report prints it: Babel's Swedish (decimal comma) or English number format,
    rounded half up as people do by hand (3,625 -> 3,63; the decimal the number prints as, not
    its binary value, decides), a real minus sign, and a dash when missing.

    Examples
    --------
    >>> format_number(3.2912), format_number(0.79, signed=True), format_number(3.29, "en"), format_number(None)
    ('3,29', '+0,79', '3.29', '–')
    >>> format_number(3.625), format_number(-0.125), format_number(2.5, decimals=0), format_number(-0.001)
    ('3,63', '−0,13', '3', '0,00')
    """
    check_lang(lang)
    if x is None or x is pd.NA or (isinstance(x, (float, np.floating)) and np.isnan(x)):
        return _DASH
    d = decimal.Decimal(repr(float(x)))
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        q = d.quantize(decimal.Decimal(1).scaleb(-decimals))
    if q == 0:
        q = abs(q)  # no "−0,00"
    pattern = "0" if decimals <= 0 else "0." + "0" * decimals
    body = format_decimal(abs(q), format=pattern, locale=_LOCALE[lang], decimal_quantization=True)
    sign = "−" if q < 0 else ("+" if signed else "")
    return sign + body


def plural(n: float, one: str, other: str, lang: Lang = "sv") -> str:
    """``one`` or ``other`` as the language's plural rule (CLDR, through Babel) says for ``n``.

    >>> plural(1, "idé", "idéer"), plural(2, "idé", "idéer"), plural(0, "sak", "saker")
    ('idé', 'idéer', 'saker')
    """
    return one if Locale.parse(_LOCALE[lang]).plural_form(n) == "one" else other


def styled_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    lang: Lang = "sv",
    decimals: int = 2,
    highlight: Sequence[str] = (),
    caption: str | None = None,
    uuid: str = "tk",
    signed: Sequence[str] = (),
) -> Styler:
    """A Styler of ``frame[columns]`` with headers ``columns[col]``, numbers in the report's
    style (the ``signed`` columns, differences, with their sign: "+1,03" as the summary writes it),
    and in each ``highlight`` column the highest value bold and the lowest italic.
    Text cells and headers are HTML-escaped (a name with ``<script>`` shows as text);
    ``uuid`` fixes the table's id so that the same data gives the same HTML.
    """
    check_lang(lang)
    shown = frame[list(columns)].rename(columns=dict(columns)).reset_index(drop=True)
    numeric = [columns[c] for c in columns if pd.api.types.is_float_dtype(frame[c])]
    text = [c for c in shown.columns if c not in numeric]
    styler = shown.style.hide(axis="index").set_uuid(uuid).format(
        {c: (lambda x, lang=lang, s=c in {columns[k] for k in signed}: format_number(x, lang, decimals, s))
         for c in numeric}, na_rep=_DASH
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
    instrument: Instrument | str | None = None,
    decimals: int = 2,
    caption: str | None = None,
    labels: tuple[str, str] | None = None,
) -> Styler:
    """A study's Table 2 (as in the LfR follow-up report) from :func:`tuffkit.survey.change`: statement, the two
    means and their difference, highest value per column bold and lowest italic.
    ``labels``: the two waves as the headers name them (default: their ids).

    Examples
    --------
    >>> from tuffkit import read_survey
    >>> from tuffkit.config import RAW_DIR
    >>> from tuffkit.survey import change
    >>> html = table2(change(read_survey(RAW_DIR).responses, "2012-10", "2013-05"), instrument="lfr19").to_html()
    >>> "Snitt 2012-10" in html and "3,29" in html and "font-weight: bold" in html
    True
    """
    check_lang(lang)
    if instrument is None:
        raise TuffkitError("table2 needs the instrument (its statements): give instrument=")
    inst = load_instrument(instrument)
    if change_frame.duplicated("item").any():
        raise TuffkitError("table2 shows one row per statement: select one group of the change first")
    f = change_frame.copy()
    f["statement"] = [getattr(inst.item(int(i)), lang) for i in f["item"]]
    fw, tw = labels or (f["from_wave"].iloc[0], f["to_wave"].iloc[0])
    heads = {
        "sv": {"item": "Nr", "statement": "Påstående", "mean_from": f"Snitt {fw}", "mean_to": f"Snitt {tw}",
               "diff": f"{tw} – {fw}", "n_from": f"Antal svar {fw}", "n_to": f"Antal svar {tw}"},
        "en": {"item": "No.", "statement": "Statement", "mean_from": f"Mean {fw}", "mean_to": f"Mean {tw}",
               "diff": f"{tw} – {fw}", "n_from": f"Answers {fw}", "n_to": f"Answers {tw}"},
    }[lang]
    return styled_table(f, heads, lang, decimals, highlight=["mean_from", "mean_to", "diff"], caption=caption,
                        signed=["diff"])
