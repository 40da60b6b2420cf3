"""The words a reader sees in a rendered HTML report, and which of them a spell checker does not know.

:func:`words` takes the visible text of a report (not its scripts, styles, figures' SVG markup,
attribute values or embedded data URIs; the ``alt`` text of images and ``aria-label`` values are
read, as a screen reader reads them; no program text in ``<code>``) and splits it into words,
leaving out numbers, file names and paths. :func:`misspelled` runs Hunspell
(Debian's ``hunspell`` with ``hunspell-sv``; ``make browser`` installs them) over the words and
returns those its dictionary does not know. The test suite checks every Swedish report with them
against a reviewed list of names and domain words (``tests/report/spelling_words.txt``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from html.parser import HTMLParser

from tuffkit.errors import TuffkitError

__all__ = ["visible_text", "words", "misspelled", "DICTIONARIES"]

#: the Hunspell dictionary of each report language
DICTIONARIES: dict[str, str] = {"sv": "sv_SE", "en": "en_US"}

#: elements whose content a reader never sees as text, or which show program text (a file's fingerprint, a setting)
_HIDDEN = frozenset({"script", "style", "svg", "template", "noscript", "code", "kbd", "samp"})
#: elements inside a line of text: their start and end do not separate words (``<b>Hej</b>san``)
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
                     "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"})
#: attribute values a reader (or a screen reader) is given as text
_READ_ATTRS = ("alt", "aria-label")

_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+[^\s\"'<>)]*", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?|ftp|file)://[^\s\"'<>]+|\bwww\.[^\s\"'<>]+", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits; a hyphen (or any other mark) ends a word
_INNER_DOT = re.compile(r"[^\W_]\.[^\W_]")  # survey.parquet, t.ex.
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.parts.append(" ")
            self._hidden += 1
        if self._hidden:
            return
        if tag not in _INLINE:
            self.parts.append("\n")
        for name, value in attrs:
            if name in _READ_ATTRS and value:
                self.parts.append(f" {value} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
            self.parts.append(" ")
            return
        if not self._hidden and tag not in _INLINE:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of ``html`` that a reader sees (or hears): character references resolved, no markup,
    no ``<script>``, ``<style>`` or ``<svg>`` content (nor program text: ``<code>``, ``<kbd>``,
    ``<samp>``), of the attributes only ``alt`` and ``aria-label``, and no data URIs or web addresses.
    Block elements end a line.

    Examples
    --------
    >>> visible_text('<p>Hej <b>v</b>ärlden &amp; <img alt="Figur" src="data:image/png;base64,iVBO"></p>'
    ...              '<style>p{color:red}</style>').split()
    ['Hej', 'världen', '&', 'Figur']
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).translate(_INVISIBLE)
    return _URL.sub(" ", _DATA_URI.sub(" ", text))


def words(html: str) -> list[str]:
    """The words of the visible text of a rendered HTML report (:func:`visible_text`), in the order
    they are read, repeats kept.

    The text is cut at white space; a piece that is no prose is left out whole: one with a digit in
    it (a year, ``n=12``, a post's id ``FH-007``, ``lfr3``), a file's or program's name (with ``_``,
    or a dot inside it: ``survey.parquet``, also ``t.ex.``), a path (``/tmp/x``, ``data/raw/pulse``)
    or an address (``@``, ``://``). The other pieces are split into words at every mark that is not
    a letter: a hyphenated compound is its parts.

    Parameters
    ----------
    html
        A whole report or a fragment of one.

    Returns
    -------
    list of str
        The words, as written (case kept).

    Examples
    --------
    >>> words('<h1 aria-label="Rapport">Kommun-rapport 2014</h1><script>var x = "ord";</script>'
    ...       '<svg><text>Axel</text></svg><p title="titel">Hösten &eacute;n (FH-007) i lfr3_2014.csv</p>'
    ...       '<p>från /tmp/puls, <code>log_titles: true</code>; ledning/stöd.</p>')
    ['Rapport', 'Kommun', 'rapport', 'Hösten', 'én', 'i', 'från', 'ledning', 'stöd']
    """
    return [w for piece in visible_text(html).split() if _is_prose(piece) for w in _TOKEN.findall(piece)]


def _is_prose(piece: str) -> bool:
    """Whether a piece of text between white space is made of words (not a number, name of a file,
    path or address)."""
    core = piece.strip("()[]{}<>\"'”“’‘«»,;:!?.")
    return not (any(c.isdigit() for c in core) or "_" in core or "@" in core or "\\" in core or "://" in core
                or core.startswith(("/", "~/", "./")) or core.count("/") > 1 or _INNER_DOT.search(core))


def misspelled(words: Iterable[str], lang: str = "sv", extra: Iterable[str] = ()) -> list[str]:
    """The words that Hunspell's dictionary for ``lang`` does not know and that are not in ``extra``.

    Runs ``hunspell -d sv_SE -l`` (for ``lang="sv"``) once, with every word on its own line of its
    standard input (UTF-8). Hunspell accepts a known word also capitalised or in capitals.

    Parameters
    ----------
    words
        The words to check (:func:`words`); repeats are checked once.
    lang
        A report language (``"sv"``: the ``sv_SE`` dictionary of Debian's ``hunspell-sv``; ``"en"``:
        ``en_US``) or the name of a Hunspell dictionary.
    extra
        Words to accept besides the dictionary's (names, domain words); compared case-insensitively.

    Returns
    -------
    list of str
        The unknown words, sorted, each once.

    Raises
    ------
    TuffkitError
        When the ``hunspell`` program or the dictionary is not installed (``make browser``, or
        ``apt-get install hunspell hunspell-sv``).

    Examples
    --------
    >>> misspelled(["Kommunen", "hösten", "Botkyrka", "resultatt", "Stuffkit"], extra=["stuffkit"])
    ['resultatt']
    """
    dictionary = DICTIONARIES.get(lang, lang)
    exe = shutil.which("hunspell")
    if exe is None:
        raise TuffkitError("the spell check needs the program hunspell, which is not installed: run `make browser` "
                           f"(or `apt-get install hunspell {_package(dictionary)}`)")
    unique = sorted({w for w in words if w.strip()})
    try:
        done = subprocess.run([exe, "-d", dictionary, "-i", "utf-8", "-l"], input="\n".join(unique) + "\n",
                              capture_output=True, text=True, encoding="utf-8", check=False)
    except OSError as err:
        raise TuffkitError(f"the spell check could not run hunspell ({exe}): {err}") from err
    if done.returncode != 0 or "can't open" in done.stderr.lower():
        reason = done.stderr.strip().splitlines()[0] if done.stderr.strip() else f"exit code {done.returncode}"
        raise TuffkitError(f"hunspell cannot check with the dictionary {dictionary} ({reason}): run `make browser` "
                           f"(or `apt-get install {_package(dictionary)}`)")
    known = {w.casefold() for w in extra}
    return sorted({w for w in done.stdout.splitlines() if w and w.casefold() not in known})


def _package(dictionary: str) -> str:
    """Debian's package of a Hunspell dictionary (``sv_SE`` -> ``hunspell-sv``)."""
    return "hunspell-" + dictionary.split("_")[0].lower()
