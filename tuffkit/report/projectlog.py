"""The improvement-log report for one unit's leadership: each method returns one section.

A report notebook holds a ``parameters`` cell and one call per section::

    rep = ProjectLogReport("data/processed", "Norrtull", lang="sv")
    rep.header()
    rep.summary()
    rep.activity()
    ...

Privacy: the free text of the log (descriptions and the text of LT's decisions) can
name residents or staff, so it never reaches the report unless ``show_descriptions=True``
is asked for. Titles are shown only when asked for (``show_titles=True``, or the study's
``log_titles: true``), and a title in which :mod:`tuffkit.personnames` finds a personal name
never is: :meth:`ProjectLogReport.entry_title` names an entry by its kind and id instead
(issue 23). Every value from the data is HTML-escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tuffkit import projectlog
from tuffkit.personnames import has_name
from tuffkit.processed import ProcessedLog, read_processed_log
from tuffkit.report import plots
from tuffkit.report.html import Section, bullet_list, esc, section, source_files_table
from tuffkit.report.measures import measure_section
from tuffkit.report.tables import Lang, check_lang, format_number, plural
from tuffkit.spc import qic
from tuffkit.study import read_study
from tuffkit.tidy import KINDS

__all__ = ["ProjectLogReport", "LOG_TEXTS", "RUN_CHART_MIN_MONTHS", "study_log_titles"]

#: display labels of the canonical codes
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "sv": {
        "kind": {"idea": "Idé", "obstacle": "Hinder", "test": "Test", "stop_doing": "Sluta göra",
                 "learning": "Lärdom"},
        "origin": {"staff": "Medarbetare", "resident": "Boende", "relative": "Anhörig", "manager": "Chef",
                   "development_team": "Utvecklingsteam"},
        "stage": {"scope": "Ringa in", "explore": "Undersöka", "focus": "Fokusera", "ideate": "Ta fram idéer",
                  "test": "Testa idéer", "implement": "Införa"},
        "status": {"open": "Öppen", "in_progress": "Pågår", "implemented": "Infört", "stopped": "Stoppad",
                   "rejected": "Avslagen"},
        "team": {"VT": "VT", "UT": "UT", "LT": "LT"},
    },
    "en": {
        "kind": {"idea": "Idea", "obstacle": "Obstacle", "test": "Test", "stop_doing": "Stop doing",
                 "learning": "Learning"},
        "origin": {"staff": "Staff", "resident": "Resident", "relative": "Relative", "manager": "Manager",
                   "development_team": "Development team"},
        "stage": {"scope": "Scope", "explore": "Explore", "focus": "Focus", "ideate": "Generate ideas",
                  "test": "Test ideas", "implement": "Implement"},
        "status": {"open": "Open", "in_progress": "In progress", "implemented": "Implemented",
                   "stopped": "Stopped", "rejected": "Rejected"},
        "team": {"VT": "VT", "UT": "UT", "LT": "LT"},
    },
}

#: columns of the tidy log that name people, whose names are looked for in the titles (none of the canonical
#: columns does today: ``origin`` holds roles); a log frame that has one passes its names to the detector
PEOPLE_COLUMNS = ("responsible", "owner", "author", "reported_by", "contact")

#: a run chart of monthly counts needs this many months (Anhøj's rules are defined from 10 useful points)
RUN_CHART_MIN_MONTHS = 10

LOG_TEXTS: dict[str, dict[str, str]] = {
    "title": {"sv": "Systematiskt förbättringsarbete: {u}", "en": "Systematic improvement work: {u}"},
    "subtitle": {"sv": "Förbättringsloggen {a}–{b}. Data inlästa {d}.",
                 "en": "The improvement log {a}–{b}. Data read {d}."},
    "synthetic": {"sv": "Syntetiska exempeldata – inte verkliga ärenden. Rapporten visar hur verktyget fungerar.",
                  "en": "Synthetic example data – not real entries. The report shows how the tool works."},
    "summary": {"sv": "Sammanfattning", "en": "Summary"},
    "counts": {"sv": "Sedan {a} har {u} loggat {parts}.", "en": "Since {a}, {u} has logged {parts}."},
    "and": {"sv": "och", "en": "and"},
    "nothing": {"sv": "Loggen har inga poster för {u}.", "en": "The log has no entries for {u}."},
    "cocreation": {"sv": "Medskapande: {p} av idéerna ({k} av {n}) kom från boende eller anhöriga, {s} från "
                         "medarbetare.",
                   "en": "Co-creation: {p} of the ideas ({k} of {n}) came from residents or relatives, {s} from "
                         "staff."},
    "implemented": {"sv": "{p} av idéerna har införts ({k} av {n}).",
                    "en": "{p} of the ideas have been implemented ({k} of {n})."},
    "lt_speed": {"sv": "Hinder som lyfts till ledningsteamet fick beslut på {m} dagar i median ({ci}; {n} hinder, "
                       "{w}).",
                 "en": "Obstacles escalated to the leadership team had a decision in a median of {m} days ({ci}; "
                       "{n} obstacles, {w})."},
    "lt_open": {"sv": "Mer än hälften av de {n} hinder som lyfts till ledningsteamet väntar fortfarande på beslut "
                      "({w}): det går ännu inte att ange någon mediantid.",
                "en": "More than half of the {n} obstacles escalated to the leadership team are still waiting for "
                      "a decision ({w}): no median time can be given yet."},
    "lt_ci": {"sv": "95 % konfidensintervall {a}–{b} dagar", "en": "95 % confidence interval {a}–{b} days"},
    "lt_ci_open": {"sv": "95 % konfidensintervall från {a} dagar, ännu utan övre gräns",
                   "en": "95 % confidence interval from {a} days, no upper limit yet"},
    "lt_waiting": {"sv": "{k} väntar fortfarande", "en": "{k} still waiting"},
    "lt_none_waiting": {"sv": "alla har fått beslut", "en": "all have had a decision"},
    "lt_method": {"sv": "Mediantiden är en Kaplan–Meier-skattning: hinder som fortfarande väntar räknas med den tid "
                        "de väntat hittills (till den {d}), hinder som avslutats utan beslut med tiden till "
                        "avslutet. En median av bara de beslutade hindren skulle lämna ute just de långsamma.",
                  "en": "The median is a Kaplan–Meier estimate: obstacles still waiting count with the time they "
                        "have waited so far (to {d}), obstacles closed without a decision with the time to their "
                        "closing. A median of the decided ones alone would leave out exactly the slow ones."},
    "lt_none": {"sv": "Inget hinder har ännu fått ett beslut av ledningsteamet.",
                "en": "No obstacle has had a decision from the leadership team yet."},
    "open_obst": {"sv": "{k} hinder är fortfarande öppna; det äldsta, ”{t}”, är {d} dagar gammalt.",
                  "en": "{k} obstacles are still open; the oldest, “{t}”, is {d} days old."},
    "open_obst_one": {"sv": "{k} hinder är fortfarande öppet: ”{t}”, {d} dagar gammalt.",
                      "en": "{k} obstacle is still open: “{t}”, {d} days old."},
    "open_obst_label": {"sv": "{k} hinder är fortfarande öppna; det äldsta (post {t}) är {d} dagar gammalt.",
                        "en": "{k} obstacles are still open; the oldest (entry {t}) is {d} days old."},
    "open_obst_label_one": {"sv": "{k} hinder är fortfarande öppet (post {t}), {d} dagar gammalt.",
                            "en": "{k} obstacle is still open (entry {t}), {d} days old."},
    "no_open": {"sv": "Inga hinder är öppna.", "en": "No obstacle is open."},
    "hours_one": {"sv": "Det som slutat göras har frigjort {h} timmar i månaden ({k} sak).",
                  "en": "What was stopped has freed {h} hours a month ({k} thing)."},
    "spread_in_one": {"sv": "{k} idé eller test har tagits upp från en annan enhet.",
                      "en": "{k} idea or test was taken up from another unit."},
    "spread_out_one": {"sv": "{k} gång har en annan enhet tagit upp något härifrån.",
                       "en": "Once another unit took up something from here."},
    "hours": {"sv": "Det som slutat göras har frigjort {h} timmar i månaden ({k} saker).",
              "en": "What was stopped has freed {h} hours a month ({k} things)."},
    "spread_in": {"sv": "{k} idéer eller tester har tagits upp från andra enheter.",
                  "en": "{k} ideas or tests were taken up from other units."},
    "spread_out": {"sv": "{k} gånger har en annan enhet tagit upp något härifrån.",
                   "en": "{k} times another unit took up something from here."},
    "activity": {"sv": "Aktivitet över tid", "en": "Activity over time"},
    "activity_intro": {"sv": "Nya poster per månad och slag. Under översikten: seriediagram för idéer och hinder "
                             "per månad, där Anhøjs regler skiljer en trend från slumpens variation.",
                       "en": "New entries per month and kind. Below the overview: run charts of ideas and "
                             "obstacles per month, where the Anhøj rules tell a trend from random variation."},
    "run_title": {"sv": "{k} per månad", "en": "{k} per month"},
    "run_signal": {"sv": "{k} per månad: icke-slumpmässig variation (medianen {m} per månad) – något har förändrats.",
                   "en": "{k} per month: non-random variation (median {m} a month) – something has changed."},
    "run_random": {"sv": "{k} per månad: variationen kring medianen {m} ser slumpmässig ut.",
                   "en": "{k} per month: the variation around the median {m} looks random."},
    "run_short": {"sv": "{k} per månad: för få månader ({n}) för ett seriediagram (minst {min}).",
                  "en": "{k} per month: too few months ({n}) for a run chart (at least {min})."},
    "funnel": {"sv": "Idéernas väg", "en": "The ideas' way"},
    "funnel_intro": {"sv": "Hur långt idéerna kommit i SKR:s Innovationsguide: ringa in, undersöka, fokusera, "
                           "ta fram idéer, testa idéer, införa.",
                     "en": "How far the ideas got in SKR's Innovationsguiden: scope, explore, focus, generate "
                           "ideas, test ideas, implement."},
    "no_ideas": {"sv": "Inga idéer med angivet steg.", "en": "No ideas with a step given."},
    "obstacles": {"sv": "Hinder och ledningsteamet", "en": "Obstacles and the leadership team"},
    "lead_caption": {"sv": "Ledtider för hinder, i dagar", "en": "Lead times of obstacles, in days"},
    "interval": {"sv": "Från – till", "en": "From – to"},
    "created_to_decision": {"sv": "Skapat – beslut", "en": "Created – decision"},
    "escalated_to_decision": {"sv": "Lyft till LT – beslut", "en": "Escalated to LT – decision"},
    "created_to_closed": {"sv": "Skapat – avslutat", "en": "Created – closed"},
    "n": {"sv": "Antal", "en": "Number"},
    "ended": {"sv": "Nått slutet", "en": "Ended"},
    "from": {"sv": "från {a}", "en": "from {a}"},
    "median": {"sv": "Median", "en": "Median"},
    "median_ci": {"sv": "95 % konfidensintervall", "en": "95 % confidence interval"},
    "p80": {"sv": "80 % inom", "en": "80 % within"},
    "pending": {"sv": "Väntar", "en": "Waiting"},
    "closed_without": {"sv": "Avslutade utan beslut", "en": "Closed without an end"},
    "inconsistent": {"sv": "Datum i fel ordning", "en": "Dates out of order"},
    "open_caption": {"sv": "Öppna hinder, äldst först (den {d})", "en": "Open obstacles, oldest first (on {d})"},
    "title_col": {"sv": "Rubrik", "en": "Title"},
    "entry_col": {"sv": "Post", "en": "Entry"},
    "status": {"sv": "Status", "en": "Status"},
    "age": {"sv": "Ålder (dagar)", "en": "Age (days)"},
    "since_lt": {"sv": "Dagar sedan lyft till LT", "en": "Days since escalated to LT"},
    "description": {"sv": "Beskrivning", "en": "Description"},
    "decision": {"sv": "LT:s beslut", "en": "LT's decision"},
    "not_escalated": {"sv": "ej lyft", "en": "not escalated"},
    "ages_caption": {"sv": "Öppna hinder per ålder", "en": "Open obstacles by age"},
    "band": {"sv": "Ålder (dagar)", "en": "Age (days)"},
    "stop": {"sv": "Vad kan vi sluta göra?", "en": "What can we stop doing?"},
    "stop_caption": {"sv": "Saker att sluta göra", "en": "Things to stop doing"},
    "hours_col": {"sv": "Timmar per månad", "en": "Hours per month"},
    "no_stop": {"sv": "Inga poster om att sluta göra något.", "en": "No entries about stopping something."},
    "stop_note": {"sv": "Frigjord tid räknas för det som är infört.", "en": "Freed time counts what is implemented."},
    "learning": {"sv": "Lärande mellan enheter", "en": "Learning across units"},
    "learning_intro": {"sv": "Idéer, tester och lärdomar som en enhet tagit upp från en annan (en post som är "
                             "kopplad till en post i en annan enhet).",
                       "en": "Ideas, tests and learnings that one unit took up from another (an entry linked to "
                             "an entry of another unit)."},
    "spread_caption": {"sv": "Upptaget från eller av andra enheter", "en": "Taken up from or by other units"},
    "from_unit": {"sv": "Från enhet", "en": "From unit"},
    "to_unit": {"sv": "Till enhet", "en": "To unit"},
    "original": {"sv": "Ursprunglig post", "en": "Original entry"},
    "taken_up": {"sv": "Upptagen som", "en": "Taken up as"},
    "no_spread": {"sv": "Inget har ännu tagits upp mellan {u} och andra enheter.",
                  "en": "Nothing has been taken up between {u} and other units yet."},
    "own_learnings": {"sv": "Lärdomar i {u}", "en": "Learnings in {u}"},
    "method": {"sv": "Om underlaget", "en": "About the data"},
    "method_text": {"sv": "Rapporten bygger på enhetens förbättringslogg till och med {d}. Beskrivningar och "
                          "ledningsteamets beslutstexter är fritext som kan peka ut boende eller medarbetare och "
                          "visas därför inte.",
                    "en": "The report builds on the unit's improvement log up to {d}. Descriptions and the text "
                          "of the leadership team's decisions are free text that can identify residents or staff "
                          "and are therefore not shown."},
    "titles_hidden": {"sv": "Inte heller posternas rubriker visas, eftersom även de kan peka ut någon: en post anges "
                            "med sitt slag och sitt id i loggen (till exempel ”{e}”). En studie kan välja att "
                            "visa rubrikerna (<code>log_titles: true</code> i studiefilen); en rubrik med ett "
                            "personnamn visas ändå aldrig.",
                      "en": "Nor are the entries' titles shown, since they too can identify someone: an entry is "
                            "given by its kind and its id in the log (for example “{e}”). A study can "
                            "choose to show the titles (<code>log_titles: true</code> in the study file); a title "
                            "with a personal name is still never shown."},
    "titles_shown": {"sv": "Posternas rubriker visas, som studien valt, utom de där ett personnamn hittades: de "
                           "posterna anges med sitt slag och sitt id i loggen ({k} av enhetens {n} rubriker).",
                     "en": "The entries' titles are shown, as the study chose, except those in which a personal "
                           "name was found: those entries are given by their kind and their id in the log ({k} of "
                           "the unit's {n} titles)."},
    "method_shown": {"sv": "Beskrivningar och beslutstexter visas i den här rapporten på begäran "
                           "(show_descriptions). Kontrollera att de inte pekar ut någon innan rapporten sprids.",
                     "en": "Descriptions and decision texts are shown in this report on request "
                           "(show_descriptions). Check that they identify nobody before the report is shared."},
    "problems": {"sv": "Vid inläsningen hittades {k} problem i loggen (se project_log_problems.csv); {r} rader "
                       "lästes inte in (project_log_rejected.csv).",
                 "en": "Reading the log found {k} problems (see project_log_problems.csv); {r} rows were not "
                       "read (project_log_rejected.csv)."},
    "made_with": {"sv": "Framtagen med tuffkit {v}.", "en": "Made with tuffkit {v}."},
    "unit_word": {"sv": "Enhet", "en": "Unit"},
}


_PLURAL = {"sv": {"idea": "idéer", "obstacle": "hinder", "test": "tester", "stop_doing": "saker att sluta göra",
                  "learning": "lärdomar"},
           "en": {"idea": "ideas", "obstacle": "obstacles", "test": "tests", "stop_doing": "things to stop doing",
                  "learning": "learnings"}}
#: one of a kind, counted in a sentence ("1 sak att sluta göra", not the table label "1 sluta göra")
_ONE = {"sv": {"idea": "idé", "obstacle": "hinder", "test": "test", "stop_doing": "sak att sluta göra",
               "learning": "lärdom"},
        "en": {"idea": "idea", "obstacle": "obstacle", "test": "test", "stop_doing": "thing to stop doing",
               "learning": "learning"}}


class ProjectLogReport:
    """The improvement-log report for one unit.

    Parameters
    ----------
    data
        The folder ``tuffkit ingest-log`` wrote (or a :class:`~tuffkit.processed.ProcessedLog`).
    unit
        As spelt in the log (case forgiven); an unknown name raises an error listing the close matches.
    lang
        ``"sv"`` (decimal comma) or ``"en"``.
    asof
        The date the log is read at (``YYYY-MM-DD``; "" = the last date written in the log).
    show_descriptions
        Show the free text (descriptions, LT's decision texts). Off by default: it can
        identify residents or staff.
    title
        The report's title ("" gives the default).
    show_titles
        Show the entries' titles; ``None`` (the default) takes the study's ``log_titles``
        recorded in the data folder (``study.json``; no study: off). Off, an entry is named by
        its kind and id; a title in which a personal name is found is never shown.

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit.ingest.projectlog import read_project_log, write_project_log
    >>> from tuffkit.config import RAW_DIR
    >>> out = tempfile.mkdtemp(); _ = write_project_log(read_project_log(RAW_DIR / "projectlog"), out)
    >>> rep = ProjectLogReport(out, "norrtull")
    >>> rep.unit, "Sammanfattning" in rep.summary().html
    ('Norrtull', True)
    """

    def __init__(self, data: str | Path | ProcessedLog, unit: str, lang: Lang = "sv", asof: str = "",
                 show_descriptions: bool = False, title: str = "", show_titles: bool | None = None) -> None:
        self.lang: Lang = check_lang(lang)  # type: ignore[assignment]
        self.data = data if isinstance(data, ProcessedLog) else read_processed_log(data)
        self.unit = self.data.unit(unit)
        self.show_descriptions = bool(show_descriptions)
        self.show_titles = study_log_titles(self.data.folder) if show_titles is None else bool(show_titles)
        self.entries = self.data.entries
        people = [c for c in PEOPLE_COLUMNS if c in self.entries.columns]
        self._people = sorted({str(v) for c in people for v in self.entries[c].dropna()})
        self._created = dict(zip(self.entries["id"].astype(str), self.entries["created"], strict=True))
        self._named: dict[str, bool] = {}
        self.mine = self.entries[self.entries["unit"] == self.unit]
        self.asof = projectlog._asof(self.mine if len(self.mine) else self.entries, asof or None)
        self.title = str(title) if title else LOG_TEXTS["title"][self.lang].format(u=self.unit)

    # ------------------------------------------------------------------ helpers

    def t(self, key: str, **kw: Any) -> str:
        """The text ``key`` in the report's language, with ``kw`` (escaped) filled in; the singular
        form (``key_one``) where the count ``k`` asks for it (Babel's plural rule)."""
        if f"{key}_one" in LOG_TEXTS and "k" in kw and plural(float(kw["k"]), "one", "other", self.lang) == "one":
            key = f"{key}_one"
        return LOG_TEXTS[key][self.lang].format(**{k: esc(v) for k, v in kw.items()})

    def names_someone(self, text: str) -> bool:
        """Whether ``text`` has a personal name (:func:`tuffkit.personnames.has_name`, with the log's
        people as ``extra`` and its units as ``allow``)."""
        if text not in self._named:
            self._named[text] = has_name(text, extra=self._people, allow=self.data.units)
        return self._named[text]

    def entry_title(self, entry_id: Any, kind: Any, title: Any, short: bool = False) -> tuple[str, bool]:
        """What the report calls an entry, not yet escaped, and whether that is its title: the title
        when titles are shown and it names nobody, else the neutral label of the entry's kind and id
        (``Hinder NT-012``; ``short``: the id alone). Every title in the report comes from here.

        Examples
        --------
        >>> import tempfile
        >>> from tuffkit.ingest.projectlog import read_project_log, write_project_log
        >>> from tuffkit.config import RAW_DIR
        >>> out = tempfile.mkdtemp(); _ = write_project_log(read_project_log(RAW_DIR / "projectlog"), out)
        >>> ProjectLogReport(out, "Norrtull").entry_title("NT-001", "obstacle", "Tips för nästa nybygge")
        ('Hinder NT-001', False)
        >>> rep = ProjectLogReport(out, "Norrtull", show_titles=True)
        >>> rep.entry_title("NT-001", "obstacle", "Tips för nästa nybygge")
        ('Tips för nästa nybygge', True)
        >>> rep.entry_title("NT-001", "obstacle", "Fråga Svensson om rullstolen", short=True)
        ('NT-001', False)
        """
        if self.show_titles and title is not None and not pd.isna(title) and str(title).strip() \
                and not self.names_someone(str(title)):
            return str(title), True
        ident = str(entry_id)
        if self.names_someone(ident):  # an id is a code, but one that names someone is not shown either
            ident = self.date(self._created.get(ident))
        return (ident if short else f"{self.label('kind', kind)} {ident}"), False

    def title_heading(self) -> str:
        """The heading of a column of entries: "Rubrik" when titles are shown, else "Post"."""
        return self.t("title_col" if self.show_titles else "entry_col")

    def label(self, field: str, code: Any) -> str:
        return LABELS[self.lang][field].get(str(code), str(code)) if code is not None and not pd.isna(code) else "–"

    def num(self, x: Any, decimals: int = 0) -> str:
        return format_number(None if x is None or pd.isna(x) else float(x), self.lang, decimals)

    def pct(self, x: float) -> str:
        return f"{self.num(100 * x, 0)} %"

    def date(self, x: Any) -> str:
        return "–" if x is None or pd.isna(x) else pd.Timestamp(x).date().isoformat()

    def _table(self, caption: str, heads: list[str], rows: list[list[str]], key: str) -> str:
        """A table of already-escaped cells; the first column is the row header."""
        head = "".join(f'<th scope="col">{h}</th>' for h in heads)
        body = "".join("<tr>" + f'<th scope="row">{r[0]}</th>' + "".join(f"<td>{c}</td>" for c in r[1:]) + "</tr>"
                       for r in rows)
        return (f'<div class="tk-scroll" role="region" tabindex="0" aria-labelledby="{key}-cap">'
                f'<table class="tk-table"><caption id="{key}-cap">{caption}</caption><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table></div>")

    # ------------------------------------------------------------------ sections

    def header(self) -> Section:
        """The title, the period of the log, and a banner when the data is synthetic."""
        first = self.mine["created"].min() if len(self.mine) else None
        sub = self.t("subtitle", a=self.date(first), b=self.date(self.asof),
                     d=str(self.data.meta.get("created", ""))[:10])
        banner = (f'<p class="tk-banner" role="note"><strong>{self.t("synthetic")}</strong></p>'
                  if self.data.synthetic else "")
        return Section(f'<header class="tk-header"><h1>{esc(self.title)}</h1><p>{sub}</p>{banner}</header>')

    def summary(self) -> Section:
        """One screen in plain language: what was logged, co-creation, implemented share, LT's
        speed on obstacles, the oldest open obstacle, hours freed, learning across units."""
        m = self.mine
        if m.empty:
            return section("summary", self.t("summary"), f"<p>{self.t('nothing', u=self.unit)}</p>")
        kinds = m["kind"].astype("string").value_counts()
        parts = [f"{int(n)} {(_PLURAL if n != 1 else _ONE)[self.lang][k]}"
                 for k in KINDS if (n := kinds.get(k, 0))]
        listed = ", ".join(parts[:-1]) + f" {self.t('and')} " + parts[-1] if len(parts) > 1 else parts[0]
        items = [self.t("counts", a=self.date(m["created"].min()), u=self.unit, parts=listed)]
        co = projectlog.co_creation(self.entries, unit=self.unit)
        if len(co) and co["n_known"].iloc[0]:
            n = int(co["n_known"].iloc[0])
            k = int(co.loc[co["co_created"], "n"].sum())
            staff = float(co.loc[co["origin"] == "staff", "share"].iloc[0])
            items.append(self.t("cocreation", p=self.pct(k / n), k=k, n=n, s=self.pct(staff)))
        imp = projectlog.implemented_share(self.entries, unit=self.unit)
        ideas = imp[imp["kind"].astype("string") == "idea"]
        if len(ideas):
            r = ideas.iloc[0]
            items.append(self.t("implemented", p=self.pct(r["share_implemented"]), k=int(r["n_implemented"]),
                                n=int(r["n"])))
        lt = projectlog.lead_times(self.entries, unit=self.unit, intervals=["escalated_to_decision"],
                                   asof=self.asof)
        if len(lt) and lt["n_ended"].iloc[0]:
            items.append(self.lead_sentence(lt.iloc[0]))
        elif (m["kind"].astype("string") == "obstacle").any():
            items.append(self.t("lt_none"))
        op = projectlog.open_obstacles(self.entries, self.asof, unit=self.unit)
        if len(op):
            oldest = op.iloc[0]
            name, is_title = self.entry_title(oldest["id"], "obstacle", oldest["title"], short=True)
            items.append(self.t("open_obst" if is_title else "open_obst_label", k=len(op), t=name,
                                d=self.num(oldest["age_days"])))
        elif (m["kind"].astype("string") == "obstacle").any():
            items.append(self.t("no_open"))
        hf = projectlog.hours_freed(self.entries, unit=self.unit)
        if len(hf) and hf["n_implemented"].iloc[0]:
            items.append(self.t("hours", h=self.num(hf["hours_per_month"].iloc[0], 1),
                                k=int(hf["n_implemented"].iloc[0])))
        sp = projectlog.spread(self.entries)
        if (sp["to_unit"] == self.unit).any():
            items.append(self.t("spread_in", k=int((sp["to_unit"] == self.unit).sum())))
        if (sp["from_unit"] == self.unit).any():
            items.append(self.t("spread_out", k=int((sp["from_unit"] == self.unit).sum())))
        return section("summary", self.t("summary"), bullet_list(items))

    def activity(self) -> Section:
        """New entries per month and kind, as a line chart."""
        if self.mine.empty:
            return section("activity", self.t("activity"), f"<p>{self.t('nothing', u=self.unit)}</p>")
        counts = projectlog.monthly_counts(self.entries, by="kind", unit=self.unit, end=self.asof)
        fig = plots.monthly_lines(counts, "kind", LABELS[self.lang]["kind"], self.lang, subject=f", {self.unit}")
        notes, runs = [], []
        for kind in ("idea", "obstacle"):
            series = counts[counts["kind"].astype(str) == kind]
            name = _PLURAL[self.lang][kind].capitalize()
            if len(series) < RUN_CHART_MIN_MONTHS:
                notes.append(self.t("run_short", k=name, n=len(series), min=RUN_CHART_MIN_MONTHS))
                continue
            res = qic(series, x="month", y="n", chart="run")
            s = res.summary.iloc[0]
            key = "run_signal" if bool(s["runs_signal"]) else "run_random"
            notes.append(self.t(key, k=name, m=self.num(s["cl"], 1)))
            runs.append(plots.spc_chart(res, lang=self.lang, title=f"{self.t('run_title', k=name)}, {self.unit}",
                                        ylabel=LOG_TEXTS["n"][self.lang])._repr_html_())
        return section("activity", self.t("activity"), f"<p>{self.t('activity_intro')}</p>" + fig._repr_html_()
                        + bullet_list(notes) + "".join(runs))

    def funnel(self) -> Section:
        """How far the ideas got through Innovationsguiden's steps."""
        f = projectlog.funnel(self.entries, unit=self.unit) if (self.mine["kind"].astype("string") == "idea").any() \
            else pd.DataFrame()
        if f.empty or not f["n_total"].max():
            return section("funnel", self.t("funnel"), f"<p>{self.t('no_ideas')}</p>")
        fig = plots.funnel_bars(f, LABELS[self.lang]["stage"], self.lang, subject=f", {self.unit}")
        return section("funnel", self.t("funnel"), f"<p>{self.t('funnel_intro')}</p>" + fig._repr_html_())

    def ci_cell(self, low: float, high: float) -> str:
        """A median's interval in a table cell: "27–95", "från 27" without an upper limit, "–" without either."""
        if pd.isna(low):
            return "–"
        if pd.isna(high):
            return self.t("from", a=self.num(low))
        return f"{self.num(low)}–{self.num(high)}"

    def lead_sentence(self, r: pd.Series) -> str:
        """The escalated obstacles' median time to a decision, its interval and how many still wait."""
        waiting = int(r["n_pending"])
        w = self.t("lt_waiting", k=waiting) if waiting else self.t("lt_none_waiting")
        if pd.isna(r["median_days"]):
            return self.t("lt_open", n=int(r["n"]), w=w)
        if pd.isna(r["median_high"]):
            ci = self.t("lt_ci_open", a=self.num(r["median_low"]))
        else:
            ci = self.t("lt_ci", a=self.num(r["median_low"]), b=self.num(r["median_high"]))
        return self.t("lt_speed", m=self.num(r["median_days"]), ci=ci, n=int(r["n"]), w=w)

    def obstacles(self) -> Section:
        """Lead times of obstacles (Kaplan–Meier median, its interval, 80 % within), the open ones by age,
        oldest first."""
        lt = projectlog.lead_times(self.entries, unit=self.unit, asof=self.asof)
        rows = [[self.t(r.interval), str(int(r.n)), str(int(r.n_ended)), self.num(r.median_days),
                 self.ci_cell(r.median_low, r.median_high), self.num(r.p80_days),
                 str(int(r.n_pending)), str(int(r.n_closed)), str(int(r.n_inconsistent))] for r in lt.itertuples()]
        parts = []
        if rows:
            parts.append(self._table(self.t("lead_caption"), [self.t("interval"), self.t("n"), self.t("ended"),
                                                              self.t("median"), self.t("median_ci"), self.t("p80"),
                                                              self.t("pending"), self.t("closed_without"),
                                                              self.t("inconsistent")], rows, "lead"))
            parts.append(f"<p>{self.t('lt_method', d=self.date(self.asof))}</p>")
        ages = projectlog.obstacle_ages(self.entries, self.asof, unit=self.unit)
        if len(ages):
            parts.append(self._table(self.t("ages_caption"), [self.t("band"), self.t("n")],
                                     [[esc(r.age_band), str(int(r.n))] for r in ages.itertuples()], "ages"))
        op = projectlog.open_obstacles(self.entries, self.asof, unit=self.unit)
        if len(op):
            heads = [self.title_heading(), self.t("status"), self.t("age"), self.t("since_lt")]
            if self.show_descriptions:
                heads.append(self.t("description"))
            desc = self.mine.set_index("id")["description"]
            body = []
            for r in op.itertuples():
                since = self.num(r.days_since_escalation) if pd.notna(r.days_since_escalation) else \
                    self.t("not_escalated")
                row = [esc(self.entry_title(r.id, "obstacle", r.title)[0]), esc(self.label("status", r.status)),
                       self.num(r.age_days), since]
                if self.show_descriptions:
                    row.append(esc(desc.get(r.id, "") if pd.notna(desc.get(r.id, np.nan)) else ""))
                body.append(row)
            parts.append(self._table(self.t("open_caption", d=self.date(self.asof)), heads, body, "open"))
        else:
            parts.append(f"<p>{self.t('no_open')}</p>")
        if self.show_descriptions:
            decided = self.mine[self.mine["decision"].notna()]
            if len(decided):
                parts.append(self._table(self.t("decision"), [self.title_heading(), self.t("decision")],
                                         [[esc(self.entry_title(r.id, r.kind, r.title)[0]), esc(r.decision)]
                                          for r in decided.itertuples()], "decisions"))
        return section("obstacles", self.t("obstacles"), "".join(parts))

    def stop_doing(self) -> Section:
        """Things to stop doing, their status and the hours they free each month."""
        s = self.mine[self.mine["kind"].astype("string") == "stop_doing"].sort_values("created")
        if s.empty:
            return section("stop", self.t("stop"), f"<p>{self.t('no_stop')}</p>")
        rows = [[esc(self.entry_title(r.id, "stop_doing", r.title)[0]), esc(self.label("status", r.status)),
                 self.num(r.hours_freed, 1)] for r in s.itertuples()]
        hf = projectlog.hours_freed(self.entries, unit=self.unit).iloc[0]
        total = self.t("hours", h=self.num(hf["hours_per_month"], 1), k=int(hf["n_implemented"]))
        return section("stop", self.t("stop"), self._table(self.t("stop_caption"), [
            self.title_heading(), self.t("status"), self.t("hours_col")], rows, "stop")
            + f"<p>{total} {self.t('stop_note')}</p>")

    def learning(self) -> Section:
        """What this unit took up from others and others from it; the unit's own learnings."""
        sp = projectlog.spread(self.entries)
        sp = sp[(sp["from_unit"] == self.unit) | (sp["to_unit"] == self.unit)]
        parts = [f"<p>{self.t('learning_intro')}</p>"]
        if len(sp):
            rows = [[esc(r.from_unit), esc(r.to_unit),
                     esc(self._spread_name(r.parent_id, r.parent_kind, r.parent_title)),
                     esc(self._spread_name(r.id, r.kind, r.title))] for r in sp.itertuples()]
            parts.append(self._table(self.t("spread_caption"), [self.t("from_unit"), self.t("to_unit"),
                                                                self.t("original"), self.t("taken_up")], rows,
                                     "spread"))
        else:
            parts.append(f"<p>{self.t('no_spread', u=self.unit)}</p>")
        own = self.mine[self.mine["kind"].astype("string") == "learning"].sort_values("created")
        if len(own):
            parts.append(f"<h3>{self.t('own_learnings', u=self.unit)}</h3>"
                         + bullet_list([esc(self.entry_title(r.id, "learning", r.title)[0]) for r in own.itertuples()]))
        return section("learning", self.t("learning"), "".join(parts))

    def _spread_name(self, entry_id: Any, kind: Any, title: Any) -> str:
        """An entry in the table of what spread: "title (kind)", or the label, which names the kind."""
        name, is_title = self.entry_title(entry_id, kind, title)
        return f"{name} ({self.label('kind', kind).lower()})" if is_title else name

    def measures(self) -> Section:
        """Run and control charts of the unit's measures, when ``tuffkit ingest-measures`` wrote
        any for it into the data folder; else nothing."""
        return measure_section(self.data.folder, self.unit, self.lang)

    def method(self) -> Section:
        """What the report builds on, the free-text rule, the problems found, the source files."""
        meta = self.data.meta
        if self.show_titles:
            titles = [str(x) for x in self.mine["title"].dropna() if str(x).strip()]
            about = self.t("titles_shown", k=sum(self.names_someone(x) for x in titles), n=len(titles))
        else:
            first = self.mine.sort_values("created", kind="stable").head(1)
            example = self.entry_title(first["id"].iloc[0], first["kind"].iloc[0], None)[0] if len(first) else \
                f"{self.label('kind', 'obstacle')} 12"
            about = self.t("titles_hidden", e=example)
        parts = [f"<p>{self.t('method_text', d=self.date(self.asof))} {about}</p>"]
        if self.show_descriptions:
            parts.append(f'<p class="tk-caution" role="note">{self.t("method_shown")}</p>')
        total = meta.get("total", {})
        if total:
            parts.append(f"<p>{self.t('problems', k=total.get('problems', 0), r=total.get('rows_rejected', 0))}</p>")
        parts.append(source_files_table(self.data.files, self.lang, self.data.folder))
        parts.append(f"<p>{self.t('made_with', v=meta.get('tuffkit_version', '?'))}</p>")
        return section("method", self.t("method"), '<div class="tk-method">' + "".join(parts) + "</div>")


def study_log_titles(folder: str | Path) -> bool:
    """Whether the study recorded in the data folder (``study.json``, written by ``tuffkit ingest``)
    shows the improvement log's titles (``log_titles``); False when the folder has no study.

    Examples
    --------
    >>> import tempfile
    >>> study_log_titles(tempfile.mkdtemp())
    False
    """
    if not (Path(folder) / "study.json").is_file():
        return False
    return bool(read_study(folder).log_titles)
