"""Every word of every Swedish report passes a Swedish spell check (Debian's hunspell-sv), apart from the
reviewed names and domain words in spelling_words.txt: the batch run's reports (``built_reports``: the
municipalities, the program, the log and measures reports; the English ones left out) and the second
study's (``built_pulse``).

Hunspell is Debian's (``make browser`` installs hunspell and hunspell-sv); without it these tests fail,
they do not skip. A word the check finds is either wrong in the text (fix the text) or a name or domain
word that is right as it stands (add it to spelling_words.txt, under its heading).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tuffkit.errors import TuffkitError
from tuffkit.report import spelling
from tuffkit.report.spelling import misspelled, visible_text, words

WORD_LIST = Path(__file__).with_name("spelling_words.txt")

#: unknown words seen per report folder (the session's report folders are read once)
_SEEN: dict[Path, dict[str, tuple[str, str, int]]] = {}


def listed_words() -> list[str]:
    """The reviewed words, one a line; ``#`` starts a comment."""
    out = []
    for line in WORD_LIST.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            out.append(word)
    return out


def swedish_reports(root: Path) -> list[Path]:
    """Every HTML report under ``root`` except the English ones (``en/``)."""
    return sorted(p for p in root.rglob("*.html") if p.relative_to(root).parts[0] != "en")


def excerpt(text: str, word: str, width: int = 60) -> str:
    """The text around the first occurrence of ``word`` (as a whole word), on one line."""
    m = re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text)
    if m is None:
        return ""
    left, right = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if left else "") + re.sub(r"\s+", " ", text[left:right]).strip() + ("…" if right < len(text) else "")


def unknown_words(root: Path) -> dict[str, tuple[str, str, int]]:
    """Each word of the Swedish reports under ``root`` that neither the dictionary nor the list knows:
    the first report it is in (relative to ``root``), an excerpt there, and in how many reports it is."""
    if root in _SEEN:
        return _SEEN[root]
    files = swedish_reports(root)
    assert files, f"no Swedish report under {root}"
    per_file = {}
    for path in files:
        page = path.read_text(encoding="utf-8")
        lang = re.search(r'<html[^>]*\blang="([^"]*)"', page)
        assert lang and lang.group(1).startswith("sv"), f"{path.relative_to(root)}: not a Swedish report ({lang})"
        per_file[path] = (visible_text(page), set(words(page)))
    every = set().union(*(w for _, w in per_file.values()))
    bad = misspelled(every, "sv", extra=listed_words())
    found = {}
    for word in bad:
        where = [p for p, (_, ws) in per_file.items() if word in ws]
        found[word] = (str(where[0].relative_to(root)), excerpt(per_file[where[0]][0], word), len(where))
    _SEEN[root] = found
    return found


def report(found: dict[str, tuple[str, str, int]]) -> str:
    lines = [f"{len(found)} word(s) that hunspell-sv does not know and {WORD_LIST.name} does not list "
             "(fix the text, or add a name or domain word to the list):"]
    for word, (where, text, k) in found.items():
        more = f" (and {k - 1} other report(s))" if k > 1 else ""
        lines.append(f"  {word!r} in {where}{more}: {text}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the reports


def test_every_word_of_the_swedish_reports_is_swedish_or_listed(built_reports: Path) -> None:
    found = unknown_words(built_reports)
    if found:
        pytest.fail(report(found), pytrace=False)


def test_every_word_of_the_pulse_study_reports_is_swedish_or_listed(built_pulse: Path) -> None:
    found = unknown_words(built_pulse)
    if found:
        pytest.fail(report(found), pytrace=False)


def test_every_listed_word_is_in_a_report(built_reports: Path, built_pulse: Path) -> None:
    """The list stays minimal: a word no report uses any more leaves it."""
    used = set()
    for root in (built_reports, built_pulse):
        for path in swedish_reports(root):
            used |= {w.casefold() for w in words(path.read_text(encoding="utf-8"))}
    unused = [w for w in listed_words() if w.casefold() not in used]
    assert not unused, f"{WORD_LIST.name} lists words that no Swedish report uses; remove them: {unused}"


# --------------------------------------------------------------------------- the list and the check


def test_the_word_list_holds_only_words_the_dictionary_does_not_know() -> None:
    listed = listed_words()
    assert listed
    assert all(re.fullmatch(r"[^\W\d_]+", w) for w in listed), [w for w in listed if not re.fullmatch(r"[^\W\d_]+", w)]
    folded = [w.casefold() for w in listed]
    assert len(set(folded)) == len(folded), sorted({w for w in folded if folded.count(w) > 1})
    known = sorted(set(listed) - set(misspelled(listed, "sv")))
    assert not known, f"hunspell-sv already knows these; remove them from {WORD_LIST.name}: {known}"


PAGE = """<!DOCTYPE html><html lang="sv"><head><title>Rapport: Fiktivköping</title>
<style>.tk-x::before{content:"Svepp"}</style><script>const ord = "felstavadd";</script></head>
<body><h1>Leda för Resultat</h1>
<p title="attributtext">Kommunen har gjort <b>förbätt</b>ringar under hösten. Ledning-och-stöd, n=12, lfr3_2014.csv.</p>
<figure><img alt="Stapeldiagram över svaren" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA"></figure>
<div aria-label="Diagram med resultatt"><svg><text>Axeltextt</text></svg></div>
<p>Skapad från /tmp/pytest-of-root/processed0. <code>log_titles: truee</code></p></body></html>"""


def test_words_reads_the_visible_text_and_misspelled_finds_a_planted_error() -> None:
    ws = words(PAGE)
    assert ws[:3] == ["Rapport", "Fiktivköping", "Leda"]
    assert "förbättringar" in ws and {"Ledning", "och", "stöd"} <= set(ws)  # inline markup joins, hyphens split
    assert {"Stapeldiagram", "resultatt"} <= set(ws)  # alt and aria-label are read
    hidden = {"Svepp", "felstavadd", "attributtext", "Axeltextt", "truee", "iVBORw0KGgoAAAANSUhEUgAA", "tmp",
              "pytest", "csv", "lfr", "n"}
    assert not hidden & set(ws), hidden & set(ws)
    assert misspelled(ws, "sv") == ["Fiktivköping", "resultatt"]
    assert misspelled(ws, "sv", extra=["fiktivKÖPING"]) == ["resultatt"]
    assert misspelled([], "sv") == []


def test_a_planted_misspelling_in_a_report_is_named_with_its_file_and_an_excerpt(tmp_path: Path) -> None:
    (tmp_path / "sv").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "sv" / "rapport.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "en" / "report.html").write_text('<html lang="en"><p>Only English here</p></html>', encoding="utf-8")
    found = unknown_words(tmp_path)
    assert set(found) == {"resultatt"}  # Fiktivköping is listed; en/ is not read
    where, text, k = found["resultatt"]
    assert (where, k) == (str(Path("sv") / "rapport.html"), 1)
    assert "Diagram med resultatt" in text
    assert "'resultatt' in sv/rapport.html: " in report(found)


def test_a_missing_hunspell_or_dictionary_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TuffkitError, match="dictionary xx_XX.*hunspell-xx"):
        misspelled(["ord"], "xx_XX")
    monkeypatch.setattr(spelling.shutil, "which", lambda _: None)
    with pytest.raises(TuffkitError, match="needs the program hunspell.*make browser"):
        misspelled(["ord"], "sv")
