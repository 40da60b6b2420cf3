"""The parts of the survey reports: each method returns one section as HTML, built from the
protected summaries of :mod:`tuffkit.survey`, in Swedish or English.

Everything that is particular to a study (its title, instrument, the word for its units,
its waves and which is the baseline, end and follow-up, its role groups, its focus group,
``min_n`` and the language) comes from the study recorded in the processed folder
(:mod:`tuffkit.study`); nothing here names a study, a unit or a wave. A report notebook
holds a ``parameters`` cell and one call per section::

    rep = UnitReport("data/processed/lfr3", "Botkyrka")
    rep.header()
    rep.summary()
    rep.statements()
    ...

What a section shows follows the data: one wave gives levels, two the change, three or
more the trend as well; no role section without role data; no focus-group parts without a
focus group. Every value that comes from the data (names, titles, file names) is
HTML-escaped, nothing here reads free text from respondents, and every number comes from
a summary that has already blanked the groups smaller than ``min_n`` and that the run's
disclosure plan allows.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tuffkit.disclosure import PARTS, RESPONDENTS, Plan
from tuffkit.errors import TuffkitError
from tuffkit.fingerprint import fingerprint
from tuffkit.instrument import Instrument, load_instrument
from tuffkit.names import find_name
from tuffkit.privacy import check_min_n, suppress_splits
from tuffkit.processed import Processed, read_invited
from tuffkit.report import plots, runcache
from tuffkit.report.html import Section, bullet_list, esc, section, source_files_table
from tuffkit.report.ledger import Ledger
from tuffkit.report.measures import measure_section
from tuffkit.report.tables import Lang, check_lang, format_number, plural, styled_table, table2
from tuffkit.study import Study
from tuffkit.survey import (
    LOW_RESPONSE,
    change,
    fade,
    index_change,
    index_scores,
    item_summary,
    mark_followed,
    response,
    role_gap,
    study_change,
    top_bottom,
)

__all__ = ["UnitReport", "StudyReport", "MunicipalityReport", "ProgramReport", "TEXTS", "focus_of", "certainty"]


# every text of the reports, Swedish and English: T[key][lang]. {unit}/{units}: the study's
# word for one unit and for several; {mgmt}/{supp}/{nst}: its role groups' labels
TEXTS: dict[str, dict[str, str]] = {
    "subtitle_one": {"sv": "Omgång: {a}. Data inlästa {d}.", "en": "Wave: {a}. Data read {d}."},
    "subtitle": {"sv": "Jämför {a} med {b}. Data inlästa {d}.", "en": "Compares {a} with {b}. Data read {d}."},
    "synthetic": {"sv": "Syntetiska exempeldata – inte verkliga svar. Rapporten visar hur verktyget fungerar.",
                  "en": "Synthetic example data – not real answers. The report shows how the tool works."},
    "summary": {"sv": "Sammanfattning", "en": "Summary"},
    "intro": {"sv": "{n} svarade på enkäten i {m} {w_in}. Skalan går från {lo} ({lo_l}) till {hi} ({hi_l}).",
              "en": "{n} answered the survey in {m} in {w}. The scale runs from {lo} ({lo_l}) to {hi} ({hi_l})."},
    "intro_people": {"sv": "person", "en": "person"},
    "intro_people_pl": {"sv": "personer", "en": "people"},
    # hidden results say the same whatever hid them: "fewer than 5" beside "hidden for the others" would
    # tell a reader more about a group's size than the numbers do
    "too_few": {"sv": "Resultaten från {m} {w_in} visas inte: för få svar, eller dolda för att skydda en liten grupp "
                      "(se Om underlaget).",
                "en": "The results from {m} in {w} are not shown: too few answers, or hidden to protect a small "
                      "group (see About the data)."},
    "summary_of": {"sv": "Sammanfattningen gäller i stället {w}, den senaste omgången som kan visas.",
                   "en": "The summary is for {w} instead, the latest wave that can be shown."},
    "strongest": {"sv": "Starkast {w_in}", "en": "Strongest in {w}"},
    "weakest": {"sv": "Svagast {w_in}", "en": "Weakest in {w}"},
    "improved": {"sv": "Störst förändring från {a} till {b}", "en": "Largest change from {a} to {b}"},
    "no_change": {"sv": "Förändringen kan inte visas: för få svar, eller dolt för att skydda en liten grupp.",
                  "en": "The change cannot be shown: too few answers, or hidden to protect a small group."},
    "sure": {"sv": "större än slumpen", "en": "larger than chance"},
    "unsure": {"sv": "kan vara slump", "en": "could be chance"},
    "small": {"sv": "liten grupp, tolka försiktigt", "en": "small group, read with care"},
    "sure_note": {"sv": "”Större än slumpen”: skillnaden håller i ett test som tar hänsyn till att många påståenden "
                        "jämförs (Mann–Whitney, Holm-justerat, 5 %). ”Kan vara slump”: skillnaden kan ha uppstått "
                        "av en slump bland dem som råkade svara. ”Liten grupp”: färre än {small} svar i någon av "
                        "omgångarna som jämförs.",
                  "en": "“Larger than chance”: the difference holds in a test that allows for many statements "
                        "being compared (Mann–Whitney, Holm-adjusted, 5%). “Could be chance”: the difference may "
                        "have arisen by chance among those who happened to answer. “Small group”: fewer than {small} "
                        "answers in one of the waves compared."},
    "nested_note": {"sv": "För hela studien räknas de svarande inom en enhet inte som oberoende av varandra: "
                          "förändringen skattas med en flernivåmodell där varje enhet har sin egen slumpmässiga nivå, "
                          "och det är den som avgör om en förändring är större än slumpen.",
                    "en": "For the whole study the respondents of one unit are not counted as independent of each "
                          "other: the change is estimated with a model in which every unit has its own level (a "
                          "random intercept per unit), and that model decides whether a change is larger than "
                          "chance."},
    "gaps": {"sv": "Där {mgmt_l} och {supp_l} skiljer sig mest ({w})", "en": "Where {mgmt_l} and {supp_l} differ "
                                                                             "most ({w})"},
    "no_gaps": {"sv": "{mgmt} och {supp_l} kan inte jämföras: någon av grupperna {mgmt_l}, {supp_l} och {nst_l} "
                      "har för få svar, eller är dold för att skydda en liten grupp.",
                "en": "{mgmt} and {supp_l} cannot be compared: one of the groups {mgmt_l}, {supp_l} and {nst_l} "
                      "has too few answers, or is hidden to protect a small group."},
    "higher": {"sv": "{r} {g} högre", "en": "{r} {g} higher"},
    "fade": {"sv": "Uppföljning: {f}", "en": "Follow-up: {f}"},
    "followup_n": {"sv": "{n} svarade {f_in}.", "en": "{n} answered in {f}."},
    "fade_text": {"sv": "{k} av {t} påståenden låg lägre {f_in} än {b_in}.",
                  "en": "{k} of {t} statements were lower in {f} than in {b}."},
    "fade_text_part": {"sv": "{k} av de {t} påståenden som kan visas låg lägre {f_in} än {b_in} (övriga {h} visas "
                             "inte: de bygger på för få svar eller skulle kunna avslöja enskildas svar).",
                       "en": "{k} of the {t} statements that can be shown were lower in {f} than in {b} (the other "
                             "{h} are not shown: they rest on too few answers or could give away individual "
                             "answers)."},
    "fade_text_one": {"sv": "{k} av de {t} påståenden som kan visas låg lägre {f_in} än {b_in} (det återstående "
                            "påståendet visas inte: det bygger på för få svar eller skulle kunna avslöja "
                            "enskildas svar).",
                      "en": "{k} of the {t} statements that can be shown were lower in {f} than in {b} (the remaining "
                            "one is not shown: it rests on too few answers or could give away individual answers)."},
    "fade_clear": {"sv": "Störst tillbakagång: {s}.", "en": "Largest fall: {s}."},
    "lasted": {"sv": "Höll förändringen? {k} av {t} påståenden låg högre {f_in} än {b_in}, före förändringsarbetet.",
               "en": "Did the change last? {k} of {t} statements were higher in {f} than in {b}, before the "
                     "improvement work."},
    "lasted_part": {"sv": "Höll förändringen? {k} av de {t} påståenden som kan visas låg högre {f_in} än {b_in}, före "
                          "förändringsarbetet.",
                    "en": "Did the change last? {k} of the {t} statements that can be shown were higher in {f} than "
                          "in {b}, before the improvement work."},
    "lasted_sure": {"sv": "För {s} av dem är skillnaden större än slumpen.",
                    "en": "For {s} of them the difference is larger than chance."},
    "lasted_none": {"sv": "För inget påstående är skillnaden mot {b} större än slumpen.",
                    "en": "For no statement is the difference from {b} larger than chance."},
    "lasted_lower": {"sv": "{s} påståenden ligger lägre än {b_in} med en skillnad större än slumpen.",
                     "en": "{s} statements are lower than in {b} by a difference larger than chance."},
    "lasted_lower_one": {"sv": "Ett påstående ligger lägre än {b_in} med en skillnad större än slumpen.",
                         "en": "One statement is lower than in {b} by a difference larger than chance."},
    "lasted_largest": {"sv": "Störst skillnad mot {b}:", "en": "Largest difference from {b}:"},
    "no_fade": {"sv": "{f} kan inte jämföras med {b}: för få svar, eller dolt för att skydda en liten grupp.",
                "en": "{f} cannot be compared with {b}: too few answers, or hidden to protect a small group."},
    "statements": {"sv": "Alla påståenden", "en": "All statements"},
    "statements_intro": {
        "sv": "Medelvärde per påstående för {m} bredvid alla {units}. Fetstil: högst i kolumnen, kursiv: lägst. "
              "Streck (–): för få svar, eller dolt för att skydda en liten grupp (se Om underlaget).",
        "en": "Mean per statement for {m} beside all {units}. Bold: highest in the column, italic: "
              "lowest. Dash (–): too few answers, or hidden to protect a small group (see About the data)."},
    "all_units": {"sv": "Alla {units}", "en": "All {units}"},
    "change_word": {"sv": "Förändring", "en": "Change"},
    "nr": {"sv": "Nr", "en": "No."},
    "statement": {"sv": "Påstående", "en": "Statement"},
    "trend": {"sv": "Utvecklingen över omgångarna", "en": "The trend over the waves"},
    "trend_intro": {"sv": "Medelvärde per påstående i varje omgång för {m}. Streck (–): för få svar, eller dolt "
                          "för att skydda en liten grupp.",
                    "en": "Mean per statement in every wave for {m}. Dash (–): too few answers, or hidden to "
                          "protect a small group."},
    "trend_caption": {"sv": "Medelvärde per omgång", "en": "Mean per wave"},
    "distributions": {"sv": "Så fördelar sig svaren", "en": "How the answers are distributed"},
    "roles": {"sv": "{mgmt} och {supp_l}", "en": "{mgmt} and {supp_l}"},
    "roles_intro": {"sv": "De påståenden där {mgmt_l} och {supp_l} skiljde sig mest {w_in}.",
                    "en": "The statements on which {mgmt_l} and {supp_l} differed most in {w}."},
    "indexes": {"sv": "Index", "en": "Indexes"},
    "indexes_intro": {"sv": "Index på skalan 0–100 (svaren omräknade linjärt från {lo}–{hi}), medelvärde per "
                            "omgång.",
                      "en": "Indexes on 0–100 (the answers rescaled linearly from {lo}–{hi}), mean per wave."},
    "index": {"sv": "Index", "en": "Index"},
    "index_sure": {"sv": "Slump?", "en": "Chance?"},
    "index_sure_note": {"sv": "En förändring av ett index är ”större än slumpen” när den håller i ett t-test "
                              "(Welch) på de svarandes indexvärden, Holm-justerat över indexen, 5 %; ”kan vara "
                              "slump” annars. ”Liten grupp”: färre än {small} svarande i någon av omgångarna som "
                              "jämförs. Totalindexet prövas på samma sätt som delindexen.",
                        "en": "An index's change is “larger than chance” when it holds in a t-test (Welch) on the "
                              "respondents' index values, Holm-adjusted over the indexes, 5%; “could be chance” "
                              "otherwise. “Small group”: fewer than {small} respondents in a wave compared. The "
                              "total index is tested as its subindexes are."},
    "index_sure_note_nested": {"sv": "En förändring av ett index är ”större än slumpen” när den håller i en "
                                     "flernivåmodell där varje {unit} har sin egen slumpmässiga nivå (svarande inom "
                                     "samma {unit} räknas inte som oberoende), Holm-justerat över indexen, 5 %; "
                                     "”kan vara slump” annars. "
                                     "”Liten grupp”: färre än {small} svarande i någon av omgångarna som jämförs. "
                                     "Totalindexet prövas på samma sätt som delindexen.",
                               "en": "An index's change is “larger than chance” when it holds in a model in which "
                                     "respondents of the same {unit} count as more alike (a random intercept), "
                                     "Holm-adjusted over the indexes, 5%; “could be chance” otherwise. “Small "
                                     "group”: fewer than {small} respondents in a wave compared. The total index is "
                                     "tested as its subindexes are."},
    "indexes_caption": {"sv": "Index per omgång", "en": "Indexes per wave"},
    "kolada_beside": {"sv": "Kolada ({u}, {y})", "en": "Kolada ({u}, {y})"},
    "method": {"sv": "Om underlaget", "en": "About the data"},
    "method_n": {"sv": "Antal svarande per omgång", "en": "Respondents per wave"},
    "method_n_roles": {"sv": "Antal svarande per omgång och grupp", "en": "Respondents per wave and group"},
    "wave": {"sv": "Omgång", "en": "Wave"},
    "total": {"sv": "Totalt", "en": "Total"},
    "invited": {"sv": "Inbjudna", "en": "Invited"},
    "rate": {"sv": "Svarsfrekvens", "en": "Response rate"},
    "rule": {"sv": "Resultat som bygger på färre än {k} svarande visas inte (–). Grupperna redovisas var för sig "
                   "bara när varje grupp har minst {k} svar eller inga alls; annars visas bara summan, eftersom en "
                   "liten grupp annars vore summan minus de andra. Av samma skäl döljs ibland också en större grupp: "
                   "är en {unit} dold i en omgång döljs fler, så att ingen kan räkna fram den genom att dra de "
                   "andras resultat från helheten – i den här rapporten eller i någon annan från samma underlag. "
                   "Ett medelvärde på {top} (skalans högsta steg) visar vad var och en svarat: där svaren skulle "
                   "avslöja en enskilds svar eller en liten grupps medelvärde visas bara medelvärdet, inte hur "
                   "svaren fördelar sig, eller ingenting. Ett streck betyder detsamma oavsett om ingen eller några "
                   "få svarade. Ingen svarsfrekvens visas där antalet svarande är dolt. Varje siffra är "
                   "kontrollerad tillsammans med alla rapporter från samma körning och allt som studien publicerat "
                   "tidigare. Omgångarna är oberoende anonyma urval: samma person kan inte följas mellan "
                   "omgångarna.",
             "en": "Results based on fewer than {k} respondents are not shown (–). Groups are shown apart only when "
                   "each has at least {k} answers or none; otherwise only their sum is shown, because a small group "
                   "would be the sum minus the others. For the same reason a larger group is sometimes hidden too: "
                   "when a {unit} is hidden in a wave, more are hidden, so that nobody can work it out by "
                   "subtracting the others' results from the whole – in this report or in any other from the same "
                   "data. A mean of {top} (the top of the scale) tells what each one answered: where the answers "
                   "would give away one person's answer or a small group's mean, only the mean is shown, not how "
                   "the answers are spread, or nothing. A dash means the same whether nobody or a few answered. "
                   "No response rate is shown where the number of respondents is hidden. Every number has "
                   "been checked together with all the reports of the same run and all the study has published "
                   "before. The waves are independent anonymous samples: no person can be followed from one wave "
                   "to the next."},
    "low": {"sv": "Observera: svarsfrekvensen {w_in} var {r} %, under {lim} %. Resultaten från den omgången ska "
                  "tolkas med viss försiktighet.",
            "en": "Note: the response rate in {w} was {r}%, below {lim}%. Results from that wave should be read "
                  "with some caution."},
    "no_invited": {"sv": "Antalet inbjudna saknas i underlaget, så svarsfrekvensen kan inte anges.",
                   "en": "The number invited is not in the data, so the response rate cannot be given."},
    "made_with": {"sv": "Framtagen med tuffkit {v}; studie {s}, instrument {i}.",
                  "en": "Made with tuffkit {v}; study {s}, instrument {i}."},
    "table1": {"sv": "Tabell 1. Påstående {i}, alla {units} och {focus}",
               "en": "Table 1. Statement {i}, all {units} and {focus}"},
    "table2": {"sv": "Tabell {k}. Medelvärde per påstående, alla {units}", "en": "Table {k}. Mean per statement, "
                                                                                "all {units}"},
    "bars_caption": {"sv": "En stapel per påstående och grupp; saknas stapeln har gruppen för få svar, eller är den "
                           "dold för att skydda en liten grupp.",
                     "en": "One bar per statement and group; a missing bar means too few answers, or hidden to "
                           "protect a small group."},
    "group": {"sv": "Grupp", "en": "Group"},
    "others": {"sv": "Övriga", "en": "Others"},
    "means_section": {"sv": "Medelvärden per påstående", "en": "Means per statement"},
    "roles_section": {"sv": "{mgmt} och {supp_l} per påstående", "en": "{mgmt} and {supp_l} per statement"},
    "followed_section": {"sv": "{Focus} jämfört med övriga", "en": "{Focus} compared with the others"},
    "mean": {"sv": "Medelvärde", "en": "Mean"},
    "diagram": {"sv": "Diagram {k}. {t}", "en": "Diagram {k}. {t}"},
    "d1": {"sv": "Medelvärde per påstående, {w}, alla {units}", "en": "Mean per statement, {w}, all {units}"},
    "d2": {"sv": "Medelvärde per påstående, {w}, {focus}", "en": "Mean per statement, {w}, {focus}"},
    "d_roles": {"sv": "Påstående {i}, {mgmt_l} och {supp_l}, {g}", "en": "Statement {i}, {mgmt_l} and {supp_l}, {g}"},
    "d11": {"sv": "Medelvärde per påstående {w_in}: {focus} och övriga",
            "en": "Mean per statement in {w}: {focus} and the others"},
    "d13": {"sv": "Förändring {a} – {b} per påstående: {focus} och övriga",
            "en": "Change {a} – {b} per statement: {focus} and the others"},
    "all_group": {"sv": "alla {units}", "en": "all {units}"},
    "focus_default": {"sv": "fokusgruppen", "en": "the focus group"},
    "study_intro": {"sv": "{n} svarande från {k} {units_k} {w_in}.",
                    "en": "{n} respondents from {k} {units_k} in {w}."},
    "study_top": {"sv": "Högst {w_in}, alla {units}", "en": "Highest in {w}, all {units}"},
    "study_bottom": {"sv": "Lägst {w_in}, alla {units}", "en": "Lowest in {w}, all {units}"},
    "study_change": {"sv": "Störst förändring från {a} till {b}, alla {units}",
                     "en": "Largest changes from {a} to {b}, all {units}"},
    "study_sure": {"sv": "{k} av {t} påståenden förändrades mer än slumpen kan förklara.",
                   "en": "{k} of {t} statements changed more than chance explains."},
    "log": {"sv": "Från enkät till handling", "en": "From survey to action"},
    "log_intro": {"sv": "Vad förbättringsloggen för {m} visar: idéer, hinder och vad som gjordes åt dem "
                        "(enkätens omgångar: {a}–{b}). Loggens fritext visas inte.",
                  "en": "What the improvement log of {m} shows: ideas, obstacles and what was done about them "
                        "(the survey's waves: {a}–{b}). The log's free text is not shown."},
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
    keys = {"wave", "item", "function", "unit", "followed_up", "from_wave", "to_wave", "suppressed",
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


def _every_wave(levels: pd.DataFrame, waves: Sequence[str], items: Sequence[int]) -> pd.DataFrame:
    """``levels`` (by wave and item) with a blank, suppressed row for each wave and statement it
    lacks: a figure shows a panel for a wave nobody answered in as for one that is hidden."""
    have = set(zip(levels["wave"].astype(str), levels["item"].astype(int), strict=True))
    missing = [(w, int(i)) for w in waves for i in items if (w, int(i)) not in have]
    if not missing:
        return levels
    extra = pd.DataFrame({"wave": [w for w, _ in missing], "item": [i for _, i in missing]})
    extra["suppressed"] = True
    out = pd.concat([levels.assign(wave=levels["wave"].astype(str)), extra], ignore_index=True)
    return out.assign(suppressed=out["suppressed"].astype(bool))


def focus_of(data: Processed, followed: Sequence[str]) -> list[str]:
    """The focus group's names as the data spells them (case and Unicode form forgiven, names not
    in the data left out): the same list for the plan and for every report."""
    out = set()
    for m in followed:
        try:
            out.add(data.unit(str(m)))
        except TuffkitError:
            continue
    return sorted(out)




def certainty(row: Any, lang: Lang, min_n: int, p: str = "p_adjusted") -> str:
    """How sure a change or difference is, in words: larger than chance (the adjusted test
    below 5 %) or could be chance, and a word of caution when a side has fewer than
    ``2 * min_n`` answers.

    Examples
    --------
    >>> r = pd.Series({"p_adjusted": 0.01, "n_from": 40, "n_to": 8})
    >>> certainty(r, "sv", 5)
    'större än slumpen; liten grupp, tolka försiktigt'
    """
    pv = row.get(p) if hasattr(row, "get") else getattr(row, p, None)
    words = [TEXTS["sure" if pv is not None and pd.notna(pv) and float(pv) < 0.05 else "unsure"][lang]]
    sizes = [row.get(c) if hasattr(row, "get") else getattr(row, c, None) for c in ("n_from", "n_to")]
    if any(x is not None and pd.notna(x) and int(x) < 2 * min_n for x in sizes):
        words.append(TEXTS["small"][lang])
    return "; ".join(words)


class _Base:
    """What every survey report shares: data, study, language, the protection rule (the run's
    disclosure plan), the ledger of every published number, and the texts."""

    def __init__(self, data: str | Path | Processed, lang: Lang | None = None, min_n: int | None = None,
                 invited: str | Path | None = None, instrument: str | Instrument | None = None,
                 followed: Sequence[str] | None = None, ledger: str | Path | None = None,
                 study: Study | None = None) -> None:
        # a folder is read once per process and its all-unit summaries come from the run's cache;
        # a Processed given in memory may have been changed, so everything is computed from it
        self.shared = not isinstance(data, Processed)
        self.data = runcache.processed(data) if self.shared else data
        self.study: Study = study or self.data.study
        self.lang: Lang = check_lang(lang or self.study.lang)  # type: ignore[assignment]
        self.min_n = check_min_n(int(min_n or self.study.min_n))
        self.instrument = load_instrument(instrument) if instrument is not None else self.data.instrument
        self.invited = read_invited(self.study.invited if invited is None else invited, self.study.unit_words())
        present = set(self.data.units)
        self.focus = focus_of(self.data, self.study.focus if followed is None else followed)
        self.others = sorted(present - set(self.focus))
        self.has_roles = self.data.has_roles
        # what may be published: one plan for everything any report can show from this data
        if self.shared:
            self.plan: Plan = runcache.plan(self.data.folder, self.min_n, self.focus, self.study.protection)
        else:
            self.plan = runcache.plan_of(self.data.responses, self.min_n, self.focus,
                                         files=runcache.source_files(self.data.folder),
                                         protection=self.study.protection,
                                         scale=(float(self.instrument.scale.min), float(self.instrument.scale.max)))
        # the data's keyed fingerprint (a raw hash of a small file can be reversed), never its path
        self.ledger = Ledger(ledger, {"min_n": self.min_n, "lang": self.lang,
                                      "data_fingerprint": fingerprint(self.data.folder, runcache.data_hash(
                                          self.data.folder)) if self.shared else None})

    def _waves(self, from_wave: str | None, to_wave: str | None, followup_wave: str | None) -> None:
        """The waves compared: the parameters, else the study's baseline, end and follow-up (with
        one wave, ``to_wave`` is it and there is no change)."""
        st = self.study.with_waves(self.data.waves)
        present = self.data.waves
        self.followup_wave = self._wave(followup_wave, allow_empty=True) if followup_wave is not None else (
            st.followup if st.followup in present else None)
        series = [w for w in present if w != self.followup_wave]
        base = st.baseline if st.baseline in series else (series[0] if series else None)
        end = st.end if st.end in series else (series[-1] if len(series) > 1 else None)
        self.from_wave = self._wave(from_wave) if from_wave else base
        self.to_wave = self._wave(to_wave) if to_wave else end
        if self.to_wave is None or self.to_wave == self.from_wave:  # one wave: levels only
            self.to_wave, self.from_wave = self.from_wave, None
        self.series = [w for w in present if w != self.followup_wave]

    def wl(self, wave: str | None) -> str:
        """The display label of ``wave`` (escaped)."""
        return esc(self.study.wave_label(str(wave), self.lang)) if wave else ""

    def allows(self, variable: Any, group: dict[str, Any]) -> bool:
        return self.plan.allows(variable, group)

    def _planned(self, frame: pd.DataFrame, group: Any, distribution: bool = False) -> pd.DataFrame:
        """``frame`` (one row per ``item`` and group) with the rows the plan does not allow blanked;
        ``group(row)`` gives a row's group; ``distribution``: for the answers per scale step (a
        group the plan coarsened shows its mean, not these)."""
        if frame.empty:
            return frame
        mask = [not self.plan.allows(int(r.item), group(r), distribution) for r in frame.itertuples()]
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
        agree = [f"pct_{s}" for s in self.instrument.scale.halves()[2]]  # the upper half, as the figure
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

    def role_names(self) -> dict[str, str]:
        """The study's labels of the role groups, for the figures."""
        return {k: self.study.role_label(k, self.lang) for k in PARTS}

    def words(self) -> dict[str, str]:
        """The study's words every text may use: unit(s), role groups, the focus group."""
        st, lang = self.study, self.lang
        mg, sp, ns = (st.role_label(k, lang) for k in PARTS)
        focus = st.focus_label.get(lang) or TEXTS["focus_default"][lang]
        return {"unit": st.unit_word(lang), "units": st.unit_word(lang, plural=True), "mgmt": mg,
                "mgmt_l": mg.lower(), "supp_l": sp.lower(), "nst_l": ns.lower(), "focus": focus,
                "Focus": focus[:1].upper() + focus[1:]}

    def t(self, key: str, **kw: Any) -> str:
        """The text ``key`` in the report's language, with the study's words and ``kw`` (escaped); a
        wave label ``w`` is also given as ``w_in``, the form that reads after a verb ("i oktober
        2012", "hösten 2023", "år 2024": :meth:`tuffkit.study.Study.wave_when`)."""
        text = TEXTS[key][self.lang]
        for k, v in list(kw.items()):
            if isinstance(v, str) and "{" + k + "_in}" in text:
                kw[k + "_in"] = self.study.wave_when(v, self.lang)
        return text.format(**{k: esc(v) for k, v in {**self.words(), **kw}.items()})

    def num(self, x: Any, decimals: int = 2, signed: bool = False) -> str:
        return format_number(None if x is None or pd.isna(x) else float(x), self.lang, decimals, signed)

    def statement(self, item: int) -> str:
        return esc(f"{int(item)}. {getattr(self.instrument.item(int(item)), self.lang)}")

    def scale_words(self) -> dict[str, str]:
        sc = self.instrument.scale
        return {"lo": str(sc.min), "hi": str(sc.max), "lo_l": sc.label(sc.min, self.lang).lower(),
                "hi_l": sc.label(sc.max, self.lang).lower()}

    def _wave(self, wave: str | None, allow_empty: bool = False) -> str | None:
        if (wave is None or str(wave) == "") and allow_empty:
            return None
        return find_name(str(wave), self.data.waves, what="wave", where=str(self.data.folder))

    def banner(self) -> str:
        return (f'<p class="tk-banner" role="note"><strong>{self.t("synthetic")}</strong></p>'
                if self.data.synthetic else "")

    def sure_note(self) -> str:
        # the limit is a number the report prints: in its ledger, about no respondent
        small = self.ledger.add("summary", "small group limit", 2 * self.min_n)
        return f'<p class="tk-note">{self.t("sure_note", small=small)}</p>'

    def _rates(self, responses: pd.DataFrame) -> pd.DataFrame | None:
        if self.invited is None:
            return None
        inv = self.invited
        if "unit" in responses and responses["unit"].nunique() == 1:
            inv = inv[inv["unit"] == str(responses["unit"].iloc[0])]
        inv = inv.groupby("wave", as_index=False)["invited"].sum()
        return response(responses, by=["wave"], invited=inv, min_n=self.min_n)

    def rate(self, pct: float) -> str:
        """A response rate in percent, in whole numbers unless rounding would carry a low rate up
        to the limit it is under (59,6 % is not written 60 %)."""
        limit = LOW_RESPONSE * 100
        return self.num(pct, 1 if pct < limit <= round(pct) else 0)

    def low_text(self, wave: str, pct: str) -> str:
        """The caution for a low response rate, with the limit it is under."""
        limit = self.ledger.add("summary", "low response limit %", LOW_RESPONSE * 100)
        return self.t("low", w=self.study.wave_label(wave, self.lang), r=pct, lim=self.num(limit, 0))

    def low_response(self, responses: pd.DataFrame, wave: str, where: dict[str, list[str]]) -> str:
        """The caution for a low response in ``wave`` (next to the sentence it qualifies), or ""."""
        rates = self._rates(responses)
        if rates is None:
            return ""
        r = rates[rates["wave"].astype(str) == wave]
        n = int(responses.loc[responses["wave"].astype(str) == wave, "respondent_id"].nunique())
        if not len(r) or not bool(r["low_response"].iloc[0]) or not self.allows(RESPONDENTS, {**where, "wave": [wave]}):
            return ""
        rate = float(r["response_rate"].iloc[0])
        if pd.isna(rate):
            return ""
        pct = self.rate(self.ledger.add("summary", "response rate %", rate * 100, RESPONDENTS,
                                        {**where, "wave": [wave]}, n=n))
        return f'<p class="tk-caution" role="note">{self.low_text(wave, pct)}</p>'

    def method(self, responses: pd.DataFrame, subject: str, where: dict[str, list[str]] | None = None) -> Section:
        """n per wave (and role group, when the data has them), response, the rule, provenance.
        ``where``: the group the report is about (e.g. its unit), {} for all."""
        where = where or {}
        # every wave of the study, whether nobody answered or the count is hidden: a row that is there
        # only when someone answered would tell that someone did (a dash says the same for 0 and 1-4)
        waves = list(self.data.waves)
        one = responses.drop_duplicates("respondent_id")
        counts = one.groupby([one["wave"].astype(str), one["function"].astype(str)]).size()
        parts = list(PARTS) if self.has_roles else []
        head = "".join(f'<th scope="col">{esc(x)}</th>' for x in [self.t("total"), *(
            self.study.role_label(c, self.lang) for c in parts)])
        rows = []
        rates = self._rates(responses)
        if rates is not None:
            head += f'<th scope="col">{self.t("invited")}</th><th scope="col">{self.t("rate")}</th>'
        notes = []
        dash = self.num(None)
        led = self.ledger
        for w in waves:
            sizes = [int(counts.get((w, c), 0)) for c in PARTS]
            total = sum(sizes)
            g = {**where, "wave": [w]}
            shown = total > 0 and self.allows(RESPONDENTS, g)
            # a small part beside the others is their difference: parts only as the plan allows
            split = shown and all(self.allows(RESPONDENTS, {**g, "function": [c]}) for c in parts)

            def count(k: int, grp: dict, show: bool) -> str:
                return self.num(led.add("method", "respondents", k, RESPONDENTS, grp), 0) if show else dash

            cells = f"<td>{count(total, g, shown)}</td>"
            cells += "".join(f"<td>{count(k, {**g, 'function': [c]}, split)}</td>"
                             for k, c in zip(sizes, PARTS, strict=True) if c in parts)
            if rates is not None:
                r = rates[rates["wave"].astype(str) == w]
                inv_n = r["invited"].iloc[0] if len(r) else np.nan
                rate = r["response_rate"].iloc[0] if len(r) and shown else np.nan  # n = rate x invited
                led.add("method", "invited", inv_n)
                pct = (self.rate(led.add("method", "response rate %", rate * 100, RESPONDENTS, g, n=total))
                       if pd.notna(rate) else self.num(None))
                sign = (" %" if self.lang == "sv" else "%") if pd.notna(rate) else ""
                cells += f"<td>{self.num(inv_n, 0)}</td><td>{pct}{sign}</td>"
                if shown and len(r) and bool(r["low_response"].iloc[0]):
                    notes.append(f'<p class="tk-caution" role="note">{self.low_text(w, pct)}</p>')
            rows.append(f'<tr><th scope="row">{self.wl(w)}</th>{cells}</tr>')
        cap = self.t("method_n_roles" if parts else "method_n")
        table = (f'<div class="tk-scroll" role="region" tabindex="0" aria-label="{cap}">'
                 f'<table class="tk-table"><caption>{cap}{esc(subject)}</caption><thead><tr>'
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
        ftable = source_files_table(files, self.lang, self.data.folder)
        made = self.t("made_with", v=self.data.ingest.get("tuffkit_version", "?"), s=self.study.id,
                      i=self.instrument.id)
        top = self.num(float(self.instrument.scale.max))  # "a mean of 7,00" on this study's scale
        body = (f'<div class="tk-method">{table}{"".join(notes)}<p>{self.t("rule", k=self.min_n, top=top)}</p>'
                f"{ftable}<p>{made}</p></div>")
        return self._flush(section("method", self.t("method"), body))

    def _statement_frame(self) -> pd.DataFrame:
        """One row per statement of the instrument: ``item, statement`` (in the report's language)."""
        frame = pd.DataFrame({"item": self.instrument.item_numbers})
        frame["statement"] = [getattr(self.instrument.item(i), self.lang) for i in frame["item"]]
        return frame

    def _fade_block(self, responses: pd.DataFrame, units: list[str], group: Any, heading: str,
                    lead: str = "") -> str:
        """The follow-up against the end for ``units``: how many statements fell, the largest falls
        with how sure they are; ``group(wave)`` names the respondents for the plan and the ledger."""
        w, f = self.to_wave, self.followup_wave
        fl, wl = self.study.wave_label(f, self.lang), self.study.wave_label(w, self.lang)
        fd = self._planned_change(fade(responses, end_wave=w, follow_wave=f, followed=units, min_n=self.min_n,
                                       instrument=self.instrument),
                                  lambda x: group(x.from_wave), lambda x: group(x.to_wave))
        shown = fd[~fd["suppressed"].astype(bool)]
        text = f"<h3>{heading}</h3>{lead}"
        if not len(shown):
            return text + f"<p>{self.t('no_fade', f=fl, b=wl)}</p>"
        for r in shown.itertuples():  # the count of statements lower rests on every one compared
            self._record_change("summary", r.item, r.diff, group(r.from_wave), group(r.to_wave), r.n_from, r.n_to)
        fell = shown[shown["fell_back"].astype(bool)]
        k = self.ledger.add("summary", "statements lower", len(fell))
        t = self.ledger.add("summary", "statements", len(shown))
        rest = self.ledger.add("summary", "statements not shown", len(self.instrument.item_numbers) - len(shown))
        said = self.t({0: "fade_text", 1: "fade_text_one"}.get(rest, "fade_text_part"), k=k, t=t, h=rest, f=fl, b=wl)
        text += f"<p>{said}"
        clear = top_bottom(fell, "diff", top=0, bottom=2)
        if len(clear):
            named = ", ".join(f"{self.statement(r.item)} ({self.num(r.diff, signed=True)}; "
                              f"{esc(certainty(r._asdict(), self.lang, self.min_n))})" for r in clear.itertuples())
            text += " " + TEXTS["fade_clear"][self.lang].format(s=named)
        return text + "</p>" + self._lasted(responses, units, group)

    def _lasted(self, responses: pd.DataFrame, units: list[str], group: Any) -> str:
        """Did it last? The follow-up against the baseline for ``units``, with the same certainty
        words as every other change (respondents nested in units when there are several)."""
        b, f = self.from_wave, self.followup_wave
        if not b or b == f:
            return ""
        bl, fl = self.study.wave_label(b, self.lang), self.study.wave_label(f, self.lang)
        mine = responses[responses["unit"].astype(str).isin(units)]
        compare = study_change if len(units) > 1 else change
        ch = self._planned_change(compare(mine, b, f, min_n=self.min_n, instrument=self.instrument),
                                  lambda x: group(x.from_wave), lambda x: group(x.to_wave))
        shown = ch[~ch["suppressed"].astype(bool)]
        if not len(shown):
            return f"<p>{self.t('no_fade', f=fl, b=bl)}</p>"
        for r in shown.itertuples():  # the counts rest on every change compared
            self._record_change("summary", r.item, r.diff, group(r.from_wave), group(r.to_wave), r.n_from, r.n_to)
        sure = shown["p_adjusted"] < 0.05
        k = self.ledger.add("summary", "statements higher than the baseline", int((shown["diff"] > 0).sum()))
        up = self.ledger.add("summary", "statements surely higher than the baseline",
                             int((sure & (shown["diff"] > 0)).sum()))
        down = self.ledger.add("summary", "statements surely lower than the baseline",
                               int((sure & (shown["diff"] < 0)).sum()))
        t = self.ledger.add("summary", "statements", len(shown))
        rest = len(self.instrument.item_numbers) - len(shown)
        said = self.t("lasted" if not rest else "lasted_part", k=k, t=t, f=fl, b=bl) + " "
        said += self.t("lasted_sure" if up else "lasted_none", s=up, b=bl)
        if down:
            said += " " + self.t("lasted_lower" if down > 1 else "lasted_lower_one", s=down, b=bl)
        largest = top_bottom(shown.assign(abs_diff=shown["diff"].abs()), "abs_diff", top=2, bottom=0)
        named = ", ".join(f"{self.statement(r.item)} ({self.num(r.diff, signed=True)}; "
                          f"{esc(certainty(r._asdict(), self.lang, self.min_n))})" for r in largest.itertuples())
        return f"<p>{said} {self.t('lasted_largest', b=bl)} {named}.</p>"

    def _trend_section(self, levels: pd.DataFrame, waves: list[str], group: Any | None, who: str) -> Section:
        """The mean of every statement in each of ``waves`` (``levels``: planned, by wave); with
        ``group``, each shown mean is recorded in the ledger under ``group(wave)``."""
        frame = self._statement_frame()
        heads = {"item": self.t("nr"), "statement": self.t("statement")}
        for k, w in enumerate(waves):
            part = levels[(levels["wave"].astype(str) == w) & ~levels["suppressed"].astype(bool)].set_index("item")
            frame[f"w{k}"] = frame["item"].map(part["mean"].astype(float)).astype(float)
            heads[f"w{k}"] = self.study.wave_label(w, self.lang)
            for item, r in part.iterrows() if group is not None else ():
                self.ledger.add("trend", "mean", r["mean"], int(item), group(w), r["n"])
        styler = styled_table(frame, heads, self.lang, uuid="trend")
        return self._flush(section("trend", self.t("trend"), f"<p>{self.t('trend_intro', m=who)}</p>"
                                   f'<div class="tk-scroll" role="region" tabindex="0" '
                                   f'aria-label="{self.t("trend_caption")}">{styler.to_html()}</div>'))

    def _index_table(self, frame: pd.DataFrame, group: Any, key: str, subject: str, unit: str | None = None) -> str:
        """The instrument's indexes (e.g. HME totalt and its subindexes) per wave for ``frame``'s
        respondents, and each index's change between the waves compared with how sure it is, as
        the plan allows: a value needs every statement of its index and the wave's respondents
        shown, a change both of its values. Every index, the total as its parts, is recorded in
        the ledger as a figure of each of its statements' answers (the index is a mean of their
        means). ``unit``: the column respondents are nested in (a study over several units)."""
        inst = self.instrument
        sc = index_scores(frame, by=["wave"], instrument=inst, min_n=self.min_n)
        if sc.empty:
            return ""
        waves = list(self.data.waves)  # every wave, answered or not: presence tells nothing
        answered = frame.dropna(subset=["value"]).assign(wave=lambda d: d["wave"].astype(str))
        answers = answered.groupby(["wave", "item"], observed=True)["respondent_id"].nunique()

        def whole(ix: Any, w: str) -> bool:
            """Whether the index counts everyone in the wave who answered its statements: with
            ``min_answered``, question means over fewer than the statement's answers would be
            figures of sets the plan never checked (and beside the statement's, of the few left out)."""
            if not ix.min_answered:
                return True
            got = answered[(answered["wave"] == w) & answered["item"].isin(ix.items)]
            return bool((got.groupby("respondent_id")["item"].nunique() >= ix.min_answered).all())

        def shown(ix: Any, w: str) -> bool:
            r = sc[(sc["index"] == ix.id) & (sc["wave"].astype(str) == w)]
            g = group(w)
            return bool(len(r) and not bool(r["suppressed"].iloc[0]) and self.allows(RESPONDENTS, g)
                        and all(self.allows(int(i), g) for i in ix.items) and whole(ix, w))

        def record(stat: str, ix: Any, value: float, w: str) -> float:
            for i in ix.items:  # a figure of each statement's answers in the wave
                value = self.ledger.add(key, stat, value, int(i), group(w), n=int(answers.get((w, int(i)), 0)))
            return value

        a, b = self.from_wave, self.to_wave
        ch = (index_change(frame, a, b, instrument=inst, min_n=self.min_n, unit=unit).set_index("index")
              if a and b and a != b else None)
        rows = []
        for ix in inst.indexes:
            cells = []
            for w in waves:
                r = sc[(sc["index"] == ix.id) & (sc["wave"].astype(str) == w)]
                if shown(ix, w):
                    v = record(f"index {ix.id}", ix, float(r["mean"].iloc[0]), w)
                    cells.append(f"<td>{self.num(v, 0)}</td>")
                else:
                    cells.append(f"<td>{self.num(None)}</td>")
            if ch is not None:
                c = ch.loc[ix.id]
                if not bool(c["suppressed"]) and shown(ix, a) and shown(ix, b):
                    record(f"index {ix.id} change", ix, float(c["diff"]), a)
                    d = record(f"index {ix.id} change", ix, float(c["diff"]), b)
                    cells.append(f"<td>{self.num(d, 0, signed=True)}</td>"
                                 f"<td>{esc(certainty(c, self.lang, self.min_n))}</td>")
                else:
                    cells.append(f"<td>{self.num(None)}</td><td>{self.num(None)}</td>")
            rows.append(f'<tr><th scope="row">{esc(getattr(ix, self.lang))}</th>{"".join(cells)}</tr>')
        head = "".join(f'<th scope="col">{self.wl(w)}</th>' for w in waves)
        note = ""
        if ch is not None:
            head += (f'<th scope="col">{self.t("change_word")} {self.wl(a)}–{self.wl(b)}</th>'
                     f'<th scope="col">{self.t("index_sure")}</th>')
            small = self.ledger.add(key, "small group limit", 2 * self.min_n)
            said = self.t("index_sure_note" if unit is None else "index_sure_note_nested", small=small)
            note = f'<p class="tk-note">{said}</p>'
        sc0 = inst.scale
        return (f"<p>{self.t('indexes_intro', lo=sc0.min, hi=sc0.max)}</p>"
                f'<div class="tk-scroll" role="region" tabindex="0" aria-label="{self.t("indexes_caption")}">'
                f'<table class="tk-table"><caption>{self.t("indexes_caption")}{esc(subject)}</caption><thead><tr>'
                f'<th scope="col">{self.t("index")}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
                f"</table></div>{note}")


class UnitReport(_Base):
    """The report for one unit's leadership (a municipality, a care home, a workplace).

    Parameters
    ----------
    data
        The output folder of ``tuffkit ingest`` (or a :class:`~tuffkit.processed.Processed`).
    unit
        As spelt in the data (case forgiven); an unknown name raises an error that lists
        the close matches.
    from_wave, to_wave, followup_wave
        The waves compared; "" or None: the study's baseline, end and follow-up (or the
        first and last wave of the data).
    lang, min_n, invited
        None: the study's.
    title
        The report's title ("" gives the study's title and the unit).

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> from tuffkit.study import load_study
    >>> out = tempfile.mkdtemp()
    >>> _ = write_ingest(read_survey(RAW_DIR), out, study=load_study(RAW_DIR / "study.yaml"))
    >>> rep = UnitReport(out, "botkyrka")
    >>> rep.unit, rep.from_wave, rep.to_wave, "Sammanfattning" in rep.summary().html
    ('Botkyrka', '2012-10', '2013-05', True)
    """

    def __init__(self, data: str | Path | Processed, unit: str = "", from_wave: str | None = None,
                 to_wave: str | None = None, followup_wave: str | None = None, lang: Lang | None = None,
                 min_n: int | None = None, title: str = "", invited: str | Path | None = None,
                 instrument: str | Instrument | None = None, followed: Sequence[str] | None = None,
                 ledger: str | Path | None = None, study: Study | None = None,
                 municipality: str | None = None) -> None:
        super().__init__(data, lang, min_n, invited, instrument, followed, ledger, study)
        if municipality is not None:  # the parameter's earlier name
            unit = municipality
        self.unit = self.data.unit(unit)
        #: the unit's earlier name (notebooks of earlier versions use it)
        self.municipality = self.unit
        self._waves(from_wave, to_wave, followup_wave)
        self.title = str(title) if title else f"{self.study.title_text(self.lang)}: {self.unit}"
        r = self.data.responses
        self.mine = r[r["unit"] == self.unit]
        g = self.group
        inst = self.instrument
        self.levels = self._planned(item_summary(self.mine, by=["wave"], min_n=self.min_n, instrument=inst),
                                    lambda x: g(x.wave))
        empty = pd.DataFrame(columns=["item", "from_wave", "to_wave", "mean_from", "mean_to", "n_from", "n_to",
                                      "diff", "p_adjusted", "suppressed"])
        if self.from_wave:
            self.change = self._planned_change(change(self.mine, self.from_wave, self.to_wave, min_n=self.min_n,
                                                      instrument=inst),
                                               lambda x: g(x.from_wave), lambda x: g(x.to_wave))
            if self.shared:  # the same for every unit: once per run
                change_all = runcache.all_change(self.data.folder, self.from_wave, self.to_wave, self.min_n)
            else:
                change_all = change(r, self.from_wave, self.to_wave, min_n=self.min_n, instrument=inst)
            self.change_all = self._planned_change(change_all, lambda x: {"wave": [x.from_wave]},
                                                   lambda x: {"wave": [x.to_wave]})
        else:
            self.change, self.change_all = empty, empty
        # the role groups apart only where no third part is small (privacy.suppress_splits) and as
        # the run's plan allows
        if self.has_roles:
            gaps = suppress_splits(role_gap(self.mine, by=["wave"], min_n=self.min_n, instrument=inst), self.mine,
                                   ["wave"], min_n=self.min_n)
            self.gaps = _blank(gaps, [not all(self.allows(int(x.item), g(x.wave, f)) for f in PARTS)
                                      for x in gaps.itertuples()]) if len(gaps) else gaps
        else:
            self.gaps = pd.DataFrame(columns=["wave", "item", "gap", "suppressed"])

    @property
    def levels_all(self) -> pd.DataFrame:
        """Every unit's levels by wave, as the plan allows (computed once per run)."""
        if "_levels_all" not in self.__dict__:
            r = self.data.responses
            lv = runcache.all_levels(self.data.folder, self.min_n) if self.shared else item_summary(
                r, by=["wave"], min_n=self.min_n, instrument=self.instrument)
            self.__dict__["_levels_all"] = self._planned(lv, lambda x: {"wave": [str(x.wave)]})
        return self.__dict__["_levels_all"]

    def group(self, wave: str, function: str | None = None) -> dict[str, list[str]]:
        """The respondents of the unit in ``wave`` (and ``function``), as the plan and the ledger
        name them."""
        g = {"wave": [str(wave)], "unit": [self.unit]}
        return {**g, "function": [function]} if function else g

    def _n(self, wave: str) -> int | None:
        """Respondents of the unit in ``wave``, or None when the plan hides them."""
        n = int(self.mine.loc[self.mine["wave"].astype(str) == wave, "respondent_id"].nunique())
        return n if n >= self.min_n and self.allows(RESPONDENTS, self.group(wave)) else None

    def header(self) -> Section:
        """The title, what is compared, and a banner when the data is synthetic."""
        date = str(self.data.ingest.get("created", ""))[:10]
        sub = (self.t("subtitle", a=self.study.wave_label(self.from_wave, self.lang),
                      b=self.study.wave_label(self.to_wave, self.lang), d=date) if self.from_wave else
               self.t("subtitle_one", a=self.study.wave_label(self.to_wave, self.lang), d=date))
        return Section(f'<header class="tk-header"><h1>{esc(self.title)}</h1><p>{sub}</p>{self.banner()}</header>')

    def summary(self) -> Section:
        """One screen in plain language: strongest, largest changes (with how sure they are),
        weakest, role gaps, the fade; a low response caution next to the sentence it qualifies."""
        m, w = self.unit, self.to_wave
        wl = self.study.wave_label(w, self.lang)
        n = self._n(w)
        led, g = self.ledger, self.group
        lead = ""
        if n is None:  # the end is hidden: the latest earlier wave that can be shown, said so
            earlier = [x for x in reversed(self.series[: self.series.index(w)] if w in self.series else [])
                       if self._n(x) is not None]
            lead = f"<p>{self.t('too_few', m=m, w=wl)}</p>"
            if not earlier:
                self._overview({"respondents": self.num(None), "wave": wl, "strongest": [], "weakest": [],
                                "sure": []})
                return self._flush(section("summary", self.t("summary"), lead))
            w = earlier[0]
            wl = self.study.wave_label(w, self.lang)
            n = self._n(w)
            lead += f"<p>{self.t('summary_of', w=wl)}</p>"
        change_now = None if not self.from_wave else self.change if w == self.to_wave else (
            self._planned_change(change(self.mine, self.from_wave, w, min_n=self.min_n, instrument=self.instrument),
                                 lambda x: g(x.from_wave), lambda x: g(x.to_wave))
            if self.from_wave and w != self.from_wave else None)
        who = plural(n, self.t("intro_people"), self.t("intro_people_pl"), self.lang)
        k = led.add("summary", "respondents", n, RESPONDENTS, g(w))
        parts = [lead + f"<p>{self.t('intro', n=f'{self.num(k, 0)} {who}', m=m, w=wl, **self.scale_words())}</p>"
                 + self.low_response(self.mine, w, {"unit": [m]})]
        lv = self.levels[self.levels["wave"].astype(str) == w]
        shown = int((~lv["suppressed"].astype(bool) & lv["mean"].notna()).sum())
        top = min(3, shown // 2)  # the strongest and the weakest never name the same statement
        tb = top_bottom(lv, "mean", top=top, bottom=top)
        best = tb[tb["rank_position"] == "highest"]
        worst = tb[tb["rank_position"] == "lowest"]
        parts.append(f"<h3>{self.t('strongest', w=wl)}</h3>" + bullet_list(
            [f"{self.statement(r.item)} ({self.num(led.add('summary', 'mean', r.mean, r.item, g(w), r.n))})"
             for r in best.itertuples()]))
        if change_now is not None:
            ch = change_now.assign(abs_diff=change_now["diff"].abs())
            ch = top_bottom(ch, "abs_diff", top=3, bottom=0)
            items = []
            for r in ch.itertuples():
                d = self._record_change("summary", r.item, r.diff, g(r.from_wave), g(r.to_wave), r.n_from, r.n_to)
                items.append(f"{self.statement(r.item)} ({self.num(d, signed=True)}; "
                             f"{esc(certainty(r._asdict(), self.lang, self.min_n))})")
            head = self.t("improved", a=self.study.wave_label(self.from_wave, self.lang), b=wl)
            parts.append(f"<h3>{head}</h3>" + (bullet_list(items) + self.sure_note() if items else
                                               f"<p>{self.t('no_change')}</p>"))
        parts.append(f"<h3>{self.t('weakest', w=wl)}</h3>" + bullet_list(
            [f"{self.statement(r.item)} ({self.num(led.add('summary', 'mean', r.mean, r.item, g(w), r.n))})"
             for r in worst.itertuples()]))
        if self.has_roles:
            gaps = self._top_gaps(wave=w)
            items = []
            for r in gaps.itertuples():
                role = self.study.role_label("management" if r.gap > 0 else "support", self.lang)
                led.add("summary", "gap", abs(r.gap), r.item, g(w, "management"), r.n_management)
                led.add("summary", "gap", abs(r.gap), r.item, g(w, "support"), r.n_support)
                items.append(f"{self.statement(r.item)} ({self.t('higher', r=role.lower(), g=self.num(abs(r.gap)))})")
            parts.append(f"<h3>{self.t('gaps', w=wl)}</h3>" + (bullet_list(items) if items else
                                                                f"<p>{self.t('no_gaps', k=self.min_n)}</p>"))
        latest, latest_n = wl, k
        if self.followup_wave and w == self.to_wave:  # also with no answers: presence tells nothing
            n_f, said = self._n(self.followup_wave), ""
            if n_f is not None:  # the index shows the latest wave that can be shown: the follow-up
                latest = self.study.wave_label(self.followup_wave, self.lang)
                latest_n = led.add("summary", "respondents", n_f, RESPONDENTS, g(self.followup_wave))
                people = plural(latest_n, self.t("intro_people"), self.t("intro_people_pl"), self.lang)
                said = f"<p>{self.t('followup_n', n=f'{self.num(latest_n, 0)} {people}', f=latest)}</p>"
            parts.append(self._fade_text(said))
        sure = [r for r in change_now.itertuples() if pd.notna(r.p_adjusted) and r.p_adjusted < 0.05
                and not bool(r.suppressed)] if change_now is not None else []
        self._overview({"respondents": self.num(latest_n, 0), "wave": latest,
                        "strongest": [self.statement(r.item) for r in best.head(1).itertuples()],
                        "weakest": [self.statement(r.item) for r in worst.head(1).itertuples()],
                        "sure": [f"{self.statement(r.item)} ({self.num(r.diff, signed=True)})" for r in sure]})
        return self._flush(section("summary", self.t("summary"), "".join(parts)))

    def _overview(self, facts: dict[str, Any]) -> None:
        """What the run's index page shows of this report (only what the summary shows): beside
        the ledger as ``*.overview.json``, when the report has a ledger file."""
        import json

        path = self.ledger.path
        if path is None:
            return
        import re

        # the batch writes the ledger under a temporary name (".x.ledger.jsonl.tmp-PID") and renames it
        stem = re.sub(r"^\.?(.*?)\.ledger\.jsonl(\.tmp-\d+)?$", r"\1", path.name)
        out = path.with_name(stem + ".overview.json")
        out.write_text(json.dumps({"unit": self.unit, **facts}, ensure_ascii=False), encoding="utf-8")

    def _fade_text(self, lead: str = "") -> str:
        f = self.study.wave_label(self.followup_wave, self.lang)
        return self._fade_block(self.mine, [self.unit], self.group, self.t("fade", f=f), lead)

    def _top_gaps(self, k: int = 3, wave: str | None = None) -> pd.DataFrame:
        g = self.gaps[(self.gaps["wave"].astype(str) == (wave or self.to_wave)) & ~self.gaps["suppressed"].astype(bool)]
        return g.assign(abs_gap=g["gap"].abs()).sort_values(["abs_gap", "item"], ascending=[False, True]).head(k)

    def statements(self) -> Section:
        """Every statement: the unit's means (and change) beside all units'."""
        m, al, chg = self.unit, self.t("all_units"), self.t("change_word")
        frame = self._statement_frame()
        led, g = self.ledger, self.group
        # each wave's means as the plan allows them (a mean shows even where the change beside it
        # cannot: the trend table of the same report shows it too); the change only where both do
        waves = [w for w in (self.from_wave, self.to_wave) if w]
        mine_lv, all_lv = self.levels, self.levels_all
        keys = {"m": (mine_lv, g), "a": (all_lv, lambda w: {"wave": [w]})}
        labels = {w: self.study.wave_label(w, self.lang) for w in waves}
        heads = {"item": self.t("nr"), "statement": self.t("statement")}
        for who, (lv, mk) in keys.items():
            name = m if who == "m" else al
            for w in waves:
                col = f"{who}_{'to' if w == self.to_wave else 'from'}"
                part = lv[(lv["wave"].astype(str) == w) & ~lv["suppressed"].astype(bool)].set_index("item")
                frame[col] = frame["item"].map(part["mean"].astype(float)).astype(float)
                heads[col] = f"{name} {labels[w]}"
                for item, r in part.iterrows():
                    led.add("statements", "mean", r["mean"], int(item), mk(w), r["n"])
            if self.from_wave:
                ch = (self.change if who == "m" else self.change_all).set_index("item")
                frame[f"{who}_diff"] = frame["item"].map(ch["diff"].astype(float)).astype(float)
                heads[f"{who}_diff"] = f"{name} {chg.lower()}"
                for item, r in ch[ch["diff"].notna()].iterrows():
                    self._record_change("statements", item, r["diff"], mk(self.from_wave), mk(self.to_wave),
                                        r["n_from"], r["n_to"])
        order = ["item", "statement", *[c for c in ("m_from", "m_to", "m_diff", "a_from", "a_to", "a_diff")
                                         if c in heads]]
        heads = {c: heads[c] for c in order}
        hl = [c for c in ("m_from", "m_to", "m_diff") if c in heads]
        # the headers are escaped by styled_table; texts from TEXTS hold no markup
        heads = {k: html.unescape(v) for k, v in heads.items()}
        styler = styled_table(frame, heads, self.lang, highlight=hl, uuid="statements",
                              signed=[c for c in ("m_diff", "a_diff") if c in heads])
        intro = f"<p>{self.t('statements_intro', m=m)}</p>"
        return self._flush(section(
            "statements", self.t("statements"),
            intro + f'<div class="tk-scroll" role="region" aria-label="{esc(self.t("statements"))}" '
                    f'tabindex="0">{styler.to_html()}</div>'))

    def trend(self) -> Section:
        """With three waves or more: the unit's mean of every statement in every wave (empty
        otherwise)."""
        if len(self.data.waves) < 3:
            return Section("")
        # every wave of the study: a column only where someone answered would tell that someone did
        return self._trend_section(self.levels, list(self.data.waves), self.group, self.unit)

    def distributions(self) -> Section:
        """Diverging stacked bars of every statement, grouped by theme, for the waves compared and
        the follow-up."""
        waves = [w for w in (self.from_wave, self.to_wave, self.followup_wave) if w]
        lv = self._planned(self.levels[self.levels["wave"].astype(str).isin(waves)], lambda r: self.group(r.wave),
                           distribution=True)
        if lv.empty or lv["suppressed"].astype(bool).all():  # the same words for nobody and a hidden few
            text = self.t("too_few", m=self.unit, w=" / ".join(
                self.study.wave_label(w, self.lang) for w in waves))
            return section("distributions", self.t("distributions"), f"<p>{text}</p>")
        lv = _every_wave(lv, waves, self.instrument.item_numbers)
        self._distribution_entries("distributions", lv, lambda r: self.group(r.wave))
        lv = lv.assign(wave_label=lv["wave"].astype(str).map(lambda w: self.study.wave_label(w, self.lang)))
        fig = plots.diverging_bars(lv, panels="wave_label", lang=self.lang, instrument=self.instrument,
                                   subject=f", {self.unit}")
        return self._flush(section("distributions", self.t("distributions"), fig._repr_html_()))

    def roles(self, k: int = 3) -> Section:
        """The role groups per scale step for the ``k`` statements with the largest gap; nothing
        when the data has no role groups."""
        if not self.has_roles:
            return Section("")
        gaps = self._top_gaps(k)
        if gaps.empty:
            return section("roles", self.t("roles"), f"<p>{self.t('no_gaps', k=self.min_n)}</p>")
        waves = [w for w in (self.from_wave, self.to_wave, self.followup_wave) if w]  # answered or not
        items = sorted(int(i) for i in gaps["item"])
        summ = item_summary(self.mine[self.mine["item"].isin(items)], by=["wave", "function"], min_n=self.min_n,
                            instrument=self.instrument)
        summ = suppress_splits(summ, self.mine, ["wave"], min_n=self.min_n)
        summ = self._planned(summ, lambda r: self.group(r.wave, r.function), distribution=True)
        self._distribution_entries("roles", summ, lambda r: self.group(r.wave, r.function), means=True)
        fig = plots.role_panels(summ, items, waves, lang=self.lang, instrument=self.instrument,
                                subject=f", {self.unit}", roles=self.role_names())
        intro = f"<p>{self.t('roles_intro', w=self.study.wave_label(self.to_wave, self.lang))}</p>"
        return self._flush(section("roles", self.t("roles"), intro + fig._repr_html_()))

    def indexes(self) -> Section:
        """The instrument's indexes (e.g. HME's total index and subindexes, 0–100) per wave, with
        the unit's saved Kolada figures beside them when ``tuffkit ingest-measures`` wrote any;
        nothing for an instrument without indexes."""
        if not self.instrument.indexes:
            return Section("")
        body = self._index_table(self.mine, self.group, "indexes", f", {self.unit}")
        body += self._kolada_beside()
        return self._flush(section("indexes", self.t("indexes"), body)) if body else Section("")

    def _kolada_beside(self) -> str:
        """The unit's saved Kolada series whose measure names one of the indexes (e.g.
        'Medarbetarengagemang (HME) ... Totalindex'), latest value each."""
        from tuffkit.processed import read_processed_measures

        found = read_processed_measures(self.data.folder, required=False) if self.shared else None
        if found is None:
            return ""
        d = found[0]
        d = d[(d["unit"] == self.unit) & d["measure"].astype(str).str.contains("HME", case=False)]
        if d.empty:
            return ""
        rows = []
        for measure, s in d.groupby("measure", sort=True):
            last = s.sort_values("period_start").iloc[-1]
            rows.append(f"<li>{esc(measure)}, {esc(last['period'])}: {self.num(last['value'], 0)}</li>")
        return f"<p>{self.t('kolada_beside', u=self.unit, y='Kolada')}</p><ul>{''.join(rows)}</ul>"

    def log(self) -> Section:
        """From survey to action: the unit's improvement log in the same period (ideas,
        obstacles and what LT did), when ``tuffkit ingest-log`` wrote one that names the unit;
        nothing otherwise. Free text never shows here."""
        from tuffkit.processed import read_processed_log

        if not self.shared or not (self.data.folder / "project_log.parquet").exists():
            return Section("")
        log = read_processed_log(self.data.folder)
        if self.unit not in log.units:
            return Section("")
        from tuffkit.report.projectlog import ProjectLogReport

        rep = ProjectLogReport(log, self.unit, lang=self.lang)
        summ = rep.summary().html
        body = summ.split("</h2>", 1)[1].rsplit("</section>", 1)[0] if "</h2>" in summ else summ
        waves = list(self.data.waves)  # the study's, not the ones this unit answered in: presence tells nothing
        intro = self.t("log_intro", m=self.unit, a=self.study.wave_label(waves[0], self.lang) if waves else "",
                       b=self.study.wave_label(waves[-1], self.lang) if waves else "")
        return section("log", self.t("log"), f"<p>{intro}</p>{body}")

    def measures(self) -> Section:
        """Run and control charts of the unit's measures (e.g. Kolada key figures), when
        ``tuffkit ingest-measures`` wrote any for it into the data folder; else nothing."""
        return measure_section(self.data.folder, self.unit, self.lang)

    def method(self) -> Section:  # type: ignore[override]
        """n per wave (and role group), response, the suppression rule and the source files."""
        return super().method(self.mine, f", {self.unit}", {"unit": [self.unit]})


#: the former name of :class:`UnitReport`
MunicipalityReport = UnitReport


class StudyReport(_Base):
    """The whole study: a plain-language summary, the means of every statement in every wave,
    and, as the data allows, the role groups and the focus group against the others (for LfR
    course round III, the follow-up report's Tables 1-2 and Diagrams 1-13).

    Examples
    --------
    >>> import tempfile
    >>> from tuffkit import read_survey, write_ingest
    >>> from tuffkit.config import RAW_DIR
    >>> from tuffkit.study import load_study
    >>> out = tempfile.mkdtemp()
    >>> _ = write_ingest(read_survey(RAW_DIR), out, study=load_study(RAW_DIR / "study.yaml"))
    >>> "3,29" in StudyReport(out).table2().html
    True
    """

    def __init__(self, data: str | Path | Processed, from_wave: str | None = None, to_wave: str | None = None,
                 followup_wave: str | None = None, followed: Sequence[str] | None = None,
                 lang: Lang | None = None, min_n: int | None = None, title: str = "",
                 invited: str | Path | None = None, instrument: str | Instrument | None = None,
                 ledger: str | Path | None = None, study: Study | None = None) -> None:
        super().__init__(data, lang, min_n, invited, instrument, followed, ledger, study)
        self._waves(from_wave, to_wave, followup_wave)
        # every name given must be in the data (an unknown one raises, with close matches); the
        # plan's focus (focus_of) is the same names as the data spells them
        if followed is not None:
            self.followed = [self.data.unit(m) for m in followed]
        else:
            self.followed = list(self.focus)
        self.title = str(title) if title else self.study.title_text(self.lang)
        self.r = mark_followed(self.data.responses, self.followed) if self.followed else \
            self.data.responses.assign(followed_up="other")
        self.fol = self.r[self.r["followed_up"] == "followed-up"]

    @property
    def has_focus(self) -> bool:
        return bool(self.followed) and bool(self.others)

    def group(self, wave: str | None, kind: str = "all", function: str | None = None) -> dict[str, list[str]]:
        """The respondents of all units (``kind="all"``), the focus group or the others in
        ``wave`` (None: every wave) and ``function``, as the plan and the ledger name them."""
        g: dict[str, list[str]] = {} if wave is None else {"wave": [str(wave)]}
        if kind in ("followed-up", "other"):
            g["unit"] = list(self.focus if kind == "followed-up" else self.others)
        return {**g, "function": [function]} if function else g

    def header(self) -> Section:
        date = str(self.data.ingest.get("created", ""))[:10]
        sub = (self.t("subtitle", a=self.study.wave_label(self.from_wave, self.lang),
                      b=self.study.wave_label(self.to_wave, self.lang), d=date) if self.from_wave else
               self.t("subtitle_one", a=self.study.wave_label(self.to_wave, self.lang), d=date))
        n = int(self.r["respondent_id"].nunique())
        n_text = self.num(self.ledger.add("header", "respondents", n, RESPONDENTS, self.group(None)), 0) \
            if self.allows(RESPONDENTS, self.group(None)) else self.num(None)
        k = self.ledger.add("header", "units", len(self.data.units))
        waves = [self.study.wave_label(w, self.lang) for w in self.data.waves]
        intro = self.t("study_intro", n=n_text, k=k, w=", ".join(waves), units_k=self.study.unit_word(
            self.lang, plural=k != 1))
        return self._flush(Section(f'<header class="tk-header"><h1>{esc(self.title)}</h1><p>{sub}</p><p>{intro}</p>'
                                   f"{self.banner()}</header>"))

    def summary(self) -> Section:
        """One screen in plain language: the highest and lowest statements at the end, the largest
        changes with how sure they are, how many changed more than chance, the fade."""
        w = self.to_wave
        wl = self.study.wave_label(w, self.lang)
        led, g = self.ledger, self.group
        parts = []
        lv = self._levels(self.r[self.r["wave"].astype(str) == w], "all", "summary")
        lv_w = lv[lv["wave"].astype(str) == w]
        top = min(3, int((~lv_w["suppressed"].astype(bool) & lv_w["mean"].notna()).sum()) // 2)
        tb = top_bottom(lv_w, "mean", top=top, bottom=top)
        for pos, key in (("highest", "study_top"), ("lowest", "study_bottom")):
            rows = tb[tb["rank_position"] == pos]
            if len(rows):
                parts.append(f"<h3>{self.t(key, w=wl)}</h3>" + bullet_list(
                    [f"{self.statement(r.item)} ({self.num(r.mean)})" for r in rows.itertuples()]))
        if self.from_wave:
            ch = self._planned_change(study_change(self.r, self.from_wave, w, min_n=self.min_n,
                                                   instrument=self.instrument),
                                      lambda x: g(x.from_wave), lambda x: g(x.to_wave))
            shown = ch[~ch["suppressed"].astype(bool)]
            if len(shown):
                top = top_bottom(shown.assign(abs_diff=shown["diff"].abs()), "abs_diff", top=3, bottom=0)
                items = []
                for r in top.itertuples():
                    d = self._record_change("summary", r.item, r.diff, g(r.from_wave), g(r.to_wave), r.n_from, r.n_to)
                    items.append(f"{self.statement(r.item)} ({self.num(d, signed=True)}; "
                                 f"{esc(certainty(r._asdict(), self.lang, self.min_n))})")
                sure = int((shown["p_adjusted"] < 0.05).sum())
                for r in shown.itertuples():  # the count rests on every change compared
                    self._record_change("summary", r.item, r.diff, g(r.from_wave), g(r.to_wave), r.n_from, r.n_to)
                parts.append(f"<h3>{self.t('study_change', a=self.study.wave_label(self.from_wave, self.lang), b=wl)}"
                             f"</h3>" + bullet_list(items)
                             + f"<p>{self.t('study_sure', k=led.add('summary', 'statements sure', sure), t=len(shown))}"
                             f"</p>" + self.sure_note() + f'<p class="tk-note">{self.t("nested_note")}</p>')
            else:
                parts.append(f"<p>{self.t('no_change')}</p>")
        if self.followup_wave and self.from_wave:
            parts.append(self._study_fade())
        if not parts:
            parts.append(f"<p>{self.t('too_few', m=self.t('all_group'), w=wl)}</p>")
        return self._flush(section("summary", self.t("summary"), "".join(parts)))

    def _study_fade(self) -> str:
        """The follow-up against the end: of the focus group when the study has one (those
        followed up), else of all units."""
        kind = "followed-up" if self.has_focus else "all"
        units = list(self.focus) if self.has_focus else list(self.data.units)
        who = self.words()["focus"] if self.has_focus else self.t("all_group")
        fl = self.study.wave_label(self.followup_wave, self.lang)
        heading = f"{self.t('fade', f=fl)} ({esc(html.unescape(who))})"
        return self._fade_block(self.r, units, lambda w: self.group(w, kind), heading)

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

    @property
    def _has_table1(self) -> bool:
        return self.has_focus and self.study.highlight_statement is not None and self.from_wave is not None

    @property
    def _has_d2(self) -> bool:
        return self.has_focus and self.followup_wave is not None and self.from_wave is not None

    def table2(self) -> Section:
        """Table 2 (Table 1 when the study has no Table 1 of its focus group): the mean of every
        statement at the start and the end (or in the one wave), all units."""
        title = self.t("table2", k=2 if self._has_table1 else 1)
        if not self.from_wave:
            lv = self._levels(self.r[self.r["wave"].astype(str) == self.to_wave], "all", "table2")
            frame = self._statement_frame()
            shown = lv[~lv["suppressed"].astype(bool)].set_index("item")
            frame["mean"] = frame["item"].map(shown["mean"].astype(float)).astype(float)
            styler = styled_table(frame, {"item": self.t("nr"), "statement": self.t("statement"),
                                          "mean": self.study.wave_label(self.to_wave, self.lang)}, self.lang,
                                  highlight=["mean"], uuid="table2")
        else:
            ch = self._planned_change(study_change(self.r, self.from_wave, self.to_wave, min_n=self.min_n,
                                                   instrument=self.instrument),
                                      lambda x: self.group(x.from_wave), lambda x: self.group(x.to_wave))
            self._change_entries("table2", ch)
            styler = table2(ch, lang=self.lang, instrument=self.instrument,
                            labels=(self.study.wave_label(self.from_wave, self.lang),
                                    self.study.wave_label(self.to_wave, self.lang))).set_uuid("table2")
        return self._flush(section("table2", title, f'<div class="tk-scroll" role="region" tabindex="0" '
                                   f'aria-label="{title}">{styler.to_html()}</div>'))

    def trend(self) -> Section:
        """With three waves or more: the mean of every statement in every wave, all units."""
        if len(self.data.waves) < 3:
            return Section("")
        lv = self._levels(self.r, "all", "trend")  # recorded in the ledger here
        return self._trend_section(lv, list(self.data.waves), None, self.t("all_group"))

    def table1(self, item: int | None = None) -> Section:
        """Table 1: one statement (the study's ``highlight_statement``), all units against the focus
        group, in every wave and the changes; nothing without a focus group."""
        item = item or self.study.highlight_statement
        if not self.has_focus or item is None or not self.from_wave:
            return Section("")
        waves = [w for w in (self.from_wave, self.to_wave, self.followup_wave) if w]
        rows = []
        led = self.ledger
        for label, frame, kind in ((self.t("all_units"), self.r, "all"),
                                   (self.words()["Focus"], self.fol, "followed-up")):
            lv = item_summary(frame[frame["item"] == item], by=["wave"], min_n=self.min_n, instrument=self.instrument)
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
        lab = {w: self.study.wave_label(w, self.lang) for w in waves}
        heads = {"group": TEXTS["group"][self.lang], **lab, "d1": f"{lab[self.to_wave]} – {lab[self.from_wave]}"}
        if self.followup_wave:
            heads["d2"] = f"{lab[self.followup_wave]} – {lab[self.from_wave]}"
        styler = styled_table(frame, heads, self.lang, uuid="table1", signed=[d for d in ("d1", "d2") if d in heads])
        title = self.t("table1", i=item)
        return self._flush(section("table1", title, f'<p>{self.statement(item)}</p><div class="tk-scroll" '
                                   f'role="region" tabindex="0" aria-label="{title}">{styler.to_html()}</div>'))

    def _figure(self, title: str, fig: plots.ReportFigure) -> str:
        return f"<h3>{esc(html.unescape(title))}</h3>{fig._repr_html_()}"

    def _levels(self, frame: pd.DataFrame, kind: str, sec: str) -> pd.DataFrame:
        lv = self._planned(item_summary(frame, by=["wave"], min_n=self.min_n, instrument=self.instrument),
                           lambda x: self.group(x.wave, kind))
        for r in lv[~lv["suppressed"].astype(bool)].itertuples():
            self.ledger.add(sec, "mean", r.mean, int(r.item), self.group(r.wave, kind), r.n)
        return lv

    def _labelled(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(wave=frame["wave"].astype(str).map(lambda w: self.study.wave_label(w, self.lang)))

    def means(self) -> Section:
        """Diagrams 1-2: the mean per statement in the waves compared, all units (and the follow-up
        when it is of every unit; else the focus group in every wave up to the follow-up)."""
        sc = self.instrument.scale
        # the follow-up too where it is of every unit (with a focus group, Diagram 2 shows it)
        waves = [w for w in (self.from_wave, self.to_wave, None if self.has_focus else self.followup_wave) if w]
        r = self.r[self.r["wave"].astype(str).isin(waves)]
        lv = self._levels(r, "all", "means")
        wl = " – ".join(self.study.wave_label(w, self.lang) for w in waves)
        t1 = self.t("diagram", k=1, t=self.t("d1", w=wl))
        d1 = plots.statement_bars(self._labelled(lv), "mean", "wave", self.lang, self.instrument,
                                  xlim=(sc.min, sc.max), caption=html.unescape(self.t("bars_caption")),
                                  xlabel=self.t("mean"))
        body = self._figure(t1, d1)
        if self._has_d2:
            lf = self._levels(self.fol, "followed-up", "means")
            wl2 = " – ".join(self.study.wave_label(w, self.lang) for w in self.data.waves)
            t2 = self.t("diagram", k=2, t=self.t("d2", w=wl2))
            d2 = plots.statement_bars(self._labelled(lf), "mean", "wave", self.lang, self.instrument,
                                      xlim=(sc.min, sc.max), caption=html.unescape(self.t("bars_caption")),
                                      xlabel=self.t("mean"))
            body += self._figure(t2, d2)
        return self._flush(section("means", self.t("means_section"), body))

    def _role_blocks(self, k: int = 3) -> list[tuple[str, list[int]]]:
        """The role diagrams: the study's ``role_statements`` (group ``all`` or ``focus``), else
        the ``k`` statements with the largest gap between the role groups at the end, for all
        units and for the focus group."""
        if self.study.role_statements:
            blocks = [(g, list(i)) for g, i in self.study.role_statements]
        else:
            gaps = role_gap(self.r[self.r["wave"].astype(str) == self.to_wave], by=["wave"], min_n=self.min_n,
                            instrument=self.instrument)
            gaps = gaps[~gaps["suppressed"].astype(bool)]
            top = gaps.assign(a=gaps["gap"].abs()).sort_values(["a", "item"], ascending=[False, True]).head(k)
            items = sorted(int(i) for i in top["item"])
            blocks = [("all", items), ("focus", items)]
        return [(g, i) for g, i in blocks if i and (g == "all" or self.has_focus)]

    def roles(self) -> Section:
        """Diagrams 3 on: the role groups per scale step for the study's statements (all units
        over the waves compared, the focus group up to the follow-up); nothing when the data has
        no role groups."""
        if not self.has_roles or not self.from_wave:
            return Section("")
        body = ""
        k = 3 if self._has_d2 else 2
        for block, items in self._role_blocks():
            three = block == "focus"
            frame = self.fol if three else self.r
            kind = "followed-up" if three else "all"
            waves = [self.from_wave, self.to_wave] + ([self.followup_wave] if three and self.followup_wave else [])
            sub = frame[frame["item"].isin(items) & frame["wave"].astype(str).isin(waves)]
            summ = item_summary(sub, by=["wave", "function"], min_n=self.min_n, instrument=self.instrument)
            summ = suppress_splits(summ, frame, ["wave"], min_n=self.min_n)
            summ = self._planned(summ, lambda x, kind=kind: self.group(x.wave, kind, x.function), distribution=True)
            self._distribution_entries("roles", summ, lambda x, kind=kind: self.group(x.wave, kind, x.function),
                                       means=True)
            group = self.words()["focus"] if three else self.t("all_group")
            labelled = self._labelled(summ)
            wl = [self.study.wave_label(w, self.lang) for w in waves]
            for item in items:
                title = self.t("diagram", k=k, t=self.t("d_roles", i=item, g=html.unescape(group)))
                fig = plots.role_panels(labelled, [item], wl, self.lang, self.instrument,
                                        subject=f", {html.unescape(group)}", roles=self.role_names())
                body += self._figure(title, fig)
                k += 1
        return self._flush(section("roles", self.t("roles_section"), body)) if body else Section("")

    def followed_vs_others(self) -> Section:
        """The focus group against the other units, in each wave compared and in the change;
        nothing without a focus group."""
        if not self.has_focus or not self.from_wave:
            return Section("")
        r = self.r[self.r["wave"].astype(str).isin([self.from_wave, self.to_wave])]
        lv = item_summary(r, by=["wave", "followed_up"], min_n=self.min_n, instrument=self.instrument)
        lv = self._planned(lv, lambda x: self.group(x.wave, str(x.followed_up)))
        for x in lv[~lv["suppressed"].astype(bool)].itertuples():
            self.ledger.add("followed", "mean", x.mean, int(x.item), self.group(x.wave, str(x.followed_up)), x.n)
        names = {"followed-up": html.unescape(self.words()["Focus"]), "other": self.t("others")}
        lv = lv.assign(group=lv["followed_up"].astype(str).map(names))
        body = ""
        k0 = self._diagram_start()
        sc = self.instrument.scale
        for k, w in ((k0, self.from_wave), (k0 + 1, self.to_wave)):
            title = self.t("diagram", k=k, t=self.t("d11", w=self.study.wave_label(w, self.lang)))
            fig = plots.statement_bars(lv[lv["wave"].astype(str) == w], "mean", "group", self.lang, self.instrument,
                                       xlim=(sc.min, sc.max), caption=html.unescape(self.t("bars_caption")),
                                       xlabel=self.t("mean"))
            body += self._figure(title, fig)
        ch = change(self.r, self.from_wave, self.to_wave, by=["followed_up"], min_n=self.min_n,
                    instrument=self.instrument)
        ch = self._planned_change(ch, lambda x: self.group(x.from_wave, str(x.followed_up)),
                                  lambda x: self.group(x.to_wave, str(x.followed_up)))
        self._change_entries("followed", ch, lambda x: str(x.followed_up), means=False)
        ch = ch.assign(group=ch["followed_up"].astype(str).map(names))
        title = self.t("diagram", k=k0 + 2, t=self.t("d13", a=self.study.wave_label(self.to_wave, self.lang),
                                                      b=self.study.wave_label(self.from_wave, self.lang)))
        fig = plots.statement_bars(ch, "diff", "group", self.lang, self.instrument,
                                   caption=html.unescape(self.t("bars_caption")), xlabel=self.t("change_word"))
        body += self._figure(title, fig)
        return self._flush(section("followed", self.t("followed_section"), body))

    def _diagram_start(self) -> int:
        """The number of the first focus-group diagram: after Diagrams 1-2 and the role diagrams."""
        first = 3 if self._has_d2 else 2
        if not self.has_roles:
            return first
        return first + sum(len(i) for _, i in self._role_blocks())

    def indexes(self) -> Section:
        """The instrument's indexes (e.g. HME) per wave for all units; nothing without indexes."""
        if not self.instrument.indexes:
            return Section("")
        body = self._index_table(self.r, lambda w: self.group(w), "indexes", "", unit="unit")
        return self._flush(section("indexes", self.t("indexes"), body)) if body else Section("")

    def method(self) -> Section:  # type: ignore[override]
        return super().method(self.r, "", {})


#: the former name of :class:`StudyReport`
ProgramReport = StudyReport
