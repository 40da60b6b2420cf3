"""The parts of the leadership reports: each method returns one section as HTML, built
from the protected summaries of :mod:`tuffkit.survey`, in Swedish or English.

A report notebook holds a ``parameters`` cell and one call per section::

    rep = MunicipalityReport("data/processed", "Botkyrka", lang="sv")
    rep.header()
    rep.summary()
    rep.statements()
    ...

Every value that comes from the data (municipality names, titles, file names) is
HTML-escaped. Nothing here reads free text from respondents, and every number comes
from a summary that has already blanked the groups smaller than ``min_n``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tuffkit.config import MIN_N
from tuffkit.disclosure import PARTS, RESPONDENTS, Plan
from tuffkit.errors import TuffkitError
from tuffkit.instrument import load_instrument
from tuffkit.names import find_name
from tuffkit.privacy import check_min_n, suppress_splits
from tuffkit.processed import Processed, read_invited
from tuffkit.report import plots, runcache
from tuffkit.report.html import Section, bullet_list, esc, section, source_files_table
from tuffkit.report.ledger import Ledger
from tuffkit.report.measures import measure_section
from tuffkit.report.tables import Lang, check_lang, format_number, styled_table, table2
from tuffkit.survey import (
    LFR3_FOLLOWED,
    change,
    fade,
    item_summary,
    mark_followed,
    response,
    role_gap,
    top_bottom,
)

__all__ = ["MunicipalityReport", "ProgramReport", "TEXTS", "focus_of"]


# every text of the reports, Swedish and English: T[key][lang]
TEXTS: dict[str, dict[str, str]] = {
    "title_muni": {"sv": "Leda för Resultat – självskattning: {m}",
                   "en": "Leading for Results – self-assessment: {m}"},
    "title_program": {"sv": "Leda för Resultat – hela kursgruppen",
                      "en": "Leading for Results – the whole course group"},
    "subtitle": {"sv": "Jämför omgång {a} med {b}. Data inlästa {d}.",
                 "en": "Compares wave {a} with {b}. Data read {d}."},
    "synthetic": {"sv": "Syntetiska exempeldata – inte verkliga svar. Rapporten visar hur verktyget fungerar.",
                  "en": "Synthetic example data – not real answers. The report shows how the tool works."},
    "summary": {"sv": "Sammanfattning", "en": "Summary"},
    "intro": {"sv": "{n} personer i {m} besvarade enkäten i {w}. Skalan går från 1 (instämmer inte alls) till "
                    "7 (instämmer helt).",
              "en": "{n} people in {m} answered the survey in {w}. The scale runs from 1 (do not agree at all) "
                    "to 7 (fully agree)."},
    # hidden results say the same whatever hid them: "fewer than 5" beside "hidden for the others" would
    # tell a reader more about a group's size than the numbers do
    "too_few": {"sv": "Resultaten från {m} i {w} visas inte: för få svar, eller dolda för att skydda en liten grupp "
                      "(se Om underlaget).",
                "en": "The results from {m} in {w} are not shown: too few answers, or hidden to protect a small "
                      "group (see About the data)."},
    "no_answers": {"sv": "Inga svar från {m} i {w}.", "en": "No answers from {m} in {w}."},
    "strongest": {"sv": "Starkast i {w}", "en": "Strongest in {w}"},
    "weakest": {"sv": "Svagast i {w}", "en": "Weakest in {w}"},
    "improved": {"sv": "Störst förbättring från {a} till {b}", "en": "Largest improvement from {a} to {b}"},
    "no_change": {"sv": "Förändringen kan inte visas: för få svar, eller dolt för att skydda en liten grupp.",
                  "en": "The change cannot be shown: too few answers, or hidden to protect a small group."},
    "gaps": {"sv": "Där ledning och stöd skiljer sig mest ({w})", "en": "Where management and support differ "
                                                                          "most ({w})"},
    "no_gaps": {"sv": "Ledning och stöd kan inte jämföras: någon av grupperna ledning, stöd och ej angett har "
                      "för få svar, eller är dold för att skydda en liten grupp.",
                "en": "Management and support cannot be compared: one of the groups management, support and not "
                      "stated has too few answers, or is hidden to protect a small group."},
    "mgmt_higher": {"sv": "ledningen {g} högre", "en": "management {g} higher"},
    "supp_higher": {"sv": "stödet {g} högre", "en": "support {g} higher"},
    "fade": {"sv": "Uppföljningen {f}", "en": "The follow-up {f}"},
    "fade_text": {"sv": "{k} av {t} påståenden låg lägre i {f} än i {b}.",
                  "en": "{k} of {t} statements were lower in {f} than in {b}."},
    "fade_clear": {"sv": "Tydligast tillbakagång: {s}.", "en": "Clearest fall: {s}."},
    "no_fade": {"sv": "{f} kan inte jämföras med {b}: för få svar, eller dolt för att skydda en liten grupp.",
                "en": "{f} cannot be compared with {b}: too few answers, or hidden to protect a small group."},
    "statements": {"sv": "Alla påståenden", "en": "All statements"},
    "statements_intro": {
        "sv": "Medelvärde per påstående för {m} bredvid alla kommuner. Fetstil: högst i kolumnen, kursiv: lägst. "
              "Streck (–): för få svar, eller dolt för att skydda en liten grupp (se Om underlaget).",
        "en": "Mean per statement for {m} beside all municipalities. Bold: highest in the column, italic: "
              "lowest. Dash (–): too few answers, or hidden to protect a small group (see About the data)."},
    "all_munis": {"sv": "Alla kommuner", "en": "All municipalities"},
    "change_word": {"sv": "Förändring", "en": "Change"},
    "nr": {"sv": "Nr", "en": "No."},
    "statement": {"sv": "Påstående", "en": "Statement"},
    "distributions": {"sv": "Så fördelar sig svaren", "en": "How the answers are distributed"},
    "roles": {"sv": "Ledning och stöd", "en": "Management and support"},
    "roles_intro": {"sv": "De påståenden där ledning och stöd skiljde sig mest i {w}.",
                    "en": "The statements on which management and support differed most in {w}."},
    "method": {"sv": "Om underlaget", "en": "About the data"},
    "method_n": {"sv": "Antal svarande per omgång och funktion", "en": "Respondents per wave and function"},
    "wave": {"sv": "Omgång", "en": "Wave"},
    "total": {"sv": "Totalt", "en": "Total"},
    "invited": {"sv": "Inbjudna", "en": "Invited"},
    "rate": {"sv": "Svarsfrekvens", "en": "Response rate"},
    "management": {"sv": "Ledning", "en": "Management"},
    "support": {"sv": "Stöd", "en": "Support"},
    "not_stated": {"sv": "Ej angett", "en": "Not stated"},
    "rule": {"sv": "Resultat som bygger på färre än {k} svarande visas inte (–). Ledning, stöd och ej angett "
                   "redovisas var för sig bara när varje grupp har minst {k} svar eller inga alls; annars visas "
                   "bara summan, eftersom en liten grupp annars vore summan minus de andra. Av samma skäl döljs "
                   "ibland också en större grupp: är en kommun dold i en omgång döljs fler, så att ingen kan räkna "
                   "fram den genom att dra de andra kommunernas resultat från helheten – i den här rapporten eller "
                   "i någon annan från samma underlag. Ingen svarsfrekvens visas där antalet svarande är dolt. "
                   "Varje siffra är kontrollerad tillsammans med alla rapporter från samma körning. Omgångarna är "
                   "oberoende anonyma urval: samma person kan inte följas mellan omgångarna.",
             "en": "Results based on fewer than {k} respondents are not shown (–). Management, support and not "
                   "stated are shown apart only when each group has at least {k} answers or none; otherwise only "
                   "their sum is shown, because a small group would be the sum minus the others. For the same "
                   "reason a larger group is sometimes hidden too: when a municipality is hidden in a wave, more "
                   "are hidden, so that nobody can work it out by subtracting the other municipalities' results "
                   "from the whole – in this report or in any other from the same data. No response rate is shown "
                   "where the number of respondents is hidden. Every number has been checked together with all "
                   "the reports of the same run. The waves are independent anonymous samples: no person can be "
                   "followed from one wave to the next."},
    "low": {"sv": "Observera: svarsfrekvensen i {w} var {r} %. Resultaten från den omgången ska tolkas med viss "
                  "försiktighet.",
            "en": "Note: the response rate in {w} was {r} %. Results from that wave should be read with some "
                  "caution."},
    "no_invited": {"sv": "Antalet inbjudna saknas i underlaget, så svarsfrekvensen kan inte anges.",
                   "en": "The number invited is not in the data, so the response rate cannot be given."},
    "made_with": {"sv": "Framtagen med tuffkit {v}, instrument {i}.", "en": "Made with tuffkit {v}, instrument {i}."},
    "table1": {"sv": "Tabell 1. Påstående 8, alla kommuner och de uppföljda", "en": "Table 1. Statement 8, "
                                                                                  "all and the followed-up "
                                                                                  "municipalities"},
    "table2": {"sv": "Tabell 2. Medelvärde per påstående, alla kommuner", "en": "Table 2. Mean per statement, "
                                                                                 "all municipalities"},
    "group": {"sv": "Grupp", "en": "Group"},
    "followed": {"sv": "De {k} uppföljda", "en": "The {k} followed-up"},
    "others": {"sv": "Övriga", "en": "Others"},
    "means_section": {"sv": "Medelvärden per påstående", "en": "Means per statement"},
    "roles_section": {"sv": "Ledning och stöd per påstående", "en": "Management and support per statement"},
    "followed_section": {"sv": "Uppföljda jämfört med övriga kommuner",
                         "en": "Followed-up compared with other municipalities"},
    "mean": {"sv": "Medelvärde", "en": "Mean"},
    "diagram": {"sv": "Diagram {k}. {t}", "en": "Diagram {k}. {t}"},
    "d1": {"sv": "Medelvärde per påstående vid start och slut, alla kommuner",
           "en": "Mean per statement at the start and the end, all municipalities"},
    "d2": {"sv": "Medelvärde per påstående vid start, slut och uppföljning, de uppföljda kommunerna",
           "en": "Mean per statement at the start, the end and the follow-up, followed-up municipalities"},
    "d_roles": {"sv": "Påstående {i}, ledning och stöd, {g}", "en": "Statement {i}, management and support, {g}"},
    "d11": {"sv": "Medelvärde per påstående i {w}: uppföljda och övriga kommuner",
            "en": "Mean per statement in {w}: followed-up and other municipalities"},
    "d13": {"sv": "Förändring {b} – {a} per påstående: uppföljda och övriga kommuner",
            "en": "Change {b} – {a} per statement: followed-up and other municipalities"},
    "all_group": {"sv": "alla kommuner", "en": "all municipalities"},
    "followed_group": {"sv": "de uppföljda kommunerna", "en": "the followed-up municipalities"},
    "program_intro": {"sv": "{n} svarande från {k} kommuner i omgångarna {w}.",
                      "en": "{n} respondents from {k} municipalities in the waves {w}."},
}


_STATS = ("mean", "n", "sd", "se", "ci_low", "ci_high", "share_low", "share_neutral", "share_high")


def _blank(frame: pd.DataFrame, mask: np.ndarray | pd.Series, columns: list[str] | None = None,
           mark: bool = True) -> pd.DataFrame:
    """``frame`` with the statistics of the rows in ``mask`` blanked (all numeric columns but the
    keys, or ``columns``) and those rows marked ``suppressed`` (``suppression="plan"`` where
    nothing else had blanked them)."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return frame
    out = frame.copy()
    keys = {"wave", "item", "function", "municipality", "followed_up", "from_wave", "to_wave", "suppressed",
            "suppression", "group", "fell_back", "fell_back_clearly"}
    cols = [c for c in columns if c in out] if columns is not None else [
        c for c in out.columns if c not in keys and pd.api.types.is_numeric_dtype(out[c])
        and not pd.api.types.is_bool_dtype(out[c])]
    for col in cols:
        if pd.api.types.is_integer_dtype(out[col]):
            out[col] = out[col].astype("Int64")
        out.loc[mask, col] = pd.NA if str(out[col].dtype) == "Int64" else np.nan
    if mark:
        was = out["suppressed"].astype(bool) if "suppressed" in out else pd.Series(False, index=out.index)
        prior = out["suppression"].astype(str) if "suppression" in out else pd.Series("", index=out.index)
        out["suppression"] = np.where(mask & ~was.to_numpy(), "plan", prior)
        out["suppressed"] = was.to_numpy() | mask
    return out


def focus_of(data: Processed, followed: Sequence[str]) -> list[str]:
    """The focus group's names as the data spells them (case and Unicode form forgiven, names not
    in the data left out): the same list for the plan and for every report."""
    out = set()
    for m in followed:
        try:
            out.add(data.municipality(str(m)))
        except TuffkitError:
            continue
    return sorted(out)


class _Base:
    """What both reports share: data, language, the protection rule (the run's disclosure
    plan), the ledger of every published number, and the texts."""

    def __init__(self, data: str | Path | Processed, lang: Lang = "sv", min_n: int = MIN_N,
                 invited: str | Path | None = None, instrument: str = "lfr19",
                 followed: list[str] | tuple[str, ...] = LFR3_FOLLOWED, ledger: str | Path | None = None) -> None:
        self.lang: Lang = check_lang(lang)  # type: ignore[assignment]
        self.min_n = check_min_n(int(min_n))
        # a folder is read once per process and its all-unit summaries come from the run's cache;
        # a Processed given in memory may have been changed, so everything is computed from it
        self.shared = not isinstance(data, Processed)
        self.data = runcache.processed(data) if self.shared else data
        self.instrument = load_instrument(instrument)
        self.invited = read_invited(invited)
        present = set(self.data.municipalities)
        self.focus = focus_of(self.data, followed)
        self.others = sorted(present - set(self.focus))
        # what may be published: one plan for everything any report can show from this data
        if self.shared:
            self.plan: Plan = runcache.plan(self.data.folder, self.min_n, self.focus)
        else:
            self.plan = runcache.plan_of(self.data.responses, self.min_n, self.focus,
                                         files=runcache.source_files(self.data.folder))
        self.ledger = Ledger(ledger, {"min_n": self.min_n, "lang": self.lang, "data": str(self.data.folder),
                                      "data_sha256": runcache.data_hash(self.data.folder) if self.shared else None})

    def allows(self, variable: Any, group: dict[str, Any]) -> bool:
        return self.plan.allows(variable, group)

    def _planned(self, frame: pd.DataFrame, group: Any) -> pd.DataFrame:
        """``frame`` (one row per ``item`` and group) with the rows the plan does not allow blanked;
        ``group(row)`` gives a row's group."""
        if frame.empty:
            return frame
        mask = [not self.allows(int(r.item), group(r)) for r in frame.itertuples()]
        return _blank(frame, mask)

    def _planned_change(self, ch: pd.DataFrame, g_from: Any, g_to: Any) -> pd.DataFrame:
        """A :func:`~tuffkit.survey.change` frame with each side blanked that the plan does not allow
        (and the difference with it)."""
        if ch.empty:
            return ch
        m_from = np.array([not self.allows(int(r.item), g_from(r)) for r in ch.itertuples()])
        m_to = np.array([not self.allows(int(r.item), g_to(r)) for r in ch.itertuples()])
        ch = _blank(ch, m_from, ["mean_from", "n_from"], mark=False)
        ch = _blank(ch, m_to, ["mean_to", "n_to"], mark=False)
        return _blank(ch, m_from | m_to, [c for c in ch.columns if c not in (
            "mean_from", "n_from", "mean_to", "n_to", "item", "suppressed", "suppression", "followed_up", "group")
            and pd.api.types.is_numeric_dtype(ch[c]) and not pd.api.types.is_bool_dtype(ch[c])])

    def _record_change(self, sec: str, item: int, value: float, g_from: dict, g_to: dict,
                       n_from: Any = None, n_to: Any = None) -> float:
        """Record a difference of two means: a statistic of both groups."""
        self.ledger.add(sec, "change", value, int(item), g_from, n=n_from)
        return self.ledger.add(sec, "change", value, int(item), g_to, n=n_to)

    def _distribution_entries(self, sec: str, frame: pd.DataFrame, group: Any, means: bool = False) -> None:
        """Record what a figure of distributions shows: each shown row's answers (n), the share
        of every scale step, the share agreeing, and (``means``) the mean."""
        steps = self.instrument.scale.steps
        neutral = self.instrument.scale.neutral
        agree = [f"pct_{s}" for s in steps if neutral is not None and s > neutral]
        for r in frame[~frame["suppressed"].astype(bool)].itertuples():
            g, item, n = group(r), int(r.item), int(r.n)
            self.ledger.add(sec, "answers", n, item, g, n)
            if means:
                self.ledger.add(sec, "mean", r.mean, item, g, n)
            for st in steps:
                self.ledger.add(sec, f"% {st}", getattr(r, f"pct_{st}"), item, g, n)
            if agree:
                self.ledger.add(sec, "% agreeing", sum(float(getattr(r, c)) for c in agree), item, g, n)

    def _flush(self, sec: Section) -> Section:
        self.ledger.flush()
        return sec

    def t(self, key: str, **kw: Any) -> str:
        """The text ``key`` in the report's language, with ``kw`` (escaped) filled in."""
        return TEXTS[key][self.lang].format(**{k: esc(v) for k, v in kw.items()})

    def num(self, x: Any, decimals: int = 2, signed: bool = False) -> str:
        return format_number(None if x is None or pd.isna(x) else float(x), self.lang, decimals, signed)

    def statement(self, item: int) -> str:
        return esc(f"{int(item)}. {getattr(self.instrument.item(int(item)), self.lang)}")

    def _wave(self, wave: str | None, allow_empty: bool = False) -> str | None:
        if (wave is None or str(wave) == "") and allow_empty:
            return None
        return find_name(str(wave), self.data.waves, what="wave", where=str(self.data.folder))

    def banner(self) -> str:
        return (f'<p class="tk-banner" role="note"><strong>{self.t("synthetic")}</strong></p>'
                if self.data.synthetic else "")

    def method(self, responses: pd.DataFrame, subject: str, where: dict[str, list[str]] | None = None) -> Section:
        """n per wave and function (as the plan allows), response, the rule, provenance.
        ``where``: the group the report is about (e.g. its municipality), {} for all."""
        where = where or {}
        waves = [w for w in self.data.waves if (responses["wave"].astype(str) == w).any()]
        one = responses.drop_duplicates("respondent_id")
        counts = one.groupby([one["wave"].astype(str), one["function"].astype(str)]).size()
        parts = list(PARTS)
        head = "".join(f'<th scope="col">{self.t(c)}</th>' for c in ["total", *parts])
        rows = []
        rates = None
        if self.invited is not None:
            inv = self.invited
            if "municipality" in responses and responses["municipality"].nunique() == 1:
                inv = inv[inv["municipality"] == str(responses["municipality"].iloc[0])]
            inv = inv.groupby("wave", as_index=False)["invited"].sum()
            rates = response(responses, by=["wave"], invited=inv, min_n=self.min_n)
            head += f'<th scope="col">{self.t("invited")}</th><th scope="col">{self.t("rate")}</th>'
        notes = []
        dash = self.num(None)
        led = self.ledger
        for w in waves:
            sizes = [int(counts.get((w, c), 0)) for c in parts]
            total = sum(sizes)
            g = {**where, "wave": [w]}
            shown = total > 0 and self.allows(RESPONDENTS, g)
            # a small part beside the others is their difference: parts only as the plan allows
            split = shown and all(self.allows(RESPONDENTS, {**g, "function": [c]}) for c in parts)
            def count(k: int, grp: dict, show: bool) -> str:
                return self.num(led.add("method", "respondents", k, RESPONDENTS, grp), 0) if show else dash

            cells = f"<td>{count(total, g, shown)}</td>"
            cells += "".join(f"<td>{count(k, {**g, 'function': [c]}, split)}</td>"
                             for k, c in zip(sizes, parts, strict=True))
            if rates is not None:
                r = rates[rates["wave"].astype(str) == w]
                inv_n = r["invited"].iloc[0] if len(r) else np.nan
                rate = r["response_rate"].iloc[0] if len(r) and shown else np.nan  # n = rate x invited
                led.add("method", "invited", inv_n)
                pct = self.num(led.add("method", "response rate %", rate * 100, RESPONDENTS, g, n=total)
                               if pd.notna(rate) else None, 0)
                cells += f"<td>{self.num(inv_n, 0)}</td><td>{pct}{' %' if pd.notna(rate) else ''}</td>"
                if shown and len(r) and bool(r["low_response"].iloc[0]):
                    notes.append(f'<p class="tk-caution" role="note">{self.t("low", w=w, r=pct)}</p>')
            rows.append(f'<tr><th scope="row">{esc(w)}</th>{cells}</tr>')
        table = (f'<div class="tk-scroll" role="region" tabindex="0" aria-label="{self.t("method_n")}">'
                 f'<table class="tk-table"><caption>{self.t("method_n")}{esc(subject)}</caption><thead><tr>'
                 f'<th scope="col">{self.t("wave")}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
                 "</table></div>")
        if rates is None:
            notes.append(f"<p>{self.t('no_invited')}</p>")
        files = []
        for f in self.data.files:  # a file's rows are its respondents: counted as the plan allows
            f = dict(f)
            name = str(f.get("file", ""))
            if "rows_kept" in f:
                if self.allows(RESPONDENTS, {"source_file": [name]}):
                    led.add("method", "respondents", f["rows_kept"], RESPONDENTS, {"source_file": [name]})
                else:
                    f["rows_kept"] = dash
            led.add("method", "rows rejected", f.get("rows_rejected"))
            files.append(f)
        ftable = source_files_table(files, self.lang)
        made = self.t("made_with", v=self.data.ingest.get("tuffkit_version", "?"), i=self.instrument.id)
        body = (f'<div class="tk-method">{table}{"".join(notes)}<p>{self.t("rule", k=self.min_n)}</p>'
                f"{ftable}<p>{made}</p></div>")
        return self._flush(section("method", self.t("method"), body))


class MunicipalityReport(_Base):
    """The report for one municipality's leadership.

    Parameters
    ----------
    data
        The output folder of ``tuffkit ingest`` (or a :class:`~tuffkit.processed.Processed`).
    municipality
        As spelt in the data (case forgiven); an unknown name raises an error that lists
        the close matches.
    from_wave, to_wave
        The two waves compared (start and end of the programme).
    followup_wave
        A later wave for the fade ("" or None: none).
    lang
        ``"sv"`` (decimal comma) or ``"en"``.
    min_n
        The smallest group shown.
    title
        The report's title ("" gives the default).
    invited
        Optional CSV of the number invited (see :func:`tuffkit.processed.read_invited`).

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> out = tempfile.mkdtemp(); _ = write_ingest(read_survey(RAW_DIR), out)
    >>> rep = MunicipalityReport(out, "botkyrka")
    >>> rep.municipality, "Sammanfattning" in rep.summary().html
    ('Botkyrka', True)
    """

    def __init__(self, data: str | Path | Processed, municipality: str, from_wave: str = "2012-10",
                 to_wave: str = "2013-05", followup_wave: str | None = "2014", lang: Lang = "sv",
                 min_n: int = MIN_N, title: str = "", invited: str | Path | None = None,
                 instrument: str = "lfr19", followed: list[str] | tuple[str, ...] = LFR3_FOLLOWED,
                 ledger: str | Path | None = None) -> None:
        super().__init__(data, lang, min_n, invited, instrument, followed, ledger)
        self.municipality = self.data.municipality(municipality)
        self.from_wave = self._wave(from_wave)
        self.to_wave = self._wave(to_wave)
        self.followup_wave = self._wave(followup_wave, allow_empty=True)
        self.title = str(title) if title else TEXTS["title_muni"][self.lang].format(m=self.municipality)
        r = self.data.responses
        self.mine = r[r["municipality"] == self.municipality]
        g = self.group
        self.levels = self._planned(item_summary(self.mine, by=["wave"], min_n=self.min_n), lambda x: g(x.wave))
        self.change = self._planned_change(change(self.mine, self.from_wave, self.to_wave, min_n=self.min_n),
                                           lambda x: g(x.from_wave), lambda x: g(x.to_wave))
        if self.shared:  # the same for every municipality: once per run
            change_all = runcache.all_change(self.data.folder, self.from_wave, self.to_wave, self.min_n)
        else:
            change_all = change(r, self.from_wave, self.to_wave, min_n=self.min_n)
        self.change_all = self._planned_change(change_all, lambda x: {"wave": [x.from_wave]},
                                               lambda x: {"wave": [x.to_wave]})
        # management and support apart only where no third part is small (privacy.suppress_splits)
        # and as the run's plan allows
        gaps = suppress_splits(role_gap(self.mine, by=["wave"], min_n=self.min_n), self.mine, ["wave"],
                               min_n=self.min_n)
        self.gaps = _blank(gaps, [not all(self.allows(int(x.item), g(x.wave, f)) for f in PARTS)
                                  for x in gaps.itertuples()]) if len(gaps) else gaps

    def group(self, wave: str, function: str | None = None) -> dict[str, list[str]]:
        """The respondents of the municipality in ``wave`` (and ``function``), as the plan and the
        ledger name them."""
        g = {"wave": [str(wave)], "municipality": [self.municipality]}
        return {**g, "function": [function]} if function else g

    def _n(self, wave: str) -> int | None:
        """Respondents of the municipality in ``wave``, or None when the plan hides them."""
        n = int(self.mine.loc[self.mine["wave"].astype(str) == wave, "respondent_id"].nunique())
        return n if n >= self.min_n and self.allows(RESPONDENTS, self.group(wave)) else None

    def header(self) -> Section:
        """The title, what is compared, and a banner when the data is synthetic."""
        date = str(self.data.ingest.get("created", ""))[:10]
        sub = self.t("subtitle", a=self.from_wave, b=self.to_wave, d=date)
        return Section(f'<header class="tk-header"><h1>{esc(self.title)}</h1><p>{sub}</p>{self.banner()}</header>')

    def summary(self) -> Section:
        """One screen in plain language: strongest, most improved, weakest, role gaps, fade."""
        m, w = self.municipality, self.to_wave
        n = self._n(w)
        led, g = self.ledger, self.group
        if n is None:
            return self._flush(section("summary", self.t("summary"), f"<p>{self.t('too_few', m=m, w=w)}</p>"))
        parts = [f"<p>{self.t('intro', n=led.add('summary', 'respondents', n, RESPONDENTS, g(w)), m=m, w=w)}</p>"]
        lv = self.levels[self.levels["wave"].astype(str) == w]
        tb = top_bottom(lv, "mean", top=3, bottom=3)
        best = tb[tb["rank_position"] == "highest"]
        worst = tb[tb["rank_position"] == "lowest"]
        parts.append(f"<h3>{self.t('strongest', w=w)}</h3>" + bullet_list(
            [f"{self.statement(r.item)} ({self.num(led.add('summary', 'mean', r.mean, r.item, g(w), r.n))})"
             for r in best.itertuples()]))
        ch = top_bottom(self.change, "diff", top=3, bottom=0)
        diffs = [self._record_change("summary", r.item, r.diff, g(r.from_wave), g(r.to_wave), r.n_from, r.n_to)
                 for r in ch.itertuples()]
        parts.append(f"<h3>{self.t('improved', a=self.from_wave, b=w)}</h3>" + (bullet_list(
            [f"{self.statement(r.item)} ({self.num(d, signed=True)})" for r, d in zip(ch.itertuples(), diffs,
                                                                                         strict=True)])
            if len(ch) else f"<p>{self.t('no_change')}</p>"))
        parts.append(f"<h3>{self.t('weakest', w=w)}</h3>" + bullet_list(
            [f"{self.statement(r.item)} ({self.num(led.add('summary', 'mean', r.mean, r.item, g(w), r.n))})"
             for r in worst.itertuples()]))
        gaps = self._top_gaps()
        items = []
        for r in gaps.itertuples():
            key = "mgmt_higher" if r.gap > 0 else "supp_higher"
            led.add("summary", "gap", abs(r.gap), r.item, g(w, "management"), r.n_management)
            led.add("summary", "gap", abs(r.gap), r.item, g(w, "support"), r.n_support)
            items.append(f"{self.statement(r.item)} ({self.t(key, g=self.num(abs(r.gap)))})")
        parts.append(f"<h3>{self.t('gaps', w=w)}</h3>" + (bullet_list(items) if items else
                                                           f"<p>{self.t('no_gaps', k=self.min_n)}</p>"))
        if self.followup_wave and (self.mine["wave"].astype(str) == self.followup_wave).any():
            f = self.followup_wave
            fd = self._planned_change(fade(self.mine, end_wave=w, follow_wave=f, followed=[m], min_n=self.min_n),
                                      lambda x: g(x.from_wave), lambda x: g(x.to_wave))
            shown = fd[~fd["suppressed"].astype(bool)]
            text = f"<h3>{self.t('fade', f=f)}</h3>"
            if len(shown):
                fell = shown[shown["fell_back"].astype(bool)]
                for r in shown.itertuples():  # the count of statements lower rests on every one compared
                    self._record_change("summary", r.item, r.diff, g(r.from_wave), g(r.to_wave), r.n_from, r.n_to)
                k_fell = led.add("summary", "statements lower", len(fell))
                text += f"<p>{self.t('fade_text', k=k_fell, t=led.add('summary', 'statements', len(shown)), f=f, b=w)}"
                clear = top_bottom(fell, "diff", top=0, bottom=2)
                if len(clear):
                    named = ", ".join(f"{self.statement(r.item)} ({self.num(r.diff, signed=True)})"
                                      for r in clear.itertuples())
                    text += " " + TEXTS["fade_clear"][self.lang].format(s=named)
                text += "</p>"
            else:
                text += f"<p>{self.t('no_fade', f=f, b=w)}</p>"
            parts.append(text)
        return self._flush(section("summary", self.t("summary"), "".join(parts)))

    def _top_gaps(self, k: int = 3) -> pd.DataFrame:
        g = self.gaps[(self.gaps["wave"].astype(str) == self.to_wave) & ~self.gaps["suppressed"].astype(bool)]
        return g.assign(abs_gap=g["gap"].abs()).sort_values(["abs_gap", "item"], ascending=[False, True]).head(k)

    def statements(self) -> Section:
        """Every statement: the municipality's two means and change beside all municipalities'."""
        a, b = self.from_wave, self.to_wave
        mine = self.change.set_index("item")
        alls = self.change_all.set_index("item")
        frame = pd.DataFrame({"item": self.instrument.item_numbers})
        frame["statement"] = [getattr(self.instrument.item(i), self.lang) for i in frame["item"]]
        for col, src in (("m_from", (mine, "mean_from")), ("m_to", (mine, "mean_to")), ("m_diff", (mine, "diff")),
                         ("a_from", (alls, "mean_from")), ("a_to", (alls, "mean_to")), ("a_diff", (alls, "diff"))):
            s, c = src
            frame[col] = frame["item"].map(s[c].astype(float)).astype(float)
        led, g = self.ledger, self.group
        for src, mk in ((self.change, g), (self.change_all, lambda w: {"wave": [w]})):
            for r in src.itertuples():
                led.add("statements", "mean", r.mean_from, int(r.item), mk(a), r.n_from)
                led.add("statements", "mean", r.mean_to, int(r.item), mk(b), r.n_to)
                if pd.notna(r.diff):
                    self._record_change("statements", r.item, r.diff, mk(a), mk(b), r.n_from, r.n_to)
        m, al, chg = self.municipality, self.t("all_munis"), self.t("change_word")
        heads = {"item": self.t("nr"), "statement": self.t("statement"), "m_from": f"{m} {a}", "m_to": f"{m} {b}",
                 "m_diff": f"{m} {chg.lower()}", "a_from": f"{al} {a}",
                 "a_to": f"{al} {b}", "a_diff": f"{al} {chg.lower()}"}
        # the headers are escaped by styled_table; texts from TEXTS hold no markup
        heads = {k: html.unescape(v) for k, v in heads.items()}
        styler = styled_table(frame, heads, self.lang, highlight=["m_from", "m_to", "m_diff"], uuid="statements")
        intro = f"<p>{self.t('statements_intro', m=m)}</p>"
        return self._flush(section(
            "statements", self.t("statements"),
            intro + f'<div class="tk-scroll" role="region" aria-label="{esc(self.t("statements"))}" '
                    f'tabindex="0">{styler.to_html()}</div>'))

    def distributions(self) -> Section:
        """Diverging stacked bars of every statement, grouped by theme, for the two waves."""
        waves = [self.from_wave, self.to_wave]
        lv = self.levels[self.levels["wave"].astype(str).isin(waves)]
        if lv.empty:  # e.g. a municipality that answered only in the follow-up
            text = self.t("no_answers", m=self.municipality, w=" / ".join(waves))
            return section("distributions", self.t("distributions"), f"<p>{text}</p>")
        self._distribution_entries("distributions", lv, lambda r: self.group(r.wave))
        fig = plots.diverging_bars(lv, panels="wave", lang=self.lang, instrument=self.instrument,
                                   subject=f", {self.municipality}")
        return self._flush(section("distributions", self.t("distributions"), fig._repr_html_()))

    def roles(self, k: int = 3) -> Section:
        """Management and support per scale step for the ``k`` statements with the largest gap."""
        gaps = self._top_gaps(k)
        if gaps.empty:
            return section("roles", self.t("roles"), f"<p>{self.t('no_gaps', k=self.min_n)}</p>")
        waves = [w for w in (self.from_wave, self.to_wave, self.followup_wave) if w]
        waves = [w for w in waves if (self.mine["wave"].astype(str) == w).any()]
        items = sorted(int(i) for i in gaps["item"])
        summ = item_summary(self.mine[self.mine["item"].isin(items)], by=["wave", "function"], min_n=self.min_n)
        summ = suppress_splits(summ, self.mine, ["wave"], min_n=self.min_n)
        summ = self._planned(summ, lambda r: self.group(r.wave, r.function))
        self._distribution_entries("roles", summ, lambda r: self.group(r.wave, r.function), means=True)
        fig = plots.role_panels(summ, items, waves, lang=self.lang, instrument=self.instrument,
                                subject=f", {self.municipality}")
        intro = f"<p>{self.t('roles_intro', w=self.to_wave)}</p>"
        return self._flush(section("roles", self.t("roles"), intro + fig._repr_html_()))

    def measures(self) -> Section:
        """Run and control charts of the municipality's measures (e.g. Kolada key figures), when
        ``tuffkit ingest-measures`` wrote any for it into the data folder; else nothing."""
        return measure_section(self.data.folder, self.municipality, self.lang)

    def method(self) -> Section:  # type: ignore[override]
        """n per wave and function, response, the suppression rule and the source files."""
        return super().method(self.mine, f", {self.municipality}", {"municipality": [self.municipality]})


class ProgramReport(_Base):
    """The whole course group: the LfR follow-up report's Tables 1-2 and Diagrams 1-13.

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> out = tempfile.mkdtemp(); _ = write_ingest(read_survey(RAW_DIR), out)
    >>> "3,29" in ProgramReport(out).table2().html
    True
    """

    def __init__(self, data: str | Path | Processed, from_wave: str = "2012-10", to_wave: str = "2013-05",
                 followup_wave: str | None = "2014", followed: list[str] | tuple[str, ...] = LFR3_FOLLOWED,
                 lang: Lang = "sv", min_n: int = MIN_N, title: str = "", invited: str | Path | None = None,
                 instrument: str = "lfr19", ledger: str | Path | None = None) -> None:
        super().__init__(data, lang, min_n, invited, instrument, followed, ledger)
        self.from_wave = self._wave(from_wave)
        self.to_wave = self._wave(to_wave)
        self.followup_wave = self._wave(followup_wave, allow_empty=True)
        # every name must be in the data (an unknown one raises, with close matches); the plan's
        # focus (focus_of) is the same names as the data spells them
        self.followed = [self.data.municipality(m) for m in followed]
        self.title = str(title) if title else TEXTS["title_program"][self.lang]
        self.r = mark_followed(self.data.responses, self.followed)
        self.fol = self.r[self.r["followed_up"] == "followed-up"]

    def group(self, wave: str | None, kind: str = "all", function: str | None = None) -> dict[str, list[str]]:
        """The respondents of all municipalities (``kind="all"``), the followed-up or the others in
        ``wave`` (None: every wave) and ``function``, as the plan and the ledger name them."""
        g: dict[str, list[str]] = {} if wave is None else {"wave": [str(wave)]}
        if kind in ("followed-up", "other"):
            g["municipality"] = list(self.focus if kind == "followed-up" else self.others)
        return {**g, "function": [function]} if function else g

    def header(self) -> Section:
        date = str(self.data.ingest.get("created", ""))[:10]
        sub = self.t("subtitle", a=self.from_wave, b=self.to_wave, d=date)
        n = int(self.r["respondent_id"].nunique())
        n_text = self.num(self.ledger.add("header", "respondents", n, RESPONDENTS, self.group(None)), 0) \
            if self.allows(RESPONDENTS, self.group(None)) else self.num(None)
        k = self.ledger.add("header", "municipalities", len(self.data.municipalities))
        intro = self.t("program_intro", n=n_text, k=k, w=", ".join(self.data.waves))
        return self._flush(Section(f'<header class="tk-header"><h1>{esc(self.title)}</h1><p>{sub}</p><p>{intro}</p>'
                                   f"{self.banner()}</header>"))

    def _change_entries(self, sec: str, ch: pd.DataFrame, kind_of: Any = lambda r: "all",
                        means: bool = True) -> None:
        led = self.ledger
        for r in ch.itertuples():
            ga, gb = self.group(r.from_wave, kind_of(r)), self.group(r.to_wave, kind_of(r))
            if means:
                led.add(sec, "mean", r.mean_from, int(r.item), ga, r.n_from)
                led.add(sec, "mean", r.mean_to, int(r.item), gb, r.n_to)
                led.add(sec, "answers", r.n_from, int(r.item), ga, r.n_from)
                led.add(sec, "answers", r.n_to, int(r.item), gb, r.n_to)
            if pd.notna(r.diff):
                self._record_change(sec, r.item, r.diff, ga, gb, r.n_from, r.n_to)

    def table2(self) -> Section:
        """Table 2: the mean of every statement, start and end, all municipalities."""
        ch = self._planned_change(change(self.r, self.from_wave, self.to_wave, min_n=self.min_n),
                                  lambda x: self.group(x.from_wave), lambda x: self.group(x.to_wave))
        self._change_entries("table2", ch)
        styler = table2(ch, lang=self.lang, instrument=self.instrument).set_uuid("table2")
        return self._flush(section("table2", self.t("table2"), f'<div class="tk-scroll" role="region" tabindex="0" '
                                   f'aria-label="{esc(self.t("table2"))}">{styler.to_html()}</div>'))

    def table1(self, item: int = 8) -> Section:
        """Table 1: one statement, all vs the followed-up municipalities, every wave and the changes."""
        waves = [w for w in (self.from_wave, self.to_wave, self.followup_wave) if w]
        rows = []
        led = self.ledger
        for label, frame, kind in ((self.t("all_munis"), self.r, "all"),
                                   (self.t("followed", k=len(self.followed)), self.fol, "followed-up")):
            lv = item_summary(frame[frame["item"] == item], by=["wave"], min_n=self.min_n)
            lv = self._planned(lv, lambda x, kind=kind: self.group(x.wave, kind)).set_index("wave")
            rec = {"group": html.unescape(label)}
            for w in waves:
                ok = w in lv.index.astype(str) and not bool(lv.loc[w, "suppressed"])
                rec[w] = float(lv.loc[w, "mean"]) if ok else np.nan
                if ok:
                    led.add("table1", "mean", rec[w], item, self.group(w, kind), int(lv.loc[w, "n"]))
            rec["d1"] = rec[self.to_wave] - rec[self.from_wave]
            if self.followup_wave:
                rec["d2"] = rec[self.followup_wave] - rec[self.from_wave]
            for d, w in (("d1", self.to_wave), ("d2", self.followup_wave)):
                if d in rec and pd.notna(rec[d]):
                    self._record_change("table1", item, rec[d], self.group(self.from_wave, kind), self.group(w, kind))
            rows.append(rec)
        frame = pd.DataFrame(rows)
        heads = {"group": TEXTS["group"][self.lang], **{w: w for w in waves},
                 "d1": f"{self.to_wave} – {self.from_wave}"}
        if self.followup_wave:
            heads["d2"] = f"{self.followup_wave} – {self.from_wave}"
        styler = styled_table(frame, heads, self.lang, uuid="table1")
        title = self.t("table1")
        return self._flush(section("table1", title, f'<p>{self.statement(item)}</p><div class="tk-scroll" '
                                   f'role="region" tabindex="0" aria-label="{title}">{styler.to_html()}</div>'))

    def _figure(self, title: str, fig: plots.ReportFigure) -> str:
        return f"<h3>{esc(html.unescape(title))}</h3>{fig._repr_html_()}"

    def _levels(self, frame: pd.DataFrame, kind: str, sec: str) -> pd.DataFrame:
        lv = self._planned(item_summary(frame, by=["wave"], min_n=self.min_n), lambda x: self.group(x.wave, kind))
        for r in lv[~lv["suppressed"].astype(bool)].itertuples():
            self.ledger.add(sec, "mean", r.mean, int(r.item), self.group(r.wave, kind), r.n)
        return lv

    def means(self) -> Section:
        """Diagrams 1-2: the mean per statement at the start, end (and follow-up)."""
        r = self.r[self.r["wave"].astype(str).isin([self.from_wave, self.to_wave])]
        lv = self._levels(r, "all", "means")
        d1 = plots.statement_bars(lv, "mean", "wave", self.lang, self.instrument, xlim=(1, 7),
                                  caption=self.t("diagram", k=1, t=self.t("d1")), xlabel=self.t("mean"))
        body = self._figure(self.t("diagram", k=1, t=self.t("d1")), d1)
        if self.followup_wave:
            lf = self._levels(self.fol, "followed-up", "means")
            d2 = plots.statement_bars(lf, "mean", "wave", self.lang, self.instrument, xlim=(1, 7),
                                      caption=self.t("diagram", k=2, t=self.t("d2")), xlabel=self.t("mean"))
            body += self._figure(self.t("diagram", k=2, t=self.t("d2")), d2)
        return self._flush(section("means", self.t("means_section"), body))

    def roles(self) -> Section:
        """Diagrams 3-10: management and support per scale step for statements 4, 7, 10, 1, 5."""
        specs = [(3, (4, 7, 10), self.r, False), (6, (4, 7, 10), self.fol, True), (9, (1,), self.r, False),
                 (10, (5,), self.fol, True)]
        body = ""
        for first, items, frame, three in specs:
            kind = "followed-up" if three else "all"
            waves = [self.from_wave, self.to_wave] + ([self.followup_wave] if three and self.followup_wave else [])
            sub = frame[frame["item"].isin(items) & frame["wave"].astype(str).isin(waves)]
            summ = item_summary(sub, by=["wave", "function"], min_n=self.min_n)
            summ = suppress_splits(summ, frame, ["wave"], min_n=self.min_n)
            summ = self._planned(summ, lambda x, kind=kind: self.group(x.wave, kind, x.function))
            self._distribution_entries("roles", summ, lambda x, kind=kind: self.group(x.wave, kind, x.function),
                                       means=True)
            group = self.t("followed_group") if three else self.t("all_group")
            for k, item in enumerate(items):
                title = self.t("diagram", k=first + k, t=self.t("d_roles", i=item, g=group))
                fig = plots.role_panels(summ, [item], waves, self.lang, self.instrument, subject=f", {group}")
                body += self._figure(title, fig)
        return self._flush(section("roles", self.t("roles_section"), body))

    def followed_vs_others(self) -> Section:
        """Diagrams 11-13: followed-up vs other municipalities, in each wave and in the change."""
        r = self.r[self.r["wave"].astype(str).isin([self.from_wave, self.to_wave])]
        lv = item_summary(r, by=["wave", "followed_up"], min_n=self.min_n)
        lv = self._planned(lv, lambda x: self.group(x.wave, str(x.followed_up)))
        for x in lv[~lv["suppressed"].astype(bool)].itertuples():
            self.ledger.add("followed", "mean", x.mean, int(x.item), self.group(x.wave, str(x.followed_up)), x.n)
        names = {"followed-up": html.unescape(self.t("followed", k=len(self.followed))),
                 "other": self.t("others")}
        lv = lv.assign(group=lv["followed_up"].astype(str).map(names))
        body = ""
        for k, w in ((11, self.from_wave), (12, self.to_wave)):
            title = self.t("diagram", k=k, t=self.t("d11", w=w))
            fig = plots.statement_bars(lv[lv["wave"].astype(str) == w], "mean", "group", self.lang, self.instrument,
                                       xlim=(1, 7), caption=html.unescape(title), xlabel=self.t("mean"))
            body += self._figure(title, fig)
        ch = change(self.r, self.from_wave, self.to_wave, by=["followed_up"], min_n=self.min_n)
        ch = self._planned_change(ch, lambda x: self.group(x.from_wave, str(x.followed_up)),
                                  lambda x: self.group(x.to_wave, str(x.followed_up)))
        self._change_entries("followed", ch, lambda x: str(x.followed_up), means=False)
        ch = ch.assign(group=ch["followed_up"].astype(str).map(names))
        title = self.t("diagram", k=13, t=self.t("d13", a=self.from_wave, b=self.to_wave))
        fig = plots.statement_bars(ch, "diff", "group", self.lang, self.instrument, caption=html.unescape(title),
                                   xlabel=self.t("change_word"))
        body += self._figure(title, fig)
        return self._flush(section("followed", self.t("followed_section"), body))

    def method(self) -> Section:  # type: ignore[override]
        return super().method(self.r, "", {})
