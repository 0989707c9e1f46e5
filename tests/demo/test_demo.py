"""The demo database reproduces the study's figures through the product's own paths."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from leadtogether.accounts.models import User
from leadtogether.demo import dataset
from leadtogether.registry.models import Person
from leadtogether.trajectories.composer import proposal_for_trajectory
from leadtogether.trajectories.models import PLG, Enrolment, Session, Trajectory

SLUG = dataset.TRAJECTORY.slug

TABLE_1 = """level,function,n,column_pct
primary,management,34,44.7
primary,middle,22,40.0
primary,total,56,42.7
secondary,management,42,55.3
secondary,middle,33,60.0
secondary,total,75,57.3
total,management,76,100.0
total,middle,55,100.0
total,total,131,100.0
"""

TABLE_2 = """plg,participants,schools,level,form,participation,learning_level
PLG 1,7,4,primary,A,partial,3
PLG 2,10,5,primary,A,partial,4
PLG 3,8,4,primary,B,,1
PLG 4,11,8,primary,A,full,2
PLG 5,13,9,primary,A,full,2
PLG 6,7,4,primary,A,partial,2
PLG 7,11,6,secondary,A+,partial,3
PLG 8,12,5,secondary,A+,partial,2
PLG 9,5,4,secondary,A,partial,2
PLG 10,11,4,secondary,A+,full,3
PLG 11,8,4,secondary,A+,partial,2
PLG 12,6,4,secondary,A,full,2
PLG 13,5,4,secondary,A+,partial,2
PLG 14,9,3,secondary,A,full,2
PLG 15,8,5,secondary,B,,1
N,131,73,,,,
"""


def _report(name: str) -> str:
    out = io.StringIO()
    call_command("report", name, "--trajectory", SLUG, stdout=out)
    return out.getvalue()


def test_demo_reproduces_table_1(demo):
    assert _report("respondents-by-level-function") == TABLE_1


def test_demo_reproduces_table_2(demo):
    assert _report("plg-overview") == TABLE_2


def test_demo_reproduces_the_in_text_figures(demo):
    enrolled = Enrolment.objects.filter(trajectory__slug=SLUG)
    people = Person.objects.filter(enrolments__in=enrolled)
    total = people.count()
    assert total == 149

    def pct(n: int) -> int:
        return round(100 * n / total)

    assert pct(people.filter(school__level="primary").count()) == 43
    assert pct(people.filter(school__level="secondary").count()) == 57
    assert pct(people.filter(function_category="management").count()) == 58
    assert pct(people.filter(function_category="middle").count()) == 42
    per_school = dict(people.values("school").annotate(n=Count("pk")).values_list("school", "n"))
    with_colleague = sum(n for n in per_school.values() if n > 1)
    assert pct(with_colleague) == 93


def test_demo_has_the_trajectory_s_calendar(demo):
    trajectory = Trajectory.objects.get(slug=SLUG)
    sessions = Session.objects.filter(trajectory=trajectory)
    assert sessions.filter(kind=Session.Kind.TRAINING_DAY).count() == 8
    meetings = sessions.filter(kind=Session.Kind.PLG_MEETING)
    assert set(meetings.values("plg").annotate(n=Count("pk")).values_list("n", flat=True)) == {
        2 * trajectory.plg_meetings_per_year
    }
    assert PLG.objects.filter(trajectory=trajectory).count() == 15
    assert sorted(trajectory.partnerships.values_list("ref", flat=True)) == sorted(
        p.ref for p in dataset.PARTNERSHIPS
    )


def test_demo_prints_one_login_per_role(db):
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    for account in dataset.ACCOUNTS:
        assert account.username in out.getvalue()
        user = User.objects.get(username=account.username)
        assert user.check_password(account.password)
        assert user.role_grants.get().role == account.role
    assert (
        "Invited, not signed in yet (the organiser's roles page): "
        "pascal.ghysels@begeleiding.example — coach"
    ) in out.getvalue()
    invited = User.objects.get(email="pascal.ghysels@begeleiding.example")
    assert not invited.has_usable_password() and invited.last_login is None


@pytest.mark.django_db(transaction=True)
def test_demo_rebuild_gives_the_same_database():
    # PostgreSQL empties tables with TRUNCATE, which needs no open transaction around it.
    call_command("demo", "--no-serve", stdout=io.StringIO())
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert Person.objects.count() == len(dataset.PEOPLE)
    assert _report("plg-overview") == TABLE_2


def test_composer_proposes_the_study_s_split(demo):
    """Without PLGs, the composer finds the study's 15 PLGs, PLG 4 and 5 included."""
    trajectory = Trajectory.objects.get(slug=SLUG)
    expected = {
        frozenset(p.ref for p in dataset.PEOPLE if p.plg_ref == plg.ref) for plg in dataset.PLGS
    }
    Session.objects.filter(trajectory=trajectory).delete()
    PLG.objects.filter(trajectory=trajectory).delete()
    proposal = proposal_for_trajectory(trajectory)
    assert len(proposal.plgs) == 15
    assert {frozenset(plg.participants) for plg in proposal.plgs} == expected
    split = [plg for plg in proposal.plgs if plg.is_split]
    assert [plg.school_count for plg in split] == [10, 9]


def test_demo_reproduces_the_in_text_figures_through_the_report(demo):
    rows = {
        (group, value): (int(n), float(pct))
        for group, value, n, pct in (
            line.split(",") for line in _report("participant-profile").splitlines()[1:]
        )
    }
    assert rows["participants", "total"][0] == 149
    assert round(rows["level", "primary"][1]) == 43
    assert round(rows["level", "secondary"][1]) == 57
    assert round(rows["function", "management"][1]) == 58
    assert round(rows["function", "middle"][1]) == 42
    assert round(rows["colleague", "with_colleague"][1]) == 93
