"""Render report tables (pandas data frames) as CSV, Markdown, XLSX and HTML.

Every format prints a cell the same way:

- float columns with exactly one decimal (the table builders round them first),
- integer columns (also nullable ``Int64``) as integers,
- missing values as empty cells.

Use nullable dtypes (``Int64``, ``string``) in a table so that a column with a missing
value keeps its kind instead of turning into floats.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from leadtogether.lib.spreadsheets import XlsxSheet, csv_writer, xlsx_bytes

FORMATS = ("csv", "md", "xlsx", "html")

_SHEET_NAME_MAX = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[str | int, ...], str]:
    """Sort key that compares digit runs as numbers, so that "PLG 2" < "PLG 10".

    Any two keys compare: the parts alternate text and number (split() puts text at the
    even positions and digit runs at the odd ones), so two keys hold the same kind at
    every position they share, and a name that is the start of another ("Groep A",
    "Groep A2") has the shorter parts and sorts first.
    """
    parts = _DIGITS.split(str(text))
    key = tuple(int(part) if index % 2 else part.casefold() for index, part in enumerate(parts))
    # the original text breaks ties such as "PLG 2" and "PLG 02"
    return (key, str(text))


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _column_kind(series: pd.Series) -> str:
    """One of "bool", "int", "float" or "text"."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return "text"


def _is_numeric(kind: str) -> bool:
    return kind in ("int", "float")


def _format_cell(value: Any) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        return f"{float(value):.1f}"
    return str(value)


def _text_rows(df: pd.DataFrame) -> list[list[str]]:
    return [[_format_cell(value) for value in row] for row in df.itertuples(index=False)]


def _headers(df: pd.DataFrame) -> list[str]:
    return [str(column) for column in df.columns]


def _kinds(df: pd.DataFrame) -> list[str]:
    return [_column_kind(df.iloc[:, position]) for position in range(df.shape[1])]


def render_csv(df: pd.DataFrame) -> str:
    """Comma-separated text with a header row, "\\n" line endings and no index.

    Text that starts like a formula gets a ' in front (see lib/spreadsheets).
    """
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(_headers(df))
    writer.writerows(_text_rows(df))
    return buffer.getvalue()


def _markdown_cell(text: str) -> str:
    # a pipe would end the cell and a line break would end the row
    return text.replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")


def render_markdown(df: pd.DataFrame, title: str | None = None) -> str:
    """A pipe table, preceded by a "## title" heading when a title is given."""
    headers = [_markdown_cell(header) for header in _headers(df)]
    rows = [[_markdown_cell(cell) for cell in row] for row in _text_rows(df)]
    text_frame = pd.DataFrame(rows, columns=headers, dtype="object")
    table = text_frame.to_markdown(
        index=False,
        tablefmt="pipe",
        disable_numparse=True,
        colalign=["right" if _is_numeric(kind) else "left" for kind in _kinds(df)],
    )
    if title:
        return f"## {_markdown_cell(str(title))}\n\n{table}\n"
    return f"{table}\n"


def sheet_title(name: str) -> str:
    """A valid worksheet name: no []:*?/\\ characters, at most 31 characters."""
    cleaned = _SHEET_NAME_FORBIDDEN.sub("-", str(name)).strip().strip("'")
    return cleaned[:_SHEET_NAME_MAX].strip() or "Report"


def _xlsx_value(value: Any) -> Any:
    if _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        return float(value)
    return str(value)


def render_xlsx(df: pd.DataFrame, sheet_name: str) -> bytes:
    """An .xlsx workbook with one sheet: bold header, numbers stored as numbers, text as text."""
    float_columns = {position: "0.0" for position, kind in enumerate(_kinds(df)) if kind == "float"}
    rows = [[_xlsx_value(value) for value in row] for row in df.itertuples(index=False)]
    sheet = XlsxSheet(sheet_title(sheet_name), _headers(df), rows, number_formats=float_columns)
    return xlsx_bytes([sheet])


def render_html(df: pd.DataFrame, caption: str | None = None) -> str:
    """A <table class="report-table"> with caption, thead and tbody; all text escaped."""
    numeric = [_is_numeric(kind) for kind in _kinds(df)]

    def cell(tag: str, text: str, is_number: bool, extra: str = "") -> str:
        css = ' class="num"' if is_number else ""
        return f"<{tag}{extra}{css}>{html.escape(text)}</{tag}>"

    lines = ['<table class="report-table">']
    if caption:
        lines.append(f"<caption>{html.escape(str(caption))}</caption>")
    header = "".join(
        cell("th", text, is_number, ' scope="col"')
        for text, is_number in zip(_headers(df), numeric, strict=True)
    )
    lines += ["<thead>", f"<tr>{header}</tr>", "</thead>", "<tbody>"]
    for row in _text_rows(df):
        cells = "".join(
            cell("td", text, is_number) for text, is_number in zip(row, numeric, strict=True)
        )
        lines.append(f"<tr>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines) + "\n"


def render(df: pd.DataFrame, fmt: str, title: str | None = None) -> str | bytes:
    """Render in one of FORMATS; the title becomes heading, sheet name or caption."""
    renderers: dict[str, Callable[[], str | bytes]] = {
        "csv": lambda: render_csv(df),
        "md": lambda: render_markdown(df, title),
        "xlsx": lambda: render_xlsx(df, sheet_name=str(title) if title else "Report"),
        "html": lambda: render_html(df, caption=title),
    }
    if fmt not in renderers:
        allowed = ", ".join(FORMATS)
        raise ValueError(f"Unknown table format {fmt!r}; allowed formats: {allowed}.")
    return renderers[fmt]()
