from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from leadtogether.accounts.models import AuditEntry
from leadtogether.registry.models import Level, Partnership, Person, School
from leadtogether.trajectories.composer import (
    ParticipantInput,
    PartnershipInput,
    Proposal,
    SchoolInput,
    WarningCode,
    next_plg_number,
    proposal_for_trajectory,
    propose_plgs,
)
from leadtogether.trajectories.models import PLG, Trajectory
from leadtogether.trajectories.services import plg_proposal_accept
from tests import factories

# --- the pure core -------------------------------------------------------------------


def school(
    ref: str,
    *,
    leaders: int = 2,
    region: str = "Brugge",
    level: str = Level.PRIMARY,
    name: str = "",
) -> SchoolInput:
    return SchoolInput(
        ref=ref,
        name=name or f"School {ref}",
        region=region,
        level=level,
        participants=tuple(f"{ref}-L{n}" for n in range(1, leaders + 1)),
    )


def partnership(
    ref: str, school_count: int = 4, *, name: str = "", existing: tuple[str, ...] = ()
) -> PartnershipInput:
    return PartnershipInput(
        ref=ref,
        name=name or f"Partnership {ref}",
        schools=tuple(school(f"{ref}{n:02d}") for n in range(1, school_count + 1)),
        existing_plgs=existing,
    )


def propose(*partnerships: PartnershipInput, **options: object) -> Proposal:
    options = {"target_schools": 8, "min_schools": 4, **options}
    return propose_plgs(list(partnerships), **options)  # type: ignore[arg-type]


def codes(proposal: Proposal) -> list[str]:
    return [warning.code for warning in proposal.warnings]


@pytest.mark.parametrize(
    ("school_count", "sizes"),
    [
        (4, [4]),
        (8, [8]),
        (11, [11]),
        (12, [6, 6]),
        (19, [10, 9]),
        (20, [7, 7, 6]),
        (27, [9, 9, 9]),
    ],
)
def test_a_partnership_is_split_by_rounding_schools_over_the_target(school_count, sizes):
    proposal = propose(partnership("A", school_count))

    assert [plg.school_count for plg in proposal.plgs] == sizes
    assert {plg.parts for plg in proposal.plgs} == {len(sizes)}
    assert [plg.part for plg in proposal.plgs] == list(range(1, len(sizes) + 1))


def test_a_smaller_target_splits_sooner():
    proposal = propose(partnership("A", 6), target_schools=4)

    assert [plg.school_count for plg in proposal.plgs] == [3, 3]


def test_nineteen_schools_are_cut_in_region_then_name_order_into_ten_and_nine():
    schools = tuple(
        school(f"S{n:02d}", region="Brugge" if n % 3 == 0 else "Gent", name=f"School {n}")
        for n in range(19, 0, -1)
    )
    proposal = propose(PartnershipInput(ref="A", name="Groot", schools=schools))

    first, second = proposal.plgs
    assert [s.name.removeprefix("School ") for s in first.schools] == (
        ["3", "6", "9", "12", "15", "18"] + ["1", "2", "4", "5"]
    )
    assert [s.name.removeprefix("School ") for s in second.schools] == (
        ["7", "8", "10", "11", "13", "14", "16", "17", "19"]
    )


def test_the_leaders_of_a_school_stay_together():
    schools = tuple(school(f"S{n:02d}", leaders=1 + n % 3) for n in range(1, 20))
    proposal = propose(PartnershipInput(ref="A", name="Groot", schools=schools))

    for plg in proposal.plgs:
        expected = [ref for s in plg.schools for ref in s.participants]
        assert list(plg.participants) == expected
    placed = [ref for plg in proposal.plgs for ref in plg.participants]
    assert sorted(placed) == sorted(ref for s in schools for ref in s.participants)


def test_schools_without_enrolled_leaders_do_not_count_for_the_split():
    schools = tuple(school(f"S{n:02d}") for n in range(1, 12)) + tuple(
        school(f"X{n}", leaders=0) for n in range(1, 4)
    )
    proposal = propose(PartnershipInput(ref="A", name="A", schools=schools))

    assert [plg.school_count for plg in proposal.plgs] == [11]
    assert codes(proposal).count(WarningCode.SCHOOL_WITHOUT_LEADERS) == 3


def test_plgs_are_numbered_over_partnerships_in_natural_name_order():
    proposal = propose(
        partnership("A", 12, name="SG 10"),
        partnership("B", 4, name="SG 2"),
        partnership("C", 4, name="sg 3"),
    )

    assert [(plg.name, plg.partnership_name, plg.part) for plg in proposal.plgs] == [
        ("PLG 1", "SG 2", 1),
        ("PLG 2", "sg 3", 1),
        ("PLG 3", "SG 10", 1),
        ("PLG 4", "SG 10", 2),
    ]


def test_numbering_continues_after_the_given_first_number():
    proposal = propose(partnership("A"), partnership("B"), first_number=8)

    assert [plg.name for plg in proposal.plgs] == ["PLG 8", "PLG 9"]
    assert [plg.number for plg in proposal.plgs] == [8, 9]


def test_next_plg_number_follows_the_highest_plg_n_name():
    assert next_plg_number(["PLG 3", "PLG 12", "Kempen", "PLG 7b", " PLG 4 "]) == 13
    assert next_plg_number(["Kempen"]) == 1
    assert next_plg_number([]) == 1


def test_a_partnership_that_already_has_a_plg_is_skipped_with_a_warning():
    proposal = propose(partnership("A", existing=("PLG 3",)), partnership("B"))

    assert [plg.partnership_ref for plg in proposal.plgs] == ["B"]
    assert proposal.plgs[0].name == "PLG 1"
    (warning,) = proposal.warnings
    assert warning.code == WarningCode.PARTNERSHIP_ALREADY_HAS_PLG
    assert warning.partnership == "A"
    assert "PLG 3" in warning.message
    assert "8 enrolled leaders of its schools are in no PLG" in warning.message


def test_a_skipped_partnership_whose_leaders_are_placed_says_nothing_about_loose_leaders():
    existing = partnership("A", existing=("PLG 3",))
    placed = [
        ParticipantInput(ref=ref, name=ref, plg="PLG 3")
        for s in existing.schools
        for ref in s.participants
    ]
    proposal = propose(existing, placed=placed)

    (warning,) = proposal.warnings
    assert "no PLG." not in warning.message
    assert warning.message.endswith("so no PLG is proposed for it.")


def test_a_partnership_below_the_minimum_warns_and_still_gets_a_plg():
    proposal = propose(partnership("A", 3, name="Klein"))

    assert [plg.school_count for plg in proposal.plgs] == [3]
    (warning,) = proposal.warnings
    assert warning.code == WarningCode.PARTNERSHIP_BELOW_MINIMUM
    assert "Klein has 3 schools with enrolled leaders" in warning.message
    assert "at least 4" in warning.message


def test_a_partnership_without_enrolled_leaders_gets_no_plg():
    empty = PartnershipInput(ref="A", name="Leeg", schools=(school("S1", leaders=0),))
    proposal = propose(empty)

    assert proposal.plgs == ()
    assert codes(proposal) == [
        WarningCode.PARTNERSHIP_BELOW_MINIMUM,
        WarningCode.SCHOOL_WITHOUT_LEADERS,
    ]


def test_a_school_with_one_leader_is_named_with_its_partnership():
    schools = (school("S1", leaders=1, name="De Linde"),) + tuple(
        school(f"S{n}") for n in range(2, 5)
    )
    proposal = propose(PartnershipInput(ref="A", name="SG Brugge", schools=schools))

    (warning,) = proposal.warnings
    assert warning.code == WarningCode.SCHOOL_SINGLE_LEADER
    assert warning.school == "S1"
    assert warning.plg == 0
    assert "De Linde" in warning.message
    assert "SG Brugge" in warning.message
    assert proposal.warnings_for(0) == (warning,)


def test_a_school_without_leaders_is_named():
    schools = (school("S0", leaders=0, name="De Wilg"),) + tuple(
        school(f"S{n}") for n in range(1, 5)
    )
    proposal = propose(PartnershipInput(ref="A", name="SG Gent", schools=schools))

    (warning,) = proposal.warnings
    assert warning.code == WarningCode.SCHOOL_WITHOUT_LEADERS
    assert "De Wilg (SG Gent)" in warning.message
    assert all("S0" not in [s.ref for s in plg.schools] for plg in proposal.plgs)


def test_an_enrolled_participant_without_a_partnership_is_listed():
    loose = [
        ParticipantInput(ref="P1", name="An Peeters", school="De Linde"),
        ParticipantInput(ref="P2", name="Bart Claes"),
        ParticipantInput(ref="P3", name="Els Janssens", school="Elders", plg="PLG 1"),
    ]
    proposal = propose(partnership("A"), unassigned=loose, placed=[loose[2]])

    warnings = [w for w in proposal.warnings if w.code == "participant_without_partnership"]
    assert [w.participant for w in warnings] == ["P1", "P2"]
    assert "An Peeters" in warnings[0].message
    assert "De Linde" in warnings[0].message


def test_a_school_in_two_partnerships_goes_to_the_first_by_name():
    shared = school("SHARED", name="De Brug")
    first = PartnershipInput(ref="Z", name="Alfa", schools=(shared, *partnership("Z").schools))
    second = PartnershipInput(ref="A", name="Beta", schools=(shared, *partnership("A").schools))
    proposal = propose(second, first)

    alfa, beta = proposal.plgs
    assert "SHARED" in [s.ref for s in alfa.schools]
    assert "SHARED" not in [s.ref for s in beta.schools]
    (warning,) = proposal.warnings
    assert warning.code == WarningCode.SCHOOL_IN_SEVERAL_PARTNERSHIPS
    assert "De Brug" in warning.message
    assert "assigned to Alfa" in warning.message


def test_a_plg_that_mixes_levels_is_noted():
    schools = (school("S1", level=Level.SECONDARY),) + tuple(school(f"S{n}") for n in range(2, 5))
    proposal = propose(PartnershipInput(ref="A", name="Gemengd", schools=schools))

    (warning,) = proposal.warnings
    assert warning.code == WarningCode.MIXED_LEVELS
    assert warning.plg == 0
    assert proposal.plgs[0].levels == ("primary", "secondary")


def test_participants_already_in_a_plg_are_left_out():
    part = partnership("A")
    person = ParticipantInput(ref="A01-L1", name="An Peeters", plg="PLG 9")
    proposal = propose(part, placed=[person])

    assert "A01-L1" not in proposal.plgs[0].participants
    assert proposal.plgs[0].participant_count == 7
    (warning,) = proposal.warnings
    assert warning.code == WarningCode.PARTICIPANT_ALREADY_IN_PLG
    assert "An Peeters" in warning.message
    assert "PLG 9" in warning.message


# --- the database layer --------------------------------------------------------------


def enrol_partnership(
    trajectory: Trajectory,
    name: str,
    schools: int,
    *,
    leaders: int = 2,
    level: str = Level.PRIMARY,
) -> Partnership:
    records = [
        factories.SchoolFactory(name=f"{name} school {n}", level=level)
        for n in range(1, schools + 1)
    ]
    result = factories.PartnershipFactory(name=name, schools=records)
    trajectory.partnerships.add(result)
    for record in records:
        for _ in range(leaders):
            person = factories.PersonFactory(school=record)
            factories.EnrolmentFactory(trajectory=trajectory, person=person)
    return result


@pytest.fixture
def trajectory(db: None) -> Trajectory:
    return factories.TrajectoryFactory(slug="pdt-2021", name="PDT 2021")


def test_the_proposal_reads_the_trajectory(trajectory):
    big = enrol_partnership(trajectory, "SG Kempen", 19)
    small = enrol_partnership(trajectory, "SG Brugge", 3)
    single = factories.SchoolFactory(name="De Eik")
    small.schools.add(single)
    factories.EnrolmentFactory(trajectory=trajectory, person=factories.PersonFactory(school=single))
    factories.EnrolmentFactory(
        trajectory=trajectory, person=factories.PersonFactory(first_name="Lies", last_name="Loos")
    )

    proposal = proposal_for_trajectory(trajectory)

    assert [(p.name, p.partnership_ref, p.school_count) for p in proposal.plgs] == [
        ("PLG 1", small.ref, 4),
        ("PLG 2", big.ref, 10),
        ("PLG 3", big.ref, 9),
    ]
    assert proposal.plgs[0].participant_count == 7
    assert codes(proposal) == [
        WarningCode.SCHOOL_SINGLE_LEADER,
        WarningCode.PARTICIPANT_WITHOUT_PARTNERSHIP,
    ]
    assert "Lies Loos" in proposal.warnings[1].message


def test_the_proposal_continues_after_existing_plgs_and_skips_their_partnerships(world):
    fresh = enrol_partnership(world.trajectory, "SG Nieuw", 4)

    proposal = proposal_for_trajectory(world.trajectory)

    assert [(p.name, p.partnership_ref) for p in proposal.plgs] == [("PLG 8", fresh.ref)]
    skipped = [w.partnership for w in proposal.warnings]
    assert codes(proposal) == [WarningCode.PARTNERSHIP_ALREADY_HAS_PLG] * 2
    assert set(skipped) == {world.plg.partnership.ref, world.other_plg.partnership.ref}


def test_a_participant_in_a_plg_of_another_partnership_is_left_out(world):
    fresh = enrol_partnership(world.trajectory, "SG Nieuw", 4)
    moved = School.objects.get(partnerships=fresh, name="SG Nieuw school 1").people.first()
    factories.PLGMembershipFactory(plg=world.plg, person=moved)

    proposal = proposal_for_trajectory(world.trajectory)

    assert moved.ref not in proposal.plgs[0].participants
    assert WarningCode.PARTICIPANT_ALREADY_IN_PLG in codes(proposal)


@pytest.mark.parametrize(("partnerships", "schools"), [(1, 4), (6, 12)])
def test_the_proposal_takes_a_bounded_number_of_queries(
    trajectory, partnerships, schools, django_assert_max_num_queries
):
    for n in range(partnerships):
        enrol_partnership(trajectory, f"SG {n}", schools)
    factories.PLGFactory(trajectory=trajectory, partnership=enrol_partnership(trajectory, "X", 4))

    with django_assert_max_num_queries(5):
        proposal = proposal_for_trajectory(trajectory)

    assert len(proposal.plgs) == partnerships * (1 if schools < 12 else 2)


def test_accepting_creates_the_plgs_with_their_members(trajectory):
    enrol_partnership(trajectory, "SG Kempen", 12)
    proposal = proposal_for_trajectory(trajectory)

    created = plg_proposal_accept(actor=None, trajectory=trajectory, proposal=proposal)

    assert [plg.name for plg in created] == ["PLG 1", "PLG 2"]
    for plg, proposed in zip(created, proposal.plgs, strict=True):
        assert sorted(plg.members.values_list("ref", flat=True)) == sorted(proposed.participants)
        assert plg.partnership.ref == proposed.partnership_ref
    audit = AuditEntry.objects.get(action="plg_proposal_accept")
    assert audit.detail["plgs"] == [plg.pk for plg in created]
    assert AuditEntry.objects.filter(action="plg_create").count() == 2


def test_accepting_renames_assigns_coaches_and_leaves_out(trajectory):
    enrol_partnership(trajectory, "SG Brugge", 4)
    enrol_partnership(trajectory, "SG Gent", 4)
    coach = factories.CoachFactory()
    proposal = proposal_for_trajectory(trajectory)

    created = plg_proposal_accept(
        actor=None,
        trajectory=trajectory,
        proposal=proposal,
        names={0: "  PLG Brugge "},
        coaches={0: coach},
        exclude={1},
    )

    (plg,) = created
    assert (plg.name, plg.coach) == ("PLG Brugge", coach)
    assert PLG.objects.filter(trajectory=trajectory).count() == 1


def test_accepting_a_taken_name_writes_nothing(trajectory):
    enrol_partnership(trajectory, "SG Brugge", 4)
    enrol_partnership(trajectory, "SG Gent", 4)
    factories.PLGFactory(
        trajectory=trajectory, name="Kempen", partnership=factories.PartnershipFactory()
    )
    proposal = proposal_for_trajectory(trajectory)

    with pytest.raises(ValidationError) as raised:
        plg_proposal_accept(
            actor=None, trajectory=trajectory, proposal=proposal, names={1: "Kempen"}
        )

    assert "A PLG named Kempen already exists in this trajectory." in raised.value.messages
    assert list(PLG.objects.filter(trajectory=trajectory).values_list("name", flat=True)) == [
        "Kempen"
    ]
    assert not AuditEntry.objects.filter(action__startswith="plg_").exists()


def test_accepting_the_same_name_twice_is_refused(trajectory):
    enrol_partnership(trajectory, "SG Brugge", 4)
    enrol_partnership(trajectory, "SG Gent", 4)
    proposal = proposal_for_trajectory(trajectory)

    with pytest.raises(ValidationError, match="given to two PLGs"):
        plg_proposal_accept(
            actor=None, trajectory=trajectory, proposal=proposal, names={0: "X", 1: "X"}
        )

    assert not PLG.objects.exists()


def test_accepting_a_stale_proposal_is_refused(trajectory):
    enrol_partnership(trajectory, "SG Brugge", 4)
    proposal = proposal_for_trajectory(trajectory)
    plg_proposal_accept(actor=None, trajectory=trajectory, proposal=proposal)

    with pytest.raises(ValidationError, match="already has a PLG"):
        plg_proposal_accept(
            actor=None, trajectory=trajectory, proposal=proposal, names={0: "Nieuw"}
        )

    assert PLG.objects.count() == 1


def test_accepting_a_member_placed_meanwhile_writes_nothing(trajectory):
    enrol_partnership(trajectory, "SG Brugge", 4)
    enrol_partnership(trajectory, "SG Gent", 4)
    proposal = proposal_for_trajectory(trajectory)
    elsewhere = factories.PLGFactory(trajectory=trajectory, name="Elders")
    moved = Person.objects.get(ref=proposal.plgs[1].participants[0])
    factories.PLGMembershipFactory(plg=elsewhere, person=moved)

    with pytest.raises(ValidationError, match="PLG 2: .* already a member of Elders"):
        plg_proposal_accept(actor=None, trajectory=trajectory, proposal=proposal)

    assert list(PLG.objects.values_list("name", flat=True)) == ["Elders"]


def test_accepting_with_an_unknown_position_is_refused(trajectory):
    enrol_partnership(trajectory, "SG Brugge", 4)
    proposal = proposal_for_trajectory(trajectory)

    with pytest.raises(ValidationError, match="no PLG at position 3"):
        plg_proposal_accept(actor=None, trajectory=trajectory, proposal=proposal, exclude={3})


# --- the command ---------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("plgs", "propose", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_the_plgs_and_warnings(trajectory):
    enrol_partnership(trajectory, "SG Kempen", 19)
    enrol_partnership(trajectory, "SG Brugge", 3, leaders=1)

    out, _ = run("--trajectory", "pdt-2021")

    assert "3 PLGs proposed for PDT 2021." in out
    assert "PLG 1 – SG Brugge" in out
    assert "PLG 2 – SG Kempen (part 1 of 2)\n  10 schools, 20 participants" in out
    assert "PLG 3 – SG Kempen (part 2 of 2)\n  9 schools, 18 participants" in out
    assert "  - SG Kempen school 1 (Brugge): 2" in out
    assert "partnership_below_minimum: SG Brugge has 3 schools" in out
    assert out.count("school_single_leader:") == 3
    assert not PLG.objects.exists()


def test_the_command_prints_csv_with_warnings_apart(trajectory):
    enrol_partnership(trajectory, "SG Kempen", 12)
    enrol_partnership(trajectory, "SG Brugge", 3)

    out, err = run("--trajectory", "pdt-2021", "--format", "csv")

    lines = out.splitlines()
    assert lines[0] == "name,partnership,part,parts,schools,participants,school_names"
    assert lines[1] == "PLG 1,SG Brugge,1,1,3,6,SG Brugge school 1; SG Brugge school 2; " + (
        "SG Brugge school 3"
    )
    assert lines[2].startswith("PLG 2,SG Kempen,1,2,6,12,")
    assert "partnership_below_minimum" in err


def test_the_command_csv_puts_a_quote_before_names_that_start_like_a_formula(trajectory):
    enrol_partnership(trajectory, '=HYPERLINK("http://x","klik")', 4)

    out, _ = run("--trajectory", "pdt-2021", "--format", "csv")

    assert out.splitlines()[1].startswith('PLG 1,"\'=HYPERLINK(""http://x"",""klik"")",1,1,4,8,')


def test_the_command_accepts_the_proposal(trajectory):
    enrol_partnership(trajectory, "SG Kempen", 12)

    out, _ = run("--trajectory", "pdt-2021", "--accept")

    assert "Created 2 PLGs: PLG 1, PLG 2." in out
    assert list(PLG.objects.order_by("name").values_list("name", flat=True)) == [
        "PLG 1",
        "PLG 2",
    ]


def test_the_command_accepts_nothing_when_nothing_is_proposed(trajectory):
    out, _ = run("--trajectory", "pdt-2021", "--accept")

    assert "0 PLGs proposed" in out
    assert "Nothing to create." in out


def test_the_command_rejects_an_unknown_trajectory(trajectory):
    with pytest.raises(CommandError, match="Unknown trajectory 'nope'; known trajectories: pdt"):
        run("--trajectory", "nope")


def test_a_proposal_from_scratch_ignores_existing_plgs(world):
    assert proposal_for_trajectory(world.trajectory).plgs == ()
    fresh = proposal_for_trajectory(world.trajectory, from_scratch=True)
    assert {plg.partnership_ref for plg in fresh.plgs} == {
        world.plg.partnership.ref,
        world.other_plg.partnership.ref,
    }
    assert [plg.name for plg in fresh.plgs] == ["PLG 1", "PLG 2"]
    assert {frozenset(plg.participants) for plg in fresh.plgs} == {
        frozenset(world.plg.members.values_list("ref", flat=True)),
        frozenset(world.other_plg.members.values_list("ref", flat=True)),
    }


def test_the_composer_page_previews_from_scratch_read_only(world, client):
    client.force_login(world.organiser)
    url = reverse("trajectories:composer", kwargs={"slug": world.trajectory.slug})
    assert "from_scratch=1" in client.get(url).content.decode()
    preview = client.get(url, {"from_scratch": "1"})
    assert preview.status_code == 200
    assert world.member.full_name in preview.content.decode()
    before = PLG.objects.count()
    client.post(f"{url}?from_scratch=1", {})
    assert PLG.objects.count() == before


def test_the_command_refuses_from_scratch_with_accept(world):
    with pytest.raises(CommandError, match="preview"):
        call_command(
            "plgs", "propose", "--trajectory", world.trajectory.slug, "--from-scratch", "--accept"
        )
