"""Simulating, without threads, another request that stores the same record first.

``stored_first_by_another_request(monkeypatch, Model)`` lets a service's checks pass
and then, right after its ``full_clean()``, writes a twin of the record (the same field
values) as a second request would have done in between: the service's own save then
meets the unique constraint, exactly as in a real race.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import models


@contextmanager
def stored_first_by_another_request(
    monkeypatch: pytest.MonkeyPatch, model: type[models.Model]
) -> Iterator[list[models.Model]]:
    twins: list[models.Model] = []
    real_full_clean = model.full_clean

    def full_clean(self: models.Model, *args: Any, **kwargs: Any) -> None:
        real_full_clean(self, *args, **kwargs)
        if self._state.adding and not twins:
            fields = [f for f in model._meta.concrete_fields if not f.primary_key]
            twin = model(**{f.attname: getattr(self, f.attname) for f in fields})
            model.objects.bulk_create([twin])  # the other request's write, checked by it
            twins.append(twin)

    with monkeypatch.context() as patch:
        patch.setattr(model, "full_clean", full_clean)
        yield twins
