"""Write the synthetic example measures into data/raw/measures/ (deterministic: a fixed seed).

- ``norrtull_matningar.csv``: the Norrtull testbed's monthly measures, September 2019 to July
  2021, in the long format (Enhet; Mått; Period; Värde; Täljare; Nämnare; Fas; Önskad
  riktning; Mål), semicolon-separated UTF-8 with a BOM and a decimal comma; lower is better for
  both measures, with a target of 12 hours and 6 %:
  - *Nattfasta (timmar)*: the mean length of the night fast per resident, about 13.5 hours
    over a 12-month baseline; the change (a late evening sandwich, from the improvement log's
    idea) starts in November 2020 and brings it to about 11.5 hours;
  - *Sjukfrånvaro*: sick shifts (numerator) of scheduled shifts (denominator), about 7 %
    before and 5.5 % after the same date: a p chart.
- ``kolada_v2_syntetisk.json`` and ``kolada_v3_syntetisk.json``: saved Kolada API data
  responses for an invented key figure (X00001, not a Kolada KPI) for Botkyrka (0127) and
  Halmstad (1380), 2010-2020, genders T/K/M, in the v2 and the v3 shape;
  ``kolada_kommuner.json`` and ``kolada_kpi.json``: the municipality and KPI lists that
  name them.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import numpy as np

NOTE = "SYNTETISKA EXEMPELDATA – inte verkliga mätningar"


def months(start: tuple[int, int], end: tuple[int, int]) -> list[str]:
    (y, m), out = start, []
    while (y, m) <= end:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def norrtull(rng: np.random.Generator) -> list[list[str]]:
    rows = []
    change = "2020-11"
    for period in months((2019, 9), (2021, 7)):
        after = period >= change
        phase = "förändring" if after else "baslinje"
        hours = rng.normal(11.6 if after else 13.5, 0.45)
        rows.append(["Norrtull", "Nattfasta (timmar)", period, f"{hours:.1f}".replace(".", ","), "", "", phase,
                     "lägre", "12"])
        shifts = int(rng.integers(520, 580))
        sick = int(rng.binomial(shifts, 0.055 if after else 0.07))
        rows.append(["Norrtull", "Sjukfrånvaro (andel pass)", period, "", str(sick), str(shifts), phase,
                     "lägre", "6 %"])
    return rows


def kolada(rng: np.random.Generator, v3: bool) -> dict:
    records = []
    for muni, level in (("0127", 78.0), ("1380", 83.0)):
        for year in range(2010, 2021):
            t = level + (year - 2010) * 0.3 + rng.normal(0, 1.5)
            values = []
            for gender, shift in (("K", 1.0), ("M", -1.5), ("T", 0.0)):
                v = {"count": 1, "gender": gender, "status": None if v3 else "", "value": round(t + shift, 1)}
                if v3:
                    v["isdeleted"] = False
                values.append(v)
            if muni == "1380" and year == 2013:
                values[1] = {"count": 0, "gender": "M", "status": "Bortfall" if not v3 else "missing",
                             "value": None, **({"isdeleted": False} if v3 else {})}
            records.append({"kpi": "X00001", "municipality": muni, "period": year, "values": values})
    doc = {"description": NOTE, "count": len(records), "values": records}
    if v3:
        doc.update({"next_url": None, "previous_url": None})
    return doc


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "data" / "raw" / "measures"))
    out = Path(parser.parse_args(argv).out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2021)
    buf = io.StringIO(newline="")
    buf.write(f"Norrtull, månadsmätningar – {NOTE}\r\n")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["Enhet", "Mått", "Period", "Värde", "Täljare", "Nämnare", "Fas", "Önskad riktning", "Mål"])
    w.writerows(norrtull(rng))
    (out / "norrtull_matningar.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))
    for name, v3 in (("kolada_v2_syntetisk.json", False), ("kolada_v3_syntetisk.json", True)):
        doc = kolada(rng, v3)
        if v3:  # the v2 file holds 2010-2014, the v3 file 2015-2020: read together, one series
            doc["values"] = [r for r in doc["values"] if r["period"] >= 2015]
            doc["count"] = len(doc["values"])
        else:
            doc["values"] = [r for r in doc["values"] if r["period"] < 2015]
            doc["count"] = len(doc["values"])
        (out / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "kolada_kommuner.json").write_text(json.dumps({"description": NOTE, "count": 2, "values": [
        {"id": "0127", "title": "Botkyrka", "type": "K"}, {"id": "1380", "title": "Halmstad", "type": "K"}]},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "kolada_kpi.json").write_text(json.dumps({"description": NOTE, "count": 1, "values": [
        {"id": "X00001", "title": "Exempelnyckeltal: nöjdhet i särskilt boende, andel (%) – syntetiskt"}]},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
