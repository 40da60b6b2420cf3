"""Reading an export file as it comes into tables of raw text cells.

Handles what real exports do: ``.xlsx`` workbooks (every sheet with a
recognisable header; merged cells filled as Excel shows them; a date formatted
without a day read as ``YYYY-MM``) and ``.csv``/``.txt``/``.tsv`` text with
comma, semicolon or tab separators, in UTF-8, UTF-8 with BOM, UTF-16 with BOM
or Windows-1252, with title rows above the header and line breaks inside quoted
cells. The header row is the row among the first 30 that looks most like a
header: the most statement and metadata columns (see
:meth:`tuffkit.ingest.mapping.ColumnPlan.header_score`); the first such row wins a tie.
A CSV record with its trailing empty fields left off is padded, one with extra
empty fields trimmed; any other record whose fields do not match the header is
kept aside as invalid.

Rows are numbered as a spreadsheet numbers them: the first row of the file is
row 1, title rows and the header row included, and a cell with a line break
inside quotes does not start a new row.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from tuffkit.errors import InputFileError, NoStatementColumnsError
from tuffkit.ingest.headers import HeaderBlock, closest_header, find_header
from tuffkit.ingest.sav import read_sav

__all__ = [
    "RawTable",
    "read_raw_tables",
    "blank_mask",
    "distinct_texts",
    "CSV_SUFFIXES",
    "EXCEL_SUFFIXES",
    "SAV_SUFFIXES",
    "HEADER_SCAN_ROWS",
]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SAV_SUFFIXES = (".sav", ".zsav", ".dta")  # the statistics packages' files: SPSS and Stata
HEADER_SCAN_ROWS = 30
_SAMPLE_BYTES = 256 * 1024
#: pyarrow's CSV block size: fewer, larger blocks mean fewer dictionaries to unify (measured in bench/)
_BLOCK_BYTES = 4 * 1024 * 1024
_NO_STATEMENTS = (
    "no recognisable header row in the first {n} rows ({closest}); a header needs statement columns "
    "(headers like '1', 'F1', 'Q1', 'Påstående 1' or the statement's text) and a mapping file can "
    "name them (`tuffkit inspect FILE` drafts one)"
)


def _no_header(rows: list[list[str]] | list[list[str | None]]) -> str:
    return _NO_STATEMENTS.format(n=HEADER_SCAN_ROWS, closest=closest_header(rows))

#: ``score(headers)`` -> how much a row looks like the header (0: not at all).
Scorer = Callable[[list[str]], int]
#: ``coded(headers)`` -> the columns to read dictionary-encoded (those the caller interprets
#: value by value); the others are read as plain text.
Coded = Callable[[list[str]], set[int]]


@dataclass
class RawTable:
    """The cells of one export (one sheet of a workbook) as text, before any interpretation.

    ``header_rows`` are the spreadsheet numbers of the header's rows (two for SurveyMonkey,
    three for Qualtrics), ``header_row`` the first of them; ``rows_total`` counts every row
    of the file or sheet, so that ``rows_total == header_row - 1 + len(header_rows) + n_rows
    + len(invalid) + trailing_empty_rows``. ``header_codes`` are a Qualtrics export's
    column ids or an SPSS file's variable names; ``codebook[j]`` maps the codes of column
    ``j`` to their labels where the file itself carries them (SPSS value labels).

    ``columns[j]`` holds the cell texts of column ``j`` as a pyarrow array (null for an
    empty cell): dictionary-encoded for the columns the caller asked for, plain text for
    the others. ``rows[i]`` is the spreadsheet row number of data row ``i`` and
    ``empty[i]`` tells whether that row has no text in any cell. ``invalid`` lists the
    records that could not be split into the header's columns, as ``(row, reason, text)``.
    """

    path: Path
    format: str
    sha256: str
    headers: list[str]
    columns: list[pa.Array]
    rows: np.ndarray
    empty: np.ndarray
    header_row: int
    header_rows: list[int] = field(default_factory=list)
    header_codes: list[str] | None = None
    header_kind: str = "single"
    rows_total: int = 0
    tool: str | None = None
    tool_hint: str | None = None
    codebook: dict[int, dict[str, str]] = field(default_factory=dict)
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    invalid: list[tuple[int, str, str]] = field(default_factory=list)
    trailing_empty_rows: int = 0
    repaired_rows: int = 0
    skipped_sheets: list[str] = field(default_factory=list)
    codebook_sheets: list[str] = field(default_factory=list)  # sheets read as the codebook of this one
    title: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        """Data rows read (excluding invalid records and trailing empty rows)."""
        return len(self.rows)


def _title_lines(lines) -> list[str]:
    """The non-blank text lines above the header (a title, a note such as 'synthetic data')."""
    out = []
    for line in lines:
        text = " ".join(str(line).replace('"', " ").split()).strip(" ;,\t")
        if text:
            out.append(text)
    return out


def blank_mask(arr: pa.Array) -> np.ndarray:
    """True where a cell of ``arr`` (plain or dictionary-encoded text) is empty or blank."""
    if pa.types.is_dictionary(arr.type):
        d = arr.dictionary
        lut = np.append(pc.equal(pc.utf8_trim_whitespace(d), "").to_numpy(zero_copy_only=False), True)
        return lut[pc.fill_null(arr.indices, -1).to_numpy()]
    blank = pc.or_(pc.equal(arr, ""), pc.utf8_is_space(arr))
    return pc.fill_null(blank, True).to_numpy(zero_copy_only=False)


def distinct_texts(arr: pa.Array) -> list[str]:
    """The distinct non-blank texts of ``arr`` (plain or dictionary-encoded), stripped, in the
    order they first occur. A dictionary column's dictionary is taken as it is: the readers
    build it from the column's own cells (only entirely empty rows are cut off the end)."""
    if pa.types.is_dictionary(arr.type):
        texts = arr.dictionary.to_pylist()
    else:
        texts = pc.unique(arr).to_pylist()
    return list(dict.fromkeys(t.strip() for t in texts if t is not None and t.strip()))


def _finish(columns: list[pa.Array], rows: np.ndarray) -> tuple[list[pa.Array], np.ndarray, np.ndarray, int]:
    """Compute the empty-row mask and cut entirely empty rows off the end."""
    n = len(rows)
    empty = np.ones(n, dtype=bool)
    # dictionary columns first: they are cheap, and usually leave no row to test in the others
    for col in sorted(columns, key=lambda c: not pa.types.is_dictionary(c.type)):
        if not empty.any():
            break
        empty &= blank_mask(col)
    nonempty = np.flatnonzero(~empty)
    keep = int(nonempty[-1]) + 1 if len(nonempty) else 0
    trailing = n - keep
    if trailing:
        columns = [c.slice(0, keep) for c in columns]
        rows, empty = rows[:keep], empty[:keep]
    return columns, rows, empty, trailing


def read_raw_tables(path: str | Path, score: Scorer, coded: Coded | None = None) -> list[RawTable]:
    """Read ``path`` (CSV or XLSX) into one :class:`RawTable` per CSV file or data sheet.

    ``score`` finds the header row; ``coded`` names the columns to dictionary-encode
    (default: all).

    Raises
    ------
    InputFileError
        The file is missing, empty, of an unsupported type, unreadable or corrupt.
    NoStatementColumnsError
        No row among the first rows (of any sheet) has a recognisable statement column.
    """
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"{p}: no such file")
    if not p.is_file():
        raise InputFileError(f"{p}: not a file")
    suffix = p.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise InputFileError(f"{p}: the {suffix} format is not supported; save it as .xlsx or .csv")
    if suffix not in EXCEL_SUFFIXES + CSV_SUFFIXES + SAV_SUFFIXES:
        raise InputFileError(f"{p}: unsupported file type {suffix or '(none)'!r}; use .xlsx, .csv, .sav or .dta")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{p}: cannot be read ({exc.strerror})") from None
    if not raw[:4096].strip() and not raw.strip():  # the full scan only for a blank start
        raise InputFileError(f"{p}: the file is empty")
    sha = hashlib.sha256(raw).hexdigest()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(p, raw, sha, score)
    if suffix in SAV_SUFFIXES:
        return [_sav_table(p, sha)]
    return [_read_csv(p, raw, sha, score, coded)]


# --------------------------------------------------------------------------- CSV

_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")


def _decode(p: Path, raw: bytes) -> tuple[bytes | memoryview, str]:
    """Return the bytes to parse (UTF-8, no BOM) and the encoding found.

    A file without a byte-order mark is taken as UTF-8 here; when its sample or pyarrow
    finds that it is not valid UTF-8, :func:`_read_csv` reads it as Windows-1252.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return memoryview(raw)[3:], "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise InputFileError(f"{p}: starts with a UTF-16 mark but is not UTF-16") from None
    if b"\x00" in raw[:_SAMPLE_BYTES]:
        raise InputFileError(f"{p}: looks like a binary file, not a CSV text export")
    return raw, "utf-8"


def _cp1252(p: Path, raw: bytes, bad_at: int) -> bytes:
    """``raw`` (not valid UTF-8 from byte ``bad_at``) re-encoded from Windows-1252 to UTF-8."""
    if _UTF8_LETTER.search(raw):
        line = raw.count(b"\n", 0, bad_at) + 1
        raise InputFileError(
            f"{p}: mixes UTF-8 and Windows-1252 text (the first byte that is not UTF-8 is on line "
            f"{line}); save the whole file again in one encoding, preferably UTF-8"
        )
    try:
        return raw.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{p}: the text is neither UTF-8 nor Windows-1252 (byte {exc.start}); save it again as UTF-8 CSV"
        ) from None


def _sniff(p: Path, text: str, score: Scorer) -> tuple[str, HeaderBlock, int, int]:
    """Find the separator and the header: ``(separator, block, header_end_offset, scanned)``.

    The block's rows count records (a quoted cell may hold a line break); the offset is the
    number of characters of ``text`` up to the end of the header's last record.
    """
    best: tuple[int, int, str, HeaderBlock, int] | None = None
    scanned: dict[str, list[list[str]]] = {}
    for rank, sep in enumerate((";", ",", "\t")):
        lines = io.StringIO(text, newline="")
        consumed = 0

        def counted(src=lines):  # csv.reader pulls lines one by one: count their characters
            nonlocal consumed
            for line in src:
                consumed += len(line)
                yield line

        records: list[list[str]] = []
        ends: list[int] = []
        try:
            for record in csv.reader(counted(), delimiter=sep):
                records.append(record)
                ends.append(consumed)
                if len(records) >= HEADER_SCAN_ROWS + 2:  # room for a three-row header at the end
                    break
        except csv.Error:  # e.g. a cell larger than the csv module's limit: the records before it still count
            if not records:
                continue
        scanned[sep] = records
        block = find_header(records[:HEADER_SCAN_ROWS + 2], score)
        if block is None or block.first >= HEADER_SCAN_ROWS:
            continue
        s = score(block.headers)
        if best is None or (s, -rank) > (best[0], best[1]):
            best = (s, -rank, sep, block, ends[block.last])
    if best is None:
        rows = max(scanned.values(), key=lambda r: max((len(x) for x in r), default=0), default=[])
        raise NoStatementColumnsError(f"{p}: " + _no_header(rows[:HEADER_SCAN_ROWS]))
    return best[2], best[3], best[4], len(scanned[best[2]])


def _records(text: str, sep: str, n: int) -> list[list[str]]:
    """The first ``n`` records of ``text``."""
    out: list[list[str]] = []
    if n <= 0:
        return out
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
        out.append(record)
        if len(out) >= n:
            break
    return out


def _repair(text: str, sep: str, width: int) -> list[str | None] | None:
    """A record with missing trailing fields padded, or extra empty ones trimmed; else None."""
    try:
        fields = next(csv.reader([text], delimiter=sep))
    except (csv.Error, StopIteration):
        return None
    if len(fields) < width:
        return fields + [""] * (width - len(fields))
    if all(not f.strip() for f in fields[width:]):
        return fields[:width]
    return None


def _read_csv(p: Path, raw: bytes, sha: str, score: Scorer, coded: Coded | None) -> RawTable:
    data, encoding = _decode(p, raw)
    sample_bytes = bytes(data[:_SAMPLE_BYTES])
    try:
        sample = sample_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut_at_end = len(data) > _SAMPLE_BYTES and exc.start >= len(sample_bytes) - 3
        if not cut_at_end:
            if encoding == "utf-8-sig":
                raise InputFileError(f"{p}: starts with a UTF-8 mark but is not UTF-8 (byte {exc.start})") from None
            data, encoding = _cp1252(p, raw, exc.start), "cp1252"
        sample = bytes(data[:_SAMPLE_BYTES]).decode("utf-8", errors="ignore")
    sep, block, header_chars, _ = _sniff(p, sample, score)
    headers = block.headers
    offset = len(sample[:header_chars].encode("utf-8"))
    width = len(headers)
    names = [f"c{i}" for i in range(width)]
    dict_cols = set(range(width)) if coded is None else coded(headers)
    types = {
        name: pa.dictionary(pa.int32(), pa.string()) if i in dict_cols else pa.string()
        for i, name in enumerate(names)
    }
    convert = pacsv.ConvertOptions(
        column_types=types, null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True
    )

    def parse(buf: bytes | memoryview, use_threads: bool) -> tuple[pa.Table, list[tuple[int | None, int, str]]]:
        bad: list[tuple[int | None, int, str]] = []

        def handler(row: pacsv.InvalidRow) -> str:
            bad.append((row.number, row.actual_columns, row.text))
            return "skip"

        table = pacsv.read_csv(
            pa.py_buffer(buf).slice(offset),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=use_threads, block_size=_BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=handler
            ),
            convert_options=convert,
        )
        return table, bad

    if len(data) - offset <= _SAMPLE_BYTES and not bytes(data[offset:]).strip():
        # a header and no response yet: no data row, not an empty file
        empty_cols = [pa.array([], type=types[name]) for name in names]
        return RawTable(
            path=p, format="csv", sha256=sha, headers=[" ".join(h.split()) for h in headers], columns=empty_cols,
            rows=np.zeros(0, dtype=np.int64), empty=np.zeros(0, dtype=bool), header_row=block.first + 1,
            header_rows=[r + 1 for r in block.rows], header_codes=block.codes, header_kind=block.kind,
            rows_total=block.last + 1 + bytes(data[offset:]).count(b"\n"), encoding=encoding, separator=sep,
            trailing_empty_rows=bytes(data[offset:]).count(b"\n"),
            title=_title_lines(sep.join(r) for r in _records(sample, sep, block.first)),
        )
    try:
        try:
            table, bad = parse(data, use_threads=True)
        except pa.ArrowInvalid as exc:
            # not UTF-8 after all (beyond the sample): read it as Windows-1252
            if encoding != "utf-8" or "utf8" not in str(exc).lower().replace("-", ""):
                raise
            data, encoding = _cp1252(p, raw, len(sample_bytes)), "cp1252"
            offset = len(bytes(data[:_SAMPLE_BYTES]).decode("utf-8", "ignore")[:header_chars].encode("utf-8"))
            table, bad = parse(data, use_threads=True)
        if bad and any(number is None for number, _, _ in bad):
            table, bad = parse(data, use_threads=False)
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        raise InputFileError(f"{p}: cannot be read as CSV ({str(exc).splitlines()[0]})") from None

    header_row = block.last + 1  # the last header row, numbered from 1
    # pyarrow numbers the records it skips by line (1 = the first line after the header)
    n_records = table.num_rows + len(bad)
    numbers = np.arange(header_row + 1, header_row + 1 + n_records, dtype=np.int64)
    invalid: list[tuple[int, str, str]] = []
    repaired: list[tuple[int, list[str | None]]] = []
    for number, actual, text in bad:
        row = header_row + int(number)
        fields = _repair(text, sep, width)
        if fields is None:
            invalid.append((row, f"has {actual} fields where the header has {width}", text))
        else:
            repaired.append((row, fields))
    skipped = [r for r, _, _ in invalid] + [r for r, _ in repaired]
    if skipped:
        numbers = numbers[~np.isin(numbers, skipped)]
    table = table.unify_dictionaries().combine_chunks()
    columns = [
        table.column(i).chunk(0) if table.column(i).num_chunks else pa.array([], type=table.column(i).type)
        for i in range(table.num_columns)
    ]
    if repaired:
        # put the repaired records back in their place in the file
        numbers = np.concatenate([numbers, np.array([r for r, _ in repaired], dtype=np.int64)])
        order = pa.array(np.argsort(numbers, kind="stable"))
        numbers = np.sort(numbers, kind="stable")
        joined = []
        for j, col in enumerate(columns):
            extra = pa.array([f[j] or None for _, f in repaired], type=pa.string())
            if pa.types.is_dictionary(col.type):
                col = col.dictionary_decode()
            col = pa.concat_arrays([col, extra]).take(order)
            joined.append(col.dictionary_encode() if pa.types.is_dictionary(types[names[j]]) else col)
        columns = joined
    columns, numbers, empty, trailing = _finish(columns, numbers)
    return RawTable(
        path=p,
        format="csv",
        sha256=sha,
        headers=[" ".join(h.split()) for h in headers],
        columns=columns,
        rows=numbers,
        empty=empty,
        header_row=block.first + 1,
        header_rows=[r + 1 for r in block.rows],
        header_codes=block.codes,
        header_kind=block.kind,
        rows_total=header_row + n_records,
        encoding=encoding,
        separator=sep,
        invalid=invalid,
        trailing_empty_rows=trailing,
        repaired_rows=len(repaired),
        title=_title_lines(sep.join(r) for r in _records(sample, sep, block.first)),
    )


# --------------------------------------------------------------------------- SPSS


def _sav_table(p: Path, sha: str) -> RawTable:
    """An SPSS file as a raw table: cases numbered from 1 (a ``.sav`` has no header row), the
    variable labels as headers, the names as ``header_codes``, the value labels as codebook."""
    t = read_sav(p)
    numbers = np.arange(1, t.n_cases + 1, dtype=np.int64)
    columns, numbers, empty, trailing = _finish(t.columns, numbers)
    fmt = "dta" if p.suffix.lower() == ".dta" else "sav"
    return RawTable(path=p, format=fmt, sha256=sha, headers=t.headers, columns=columns, rows=numbers, empty=empty,
                    header_row=1, header_rows=[], header_codes=t.names, rows_total=t.n_cases, codebook=t.codebook,
                    encoding=t.encoding, trailing_empty_rows=trailing, title=t.title)


# --------------------------------------------------------------------------- Excel


def _cell_text(v: object, number_format: str = "General") -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if np.isnan(v):
            return None
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        fmt = number_format.lower()
        if "y" in fmt and "m" in fmt and "d" not in fmt and "h" not in fmt:
            return f"{v.year:04d}-{v.month:02d}"  # shown as a month, e.g. 2012-10 typed in Excel
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    text = str(v)
    return text if text.strip() else None


def _sheet_rows(ws) -> list[list[str | None]]:  # noqa: ANN001 - an openpyxl worksheet
    """The sheet's cells as text, with each merged range's value filled into all its cells."""
    rows = [[_cell_text(c.value, c.number_format) for c in r] for r in ws.iter_rows()]
    for rng in ws.merged_cells.ranges:
        top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(rows) else None
        for r in range(rng.min_row - 1, min(rng.max_row, len(rows))):
            for c in range(rng.min_col - 1, min(rng.max_col, len(rows[r]))):
                rows[r][c] = top
    return rows


_VALUE_CODE = re.compile(r"^\s*([^=:,\s]+)\s*[=:,]\s*(.*?)\s*$")

#: the columns of a codebook sheet (a workbook's "Kodbok", "Codebook", "Variabler", Artologik's
#: VariableView, REDCap's Data Dictionary saved as a sheet), by their headers
_BOOK_NAME = {"variable name", "variable", "variabel", "variabelnamn", "variable / field name", "field name",
              "name", "namn", "kod", "code", "kolumn", "column", "fält"}
_BOOK_LABEL = {"label", "variable label", "etikett", "variabeletikett", "fråga", "frågetext", "question",
               "question text", "field label", "text", "beskrivning", "description"}
_BOOK_VALUES = {"value codes", "values", "value labels", "värden", "värdeetiketter", "svarsalternativ",
                "answer codes", "koder", "kodning", "choices", "choices, calculations, or slider labels"}
_BOOK_MISSING = {"missing code", "missing", "saknade värden", "missing values"}
_BOOK_SHEETS = ("kodbok", "codebook", "code book", "variabler", "variables", "variable view", "variableview",
                "data dictionary", "datadictionary", "dictionary", "kodning", "kodnyckel", "variabellista")


def _variable_view(rows: list[list[str | None]], title: str = "") -> dict[str, tuple[str, dict[str, str]]] | None:
    """A codebook sheet as ``{name: (label, {code: label})}``; ``None`` for any other sheet.

    A codebook sheet has a header row (among its first rows) with a variable-name column and a
    label column (``Variable Name``/``Variabel``/``Variable / Field Name`` and ``Label``/``Fråga``/
    ``Field Label``), and a values column (``Value Codes``/``Värden``/``Choices…``) or a name that
    says it is one (``Kodbok``, ``Codebook``, ``Variabler``). Values are ``code = label`` (or
    ``code, label``, ``code: label``) separated by new lines, ``|`` or ``;``. A missing code
    (Artologik's ``Missing Code``) reads as ``Ej svar`` (no answer).
    """
    for start in range(min(10, len(rows))):
        head = [" ".join((c or "").split()).casefold().rstrip(":") for c in rows[start]]
        name = next((j for j, h in enumerate(head) if h in _BOOK_NAME), None)
        label = next((j for j, h in enumerate(head) if h in _BOOK_LABEL), None)
        values = next((j for j, h in enumerate(head) if h in _BOOK_VALUES), None)
        missing = next((j for j, h in enumerate(head) if h in _BOOK_MISSING), None)
        if name is None or label is None:
            continue
        if values is None and not any(w in title.casefold() for w in _BOOK_SHEETS):
            continue
        break
    else:
        return None
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for r in rows[start + 1:]:
        def cell(j: int | None, r=r) -> str:
            return (r[j] or "") if j is not None and j < len(r) else ""

        var = cell(name).strip()
        if not var:
            continue
        codes = {}
        for part in re.split(r"[\n|;…]|\.\.\.|,\s*(?=[^=:,\s]+\s*[=:]\s)", cell(values)):  # "1 = A, 7 = B" too
            if m := _VALUE_CODE.match(part):
                codes[m.group(1)] = m.group(2)
        for miss in re.split(r"[;,\s]+", cell(missing).strip()):
            if miss:
                codes.setdefault(miss, "Ej svar")
        out[var] = (" ".join(cell(label).split()), codes)
    return out or None


def _is_artologik(rows: list[list[str | None]]) -> bool:
    head = {" ".join((c or "").split()).casefold() for c in (rows[0] if rows else [])}
    return {"variable name", "label", "value codes", "missing code"} <= head


def _read_excel(p: Path, raw: bytes, sha: str, score: Scorer) -> list[RawTable]:
    import openpyxl  # imported here: only Excel input needs it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged or odd parts
        raise InputFileError(f"{p}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    found: list[tuple[str, HeaderBlock, list[list[str | None]]]] = []
    skipped: list[str] = []
    scanned: list[list[str | None]] = []
    try:
        sheets = [(ws.title, _sheet_rows(ws)) for ws in wb.worksheets]
    except Exception as exc:  # openpyxl raises many types on damaged parts
        raise InputFileError(f"{p}: the workbook is damaged ({type(exc).__name__}: {exc})") from None
    finally:
        wb.close()
    # a codebook sheet is used as the codebook of the data sheets, never read as data
    books = [(t, v, rows) for t, rows in sheets if len(sheets) > 1 and (v := _variable_view(rows, t)) is not None]
    view = {k: x for _, v, _ in books for k, x in v.items()} or None
    artologik = any(_is_artologik(rows) for _, _, rows in books)
    book_titles = [t for t, _, _ in books]
    if books:
        sheets = [(t, rows) for t, rows in sheets if t not in book_titles]
    by_label = {" ".join(lab.split()).casefold(): name for name, (lab, _) in (view or {}).items() if lab}

    def worded(row: list[str]) -> list[str]:
        return [view[c][0] if view and c in view and view[c][0] else c for c in row]

    for title, rows in sheets:
        block = find_header([worded([c or "" for c in r]) for r in rows[:HEADER_SCAN_ROWS + 2]], score)
        if block is None or block.first >= HEADER_SCAN_ROWS:
            skipped.append(title)
            if len(rows) > len(scanned):
                scanned = rows[:HEADER_SCAN_ROWS]
        else:
            found.append((title, block, rows))
    if not found:
        raise NoStatementColumnsError(f"{p}: no sheet has a header; " + _no_header(scanned))
    tables = []
    for sheet, block, rows in found:
        body = rows[block.last + 1 :]
        width = max([len(block.headers)] + [len(r) for r in body])
        headers = block.headers + [""] * (width - len(block.headers))
        codes = None if block.codes is None else block.codes + [""] * (width - len(block.codes))
        codebook: dict[int, dict[str, str]] = {}
        if view is not None:  # the data sheet's columns (VAR01, Q4_1, or their labels) in the codebook sheet
            names = [c or "" for c in rows[block.last]] + [""] * (width - len(rows[block.last]))
            names = [n if n in view else by_label.get(" ".join(n.split()).casefold(), n) for n in names]
            if any(n in view for n in names):
                codes = names
            for j, name in enumerate(names):
                if name in view and view[name][1]:
                    codebook[j] = view[name][1]
        columns = [
            pa.array([r[j] if j < len(r) else None for r in body], type=pa.string()).dictionary_encode()
            for j in range(width)
        ]
        header_row = block.last + 1
        numbers = np.arange(header_row + 1, header_row + 1 + len(body), dtype=np.int64)
        columns, numbers, empty, trailing = _finish(columns, numbers)
        tables.append(RawTable(
            path=p,
            format="xlsx",
            sha256=sha,
            headers=headers,
            columns=columns,
            rows=numbers,
            empty=empty,
            header_row=block.first + 1,
            header_rows=[r + 1 for r in block.rows],
            header_codes=codes,
            header_kind=block.kind,
            rows_total=len(rows),
            codebook=codebook,
            tool_hint="Artologik Survey&Report" if artologik else None,
            sheet=sheet,
            trailing_empty_rows=trailing,
            skipped_sheets=skipped,
            codebook_sheets=book_titles,
            title=_title_lines(" ".join(str(c) for c in r if c not in (None, "")) for r in rows[:block.first]),
        ))
    return tables
