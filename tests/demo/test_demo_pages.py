"""Every demo login opens every page of the demo with the status its roles give it, in
both languages.

The table below is written by hand from the access rules of the views
(``page(read=…, write=…, scope=…)``): 403 when none of the login's roles may open the
page, 404 when its object is out of the login's reach, 200 otherwise (302 for the start
page, which goes straight to the only trajectory). A change of who sees what fails here.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leadtogether.demo import dataset
from leadtogether.demo.builder import OPEN_MOMENT_KEY
from leadtogether.surveys.models import Invitation, Mailing, Question, Response
from leadtogether.trajectories.models import Session

SLUG = dataset.TRAJECTORY.slug
LOGINS = ("organisator", "coach", "deelnemer", "directeur", "onderzoeker")
ALL = (200, 200, 200, 200, 200)
PLG_PEOPLE = (200, 200, 200, 200, 403)  # everyone who works in the PLGs, not the researcher
ORGANISER = (200, 403, 403, 403, 403)
SURVEYS = (200, 403, 403, 403, 200)  # organisers and researchers

# The demo's logins: the organiser; the coach of PLG 3 (and PLG 6); a participant of
# PLG 3; the director of partnership SV09, whose only PLG is PLG 10; a researcher.
# page: status for (organisator, coach, deelnemer, directeur, onderzoeker)
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    "home": (302, 302, 302, 302, 302),
    "dashboard": ALL,
    "plg-list": PLG_PEOPLE,
    "plg-detail PLG03": (200, 200, 200, 404, 403),
    "plg-detail PLG07": (200, 404, 404, 404, 403),
    "plg-detail PLG10": (200, 404, 404, 200, 403),
    "plg-edit PLG03": ORGANISER,
    "calendar": PLG_PEOPLE,
    "composer": ORGANISER,
    "composer from scratch": ORGANISER,
    "session-create": (200, 200, 403, 403, 403),
    "session-detail meeting of PLG03": (200, 200, 200, 404, 403),
    "session-detail meeting of PLG07": (200, 404, 404, 404, 403),
    "session-detail meeting of PLG10": (200, 404, 404, 200, 403),
    "session-detail training day": PLG_PEOPLE,
    "session-edit meeting of PLG03": (200, 200, 403, 403, 403),
    "session-edit meeting of PLG07": (200, 404, 403, 403, 403),
    "session-edit training day": (200, 403, 403, 403, 403),
    "session-attendance meeting of PLG03": (200, 200, 403, 403, 403),
    "school-list": ORGANISER,
    "school-detail": ORGANISER,
    "partnership-list": ORGANISER,
    "partnership-detail": ORGANISER,
    "person-list": ORGANISER,
    "person-detail": ORGANISER,
    "person-edit": ORGANISER,
    "role-list": ORGANISER,
    "role-invite": ORGANISER,
    "report-list": SURVEYS,
    "report plg-overview": SURVEYS,
    "report prior-plg-experience": SURVEYS,
    "report continuation-intention": SURVEYS,
    "moment-list": SURVEYS,
    "moment-detail": SURVEYS,
    "instrument-list": SURVEYS,
    "instrument-detail": SURVEYS,
    "response-list": SURVEYS,
    "response-detail": SURVEYS,
    "response-correct": (403, 403, 403, 403, 200),  # correcting answers is for researchers
    "moment-results": SURVEYS,
    "moment-export": SURVEYS,
    "mailing-detail": ORGANISER,
    "plg-results PLG03": (200, 200, 403, 403, 403),  # coaches see their own PLGs
    "plg-results PLG07": (200, 404, 403, 403, 403),
}


def _url(url_name: str, **kwargs: object) -> str:
    return reverse(url_name, kwargs={"slug": SLUG, **kwargs})


def _paths() -> dict[str, str]:
    """The path of every page of the table, on the demo's records."""

    def meeting(plg_ref: str) -> str:
        session = Session.objects.filter(kind=Session.Kind.PLG_MEETING, plg__ref=plg_ref)
        return session.order_by("starts_at").first().ref

    training_day = Session.objects.filter(kind=Session.Kind.TRAINING_DAY).first().ref
    response = (
        Response.objects.filter(
            moment__key="year-1",
            status=Response.Status.SUBMITTED,
            person__enrolments__research_consent=True,
        )
        .order_by("pk")
        .first()
    )
    question = Question.objects.filter(version=response.version).first()
    school = dataset.SCHOOLS[0].ref
    partnership = dataset.PARTNERSHIPS[0].ref
    person = dataset.PEOPLE[0].ref
    survey = {"key": "year-1", "response_id": response.pk}
    paths = {
        "home": reverse("home"),
        "dashboard": _url("trajectories:dashboard"),
        "plg-list": _url("trajectories:plg-list"),
        "plg-edit PLG03": _url("trajectories:plg-edit", plg_ref="PLG03"),
        "calendar": _url("trajectories:calendar"),
        "composer": _url("trajectories:composer"),
        "composer from scratch": _url("trajectories:composer") + "?from_scratch=1",
        "session-create": _url("trajectories:session-create"),
        "session-detail training day": _url(
            "trajectories:session-detail", session_ref=training_day
        ),
        "session-edit training day": _url("trajectories:session-edit", session_ref=training_day),
        "session-attendance meeting of PLG03": _url(
            "trajectories:session-attendance", session_ref=meeting("PLG03")
        ),
        "school-list": _url("registry:school-list"),
        "school-detail": _url("registry:school-detail", school_ref=school),
        "partnership-list": _url("registry:partnership-list"),
        "partnership-detail": _url("registry:partnership-detail", partnership_ref=partnership),
        "person-list": _url("registry:person-list"),
        "person-detail": _url("registry:person-detail", person_ref=person),
        "person-edit": _url("registry:person-edit", person_ref=person),
        "role-list": _url("accounts:role-list"),
        "role-invite": _url("accounts:role-invite"),
        "report-list": _url("analysis:report-list"),
        "moment-list": _url("surveys:moment-list"),
        "moment-detail": _url("surveys:moment-detail", key="follow-up"),
        "instrument-list": _url("surveys:instrument-list"),
        "instrument-detail": _url("surveys:instrument-detail", key="study-end-of-year"),
        "response-list": _url("surveys:response-list", key="year-1"),
        "response-detail": _url("surveys:response-detail", **survey),
        "response-correct": _url("surveys:response-correct", **survey, question_id=question.pk),
    }
    paths["moment-results"] = _url("surveys:moment-results", key="year-2")
    paths["moment-export"] = _url("surveys:moment-export", key="year-2") + "?format=sav"
    mailing = Mailing.objects.get(moment__key=OPEN_MOMENT_KEY)
    paths["mailing-detail"] = _url(
        "surveys:mailing-detail", key=OPEN_MOMENT_KEY, mailing_id=mailing.pk
    )
    for plg_ref in ("PLG03", "PLG07"):
        paths[f"plg-results {plg_ref}"] = _url("surveys:plg-results", plg_ref=plg_ref)
    for plg_ref in ("PLG03", "PLG07", "PLG10"):
        paths[f"plg-detail {plg_ref}"] = _url("trajectories:plg-detail", plg_ref=plg_ref)
        paths[f"session-detail meeting of {plg_ref}"] = _url(
            "trajectories:session-detail", session_ref=meeting(plg_ref)
        )
    for plg_ref in ("PLG03", "PLG07"):
        paths[f"session-edit meeting of {plg_ref}"] = _url(
            "trajectories:session-edit", session_ref=meeting(plg_ref)
        )
    for name in ("plg-overview", "prior-plg-experience", "continuation-intention"):
        paths[f"report {name}"] = _url("analysis:report-detail", name=name)
    return paths


def test_the_table_names_every_demo_login_and_every_page(demo):
    assert LOGINS == tuple(account.username for account in dataset.ACCOUNTS)
    assert set(_paths()) == set(EXPECTED)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_login_gets_the_status_its_roles_give_on_every_page(demo, language):
    paths = _paths()
    for column, account in enumerate(dataset.ACCOUNTS):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        assert client.login(username=account.username, password=account.password)
        got = {page: client.get(path).status_code for page, path in paths.items()}
        expected = {page: statuses[column] for page, statuses in EXPECTED.items()}
        wrong = {
            page: (got[page], status) for page, status in expected.items() if got[page] != status
        }
        assert not wrong, f"{account.username} ({language}): page: (got, expected) {wrong}"


def test_the_demo_participant_lands_on_the_open_check_in_with_its_link(demo):
    client = Client()
    assert client.login(username="deelnemer", password=dataset.DEMO_PASSWORD)
    page = client.get(reverse("trajectories:dashboard", kwargs={"slug": SLUG})).content.decode()
    invitation = Invitation.objects.get(
        moment__key=OPEN_MOMENT_KEY, person__user__username="deelnemer"
    )
    assert invitation.moment.name in page
    assert f'href="{reverse("respond:survey", args=[invitation.token])}"' in page
    assert "In cijfers" not in page


def test_the_roles_page_lists_the_demo_logins_and_a_pending_invitation(demo):
    client = Client()
    assert client.login(username="organisator", password=dataset.DEMO_PASSWORD)
    response = client.get(reverse("accounts:role-list", kwargs={"slug": SLUG}))
    rows = response.context["rows"]
    usernames = {grant.user.username for grant in rows}
    assert {account.username for account in dataset.ACCOUNTS} <= usernames
    pending = [grant for grant in rows if grant.pending]
    assert [grant.user.email for grant in pending] == ["pascal.ghysels@begeleiding.example"]
    assert [plg.ref for plg in pending[0].plgs] == ["PLG15"]
    assert "uitnodiging openstaand" in response.content.decode()
