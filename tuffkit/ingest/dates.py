"""Dates in exports: the survey tools' timestamps, and the waves they belong to.

:func:`read_dates` reads a column of date or date-time texts as the tools write them:

=====================================  ==============================================
``2014-01-26 21:16:54``, ``2014-01-26``  ISO 8601 (LimeSurvey, Qualtrics, Excel cells,
                                         Swedish settings), with ``T``, seconds,
                                         fractions, ``Z`` or an offset
``2014/01/26 9:16:54 PM GMT+1``          Google Forms (year first; ``em``/``fm`` too)
``01/26/2014 09:16:54 PM``               US month first (SurveyMonkey, Forms CSV)
``26/01/2014 21:16``                     day first
``26.1.2014``                            day first with dots
``41665.88``                             an Excel serial date (days since 1899-12-30)
=====================================  ==============================================

A column of ``a/b/yyyy`` dates is month first when some ``b`` is above 12, day first when
some ``a`` is, and an error showing an example when every value fits both: a date is
never guessed. The time of day and a time zone are read but do not change the date: a
response belongs to the day its respondent saw.

:func:`wave_of_dates` turns one file's dates into its wave when no wave periods are given:
the wave of another file of the same ingest whose label (``YYYY`` or ``YYYY-MM``) covers
all of them, else the month (``YYYY-MM``) or the year (``YYYY``) that holds them all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from tuffkit.errors import InputFileError

__all__ = ["read_dates", "wave_of_dates"]

_TIME = r"(?:[ t]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?(?:\s*([ap]\.?m\.?|fm|em))?)?"
_ZONE = r"(?:\s*(?:z|(?:gmt|utc)?\s*[+-]\d{1,2}(?::?\d{2})?|gmt|utc|cet|cest))?"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + _ZONE + "$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})" + _TIME + _ZONE + "$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})" + _TIME + _ZONE + "$")
_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME + _ZONE + "$")
_SERIAL = re.compile(r"^(\d{5})(?:[.,]\d+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if len(text) == 2 else y


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def read_dates(texts: Sequence[str], where: str) -> tuple[list[dt.date | None], list[str | None]]:
    """Read each text of one column as a date: ``(dates, problems)``, one of each per text
    (a date and ``None``, or ``None`` and why not).

    Raises
    ------
    InputFileError
        The column's ``a/b/yyyy`` dates could be day first or month first; the message
        names ``where`` and shows an example.

    Examples
    --------
    >>> read_dates(["2014/01/26 9:16:54 PM GMT+1", "01/26/2014 9:16 PM", "41665.88"], "x")[0]
    [datetime.date(2014, 1, 26), datetime.date(2014, 1, 26), datetime.date(2014, 1, 26)]
    """
    cleaned = [" ".join(str(t).split()).casefold() for t in texts]
    slash = [m for t in cleaned if (m := _SLASH.match(t))]
    day_first = any(int(m.group(1)) > 12 for m in slash)
    month_first = any(int(m.group(2)) > 12 for m in slash)
    if day_first and month_first:
        a = next(t for t, c in zip(texts, cleaned, strict=True) if (m := _SLASH.match(c)) and int(m.group(1)) > 12)
        b = next(t for t, c in zip(texts, cleaned, strict=True) if (m := _SLASH.match(c)) and int(m.group(2)) > 12)
        raise InputFileError(
            f"{where}: the dates mix day-first ({a!r}) and month-first ({b!r}) order; save the "
            "export again with one date format (preferably YYYY-MM-DD)"
        )
    if slash and not (day_first or month_first):
        example = next(t for t, c in zip(texts, cleaned, strict=True) if _SLASH.match(c))
        raise InputFileError(
            f"{where}: the dates could be day first or month first (e.g. {example.strip()!r}, and no "
            "day above 12 tells); export them as YYYY-MM-DD, or give the wave with --wave or "
            "the wave periods in a mapping file"
        )
    dates: list[dt.date | None] = []
    problems: list[str | None] = []
    for t in cleaned:
        d: dt.date | None = None
        if m := (_ISO.match(t) or _YMD_SLASH.match(t)):
            d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif m := _SLASH.match(t):
            a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
            d = _make(y, b, a) if day_first else _make(y, a, b)
        elif m := _DOTS.match(t):
            d = _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        elif (m := _SERIAL.match(t)) and 20000 <= int(m.group(1)) <= 80000:
            d = _EXCEL_EPOCH + dt.timedelta(days=int(m.group(1)))
        dates.append(d)
        problems.append(None if d is not None else "not a date")
    return dates, problems


def wave_of_dates(first: dt.date, last: dt.date, known: Iterable[str], where: str) -> tuple[str, str]:
    """The wave of a file whose responses were given from ``first`` to ``last``, and how it
    was found: a ``known`` label (``YYYY``/``YYYY-MM``) covering both, else the month or the
    year holding both.

    Raises
    ------
    InputFileError
        The dates span more than one year, or two known waves cover them.

    Examples
    --------
    >>> wave_of_dates(dt.date(2014, 2, 3), dt.date(2014, 3, 10), ["2013-05", "2014"], "x")
    ('2014', "the wave '2014' of the other files holds them all")
    >>> wave_of_dates(dt.date(2012, 10, 2), dt.date(2012, 10, 29), [], "x")[0]
    '2012-10'
    """
    def covers(label: str) -> bool:
        if re.fullmatch(r"\d{4}", label):
            return first.year == last.year == int(label)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", label):
            return (first.year, first.month) == (last.year, last.month) == (int(m.group(1)), int(m.group(2)))
        return False

    fits = sorted({k for k in known if covers(k)})
    if len(fits) == 1:
        return fits[0], f"the wave {fits[0]!r} of the other files holds them all"
    if len(fits) > 1:
        raise InputFileError(
            f"{where}: the responses ({first} to {last}) fit the waves {' and '.join(map(repr, fits))}; "
            "give the wave with --wave or the wave periods in a mapping file"
        )
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year}-{first.month:02d}", "all in one month"
    if first.year == last.year:
        return str(first.year), "all in one year"
    raise InputFileError(
        f"{where}: the responses span {first} to {last}, not within one calendar year; give the wave with "
        "--wave, or the wave periods under 'waves:' in a mapping file"
    )
