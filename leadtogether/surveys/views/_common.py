"""What the survey pages share: fetching a question of the instrument the page is about."""

from __future__ import annotations

from django.http import Http404

from leadtogether.surveys.models import Instrument, Question


def get_question(instrument: Instrument, question_id: int) -> Question:
    """A question of the instrument's latest version (the one the builder edits)."""
    question = (
        Question.objects.filter(
            pk=question_id,
            version__instrument=instrument,
            version__number=instrument.latest_number,
        )
        .select_related("version__instrument", "show_if_question")
        .first()
    )
    if question is None:
        raise Http404
    return question
