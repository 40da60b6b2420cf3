"""The survey reports follow the study: its instrument (any scale from 4 to 11 steps), its unit word,
one wave or many, role groups or none, a focus group or none. Checked on the second bundled study (the
TUFF staff pulse survey) and on random studies, whose every published mean is recomputed from the data."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuffkit.config import MIN_N
from tuffkit.disclosure import RESPONDENTS, audit
from tuffkit.instrument import _parse
from tuffkit.processed import Processed, read_processed
from tuffkit.report import runcache
from tuffkit.report.survey import StudyReport, UnitReport, certainty
from tuffkit.study import Study, StudyWave

UNIT_PARTS = ("header", "summary", "statements", "trend", "distributions", "roles", "indexes", "log", "measures",
              "method")
STUDY_PARTS = ("header", "summary", "table2", "trend", "indexes", "table1", "means", "roles", "followed_vs_others",
               "method")


def text_of(fragment: str) -> str:
    fragment = re.sub(r'<img[^>]*alt="([^"]*)"[^>]*>', r" \1 ", fragment)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


def test_the_pulse_units_report_shows_survey_log_and_measures_together(pulse_processed: Path) -> None:
    rep = UnitReport(pulse_processed, "norrtull")
    parts = {p: getattr(rep, p)().html for p in UNIT_PARTS}
    whole = text_of("".join(parts.values()))
    assert rep.from_wave == "2020-10" and rep.to_wave == "2021-10" and rep.followup_wave is None
    assert "TUFF – pulsenkät för medarbetare: Norrtull" in whole
    assert "Jämför oktober 2020 med oktober 2021" in whole
    assert "Skalan går från 1 (stämmer inte alls) till 5 (stämmer helt)" in whole
    # what staff said, how sure the changes are, what the log shows, what the measures did
    assert "större än slumpen" in parts["summary"] and "Alla enheter" in whole
    assert "oktober 2020" in text_of(parts["trend"]) and "juni 2021" in text_of(parts["trend"])
    log = text_of(parts["log"])
    assert "Från enkät till handling" in log and "idéer" in log and "hinder" in log
    assert "Nattfasta" in text_of(parts["measures"]) and "<img" in parts["measures"]
    # nothing of another study: no municipality, no role groups, no LfR
    for word in ("kommun", "Ledning och stöd", "Leda för Resultat", "lfr19", "7 (", "1–7"):
        assert word not in whole, word
    assert parts["roles"] == "" and parts["indexes"] == ""
    assert "Funktion" not in parts["method"] and "Ej angett" not in parts["method"]


def test_a_small_unit_is_protected_in_the_pulse_study(pulse_processed: Path) -> None:
    """Fiktivhemmet has 4 respondents at the end: its end results are not shown, and the all-unit
    figures beside it do not give it away (the run's audit over both reports)."""
    rep = UnitReport(pulse_processed, "Fiktivhemmet")
    summary = text_of(rep.summary().html)
    assert "visas inte" in summary
    other = UnitReport(pulse_processed, "Norrtull")
    entries = []
    for r, name in ((rep, "f"), (other, "n")):
        for p in ("summary", "statements", "trend", "distributions", "method"):
            getattr(r, p)()
        entries += [dict(e, report=name) for e in r.ledger.entries]
    study = StudyReport(pulse_processed)
    for p in STUDY_PARTS:
        getattr(study, p)()
    entries += [dict(e, report="s") for e in study.ledger.entries]
    assert audit(entries, read_processed(pulse_processed).responses, MIN_N,
                 files=runcache.source_files(pulse_processed)) == []


def test_one_wave_gives_levels_and_no_change(pulse_processed: Path) -> None:
    full = read_processed(pulse_processed)
    r = full.responses[full.responses["wave"] == "2021-02"].copy()
    r["wave"] = r["wave"].cat.remove_unused_categories()
    data = Processed(pulse_processed, r, full.ingest)
    study = full.study.with_waves([])
    study = Study(**{**study.__dict__, "waves": (StudyWave("2021-02", {"sv": "februari 2021"}),)})
    rep = UnitReport(data, "Norrtull", study=study)
    assert rep.from_wave is None and rep.to_wave == "2021-02"
    head, summ, stmts = rep.header().html, rep.summary().html, rep.statements().html
    assert "Omgång: februari 2021" in text_of(head) and "Jämför" not in head
    assert "förändring" not in text_of(summ).lower() and "Starkast i februari 2021" in text_of(summ)
    assert "Norrtull februari 2021" in text_of(stmts) and "förändring" not in text_of(stmts)
    assert rep.trend().html == "" and "<img" in rep.distributions().html
    sr = StudyReport(data, study=study)
    parts = {p: getattr(sr, p)().html for p in STUDY_PARTS}
    assert parts["table1"] == parts["followed_vs_others"] == parts["roles"] == parts["trend"] == ""
    assert "februari 2021" in text_of(parts["table2"]) and "Högst i februari 2021" in text_of(parts["summary"])


def test_the_lfr3_study_keeps_its_role_groups_focus_group_and_follow_up(processed: Path) -> None:
    rep = UnitReport(processed, "Botkyrka")
    assert (rep.from_wave, rep.to_wave, rep.followup_wave) == ("2012-10", "2013-05", "2014")
    summary = text_of(rep.summary().html)
    assert "Där ledning och stöd skiljer sig mest (maj 2013)" in summary and "Uppföljning: januari–mars 2014" in summary
    assert "Skalan går från 1 (instämmer inte alls) till 7 (instämmer helt)" in summary
    sr = StudyReport(processed)
    t1 = text_of(sr.table1().html)
    assert "Tabell 1. Påstående 8, alla kommuner och de uppföljda kommunerna" in t1
    roles = sr.roles().html
    def numbers(fragment: str) -> list[int]:  # each diagram's number, in order (its heading and its caption)
        return list(dict.fromkeys(int(k) for k in re.findall(r"Diagram (\d+)\.", text_of(fragment))))

    assert numbers(roles) == list(range(3, 11)) and numbers(sr.followed_vs_others().html) == [11, 12, 13]


def test_certainty_in_words() -> None:
    assert certainty({"p_adjusted": 0.2, "n_from": 40, "n_to": 40}, "en", 5) == "could be chance"
    assert certainty({"p_adjusted": 0.001, "n_from": 40, "n_to": 40}, "en", 5) == "larger than chance"
    assert certainty({"p_adjusted": 0.001, "n_from": 5, "n_to": 40}, "en", 5) == (
        "larger than chance; small group, read with care")
    assert certainty({"p_adjusted": float("nan"), "n_from": 40, "n_to": 40}, "sv", 5) == "kan vara slump"


# ------------------------------------------------------------------ random studies


@st.composite
def studies(draw: st.DrawFn) -> tuple[pd.DataFrame, object, Study]:
    lo = draw(st.sampled_from([0, 1]))
    steps = draw(st.integers(4, 11))
    k = draw(st.integers(3, 30))
    neutral = lo + steps // 2 if steps % 2 == 1 and draw(st.booleans()) else None
    doc = {"id": "rnd", "title": {"sv": "Slumpstudie", "en": "Random study"},
           "scale": {"min": lo, "max": lo + steps - 1, **({"neutral": neutral} if neutral is not None else {}),
                     "labels": {lo: {"sv": "Lågt", "en": "Low"}, lo + steps - 1: {"sv": "Högt", "en": "High"}}},
           "themes": [{"id": "a", "sv": "Tema A", "en": "Theme A"}, {"id": "b", "sv": "Tema B", "en": "Theme B"}],
           "items": [{"number": i, "theme": "a" if i % 2 else "b", "sv": f"Påstående nummer {i} om arbetet.",
                      "en": f"Statement number {i} about the work."} for i in range(1, k + 1)]}
    inst = _parse(yaml.safe_dump(doc), "random instrument")
    n_waves = draw(st.integers(1, 5))
    waves = [f"w{j}" for j in range(1, n_waves + 1)]
    units = ["Ask", "Björk", "Ek", "Lönn"][: draw(st.integers(2, 4))]
    roles = draw(st.booleans())
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    rows, rid = [], 0
    for w in waves:
        for u in units:
            for _ in range(draw(st.sampled_from([0, 2, 4, 6, 9, 14]))):
                rid += 1
                f = rng.choice(["management", "support", "not_stated"]) if roles else "not_stated"
                vals = rng.integers(lo, lo + steps, k).astype(float)
                vals[rng.random(k) < 0.08] = np.nan
                rows += [(rid, w, u, f, i + 1, vals[i]) for i in range(k)]
    frame = pd.DataFrame(rows, columns=["respondent_id", "wave", "unit", "function", "item", "value"])
    frame["wave"] = pd.Categorical(frame["wave"], categories=waves, ordered=True)
    frame["unit"] = pd.Categorical(frame["unit"], categories=units)
    frame["function"] = pd.Categorical(frame["function"], categories=["management", "support", "not_stated"])
    frame["value"] = frame["value"].astype("Int8")
    focus = tuple(draw(st.lists(st.sampled_from(units), max_size=2, unique=True)))
    follow = n_waves >= 3 and draw(st.booleans())
    swaves = tuple(StudyWave(w, {"sv": f"Våg {w[1:]}", "en": f"Wave {w[1:]}"},
                             "follow-up" if follow and w == waves[-1] else None) for w in waves)
    study = Study(id="rnd", title={"sv": "Slumpstudie", "en": "Random study"}, instrument="rnd",
                  units={"sv": ("ort", "orter"), "en": ("town", "towns")}, waves=swaves, focus=focus,
                  focus_label={"sv": "fokusgruppen", "en": "the focus group"} if focus else {},
                  highlight_statement=1 if focus else None)
    return frame, inst, study


def _members(responses: pd.DataFrame, entry: dict) -> pd.DataFrame:
    """The answers behind one ledger entry: its statement (or every answer, for respondents) in its group."""
    g = entry["group"] or {}
    r = responses if entry["variable"] == "respondents" else responses[responses["item"] == int(entry["variable"])]
    for col in ("wave", "unit", "function"):
        if col in g:
            r = r[r[col].astype(str).isin([str(x) for x in g[col]])]
    return r


def _expected(responses: pd.DataFrame, entry: dict) -> float | None:
    """What one published number must be, computed straight from the answers (None: not a statistic
    of one group that can be recomputed alone, such as a change, checked in pairs)."""
    r = _members(responses, entry)
    v = r["value"].dropna().astype(float)
    stat = entry["statistic"]
    if stat == "respondents":
        return float(r["respondent_id"].nunique())
    if stat == "mean":
        return float(v.mean())
    if stat == "answers":
        return float(len(v))
    if stat.startswith("% ") and stat[2:].isdigit():
        return float((v == int(stat[2:])).mean() * 100)
    return None


def _check_numbers(responses: pd.DataFrame, entries: list[dict]) -> int:
    """Every mean, count, share and change the reports published equals the data's; returns how
    many were checked."""
    checked = 0
    for k, e in enumerate(entries):
        if e.get("group") is None or e.get("variable") is None or set(e["group"]) - {"wave", "unit",
                                                                                         "function"}:
            continue
        want = _expected(responses, e)
        if want is not None:
            assert e["value"] == pytest.approx(want, abs=1e-9), e
            checked += 1
        elif e["statistic"] == "change" and k + 1 < len(entries) and entries[k + 1]["statistic"] == "change" \
                and entries[k + 1]["value"] == e["value"] and e.get("_pair") is None:
            later = entries[k + 1]
            later["_pair"] = True  # the second of a pair: from-group, to-group
            a, b = _members(responses, e), _members(responses, later)
            diff = b["value"].dropna().astype(float).mean() - a["value"].dropna().astype(float).mean()
            assert e["value"] == pytest.approx(diff, abs=1e-9), (e, later)
            checked += 1
    return checked


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(studies())
def test_reports_of_random_studies_render_and_every_mean_is_the_datas(tmp_path: Path, drawn) -> None:  # noqa: ANN001
    responses, inst, study = drawn
    present = responses.drop_duplicates("respondent_id")
    if present.empty:
        return
    data = Processed(tmp_path, responses, {"files": []})
    entries = []
    for lang in ("sv", "en"):
        for u in data.units:
            rep = UnitReport(data, u, lang=lang, instrument=inst, study=study)
            parts = {p: getattr(rep, p)().html for p in UNIT_PARTS}
            whole = text_of("".join(parts.values()))
            assert ("ort" if lang == "sv" else "town") in whole.lower()
            assert "kommun" not in whole.lower() and "municipal" not in whole.lower()
            if not data.has_roles:
                assert parts["roles"] == ""
            if len(data.waves) < 3:
                assert parts["trend"] == ""
            entries += [dict(e, report=f"{u}-{lang}") for e in rep.ledger.entries]
        sr = StudyReport(data, lang=lang, instrument=inst, study=study)
        parts = {p: getattr(sr, p)().html for p in STUDY_PARTS}
        if not study.focus or set(study.focus) >= set(data.units):
            assert parts["table1"] == parts["followed_vs_others"] == ""
        if not data.has_roles:
            assert parts["roles"] == ""
        entries += [dict(e, report=f"study-{lang}") for e in sr.ledger.entries]
    for e in entries:  # nothing from a group smaller than the minimum
        if e.get("group") is not None and e.get("variable") not in (None, "respondents") and e["statistic"] != "change":
            assert len(_members(responses, e)["value"].dropna()) >= MIN_N, e
    checked = _check_numbers(responses, [dict(e) for e in entries])
    # something must have been checked when the run's plan lets a wave's all-unit figures show (it may
    # hide them all, e.g. to protect a focus group of 2 that would be all units minus the others)
    plan = runcache.plan_of(responses, MIN_N, sorted(study.focus))
    if any(plan.allows(RESPONDENTS, {"wave": [w]}) for w in data.waves):
        assert checked > 0
    # the run's audit: with the instrument's ends of the scale, as the reports' plan has them
    assert audit(entries, responses, MIN_N, scale=(float(inst.scale.min), float(inst.scale.max))) == []


def test_hme_indexes_follow_skrs_rule_and_stand_beside_the_saved_kolada_figures(tmp_path: Path) -> None:
    """An HME survey of two municipalities (ingested with the built-in ``hme``) and a saved Kolada
    response with Botkyrka's HME total index: the report's indexes are the per-question 0-100
    indexes averaged (Kolada's description of SKR's HME), and Kolada's figure stands beside them."""
    import json

    from tuffkit.cli import main
    from tuffkit.config import RAW_DIR
    from tuffkit.instrument import load_instrument

    hme = load_instrument("hme")
    rng = np.random.default_rng(7)
    lines = ["Kommun;Omgång;" + ";".join(it.sv for it in hme.items)]
    for m in ("Botkyrka", "Halmstad"):
        for _ in range(12):
            vals = [str(v) if rng.random() > 0.05 else "" for v in rng.integers(2, 6, 9)]
            lines.append(f"{m};2024;" + ";".join(vals))
    (tmp_path / "hme.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", str(tmp_path / "hme.csv"), "--instrument", "hme", "--out", str(out)]) == 0
    kolada = tmp_path / "kolada"
    kolada.mkdir()
    shutil.copy(RAW_DIR / "measures" / "kolada_kommuner.json", kolada / "kolada_kommuner.json")
    (kolada / "kolada_kpi.json").write_text(json.dumps({"count": 1, "values": [
        {"id": "U00200", "title": "Medarbetarengagemang (HME) totalt kommunen - Totalindex"}]}), encoding="utf-8")
    (kolada / "hme_2024.json").write_text(json.dumps({"count": 1, "values": [
        {"kpi": "U00200", "municipality": "0127", "period": 2024,
         "values": [{"count": 1, "gender": "T", "status": None, "value": 78.0, "isdeleted": False}]}]}),
        encoding="utf-8")
    assert main(["ingest-measures", str(kolada), "--out", str(out)]) == 0

    r = read_processed(out).responses
    mine = r[(r["unit"] == "Botkyrka")].dropna(subset=["value"])
    per_item = ((mine["value"].astype(float) - 1) * 25).groupby(mine["item"]).mean()
    expected = {"hme": per_item.mean(), "motivation": per_item[[1, 2, 3]].mean(),
                "ledarskap": per_item[[4, 5, 6]].mean(), "styrning": per_item[[7, 8, 9]].mean()}
    rep = UnitReport(out, "Botkyrka")
    section_html = rep.indexes().html
    got = {e["statistic"].removeprefix("index "): e["value"] for e in rep.ledger.entries if e["section"] == "indexes"}
    assert got == pytest.approx(expected, abs=1e-9)  # the ledger keeps 10 decimals
    text = text_of(section_html)
    assert "HME totalt" in text and "Motivationsindex" in text
    heading, caption = (re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", section_html).group(1) for tag in ("h2", "caption"))
    assert heading == "Index" and caption == "Index per omgång, Botkyrka"  # not "Index" twice in a row
    assert "Medarbetarengagemang (HME) totalt kommunen - Totalindex" in text and "78" in text
    assert UnitReport(out, "Halmstad").indexes().html.count("Kolada") == 0


HME_SUBINDEXES = {"Motivationsindex": [1, 2, 3], "Ledarskapsindex": [4, 5, 6], "Styrningsindex": [7, 8, 9]}


@pytest.fixture(scope="module")
def hme_two_waves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An HME survey of four municipalities in two waves (one of them too small to show), some
    answers left out, ingested with the built-in ``hme``."""
    from tuffkit.cli import main
    from tuffkit.instrument import load_instrument

    tmp = tmp_path_factory.mktemp("hme2")
    hme = load_instrument("hme")
    rng = np.random.default_rng(21)
    lines = ["Kommun;Omgång;" + ";".join(it.sv for it in hme.items)]
    for wave, shift in (("2023", 0.0), ("2024", 0.5)):
        for m, n in (("Botkyrka", 30), ("Halmstad", 24), ("Ludvika", 16), ("Ronneby", 3)):
            for _ in range(n):
                level = rng.normal(3.3 + shift, 0.7)
                vals = np.clip(np.round(level + rng.normal(0, 0.6, 9)), 1, 5).astype(int)
                lines.append(f"{m};{wave};" + ";".join(str(v) if rng.random() > 0.05 else "" for v in vals))
    (tmp / "hme.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp / "out"
    assert main(["ingest", str(tmp / "hme.csv"), "--instrument", "hme", "--out", str(out)]) == 0
    return out


def _index_rows(fragment: str) -> dict[str, list[str]]:
    """The index table's rows: the index's name -> its cells as text."""
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", fragment, flags=re.S):
        cells = [text_of(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, flags=re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def test_hme_total_has_its_change_and_certainty_as_the_subindexes_computed_by_hand(hme_two_waves: Path) -> None:
    """The unit's and the study's index tables: HME totalt has a value per wave, a change and a
    certainty like each subindex; the change is the hand-computed difference of the means of the
    nine question indexes ((answer - 1) * 25, mean per question, mean of the questions); every
    number is in the ledger as a figure of each of the index's statements, and the run's audit
    finds nothing exposed."""
    responses = read_processed(hme_two_waves).responses
    sure_words = {certainty({"p_adjusted": p, "n_from": n, "n_to": n}, "sv", MIN_N)
                  for p in (0.01, 0.5) for n in (1, 100)}
    entries = []
    for rep, who in ((UnitReport(hme_two_waves, "Botkyrka"), "Botkyrka"), (StudyReport(hme_two_waves), None)):
        fragment = rep.indexes().html
        rows = _index_rows(fragment)
        assert "HME totalt" in rows and all(name in rows for name in HME_SUBINDEXES)
        head = rows["Index"]
        assert head[-2].startswith("Förändring 2023") and head[-1] == "Slump?"
        mine = responses if who is None else responses[responses["unit"] == who]
        mine = mine.dropna(subset=["value"])
        per_item = ((mine["value"].astype(float) - 1) * 25).groupby([mine["wave"].astype(str), mine["item"]]).mean()
        items = {"HME totalt": list(range(1, 10)), **HME_SUBINDEXES}
        for name, its in items.items():
            cells = rows[name]
            a, b = per_item.loc["2023"][its].mean(), per_item.loc["2024"][its].mean()
            assert cells[0] == rep.num(a, 0) and cells[1] == rep.num(b, 0)
            assert cells[2] == rep.num(b - a, 0, signed=True) and cells[2][0] in "+−-"
            assert cells[3] in sure_words
            logged = [e for e in rep.ledger.entries if e["statistic"] == f"index {ix_id(name)} change"]
            assert sorted({int(e["variable"]) for e in logged}) == its
            assert all(e["value"] == pytest.approx(b - a, abs=1e-9) for e in logged)
        entries += [dict(e, report=who or "study") for e in rep.ledger.entries]
    inst = read_processed(hme_two_waves).instrument
    assert audit(entries, responses, MIN_N, scale=(float(inst.scale.min), float(inst.scale.max))) == []


def ix_id(name: str) -> str:
    return {"HME totalt": "hme", "Motivationsindex": "motivation", "Ledarskapsindex": "ledarskap",
            "Styrningsindex": "styrning"}[name]


def test_hme_total_is_shown_wherever_a_subindex_is_in_the_built_reports(hme_two_waves: Path, tmp_path: Path) -> None:
    """``tuffkit reports`` over the HME study (unit and study reports, audited): every section that
    names a subindex names HME totalt too, and where a subindex has a number the total has one
    (a unit hidden by the plan shows dashes for all of them)."""
    from tuffkit.cli import main

    out = tmp_path / "rep"
    assert main(["reports", "--data", str(hme_two_waves), "--all", "--program", "--out", str(out), "--quiet"]) == 0
    pages = sorted(out.rglob("*.html"))
    seen = 0
    for page in pages:
        if page.name == "index.html":
            continue
        text = page.read_text(encoding="utf-8")
        for part in re.findall(r"<section.*?</section>", text, flags=re.S):
            if not any(name in part for name in HME_SUBINDEXES):
                continue
            seen += 1
            assert "HME totalt" in part, page
            rows = _index_rows(part)
            shown = {k: [c for c in v if c not in ("–", "")] for k, v in rows.items() if k != "Index"}
            if any(shown[name] for name in HME_SUBINDEXES):
                assert len(shown["HME totalt"]) == max(len(shown[name]) for name in HME_SUBINDEXES), page
    assert seen >= 2


def test_an_index_that_leaves_out_some_who_answered_is_not_shown(tmp_path: Path) -> None:
    """An own instrument whose index needs two answers of its three statements: where someone in
    the wave answered only one, the index's question means would be over fewer than the
    statement's answers (sets the plan never checked), so the index is not shown for that wave;
    where everyone answered enough, it is, with its change only when both waves show it."""
    doc = {"id": "own", "title": {"sv": "Egen", "en": "Own"},
           "scale": {"min": 1, "max": 5, "labels": {1: {"sv": "Lågt", "en": "Low"}, 5: {"sv": "Högt", "en": "High"}}},
           "items": [{"number": i, "sv": f"Påstående nummer {i} om arbetet.", "en": f"Statement {i}."}
                     for i in (1, 2, 3)],
           "indexes": {"min_answered": 2, "list": [{"id": "tot", "sv": "Eget index", "en": "Own index",
                                                     "items": [1, 2, 3]}]}}
    inst = _parse(yaml.safe_dump(doc), "own instrument")
    rng = np.random.default_rng(4)
    rows, rid = [], 0
    for w in ("w1", "w2", "w3"):
        for _ in range(12):
            rid += 1
            vals = rng.integers(1, 6, 3).astype(float)
            if w == "w2" and rid % 12 == 1:
                vals[1:] = np.nan  # one respondent answers one statement only
            rows += [(rid, w, "Ask", "not_stated", i + 1, vals[i]) for i in range(3)]
    frame = pd.DataFrame(rows, columns=["respondent_id", "wave", "unit", "function", "item", "value"])
    frame["wave"] = pd.Categorical(frame["wave"], categories=["w1", "w2", "w3"], ordered=True)
    frame["value"] = frame["value"].astype("Int8")
    study = Study(id="own", title={"sv": "Egen", "en": "Own"}, instrument="own",
                  waves=tuple(StudyWave(w, {"sv": w, "en": w}) for w in ("w1", "w2", "w3")))
    data = Processed(tmp_path, frame, {"files": []})
    for from_wave, shown in (("w2", ["w1", "w3"]), ("w1", ["w1", "w3"])):
        rep = UnitReport(data, "Ask", from_wave=from_wave, to_wave="w3", instrument=inst, study=study)
        cells = _index_rows(rep.indexes().html)["Eget index"]
        assert [c != "–" for c in cells[:3]] == [w in shown for w in ("w1", "w2", "w3")]
        assert (cells[3] != "–") == (from_wave in shown)
        assert not any(e["statistic"].startswith("index") and e["group"]["wave"] == ["w2"] for e in rep.ledger.entries)
