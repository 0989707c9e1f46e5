"""Every demo login opens every page of the demo without a server error, in both languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leadtogether.demo import dataset
from leadtogether.surveys.models import Question, Response
from leadtogether.trajectories.models import Session

SLUG = dataset.TRAJECTORY.slug


def _paths() -> list[str]:
    meeting = Session.objects.filter(kind=Session.Kind.PLG_MEETING, plg__ref="PLG03").first()
    response = Response.objects.filter(
        moment__key="year-1", status=Response.Status.SUBMITTED
    ).first()
    question = Question.objects.filter(version=response.version).first()
    school = dataset.SCHOOLS[0].ref
    partnership = dataset.PARTNERSHIPS[0].ref
    person = dataset.PEOPLE[0].ref
    names: list[tuple[str, dict[str, object]]] = [
        ("trajectories:dashboard", {}),
        ("trajectories:plg-list", {}),
        ("trajectories:plg-detail", {"plg_ref": "PLG03"}),
        ("trajectories:plg-detail", {"plg_ref": "PLG07"}),
        ("trajectories:plg-edit", {"plg_ref": "PLG03"}),
        ("trajectories:calendar", {}),
        ("trajectories:composer", {}),
        ("trajectories:session-create", {}),
        ("trajectories:session-detail", {"session_ref": meeting.ref}),
        ("trajectories:session-edit", {"session_ref": meeting.ref}),
        ("trajectories:session-attendance", {"session_ref": meeting.ref}),
        ("registry:school-list", {}),
        ("registry:school-detail", {"school_ref": school}),
        ("registry:partnership-list", {}),
        ("registry:partnership-detail", {"partnership_ref": partnership}),
        ("registry:person-list", {}),
        ("registry:person-detail", {"person_ref": person}),
        ("registry:person-edit", {"person_ref": person}),
        ("analysis:report-list", {}),
        ("surveys:moment-list", {}),
        ("surveys:moment-detail", {"key": "follow-up"}),
        ("surveys:instrument-list", {}),
        ("surveys:instrument-detail", {"key": "study-end-of-year"}),
        ("surveys:response-list", {"key": "year-1"}),
        ("surveys:response-detail", {"key": "year-1", "response_id": response.pk}),
        (
            "surveys:response-correct",
            {"key": "year-1", "response_id": response.pk, "question_id": question.pk},
        ),
    ]
    paths = [reverse(name, kwargs={"slug": SLUG, **kwargs}) for name, kwargs in names]
    paths += [
        reverse("analysis:report-detail", kwargs={"slug": SLUG, "name": name})
        for name in ["plg-overview", "prior-plg-experience", "continuation-intention"]
    ]
    paths += [reverse("trajectories:composer", kwargs={"slug": SLUG}) + "?from_scratch=1"]
    return [reverse("home"), *paths]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_opens_for_every_login(demo, language):
    paths = _paths()
    for account in dataset.ACCOUNTS:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        assert client.login(username=account.username, password=account.password)
        statuses = {path: client.get(path).status_code for path in paths}
        assert set(statuses.values()) <= {200, 302, 403, 404}, (account.username, statuses)
        if account.role == "organiser":
            # organisers see everything; correcting answers is for researchers
            refused = {path for path, status in statuses.items() if status not in {200, 302}}
            assert refused == {path for path in paths if path.endswith("/correct/")}
        if account.role == "participant":
            assert statuses[reverse("trajectories:plg-detail", args=[SLUG, "PLG07"])] == 404
            assert statuses[reverse("trajectories:plg-detail", args=[SLUG, "PLG03"])] == 200
