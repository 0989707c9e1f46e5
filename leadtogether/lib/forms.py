"""Form fields shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet

# What a database integer holds: BIGINT on PostgreSQL, INTEGER on SQLite.
_INT64 = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id no database integer holds as an invalid choice.

    Django looks the chosen ids up with ``pk__in``, which SQLite cannot even run for an
    integer beyond 64 bits (OverflowError, a server error); such an id names no record.
    """

    def _check_values(self, value: Iterable[Any]) -> QuerySet:
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(key, models.IntegerField) and not isinstance(value, str | bytes):
            for item in value:
                if _beyond_int64(item):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)


def _beyond_int64(item: Any) -> bool:
    try:
        return int(item) not in _INT64
    except (TypeError, ValueError):
        return False  # not a number at all: Django's own check names it
