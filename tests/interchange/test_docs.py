"""docs/workbook.md describes the sheets and columns of the workbook format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leadtogether.interchange.schema import SHEETS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workbook.md"
ROW = re.compile(r"^\| `(?P<column>[a-z_]+)` \| (?P<presence>required|optional) \|")


def _documented_columns(sheet: str) -> list[tuple[str, bool]]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split(f"### `{sheet}`\n", 1)[1].split("\n#", 1)[0]
    matches = (ROW.match(line) for line in section.splitlines())
    return [(m["column"], m["presence"] == "required") for m in matches if m]


@pytest.mark.parametrize("spec", SHEETS, ids=lambda spec: spec.name)
def test_the_docs_list_every_column_of_the_sheet(spec):
    expected = [(column.name, column.required) for column in spec.columns]

    assert _documented_columns(spec.name) == expected
