"""Write the synthetic example staff pulse survey of the TUFF testbed into data/raw/pulse/.

Deterministic (fixed seeds): re-running it writes the same rows and answers (the xlsx file's
bytes are frozen too: fixed zip entry times and document dates).

What it holds (all invented, each file labelled SYNTETISKA EXEMPELDATA):

- ``puls5.yaml``: the instrument, in tuffkit's instrument format (tuffkit/instrument.py): a
  staff pulse survey, "Pulsenkät för medarbetare", of 8 statements in 3 themes on systematic
  improvement work in an elder-care team, drawn from TUFF's principles (time to test ideas,
  obstacles removed by the leadership, measures and a baseline, co-creation with residents
  and relatives, "what can we stop doing?", learning from other units, the manager's support,
  "it should be easy to do right"). Scale 1..5 (neutral 3), labels at 1 and 5, "Vet ej".
  An invented instrument made for tuffkit's example, not a validated one.
- ``tuff_puls_2020-2021.xlsx``: the answers as a Microsoft Forms "Open in Excel" download of
  one form used for four waves over the testbed's phase 1, about October 2020, February 2021,
  June 2021 and October 2021 (each wave's answers spread over two weeks): the form's own
  columns (``ID``, ``Starttid``, ``Tid för slutförande``, ``E-post`` = anonymous, ``Namn``
  empty; times as Excel date cells), ``Enhet`` (the unit), one column per statement headed by
  its full Swedish text, the answers as the form's option texts (``Stämmer inte alls``, ``2``,
  ``3``, ``4``, ``Stämmer helt``, ``Vet ej``), and the free-text question "Något mer du vill
  säga?". There is no wave column: the wave comes from the times. One title row above the
  header says the data is synthetic (Forms itself writes none; tuffkit finds the header below
  it and records the file as synthetic, so that reports show the banner).
  Units: Norrtull (12-15 respondents a wave), Exempelgården (8-11), Fiktivhemmet (3-6: a
  small group, under 5 in two waves). About 2 % of the answers are skipped and a few are
  "Vet ej" (most of them on the statements about measures and about other units).
  The answers follow the improvement log (scripts/make_example_log.py): at Norrtull
  "obstacles we raise are removed" and "time to test ideas" rise clearly from the first wave
  (before the kick-off of 12 November 2020) to the fourth; Exempelgården, which started in
  January 2021 (its staff answered the first two waves as a baseline) and took up Norrtull's
  care-plan idea in May 2021, rises from the third wave,
  most on learning from other units; Fiktivhemmet, whose obstacles are still open, stays flat
  or dips. Each answer is a unit-statement-wave mean plus a respondent effect (the same for
  all of one respondent's answers) plus noise, rounded to 1..5.
- ``puls_mapping.yaml``: the mapping file (tuffkit/ingest/mapping.py) that the loader needs for
  this export today: ``Enhet`` is the unit (read into the loader's municipality field), and the
  four waves are the calendar months of the survey windows (``2020-10``, ``2021-02``, ``2021-06``,
  ``2021-10``), so that each response gets the wave of its completion date. Without it the
  loader finds no unit column, and takes one file's timestamps for one wave, which must lie
  within one calendar year.
- ``measures/puls_enheter_matningar.csv``: monthly measures of Exempelgården and Fiktivhemmet,
  January 2020 to December 2021, in the format of data/raw/measures/norrtull_matningar.csv
  (lower is better; targets 12 hours and 6 %)
  (Enhet; Mått; Period; Värde; Täljare; Nämnare; Fas; UTF-8 with a BOM, a decimal comma, a
  title row): *Nattfasta (timmar)* and *Sjukfrånvaro (andel pass)* (sick shifts of scheduled
  shifts). Exempelgården improves from June 2021 (phase *förändring*: the night fast from
  about 14 to about 12 hours, sick leave from about 7.5 % to 6 % of the shifts, both a shift
  against the frozen baseline in tuffkit's charts); Fiktivhemmet stays at its *baslinje* level
  throughout (about 14 hours and 8 %, no signal).

Run: ``python scripts/make_example_pulse.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from pathlib import Path

import numpy as np

SEED = 2128  # the answers (chosen so that check() holds)
MEASURES_SEED = 2206  # the measures (chosen so that only Exempelgården's change is a signal)
NOTE = "SYNTETISKA EXEMPELDATA – inte verkliga svar"
TITLE = f"TUFF pulsenkät för medarbetare 2020–2021 – {NOTE}"
FORMS_META = ["ID", "Starttid", "Tid för slutförande", "E-post", "Namn"]
UNIT_HEADER = "Enhet"
COMMENT_HEADER = "Något mer du vill säga?"
DONT_KNOW = "Vet ej"
DONT_KNOW_EN = "Don't know"

THEMES = [
    ("tid_och_stod", "Tid och stöd", "Time and support"),
    ("arbetssatt", "Arbetssätt", "Way of working"),
    ("medskapande", "Medskapande och lärande", "Co-creation and learning"),
]
# (number, theme, Swedish text, English translation)
ITEMS = [
    (1, "tid_och_stod", "Vi har tid att testa nya idéer i det dagliga arbetet.",
     "We have time to test new ideas in our daily work."),
    (2, "tid_och_stod", "Hinder som vi lyfter till ledningen blir undanröjda.",
     "Obstacles that we raise with the leadership are removed."),
    (3, "tid_och_stod", "Min chef stöttar mig när jag vill förbättra något.",
     "My manager supports me when I want to improve something."),
    (4, "arbetssatt", "Vi vet hur vi ligger till i våra mätningar och utgår från en baslinje.",
     "We know where we stand in our measures and start from a baseline."),
    (5, "arbetssatt", "Vi frågar oss regelbundet vad vi kan sluta göra.",
     "We regularly ask ourselves what we can stop doing."),
    (6, "arbetssatt", "Det är lätt att göra rätt i vårt arbete.",
     "It is easy to do the right thing in our work."),
    (7, "medskapande", "Boende och anhöriga är med och tar fram förbättringar.",
     "Residents and relatives take part in developing improvements."),
    (8, "medskapande", "Vi lär oss av hur andra enheter har löst liknande problem.",
     "We learn from how other units have solved similar problems."),
]
LABELS = {1: ("Stämmer inte alls", "Not true at all"), 5: ("Stämmer helt", "Completely true")}

# the four waves: the first day of each two-week window
WAVES = [dt.date(2020, 10, 5), dt.date(2021, 2, 1), dt.date(2021, 6, 7), dt.date(2021, 10, 4)]
# respondents per unit and wave (Fiktivhemmet is a small group: under 5 in two waves)
COUNTS = {
    "Norrtull": [13, 15, 12, 14],
    "Exempelgården": [9, 11, 8, 10],
    "Fiktivhemmet": [6, 5, 3, 4],
}
# the latent mean of each statement (rows 1..8) per wave (columns), per unit
MEANS = {
    # the kick-off (November 2020) turned two obstacles into assignments on the spot; care plans on
    # tablets and the wheelchair form were in place in spring 2021; the exchange with other units in May
    "Norrtull": [
        [2.2, 3.0, 3.6, 3.9],  # time to test ideas
        [2.0, 3.3, 3.8, 4.1],  # obstacles removed
        [3.4, 3.8, 4.0, 4.1],  # manager support
        [2.4, 3.2, 3.6, 3.8],  # measures and baseline (the night fast)
        [2.2, 3.0, 3.4, 3.5],  # what can we stop doing
        [2.7, 3.0, 3.6, 3.8],  # easy to do right
        [2.5, 2.9, 3.3, 3.5],  # residents and relatives
        [2.2, 2.5, 3.1, 3.3],  # learning from other units
    ],
    # started in January 2021; took up Norrtull's care-plan idea in May 2021; its obstacles are open
    "Exempelgården": [
        [2.4, 2.5, 3.1, 3.5],
        [2.3, 2.4, 2.7, 3.0],
        [3.3, 3.4, 3.7, 3.9],
        [2.3, 2.4, 2.8, 3.4],
        [2.2, 2.4, 2.9, 3.0],
        [2.8, 2.8, 3.1, 3.4],
        [2.5, 2.6, 2.8, 3.0],
        [2.1, 2.3, 3.4, 3.7],
    ],
    # started in January 2021; obstacles raised in May 2021 still open; no test taken further
    "Fiktivhemmet": [
        [2.5, 2.5, 2.3, 2.2],
        [2.4, 2.3, 2.0, 1.9],
        [3.2, 3.1, 3.0, 2.9],
        [2.3, 2.3, 2.4, 2.3],
        [2.3, 2.5, 2.3, 2.3],
        [2.9, 2.8, 2.7, 2.7],
        [2.6, 2.5, 2.5, 2.4],
        [2.2, 2.3, 2.2, 2.2],
    ],
}
PERSON_SD = 0.5  # a respondent's own level, shared by all of their answers
NOISE_SD = 0.55
P_SKIP = 0.02
P_DONT_KNOW = {4: 0.05, 8: 0.06}  # the statements a newcomer may not be able to judge
P_DONT_KNOW_OTHER = 0.005

# a few harmless comments per unit, each given to one respondent of the named wave
COMMENTS = {
    ("Norrtull", 0): ["Svårt att hinna med förbättringsarbete när det är mycket vikarier."],
    ("Norrtull", 1): ["Bra att ledningen tog beslut direkt på kick-offen.",
                      "Det nya formuläret för trasiga rullstolar verkar mycket enklare."],
    ("Norrtull", 2): ["Genomförandeplanerna på surfplattan gör skillnad på kvällarna."],
    ("Norrtull", 3): ["Kul att andra enheter kommer hit och frågar hur vi gjorde.", "Tack för en bra höst!"],
    ("Exempelgården", 1): ["Vi har precis börjat, svårt att svara på alla frågor."],
    ("Exempelgården", 2): ["Vi testar Norrtulls idé med surfplattor på två rum."],
    ("Exempelgården", 3): ["Skönt att slippa räkna linne varje dag."],
    ("Fiktivhemmet", 2): ["Vi väntar fortfarande på svar om surfplattorna."],
    ("Fiktivhemmet", 3): ["Önskar mer tid för att testa idéer."],
}


# --------------------------------------------------------------------------- the instrument

def _q(text: str) -> str:
    """A YAML scalar: quoted when it holds a character YAML would read otherwise."""
    return f'"{text}"' if re.search(r"[:#'\"{}\[\],&*?|<>=!%@`]", text) else text


def instrument_yaml() -> str:
    lines = [
        f"# {NOTE}.",
        "# Pulsenkät för medarbetare (puls5): a staff pulse survey on systematic improvement work in an",
        "# elder-care team, 8 statements in 3 themes drawn from TUFF's principles (shared/domain/tuff.md).",
        "# A synthetic, invented instrument made for tuffkit's example data (data/raw/pulse/): it is",
        "# NOT a validated instrument. Written by scripts/make_example_pulse.py.",
        "# The Swedish texts are the form's; the English texts are translations.",
        "id: puls5",
        "title: {sv: Pulsenkät för medarbetare, en: Staff pulse survey}",
        f"stem: {{sv: {_q('Hur väl stämmer följande?')}, en: {_q('How true is the following?')}}}",
        "scale:",
        "  min: 1",
        "  max: 5",
        "  neutral: 3",
        "  labels:",
    ]
    for step in sorted(LABELS, reverse=True):
        sv, en = LABELS[step]
        lines.append(f"    {step}: {{sv: {_q(sv)}, en: {_q(en)}}}")
    lines += ["  missing:", f"    - {{sv: {DONT_KNOW}, en: {_q(DONT_KNOW_EN)}}}", "themes:"]
    lines += [f"  - {{id: {tid}, sv: {_q(sv)}, en: {_q(en)}}}" for tid, sv, en in THEMES]
    lines.append("items:")
    for number, theme, sv, en in ITEMS:
        lines += [f"  - number: {number}", f"    theme: {theme}", f"    sv: {_q(sv)}", f"    en: {_q(en)}"]
    return "\n".join(lines) + "\n"


def mapping_yaml() -> str:
    """The mapping file the current loader needs for the export: the unit column, and the wave
    periods (without them one file's timestamps make one wave, within one calendar year)."""
    lines = [
        f"# {NOTE}. Written by scripts/make_example_pulse.py.",
        "# Mapping for tuff_puls_2020-2021.xlsx (tuffkit/ingest/mapping.py):",
        "#   tuffkit ingest data/raw/pulse --instrument data/raw/pulse/puls5.yaml \\",
        "#       --mapping data/raw/pulse/puls_mapping.yaml",
        "# 'Enhet' holds the unit (the loader's municipality field); the four waves are the months of",
        "# the survey windows, and each response gets the wave of its completion date.",
        "columns:",
        f"  municipality: {UNIT_HEADER}",
        "waves:",
    ]
    for start in WAVES:
        last = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        lines.append(f'  - {{label: "{start:%Y-%m}", from: {start.replace(day=1)}, to: {last}}}')
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the answers

def _answer_text(value: int) -> str:
    return LABELS[value][0] if value in LABELS else str(value)


def respondents(rng: np.random.Generator) -> list[dict]:
    """Every submission, in the order of its completion time."""
    out = []
    for unit, counts in COUNTS.items():
        means = np.array(MEANS[unit])
        for w, n in enumerate(counts):
            comments = list(COMMENTS.get((unit, w), []))
            who_comments = set(rng.choice(n, size=len(comments), replace=False).tolist()) if comments else set()
            for k in range(n):
                person = rng.normal(0.0, PERSON_SD)
                latent = means[:, w] + person + rng.normal(0.0, NOISE_SD, size=len(ITEMS))
                values = np.clip(np.rint(latent), 1, 5).astype(int)
                answers: list[int | None] = []  # 1..5, 0 = "Vet ej", None = skipped
                for (number, *_), v in zip(ITEMS, values, strict=True):
                    roll = rng.random()
                    if roll < P_SKIP:
                        answers.append(None)
                    elif roll < P_SKIP + P_DONT_KNOW.get(number, P_DONT_KNOW_OTHER):
                        answers.append(0)
                    else:
                        answers.append(int(v))
                if not any(answers):  # everyone answers something
                    answers[0] = int(values[0])
                # answered during a day or an evening shift (07:00-21:30), some day of the two weeks
                day = WAVES[w] + dt.timedelta(days=int(rng.integers(0, 14)))
                minute = int(rng.integers(7 * 60, 21 * 60 + 30))
                done = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute,
                                                                          seconds=int(rng.integers(0, 60)))
                took = dt.timedelta(seconds=int(rng.integers(90, 540)))
                comment = comments.pop() if k in who_comments and comments else ""
                out.append({"unit": unit, "wave": w, "started": done - took, "done": done,
                            "answers": answers, "comment": comment})
    out.sort(key=lambda r: r["done"])
    return out


def wave_means(rows: list[dict]) -> dict[tuple[str, int], list[float]]:
    """The mean answer (1..5, no-answers left out) per (unit, statement) and wave."""
    out = {}
    for unit in COUNTS:
        for j, (number, *_) in enumerate(ITEMS):
            out[unit, number] = [
                float(np.mean([a for r in rows if r["unit"] == unit and r["wave"] == w
                               if (a := r["answers"][j])]))
                for w in range(len(WAVES))]
    return out


def check(rows: list[dict]) -> None:
    """The data tell the story of the improvement log (the seed was chosen so that they do)."""
    m = wave_means(rows)
    for number in (1, 2):  # Norrtull: time to test ideas and obstacles removed rise wave by wave
        s = m["Norrtull", number]
        assert s[3] - s[0] >= 1.2 and all(b > a for a, b in itertools.pairwise(s)), ("Norrtull", number, s)
    for number in (1, 8):  # Exempelgården: flat at first, rising from the third wave
        s = m["Exempelgården", number]
        assert abs(s[1] - s[0]) <= 0.35 and s[3] - s[1] >= 0.7 and s[2] > s[1], ("Exempelgården", number, s)
    for number in (1, 2):  # Fiktivhemmet: flat or dipping
        s = m["Fiktivhemmet", number]
        assert s[3] <= s[0] and max(s) <= s[0] + 0.35, ("Fiktivhemmet", number, s)
    cells = [a for r in rows for a in r["answers"]]
    missing = sum(a is None or a == 0 for a in cells) / len(cells)
    assert 0.02 <= missing <= 0.05, missing
    assert all(any(r["answers"]) for r in rows)


def _freeze_xlsx(path: Path, when: tuple[int, int, int, int, int, int]) -> None:
    """Same bytes on every run: fixed zip entry times and document dates."""
    with zipfile.ZipFile(path) as zin:
        parts = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*when).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data)
            zout.writestr(zipfile.ZipInfo(name, when), data, zipfile.ZIP_DEFLATED)


def write_forms(path: Path, rows: list[dict]) -> None:
    """A Microsoft Forms "Open in Excel" download of the pulse form: sheet "Sheet1", the form's
    own columns first, times as Excel date cells (``m/d/yy h:mm:ss``), empty cells for skipped
    answers; one title row above the header marks the data synthetic."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([TITLE])
    header = [*FORMS_META, UNIT_HEADER, *[sv for _, _, sv, _ in ITEMS], COMMENT_HEADER]
    ws.append(header)
    for k, r in enumerate(rows, start=1):
        ws.append([k, r["started"], r["done"], "anonymous", None, r["unit"],
                   *[None if a is None else DONT_KNOW if a == 0 else _answer_text(a) for a in r["answers"]],
                   r["comment"] or None])
        for col in (2, 3):
            ws.cell(row=k + 2, column=col).number_format = "m/d/yy h:mm:ss"
    wb.properties.title = TITLE
    wb.properties.created = wb.properties.modified = dt.datetime(2021, 10, 25, 8, 0)
    wb.save(path)
    _freeze_xlsx(path, (2021, 10, 25, 8, 0, 0))


# --------------------------------------------------------------------------- the measures

def months(start: tuple[int, int], end: tuple[int, int]) -> list[str]:
    (y, m), out = start, []
    while (y, m) <= end:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _comma(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def measures(rng: np.random.Generator) -> list[list[str]]:
    """Exempelgården improves from June 2021 (phase förändring); Fiktivhemmet stays at baseline."""
    rows = []
    units = [  # unit, change month (None: none), night fast before/after, sick share before/after, shifts
        ("Exempelgården", "2021-06", (13.8, 12.0), (0.075, 0.060), (420, 470)),
        ("Fiktivhemmet", None, (14.0, 14.0), (0.080, 0.080), (300, 340)),
    ]
    for unit, change, fast, sick, shifts in units:
        for period in months((2020, 1), (2021, 12)):
            after = change is not None and period >= change
            phase = "förändring" if after else "baslinje"
            hours = rng.normal(fast[after], 0.45)
            rows.append([unit, "Nattfasta (timmar)", period, _comma(hours), "", "", phase, "lägre", "12"])
            scheduled = int(rng.integers(*shifts))
            ill = int(rng.binomial(scheduled, sick[after]))
            rows.append([unit, "Sjukfrånvaro (andel pass)", period, "", str(ill), str(scheduled), phase, "lägre",
                         "6 %"])
    return rows


def write_measures(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO(newline="")
    buf.write("Exempelgården och Fiktivhemmet, månadsmätningar – SYNTETISKA EXEMPELDATA – inte verkliga mätningar\r\n")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["Enhet", "Mått", "Period", "Värde", "Täljare", "Nämnare", "Fas", "Önskad riktning", "Mål"])
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "data" / "raw" / "pulse"))
    out = Path(parser.parse_args(argv).out)
    (out / "measures").mkdir(parents=True, exist_ok=True)
    (out / "puls5.yaml").write_text(instrument_yaml(), encoding="utf-8")
    (out / "puls_mapping.yaml").write_text(mapping_yaml(), encoding="utf-8")
    rows = respondents(np.random.default_rng(SEED))
    check(rows)
    write_forms(out / "tuff_puls_2020-2021.xlsx", rows)
    write_measures(out / "measures" / "puls_enheter_matningar.csv", measures(np.random.default_rng(MEASURES_SEED)))
    print(f"wrote {out}: the instrument puls5, {len(rows)} synthetic pulse responses over {len(WAVES)} waves, "
          "monthly measures of two units")


if __name__ == "__main__":
    main()
