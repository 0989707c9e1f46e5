"""The follow-up of a measurement moment: who was invited, started and completed, per
PLG and per level, and the reminders."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.registry.models import Level, School
from leadtogether.surveys import selectors
from leadtogether.surveys.models import Invitation, Mailing, MeasurementMoment
from leadtogether.surveys.services.invitations import (
    default_texts,
    invitations_create,
    mailing_pending_count,
)
from tests import factories
from tests.conftest import World
from tests.surveys import factories as f
from tests.trajectories.test_views_queries import HEADER

DURING = dt.datetime(2022, 5, 10, 9, 0, tzinfo=dt.UTC)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, world: World, moment: MeasurementMoment) -> str:
    return reverse(f"surveys:{name}", kwargs={"slug": world.trajectory.slug, "key": moment.key})


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def moment(world: World) -> MeasurementMoment:
    """PLG 3 (primary): 2 of 4 completed, 1 started. PLG 7 (secondary): 1 of 4 completed."""
    School.objects.filter(people__plg_memberships__plg=world.other_plg).update(
        level=Level.SECONDARY
    )
    moment = f.MeasurementMomentFactory(
        trajectory=world.trajectory,
        key="year-1",
        opens_on=dt.date(2022, 5, 1),
        closes_on=dt.date(2022, 6, 30),
    )
    invitations_create(actor=None, moment=moment)
    Invitation.objects.filter(moment=moment).update(sent_at=DURING)
    members = list(world.plg.members.order_by("pk"))
    others = list(world.other_plg.members.order_by("pk"))
    done = {"started_at": DURING, "completed_at": DURING}
    Invitation.objects.filter(person__in=members[:2]).update(**done)
    Invitation.objects.filter(person=members[2]).update(started_at=DURING)
    Invitation.objects.filter(person=others[0]).update(**done)
    return moment


def test_counts_per_plg_per_level_and_in_total(world, moment):
    followup = selectors.followup(moment, with_names=False)
    total = followup.total
    assert (total.invited, total.started, total.completed, total.percent) == (8, 4, 3, 37.5)
    assert [(c.label, c.invited, c.started, c.completed, c.percent) for c in followup.by_plg] == [
        ("PLG 3", 4, 3, 2, 50.0),
        ("PLG 7", 4, 1, 1, 25.0),
    ]
    assert [(str(c.label), c.completed) for c in followup.by_level] == [
        ("primary education", 2),
        ("secondary education", 1),
    ]
    assert followup.pending == []


def test_names_of_those_not_completed(world, moment):
    followup = selectors.followup(moment, with_names=True)
    pending = {row.name for row in followup.pending}
    completed = {p.full_name for p in world.plg.members.order_by("pk")[:2]}
    assert len(pending) == 5
    assert not pending & completed


def test_enrolled_people_without_invitation_are_counted(world, moment):
    factories.EnrolmentFactory(trajectory=world.trajectory)
    assert selectors.followup(moment, with_names=False).not_invited == 1


def test_the_organiser_sees_who_has_not_completed(world, moment):
    page = client_for(world.organiser).get(url("moment-detail", world, moment)).content.decode()
    assert "37.5" in page
    assert "Not completed yet" in page
    for person in world.other_plg.members.order_by("pk")[1:]:
        assert person.full_name in page
    assert "Send a reminder" in page


def test_a_researcher_sees_the_counts_without_names(world, moment):
    page = client_for(world.researcher).get(url("moment-detail", world, moment)).content.decode()
    assert "37.5" in page
    assert "PLG 7" in page
    for person in list(world.plg.members.all()) + list(world.other_plg.members.all()):
        assert person.last_name not in page
    assert "Send a reminder" not in page


@pytest.mark.parametrize("persona", ["outsider", "participant", "coach", "director"])
def test_other_roles_are_refused_the_follow_up(world, moment, persona):
    response = client_for(getattr(world, persona)).get(url("moment-detail", world, moment))
    assert response.status_code == 403


def _remind(client: Client, world: World, moment: MeasurementMoment, audience: str):
    texts = default_texts(moment, audience)
    response = client.post(url("mailing-create", world, moment), {"audience": audience, **texts})
    mailing = Mailing.objects.filter(moment=moment).first()
    return response, mailing


def _send(client: Client, world: World, moment: MeasurementMoment, mailing: Mailing):
    detail = reverse(
        "surveys:mailing-send",
        kwargs={"slug": world.trajectory.slug, "key": moment.key, "mailing_id": mailing.pk},
    )
    return client.post(detail, {"expected": mailing_pending_count(mailing)}, follow=True)


def test_the_organiser_reminds_those_not_completed(world, moment, mailoutbox):
    client = client_for(world.organiser)
    for audience, count in (("not_started", 4), ("started", 1)):
        _response, mailing = _remind(client, world, moment, audience)
        page = _send(client, world, moment, mailing).content.decode()
        assert f"The e-mail was sent to {count} " in page
    assert len(mailoutbox) == 5
    completed = set(
        moment.invitations.filter(completed_at__isnull=False).values_list(
            "person__email", flat=True
        )
    )
    assert not completed & {mail.to[0] for mail in mailoutbox}
    assert moment.invitations.filter(reminder_count=1).count() == 5


def test_people_without_email_are_named_in_the_preview(world, moment, mailoutbox):
    person = world.other_plg.members.order_by("pk")[3]
    person.email = ""
    person.save()
    client = client_for(world.organiser)
    response, _mailing = _remind(client, world, moment, "not_started")
    page = client.get(response["Location"]).content.decode()
    assert "1 person has no e-mail address and gets nothing." in page
    assert "Send to 3 people" in page
    assert person.full_name in page


def test_no_reminders_after_the_moment_closed(world, moment, mailoutbox):
    with time_machine.travel(dt.datetime(2022, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        response, mailing = _remind(client_for(world.organiser), world, moment, "started")
    assert "nothing is sent any more" in response.content.decode()
    assert mailing is None
    assert mailoutbox == []


@pytest.mark.parametrize("persona", ["researcher", "outsider"])
def test_only_organisers_send_reminders(world, moment, mailoutbox, persona):
    response, mailing = _remind(client_for(getattr(world, persona)), world, moment, "started")
    assert response.status_code == 403
    assert mailing is None
    assert mailoutbox == []


def _grow(world: World, moment: MeasurementMoment, plgs: int = 10, members: int = 8) -> None:
    for number in range(plgs):
        school = factories.SchoolFactory(level=Level.SECONDARY if number % 2 else Level.PRIMARY)
        plg = factories.PLGFactory(
            trajectory=world.trajectory, ref=f"G{number}", name=f"PLG G{number}"
        )
        for _index in range(members):
            person = factories.PersonFactory(school=school)
            factories.EnrolmentFactory(trajectory=world.trajectory, person=person)
            factories.PLGMembershipFactory(plg=plg, person=person)
    invitations_create(actor=None, moment=moment)
    version = f.InstrumentVersionFactory()
    f.MomentInstrumentFactory(moment=moment, version=version)
    for _number in range(3):
        f.MeasurementMomentFactory(trajectory=world.trajectory)


@pytest.mark.parametrize("persona", ["organiser", "researcher"])
def test_the_follow_up_page_has_a_bounded_number_of_queries(
    world, moment, persona, django_assert_max_num_queries
):
    client = client_for(getattr(world, persona))
    with django_assert_max_num_queries(13):
        client.get(url("moment-detail", world, moment))
    _grow(world, moment)
    with django_assert_max_num_queries(13):
        response = client.get(url("moment-detail", world, moment))
    assert "PLG G9" in response.content.decode()


def test_the_moment_list_has_a_bounded_number_of_queries(
    world, moment, django_assert_max_num_queries
):
    client = client_for(world.organiser)
    target = reverse("surveys:moment-list", kwargs={"slug": world.trajectory.slug})
    with django_assert_max_num_queries(6 + HEADER):
        client.get(target)
    _grow(world, moment)
    with django_assert_max_num_queries(6 + HEADER):
        response = client.get(target)
    assert response.content.decode().count("/surveys/moments/") >= 4


def test_the_pending_list_shows_fifty_people_a_page_and_the_next_page_keeps_the_search(
    world, moment
):
    for number in range(1, 61):
        person = factories.PersonFactory(first_name="Wachtend", last_name=f"Nr{number:03d}")
        factories.EnrolmentFactory(trajectory=world.trajectory, person=person)
        f.InvitationFactory(moment=moment, person=person)
    client = client_for(world.organiser)
    first = client.get(url("moment-detail", world, moment), {"q": "wachtend"})
    rows = first.context["followup"].pending
    assert [row.name for row in rows][::49] == ["Wachtend Nr001", "Wachtend Nr050"]
    assert "?q=wachtend&amp;page=2" in first.content.decode()
    second = client.get(url("moment-detail", world, moment), {"q": "wachtend", "page": "2"})
    assert len(second.context["followup"].pending) == 10


def test_the_pending_list_is_searched_by_research_code(world, moment):
    person = world.other_plg.members.order_by("pk")[1]
    code = world.trajectory.enrolments.get(person=person).research_code
    page = client_for(world.organiser).get(url("moment-detail", world, moment), {"q": code})
    assert [row.name for row in page.context["followup"].pending] == [person.full_name]
