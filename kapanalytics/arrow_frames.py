"""DataFrames from DuckDB, and text columns to Arrow, without a Python object per value.

DuckDB's ``execute().df()`` makes a Python string of every text value on the way to pandas;
for the 100,000s of accounts of a large portfolio that takes longer than the query itself.
Through Arrow the text stays in Arrow buffers, which pandas keeps as they are.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa


def query_frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: list | tuple = ()
) -> pd.DataFrame:
    """The rows of ``sql`` (with ``params``) as a DataFrame with the columns and dtypes that
    ``con.execute(sql, params).df()`` gives, read through Arrow."""
    # con.sql refuses to run while a result of an earlier execute() is still open
    con.complete()
    frame = con.sql(sql, params=list(params)).to_arrow_table().to_pandas()
    # as execute().df() gives them: a text column without any value is of dtype object, its
    # values None
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_string_dtype(values) and not values.notna().any():
            frame[column] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame


def arrow_text(column: pd.Series) -> pa.Array:
    """A text column as an Arrow array (without a copy where pandas keeps it in Arrow)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        return pa.array(column.array, type=pa.large_string())
    return pa.array(column.to_numpy(dtype=object, na_value=None), type=pa.large_string())
