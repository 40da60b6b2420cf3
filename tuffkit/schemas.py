"""The tidy frames' schemas, declared once with pandera and checked at the loader boundary.

:func:`responses_schema` describes the long survey frame that every metric
takes; :func:`validate_responses` checks a frame against it and collects *all*
failures (pandera's lazy validation) into one error.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from tuffkit.errors import TuffkitError
from tuffkit.instrument import Instrument, load_instrument
from tuffkit.vocab import FUNCTION_CODES

__all__ = ["RESPONSE_COLUMNS", "responses_schema", "validate_responses"]

#: The canonical columns of the tidy survey frame, in order.
RESPONSE_COLUMNS = [
    "respondent_id", "wave", "municipality", "function", "in_management_group", "item", "value",
]


def _ordered_categorical(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.CategoricalDtype) and bool(s.dtype.ordered)


def responses_schema(instrument: Instrument | str = "lfr19") -> pa.DataFrameSchema:
    """The pandera schema of the tidy survey frame for ``instrument``.

    Examples
    --------
    >>> sorted(responses_schema("lfr19").columns)[:3]
    ['function', 'in_management_group', 'item']
    """
    inst = load_instrument(instrument)
    return pa.DataFrameSchema(
        {
            "respondent_id": pa.Column("int64", pa.Check.ge(1)),
            "wave": pa.Column(
                "category",
                pa.Check(_ordered_categorical, element_wise=False, error="wave must be an ordered categorical"),
            ),
            "municipality": pa.Column("category"),
            "function": pa.Column("category", pa.Check.isin(list(FUNCTION_CODES))),
            "in_management_group": pa.Column("boolean", nullable=True),
            "item": pa.Column("int16", pa.Check.isin(inst.item_numbers)),
            "value": pa.Column(
                "Int8", pa.Check.in_range(inst.scale.min, inst.scale.max), nullable=True
            ),
        },
        strict=True,
        ordered=True,
        name=f"responses ({inst.id})",
    )


def validate_responses(responses: pd.DataFrame, instrument: Instrument | str = "lfr19") -> pd.DataFrame:
    """Check ``responses`` against :func:`responses_schema`; return it unchanged.

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
    try:
        responses_schema(instrument).validate(responses, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        parts = []
        for (col, check), g in cases.groupby(["column", "check"], dropna=False, sort=False):
            examples = ", ".join(map(str, g["failure_case"].head(3)))
            parts.append(f"{col if pd.notna(col) else 'frame'}: {check} (e.g. {examples})")
        raise TuffkitError("the survey frame does not match the schema: " + "; ".join(parts)) from None
    return responses
