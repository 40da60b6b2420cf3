"""The report figures: drawn on a kept skeleton (blitting), they are the very PNG a full draw
of the same figure makes, whatever the data, language or suppression."""

from __future__ import annotations

import pandas as pd
import pytest

from tuffkit import read_survey
from tuffkit.report import plots
from tuffkit.survey import item_summary

from conftest import ROOT


@pytest.fixture(scope="module")
def r() -> pd.DataFrame:
    return read_survey(ROOT / "data" / "raw").responses


def _levels(r: pd.DataFrame, municipality: str, min_n: int) -> pd.DataFrame:
    mine = r[r["unit"] == municipality]
    lv = item_summary(mine, by=["wave"], min_n=min_n)
    return lv[lv["wave"].astype(str).isin(["2012-10", "2013-05"])]


@pytest.mark.parametrize(("municipality", "min_n", "lang"), [
    ("Botkyrka", 5, "sv"), ("Ludvika", 5, "en"), ("Halmstad", 12, "sv"), ("Fiktivköping", 5, "en")])
def test_diverging_bars_on_the_skeleton_equal_a_full_draw(r, municipality, min_n, lang) -> None:
    lv = _levels(r, municipality, min_n)
    fast = plots.diverging_bars(lv, lang=lang, subject=f", {municipality}", instrument="lfr19")
    full = plots.diverging_bars(lv, lang=lang, subject=f", {municipality}", _full=True, instrument="lfr19")
    assert fast.png == full.png and (fast.alt, fast.caption) == (full.alt, full.caption)
    assert fast.png[:4] == b"\x89PNG" and fast.width > 500


@pytest.mark.parametrize(("municipality", "items", "waves", "min_n"), [
    ("Botkyrka", [1, 8, 16], ["2012-10", "2013-05", "2014"], 5),
    ("Ronneby", [3, 4], ["2012-10", "2013-05"], 3),
    ("Halmstad", [2, 9, 10, 19], ["2013-05"], 5)])
def test_role_panels_on_the_skeleton_equal_a_full_draw(r, municipality, items, waves, min_n) -> None:
    mine = r[(r["unit"] == municipality) & r["item"].isin(items)]
    summ = item_summary(mine, by=["wave", "function"], min_n=min_n)
    fast = plots.role_panels(summ, items, waves, subject=f", {municipality}", instrument="lfr19")
    full = plots.role_panels(summ, items, waves, subject=f", {municipality}", _full=True, instrument="lfr19")
    assert fast.png == full.png and fast.alt == full.alt


def test_a_skeleton_is_kept_and_left_as_it_was(r) -> None:
    """The second municipality reuses the first one's skeleton, and a figure drawn after
    another is the figure drawn alone."""
    plots._SKELETONS.clear()
    a, b = _levels(r, "Botkyrka", 5), _levels(r, "Karlshamn", 5)
    alone = plots.diverging_bars(b, subject=", Karlshamn", instrument="lfr19").png
    (sk,) = plots._SKELETONS.values()
    children = [len(ax.get_children()) for ax in sk.fig.axes]
    plots.diverging_bars(a, subject=", Botkyrka", instrument="lfr19")
    after = plots.diverging_bars(b, subject=", Karlshamn", instrument="lfr19").png
    assert list(plots._SKELETONS.values()) == [sk], "one shape, one skeleton"
    assert [len(ax.get_children()) for ax in sk.fig.axes] == children, "no artist left behind"
    assert after == alone
    assert all(ax.get_title() == "" for ax in sk.fig.axes)


def test_the_number_of_kept_skeletons_is_bounded(r) -> None:
    plots._SKELETONS.clear()
    lv = _levels(r, "Botkyrka", 5)
    for k in range(plots._MAX_SKELETONS + 3):
        plots.diverging_bars(lv[lv["item"] <= 19 - k % 19], instrument="lfr19")
    assert len(plots._SKELETONS) <= plots._MAX_SKELETONS
