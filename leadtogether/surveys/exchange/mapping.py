"""How the columns and answers of another tool's export map onto an instrument.

A mapping is a JSON object (docs/surveys.md has a full example)::

    {
      "identify": {"by": "email", "column": "E-mail"},
      "skip_rows": 0,
      "separator": ";",
      "ignore": ["ID", "Begintijd"],
      "columns": {
        "Hoeveel ervaring had u met PLG's?": "prior_plg_experience",
        "roles[SQ001]": {"question": "roles", "option": "chair"}
      },
      "answers": {"prior_plg_experience": {"Geen": "none", "Beperkt": "limited"}}
    }

Every key is optional. Column names and external answers are matched regardless of case
and of the spaces around and inside them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

IDENTIFY_BY = ("email", "person_id")
KEYS = ("identify", "skip_rows", "separator", "ignore", "columns", "answers")
DEFAULT_SEPARATOR = ";"


def normal(text: str) -> str:
    """A column name or answer as compared: spaces collapsed, case ignored."""
    return " ".join(str(text).split()).casefold()


class MappingError(Exception):
    """A mapping that cannot be used; MESSAGES says why, one message per problem."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class OptionColumn:
    """A column that holds one option of a multiple-choice question (checked or not)."""

    question: str
    option: str


@dataclass(frozen=True)
class ResponseMapping:
    """A parsed mapping. Names in ``ignore``, ``columns`` and ``answers`` are ``normal()``."""

    identify_by: str | None = None
    identify_column: str = ""
    skip_rows: int = 0
    separator: str = DEFAULT_SEPARATOR
    ignore: frozenset[str] = frozenset()
    columns: dict[str, str | OptionColumn] = field(default_factory=dict)
    column_names: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)


def read_mapping(path: Path) -> ResponseMapping:
    """The mapping in the JSON file PATH; raises MappingError."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise MappingError(
            [_("cannot be read (%(reason)s)") % {"reason": error.strerror or error}]
        ) from error
    except UnicodeDecodeError as error:
        raise MappingError([_("not UTF-8 text")]) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MappingError(
            [
                _("not valid JSON (line %(line)d, column %(column)d: %(reason)s)")
                % {"line": error.lineno, "column": error.colno, "reason": error.msg}
            ]
        ) from error
    return mapping_from_data(data)


def mapping_from_data(data: Any) -> ResponseMapping:
    """The mapping described by DATA (parsed JSON); raises MappingError."""
    if not isinstance(data, dict):
        raise MappingError([_("the mapping must be a JSON object {…}")])
    messages: list[str] = []
    unknown = [key for key in data if key not in KEYS]
    messages += [
        _("unknown key '%(key)s' (known keys: %(keys)s)") % {"key": key, "keys": ", ".join(KEYS)}
        for key in unknown
    ]
    identify_by, identify_column = _identify(data.get("identify"), messages)
    skip_rows = data.get("skip_rows", 0)
    if isinstance(skip_rows, bool) or not isinstance(skip_rows, int) or skip_rows < 0:
        messages.append(_("skip_rows must be a whole number, 0 or more"))
        skip_rows = 0
    separator = data.get("separator", DEFAULT_SEPARATOR)
    if not isinstance(separator, str) or not separator:
        messages.append(_('separator must be a text of at least one character, e.g. ";"'))
        separator = DEFAULT_SEPARATOR
    ignore = _names(data.get("ignore", []), messages)
    columns, column_names = _columns(data.get("columns", {}), messages)
    answers = _answers(data.get("answers", {}), messages)
    if messages:
        raise MappingError(messages)
    return ResponseMapping(
        identify_by=identify_by,
        identify_column=identify_column,
        skip_rows=skip_rows,
        separator=separator,
        ignore=frozenset(ignore),
        columns=columns,
        column_names=column_names,
        answers=answers,
    )


def _identify(value: Any, messages: list[str]) -> tuple[str | None, str]:
    if value is None:
        return None, ""
    wrong = _('identify must be {"by": "email" or "person_id", "column": column name}')
    if not isinstance(value, dict) or set(value) - {"by", "column"}:
        messages.append(wrong)
        return None, ""
    by = value.get("by")
    column = value.get("column", by)
    if by not in IDENTIFY_BY or not isinstance(column, str) or not column.strip():
        messages.append(wrong)
        return None, ""
    return by, column.strip()


def _names(value: Any, messages: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        messages.append(_("ignore must be a list of column names"))
        return []
    return [normal(item) for item in value]


def _columns(
    value: Any, messages: list[str]
) -> tuple[dict[str, str | OptionColumn], dict[str, str]]:
    if not isinstance(value, dict):
        messages.append(_("columns must map column names to question codes"))
        return {}, {}
    columns: dict[str, str | OptionColumn] = {}
    names: dict[str, str] = {}
    for column, target in value.items():
        if isinstance(target, str) and target.strip():
            columns[normal(column)] = target.strip()
        elif (
            isinstance(target, dict)
            and set(target) == {"question", "option"}
            and all(isinstance(item, str | int) for item in target.values())
        ):
            columns[normal(column)] = OptionColumn(
                question=str(target["question"]).strip(), option=str(target["option"]).strip()
            )
        else:
            messages.append(
                _(
                    "columns: '%(column)s' must map to a question code or to "
                    '{"question": code, "option": option code}'
                )
                % {"column": column}
            )
            continue
        names[normal(column)] = column
    return columns, names


def _answers(value: Any, messages: list[str]) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        messages.append(_("answers must map question codes to {external answer: answer code}"))
        return {}
    answers: dict[str, dict[str, str]] = {}
    for code, codes in value.items():
        if not isinstance(codes, dict) or not all(
            isinstance(item, str | int) and not isinstance(item, bool) for item in codes.values()
        ):
            messages.append(
                _("answers: '%(code)s' must map external answers to answer codes") % {"code": code}
            )
            continue
        answers[code] = {normal(external): str(mapped) for external, mapped in codes.items()}
    return answers
