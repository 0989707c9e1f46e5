import io
import itertools

import pandas as pd
import pytest
from openpyxl import load_workbook

from leadtogether.lib.tables import (
    FORMATS,
    natural_key,
    render,
    render_csv,
    render_html,
    render_markdown,
    render_xlsx,
    sheet_title,
)


def small_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": pd.array(["PLG 1", "<b>R&D</b>", pd.NA], dtype="string"),
            "n": pd.array([7, pd.NA, 0], dtype="Int64"),
            "pct": [44.7, 100.0, float("nan")],
        }
    )


def test_csv_prints_integers_one_decimal_floats_and_empty_missing_cells():
    assert render_csv(small_frame()) == ("name,n,pct\nPLG 1,7,44.7\n<b>R&D</b>,,100.0\n,0,\n")


def test_csv_quotes_cells_with_commas():
    frame = pd.DataFrame({"answer": ["limited, once per year"], "n": [18]})

    assert render_csv(frame) == 'answer,n\n"limited, once per year",18\n'


def test_markdown_is_a_pipe_table_with_heading_and_formatted_cells():
    text = render_markdown(small_frame(), title="Table X")
    lines = text.splitlines()

    assert lines[0] == "## Table X"
    assert lines[2].split("|")[1:-1] == [" name       ", "   n ", "   pct "]
    assert lines[3] == "|:-----------|----:|------:|"
    assert "| PLG 1      |   7 |  44.7 |" in lines
    assert "| <b>R&D</b> |     | 100.0 |" in lines


def test_markdown_escapes_pipes_inside_cells():
    frame = pd.DataFrame({"code": ["a|b"]})

    assert "| a\\|b   |" in render_markdown(frame)


def test_markdown_without_title_starts_with_the_table():
    assert render_markdown(small_frame()).startswith("| name")


def test_xlsx_round_trips_with_numbers_as_numbers():
    content = render_xlsx(small_frame(), sheet_name="Respondents")
    sheet = load_workbook(io.BytesIO(content))["Respondents"]
    rows = list(sheet.iter_rows(values_only=True))

    assert rows == [
        ("name", "n", "pct"),
        ("PLG 1", 7, 44.7),
        ("<b>R&D</b>", None, 100.0),
        (None, 0, None),
    ]
    assert isinstance(sheet["B2"].value, int)
    assert sheet["A1"].font.bold
    assert sheet["C2"].number_format == "0.0"
    assert sheet["B2"].number_format == "General"


def test_xlsx_sheet_name_is_made_valid_and_cut_to_31_characters():
    long_name = "PLGs at the start of the trajectory (Table 2)"
    content = render_xlsx(small_frame(), sheet_name=long_name)

    assert load_workbook(io.BytesIO(content)).sheetnames == ["PLGs at the start of the trajec"]
    assert sheet_title("a/b:c*d?") == "a-b-c-d-"
    assert sheet_title("") == "Report"


def test_html_escapes_text_and_marks_numeric_cells():
    text = render_html(small_frame(), caption="Tom & Jerry <1>")

    assert text.startswith('<table class="report-table">\n<caption>Tom &amp; Jerry &lt;1&gt;')
    assert "<thead>" in text and "<tbody>" in text
    assert '<th scope="col" class="num">n</th>' in text
    assert (
        '<tr><td>&lt;b&gt;R&amp;D&lt;/b&gt;</td><td class="num"></td>'
        '<td class="num">100.0</td></tr>'
    ) in text
    assert "<b>" not in text


def test_html_without_caption_has_no_caption_element():
    assert "<caption>" not in render_html(small_frame())


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_dispatches_every_format(fmt):
    result = render(small_frame(), fmt, "Title")

    expected_type = bytes if fmt == "xlsx" else str
    assert isinstance(result, expected_type)
    assert result


def test_render_passes_the_title_on():
    assert render(small_frame(), "md", "My table").startswith("## My table\n")
    assert "<caption>My table</caption>" in render(small_frame(), "html", "My table")
    sheet_names = load_workbook(io.BytesIO(render(small_frame(), "xlsx", "My table"))).sheetnames
    assert sheet_names == ["My table"]
    assert render(small_frame(), "csv", "My table") == render_csv(small_frame())


def test_render_rejects_an_unknown_format_naming_the_allowed_ones():
    with pytest.raises(ValueError, match="'pdf'.*csv, md, xlsx, html"):
        render(small_frame(), "pdf", None)


def test_natural_key_orders_numbers_by_value():
    names = ["PLG 10", "PLG 2", "PLG 1", "plg 3", "PLG 15"]

    assert sorted(names, key=natural_key) == ["PLG 1", "PLG 2", "plg 3", "PLG 10", "PLG 15"]


def test_natural_key_tells_apart_names_that_only_differ_in_leading_zeros():
    assert natural_key("PLG 2") != natural_key("PLG 02")
    assert natural_key("PLG 02") < natural_key("PLG 3")


def formula_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            '=HYPERLINK("http://x","PLG")': ['=HYPERLINK("http://x","klik")', "@SUM(1)"],
            "change": [-2.5, 1.0],
        }
    )


def test_csv_puts_a_quote_before_text_that_starts_like_a_formula():
    assert render_csv(formula_frame()) == (
        '"\'=HYPERLINK(""http://x"",""PLG"")",change\n'
        '"\'=HYPERLINK(""http://x"",""klik"")",-2.5\n'
        "'@SUM(1),1.0\n"
    )


def test_xlsx_writes_text_that_starts_like_a_formula_as_text():
    sheet = load_workbook(io.BytesIO(render_xlsx(formula_frame(), "PLGs")))["PLGs"]

    assert [cell.data_type for cell in sheet[2]] == ["s", "n"]
    assert sheet["A1"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x","klik")'
    assert sheet["B2"].value == -2.5


AWKWARD_NAMES = [
    "",
    " ",
    "0",
    "007",
    "7",
    "42",
    "Groep A",
    "Groep A2",
    "Groep A10",
    "Groep 2",
    "groep a",
    "2 Groep",
    "A2B",
    "A02B",
    "A2",
    "A",
    "Ärger 3",
    "ß",
    "ss",
    "٣",
    "PLG ٣",
    "²",
    "x\u00a0",
    "🙂 1",
]


def test_natural_key_compares_every_awkward_name_with_every_other():
    keys = [natural_key(name) for name in AWKWARD_NAMES]

    for left in keys:
        for right in keys:
            # a total order: exactly one of <, == and > holds, and it does not raise
            assert [left < right, left == right, left > right].count(True) == 1


def test_natural_key_gives_the_same_order_whichever_order_the_names_come_in():
    expected = sorted(AWKWARD_NAMES, key=natural_key)

    assert sorted(reversed(AWKWARD_NAMES), key=natural_key) == expected
    assert sorted(expected[1::2] + expected[::2], key=natural_key) == expected


def test_natural_key_sorts_a_name_before_the_same_name_with_a_number():
    names = ["Groep A10", "Groep A2", "Groep A", "X2", "X"]

    assert sorted(names, key=natural_key) == ["Groep A", "Groep A2", "Groep A10", "X", "X2"]


def test_natural_key_sorts_every_short_name_over_a_small_alphabet():
    """Every name of up to three characters from letters, digits and a space."""
    alphabet = ["a", "B", "1", "0", " ", "é"]
    names = [""] + [
        first + second + third
        for first in alphabet
        for second in ["", *alphabet]
        for third in ["", *alphabet]
    ]

    ordered = sorted(names, key=natural_key)

    keys = [natural_key(name) for name in ordered]
    assert all(left <= right for left, right in itertools.pairwise(keys))
    assert len(set(keys)) == len(set(names))
