"""Personal names in short texts (improvement-log titles), so that they stay out of reports.

A word counts as a name when it is one of Sweden's most common first names or surnames
(``tuffkit/data/names_sv.txt``, written after Statistics Sweden's name statistics), one of
the ``extra`` names the caller knows (e.g. the log's own people), or a capitalised word
shaped like a Swedish surname (``-sson``, ``-berg``, ``-ström``, ``-qvist``, ``-gren``,
``-lund``, ``-holm``, ``-dahl``, ``-blad``, ``-bäck``, ``-én``, ``-ović``...). Case, accents
(but not å, ä, ö), hyphenated names (*Lars-Erik*) and the possessive *-s* (*Karins*) are
handled. The detector leans towards finding too much: hiding a harmless title is acceptable,
publishing a name is not.

Names that are also ordinary words (*Per*, *Hans*, *Bo*, *Maj*, *Dan*, *Sten*, *Klara*,
*Berg*...) count when capitalised, except as the first word of a sentence followed by a
lowercase word that is not a verb (*Per månad*, *Hans kollega*, *Bo kvar*: ordinary words;
*Per vill*, *Hans ringde*: names); written in lowercase they never count. Other
names count also in lowercase (*möte med karin*). Words in ``allow`` (e.g. the log's unit
names) never count.

Known limits: a name that is neither on the lists nor shaped like a surname (a rare first
name, many foreign surnames) is not found; a capitalised ordinary word that looks like a
name is (*Stockholm* is excepted, *Lund* or *Falkenberg* is not).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

__all__ = ["names_in", "has_name", "known_names"]

#: letters (any script), joined by a hyphen or an apostrophe; a possessive ":s" may follow (Ali:s)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-‐][^\W\d_]+)*(?::s(?![^\W\d_]))?")
_HYPHEN = re.compile(r"[-‐]")
#: what ends a sentence or starts a new one between two words
_BREAK = re.compile(r"[.!?:;…–—(\[\"“”„«»\n]|(?:^|\s)-(?:\s|$)")
#: after these a full stop is not the end of a sentence (initials are handled apart)
_ABBREVIATIONS = {"t", "ex", "bl", "a", "m", "fl", "o", "s", "d", "v", "f", "e", "g", "dvs", "osv", "etc", "ca", "kl",
                  "nr", "st", "resp", "jfr", "dr", "mr", "mrs", "ms", "tf"}

#: names that are also ordinary words (Swedish or English): these count when capitalised, but
#: not in lowercase nor as a sentence's first word before an ordinary lowercase word
COMMON_WORDS = frozenset("""
    per hans bo dan dag maj sten stig björn axel august love max malte ville tom tim karl frans harry tor knut kaj
    jack said inga liv saga klara vilda tuva linnea iris viola my lo lova tindra tilde malva ester rut ros rosa rose
    lina tina tea gun juni mina rim jasmin
    berg lind holm lund ström ek björk blom falk strand kvist lilja malm fors hägg alm borg ljung palm mörk rask
    frisk hult le tran brown walker mark
""".split())

#: after an ambiguous first word, these make it a name (Per vill, Hans ringde, Bo says)
_NAME_FOLLOWERS = frozenset("""
    vill ville har hade är var blir blev ska skulle kan kunde måste får fick bör tycker tyckte tror trodde säger sa
    sade föreslår föreslog undrar undrade frågar frågade ber bad anser ansåg menar vet visste gör gjorde tar tog
    går gick kommer kom slutar slutade börjar började saknar saknade behöver behövde önskar önskade testar testade
    jobbar jobbade arbetar arbetade ringer ringde skriver skrev mår lyfter lyfte hjälper hjälpte ansvarar leder
    ledde håller höll fixar fixade ordnar ordnade kollar tittar svarar svarade påpekar påpekade berättar berättade
    anmäler anmälde klagar klagade says said wants wanted has had is was will asks asked suggests suggested
""".split())

#: capitalised words that end like a surname but are ordinary words or places
_NOT_SURNAMES = frozenset("""
    reason season lesson poison prison garnison unison bison fason liaison comparison treason mason
    isberg sopberg pappersberg tvättberg skuldberg klädberg likström växelström golfström flyktingström
    stockholm bornholm mölndal ljusdal skandal pedal sandal vandal modal medal
    faktablad informationsblad nyhetsblad kalkylblad svarsblad frågeblad anteckningsblad reklamblad
    instruktionsblad rakblad kalenderblad verksamhetsgren idrottsgren näringsgren sidogren
    iden entren armen kafen cafen allen kupen resumen komiten kommitten matinen
""".split())
_SURNAME_END = re.compile(r"^[^\W\d_]{2,}?(?:sson|son|berg|ström|strom|qvist|kvist|quist|gren|lund|holm|dahl|dal"
                          r"|blad|bäck|stedt|feldt|ovic|evic|wski|zadeh|oglu)$")

#: accents folded away (å, ä and ö are letters of their own and stay)
_FOLD = str.maketrans({"é": "e", "è": "e", "ê": "e", "ë": "e", "á": "a", "à": "a", "â": "a", "í": "i", "ì": "i",
                       "î": "i", "ï": "i", "ı": "i", "ó": "o", "ò": "o", "ô": "o", "ú": "u", "ù": "u", "û": "u",
                       "ü": "u", "ç": "c", "ć": "c", "č": "c", "ñ": "n", "ń": "n", "š": "s", "ş": "s", "ś": "s",
                       "ž": "z", "ź": "z", "ż": "z", "đ": "d", "ğ": "g", "ł": "l", "ø": "ö", "æ": "ä", "ß": "ss",
                       "’": "'"})


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().translate(_FOLD)


@cache
def known_names() -> dict[str, frozenset[str]]:
    """The name lists of ``tuffkit/data/names_sv.txt``, folded (lowercase, accents but å, ä, ö
    removed): ``women``, ``men`` and ``surnames``.

    Examples
    --------
    >>> lists = known_names()
    >>> "karin" in lists["women"], "mohammed" in lists["men"], "svensson" in lists["surnames"]
    (True, True, True)
    """
    text = (files("tuffkit") / "data" / "names_sv.txt").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    section = ""
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            out.setdefault(section, set())
        elif line and section:
            out[section].add(_fold(line))
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _all_names() -> frozenset[str]:
    return frozenset().union(*known_names().values())


def _forms(part: str) -> set[str]:
    """The folded word and, if it may be a possessive, its stem (Karins, Karin's, Ali:s)."""
    f = _fold(part)
    for end in (":s", "'s"):
        if f.endswith(end):
            return {f[: -len(end)]}
    return {f, f[:-1]} if f.endswith("s") and len(f) > 2 else {f}


def _surname_shaped(part: str, forms: set[str]) -> bool:
    """A capitalised ``part`` shaped like a surname (Strandqvist, Rosén, Hodžić), ordinary words excepted."""
    if any(f in _NOT_SURNAMES or f.endswith("person") for f in forms):
        return False
    raw = unicodedata.normalize("NFC", part).casefold()
    accented = {raw, raw[:-1]} if raw.endswith("s") else {raw}  # -én and -ić are lost in the folded forms
    return any(_SURNAME_END.match(f) for f in forms) or \
        any(len(a) >= 4 and a.endswith(("én", "ić")) for a in accented)


def _words(texts: Iterable[str]) -> set[str]:
    """Every word (and every part of a hyphenated word) of ``texts``, folded; one letter left out."""
    out = set()
    for t in texts:
        for tok in _TOKEN.findall(str(t)):
            for w in [tok, *_HYPHEN.split(tok)]:
                f = _fold(w)
                if len(f) > 1:
                    out.add(f)
    return out


def names_in(text: str, extra: Iterable[str] = (), allow: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` that are or may be personal names, as written there, in order
    (each once); ``[]`` when there is none.

    Parameters
    ----------
    text
        A short text, e.g. an improvement-log title.
    extra
        Names known to the caller (e.g. the people named in the log's own columns); full names
        are split into words. They count like the listed names, and also as a sentence's
        first word.
    allow
        Words or phrases that never count (e.g. the log's unit names: ``"Norrtull"`` also
        allows *Norrtulls*).

    Examples
    --------
    >>> names_in("Karin Berg på ekonomi stoppar alla inköp")
    ['Karin', 'Berg']
    >>> names_in("Per månad: 12 timmar"), names_in("Möte med Per om schemat")
    ([], ['Per'])
    >>> names_in("Norrtulls checklista från Solgläntan", allow=["Norrtull", "Solgläntan"])
    []
    """
    if not isinstance(text, str):
        raise TypeError(f"names_in needs a text (str), not {type(text).__name__}")
    extra_words = _words(extra)
    allow_one, allow_phrases = set(), []
    for phrase in allow:
        words = [_fold(w) for w in _TOKEN.findall(str(phrase))]
        if len(words) == 1:
            allow_one.add(words[0])
        elif words:
            allow_phrases.append(words)
    tokens = list(_TOKEN.finditer(text))
    allowed = _allowed_tokens([m.group() for m in tokens], allow_phrases)
    letters = [c for c in text if c.isalpha()]
    shouting = len(letters) > 1 and all(c.isupper() for c in letters)
    listed = _all_names()

    def known(word: str) -> bool:
        return bool(_forms(word) & (listed | extra_words))

    def starts_sentence(i: int) -> bool:
        if i == 0:
            return True
        between = text[tokens[i - 1].end():tokens[i].start()]
        prev = tokens[i - 1].group()
        if (len(prev) == 1 and prev.isupper()) or _fold(prev) in _ABBREVIATIONS:
            between = between.replace(".", "", 1)  # K. Berg, t.ex. Per
        return bool(_BREAK.search(between))

    found: list[str] = []
    for i, m in enumerate(tokens):
        if i in allowed:
            continue
        parts = _HYPHEN.split(m.group())
        for j, part in enumerate(parts):
            forms = _forms(part)
            if forms & allow_one or len(part) < 2:
                continue
            capital = part[0].isupper()
            if forms & extra_words and (capital or not forms & COMMON_WORDS):
                hit = True
            elif forms & listed:
                if not capital:
                    hit = not forms & COMMON_WORDS
                elif j == 0 and forms & COMMON_WORDS and starts_sentence(i):
                    nxt = parts[1] if len(parts) > 1 else (tokens[i + 1].group() if i + 1 < len(tokens) and
                                                           not starts_sentence(i + 1) else "")
                    lowercase = bool(nxt) and (nxt[0].islower() or (shouting and not known(nxt)))
                    hit = not (lowercase and not _forms(nxt) & _NAME_FOLLOWERS)
                else:
                    hit = True
            else:
                hit = capital and _surname_shaped(part, forms)
            if hit:
                if m.group() not in found:
                    found.append(m.group())
                break
    return found


def _allowed_tokens(tokens: list[str], phrases: list[list[str]]) -> set[int]:
    """The positions of tokens inside an allowed phrase of several words (the last may take -s)."""
    out: set[int] = set()
    folded = [_fold(t) for t in tokens]
    for words in phrases:
        n = len(words)
        for i in range(len(folded) - n + 1):
            if folded[i:i + n - 1] == words[:-1] and folded[i + n - 1] in (words[-1], words[-1] + "s"):
                out.update(range(i, i + n))
    return out


def has_name(text: str, extra: Iterable[str] = (), allow: Iterable[str] = ()) -> bool:
    """Whether ``text`` has a word that is or may be a personal name (see :func:`names_in`).

    Examples
    --------
    >>> has_name("Fråga Svensson om rullstolen"), has_name("Nattfasta kortare")
    (True, False)
    """
    return bool(names_in(text, extra, allow))
