"""Reading a published survey report as its reader does: every number it prints, accounted for.

The ledger (:mod:`tuffkit.report.ledger`) is what a report *says* it published; the audit
checks the rule over it. This module checks the other direction: every number in the report's
visible text and alt texts (not its code, style or the measures section, whose figures are
about no respondent) is either a ledger value at the precision printed, or one of the study's
own words and labels (a wave's label, a date, a statement's number or text, a file name, the
scale's ends, the minimum group, the version). A number neither can account for is a number
about respondents that the audit never saw, and fails the run. The measures and the improvement
log sections are left out: their numbers are about series and log entries, not respondents.
"""

from __future__ import annotations

import decimal
import html as html_lib
import re
from collections.abc import Iterable, Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

__all__ = ["visible_text", "unaccounted"]

#: the sections of a survey report whose numbers are about no respondent: the unit's measures
#: (Kolada and the unit's own series) and its improvement log
_ABOUT_NO_RESPONDENT = ("measures", "log")
_NUMBER = re.compile(r"(?<![\w.,])[−+-]?\d+(?:[.,]\d+)?(?![\w])")


class _Text(HTMLParser):
    """The text a reader sees or hears: text and alt texts, without style, script, code and the
    sections about no respondent."""

    _SKIP = {"style", "script", "code"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []
        self._section: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")  # a cell, a line, a paragraph: never two numbers run together
        a = dict(attrs)
        if tag == "section":
            self._section.append(a.get("aria-labelledby") in _ABOUT_NO_RESPONDENT)
        if tag in self._SKIP:
            self._skip.append(tag)
        if tag == "img" and not self._hidden():
            self.parts.append(" " + (a.get("alt") or "") + " ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")
        if tag == "section" and self._section:
            self._section.pop()
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)

    def _hidden(self) -> bool:
        return bool(self._skip) or any(self._section)


def visible_text(page: str) -> str:
    """The text of an HTML report a reader sees or hears (text and alt texts), without style,
    script, code and the measures section.

    >>> " ".join(visible_text('<p>Medel 4,25</p><img alt="Diagram: 4,25"><style>p{x:1}</style>').split())
    'Medel 4,25 Diagram: 4,25'
    """
    parser = _Text()
    parser.feed(page)
    return "".join(parser.parts)


def _structural(text: str, words: Iterable[str]) -> str:
    """``text`` without what is not a statistic: the study's own words, dates, statement and
    diagram numbers, the scale's labelled steps, the version."""
    # dates first: a wave named by its year ("2026") must not split the date a report was made on
    text = re.sub(r"\d{4}-\d{2}-\d{2}(T[\d:+.]+)?", " ", text)
    # the study's own words next, each as a placeholder word: a statement's number before its text
    # ("11 Ord", "4. Ord") and a labelled step ("1 – Ord") are still recognised below
    for w in sorted({str(w) for w in words if str(w).strip()}, key=len, reverse=True):
        text = text.replace(w, " Ord ")
    text = re.sub(r"(medelvärde på|mean of) [\d,.]+ \((skalans högsta steg|the top of the scale)\)", " ", text)
    text = re.sub(r"tuffkit \d+\.\d+(\.\d+)?\S*", " ", text)
    text = re.sub(r"Holm-(justerat|adjusted), 5 ?%", " ", text)
    text = re.sub(r"(Diagram|Figur|Figure|Tabell|Table|Påstående|Statement|påstående|statement|statements|"
                  r"påståenden|No\.|Nr)\s*\d+", " ", text)
    text = re.sub(r"(?<![\d,.])\b(\d{1,2})\.\s", " ", text)  # "4. Vi har ..." (a statement's number)
    text = re.sub(r"(?<![\d,.])\b(\d{1,2})\s+(?=[A-ZÅÄÖ][a-zåäö])", " ", text)  # the Nr column before a statement
    text = re.sub(r"\b\d+ (påståenden|statements)\b", " ", text)
    text = re.sub(r"(?<![\d,.])(\d{1,2})\s+[–-]\s+[A-ZÅÄÖa-zåäö]", " ", text)  # "1 – Instämmer inte alls"
    return text


def _half_up(x: float, decimals: int) -> float:
    q = decimal.Decimal(1).scaleb(-decimals)
    return float(decimal.Decimal(repr(float(x))).quantize(q, rounding=decimal.ROUND_HALF_UP))


def unaccounted(page: str, entries: Sequence[Mapping[str, Any]], words: Iterable[str],
                structural: Iterable[float] = ()) -> list[str]:
    """The numbers ``page`` prints that neither a ledger value (``entries``, at the precision
    printed) nor the study's ``words`` (labels, names, statement texts) account for; whole
    numbers in ``structural`` (the minimum group, the scale's steps) are allowed.

    >>> led = [{"value": 4.2456}, {"value": 12}]
    >>> unaccounted("<p>Medel 4,25 av 12 svar, 2 påståenden; 9,99</p>", led, [])
    ['9,99']
    >>> unaccounted("<p>Omgång 2026, data inlästa 2026-11-30</p>", led, ["2026"])  # a wave named by its year
    []
    """
    values = sorted({abs(float(e["value"])) for e in entries if isinstance(e.get("value"), (int, float))})
    allowed = {float(x) for x in structural}
    text = _structural(html_lib.unescape(visible_text(page)), words)
    rounded: dict[int, set[float]] = {}
    missing = []
    for token in _NUMBER.findall(text):
        t = token.replace("−", "-").replace(",", ".")
        decimals = len(t.split(".")[1]) if "." in t else 0
        v = abs(float(t))
        if decimals == 0 and v in allowed:
            continue
        if decimals not in rounded:
            rounded[decimals] = {_half_up(x, decimals) for x in values}
        if round(v, decimals) not in rounded[decimals]:
            missing.append(token)
    return missing
