"""Measures in the reports: a run or control chart per measure of a unit, with what it says.

:func:`measure_section` is the measures section of the municipality and improvement-log
reports (empty when the unit has no measures); :class:`MeasuresReport` is the standalone
report of ``notebooks/measures_report.ipynb``.

Which chart: a series with a numerator and a denominator is a p chart (a share: every
numerator at most its denominator) or a u chart (a rate); a series of values is an I chart
from 20 points on and a run chart below that (too few points to estimate limits well).
Kolada series are charted for both genders together (``T``). When the series has phases
(``phase``: baseline, change), each phase is a part of the chart with its own centre line
and limits, and the runs analysis is also made against the first phase's centre line
(frozen baseline) to say whether the change shows as more than chance. The chart shows that
same analysis (the baseline's centre line and limits carried on, each phase's start marked),
so the sentence, the chart and its alt text tell one story.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from tuffkit.names import find_name
from tuffkit.processed import read_processed_measures
from tuffkit.report import plots
from tuffkit.report.html import Section, bullet_list, esc, section, source_files_table
from tuffkit.report.tables import Lang, check_lang, format_number
from tuffkit.spc import QicResult, qic

__all__ = ["measure_section", "chart_for", "measure_charts", "MeasuresReport", "MEASURE_TEXTS"]

MEASURE_TEXTS: dict[str, dict[str, str]] = {
    "measures": {"sv": "Mätningar över tid", "en": "Measures over time"},
    "intro": {"sv": "Är förändringen en slump eller en trend? Seriediagram och styrdiagram med Anhøjs regler "
                    "skiljer en verklig förändring från slumpens variation.",
              "en": "Is the change chance or a trend? Run charts and control charts with the Anhøj rules tell "
                    "real change from random variation."},
    "signal": {"sv": "{m}: icke-slumpmässig variation – något har förändrats.",
               "en": "{m}: non-random variation – something has changed."},
    "no_signal": {"sv": "{m}: variationen ser slumpmässig ut; ingen säker förändring.",
                  "en": "{m}: the variation looks random; no certain change."},
    "shift": {"sv": "{m}: jämfört med baslinjens mittlinje ({b}) visar serieanalysen en förändring efter "
                    "att förändringsarbetet började (den senaste fasens nivå: {a}).",
              "en": "{m}: against the baseline's centre line ({b}) the runs analysis shows a change after the "
                    "improvement started (the latest phase's level: {a})."},
    "no_shift": {"sv": "{m}: jämfört med baslinjen ({b}) syns ännu ingen säker förändring (den senaste fasens "
                       "nivå: {a}).",
                 "en": "{m}: against the baseline ({b}) no certain change shows yet (the latest phase's level: "
                       "{a})."},
    "outside": {"sv": "{k} punkter utanför styrgränserna.", "en": "{k} points outside the control limits."},
    "title": {"sv": "Mätningar: {u}", "en": "Measures: {u}"},
    "subtitle": {"sv": "{k} mått, {a}–{b}.", "en": "{k} measures, {a}–{b}."},
    "synthetic": {"sv": "Syntetiska exempeldata – inte verkliga mätningar. Rapporten visar hur verktyget fungerar.",
                  "en": "Synthetic example data – not real measurements. The report shows how the tool works."},
    "summary": {"sv": "Sammanfattning", "en": "Summary"},
    "method": {"sv": "Om underlaget", "en": "About the data"},
    "method_text": {
        "sv": "Seriediagram: mittlinjen är medianen. Styrdiagram (I, p, u): mittlinjen är medelvärdet, "
              "styrgränserna ligger tre standardavvikelser från den. Serieanalys enligt Anhøj: en för lång "
              "serie på samma sida om mittlinjen (längre än avrundad log2(n) + 3) eller för få korsningar "
              "(färre än 5:e percentilen i Binomial(n − 1; 0,5)) tyder på en icke-slumpmässig förändring; "
              "punkter på mittlinjen räknas inte.",
        "en": "Run chart: the centre line is the median. Control charts (I, p, u): the centre line is the "
              "mean and the limits lie three standard deviations from it. Anhøj's runs analysis: a run on one "
              "side of the centre line longer than round(log2(n)) + 3, or fewer crossings than the 5th "
              "percentile of Binomial(n − 1, 0.5), suggests non-random change; points on the centre line do "
              "not count."},
    "none": {"sv": "Inga mätningar för {u}.", "en": "No measures for {u}."},
}


def _t(key: str, lang: Lang, **kw: Any) -> str:
    return MEASURE_TEXTS[key][lang].format(**{k: esc(v) for k, v in kw.items()})


def chart_for(series: pd.DataFrame) -> str:
    """The chart for one measure's series (see the module docstring).

    Examples
    --------
    >>> chart_for(pd.DataFrame({"value": range(25), "numerator": None, "denominator": None}))
    'i'
    >>> chart_for(pd.DataFrame({"value": None, "numerator": [3, 4], "denominator": [10, 12]}))
    'p'
    """
    rate = series["numerator"].notna() & series["denominator"].notna()
    if len(series) and rate.all():
        return "p" if (series["numerator"] <= series["denominator"]).all() else "u"
    return "i" if series["value"].notna().sum() >= 20 else "run"


def measure_charts(data: pd.DataFrame, unit: str) -> list[tuple[str, str, QicResult, QicResult | None]]:
    """``(measure, chart, result, frozen)`` per measure of ``unit``: the chart split by phase,
    and the same series against the first phase's frozen centre line (None without phases)."""
    d = data[(data["unit"] == unit) & (data["gender"].isna() | (data["gender"] == "T"))]
    out = []
    for measure, s in d.groupby("measure", sort=True):
        s = s.sort_values("period_start").reset_index(drop=True)
        chart = chart_for(s)
        kw: dict[str, Any] = ({"y": "numerator", "n": "denominator"} if chart in ("p", "u") else {"y": "value"})
        # a phase written only where it starts holds until the next one
        phases = s["phase"].astype("object").ffill().fillna("").astype(str)
        has_phases = phases.nunique() > 1
        res = qic(s.assign(_phase=phases), x="period", chart=chart, part="_phase" if has_phases else None,
                  **kw)
        frozen = None
        if has_phases:
            first = phases == phases.iloc[0]
            k = int(s.loc[first.cumprod().astype(bool), "period"].nunique())  # points, not rows
            frozen = qic(s, x="period", chart=chart, freeze=k, **kw)
        out.append((str(measure), chart, res, frozen))
    return out


def _figures(data: pd.DataFrame, unit: str, lang: Lang) -> tuple[list[str], list[str]]:
    """The summary sentences and the chart figures (HTML) of ``unit``'s measures."""
    texts, figs = [], []
    for measure, chart, res, frozen in measure_charts(data, unit):
        percent = chart == "p"
        scale = 100 if percent else 1

        def num(x: float, scale: int = scale, percent: bool = percent) -> str:
            return format_number(x * scale, lang, 1) + ((" %" if lang == "sv" else "%") if percent else "")

        if frozen is not None:
            base = frozen.summary.iloc[0]
            now = res.summary.iloc[-1]
            key = "shift" if bool(base["runs_signal"]) else "no_shift"
            texts.append(_t(key, lang, m=measure, b=num(base["cl"]), a=num(now["cl"])))
        else:
            key = "signal" if bool(res.summary["runs_signal"].any()) else "no_signal"
            texts.append(_t(key, lang, m=measure))
        outside = int((frozen if frozen is not None else res).summary["sigma_signal"].sum())
        if chart != "run" and outside:
            texts[-1] += " " + _t("outside", lang, k=outside)
        # the chart is the analysis the sentence tells: with phases, the whole series against the
        # baseline's frozen centre line and limits, the phases marked where they start
        shown = frozen if frozen is not None else res
        marks = None
        if "part_label" in res.frame:  # where each phase starts, named by its phase
            starts = res.frame.index[res.frame["part"].ne(res.frame["part"].shift())].to_numpy()
            marks = [(int(i), str(res.frame["part_label"].iloc[i])) for i in starts[1:]]
        fig = plots.spc_chart(shown, lang=lang, title=f"{measure}, {unit}", ylabel="%" if percent else "",
                              percent=percent, marks=marks, frozen=frozen is not None)
        figs.append(fig._repr_html_())
    return texts, figs


def measure_section(folder: str | Path | pd.DataFrame, unit: str, lang: Lang = "sv", key: str = "measures") -> Section:
    """The measures section for ``unit``: an empty section when there are no measures for it
    (or no ``measures.parquet`` in ``folder``), so every report can call it."""
    lang = check_lang(lang)  # type: ignore[assignment]
    if isinstance(folder, pd.DataFrame):
        data = folder
    else:
        found = read_processed_measures(folder, required=False)
        if found is None:
            return Section("")
        data = found[0]
    if not (data["unit"] == unit).any():
        return Section("")
    texts, figs = _figures(data, unit, lang)
    body = f"<p>{_t('intro', lang)}</p>" + bullet_list(texts) + "".join(figs)
    return section(key, _t("measures", lang), body)


class MeasuresReport:
    """The standalone measures report for one unit (a care home, a team, a municipality).

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit.ingest.measures import read_measures, write_measures
    >>> from tuffkit.config import RAW_DIR
    >>> out = tempfile.mkdtemp(); _ = write_measures(read_measures(RAW_DIR / "measures"), out)
    >>> rep = MeasuresReport(out, "norrtull")
    >>> rep.unit, "Nattfasta" in rep.summary().html
    ('Norrtull', True)
    """

    def __init__(self, data: str | Path, unit: str, lang: Lang = "sv", title: str = "") -> None:
        self.lang: Lang = check_lang(lang)  # type: ignore[assignment]
        self.folder = Path(data)
        self.data, self.meta = read_processed_measures(self.folder)  # type: ignore[misc]
        units = sorted(str(u) for u in self.data["unit"].dropna().unique())
        self.unit = find_name(unit, units, what="unit", where=str(self.folder / "measures.parquet"))
        self.mine = self.data[self.data["unit"] == self.unit]
        self.title = title or MEASURE_TEXTS["title"][self.lang].format(u=self.unit)  # escaped once, when shown
        self._texts, self._figs = _figures(self.data, self.unit, self.lang)

    def header(self) -> Section:
        """The title, the measures and their period, and a banner when the data is synthetic."""
        first, last = self.mine["period"].min(), self.mine["period"].max()
        sub = _t("subtitle", self.lang, k=self.mine["measure"].nunique(), a=first, b=last)
        synthetic = any(f.get("synthetic") for f in self.meta.get("files", []))
        banner = (f'<p class="tk-banner" role="note"><strong>{_t("synthetic", self.lang)}</strong></p>'
                  if synthetic else "")
        return Section(f'<header class="tk-header"><h1>{esc(self.title)}</h1><p>{sub}</p>{banner}</header>')

    def summary(self) -> Section:
        """One sentence per measure: chance or change."""
        return section("summary", _t("summary", self.lang), bullet_list(self._texts))

    def charts(self) -> Section:
        """A run or control chart per measure."""
        return section("measures", _t("measures", self.lang), f"<p>{_t('intro', self.lang)}</p>"
                        + "".join(self._figs))

    def method(self) -> Section:
        """The rules, and the source files this unit's series come from."""
        used = set(self.mine["source_file"].astype(str))
        table = source_files_table([f for f in self.meta.get("files", []) if f.get("file") in used], self.lang)
        return section("method", _t("method", self.lang),
                        f'<div class="tk-method"><p>{_t("method_text", self.lang)}</p>{table}</div>')
