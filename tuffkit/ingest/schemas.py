"""The tidy frames' schemas, declared once with pandera and checked at the loader boundary.

:func:`responses_schema` describes the long survey frame that every metric
takes (one row per respondent and statement); :func:`respondents_schema` the
frame with one row per respondent. :func:`validate_responses` and
:func:`validate_respondents` check a frame and collect *all* failures
(pandera's lazy validation) into one error.

The loader checks the respondents fully and the long frame's structure
(columns, types, categories): a million respondents make 19 million rows, and
every answer in them comes from a lookup that the answer parser filled, once per
distinct text, with steps of the scale only. Any frame from elsewhere can be
checked fully with :func:`validate_responses` (the tests do so for the loader's).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaErrors

from tuffkit.errors import TuffkitError
from tuffkit.instrument import Instrument, load_instrument
from tuffkit.tidy import ENTRY_COLUMNS, FUNCTION_CODES, KINDS, ORIGINS, STAGES, STATUSES, TEAMS

__all__ = [
    "RESPONSE_COLUMNS",
    "RESPONDENT_COLUMNS",
    "responses_schema",
    "respondents_schema",
    "validate_responses",
    "validate_respondents",
    "log_entries_schema",
    "validate_log_entries",
]

#: The canonical columns of the tidy survey frame, in order.
RESPONSE_COLUMNS = [
    "respondent_id", "wave", "unit", "function", "in_management_group", "item", "value",
]
#: The columns of the one-row-per-respondent frame, in order.
RESPONDENT_COLUMNS = [
    "respondent_id", "wave", "unit", "function", "in_management_group",
    "source_file", "source_row", "source_id",
]


def _ordered_categorical(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.CategoricalDtype) and bool(s.dtype.ordered)


def _known(s: pd.Series, known: np.ndarray) -> pd.Series:
    """True where ``s`` is a statement number flagged in the lookup table ``known``."""
    x = s.to_numpy()
    inside = (x >= 0) & (x < len(known))
    return pd.Series(inside & known[np.where(inside, x, 0)], index=s.index)


def _common_columns() -> dict[str, pa.Column]:
    # vectorised checks: a million respondents make 19 million rows in the long frame
    return {
        "respondent_id": pa.Column("int32", pa.Check(lambda s: s >= 1, error="respondent_id >= 1")),
        "wave": pa.Column(
            "category",
            pa.Check(_ordered_categorical, element_wise=False, error="wave must be an ordered categorical"),
        ),
        "unit": pa.Column("category"),
        "function": pa.Column(
            "category",
            pa.Check(
                lambda s: set(s.cat.categories) <= set(FUNCTION_CODES),
                element_wise=False,
                error=f"function categories are {', '.join(FUNCTION_CODES)}",
            ),
        ),
        "in_management_group": pa.Column("boolean", nullable=True),
    }


def responses_schema(instrument: Instrument | str = "lfr19") -> pa.DataFrameSchema:
    """The pandera schema of the tidy survey frame for ``instrument``.

    Examples
    --------
    >>> list(responses_schema("lfr19").columns) == RESPONSE_COLUMNS
    True
    """
    inst = load_instrument(instrument)
    known = np.zeros(max(inst.item_numbers) + 1, dtype=bool)
    known[inst.item_numbers] = True
    lo, hi = inst.scale.min, inst.scale.max
    return pa.DataFrameSchema(
        {
            **_common_columns(),
            "item": pa.Column(
                "int16", pa.Check(lambda s: _known(s, known), error=f"item is a statement of {inst.id}")
            ),
            "value": pa.Column("Int8", pa.Check(lambda s: s.between(lo, hi), error=f"value in {lo}..{hi}"),
                               nullable=True),
        },
        strict=True,
        ordered=True,
        name=f"responses ({inst.id})",
    )


def respondents_schema() -> pa.DataFrameSchema:
    """The pandera schema of the one-row-per-respondent frame.

    Examples
    --------
    >>> list(respondents_schema().columns) == RESPONDENT_COLUMNS
    True
    """
    return pa.DataFrameSchema(
        {
            **_common_columns(),
            "source_file": pa.Column("category"),
            "source_row": pa.Column("int64", pa.Check.ge(1)),
            "source_id": pa.Column(nullable=True),
        },
        strict=True,
        ordered=True,
        unique=["respondent_id"],
        name="respondents",
    )


def _validate(schema: pa.DataFrameSchema, frame: pd.DataFrame, what: str,
              depth: Literal["full", "structure"]) -> pd.DataFrame:
    level = ValidationDepth.SCHEMA_AND_DATA if depth == "full" else ValidationDepth.SCHEMA_ONLY
    try:
        with config_context(validation_depth=level):
            schema.validate(frame, lazy=True, inplace=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        parts = []
        for (col, check), g in cases.groupby(["column", "check"], dropna=False, sort=False):
            examples = ", ".join(map(str, g["failure_case"].head(3)))
            parts.append(f"{col if pd.notna(col) else 'frame'}: {check} (e.g. {examples})")
        raise TuffkitError(f"the {what} frame does not match the schema: " + "; ".join(parts)) from None
    return frame


def validate_responses(
    responses: pd.DataFrame,
    instrument: Instrument | str = "lfr19",
    depth: Literal["full", "structure"] = "full",
) -> pd.DataFrame:
    """Check ``responses`` against :func:`responses_schema`; return it unchanged.

    ``depth="structure"`` checks columns, types and categories only.

    Raises
    ------
    TuffkitError
        One sentence listing every column that fails and why.

    Examples
    --------
    >>> import pandas as pd
    >>> validate_responses(pd.DataFrame({"item": [1]}))
    Traceback (most recent call last):
    ...
    tuffkit.errors.TuffkitError: the survey frame does not match the schema: ...
    """
    return _validate(responses_schema(instrument), responses, "survey", depth)


def validate_respondents(respondents: pd.DataFrame) -> pd.DataFrame:
    """Check ``respondents`` against :func:`respondents_schema`; return it unchanged."""
    return _validate(respondents_schema(), respondents, "respondents", "full")


def log_entries_schema() -> pa.DataFrameSchema:
    """The pandera schema of the improvement log's ``entries`` frame (see :mod:`tuffkit.ingest.projectlog`).

    Examples
    --------
    >>> from tuffkit.ingest.projectlog import ENTRY_COLUMNS
    >>> list(log_entries_schema().columns) == ENTRY_COLUMNS
    True
    """
    def coded(codes: tuple[str, ...], nullable: bool = True) -> pa.Column:
        return pa.Column("category", pa.Check(lambda s: s.cat.categories.isin(codes).all()
                                              and len(s.cat.categories) == len(codes),
                                              name=f"categories are {', '.join(codes)}"), nullable=nullable)

    text = {c: pa.Column("string", nullable=True) for c in ("title", "description", "parent_id", "decision")}
    dates = {c: pa.Column("datetime64[ms]", nullable=True) for c in ("created", "escalated", "decided", "closed")}
    columns = {
        "id": pa.Column("string", pa.Check.str_length(min_value=1)),
        "unit": pa.Column("string", pa.Check.str_length(min_value=1)),
        "team": coded(TEAMS),
        "kind": coded(KINDS, nullable=False),
        "origin": coded(ORIGINS),
        "stage": coded(STAGES),
        "status": coded(STATUSES),
        **text,
        **dates,
        "hours_freed": pa.Column("float64", pa.Check.ge(0), nullable=True),
        "source_file": pa.Column("string"),
        "source_row": pa.Column("int64", pa.Check.ge(1)),
    }
    return pa.DataFrameSchema({c: columns[c] for c in ENTRY_COLUMNS}, strict=True, ordered=True, unique=["id"],
                              name="project log entries")


def validate_log_entries(entries: pd.DataFrame) -> pd.DataFrame:
    """Check an improvement log's ``entries`` against :func:`log_entries_schema`; return it unchanged."""
    return _validate(log_entries_schema(), entries, "project log", "full")
