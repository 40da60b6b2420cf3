"""Personal names in improvement-log titles (issue 23): what the detector finds, exactly."""

from __future__ import annotations

import pytest

from tuffkit.personnames import COMMON_WORDS, has_name, known_names, names_in


@pytest.mark.parametrize(("text", "expected"), [
    ("Karin Berg på ekonomi stoppar alla inköp", ["Karin", "Berg"]),
    ("Möte med Lars-Erik om nattfastan", ["Lars-Erik"]),
    ("Ann-Christins förslag", ["Ann-Christins"]),
    ("MOHAMMED ALI vill testa", ["MOHAMMED", "ALI"]),
    ("Fråga Svensson om rullstolen", ["Svensson"]),
    ("Per månad: 12 timmar", []),
    ("Nattfasta kortare", []),
    # "Hans" first, before an ordinary lowercase word, reads as "his": his colleague lacks access
    ("Hans kollega saknar behörighet", []),
    # ... but before a verb it is the name, and elsewhere a capitalised name always counts
    ("Hans vill byta schema", ["Hans"]),
    ("Möte med Per om schemat", ["Per"]),
    ("Nattfasta: Per vill ändra", ["Per"]),
    ("Bo kvar hemma längre", []),
    ("Maj", ["Maj"]),
    ("Dan efter", []),
    ("HANS BERG RINGDE", ["HANS", "BERG"]),
    ("PER MÅNAD: 12 TIMMAR", []),
    ("Möte med Åsa och Björn", ["Åsa", "Björn"]),
    ("Örjan och Märta på natten", ["Örjan", "Märta"]),
    ("Jönssons förslag om köket", ["Jönssons"]),
    ("möte med karin om larmet", ["karin"]),
    ("timmar per månad, bo kvar", []),
    ("Ett berg av papper", []),
    ("K. Berg sa nej", ["Berg"]),
    ("Ali:s förslag", ["Ali:s"]),
    ("Karin's idea about the walker", ["Karin's"]),
    ("Johnson wants more staff", ["Johnson"]),
    # surname-shaped words that are on no list
    ("Strandqvist har en idé", ["Strandqvist"]),
    ("Idén kom från Rosén", ["Rosén"]),
    ("Samtal med Hodžić", ["Hodžić"]),
    # ordinary words shaped like surnames
    ("Kontaktperson saknas på helgen", []),
    ("Person på rum 3 vill ha egen tv", []),
    ("Resa till Stockholm", []),
    ("Faktablad om nattfasta", []),
    ("LT:s beslut om IT-process", []),
    ("", []),
])
def test_names_found(text: str, expected: list[str]) -> None:
    assert names_in(text) == expected
    assert has_name(text) is bool(expected)


def test_names_the_caller_knows_count_too() -> None:
    assert names_in("Fråga Yildirim om nycklarna") == []
    assert names_in("Fråga Yildirim om nycklarna", extra=["Ayşe Yildirim"]) == ["Yildirim"]
    assert names_in("yildirim har nycklarna", extra=["Ayşe Yildirim"]) == ["yildirim"]
    # a known person's name that is also a word counts capitalised, even first in the sentence
    assert names_in("Per månad: 12 timmar", extra=["Per Olsson"]) == ["Per"]
    assert names_in("timmar per månad", extra=["Per Olsson"]) == []


def test_unit_names_never_count() -> None:
    assert names_in("Solgläntan och Lund lånar Norrtulls checklista") == ["Lund"]
    assert names_in("Solgläntan och Lund lånar Norrtulls checklista", allow=["Lund", "Solgläntan", "Norrtull"]) == []
    # a phrase is allowed as a whole: the same word elsewhere is still a name
    assert names_in("Villa Björk frågar Björk", allow=["Villa Björk"]) == ["Björk"]


def test_the_lists_are_large_and_have_what_sweden_is_named() -> None:
    lists = known_names()
    assert all(len(lists[k]) >= 400 for k in ("women", "men", "surnames"))
    for name in ("anna", "eva", "maria", "karin", "linnea", "åsa", "fatima"):
        assert name in lists["women"], name
    for name in ("lars", "mikael", "anders", "johan", "mohammed", "ali", "ahmed", "hassan", "örjan"):
        assert name in lists["men"], name
    for name in ("andersson", "johansson", "karlsson", "nilsson", "lindström", "åberg", "ali", "hassan", "nguyen"):
        assert name in lists["surnames"], name
    assert COMMON_WORDS <= lists["women"] | lists["men"] | lists["surnames"], "an ordinary word that is no name"


def test_the_example_logs_titles_name_nobody() -> None:
    from tuffkit.config import RAW_DIR
    from tuffkit.ingest.projectlog import read_project_log

    entries = read_project_log(RAW_DIR / "projectlog").entries
    assert [t for t in entries["title"].dropna() if has_name(t)] == []


def test_only_text_is_read() -> None:
    with pytest.raises(TypeError, match="needs a text"):
        names_in(None)  # type: ignore[arg-type]
