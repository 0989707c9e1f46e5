"""Stored answers turned into text for the analysis, a column at a time."""

import pandas as pd

from leadtogether.surveys.frames import answer_texts


def test_codes_are_joined_numbers_become_digits_and_texts_stay():
    values = pd.Series(["director", 8, ["a", "c"], "Meer tijd; minder vergaderen", []])
    multiple = pd.Series([False, False, True, False, True])

    texts = answer_texts(values, multiple)

    assert texts.tolist() == ["director", "8", "a;c", "Meer tijd; minder vergaderen", ""]
    assert texts.dtype == "string"


def test_no_answers_give_an_empty_text_column():
    texts = answer_texts(pd.Series([], dtype=object), pd.Series([], dtype=bool))
    assert texts.empty
    assert texts.dtype == "string"
