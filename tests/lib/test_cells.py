"""Cells read as the text a person sees."""

from __future__ import annotations

import datetime as dt

from leadtogether.lib.cells import cell_text


def test_cells_read_as_text():
    assert cell_text(None) == ""
    assert cell_text("  De Linde ") == "De Linde"
    assert cell_text(3.0) == "3"
    assert cell_text(2.5) == "2.5"
    assert cell_text(dt.date(2021, 9, 1)) == "2021-09-01"
    assert cell_text(dt.datetime(2021, 9, 1, 9, 30)) == "2021-09-01 09:30:00"


def test_booleans_read_in_the_words_asked_for():
    assert cell_text(True) == "yes"
    assert cell_text(False, true="true", false="false") == "false"
