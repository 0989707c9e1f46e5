"""Writing records when other requests write at the same moment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction


def save_unique(instance: models.Model, **save_kwargs: Any) -> None:
    """Save INSTANCE, telling a unique value taken meanwhile as a ValidationError.

    A service checks uniqueness with ``full_clean()`` before it saves; another request
    may store the same id, key or name between that check and the save. The database's
    unique constraint then refuses the save (IntegrityError, on PostgreSQL after the
    other transaction committed). Saved in a savepoint, so the transaction stays usable,
    the refusal becomes the ValidationError that ``full_clean()`` now gives, which the
    forms show like any other. An IntegrityError no unique check explains is raised
    as it is.
    """
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as error:
        try:
            instance.validate_unique()
            instance.validate_constraints()
        except ValidationError as problem:
            raise problem from error
        raise


def statistics_refresh(*, filled: bool = False) -> None:
    """Let SQLite's query planner know the tables' sizes, so it picks the right index.

    Without statistics SQLite guesses, and at scale a subquery may scan the wrong index.
    FILLED (after a migration on a new database, a workbook or survey import, the demo
    build) runs ``ANALYZE``: every table's statistics from the rows now there. Otherwise
    ``PRAGMA optimize`` refreshes only those that are missing or out of date. PostgreSQL
    needs nothing: its autovacuum analyses the tables it sees change.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if filled else "PRAGMA optimize")
