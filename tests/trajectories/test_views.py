"""The trajectory pages: who sees and does what, and what bad input does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry, Role
from leadtogether.trajectories.models import PLG, Attendance, Session
from tests import factories
from tests.conftest import World

NOW = dt.datetime(2022, 1, 15, 12, 0, tzinfo=dt.UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Sessions:
    training: Session
    meeting: Session
    other_meeting: Session
    coaching: Session
    held: Session


@pytest.fixture
def sessions(world: World) -> Sessions:
    t = world.trajectory
    kind = Session.Kind
    held = factories.SessionFactory(
        trajectory=t, ref="HELD3", kind=kind.PLG_MEETING, plg=world.plg,
        starts_at=at(2021, 11, 10, 14), status=Session.Status.HELD,
    )  # fmt: skip
    Attendance.objects.create(session=held, person=world.member, status="present")
    return Sessions(
        training=factories.SessionFactory(
            trajectory=t, ref="TD1", title="Opleidingsdag gedeeld leiderschap",
            starts_at=at(2022, 2, 1),
        ),
        meeting=factories.SessionFactory(
            trajectory=t, ref="MEET3", kind=kind.PLG_MEETING, plg=world.plg,
            starts_at=at(2022, 2, 10, 14), location="Brugge",
        ),
        other_meeting=factories.SessionFactory(
            trajectory=t, ref="MEET7", kind=kind.PLG_MEETING, plg=world.other_plg,
            starts_at=at(2022, 2, 11, 14), title="Bijeenkomst zeven",
        ),
        coaching=factories.SessionFactory(
            trajectory=t, ref="COACH1", kind=kind.COACHING, person=world.member, plg=world.plg,
            starts_at=at(2022, 3, 1, 10),
        ),
        held=held,
    )  # fmt: skip


def client_for(user) -> Client:
    """A client signed in as USER that reads the pages in English (tests/test_i18n.py
    checks the Dutch default)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, world: World, **kwargs: str) -> str:
    return reverse(f"trajectories:{name}", kwargs={"slug": world.trajectory.slug, **kwargs})


def stranger():
    """A signed-in user without any role in the trajectory."""
    return factories.UserFactory(username="stranger")


# --- dashboard -----------------------------------------------------------------------


def test_the_organiser_sees_counts_every_plg_and_the_next_sessions(world, sessions):
    response = client_for(world.organiser).get(url("dashboard", world))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.participants, counts.respondents, counts.plgs) == (8, 8, 2)
    assert (counts.sessions_held, counts.sessions_planned) == (1, 4)
    assert counts.partnerships == 2 and counts.schools == 8
    assert [plg.name for plg in response.context["plgs"]] == ["PLG 3", "PLG 7"]
    assert "Opleidingsdag gedeeld leiderschap" in response.content.decode()


def test_a_participant_sees_only_the_own_plg_and_own_sessions(world, sessions):
    response = client_for(world.participant).get(url("dashboard", world))
    page = response.content.decode()
    assert [plg.name for plg in response.context["plgs"]] == ["PLG 3"]
    assert "Bijeenkomst zeven" not in page
    refs = {s.ref for s in response.context["next"].upcoming}
    assert refs == {"TD1", "MEET3", "COACH1"}


def test_the_outsider_sees_nothing_of_plg_3_on_the_dashboard(world, sessions):
    response = client_for(world.outsider).get(url("dashboard", world))
    page = response.content.decode()
    assert [plg.name for plg in response.context["plgs"]] == ["PLG 7"]
    assert {s.ref for s in response.context["next"].upcoming} == {"TD1", "MEET7"}
    assert world.member.full_name not in page


def test_the_dashboard_table_counts_members_schools_and_meetings(world, sessions):
    response = client_for(world.participant).get(url("dashboard", world))
    (row,) = response.context["plgs"]
    assert (row.member_count, row.school_count) == (4, 4)
    assert (row.meetings_held, row.meetings_planned) == (1, 1)


def test_a_researcher_sees_the_counts_and_no_names(world, sessions):
    response = client_for(world.researcher).get(url("dashboard", world))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"].participants == 8
    assert "PLG 3" not in page
    assert world.member.last_name not in page
    assert "Opleidingsdag gedeeld leiderschap" not in page


def test_without_upcoming_sessions_the_dashboard_says_so_and_shows_recent_ones(world, sessions):
    with time_machine.travel(dt.datetime(2023, 1, 1, tzinfo=dt.UTC), tick=False):
        response = client_for(world.organiser).get(url("dashboard", world))
    assert response.context["next"].upcoming == []
    assert [s.ref for s in response.context["next"].recent][:2] == ["COACH1", "MEET7"]
    assert "No sessions are planned after today." in response.content.decode()


def test_a_user_without_a_role_gets_404_for_the_dashboard(world):
    assert client_for(stranger()).get(url("dashboard", world)).status_code == 404


# --- PLGs ----------------------------------------------------------------------------


def test_the_plg_list_shows_the_director_the_plgs_of_the_partnership(world):
    response = client_for(world.director).get(url("plg-list", world))
    assert [plg.name for plg in response.context["plgs"]] == ["PLG 3"]


def test_the_outsider_sees_only_plg_7_in_the_list(world):
    response = client_for(world.outsider).get(url("plg-list", world))
    assert [plg.name for plg in response.context["plgs"]] == ["PLG 7"]


def _many_plgs(world: World, count: int) -> None:
    partnership = world.plg.partnership
    for number in range(count):
        factories.PLGFactory(
            trajectory=world.trajectory,
            partnership=partnership,
            name=f"Groep {number}",
            ref=f"G{number}",
        )


def test_the_plg_list_pages_through_the_plgs_fifty_at_a_time(world):
    _many_plgs(world, 60)  # and PLG 3 and PLG 7 of the world
    client = client_for(world.organiser)
    first = client.get(url("plg-list", world))
    second = client.get(url("plg-list", world), {"page": 2})
    assert len(first.context["plgs"]) == 50
    assert [plg.name for plg in second.context["plgs"]][-3:] == ["Groep 59", "PLG 3", "PLG 7"]
    assert len(second.context["plgs"]) == 12


def test_the_plg_list_search_is_kept_on_the_next_page(world):
    _many_plgs(world, 60)
    client = client_for(world.organiser)
    first = client.get(url("plg-list", world), {"q": "groep"})
    assert "q=groep&amp;page=2" in first.content.decode()
    second = client.get(url("plg-list", world), {"q": "groep", "page": 2})
    assert [plg.name for plg in second.context["plgs"]] == [f"Groep {n}" for n in range(50, 60)]


def test_the_plg_list_answers_htmx_with_the_results_only(world):
    response = client_for(world.organiser).get(url("plg-list", world), {"q": "PLG 7"}, **HTMX)
    content = response.content.decode()
    assert "PLG 7" in content and "PLG 3" not in content and "<html" not in content


def test_the_dashboard_shows_ten_plgs_and_links_to_all_of_them(world):
    _many_plgs(world, 20)
    response = client_for(world.organiser).get(
        reverse("trajectories:dashboard", kwargs={"slug": world.trajectory.slug})
    )
    content = response.content.decode()
    assert "Groep 9<" in content and "Groep 10<" not in content
    assert "All 22 PLGs" in content


def test_a_researcher_may_not_open_the_plg_list(world):
    assert client_for(world.researcher).get(url("plg-list", world)).status_code == 403


def test_a_member_sees_the_members_coach_and_sessions_of_the_own_plg(world, sessions):
    response = client_for(world.participant).get(url("plg-detail", world, plg_ref="PLG03"))
    page = response.content.decode()
    assert response.status_code == 200
    assert world.member.full_name in page
    assert world.plg.coach.full_name in page
    assert {s.ref for s in response.context["sessions"]} == {"HELD3", "MEET3", "COACH1"}
    assert world.member.email not in page  # e-mail addresses are for organiser and coach


def test_the_plg_page_shows_attendance_per_member(world, sessions):
    response = client_for(world.coach).get(url("plg-detail", world, plg_ref="PLG03"))
    member = next(p for p in response.context["members"] if p.pk == world.member.pk)
    assert (member.present, member.absent, member.excused) == (1, 0, 0)
    assert world.member.email in response.content.decode()


def test_a_participant_of_plg_3_cannot_open_plg_7(world):
    response = client_for(world.participant).get(url("plg-detail", world, plg_ref="PLG07"))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["director", "outsider"])
def test_others_cannot_open_a_plg_they_have_no_part_in(world, persona):
    plg_ref = "PLG07" if persona != "outsider" else "PLG03"
    response = client_for(getattr(world, persona)).get(url("plg-detail", world, plg_ref=plg_ref))
    assert response.status_code == 404


def test_a_researcher_opens_no_plg_page(world):
    response = client_for(world.researcher).get(url("plg-detail", world, plg_ref="PLG03"))
    assert response.status_code == 403


def test_the_organiser_renames_a_plg_and_changes_its_members(world):
    newcomer = factories.PersonFactory()
    factories.EnrolmentFactory(trajectory=world.trajectory, person=newcomer)
    members = [p.pk for p in world.plg.members.all()][1:] + [newcomer.pk]
    response = client_for(world.organiser).post(
        url("plg-edit", world, plg_ref="PLG03"),
        {"name": "PLG Brugge", "coach": world.plg.coach_id, "members": members},
    )
    assert response.status_code == 302
    world.plg.refresh_from_db()
    assert world.plg.name == "PLG Brugge"
    assert sorted(world.plg.members.values_list("pk", flat=True)) == sorted(members)
    assert AuditEntry.objects.filter(action="plg_update", object_id=str(world.plg.pk)).exists()


def test_a_member_of_another_plg_is_refused_next_to_the_members_field(world):
    members = [p.pk for p in world.plg.members.all()] + [world.other_member.pk]
    response = client_for(world.organiser).post(
        url("plg-edit", world, plg_ref="PLG03"),
        {"name": "PLG Brugge", "coach": world.plg.coach_id, "members": members},
    )
    assert response.status_code == 200
    assert "is already a member of PLG 7" in str(response.context["form"].errors["members"])
    world.plg.refresh_from_db()
    assert world.plg.name == "PLG 3"
    assert not AuditEntry.objects.filter(action="plg_update").exists()


def test_a_plg_cannot_take_the_name_of_another(world):
    response = client_for(world.organiser).post(
        url("plg-edit", world, plg_ref="PLG03"), {"name": "PLG 7", "coach": ""}
    )
    assert "name" in response.context["form"].errors
    assert PLG.objects.filter(name="PLG 3").exists()


def test_the_members_field_offers_only_enrolled_participants(world):
    unenrolled = factories.PersonFactory()
    response = client_for(world.organiser).post(
        url("plg-edit", world, plg_ref="PLG03"),
        {"name": "PLG 3", "coach": "", "members": [unenrolled.pk]},
    )
    assert "members" in response.context["form"].errors
    assert world.plg.members.count() == 4


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coach", 403), ("participant", 403), ("director", 403), ("outsider", 403)],
)
def test_only_the_organiser_edits_a_plg(world, persona, status):
    client = client_for(getattr(world, persona))
    assert client.get(url("plg-edit", world, plg_ref="PLG03")).status_code == status
    response = client.post(url("plg-edit", world, plg_ref="PLG03"), {"name": "Overgenomen"})
    assert response.status_code == status
    assert not PLG.objects.filter(name="Overgenomen").exists()


# --- sessions ------------------------------------------------------------------------


def test_a_member_sees_a_meeting_of_the_own_plg_with_its_attendance(world, sessions):
    response = client_for(world.participant).get(url("session-detail", world, session_ref="HELD3"))
    assert response.status_code == 200
    rows = {row.person.pk: row.status for row in response.context["rows"]}
    assert len(rows) == 4 and rows[world.member.pk] == "present"
    assert not response.context["can_edit"]


def test_the_outsider_cannot_open_a_meeting_of_plg_3(world, sessions):
    response = client_for(world.outsider).get(url("session-detail", world, session_ref="MEET3"))
    assert response.status_code == 404


def test_a_researcher_cannot_open_a_training_day(world, sessions):
    response = client_for(world.researcher).get(url("session-detail", world, session_ref="TD1"))
    assert response.status_code == 403


def test_a_cancelled_session_shows_its_reason(world, sessions):
    sessions.meeting.status = Session.Status.CANCELLED
    sessions.meeting.cancel_reason = "Staking"
    sessions.meeting.save()
    response = client_for(world.participant).get(url("session-detail", world, session_ref="MEET3"))
    assert "Staking" in response.content.decode()


def test_the_organiser_plans_a_training_day(world):
    response = client_for(world.organiser).post(
        url("session-create", world),
        {"kind": "training_day", "title": "Opleidingsdag 5", "starts_at": "2022-03-10T09:00",
         "ends_at": "2022-03-10T16:00", "location": "Gent"},
    )  # fmt: skip
    session = Session.objects.get(title="Opleidingsdag 5")
    assert response.status_code == 302
    assert response["Location"] == url("session-detail", world, session_ref=session.ref)
    assert timezone.localtime(session.starts_at).hour == 9
    assert AuditEntry.objects.filter(action="session_create", object_id=str(session.pk)).exists()


def test_the_coach_plans_a_meeting_of_the_own_plg(world):
    response = client_for(world.coach).post(
        url("session-create", world),
        {"kind": "plg_meeting", "plg": "PLG03", "starts_at": "2022-03-10T14:00"},
    )
    assert response.status_code == 302
    assert Session.objects.get(kind="plg_meeting").plg == world.plg


def test_the_coach_cannot_plan_for_another_plg_or_a_training_day(world):
    client = client_for(world.coach)
    response = client.post(
        url("session-create", world),
        {"kind": "plg_meeting", "plg": "PLG07", "starts_at": "2022-03-10T14:00"},
    )
    assert "plg" in response.context["form"].errors
    response = client.post(
        url("session-create", world), {"kind": "training_day", "starts_at": "2022-03-10T09:00"}
    )
    assert "kind" in response.context["form"].errors
    assert not Session.objects.exists()


def test_a_coaching_session_belongs_to_the_plg_of_the_coached_person(world):
    client_for(world.coach).post(
        url("session-create", world),
        {"kind": "coaching", "person": world.member.ref, "starts_at": "2022-03-10T14:00"},
    )
    session = Session.objects.get(kind="coaching")
    assert (session.person, session.plg) == (world.member, world.plg)


def test_a_participant_is_coached_at_most_the_trajectorys_maximum(world):
    for day in range(1, 4):
        factories.SessionFactory(
            trajectory=world.trajectory, kind="coaching", person=world.member, plg=world.plg,
            starts_at=at(2022, 1, day),
        )  # fmt: skip
    response = client_for(world.coach).post(
        url("session-create", world),
        {"kind": "coaching", "person": world.member.ref, "starts_at": "2022-03-10T14:00"},
    )
    assert "at most 3" in str(response.context["form"].errors["person"])
    assert Session.objects.filter(kind="coaching").count() == 3


def test_a_meeting_needs_a_plg_and_an_end_after_its_start(world):
    response = client_for(world.organiser).post(
        url("session-create", world),
        {"kind": "plg_meeting", "starts_at": "2022-03-10T14:00", "ends_at": "2022-03-10T13:00"},
    )
    errors = response.context["form"].errors
    assert "Choose the PLG that meets." in errors["plg"]
    assert "ends_at" in errors
    assert not Session.objects.exists()


def test_a_bad_date_is_named_next_to_its_field(world):
    response = client_for(world.organiser).post(
        url("session-create", world), {"kind": "training_day", "starts_at": "morgen"}
    )
    assert "starts_at" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("participant", 403), ("director", 403), ("researcher", 403), ("outsider", 403)],
)
def test_only_organisers_and_coaches_plan_sessions(world, persona, status):
    response = client_for(getattr(world, persona)).post(
        url("session-create", world), {"kind": "training_day", "starts_at": "2022-03-10T09:00"}
    )
    assert response.status_code == status
    assert not Session.objects.exists()


def test_a_stranger_gets_404_when_planning(world):
    assert client_for(stranger()).get(url("session-create", world)).status_code == 404


def test_the_coach_reschedules_a_meeting_of_the_own_plg(world, sessions):
    response = client_for(world.coach).post(
        url("session-edit", world, session_ref="MEET3"),
        {"title": "Verzet", "starts_at": "2022-02-17T14:00", "location": "Kortrijk"},
    )
    assert response.status_code == 302
    sessions.meeting.refresh_from_db()
    assert (sessions.meeting.title, sessions.meeting.location) == ("Verzet", "Kortrijk")
    assert timezone.localtime(sessions.meeting.starts_at).date() == dt.date(2022, 2, 17)
    assert AuditEntry.objects.filter(action="session_reschedule").exists()


def test_rescheduling_to_an_end_before_the_start_changes_nothing(world, sessions):
    response = client_for(world.coach).post(
        url("session-edit", world, session_ref="MEET3"),
        {"starts_at": "2022-02-17T14:00", "ends_at": "2022-02-17T12:00"},
    )
    assert "ends_at" in response.context["form"].errors
    sessions.meeting.refresh_from_db()
    assert sessions.meeting.starts_at == at(2022, 2, 10, 14)


@pytest.mark.parametrize(("persona", "ref", "status"), [
    ("coach", "TD1", 403), ("coach", "MEET7", 404), ("participant", "MEET3", 403),
    ("director", "MEET3", 403), ("outsider", "MEET3", 403),
])  # fmt: skip
def test_who_may_not_reschedule(world, sessions, persona, ref, status):
    client = client_for(getattr(world, persona))
    response = client.post(
        url("session-edit", world, session_ref=ref), {"starts_at": "2022-05-01T09:00"}
    )
    assert response.status_code == status
    assert not Session.objects.filter(starts_at=at(2022, 5, 1)).exists()


def test_the_organiser_cancels_a_session_with_a_reason(world, sessions):
    response = client_for(world.organiser).post(
        url("session-cancel", world, session_ref="TD1"), {"reason": "Sneeuw"}
    )
    assert response.status_code == 302
    sessions.training.refresh_from_db()
    assert (sessions.training.status, sessions.training.cancel_reason) == ("cancelled", "Sneeuw")
    assert AuditEntry.objects.filter(action="session_cancel").exists()


def test_cancelling_without_a_reason_is_refused(world, sessions):
    response = client_for(world.coach).post(
        url("session-cancel", world, session_ref="MEET3"), {"reason": "  "}
    )
    assert "reason" in response.context["form"].errors
    sessions.meeting.refresh_from_db()
    assert sessions.meeting.status == "planned"


def test_a_held_session_cannot_be_cancelled(world, sessions):
    response = client_for(world.coach).post(
        url("session-cancel", world, session_ref="HELD3"), {"reason": "Vergissing"}
    )
    assert "took place" in str(response.context["form"].non_field_errors())
    sessions.held.refresh_from_db()
    assert sessions.held.status == "held"


@pytest.mark.parametrize(("persona", "status"), [("participant", 403), ("outsider", 403)])
def test_only_editors_cancel(world, sessions, persona, status):
    response = client_for(getattr(world, persona)).post(
        url("session-cancel", world, session_ref="MEET3"), {"reason": "Zomaar"}
    )
    assert response.status_code == status
    sessions.meeting.refresh_from_db()
    assert sessions.meeting.status == "planned"


def attendance_post(world: World, status: str = "present", skip: int = 0) -> dict[str, str]:
    members = list(world.plg.members.order_by("pk"))[skip:]
    return {f"p{person.pk}": status for person in members}


def test_the_coach_marks_a_meeting_held_with_attendance(world, sessions):
    data = attendance_post(world) | {f"p{world.member.pk}": "excused"}
    response = client_for(world.coach).post(
        url("session-attendance", world, session_ref="MEET3"), data
    )
    assert response.status_code == 302
    sessions.meeting.refresh_from_db()
    assert sessions.meeting.status == "held"
    statuses = dict(sessions.meeting.attendance.values_list("person_id", "status"))
    assert len(statuses) == 4 and statuses[world.member.pk] == "excused"
    assert AuditEntry.objects.filter(action="session_mark_held").exists()


def test_with_htmx_the_attendance_form_and_result_are_fragments(world, sessions):
    client = client_for(world.coach)
    form = client.get(url("session-attendance", world, session_ref="MEET3"), **HTMX)
    assert "<html" not in form.content.decode() and 'type="radio"' in form.content.decode()
    response = client.post(
        url("session-attendance", world, session_ref="MEET3"), attendance_post(world), **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Attendance saved" in page


def test_attendance_needs_a_choice_for_every_expected_person(world, sessions):
    response = client_for(world.coach).post(
        url("session-attendance", world, session_ref="MEET3"), attendance_post(world, skip=1)
    )
    assert response.status_code == 200
    assert "Choose present, absent or excused." in response.content.decode()
    sessions.meeting.refresh_from_db()
    assert sessions.meeting.status == "planned"
    assert not sessions.meeting.attendance.exists()


def test_a_training_day_expects_every_enrolled_participant(world, sessions):
    response = client_for(world.organiser).get(url("session-attendance", world, session_ref="TD1"))
    assert len(response.context["form"].fields) == 8


@pytest.mark.parametrize(("persona", "status"), [("participant", 403), ("outsider", 403)])
def test_only_editors_record_attendance(world, sessions, persona, status):
    response = client_for(getattr(world, persona)).post(
        url("session-attendance", world, session_ref="MEET3"), attendance_post(world)
    )
    assert response.status_code == status
    assert not sessions.meeting.attendance.exists()


# --- calendar ------------------------------------------------------------------------


def _calendar_refs(response) -> list[str]:
    days = response.context["days"] or [day for week in response.context["weeks"] for day in week]
    return [session.ref for day in days for session in day.sessions]


def test_the_calendar_opens_on_the_current_month(world, sessions):
    response = client_for(world.organiser).get(url("calendar", world))  # 15 January 2022
    assert response.context["stretch"].first_day == dt.date(2022, 1, 1)
    assert _calendar_refs(response) == []
    assert "January 2022" in response.content.decode()


def test_the_month_grid_has_weeks_of_seven_days_with_the_sessions_of_each_day(world, sessions):
    response = client_for(world.participant).get(url("calendar", world), {"day": "2022-02-14"})
    weeks = response.context["weeks"]
    assert all(len(week) == 7 for week in weeks) and weeks[0][0].date == dt.date(2022, 1, 31)
    by_day = {day.date: [s.ref for s in day.sessions] for week in weeks for day in week}
    assert by_day[dt.date(2022, 2, 1)] == ["TD1"] and by_day[dt.date(2022, 2, 10)] == ["MEET3"]
    assert _calendar_refs(response) == ["TD1", "MEET3"]


def test_the_calendar_moves_by_month_keeping_the_filters(world, sessions):
    client = client_for(world.organiser)
    response = client.get(url("calendar", world), {"day": "2022-02-14", "kind": "plg_meeting"})
    page = response.content.decode()
    assert "?day=2022-03-01&amp;kind=plg_meeting" in page
    assert "?day=2022-01-01&amp;kind=plg_meeting" in page
    assert _calendar_refs(response) == ["MEET3", "MEET7"]


def test_the_week_view_lists_each_day_of_the_week(world, sessions):
    client = client_for(world.organiser)
    response = client.get(url("calendar", world), {"view": "week", "day": "2022-02-10"})
    days = response.context["days"]
    assert [day.date for day in days] == [dt.date(2022, 2, 7) + dt.timedelta(n) for n in range(7)]
    assert _calendar_refs(response) == ["MEET3", "MEET7"]
    assert "?view=week&amp;day=2022-02-14" in response.content.decode()


def test_a_busy_day_of_the_month_grid_links_to_its_week_for_the_rest(world, sessions):
    for number in range(6):
        factories.SessionFactory(trajectory=world.trajectory, starts_at=at(2022, 2, 22, 8 + number))
    response = client_for(world.organiser).get(url("calendar", world), {"day": "2022-02-01"})
    (busy,) = [day for week in response.context["weeks"] for day in week if day.more]
    assert (len(busy.sessions), busy.more) == (4, 2)
    assert "?day=2022-02-22&amp;view=week" in response.content.decode()


def test_the_outsider_does_not_see_the_sessions_of_plg_3_in_the_calendar(world, sessions):
    response = client_for(world.outsider).get(url("calendar", world), {"day": "2022-02-01"})
    assert set(_calendar_refs(response)) == {"TD1", "MEET7"}


def test_the_calendar_filters_by_kind_and_plg(world, sessions):
    client = client_for(world.organiser)
    response = client.get(
        url("calendar", world), {"day": "2022-02-01", "kind": "plg_meeting", "plg": "PLG07"}
    )
    assert _calendar_refs(response) == ["MEET7"]


def test_the_calendar_finds_a_plg_by_a_part_of_its_name(world, sessions):
    client = client_for(world.organiser)
    response = client.get(url("calendar", world), {"day": "2022-02-01", "plg": "g 7"})
    assert _calendar_refs(response) == ["MEET7"]


def test_the_calendar_does_not_list_every_plg(world, sessions):
    for number in range(20):
        factories.PLGFactory(
            trajectory=world.trajectory, ref=f"X{number}", name=f"Extra PLG {number}"
        )
    page = client_for(world.organiser).get(url("calendar", world)).content.decode()
    assert "Extra PLG" not in page
    assert 'type="search" name="plg"' in page


def test_after_the_trajectory_the_calendar_opens_on_the_month_of_the_last_session(world, sessions):
    factories.SessionFactory(trajectory=world.trajectory, ref="LATE", starts_at=at(2023, 1, 10))
    with time_machine.travel(dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)):
        response = client_for(world.organiser).get(url("calendar", world))
    assert response.context["stretch"].first_day == dt.date(2023, 1, 1)
    assert _calendar_refs(response) == ["LATE"]


@pytest.mark.parametrize(("params", "message"), [
    ({"kind": "feest"}, "Unknown kind of session: feest."),
    ({"view": "year"}, "Unknown view: year. Choose month or week."),
    ({"day": "2022-13-01"}, "Unknown day: give a date as YYYY-MM-DD."),
    ({"day": "0001-01-01"}, "Choose a date in the years 1900 to 2999."),
    ({"plg": "PLG07"}, "There is no PLG PLG07 that you may see."),
])  # fmt: skip
def test_a_bad_calendar_filter_is_named(world, sessions, params, message):
    response = client_for(world.participant).get(url("calendar", world), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_with_htmx_the_calendar_returns_the_fragment(world, sessions):
    response = client_for(world.participant).get(
        url("calendar", world), {"kind": "training_day", "day": "2022-02-01"}, **HTMX
    )
    page = response.content.decode()
    assert "<html" not in page and "Opleidingsdag gedeeld leiderschap" in page


def test_a_researcher_has_no_calendar(world):
    assert client_for(world.researcher).get(url("calendar", world)).status_code == 403


def test_the_superuser_sees_everything(world, sessions):
    admin = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    client = client_for(admin)
    assert client.get(url("plg-detail", world, plg_ref="PLG07")).status_code == 200
    assert client.get(url("session-detail", world, session_ref="COACH1")).status_code == 200


def test_a_second_role_adds_to_what_a_user_sees(world):
    factories.grant(world.researcher, world.trajectory, Role.DIRECTOR, world.plg.partnership)
    response = client_for(world.researcher).get(url("plg-list", world))
    assert [plg.name for plg in response.context["plgs"]] == ["PLG 3"]


# --- composer ------------------------------------------------------------------------


@pytest.fixture
def new_partnership(world: World):
    """A partnership of the trajectory with 4 schools of 2 enrolled leaders, no PLG yet."""
    schools = [factories.SchoolFactory(name=f"Nieuwe school {n}") for n in range(4)]
    partnership = factories.PartnershipFactory(name="Scholengroep Kust", schools=schools)
    world.trajectory.partnerships.add(partnership)
    for school in schools:
        for _ in range(2):
            person = factories.PersonFactory(school=school)
            factories.EnrolmentFactory(trajectory=world.trajectory, person=person)
    return partnership


def composer_post(form, **changes: str) -> dict[str, str]:
    """The composer form as the browser would send it unchanged, with CHANGES."""
    data = {"fingerprint": form["fingerprint"].initial}
    for name, field in form.fields.items():
        if name.startswith("include_"):
            data[name] = "on"
        elif name.startswith(("name_", "coach_")):
            data[name] = field.initial or ""
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_composer_shows_the_proposed_plg_and_its_members(world, new_partnership):
    response = client_for(world.organiser).get(url("composer", world))
    page = response.content.decode()
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["plg"].name == "PLG 8" and row["plg"].participant_count == 8
    assert "Scholengroep Kust" in page and "Nieuwe school 3" in page


def test_the_organiser_accepts_a_proposal_with_a_new_name_and_a_coach(world, new_partnership):
    coach = factories.CoachFactory(first_name="Greet")
    world.trajectory.staff.add(coach)
    client = client_for(world.organiser)
    form = client.get(url("composer", world)).context["form"]
    response = client.post(
        url("composer", world), composer_post(form, name_0="PLG Kust", coach_0=str(coach.pk))
    )
    assert response.status_code == 302
    assert response["Location"] == url("plg-list", world)
    plg = PLG.objects.get(name="PLG Kust")
    assert (plg.partnership, plg.coach, plg.members.count()) == (new_partnership, coach, 8)
    assert AuditEntry.objects.filter(action="plg_proposal_accept").exists()


def test_leaving_every_proposed_plg_out_creates_nothing(world, new_partnership):
    client = client_for(world.organiser)
    form = client.get(url("composer", world)).context["form"]
    response = client.post(url("composer", world), composer_post(form, include_0=None))
    assert "Choose at least one proposed PLG to create." in response.content.decode()
    assert PLG.objects.count() == 2


def test_a_proposed_plg_needs_a_name_that_is_free(world, new_partnership):
    client = client_for(world.organiser)
    form = client.get(url("composer", world)).context["form"]
    response = client.post(url("composer", world), composer_post(form, name_0=""))
    assert "name_0" in response.context["form"].errors
    response = client.post(url("composer", world), composer_post(form, name_0="PLG 3"))
    assert "A PLG named PLG 3 already exists" in response.content.decode()
    assert PLG.objects.count() == 2


def test_a_proposal_that_changed_meanwhile_is_shown_again(world, new_partnership):
    client = client_for(world.organiser)
    form = client.get(url("composer", world)).context["form"]
    late = factories.PersonFactory(school=new_partnership.schools.first())
    factories.EnrolmentFactory(trajectory=world.trajectory, person=late)
    response = client.post(url("composer", world), composer_post(form), follow=True)
    assert "The proposal changed since you opened it" in response.content.decode()
    assert PLG.objects.count() == 2


def test_the_composer_says_when_there_is_nothing_to_propose(world):
    response = client_for(world.organiser).get(url("composer", world))
    assert response.context["rows"] == []
    assert "There is nothing to propose" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coach", 403), ("researcher", 403), ("director", 403), ("outsider", 403)],
)
def test_only_the_organiser_uses_the_composer(world, new_partnership, persona, status):
    client = client_for(getattr(world, persona))
    assert client.get(url("composer", world)).status_code == status
    assert client.post(url("composer", world), {"include_0": "on"}).status_code == status
    assert PLG.objects.count() == 2


# --- attendance of a training day: each sees only the people they already may see ---------


def training_day_names(world, persona, sessions) -> set[str]:
    for person in [*world.plg.members.all(), *world.other_plg.members.all()]:
        Attendance.objects.create(session=sessions.training, person=person, status="present")
    response = client_for(getattr(world, persona)).get(
        url("session-detail", world, session_ref="TD1")
    )
    assert response.status_code == 200
    return {row.person.last_name for row in response.context["rows"]}


@pytest.mark.parametrize("persona", ["participant", "coach", "director"])
def test_a_training_day_shows_the_attendance_of_the_own_plg_only(world, sessions, persona):
    names = training_day_names(world, persona, sessions)
    assert names == {person.last_name for person in world.plg.members.all()}


def test_the_organiser_sees_the_attendance_of_everyone_on_a_training_day(world, sessions):
    names = training_day_names(world, "organiser", sessions)
    everyone = [*world.plg.members.all(), *world.other_plg.members.all()]
    assert names == {person.last_name for person in everyone}
