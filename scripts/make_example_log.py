"""Write the synthetic example improvement log for the TUFF testbed into data/raw/projectlog/.

Deterministic (a fixed seed): re-running it writes the same entries.
Re-run with ``make example-data``.

What it holds (all invented, labelled synthetic in a title row of each file):
- ``tuff_norrtull_logg.csv``: the Norrtull testbed's log over phase 1 (September 2020 to
  July 2021) as the digital platform exports it: semicolon-separated UTF-8 with a byte-order
  mark, Swedish headers, ISO dates, hours with a decimal comma. Its operations team (VT) is
  four assistant nurses and the unit manager; the development team (UT) coaches; the
  leadership team (LT) decides on obstacles. It includes the three journeys described at
  the kick-off (tuff.md): tips for the next new-built care home, access to the residents'
  care plans in their rooms, and the endlessly complicated IT process for reporting a broken
  wheelchair, two of which the head of social services turned into assignments on the spot.
- ``tuff_enheter_logg.xlsx``: two more units (Exempelgården, Fiktivhemmet, invented names)
  from January 2021, one of which takes up Norrtull's care-plan idea and repeats its test.

Deliberate flaws, as real logs have them (see data/README.md): an identical copy of a row
(exported twice), an LT decision dated before the escalation, a date written 31/2 2021, a
row without a kind, and an hours cell written "ca 2".
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np

HEADERS = ["ID", "Enhet", "Team", "Typ", "Rubrik", "Beskrivning", "Ursprung", "Skapad", "Steg", "Status",
           "Kopplad till", "Lyft till LT", "LT-beslut datum", "LT-beslut", "Avslutad",
           "Frigjord tid (timmar per månad)"]
TITLE = "TUFF förbättringslogg – SYNTETISKA EXEMPELDATA, inte verkliga ärenden"
KICKOFF = dt.date(2020, 11, 12)
KIND_SV = {"idea": "Idé", "obstacle": "Hinder", "test": "Test", "stop_doing": "Sluta göra", "learning": "Lärdom"}
ORIGIN_SV = {"staff": "Medarbetare", "resident": "Boende", "relative": "Anhörig", "manager": "Enhetschef",
             "development_team": "Utvecklingsteam"}
STAGE_SV = {"scope": "Ringa in", "explore": "Undersöka", "focus": "Fokusera", "ideate": "Ta fram idéer",
            "test": "Testa idéer", "implement": "Införa"}
STATUS_SV = {"open": "Öppen", "in_progress": "Pågår", "implemented": "Infört", "stopped": "Stoppad",
             "rejected": "Avslagen"}

IDEAS = [
    ("Fast tid för gemensam fika med boende på eftermiddagen", "resident"),
    ("Anhörigträff en gång i månaden", "relative"),
    ("Nattfasta: erbjud smörgås och fil sent på kvällen", "staff"),
    ("Bildschema för veckans aktiviteter vid hissen", "staff"),
    ("Musikstund med boendes egna spellistor", "relative"),
    ("Promenadvän: boende går ihop två och två", "resident"),
    ("Överrapportering vid sängen i stället för på kontoret", "staff"),
    ("Digital tillsyn nattetid för den som vill", "development_team"),
    ("Gemensam inköpslista för avdelningarna", "staff"),
    ("Boende väljer själva dagens middag bland två", "resident"),
    ("Anhöriga bjuds in till planeringen av sommarfesten", "relative"),
    ("Checklista för inflyttningsdagen", "manager"),
    ("Odlingslådor på balkongen", "resident"),
    ("Läsecirkel med högläsning", "staff"),
]
OBSTACLES = [
    "Schemat ger ingen tid för förbättringsmöten",
    "Surfplattorna saknar behörighet till verksamhetssystemet",
    "Beställning av förbrukningsmaterial kräver tre underskrifter",
    "Inget wifi i de gemensamma utrymmena",
    "Vikarier får inte inloggning första veckan",
    "Matleveransen kommer efter att nattfastan börjat",
]
STOPS = [
    ("Sluta föra dubbel dokumentation i pärm och system", 6.0),
    ("Sluta skriva ut veckoscheman som ingen läser", 2.0),
    ("Sluta räkna linne varje dag (räcker en gång i veckan)", 3.5),
    ("Sluta ringa rehab för varje hjälpmedelsfråga", 2.5),
    ("Sluta med veckomöte när inget finns på agendan", 4.0),
]
LEARNINGS = [
    "Testa i liten skala först: två rum räckte för att se om det fungerade",
    "Fråga boende innan vi bestämmer – de hade ett bättre förslag",
    "Hinder som lyfts med ett konkret exempel får snabbare beslut",
    "En ansvarig per test gör att det blir av",
]
DESCRIPTIONS = [
    "Kom upp på arbetsplatsträffen. En boende på rum {room} berättade att {what}.",
    "Anhörig till boende på rum {room} föreslog det vid besök; {what}.",
    "Undersköterska på kvällspass: {what}. Vi pratade om det på morgonmötet.",
]
WHATS = ["det blir långa dagar utan något att se fram emot", "kvällarna känns ensamma",
         "maten kommer för tidigt", "det är svårt att hitta till matsalen", "hen saknar sin trädgård"]


def _d(x: dt.date | None) -> str:
    return "" if x is None else x.isoformat()


def _hours(h: float | None) -> str:
    return "" if h is None else f"{h:.1f}".replace(".", ",")


class Log:
    def __init__(self, prefix: str, unit: str, rng: np.random.Generator) -> None:
        self.prefix, self.unit, self.rng, self.rows, self.k = prefix, unit, rng, [], 0

    def add(self, kind: str, title: str, created: dt.date, *, team: str = "VT", origin: str = "staff",
            stage: str | None = None, status: str = "open", parent: str | None = None,
            escalated: dt.date | None = None, decided: dt.date | None = None, decision: str = "",
            closed: dt.date | None = None, hours: float | None = None, description: str | None = None) -> str:
        self.k += 1
        ident = f"{self.prefix}-{self.k:03d}"
        if description is None:
            description = self.rng.choice(DESCRIPTIONS).format(room=int(self.rng.integers(1, 33)),
                                                               what=self.rng.choice(WHATS))
        self.rows.append({
            "ID": ident, "Enhet": self.unit, "Team": team, "Typ": KIND_SV[kind], "Rubrik": title,
            "Beskrivning": description, "Ursprung": ORIGIN_SV.get(origin, origin), "Skapad": _d(created),
            "Steg": STAGE_SV.get(stage, "") if stage else "", "Status": STATUS_SV[status],
            "Kopplad till": parent or "", "Lyft till LT": _d(escalated), "LT-beslut datum": _d(decided),
            "LT-beslut": decision, "Avslutad": _d(closed), "Frigjord tid (timmar per månad)": _hours(hours)})
        return ident


def _day(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def norrtull(rng: np.random.Generator) -> Log:
    log = Log("NT", "Norrtull", rng)
    start, end = dt.date(2020, 9, 1), dt.date(2021, 7, 31)
    # the three journeys of the kick-off, escalated to LT there; two assignments on the spot
    j1 = log.add("obstacle", "Tips för nästa nybygge av äldreboende", KICKOFF, origin="staff", stage="explore",
                 status="in_progress", escalated=KICKOFF, description="Användarresa från kick-offen: det vi "
                 "har lärt oss av att flytta in i ett nytt boende.")
    j2 = log.add("obstacle", "Tillgång till genomförandeplaner på rummen", KICKOFF, origin="staff", stage="explore",
                 status="implemented", escalated=KICKOFF, decided=KICKOFF,
                 decision="Uppdrag till utvecklingsteamet att ta fram en lösning (socialchefen, på plats)",
                 closed=dt.date(2021, 5, 20), description="Användarresa från kick-offen: personalen kan inte se "
                 "genomförandeplanen när de är hos den boende.")
    j3 = log.add("obstacle", "Krånglig IT-process för att anmäla trasig rullstol till rehab", KICKOFF,
                 origin="staff", stage="explore", status="implemented", escalated=KICKOFF, decided=KICKOFF,
                 decision="Uppdrag till IT och rehab att förenkla felanmälan (socialchefen, på plats)",
                 closed=dt.date(2021, 4, 8), description="Användarresa från kick-offen: tolv steg i tre "
                 "system för att anmäla en trasig rullstol.")
    i2 = log.add("idea", "Genomförandeplan tillgänglig på rummet via surfplatta", dt.date(2020, 12, 3),
                 team="UT", origin="development_team", stage="implement", status="implemented", parent=j2,
                 closed=dt.date(2021, 5, 20))
    t2 = log.add("test", "Test: genomförandeplan på surfplatta på två rum", dt.date(2021, 1, 18), stage="test",
                 status="implemented", parent=i2, closed=dt.date(2021, 3, 1))
    log.add("test", "Test: genomförandeplan på surfplatta på hela avdelningen", dt.date(2021, 3, 8), stage="test",
            status="implemented", parent=i2, closed=dt.date(2021, 4, 30))
    i3 = log.add("idea", "Ett formulär för felanmälan av hjälpmedel", dt.date(2020, 12, 10), team="UT",
                 origin="development_team", stage="implement", status="implemented", parent=j3,
                 closed=dt.date(2021, 4, 8))
    log.add("test", "Test: felanmälan via formulär under fyra veckor", dt.date(2021, 2, 1), stage="test",
            status="implemented", parent=i3, closed=dt.date(2021, 3, 1))
    log.add("learning", "Ett samlat beslut i samma rum gick snabbare än ärendegången", dt.date(2020, 11, 20),
            team="LT", origin="manager", status="implemented", parent=j3)
    del j1
    # the everyday flow of ideas, tests, obstacles and things stopped
    ideas = []
    for title, origin in IDEAS:
        created = _day(rng, start, dt.date(2021, 6, 15))
        stage = rng.choice(["scope", "explore", "focus", "ideate", "test", "implement"], p=[.1, .15, .15, .2, .2, .2])
        status = {"implement": "implemented", "test": "in_progress"}.get(str(stage)) or rng.choice(
            ["open", "in_progress", "rejected", "stopped"], p=[.45, .35, .1, .1])
        closed = created + dt.timedelta(days=int(rng.integers(30, 120))) if status in (
            "implemented", "rejected", "stopped") else None
        closed = min(closed, end) if closed else None
        ideas.append((log.add("idea", title, created, origin=origin, stage=str(stage), status=str(status),
                              closed=closed), created, str(stage)))
    for ident, created, stage in ideas:
        if stage in ("test", "implement"):
            t = created + dt.timedelta(days=int(rng.integers(7, 40)))
            log.add("test", f"Test: {log.rows[int(ident[-3:]) - 1]['Rubrik'].lower()}", min(t, end), stage="test",
                    status="implemented" if stage == "implement" else "in_progress", parent=ident,
                    closed=min(t + dt.timedelta(days=28), end) if stage == "implement" else None)
    for title in OBSTACLES:
        created = _day(rng, dt.date(2020, 10, 1), dt.date(2021, 6, 30))
        escalated = created + dt.timedelta(days=int(rng.integers(3, 21)))
        waited = int(rng.integers(5, 90))
        decided = escalated + dt.timedelta(days=waited) if escalated + dt.timedelta(days=waited) <= end else None
        status = "implemented" if decided and rng.random() < 0.7 else ("in_progress" if decided else "open")
        closed = decided + dt.timedelta(days=int(rng.integers(10, 60))) if status == "implemented" else None
        log.add("obstacle", title, created, origin="staff", status=status, escalated=min(escalated, end),
                decided=decided, decision="Beslut: åtgärdas av förvaltningen" if decided else "",
                closed=min(closed, end) if closed else None)
    for title, hours in STOPS:
        created = _day(rng, dt.date(2020, 10, 1), dt.date(2021, 6, 1))
        status = rng.choice(["implemented", "in_progress", "rejected"], p=[.6, .3, .1])
        log.add("stop_doing", title, created, origin="staff", status=str(status), hours=hours,
                closed=created + dt.timedelta(days=30) if status == "implemented" else None)
    for title in LEARNINGS:
        log.add("learning", title, _day(rng, dt.date(2021, 2, 1), end), origin="staff", status="implemented",
                team=str(rng.choice(["VT", "UT"])))
    log.t2 = t2  # type: ignore[attr-defined]
    log.i2 = i2  # type: ignore[attr-defined]
    return log


def other_unit(rng: np.random.Generator, prefix: str, unit: str, norrtull: Log, take_up: bool) -> Log:
    log = Log(prefix, unit, rng)
    start = dt.date(2021, 1, 11)
    if take_up:
        i = log.add("idea", "Genomförandeplan på surfplatta (från Norrtull)", dt.date(2021, 5, 3),
                    origin="manager", stage="test", status="in_progress", parent=norrtull.i2,  # type: ignore[attr-defined]
                    description="Vi tar efter Norrtull efter erfarenhetsutbytet i maj.")
        log.add("test", "Test: genomförandeplan på surfplatta på två rum", dt.date(2021, 5, 24), stage="test",
                status="implemented", parent=norrtull.t2, closed=dt.date(2021, 6, 21))  # type: ignore[attr-defined]
        log.add("learning", "Norrtulls checklista sparade oss tre veckor", dt.date(2021, 6, 28), team="UT",
                origin="development_team", status="implemented", parent=i)
    for title, origin in [IDEAS[k] for k in rng.choice(len(IDEAS), size=6, replace=False)]:
        created = _day(rng, start, dt.date(2021, 7, 1))
        stage = str(rng.choice(["scope", "explore", "focus", "ideate", "test"]))
        log.add("idea", title, created, origin=origin, stage=stage,
                status="in_progress" if stage in ("test", "ideate") else "open")
    for title in [OBSTACLES[k] for k in rng.choice(len(OBSTACLES), size=2, replace=False)]:
        created = _day(rng, start, dt.date(2021, 6, 1))
        escalated = created + dt.timedelta(days=int(rng.integers(5, 30)))
        log.add("obstacle", title, created, status="open", escalated=escalated)
    title, hours = STOPS[int(rng.integers(len(STOPS)))]
    log.add("stop_doing", title, _day(rng, start, dt.date(2021, 5, 1)), status="implemented", hours=hours,
            closed=dt.date(2021, 6, 1))
    return log


def flaws(log: Log) -> None:
    """The deliberate flaws of the Norrtull export (documented in data/README.md)."""
    rows = log.rows
    rows.insert(20, dict(rows[19]))  # exported twice: an identical copy
    ob = next(r for r in rows if r["Typ"] == "Hinder" and r["LT-beslut datum"] and r["Rubrik"] in OBSTACLES)
    esc = dt.date.fromisoformat(ob["Lyft till LT"])
    ob["LT-beslut datum"] = (esc - dt.timedelta(days=3)).isoformat()  # a decision before its escalation
    ob["Avslutad"] = ""
    idea = next(r for r in rows if r["Typ"] == "Idé" and r["Avslutad"])
    idea["Avslutad"] = "31/2 2021"  # not a date
    rows.append({**{h: "" for h in HEADERS}, "ID": "NT-999", "Enhet": "Norrtull", "Rubrik": "Ny kaffebryggare",
                 "Skapad": "2021-06-01"})  # no kind
    stop = next(r for r in rows if r["Typ"] == "Sluta göra")
    stop["Frigjord tid (timmar per månad)"] = "ca 2"


def write_csv(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO(newline="")
    buf.write(TITLE + "\r\n\r\n")
    w = csv.DictWriter(buf, fieldnames=HEADERS, delimiter=";", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def write_xlsx(path: Path, rows: list[dict]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Logg"
    ws.append([TITLE])
    ws.append([])
    ws.append(HEADERS)
    for r in rows:
        out = []
        for h in HEADERS:
            v = r[h]
            if h in ("Skapad", "Lyft till LT", "LT-beslut datum", "Avslutad") and v:
                v = dt.datetime.combine(dt.date.fromisoformat(v), dt.time())  # a real Excel date
            out.append(v if v != "" else None)
        ws.append(out)
    for row in ws.iter_rows(min_row=4):
        for c in row:
            if isinstance(c.value, dt.datetime):
                c.number_format = "yyyy-mm-dd"
    wb.properties.created = wb.properties.modified = dt.datetime(2021, 8, 2)
    wb.save(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "data" / "raw" / "projectlog"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2020)
    nt = norrtull(rng)
    flaws(nt)
    write_csv(out / "tuff_norrtull_logg.csv", nt.rows)
    eg = other_unit(rng, "EG", "Exempelgården", nt, take_up=True)
    fh = other_unit(rng, "FH", "Fiktivhemmet", nt, take_up=False)
    write_xlsx(out / "tuff_enheter_logg.xlsx", eg.rows + fh.rows)
    print(f"wrote {out}: {len(nt.rows)} Norrtull rows, {len(eg.rows) + len(fh.rows)} rows for two more units")


if __name__ == "__main__":
    main()
