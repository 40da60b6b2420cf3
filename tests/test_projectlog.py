"""The improvement-log metrics against hand-computed cases (and numpy's percentile)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tuffkit import projectlog as P
from tuffkit.config import RAW_DIR
from tuffkit.errors import InputFileError
from tuffkit.ingest.projectlog import read_project_log
from tuffkit.tidy import ENTRY_COLUMNS


def frame(rows: list[dict]) -> pd.DataFrame:
    """A small entries frame with the canonical columns (dates as datetimes)."""
    e = pd.DataFrame(rows).reindex(columns=ENTRY_COLUMNS)
    for c in ("created", "escalated", "decided", "closed"):
        e[c] = pd.to_datetime(e[c])
    for c, cats in (("kind", ["idea", "obstacle", "test", "stop_doing", "learning"]),):
        e[c] = pd.Categorical(e[c], categories=cats)
    e["stage"] = pd.Categorical(e["stage"], categories=["scope", "explore", "focus", "ideate", "test", "implement"],
                                ordered=True)
    return e


def obstacle(i: int, created: str, escalated: str | None, decided: str | None, unit: str = "A", **kw) -> dict:
    return {"id": f"O{i}", "unit": unit, "kind": "obstacle", "title": f"hinder {i}", "created": created,
            "escalated": escalated, "decided": decided, "status": kw.pop("status", "open"), **kw}


def test_monthly_counts_fill_empty_months_with_zero() -> None:
    e = frame([{"id": "1", "unit": "A", "kind": "idea", "created": "2021-01-31"},
               {"id": "2", "unit": "A", "kind": "idea", "created": "2021-04-01"},
               {"id": "3", "unit": "A", "kind": "test", "created": "2021-04-30"},
               {"id": "4", "unit": "B", "kind": "idea", "created": "2021-02-15"}])
    c = P.monthly_counts(e, unit="A")
    ideas = c[c["kind"] == "idea"].set_index("month")["n"]
    assert ideas.to_dict() == {"2021-01": 1, "2021-02": 0, "2021-03": 0, "2021-04": 1}
    assert c[c["kind"] == "test"]["n"].tolist() == [0, 0, 0, 1]
    assert len(c) == 4 * 5, "every month x every kind"
    wide = P.monthly_counts(e, unit="B", start="2021-01-01", end="2021-03-31")
    assert wide[wide["kind"] == "idea"]["n"].tolist() == [0, 1, 0]
    assert int(P.monthly_counts(e)["n"].sum()) == 4


def test_funnel_counts_entries_at_and_beyond_each_step() -> None:
    stages = ["scope", "scope", "focus", "test", "test", "implement", None]
    e = frame([{"id": str(k), "unit": "A", "kind": "idea", "stage": s} for k, s in enumerate(stages)])
    f = P.funnel(e).set_index("stage")
    # by hand: 6 with a step; beyond scope 4, beyond explore 4, beyond focus 3 ...
    assert f["n_at"].tolist() == [2, 0, 1, 0, 2, 1]
    assert f["n_reached"].tolist() == [6, 4, 4, 3, 3, 1]
    assert f["n_total"].unique().tolist() == [6] and f["n_unknown"].unique().tolist() == [1]
    assert f.loc["implement", "share_reached"] == pytest.approx(1 / 6)


def test_lead_times_count_the_ones_still_waiting_by_hand() -> None:
    waits = [10, 30, 20, 40, 50]  # days from escalation to decision
    rows = [obstacle(k, "2021-01-01", "2021-01-01", str(pd.Timestamp("2021-01-01") + pd.Timedelta(days=d))[:10])
            for k, d in enumerate(waits)]
    rows.append(obstacle(9, "2021-01-01", "2021-01-01", None))  # still waiting: 59 days at the log's last date
    rows.append(obstacle(8, "2021-01-01", "2021-03-01", "2021-02-01"))  # decided before escalated
    lt = P.lead_times(frame(rows)).set_index("interval")
    r = lt.loc["escalated_to_decision"]
    # Kaplan-Meier over 10 20 30 40 50 59+: S = 5/6 4/6 3/6 2/6 1/6; S is exactly 1/2 from 30 to 40: the
    # median is their midpoint (R's survfit), 35, where the ended ones alone say 30; 80 %: S <= 0.2 at 50
    assert (r["n"], r["n_ended"], r["median_days"], r["p80_days"]) == (6, 5, 35.0, 50.0)
    assert (r["n_pending"], r["n_inconsistent"]) == (1, 1)
    assert r["median_low"] <= 35 <= r["median_high"] or np.isnan(r["median_high"])
    c = lt.loc["created_to_decision"]
    # created to decision: 10 20 30 31 40 50 and 59+: S = 6/7 5/7 4/7 3/7 at 31
    assert c["n"] == 7 and c["median_days"] == 31.0


def test_lead_times_without_anyone_waiting_are_the_plain_median() -> None:
    rows = [obstacle(1, "2021-01-01", None, "2021-01-11"), obstacle(2, "2021-01-01", None, "2021-01-05"),
            obstacle(3, "2021-01-01", None, "2021-01-21")]
    r = P.lead_times(frame(rows), intervals=["created_to_decision"]).iloc[0]
    assert (r["n"], r["median_days"], r["p80_days"]) == (3, 10.0, 20.0)  # 4 10 20: S = 2/3 1/3 0


def test_more_than_half_waiting_has_no_median() -> None:
    rows = [obstacle(1, "2021-01-01", "2021-01-01", "2021-01-11", status="implemented"),
            obstacle(2, "2021-01-01", "2021-01-01", None), obstacle(3, "2021-01-01", "2021-01-01", None)]
    r = P.lead_times(frame(rows), intervals=["escalated_to_decision"], asof="2021-03-01").iloc[0]
    assert r["n_pending"] == 2 and np.isnan(r["median_days"])


def test_open_obstacles_are_aged_at_asof_oldest_first() -> None:
    e = frame([obstacle(1, "2021-01-01", "2021-01-11", None), obstacle(2, "2021-03-01", None, None),
               obstacle(3, "2020-06-01", None, None, status="implemented"),
               obstacle(4, "2021-02-01", None, None, closed="2021-02-10"),
               obstacle(5, "2021-05-01", None, None)])  # created after asof: not yet there
    o = P.open_obstacles(e, asof="2021-04-01")
    assert o["id"].tolist() == ["O1", "O2"]
    assert o["age_days"].tolist() == [90, 31]
    assert o["days_since_escalation"].tolist()[0] == 80 and pd.isna(o["days_since_escalation"].iloc[1])
    assert o["age_band"].astype(str).tolist() == ["31-90", "31-90"]
    assert "description" not in o.columns, "titles only"
    ages = P.obstacle_ages(e, asof="2021-04-01")
    assert ages["n"].tolist() == [0, 2, 0, 0]


def test_co_creation_shares() -> None:
    origins = ["staff", "staff", "staff", "resident", "relative", "relative", None]
    e = frame([{"id": str(k), "unit": "A", "kind": "idea", "origin": o} for k, o in enumerate(origins)])
    c = P.co_creation(e).set_index("origin")
    assert c.loc["staff", "share"] == pytest.approx(3 / 6)
    assert c.loc[c["co_created"], "n"].sum() == 3 and c["n_known"].iloc[0] == 6 and c["n_unknown"].iloc[0] == 1


def test_implemented_share_of_all_and_of_the_finished() -> None:
    statuses = ["implemented", "implemented", "rejected", "stopped", "open", "in_progress", None]
    e = frame([{"id": str(k), "unit": "A", "kind": "idea", "status": s} for k, s in enumerate(statuses)])
    r = P.implemented_share(e).iloc[0]
    assert (r["n"], r["n_implemented"], r["n_finished"], r["n_no_status"]) == (7, 2, 4, 1)
    assert r["share_implemented"] == pytest.approx(2 / 7) and r["share_of_finished"] == pytest.approx(0.5)


def test_hours_freed_counts_the_implemented_only() -> None:
    e = frame([{"id": "1", "unit": "A", "kind": "stop_doing", "status": "implemented", "hours_freed": 2.5},
               {"id": "2", "unit": "A", "kind": "stop_doing", "status": "implemented", "hours_freed": 4.0},
               {"id": "3", "unit": "A", "kind": "stop_doing", "status": "open", "hours_freed": 6.0},
               {"id": "4", "unit": "A", "kind": "stop_doing", "status": "rejected", "hours_freed": 9.0},
               {"id": "5", "unit": "B", "kind": "idea", "status": "open"}])
    h = P.hours_freed(e).set_index("unit")
    assert h.loc["A", "hours_per_month"] == 6.5 and h.loc["A", "hours_planned"] == 6.0
    assert h.loc["B", "n"] == 0 and h.loc["B", "hours_per_month"] == 0.0


def test_spread_lists_what_another_unit_took_up() -> None:
    e = frame([{"id": "1", "unit": "A", "kind": "idea", "title": "x"},
               {"id": "2", "unit": "B", "kind": "idea", "title": "x too", "parent_id": "1"},
               {"id": "3", "unit": "A", "kind": "test", "title": "t", "parent_id": "1"},
               {"id": "4", "unit": "C", "kind": "test", "title": "t again", "parent_id": "3"}])
    s = P.spread(e)
    assert s[["from_unit", "to_unit", "parent_id", "id"]].values.tolist() == [["A", "B", "1", "2"],
                                                                             ["A", "C", "3", "4"]]


def test_an_unknown_unit_names_the_close_matches() -> None:
    e = read_project_log(RAW_DIR / "projectlog").entries
    with pytest.raises(InputFileError, match="did you mean Norrtull"):
        P.lead_times(e, unit="Noortull")
    assert P.lead_times(e, unit="norrtull")["unit"].unique().tolist() == ["Norrtull"], "case forgiven"


def test_the_example_log_metrics_are_consistent() -> None:
    e = read_project_log(RAW_DIR / "projectlog").entries
    f = P.funnel(e)
    assert (f.groupby("unit")["n_reached"].apply(lambda s: s.is_monotonic_decreasing)).all()
    assert P.monthly_counts(e)["n"].sum() == e["created"].notna().sum()
    lt = P.lead_times(e, unit="Norrtull").set_index("interval")
    assert lt.loc["escalated_to_decision", "n_inconsistent"] == 1, "the deliberate flaw of the example"


def test_a_log_without_any_date_is_read_at_today() -> None:
    e = frame([{"id": "1", "unit": "A", "kind": "obstacle", "status": "open"}])
    assert P._asof(e, None) == pd.Timestamp.today().normalize()
    assert P.open_obstacles(e)["id"].tolist() == ["1"]


def test_pending_counts_only_what_is_still_open() -> None:
    e = frame([obstacle(1, "2021-01-01", "2021-01-02", None, status="open"),
               obstacle(2, "2021-01-01", "2021-01-02", None, status="implemented", closed="2021-02-01"),
               obstacle(3, "2021-01-01", "2021-01-02", "2021-01-12", status="implemented")])
    r = P.lead_times(e, intervals=["escalated_to_decision"]).iloc[0]
    assert (r["n"], r["n_ended"], r["n_pending"], r["n_closed"]) == (3, 1, 1, 1)


def test_open_obstacles_at_a_past_date() -> None:
    e = frame([obstacle(1, "2021-01-01", "2021-03-01", "2021-03-10", status="implemented", closed="2021-04-01")])
    o = P.open_obstacles(e, asof="2021-01-31")
    assert o["id"].tolist() == ["O1"], "closed later: open on the day asked for"
    assert pd.isna(o["days_since_escalation"].iloc[0]) and pd.isna(o["decided"].iloc[0]), "not yet escalated"
    assert P.open_obstacles(e, asof="2021-04-02").empty


def test_monthly_counts_keep_entries_without_a_value_as_unknown() -> None:
    e = frame([{"id": "1", "unit": "A", "kind": "idea", "origin": "staff", "created": "2021-01-05"},
               {"id": "2", "unit": "A", "kind": "idea", "origin": None, "created": "2021-01-06"}])
    c = P.monthly_counts(e, by="origin")
    assert int(c["n"].sum()) == 2 and c.set_index("origin").loc["unknown", "n"] == 1
