"""Finding the header of an export: one row, or the several rows some survey tools write.

Most exports have one header row, perhaps below a few title lines. Two tools write more:

SurveyMonkey
    two rows: the question over the first of its columns (blank over the others) and, in
    the second row, ``Response``/``Open-Ended Response`` or the sub-column's own text (a
    matrix statement, an answer option). The two are joined, the question carried right
    across its sub-columns: ``Question [statement]``, or ``Question`` alone under
    ``Response``.
Qualtrics
    three rows: the column ids (``ResponseId``, ``Q4_1``), the question texts, and the
    ``{"ImportId": ...}`` row. The texts are the headers (the ids where a text is blank);
    the ids are kept as :attr:`HeaderBlock.codes`.

:func:`find_header` tries every row among the first ones as a single header, as the first
of two SurveyMonkey rows, or as the first of three Qualtrics rows, and keeps the block the
caller's score likes most. A row never counts as a header just because it is first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tuffkit.names import norm

__all__ = ["HeaderBlock", "find_header", "closest_header", "join_two_rows"]

#: Texts SurveyMonkey writes in its second header row under a question of one column.
SUBHEADER_WHOLE = frozenset(["response", "open-ended response", "svar", "öppet svar", "fritextsvar"])
_IMPORT_ID = re.compile(r'^\{\s*"?importid"?\s*:', re.IGNORECASE)
_NUMBERISH = re.compile(r"^[\s\d.,:/+\-–]*$")
_SUBQUESTION = re.compile(r"^([A-Za-z][A-Za-z0-9]*)(?:\[[A-Za-z0-9]+\]|_SQ\d+)$")


@dataclass(frozen=True)
class HeaderBlock:
    """The header of a table: its rows (0-based positions among the rows read) and one text per
    column; ``codes`` holds the column ids of a Qualtrics export (else ``None``)."""

    first: int
    last: int
    headers: list[str]
    kind: str = "single"  # "single", "two-row" (SurveyMonkey) or "three-row" (Qualtrics)
    codes: list[str] | None = None

    @property
    def rows(self) -> list[int]:
        """The block's rows, 0-based."""
        return list(range(self.first, self.last + 1))


def _text(cell: object) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def _is_import_row(row: Sequence[object]) -> bool:
    cells = [_text(c) for c in row if _text(c)]
    return len(cells) >= 2 and sum(bool(_IMPORT_ID.match(c)) for c in cells) >= 0.8 * len(cells)


def join_two_rows(top: Sequence[object], sub: Sequence[object]) -> list[str]:
    """Join SurveyMonkey's two header rows, carrying each question right across its sub-columns.

    Examples
    --------
    >>> join_two_rows(["Respondent ID", "Q1", "", "Q2"], ["", "Row A", "Row B", "Response"])
    ['Respondent ID', 'Q1 [Row A]', 'Q1 [Row B]', 'Q2']
    """
    width = max(len(top), len(sub))
    out, carried = [], ""
    for j in range(width):
        t = _text(top[j]) if j < len(top) else ""
        s = _text(sub[j]) if j < len(sub) else ""
        if t:
            carried = t
        question = t or carried
        if not s or norm(s) in SUBHEADER_WHOLE:
            out.append(question)
        elif question:
            out.append(f"{question} [{s}]")
        else:
            out.append(s)
    return out


def _two_row_candidate(top: Sequence[object], sub: Sequence[object]) -> bool:
    """Whether ``sub`` looks like SurveyMonkey's second header row under ``top``."""
    t = [_text(c) for c in top]
    s = [_text(c) for c in sub]
    if not t or not t[0] or (s and s[0]):
        return False  # the first column (Respondent ID) has its name above and nothing below
    filled = [j for j, c in enumerate(s) if c]
    if not filled:
        return False
    if any(norm(c) in SUBHEADER_WHOLE for c in s):
        return True
    # no marker: every text under a question must be a word, not a number or a date, and the
    # top row must leave sub-columns blank for them
    gaps = any(not t[j] for j in range(1, len(t)) if any(t[:j]))
    merged = any(t[j] and t[j] == t[j - 1] for j in range(1, len(t)))  # a merged cell, filled across
    return (gaps or merged) and len(filled) >= 2 and not any(_NUMBERISH.match(s[j]) for j in filled)


def candidates(rows: Sequence[Sequence[object]], i: int) -> list[HeaderBlock]:
    """The header blocks that could start at row ``i``."""
    row = rows[i]
    if i + 2 < len(rows) and _is_import_row(rows[i + 2]):
        codes = [_text(c) for c in row]
        texts = [_text(c) for c in rows[i + 1]]
        width = max(len(codes), len(texts))
        codes += [""] * (width - len(codes))
        texts += [""] * (width - len(texts))
        return [HeaderBlock(i, i + 2, [t or c for t, c in zip(texts, codes, strict=True)], "three-row", codes)]
    if _is_import_row(row) or (i >= 1 and i + 1 < len(rows) and _is_import_row(rows[i + 1])):
        return []  # inside a Qualtrics header
    out = [HeaderBlock(i, i, [_text(c) for c in row])]
    if i + 1 < len(rows) and _two_row_candidate(row, rows[i + 1]):
        out.append(HeaderBlock(i, i + 1, join_two_rows(row, rows[i + 1]), "two-row"))
    return out


def find_header(rows: Sequence[Sequence[object]], score: Callable[[list[str]], int]) -> HeaderBlock | None:
    """The best-scoring header block among ``rows`` (the first rows of a table), or ``None``
    when no row scores above 0. A larger block wins a tie with a single row at the same place
    (the second row is then part of the header, not a respondent); an earlier block wins
    any other tie.

    Examples
    --------
    >>> rows = [["Title"], ["Kommun", "F1", "F2"], ["Ronneby", "3", "4"]]
    >>> b = find_header(rows, lambda h: sum(x.startswith("F") for x in h))
    >>> b.first, b.headers
    (1, ['Kommun', 'F1', 'F2'])
    """
    best: tuple[int, int, HeaderBlock] | None = None
    for i in range(len(rows)):
        for block in candidates(rows, i):
            s = score(block.headers) if len(block.headers) > 1 else 0
            if s <= 0:
                continue
            size = block.last - block.first
            if best is None or s > best[0] or (s == best[0] and block.first == best[2].first and size > best[1]):
                best = (s, size, block)
    return None if best is None else best[2]


def closest_header(rows: Sequence[Sequence[object]]) -> str:
    """``row R: 'a', 'b', 'c' …`` for the row that looks most like a header (the most cells of
    text that are not numbers or dates), for the message when no header is recognised."""
    best, where = -1, 0
    for i, row in enumerate(rows):
        cells = [_text(c) for c in row]
        words = sum(1 for c in cells if c and not _NUMBERISH.match(c))
        if words > best:
            best, where = words, i
    if best <= 0:
        return "none of them has text cells"
    cells = [_text(c) for c in rows[where] if _text(c)]
    shown = ", ".join(repr(c[:40]) for c in cells[:6]) + (" …" if len(cells) > 6 else "")
    cut = sum(c.rstrip("]").endswith(("..", "…")) for c in cells)
    coded = {m.group(1) for c in cells if (m := _SUBQUESTION.match(c))}
    hint = ("; its headings are cut short (abbreviated), so they cannot say which statement is which: "
            "export with full question texts or question codes as headings") if cut >= 3 else ""
    if len(coded) > 1 and not hint:
        hint = (f"; its headings are LimeSurvey codes of several questions ({', '.join(sorted(coded)[:3])}), "
                "so they cannot say which statement is which: give the survey structure file (.lss or .txt) "
                "with --codebook or beside the export, or export with full question texts as headings")
    return f"the closest was row {where + 1}: {shown}{hint}"
