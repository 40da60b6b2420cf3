"""Names as people write them: one normal form, the Swedish order, close matches."""

from __future__ import annotations

import pytest

from tuffkit.errors import InputFileError
from tuffkit.names import close_matches, find_name, norm, swedish_sort_key


def test_norm_forgives_case_spacing_and_trailing_punctuation_but_keeps_accents() -> None:
    assert norm("  Vilken  KOMMUN?\u00a0") == norm("vilken kommun") == "vilken kommun"
    assert norm("Åby") != norm("Aby")
    assert norm("A\u030aby") == norm("Åby"), "decomposed å is the same letter (NFC)"


def test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_last() -> None:
    assert sorted(["Örebro", "Åre", "Ängelholm", "Alingsås", "Zinkgruvan"], key=swedish_sort_key) == [
        "Alingsås", "Zinkgruvan", "Åre", "Ängelholm", "Örebro"]


def test_find_name_exact_then_forgiving_then_one_sentence_with_close_matches() -> None:
    names = ["Botkyrka", "Mönsterås", "Ronneby"]
    assert find_name("Botkyrka", names, "municipality", "data") == "Botkyrka"
    assert find_name("mönsterås ", names, "municipality", "data") == "Mönsterås"
    with pytest.raises(InputFileError, match=r"data: no municipality named 'Botkyrca'; did you mean Botkyrka\?"):
        find_name("Botkyrca", names, "municipality", "data")
    with pytest.raises(InputFileError, match="the data has 3 municipality names"):
        find_name("Xyz", names, "municipality", "data")
    assert close_matches("ronneby", names) == ["Ronneby"]
