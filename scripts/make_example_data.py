"""Write the synthetic example data for LfR course round III into data/raw/.

Deterministic (a fixed seed): re-running it writes the same rows and answers.
Re-run with ``make example-data`` (or ``.venv/bin/python scripts/make_example_data.py``).

What it guarantees (checked at the end of this script, and by tests/test_example_data.py
through the public loader):
- respondent counts per wave and function as in shared/domain/lfr-survey.md, for all
  municipalities and for the 7 followed-up ones;
- per-statement means over all municipalities for 2012-10 and 2013-05 that round to Table 2,
  and May-October differences that round to its Maj-okt column;
- statement 8 for the followed-up municipalities: 3.17, 4.52, 4.23 (Table 1), with the
  differences 1.35 and 1.06;
- statement 5 role means (ledning, stöd) for the followed-up municipalities per wave to one
  decimal (Diagram 10); statement 4 stöd in October 4.5 (Diagram 3) and statement 7 stöd in
  May 4.8 (Diagram 4), all municipalities;
- a realistic spread: answers drawn from a latent model with municipality and role effects,
  support rating lower than management on the whole, a fade at the 2014 follow-up, and some
  missing answers.

The answers are then nudged by single scale steps, at random, until each published mean is
hit exactly; nothing else is published, so nothing else is forced.

Files, shaped like the real exports:
- lfr3_2012-10_papper.xlsx and lfr3_2013-05_papper.xlsx: paper forms keyed into Excel,
  two title rows above the header, numeric answers, a few keying errors;
- lfr3_2014_forms.xlsx: the same wave's answers from Emmaboda, as Microsoft Forms exports them
  (its own columns, question texts as headers, no wave column: the wave comes from the times);
- lfr3_2014_webbenkat.csv: the web survey, semicolon-separated Windows-1252 with a title row,
  answers as labels or numbers, a "Vet ej" option, one empty and one duplicated submission.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
from pathlib import Path

import numpy as np
import openpyxl

SEED = 20121015
ITEMS = list(range(1, 20))

FOLLOWED = ["Botkyrka", "Emmaboda", "Halmstad", "Karlshamn", "Ludvika", "Mönsterås", "Ronneby"]
# Invented names that no Swedish municipality has (synthetic participants).
OTHERS = [
    "Exempelstad", "Fiktivköping", "Påhittsunda", "Låtsasvik", "Testmora", "Provholm",
    "Demoås", "Skenby", "Prototorp", "Modellsjö", "Övningshamn", "Simulerås",
]

# wave -> group -> (ledning, stöd, not stated), from lfr-survey.md
COUNTS = {
    "2012-10": {"followed": (35, 32, 1), "other": (101, 85, 5)},
    "2013-05": {"followed": (32, 25, 6), "other": (79, 80, 12)},
    "2014": {"followed": (17, 17, 1)},
}

# Table 2: item -> (October, May, May-October)
TABLE2 = {
    1: (3.29, 4.08, 0.79), 2: (3.82, 4.24, 0.42), 3: (4.62, 4.98, 0.36), 4: (4.02, 4.60, 0.58),
    5: (4.08, 4.83, 0.75), 6: (3.54, 4.21, 0.67), 7: (3.81, 4.41, 0.60), 8: (3.45, 4.33, 0.88),
    9: (3.39, 4.03, 0.64), 10: (4.39, 5.03, 0.64), 11: (4.49, 5.04, 0.55), 12: (3.99, 4.50, 0.51),
    13: (4.78, 5.24, 0.46), 14: (3.99, 4.29, 0.30), 15: (3.91, 4.28, 0.37), 16: (3.22, 3.46, 0.24),
    17: (4.05, 4.40, 0.35), 18: (3.60, 4.29, 0.69), 19: (3.78, 4.13, 0.35),
}
TABLE1_FOLLOWED_ITEM8 = {"2012-10": 3.17, "2013-05": 4.52, "2014": 4.23}
DIAGRAM10_ITEM5 = {  # followed-up, (ledning, stöd)
    "2012-10": (4.6, 3.6), "2013-05": (5.0, 5.2), "2014": (5.0, 4.2),
}
DIAGRAM3_ITEM4_SUPPORT_OCT = 4.5
DIAGRAM4_ITEM7_SUPPORT_MAY = 4.8

FUNCTIONS = ("management", "support", "not_stated")

def _theme_of_item() -> np.ndarray:
    """The theme (0, 1, ...) of each statement of lfr19, in statement order."""
    from tuffkit.instrument import load_instrument

    lfr = load_instrument("lfr19")
    themes = [th.id for th in lfr.themes]
    return np.array([themes.index(it.theme) for it in lfr.items])


THEME_OF_ITEM = _theme_of_item()
LABEL_SV = {7: "Instämmer helt", 1: "Instämmer inte alls"}


def respondents(rng: np.random.Generator) -> list[dict]:
    """The respondents of every wave with municipality, function and management-group answer."""
    weights_f = rng.uniform(0.7, 1.3, len(FOLLOWED))
    weights_o = rng.uniform(0.5, 1.5, len(OTHERS))
    out = []
    for wave, groups in COUNTS.items():
        for group, counts in groups.items():
            munis = FOLLOWED if group == "followed" else OTHERS
            w = weights_f if group == "followed" else weights_o
            for func, count in zip(FUNCTIONS, counts, strict=True):
                per_muni = rng.multinomial(count, w / w.sum())
                for muni, k in zip(munis, per_muni, strict=True):
                    for _ in range(k):
                        if func == "management":
                            grp = rng.choice([True, False, None], p=[0.8, 0.15, 0.05])
                        elif func == "support":
                            grp = rng.choice([True, False, None], p=[0.3, 0.65, 0.05])
                        else:
                            grp = rng.choice([True, False, None], p=[0.3, 0.2, 0.5])
                        out.append({"wave": wave, "municipality": muni, "followed": group == "followed",
                                    "function": func, "in_management_group": grp})
    # forms come in mixed order within a wave
    pos = rng.permutation(len(out))
    order = sorted(range(len(out)), key=lambda i: (list(COUNTS).index(out[i]["wave"]), pos[i]))
    return [out[i] for i in order]


def latent_means(rng: np.random.Generator) -> dict[tuple[str, int], float]:
    """Mean of the latent answer per wave and item (before role and municipality effects)."""
    means = {}
    for item, (oct_, may, _) in TABLE2.items():
        means[("2012-10", item)] = oct_
        means[("2013-05", item)] = may
        # the follow-up: most internal statements fall back ("everyday life takes over")
        means[("2014", item)] = may + 0.1 - rng.uniform(0.05, 0.45)
    return means


def draw_answers(rng: np.random.Generator, resp: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Latent answers and their rounding to the 1..7 scale, with missing answers as NaN."""
    means = latent_means(rng)
    muni_effect = {(m, w): rng.normal(0, 0.25) for m in FOLLOWED + OTHERS for w in COUNTS}
    role_gap = {"2012-10": 0.45, "2013-05": 0.2, "2014": 0.55}  # ledning minus stöd; narrows, then opens again
    n = len(resp)
    latent = np.empty((n, len(ITEMS)))
    for i, r in enumerate(resp):
        gap = role_gap[r["wave"]]
        role = {"management": gap / 2, "support": -gap / 2, "not_stated": 0.0}[r["function"]]
        fol = {"2012-10": -0.1, "2013-05": 0.1, "2014": 0.0}[r["wave"]] if r["followed"] else 0.0
        base = np.array([means[(r["wave"], k)] for k in ITEMS])
        # a respondent's general view and their view per theme make statements of one theme agree
        person = rng.normal(0, 0.8)
        per_theme = rng.normal(0, 0.6, len(THEME_OF_ITEM))
        latent[i] = (base + role + fol + muni_effect[(r["municipality"], r["wave"])] + person
                     + per_theme[THEME_OF_ITEM] + rng.normal(0, 0.75, len(ITEMS)))
    values = np.clip(np.rint(latent), 1, 7)
    p_missing = np.array([{"2012-10": 0.025, "2013-05": 0.03, "2014": 0.05}[r["wave"]]
                          + (0.05 if r["function"] == "not_stated" else 0) for r in resp])
    values[rng.random(values.shape) < p_missing[:, None]] = np.nan
    return latent, values


def best_n(target: float, n_max: int, decimals: int, n_min: int) -> tuple[int, int]:
    """The number of answers ``n <= n_max`` and sum ``S`` whose mean ``S/n`` is closest to ``target``."""
    best = None
    for n in range(n_max, max(n_min, 1) - 1, -1):
        s = round(target * n)
        err = abs(s / n - target)
        if best is None or err < best[0] - 1e-12:
            best = (err, n, s)
        if err < 0.25 * 10**-decimals:
            break
    assert best is not None
    return best[1], best[2]


def satisfy(rng, values, latent, constraints) -> None:
    """Nudge answers so that each constraint's mean is met; constraints run specific-first.

    ``constraints``: list of (row mask, item index, target mean, decimals). The cells of an
    earlier constraint of the same item are not touched by a later one.
    """
    fixed: dict[int, np.ndarray] = {}
    for mask, j, target, decimals in constraints:
        col = values[:, j]
        done = fixed.setdefault(j, np.zeros(len(col), dtype=bool))
        free = mask & ~done
        answered = mask & ~np.isnan(col)
        free_answered = free & ~np.isnan(col)
        # choose how many answer (by turning a few free answers into missing ones)
        n_now = int(answered.sum())
        n, s = best_n(target, n_now, decimals, n_now - 6)
        drop = rng.choice(np.flatnonzero(free_answered), n_now - n, replace=False)
        col[drop] = np.nan
        free_answered[drop] = False
        # shift the latent answers of the free cells towards the target, then nudge exactly
        for _ in range(4):
            need = s - np.nansum(col[mask])
            k = free_answered.sum()
            if abs(need) / k < 0.03:
                break
            latent[free_answered, j] += need / k
            col[free_answered] = np.clip(np.rint(latent[free_answered, j]), 1, 7)
        need = int(round(s - np.nansum(col[mask])))
        step = 1 if need > 0 else -1
        while need:
            cand = np.flatnonzero(free_answered & ((col < 7) if step > 0 else (col > 1)))
            pick = rng.choice(cand)
            col[pick] += step
            need -= step
        values[:, j] = col
        fixed[j] = done | mask


def build(rng: np.random.Generator) -> tuple[list[dict], np.ndarray]:
    resp = respondents(rng)
    latent, values = draw_answers(rng, resp)
    wave = np.array([r["wave"] for r in resp])
    fol = np.array([r["followed"] for r in resp])
    func = np.array([r["function"] for r in resp])
    cons = []
    for w in ("2012-10", "2013-05", "2014"):
        cons.append(((wave == w) & fol, 7, TABLE1_FOLLOWED_ITEM8[w], 2))
        led, sto = DIAGRAM10_ITEM5[w]
        cons.append(((wave == w) & fol & (func == "management"), 4, led, 1))
        cons.append(((wave == w) & fol & (func == "support"), 4, sto, 1))
    cons.append(((wave == "2012-10") & (func == "support"), 3, DIAGRAM3_ITEM4_SUPPORT_OCT, 1))
    cons.append(((wave == "2013-05") & (func == "support"), 6, DIAGRAM4_ITEM7_SUPPORT_MAY, 1))
    for item, (oct_, may, _) in TABLE2.items():
        cons.append((wave == "2012-10", item - 1, oct_, 2))
        cons.append((wave == "2013-05", item - 1, may, 2))
    satisfy(rng, values, latent, cons)
    return resp, values


def check(resp: list[dict], values: np.ndarray) -> None:
    """Fail loudly if a published figure is not reproduced."""
    wave = np.array([r["wave"] for r in resp])
    fol = np.array([r["followed"] for r in resp])
    func = np.array([r["function"] for r in resp])

    def mean(mask, j):
        return float(np.nanmean(values[mask, j]))

    def same(x, y, d):
        return f"{x:.{d}f}" == f"{y:.{d}f}" and abs(round(x, d) - y) < 1e-9

    for w, groups in COUNTS.items():
        for g, counts in groups.items():
            m = (wave == w) & (fol == (g == "followed"))
            assert tuple(int(((func == f) & m).sum()) for f in FUNCTIONS) == counts, (w, g)
    for item, (oct_, may, diff) in TABLE2.items():
        a, b = mean(wave == "2012-10", item - 1), mean(wave == "2013-05", item - 1)
        assert same(a, oct_, 2) and same(b, may, 2) and same(b - a, diff, 2), (item, a, b)
    m8 = {w: mean((wave == w) & fol, 7) for w in COUNTS}
    for w, t in TABLE1_FOLLOWED_ITEM8.items():
        assert same(m8[w], t, 2), (w, m8[w])
    assert same(m8["2013-05"] - m8["2012-10"], 1.35, 2) and same(m8["2014"] - m8["2012-10"], 1.06, 2)
    for w, (led, sto) in DIAGRAM10_ITEM5.items():
        assert same(mean((wave == w) & fol & (func == "management"), 4), led, 1), w
        assert same(mean((wave == w) & fol & (func == "support"), 4), sto, 1), w
    assert same(mean((wave == "2012-10") & (func == "support"), 3), DIAGRAM3_ITEM4_SUPPORT_OCT, 1)
    assert same(mean((wave == "2013-05") & (func == "support"), 6), DIAGRAM4_ITEM7_SUPPORT_MAY, 1)
    for j in range(len(ITEMS)):
        for w in COUNTS:
            used = set(values[wave == w, j][~np.isnan(values[wave == w, j])].astype(int))
            assert len(used) >= 4, (w, j + 1, used)
    led = np.nanmean(values[func == "management"])
    sto = np.nanmean(values[func == "support"])
    assert led > sto, (led, sto)


# ----------------------------------------------------------------------------- writing

FUNC_SV = {"management": "Ledning", "support": "Stöd", "not_stated": None}
YES_SV = {True: "Ja", False: "Nej", None: None}


def _fixed_times(wb: openpyxl.Workbook) -> None:
    stamp = dt.datetime(2013, 6, 1, 12, 0, 0)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "tuffkit example-data generator (synthetic)"


def write_paper_wave(path: Path, wave: str, rows: list[tuple[dict, np.ndarray]], rng, header_style: str) -> None:
    """One paper wave keyed into Excel: title rows, header, numeric answers, some keying errors."""
    wb = openpyxl.Workbook()
    _fixed_times(wb)
    ws = wb.active
    ws.title = "Inmatning"
    month = {"2012-10": "oktober 2012", "2013-05": "maj 2013"}[wave]
    ws.append([f"Leda för Resultat III – självskattning, {month} (pappersenkät, inmatad)"])
    ws.append(["SYNTETISKA EXEMPELDATA – inte verkliga svar. Skala 7 = Instämmer helt, 1 = Instämmer inte alls."])
    if header_style == "F":
        items = [f"F{k}" for k in ITEMS]
    else:
        items = [f"Påstående {k}" for k in ITEMS]
    ws.append(["Löpnr", "Kommun", "Funktion", "Sitter du i ledningsgruppen?", "Omgång", *items])
    # keying errors on otherwise missing cells: they must be reported, and stay missing
    errors = ["4,5", 8, 0, "x", "5-6"]
    blanks = [(i, j) for i, (_, v) in enumerate(rows) for j in range(len(ITEMS)) if np.isnan(v[j])]
    err_at = {blanks[k]: errors[e] for e, k in enumerate(rng.choice(len(blanks), 4, replace=False))}
    for i, (r, v) in enumerate(rows):
        answers = []
        for j in range(len(ITEMS)):
            if (i, j) in err_at:
                answers.append(err_at[(i, j)])
            else:
                answers.append(None if np.isnan(v[j]) else int(v[j]))
        ws.append([i + 1, r["municipality"], FUNC_SV[r["function"]], YES_SV[r["in_management_group"]], wave, *answers])
    if wave == "2012-10":
        # a form handed in without municipality: rejected, not guessed
        ws.append([len(rows) + 1, None, "Stöd", "Nej", wave, *[4] * 10, *[None] * 9])
    else:
        # a form that was numbered but left blank
        ws.append([len(rows) + 1, "Ronneby", None, None, wave, *[None] * len(ITEMS)])
    wb.save(path)


def web_answer(v: float, rng) -> str:
    if np.isnan(v):
        return "Vet ej" if rng.random() < 0.5 else ""
    k = int(v)
    if k in LABEL_SV:
        return f"{k} - {LABEL_SV[k]}" if rng.random() < 0.5 else LABEL_SV[k]
    return str(k)


FORMS_MUNICIPALITY = "Emmaboda"


def write_web_wave(path: Path, rows: list[tuple[dict, np.ndarray]], rng) -> None:
    """The 2014 web survey: Windows-1252 semicolon CSV with a title row and label answers."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["Uppföljning Leda för Resultat III 2014 – export från webbenkät (SYNTETISKA EXEMPELDATA)"])
    stem = "Upplever du i din roll att:"
    from tuffkit.instrument import load_instrument

    texts = [it.sv for it in load_instrument("lfr19").items]
    w.writerow(["Svars-ID", "Inskickad", "Kommun", "Funktion", "Sitter du i ledningsgruppen?", "Omgång",
                *[f"{stem} {t}" for t in texts], "Övriga kommentarer"])
    start = dt.datetime(2014, 1, 20, 9, 0)
    out_rows = []
    for i, (r, v) in enumerate(rows):
        when = start + dt.timedelta(hours=int(rng.integers(1, 60 * 24)))
        func = {"management": "Ledningsfunktion", "support": "Stödfunktion", "not_stated": ""}[r["function"]]
        out_rows.append([f"R{1001 + i}", when.strftime("%Y-%m-%d %H:%M"), f"{r['municipality']} kommun", func,
                         YES_SV[r["in_management_group"]] or "", "2014", *[web_answer(x, rng) for x in v], ""])
    out_rows[3][-1] = "Vi behöver mer tid; bra upplägg"  # free text: never reaches a report
    # a free-text answer typed into a statement's "other" field: reported, set to missing
    j = next(j for j, x in enumerate(rows[5][1]) if np.isnan(x))
    out_rows[5][6 + j] = "Svårt att säga"  # noqa: RUF001
    # a submission with no answers at all, and one submitted twice
    out_rows.append([f"R{1001 + len(rows)}", "2014-03-02 10:15", "Halmstad kommun", "Stödfunktion", "Nej",
                     "2014", *[""] * len(ITEMS), ""])
    # one municipality answered with Microsoft Forms instead: its rows go to a Forms export
    moved = [out_rows[i] for i, (r, _) in enumerate(rows) if r["municipality"] == FORMS_MUNICIPALITY
             and i not in (3, 5, 10)]
    dup = list(out_rows[10])
    out_rows.insert(11, dup)
    for row in out_rows:
        if not any(row is m for m in moved):
            w.writerow(row)
    path.write_bytes(buf.getvalue().encode("cp1252"))
    write_forms_wave(path.with_name("lfr3_2014_forms.xlsx"), moved, texts)


def write_forms_wave(path: Path, web_rows: list[list[str]], texts: list[str]) -> None:
    """The same wave's answers from one municipality as Microsoft Forms exports them: its own
    columns (ID, Start time, Completion time, Email, Name, Last modified time) first, the
    questions as headers, times as Excel date cells, and no wave column (the wave comes from
    the completion times)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
               "Vilken kommun arbetar du i?", "Vilken funktion har du?", "Sitter du i kommunens ledningsgrupp?",
               *texts, "Övriga kommentarer"])
    for k, row in enumerate(web_rows, start=1):
        done = dt.datetime.strptime(row[1], "%Y-%m-%d %H:%M")
        ws.append([k, done - dt.timedelta(minutes=4 + k), done, "anonymous", None, None,
                   row[2].removesuffix(" kommun"), row[3] or None, row[4] or None,
                   *[x or None for x in row[6:-1]], row[-1] or None])
        for col in (2, 3):
            ws.cell(row=k + 1, column=col).number_format = "m/d/yy h:mm:ss"
    wb.properties.created = wb.properties.modified = dt.datetime(2014, 3, 20)
    wb.save(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "data" / "raw"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    resp, values = build(rng)
    check(resp, values)
    by_wave: dict[str, list] = {w: [] for w in COUNTS}
    for r, v in zip(resp, values, strict=True):
        by_wave[r["wave"]].append((r, v))
    write_paper_wave(out / "lfr3_2012-10_papper.xlsx", "2012-10", by_wave["2012-10"], rng, "F")
    write_paper_wave(out / "lfr3_2013-05_papper.xlsx", "2013-05", by_wave["2013-05"], rng, "Påstående")
    write_web_wave(out / "lfr3_2014_webbenkat.csv", by_wave["2014"], rng)
    print(f"wrote {len(resp)} synthetic respondents into {out}")
    assert math.isfinite(float(np.nanmean(values)))


if __name__ == "__main__":
    main()
