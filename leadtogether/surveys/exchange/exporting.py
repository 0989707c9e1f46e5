"""The responses of one measurement moment as a data set for analysis.

One row per respondent: an enrolled participant who consented to research use and
submitted a response at the moment. A respondent is known only by the pseudonymous
research code of the enrolment (R001 …), never by name or e-mail address.

Columns: ``respondent``, ``plg``, ``level``, ``function``, then one variable per question
of the moment's instruments (the versions the moment asks, then any other version with
submitted responses). The variable name is the question code; when two instruments share
a code, or a code is one of the four columns above, the instrument key goes in front
(``baseline_survey_collab``). ``variable_name`` makes every name one that SPSS, jamovi
and R accept. Versions of one instrument share a variable per code.

- single choice, Likert and yes/no: the answer code (text); in ``.sav`` a number with
  value labels;
- multiple choice: one 0/1 variable per option, ``<code>_<option>``;
- number: a whole number; text: the text.

In ``.sav`` files the variable labels are the Dutch question texts and the value labels
the Dutch option labels, cut at a word boundary to SPSS's limits (256 and 120 bytes);
Likert items and single choices with whole-number codes (levels) are ordinal.
Numbers in ``.sav``: single choice and Likert take the option
codes when every code is a whole number, otherwise the option's position (1, 2, …);
yes/no is 1 for yes and 0 for no.
"""

from __future__ import annotations

import io
import math
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadtogether.lib.spreadsheets import XlsxSheet, csv_writer, xlsx_bytes
from leadtogether.lib.tables import natural_key, sheet_title
from leadtogether.surveys.models import (
    Answer,
    InstrumentVersion,
    MeasurementMoment,
    Question,
    Response,
)
from leadtogether.trajectories.models import Enrolment, PLGMembership

EXPORT_FORMATS = ("csv", "xlsx", "sav")
FIXED_COLUMNS = ("respondent", "plg", "level", "function")

YES_CODES = frozenset({"yes", "ja", "y", "j", "1", "true"})
NO_CODES = frozenset({"no", "nee", "n", "0", "false"})
# SPSS keeps at most 256 bytes of a variable label and 120 bytes of a value label
# (UTF-8 bytes: "ë" takes two).
LABEL_BYTES = 256
VALUE_LABEL_BYTES = 120
ELLIPSIS = "…"

_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
_WHOLE = re.compile(r"-?\d+")


class ExportError(Exception):
    """The responses cannot be exported; the message says why."""


def variable_name(text: str) -> str:
    """A name every statistics package accepts: letters, digits and _, starting with a letter.

    Question codes are usually such names already; a hyphen becomes _ and a name starting
    with a digit or _ gets a "v" in front.
    """
    name = _NOT_NAME.sub("_", text)
    return name if name[:1].isalpha() else f"v{name}"


@dataclass
class _Variable:
    """One question's column(s) in the data set; the versions of one instrument share it."""

    code: str
    instrument_id: int
    instrument_key: str
    kind: str
    text_nl: str
    choices: dict[str, str] = field(default_factory=dict)  # code → Dutch label, in order
    name: str = ""

    def option_names(self, name: str = "") -> dict[str, str]:
        """The name of each option's 0/1 variable (multiple choice), after NAME or the name."""
        return {code: variable_name(f"{name or self.name}_{code}") for code in self.choices}

    def names(self, name: str) -> set[str]:
        """The names the variable takes when it is called NAME."""
        if self.kind == Question.Kind.MULTIPLE:
            return set(self.option_names(name).values())
        return {name}


@dataclass
class _DataSet:
    frame: pd.DataFrame
    variables: list[_Variable]


def _versions(moment: MeasurementMoment) -> list[InstrumentVersion]:
    """The moment's versions in order, then other versions with submitted responses."""
    asked = [
        link.version
        for link in moment.moment_instruments.select_related("version__instrument").order_by(
            "position", "pk"
        )
    ]
    answered = (
        InstrumentVersion.objects.filter(
            responses__moment=moment, responses__status=Response.Status.SUBMITTED
        )
        .exclude(pk__in=[version.pk for version in asked])
        .select_related("instrument")
        .distinct()
        .order_by("instrument__key", "number")
    )
    return [*asked, *answered]


def _variables(moment: MeasurementMoment) -> tuple[list[_Variable], dict[int, _Variable]]:
    """The variables in order, and the variable of each question (by question id)."""
    versions = _versions(moment)
    order = {version.pk: position for position, version in enumerate(versions)}
    questions = sorted(
        Question.objects.filter(version__in=versions)
        .select_related("version__instrument")
        .prefetch_related("choices"),
        key=lambda question: (order[question.version_id], question.position),
    )
    variables: dict[tuple[int, str], _Variable] = {}
    by_question: dict[int, _Variable] = {}
    for question in questions:
        instrument = question.version.instrument
        variable = variables.setdefault(
            (instrument.pk, question.code),
            _Variable(
                code=question.code,
                instrument_id=instrument.pk,
                instrument_key=instrument.key,
                kind=question.kind,
                text_nl=question.text_nl,
            ),
        )
        for choice in question.choices.all():
            variable.choices.setdefault(choice.code, choice.label_nl)
        by_question[question.pk] = variable
    _name(list(variables.values()))
    return list(variables.values()), by_question


def _name(variables: list[_Variable]) -> None:
    """Question codes as names; the instrument key in front when instruments share a code."""
    instruments: dict[str, set[int]] = {}
    for variable in variables:
        instruments.setdefault(variable.code, set()).add(variable.instrument_id)
    taken = set(FIXED_COLUMNS)
    for variable in variables:
        name = variable_name(variable.code)
        if len(instruments[variable.code]) > 1 or variable.names(name) & taken:
            name = variable_name(f"{variable.instrument_key}_{variable.code}")
        base, number = name, 2
        while variable.names(name) & taken:
            name, number = f"{base}_{number}", number + 1
        variable.name = name
        taken |= variable.names(name)


def _respondents(moment: MeasurementMoment) -> list[tuple[int, str, str, str]]:
    """(person id, research code, level, function) of the consenting respondents."""
    submitted = Response.objects.filter(moment=moment, status=Response.Status.SUBMITTED)
    rows = list(
        Enrolment.objects.filter(
            trajectory_id=moment.trajectory_id,
            research_consent=True,
            person_id__in=submitted.values("person_id"),
        ).values_list(
            "person_id", "research_code", "person__school__level", "person__function_category"
        )
    )
    without_code = sum(1 for row in rows if not row[1])
    if without_code:
        raise ExportError(
            ngettext(
                "%(count)d consenting respondent has no research code yet; "
                "assign the research codes of the trajectory first",
                "%(count)d consenting respondents have no research code yet; "
                "assign the research codes of the trajectory first",
                without_code,
            )
            % {"count": without_code}
        )
    return sorted(rows, key=lambda row: natural_key(row[1]))


def _plgs(moment: MeasurementMoment) -> dict[int, str]:
    """The PLG of each participant of the trajectory (the first by name if several)."""
    names: dict[int, list[str]] = {}
    for person_id, name in PLGMembership.objects.filter(
        plg__trajectory_id=moment.trajectory_id
    ).values_list("person_id", "plg__name"):
        names.setdefault(person_id, []).append(name)
    return {person_id: min(plgs, key=natural_key) for person_id, plgs in names.items()}


def _answers(moment: MeasurementMoment, people: list[int]) -> dict[tuple[int, int], Any]:
    """The submitted answers of PEOPLE at MOMENT by (person id, question id)."""
    answers = Answer.objects.filter(
        Q(response__moment=moment)
        & Q(response__status=Response.Status.SUBMITTED)
        & Q(response__person_id__in=people)
    ).values_list("response__person_id", "question_id", "value")
    return {(person_id, question_id): value for person_id, question_id, value in answers}


def _data_set(moment: MeasurementMoment) -> _DataSet:
    variables, by_question = _variables(moment)
    respondents = _respondents(moment)
    plgs = _plgs(moment)
    people = [row[0] for row in respondents]
    values: dict[tuple[int, str], Any] = {}
    for (person_id, question_id), value in _answers(moment, people).items():
        variable = by_question.get(question_id)
        if variable is not None:
            values[(person_id, variable.name)] = value
    columns: dict[str, pd.Series] = {
        "respondent": pd.Series([row[1] for row in respondents], dtype="string"),
        "plg": pd.Series([plgs.get(row[0]) for row in respondents], dtype="string"),
        "level": pd.Series([row[2] or None for row in respondents], dtype="string"),
        "function": pd.Series([row[3] or None for row in respondents], dtype="string"),
    }
    for variable in variables:
        given = [values.get((person_id, variable.name)) for person_id in people]
        columns.update(_columns(variable, given))
    return _DataSet(frame=pd.DataFrame(columns), variables=variables)


def _columns(variable: _Variable, given: list[Any]) -> dict[str, pd.Series]:
    if variable.kind == Question.Kind.MULTIPLE:
        chosen = [None if value is None else _as_list(value) for value in given]
        return {
            name: pd.Series(
                [None if codes is None else int(code in codes) for codes in chosen],
                dtype="Int64",
            )
            for code, name in variable.option_names().items()
        }
    if variable.kind == Question.Kind.NUMBER:
        return {variable.name: pd.Series(given, dtype="Int64")}
    if variable.kind in Question.CHOICE_KINDS:
        given = [";".join(value) if isinstance(value, list) else value for value in given]
    return {
        variable.name: pd.Series(
            [None if value is None else str(value) for value in given], dtype="string"
        )
    }


def _as_list(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def responses_frame(*, moment: MeasurementMoment) -> pd.DataFrame:
    """The data set of MOMENT: one row per consenting respondent, answer codes as text.

    Raises ExportError when a consenting respondent has no research code.
    """
    return _data_set(moment).frame


def export_responses(*, moment: MeasurementMoment, fmt: str) -> bytes:
    """The data set of MOMENT as a .csv, .xlsx or .sav file (FMT: one of EXPORT_FORMATS)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"Unknown export format {fmt!r}; allowed formats: {', '.join(EXPORT_FORMATS)}."
        )
    data = _data_set(moment)
    if fmt == "csv":
        return _csv(data.frame)
    if fmt == "xlsx":
        return _xlsx(data.frame, sheet_title(moment.key))
    return _sav(data)


# file formats


def _cell(value: Any) -> Any:
    """A cell value: None for a missing value, Python int or str otherwise."""
    if value is None or value is pd.NA:
        return None
    return value if isinstance(value, str) else int(value)


def _rows(frame: pd.DataFrame) -> list[list[Any]]:
    return [[_cell(value) for value in row] for row in frame.itertuples(index=False)]


def _csv(frame: pd.DataFrame) -> bytes:
    """An answer such as "=1+1" gets a ' in front (see lib/spreadsheets)."""
    return b"".join(_csv_chunks(frame))


def _csv_chunks(frame: pd.DataFrame, rows_per_chunk: int = 200) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(frame.columns)
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        writer.writerow(["" if value is None else value for value in map(_cell, row)])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def export_chunks(*, moment: MeasurementMoment, fmt: str) -> Iterator[bytes]:
    """The export of MOMENT in FMT as pieces to stream: the CSV row by row, the .xlsx and
    .sav file as one piece. The data set is read first, so an ExportError is raised
    before the first piece."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"Unknown export format {fmt!r}; allowed formats: {', '.join(EXPORT_FORMATS)}."
        )
    data = _data_set(moment)
    if fmt == "csv":
        return _csv_chunks(data.frame)
    if fmt == "xlsx":
        return iter([_xlsx(data.frame, sheet_title(moment.key))])
    return iter([_sav(data)])


def _xlsx(frame: pd.DataFrame, title: str) -> bytes:
    """An answer such as "=1+1" is a text cell, never a formula."""
    return xlsx_bytes([XlsxSheet(title, list(frame.columns), _rows(frame))])


def sav_numbers(kind: str, codes: list[str]) -> dict[str, int]:
    """The number stored in .sav for each answer code of a choice question."""
    if kind == Question.Kind.YES_NO:
        numbers = {}
        for position, code in enumerate(codes):
            if code.casefold() in YES_CODES:
                numbers[code] = 1
            elif code.casefold() in NO_CODES:
                numbers[code] = 0
            else:  # yes first, no second
                numbers[code] = 1 if position == 0 else 0 if position == 1 else position
        return numbers
    if codes and all(_WHOLE.fullmatch(code) for code in codes):
        return {code: int(code) for code in codes}
    return {code: position for position, code in enumerate(codes, start=1)}


def spss_label(text: str, limit: int = LABEL_BYTES) -> str:
    """TEXT on one line, cut at a word boundary with "…" when it takes more than LIMIT
    UTF-8 bytes (a single word longer than that is cut within it)."""
    text = " ".join(str(text).split())
    if len(text.encode("utf-8")) <= limit:
        return text
    room = limit - len(ELLIPSIS.encode("utf-8"))
    cut = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    if len(cut) < len(text) and text[len(cut)] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–") + ELLIPSIS


def _label(text: str) -> str:
    return spss_label(text, LABEL_BYTES)


def spss_measure(kind: str, codes: list[str]) -> str:
    """The measurement level of a choice question: ordinal for a Likert item and for a
    single choice whose codes are all whole numbers (ranked levels such as the level of
    collective learning), nominal otherwise."""
    if kind == Question.Kind.LIKERT:
        return "ordinal"
    if kind == Question.Kind.SINGLE and codes and all(_WHOLE.fullmatch(code) for code in codes):
        return "ordinal"
    return "nominal"


def _floats(series: pd.Series, numbers: dict[str, int] | None = None) -> pd.Series:
    """SPSS numbers: the values (or their NUMBERS), a missing value as NaN."""
    values = [
        None if pd.isna(value) else numbers.get(value) if numbers is not None else value
        for value in series
    ]
    return pd.Series([math.nan if value is None else float(value) for value in values])


def _sav_frame(data: _DataSet) -> tuple[pd.DataFrame, dict[str, str], dict, dict[str, str]]:
    """The .sav columns with their variable labels, value labels and measures."""
    frame = data.frame.copy()
    with translation.override("nl"):
        labels = {
            "respondent": _("respondent (pseudonymous code)"),
            "plg": _("PLG"),
            "level": _("level of education"),
            "function": _("function"),
        }
        chosen = {0: _("not chosen"), 1: _("chosen")}
    value_labels: dict[str, dict[int, str]] = {}
    measures = dict.fromkeys(FIXED_COLUMNS, "nominal")
    for variable in data.variables:
        if variable.kind == Question.Kind.MULTIPLE:
            for code, name in variable.option_names().items():
                labels[name] = _label(f"{variable.text_nl}: {variable.choices[code]}")
                value_labels[name] = chosen
                measures[name] = "nominal"
                frame[name] = _floats(frame[name])
            continue
        labels[variable.name] = _label(variable.text_nl)
        if variable.kind in Question.CHOICE_KINDS:
            numbers = sav_numbers(variable.kind, list(variable.choices))
            frame[variable.name] = _floats(frame[variable.name], numbers)
            value_labels[variable.name] = {
                numbers[code]: spss_label(label, VALUE_LABEL_BYTES)
                for code, label in variable.choices.items()
            }
            measures[variable.name] = spss_measure(variable.kind, list(variable.choices))
        elif variable.kind == Question.Kind.NUMBER:
            frame[variable.name] = _floats(frame[variable.name])
            measures[variable.name] = "scale"
        else:
            measures[variable.name] = "nominal"
    for name in frame.columns:
        if frame[name].dtype == "string":
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame, labels, value_labels, measures


def _sav(data: _DataSet) -> bytes:
    frame, labels, value_labels, measures = _sav_frame(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.sav"
        pyreadstat.write_sav(
            frame,
            str(path),
            column_labels=labels,
            variable_value_labels=value_labels,
            variable_measure=measures,
        )
        return path.read_bytes()
