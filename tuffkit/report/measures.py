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
so the sentence, the chart and its alt text tell one story, and so do the variation and assurance
icons (:mod:`tuffkit.spc.verdict`), from the file's direction of improvement and target.

A unit's charts carry the improvement log's PDSA tests, escalations to the leadership team
and decisions as dated markers (counts only; no text from the log), when the processed folder
holds the log. :func:`overview_table` is one table of measures × units with the latest value,
the icons and a link to each chart: at the top of the measures section and of the measures
report, and, over every unit, on the index page of a run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from tuffkit.errors import InputFileError
from tuffkit.names import find_name, slugify
from tuffkit.processed import read_processed_log, read_processed_measures
from tuffkit.report import plots
from tuffkit.report.html import Section, bullet_list, cards, esc, section, source_files_table
from tuffkit.report.tables import Lang, check_lang, format_number
from tuffkit.spc import ASSURANCE, COLOURS, VARIATION, QicResult, qic

__all__ = ["measure_section", "chart_for", "measure_charts", "MeasureChart", "MeasuresReport", "MEASURE_TEXTS",
           "log_events", "overview_table", "verdict_icon"]

MEASURE_TEXTS: dict[str, dict[str, str]] = {
    "measures": {"sv": "Mätningar över tid", "en": "Measures over time"},
    "intro": {"sv": "Är förändringen en slump eller en verklig förändring? Seriediagram och styrdiagram med "
                    "reglerna från NHS Making Data Count skiljer en verklig förändring från slumpens variation.",
              "en": "Is the change chance or real? Run charts and control charts with the rules of NHS Making "
                    "Data Count tell real change from random variation."},
    "signal": {"sv": "{m}: reglerna flaggar punkter – något har förändrats.",
               "en": "{m}: the rules flag points – something has changed."},
    "no_signal": {"sv": "{m}: variationen ser slumpmässig ut; ingen säker förändring.",
                  "en": "{m}: the variation looks random; no certain change."},
    "shift": {"sv": "{m}: jämfört med baslinjens mittlinje ({b}) flaggar reglerna punkter efter att "
                    "förändringsarbetet började (den senaste fasens nivå: {a}).",
              "en": "{m}: against the baseline's centre line ({b}) the rules flag points after the improvement "
                    "started (the latest phase's level: {a})."},
    "no_shift": {"sv": "{m}: jämfört med baslinjen ({b}) syns ännu ingen säker förändring (den senaste fasens "
                       "nivå: {a}).",
                 "en": "{m}: against the baseline ({b}) no certain change shows yet (the latest phase's level: "
                       "{a})."},
    "verdict": {"sv": "Variation: {v}.", "en": "Variation: {v}."},
    "assured": {"sv": "Målet {t}: {a}.", "en": "The target {t}: {a}."},
    "overview": {"sv": "Översikt över måtten", "en": "Overview of the measures"},
    "overview_intro": {"sv": "En rad per mått: det senaste värdet, om variationen är slumpmässig eller har en "
                             "särskild orsak (och åt vilket håll, när filen anger vilket håll som är bättre) och, "
                             "med ett mål, om processen når det. Symbolerna har bokstäver, så de går att läsa "
                             "utan färg.",
                       "en": "One row per measure: the latest value, whether its variation is common cause or has "
                             "a special cause (and which way, when the file says which way is better) and, with a "
                             "target, whether the process meets it. The icons carry letters, so they read without "
                             "colour."},
    "col_unit": {"sv": "Enhet", "en": "Unit"}, "col_measure": {"sv": "Mått", "en": "Measure"},
    "col_latest": {"sv": "Senast", "en": "Latest"}, "col_value": {"sv": "Värde", "en": "Value"},
    "col_variation": {"sv": "Variation", "en": "Variation"}, "col_target": {"sv": "Mål", "en": "Target"},
    "col_assurance": {"sv": "Måluppfyllelse", "en": "Assurance"}, "col_chart": {"sv": "Diagram", "en": "Chart"},
    "chart_link": {"sv": "Visa diagrammet", "en": "See the chart"},
    "no_target": {"sv": "inget mål", "en": "no target"},
    "no_limits": {"sv": "kräver styrgränser", "en": "needs control limits"},
    "title": {"sv": "Mätningar: {u}", "en": "Measures: {u}"},
    "subtitle": {"sv": "{k} mått, {a}–{b}.", "en": "{k} measures, {a}–{b}."},
    "synthetic": {"sv": "Syntetiska exempeldata – inte verkliga mätningar. Rapporten visar hur verktyget fungerar.",
                  "en": "Synthetic example data – not real measurements. The report shows how the tool works."},
    "summary": {"sv": "Sammanfattning", "en": "Summary"},
    "method": {"sv": "Om underlaget", "en": "About the data"},
    "method_text": {
        "sv": "Seriediagram (färre än 20 punkter): mittlinjen är medianen. Styrdiagram (I, p, u): mittlinjen är "
              "medelvärdet och styrgränserna ligger tre standardavvikelser från den; i I-diagrammet är det "
              "medelvärdet ± 2,66 gånger den genomsnittliga skillnaden mellan två punkter i rad. Reglerna är "
              "NHS Making Data Counts, så som R-paketet NHSRplotthedots 0.2.2 tillämpar dem (tuffkits utslag är "
              "kontrollerade mot paketets): en punkt utanför styrgränserna; 2 av 3 punkter i rad nära en "
              "styrgräns (bortom två tredjedelar av avståndet dit) på samma sida om mittlinjen; 7 punkter i rad "
              "som stiger eller faller; 7 punkter i rad på samma sida om mittlinjen (en punkt på linjen bryter "
              "serien). Vi använder dem för att varje regel flaggar punkter på en bestämd sida: riktningen på en "
              "signal är sidan där dess punkter ligger. (Anhøjs regel om för få korsningar gäller hela serien "
              "och säger inte åt vilket håll.) Variationen bedöms på den senaste punkten: förbättring eller "
              "försämring när en regel flaggar den, efter det håll filen anger som bättre. Målet nås varje gång "
              "när det ligger bortom styrgränsen på den sämre sidan och aldrig när det ligger bortom gränsen på "
              "den bättre sidan, mätt mot den senaste fasens egna styrgränser (processen som den går nu).",
        "en": "Run chart (fewer than 20 points): the centre line is the median. Control charts (I, p, u): the "
              "centre line is the mean and the limits lie three standard deviations from it; on the I chart "
              "the mean ± 2.66 times the average difference between two points in a row. The rules are NHS "
              "Making Data Count's, as the R package NHSRplotthedots 0.2.2 applies them (tuffkit's verdicts are "
              "checked against the package's): a point outside the limits; 2 of 3 points in a row close to a "
              "limit (beyond two thirds of the way to it) on one side of the centre line; 7 points in a row "
              "rising or falling; 7 points in a row on one side of the centre line (a point on the line breaks "
              "the run). We use them because every rule flags points on a definite side: a signal's direction "
              "is the side its points lie on. (Anhøj's rule of too few crossings belongs to the whole series "
              "and does not say which way.) The variation is judged on the latest point: improvement or concern "
              "when a rule flags it, by the direction the file gives as better. The target is met every time "
              "when it lies beyond the limit on the worse side and never when it lies beyond the limit on the "
              "better side, against the latest phase's own limits (the process as it runs now)."},
    "none": {"sv": "Inga mätningar för {u}.", "en": "No measures for {u}."},
}


def _t(key: str, lang: Lang, **kw: Any) -> str:
    return MEASURE_TEXTS[key][lang].format(**{k: esc(v) for k, v in kw.items()})


#: the rule set of every chart in the reports: Making Data Count's, whose verdicts are checked against
#: NHSRplotthedots (tests/spc/test_nhsrplotthedots.py); every signal has the side of its points
RULES = "mdc"


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


class MeasureChart(NamedTuple):
    """One measure of one unit: the chart split by phase (``res``), the same series against the
    first phase's frozen centre line (``frozen``, None without phases), the direction of
    improvement and the latest target from the file, and the point dates."""

    unit: str
    measure: str
    chart: str
    res: QicResult
    frozen: QicResult | None
    improvement: str | None
    target: float | None
    starts: pd.Series

    @property
    def shown(self) -> QicResult:
        """The analysis the chart, its sentence and its icons show."""
        return self.frozen if self.frozen is not None else self.res

    @property
    def variation(self) -> str:
        """The variation verdict of the analysis shown (the change against the baseline, with phases)."""
        return str(self.shown.verdict["variation"].iloc[0])

    @property
    def assurance(self) -> str | None:
        """The assurance verdict against the latest phase's own limits: whether the process as it
        runs now meets the target (None without a target, a direction or limits)."""
        a = self.res.verdict["assurance"].iloc[0]
        return a if isinstance(a, str) else None

    @property
    def anchor(self) -> str:
        """The id of the chart in its report."""
        return "matt-" + slugify(f"{self.unit}-{self.measure}")


def measure_charts(data: pd.DataFrame, unit: str) -> list[MeasureChart]:
    """One :class:`MeasureChart` per measure of ``unit``, in the measures' order."""
    d = data[(data["unit"] == unit) & (data["gender"].isna() | (data["gender"] == "T"))]
    out = []
    for measure, s in d.groupby("measure", sort=True):
        s = s.sort_values("period_start").reset_index(drop=True)
        chart = chart_for(s)
        directions = s["improvement"].dropna().unique() if "improvement" in s else []
        improvement = str(directions[0]) if len(directions) == 1 else None
        has_target = "target" in s and s["target"].notna().any()
        kw: dict[str, Any] = ({"y": "numerator", "n": "denominator"} if chart in ("p", "u") else {"y": "value"})
        kw.update(improvement=improvement, target="target" if has_target else None)
        # a phase written only where it starts holds until the next one
        phases = s["phase"].astype("object").ffill().fillna("").astype(str)
        has_phases = phases.nunique() > 1
        res = qic(s.assign(_phase=phases), x="period", chart=chart, part="_phase" if has_phases else None,
                  rules=RULES, **kw)
        frozen = None
        if has_phases:
            first = phases == phases.iloc[0]
            k = int(s.loc[first.cumprod().astype(bool), "period"].nunique())  # points, not rows
            frozen = qic(s, x="period", chart=chart, freeze=k, rules=RULES, **kw)
        target = float(s["target"].dropna().iloc[-1]) if has_target else None
        starts = s.groupby("period", sort=True)["period_start"].first().reset_index(drop=True)
        out.append(MeasureChart(unit, str(measure), chart, res, frozen, improvement, target, starts))
    return out


def log_events(entries: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The improvement log's dated events of ``unit``: one row per PDSA test (``test``, its
    creation date), escalation to the leadership team (``escalated``) and decision (``decided``),
    with ``date`` and ``kind``; no text from the log.

    Examples
    --------
    >>> e = pd.DataFrame({"unit": ["A", "A", "B"], "kind": ["test", "obstacle", "test"],
    ...                   "created": pd.to_datetime(["2021-03-04", "2021-01-02", "2021-05-06"]),
    ...                   "escalated": pd.to_datetime([None, "2021-02-01", None]),
    ...                   "decided": pd.to_datetime([None, "2021-04-01", None])})
    >>> log_events(e, "A").to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'date': Timestamp('2021-02-01 00:00:00'), 'kind': 'escalated'},
     {'date': Timestamp('2021-03-04 00:00:00'), 'kind': 'test'},
     {'date': Timestamp('2021-04-01 00:00:00'), 'kind': 'decided'}]
    """
    mine = entries[entries["unit"] == unit]
    parts = [pd.DataFrame({"date": mine.loc[mine["kind"] == "test", "created"], "kind": "test"}),
             pd.DataFrame({"date": mine["escalated"].dropna(), "kind": "escalated"}),
             pd.DataFrame({"date": mine["decided"].dropna(), "kind": "decided"})]
    ev = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame({"date": pd.Series(dtype="datetime64[ms]"), "kind": pd.Series(dtype="object")})
    ev = ev.dropna(subset=["date"])
    return ev.sort_values(["date", "kind"], kind="stable").reset_index(drop=True)


def _event_points(events: pd.DataFrame, starts: pd.Series) -> list[tuple[int, str, int]]:
    """``(point, kind, count)``: each event on the point whose period holds its date (from the
    point's start to the next one's; the last point's period as long as the one before)."""
    if not len(events) or len(starts) < 2:
        return []
    st = pd.to_datetime(starts).to_numpy()
    end = st[-1] + (st[-1] - st[-2])
    dates = pd.to_datetime(events["date"]).to_numpy()
    inside = (dates >= st[0]) & (dates < end)
    at = np.searchsorted(st, dates[inside], side="right") - 1
    counts = pd.DataFrame({"at": at, "kind": events["kind"].to_numpy()[inside]}).value_counts(sort=False)
    return [(int(a), str(k), int(c)) for (a, k), c in counts.sort_index().items()]


_ICON_COLOURS = {**COLOURS, "common": "#595959", "pass": COLOURS["improvement"], "fail": COLOURS["concern"],
                 "hit_and_miss": "#595959"}


def verdict_icon(kind: str, key: str | None, lang: Lang, side: str | None = None) -> str:
    """A verdict as an icon with its letter and its words: a circle for variation, a square for
    assurance (shape and text, not colour alone); an improvement or a concern shows H or L, the
    ``side`` of the signal.

    >>> "Förbättring" in verdict_icon("variation", "improvement", "sv", "low")
    True
    """
    table = VARIATION if kind == "variation" else ASSURANCE
    if key is None or key not in table:
        return "–"
    words, mark, fill = table[key][lang], table[key]["mark"], _ICON_COLOURS[key]
    if mark == "H/L":
        mark = {"high": "H", "low": "L"}.get(side or "", "S")
    shape = ('<circle cx="11" cy="11" r="10"' if kind == "variation"
             else '<rect x="1.5" y="1.5" width="19" height="19" rx="3"') + f' fill="{fill}"/>'
    return (f'<span class="tk-verdict"><svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" '
            f'focusable="false">{shape}<text x="11" y="15.5" text-anchor="middle" font-size="13" font-weight="700" '
            f'fill="#fff" font-family="sans-serif">{esc(mark)}</text></svg>{esc(words)}</span>')


def _num(mc: MeasureChart, value: float | None, lang: Lang) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    if mc.chart == "p":
        return format_number(value * 100, lang, 1) + (" %" if lang == "sv" else "%")
    return format_number(value, lang, 1)


def overview_table(charts: Sequence[MeasureChart], lang: Lang, href: Callable[[MeasureChart], str | None],
                   with_unit: bool = True) -> str:
    """One table of ``charts``: unit, measure, the latest period and value, the variation icon,
    the target and the assurance icon, and a link to the chart (``href``; none when it gives None)."""
    from tuffkit.spc.explain import x_label

    heads = [*(["col_unit"] if with_unit else []), "col_measure", "col_latest", "col_value", "col_variation",
             "col_target", "col_assurance", "col_chart"]
    rows = []
    for mc in charts:
        v = mc.shown.verdict.iloc[0]
        link = href(mc)
        if mc.target is None:
            assurance = esc(_t("no_target", lang))
        elif mc.assurance is None:
            assurance = esc(_t("no_limits", lang)) if mc.improvement else "–"
        else:
            assurance = verdict_icon("assurance", mc.assurance, lang)
        link_html = f'<a href="{esc(link)}">{_t("chart_link", lang)}</a>' if link else "–"
        cells = [*([f'<th scope="row">{esc(mc.unit)}</th>'] if with_unit else []),
                 (f"<td>{esc(mc.measure)}</td>" if with_unit else f'<th scope="row">{esc(mc.measure)}</th>'),
                 f"<td>{esc(x_label(v['x'], lang))}</td>", f'<td class="tk-num">{_num(mc, v["y"], lang)}</td>',
                 f"<td>{verdict_icon('variation', mc.variation, lang, v['side'])}</td>",
                 f'<td class="tk-num">{_num(mc, mc.target, lang)}</td>', f"<td>{assurance}</td>",
                 f"<td>{link_html}</td>"]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        return ""
    title = _t("overview", lang)
    head = "".join(f'<th scope="col">{_t(h, lang)}</th>' for h in heads)
    # on a phone one card per measure, its value and variation first under its name
    key = ((1,) if with_unit else ()) + tuple(k + with_unit for k in (2, 3))
    table = cards(f'<table class="tk-table tk-measures"><caption>{title}</caption><thead><tr>{head}</tr></thead>'
                  f"<tbody>{''.join(rows)}</tbody></table>", key=key)
    return f'<div class="tk-scroll" role="region" tabindex="0" aria-label="{title}">{table}</div>'



def _lower(words: str) -> str:
    """A verdict's words after a colon: lower case first letter."""
    return words[:1].lower() + words[1:]


def _log_entries(folder: str | Path | None) -> pd.DataFrame | None:
    if folder is None or not (Path(folder) / "project_log.parquet").exists():
        return None
    try:
        return read_processed_log(folder).entries
    except InputFileError:
        return None


def _figures(data: pd.DataFrame, unit: str, lang: Lang, entries: pd.DataFrame | None = None
             ) -> tuple[list[MeasureChart], list[str], list[str]]:
    """The charts, the summary sentences and the chart figures (HTML) of ``unit``'s measures."""
    charts = measure_charts(data, unit)
    events = log_events(entries, unit) if entries is not None else None
    texts, figs = [], []
    for mc in charts:
        res, frozen = mc.res, mc.frozen
        percent = mc.chart == "p"
        scale = 100 if percent else 1

        def num(x: float, scale: int = scale, percent: bool = percent) -> str:
            return format_number(x * scale, lang, 1) + ((" %" if lang == "sv" else "%") if percent else "")

        if frozen is not None:
            base = frozen.summary.iloc[0]
            now = res.summary.iloc[-1]
            after = ~frozen.frame["baseline"].to_numpy(dtype=bool)
            key = "shift" if bool(frozen.frame["signal"].to_numpy(dtype=bool)[after].any()) else "no_shift"
            text = _t(key, lang, m=mc.measure, b=num(base["cl"]), a=num(now["cl"]))
        else:
            key = "signal" if res.summary["signals"].ne("").any() else "no_signal"
            text = _t(key, lang, m=mc.measure)
        shown = mc.shown
        said = shown.sentences(lang)
        if shown.summary["signals"].ne("").any():  # what the rules found (a quiet series is said above)
            text += " " + " ".join(esc(s) for s in said["sentence"])
        if mc.variation != "common":
            text += " " + _t("verdict", lang, v=_lower(VARIATION[mc.variation][lang]))
        if mc.target is not None and mc.assurance is not None:
            text += " " + _t("assured", lang, t=num(mc.target), a=_lower(ASSURANCE[mc.assurance][lang]))
        texts.append(text)
        # the chart is the analysis the sentence tells: with phases, the whole series against the
        # baseline's frozen centre line and limits, the phases marked where they start
        marks = None
        if "part_label" in res.frame:  # where each phase starts, named by its phase
            starts = res.frame.index[res.frame["part"].ne(res.frame["part"].shift())].to_numpy()
            marks = [(int(i), str(res.frame["part_label"].iloc[i])) for i in starts[1:]]
        points = _event_points(events, mc.starts) if events is not None else None
        fig = plots.spc_chart(shown, lang=lang, title=f"{mc.measure}, {unit}", ylabel="%" if percent else "",
                              percent=percent, marks=marks, frozen=frozen is not None, events=points)
        figs.append(f'<div id="{esc(mc.anchor)}">{fig._repr_html_()}</div>')
    return charts, texts, figs


def measure_section(folder: str | Path | pd.DataFrame, unit: str, lang: Lang = "sv", key: str = "measures") -> Section:
    """The measures section for ``unit``: an overview of its measures, a sentence and a chart per
    measure (with the improvement log's events when ``folder`` holds the log); an empty section
    when there are no measures for it (or no ``measures.parquet`` in ``folder``), so every
    report can call it."""
    lang = check_lang(lang)  # type: ignore[assignment]
    if isinstance(folder, pd.DataFrame):
        data, entries = folder, None
    else:
        found = read_processed_measures(folder, required=False)
        if found is None:
            return Section("")
        data, entries = found[0], _log_entries(folder)
    if not (data["unit"] == unit).any():
        return Section("")
    charts, texts, figs = _figures(data, unit, lang, entries)
    table = overview_table(charts, lang, lambda mc: "#" + mc.anchor, with_unit=False)
    body = f"<p>{_t('intro', lang)}</p>" + table + bullet_list(texts) + "".join(figs)
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
        self._charts, self._texts, self._figs = _figures(self.data, self.unit, self.lang, _log_entries(self.folder))

    def header(self) -> Section:
        """The title, the measures and their period, and a banner when the data is synthetic."""
        first, last = self.mine["period"].min(), self.mine["period"].max()
        sub = _t("subtitle", self.lang, k=self.mine["measure"].nunique(), a=first, b=last)
        synthetic = any(f.get("synthetic") for f in self.meta.get("files", []))
        banner = (f'<p class="tk-banner" role="note"><strong>{_t("synthetic", self.lang)}</strong></p>'
                  if synthetic else "")
        return Section(f'<header class="tk-header"><h1>{esc(self.title)}</h1><p>{sub}</p>{banner}</header>')

    def overview(self) -> Section:
        """One row per measure: the latest value, the variation and assurance icons, a link to the chart."""
        return section("overview", _t("overview", self.lang), f"<p>{_t('overview_intro', self.lang)}</p>"
                       + overview_table(self._charts, self.lang, lambda mc: "#" + mc.anchor, with_unit=False))

    def summary(self) -> Section:
        """One sentence per measure: chance or change, what the rules found, and the verdicts."""
        return section("summary", _t("summary", self.lang), bullet_list(self._texts))

    def charts(self) -> Section:
        """A run or control chart per measure."""
        return section("measures", _t("measures", self.lang), f"<p>{_t('intro', self.lang)}</p>"
                        + "".join(self._figs))

    def method(self) -> Section:
        """The rules, and the source files this unit's series come from."""
        used = set(self.mine["source_file"].astype(str))
        table = source_files_table([f for f in self.meta.get("files", []) if f.get("file") in used], self.lang,
                                   self.folder)
        return section("method", _t("method", self.lang),
                        f'<div class="tk-method"><p>{_t("method_text", self.lang)}</p>{table}</div>')
