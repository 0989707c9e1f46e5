"""The demo dataset reproduces the figures of the study's 2021–2023 trajectory."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time

from leadtogether.demo import dataset
from leadtogether.demo.dataset import (
    ACCOUNTS,
    PARTNERSHIPS,
    PEOPLE,
    PLGS,
    SCHOOLS,
    TRAJECTORY,
    DemoPerson,
    DemoSession,
    sessions,
)

# Table 1 of the study: level × function of the respondents.
TABLE_1 = {
    ("primary", "management"): 34,
    ("primary", "middle"): 22,
    ("secondary", "management"): 42,
    ("secondary", "middle"): 33,
}

# Table 2 of the study: PLG → (participants, schools, level, form, participation,
# learning level); participation "" stands for "–" (form B).
TABLE_2 = {
    1: (7, 4, 1, "A", "partial", 3),
    2: (10, 5, 1, "A", "partial", 4),
    3: (8, 4, 1, "B", "", 1),
    4: (11, 8, 1, "A", "full", 2),
    5: (13, 9, 1, "A", "full", 2),
    6: (7, 4, 1, "A", "partial", 2),
    7: (11, 6, 2, "A+", "partial", 3),
    8: (12, 5, 2, "A+", "partial", 2),
    9: (5, 4, 2, "A", "partial", 2),
    10: (11, 4, 2, "A+", "full", 3),
    11: (8, 4, 2, "A+", "partial", 2),
    12: (6, 4, 2, "A", "full", 2),
    13: (5, 4, 2, "A+", "partial", 2),
    14: (9, 3, 2, "A", "full", 2),
    15: (8, 5, 2, "B", "", 1),
}

SCHOOL_BY_REF = {school.ref: school for school in SCHOOLS}
PARTNERSHIP_BY_REF = {partnership.ref: partnership for partnership in PARTNERSHIPS}
PLG_BY_REF = {plg.ref: plg for plg in PLGS}
PARTICIPANTS = [person for person in PEOPLE if person.enrolled]
RESPONDENTS = [person for person in PARTICIPANTS if person.research_consent]
COACHES = [person for person in PEOPLE if not person.enrolled]
SESSIONS = sessions()


def _level(person: DemoPerson) -> str:
    return SCHOOL_BY_REF[person.school_ref].level


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole)


def _members(plg_ref: str) -> list[DemoPerson]:
    return [person for person in PARTICIPANTS if person.plg_ref == plg_ref]


def _plg_schools(plg_ref: str) -> set[str]:
    return {person.school_ref for person in _members(plg_ref)}


def _of_kind(kind: str) -> list[DemoSession]:
    return [session for session in SESSIONS if session.kind == kind]


def _partnership_of_school() -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for partnership in PARTNERSHIPS:
        for ref in partnership.school_refs:
            owners.setdefault(ref, []).append(partnership.ref)
    return owners


# --- trajectory -------------------------------------------------------------------------


def test_the_trajectory_is_the_studys_2021_cohort():
    assert TRAJECTORY.slug == "schoolleiders-2021"
    assert TRAJECTORY.name == "Professionaliseringstraject schoolleiders 2021–2023"
    assert (TRAJECTORY.start, TRAJECTORY.year_one_end) == (date(2021, 9, 1), date(2022, 8, 31))
    assert (TRAJECTORY.end, TRAJECTORY.follow_up_end) == (date(2023, 8, 31), date(2024, 8, 31))


# --- participants -----------------------------------------------------------------------


def test_149_participants_are_enrolled_each_with_school_function_and_plg():
    assert len(PARTICIPANTS) == 149
    for person in PARTICIPANTS:
        assert person.school_ref in SCHOOL_BY_REF
        assert person.function_category in {"management", "middle"}
        assert person.plg_ref in PLG_BY_REF


def test_131_participants_consented_and_18_did_not():
    assert len(RESPONDENTS) == 131
    assert sum(not person.research_consent for person in PARTICIPANTS) == 18


def test_respondents_reproduce_table_1():
    table = Counter((_level(person), person.function_category) for person in RESPONDENTS)
    assert dict(table) == TABLE_1


def test_levels_are_43_and_57_percent_of_participants():
    levels = Counter(_level(person) for person in PARTICIPANTS)
    assert levels == {"primary": 64, "secondary": 85}
    assert _percent(levels["primary"], 149) == 43
    assert _percent(levels["secondary"], 149) == 57


def test_functions_are_58_and_42_percent_of_participants():
    functions = Counter(person.function_category for person in PARTICIPANTS)
    assert functions["management"] in {86, 87}
    assert functions["management"] + functions["middle"] == 149
    assert _percent(functions["management"], 149) == 58
    assert _percent(functions["middle"], 149) == 42


def test_93_percent_enrolled_with_a_colleague():
    per_school = Counter(person.school_ref for person in PARTICIPANTS)
    with_colleague = sum(per_school[person.school_ref] > 1 for person in PARTICIPANTS)
    assert _percent(with_colleague, 149) == 93


def test_schools_have_two_leaders_as_a_rule_and_a_few_one_or_three():
    sizes = Counter(Counter(person.school_ref for person in PARTICIPANTS).values())
    assert set(sizes) == {1, 2, 3}
    assert sizes[2] > sizes[1] + sizes[3]


def test_function_titles_match_their_category():
    titles = {
        "management": {"directeur", "adjunct-directeur", "coördinerend directeur"},
        "middle": {
            "coördinator",
            "beleidsmedewerker",
            "zorgcoördinator",
            "ICT-coördinator",
            "graadcoördinator",
            "technisch adviseur-coördinator",
        },
    }
    for person in PARTICIPANTS:
        assert person.function_title in titles[person.function_category]


def test_coordinating_directors_are_few_and_in_scholengemeenschappen():
    owners = _partnership_of_school()
    directors = [p for p in PARTICIPANTS if p.function_title == "coördinerend directeur"]
    assert 1 <= len(directors) <= 4
    for person in directors:
        assert PARTNERSHIP_BY_REF[owners[person.school_ref][0]].form in {"A", "A+"}


# --- PLGs and partnerships ---------------------------------------------------------------


def test_plgs_reproduce_table_2():
    assert [plg.name for plg in PLGS] == [f"PLG {number}" for number in range(1, 16)]
    for plg in PLGS:
        respondents = [person for person in _members(plg.ref) if person.research_consent]
        levels = {_level(person) for person in _members(plg.ref)}
        assert len(levels) == 1
        partnership = PARTNERSHIP_BY_REF[plg.partnership_ref]
        row = (
            len(respondents),
            len({person.school_ref for person in respondents}),
            1 if levels == {"primary"} else 2,
            partnership.form,
            partnership.participation,
            partnership.learning_level,
        )
        assert row == TABLE_2[int(plg.name.removeprefix("PLG "))], plg.name


def test_table_2_totals_are_131_respondents_in_73_schools():
    assert len(RESPONDENTS) == sum(row[0] for row in TABLE_2.values()) == 131
    respondent_schools = {person.school_ref for person in RESPONDENTS}
    assert len(respondent_schools) == sum(row[1] for row in TABLE_2.values()) == 73


def test_14_partnerships_of_4_to_19_schools():
    assert len(PARTNERSHIPS) == 14
    for partnership in PARTNERSHIPS:
        assert 4 <= len(partnership.school_refs) <= 19, partnership.name
    assert max(len(partnership.school_refs) for partnership in PARTNERSHIPS) == 19


def test_every_school_belongs_to_one_partnership_and_has_an_enrolled_leader():
    owners = _partnership_of_school()
    assert set(owners) == set(SCHOOL_BY_REF)
    assert all(len(refs) == 1 for refs in owners.values())
    assert {person.school_ref for person in PARTICIPANTS} == set(SCHOOL_BY_REF)


def test_a_plg_holds_all_leaders_of_its_schools_within_its_partnership():
    plgs_of_school: dict[str, set[str]] = {}
    for person in PARTICIPANTS:
        plgs_of_school.setdefault(person.school_ref, set()).add(person.plg_ref)
    assert all(len(plg_refs) == 1 for plg_refs in plgs_of_school.values())
    for plg in PLGS:
        assert _plg_schools(plg.ref) <= set(PARTNERSHIP_BY_REF[plg.partnership_ref].school_refs)


def test_one_partnership_per_plg_except_the_split_one():
    partnership_refs = Counter(plg.partnership_ref for plg in PLGS)
    assert len(partnership_refs) == 14
    split = [ref for ref, count in partnership_refs.items() if count == 2]
    assert len(split) == 1
    assert {plg.name for plg in PLGS if plg.partnership_ref == split[0]} == {"PLG 4", "PLG 5"}


def test_the_19_school_partnership_splits_into_plg_4_and_plg_5_in_sorted_order():
    plg_4, plg_5 = PLG_BY_REF["PLG04"], PLG_BY_REF["PLG05"]
    partnership = PARTNERSHIP_BY_REF[plg_4.partnership_ref]
    assert (partnership.form, partnership.participation, partnership.learning_level) == (
        "A",
        "full",
        2,
    )
    assert len(partnership.school_refs) == 19
    ordered = sorted(
        partnership.school_refs,
        key=lambda ref: (SCHOOL_BY_REF[ref].region, SCHOOL_BY_REF[ref].name),
    )
    assert set(ordered[:10]) == _plg_schools(plg_4.ref)
    assert set(ordered[10:]) == _plg_schools(plg_5.ref)
    declined_only = _plg_schools(plg_4.ref) - {p.school_ref for p in RESPONDENTS}
    assert len(declined_only) == 2


def test_plg_14_partnership_reaches_four_schools_with_a_non_consenting_school():
    plg = PLG_BY_REF["PLG14"]
    partnership = PARTNERSHIP_BY_REF[plg.partnership_ref]
    assert len(partnership.school_refs) == 4
    respondent_schools = {p.school_ref for p in RESPONDENTS if p.plg_ref == plg.ref}
    assert len(respondent_schools) == 3


def test_networks_are_consistent_in_scholengemeenschappen_and_mixed_in_networks():
    networks = {"GO!", "Katholiek Onderwijs Vlaanderen", "OVSG", "POV"}
    assert {school.network for school in SCHOOLS} == networks
    for partnership in PARTNERSHIPS:
        schools = [SCHOOL_BY_REF[ref] for ref in partnership.school_refs]
        partnership_networks = {school.network for school in schools}
        if partnership.form == "B":
            assert partnership.participation == ""
            assert len(partnership_networks) > 1
            assert len({school.region for school in schools}) == len(schools)
        else:
            assert partnership.participation in {"partial", "full"}
            assert len(partnership_networks) == 1


def test_school_levels_and_names():
    assert {school.level for school in SCHOOLS} == {"primary", "secondary"}
    assert len({school.name for school in SCHOOLS}) == len(SCHOOLS)
    for school in SCHOOLS:
        assert school.region
        if school.level == "primary":
            assert "Basisschool" in school.name


# --- people -------------------------------------------------------------------------------


def test_refs_are_unique_and_well_formed():
    assert [school.ref for school in SCHOOLS] == [f"S{n:03d}" for n in range(1, 77)]
    assert [p.ref for p in PARTNERSHIPS] == [f"SV{n:02d}" for n in range(1, 15)]
    assert [plg.ref for plg in PLGS] == [f"PLG{n:02d}" for n in range(1, 16)]
    assert [p.ref for p in PARTICIPANTS] == [f"P{n:03d}" for n in range(1, 150)]
    assert [p.ref for p in COACHES] == [f"C{n:02d}" for n in range(1, 9)]
    session_refs = [session.ref for session in SESSIONS]
    assert len(session_refs) == len(set(session_refs))


def test_names_and_emails_are_unique_and_example_addresses():
    full_names = [(person.first_name, person.last_name) for person in PEOPLE]
    assert len(full_names) == len(set(full_names))
    emails = [person.email for person in PEOPLE]
    assert len(emails) == len(set(emails))
    for email in emails:
        assert re.fullmatch(r"[a-z0-9.]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.example", email), email


def test_eight_coaches_guide_the_fifteen_plgs():
    assert len(COACHES) == 8
    for coach in COACHES:
        assert coach.school_ref is None
        assert coach.function_title == "PLG-coach"
        assert coach.function_category == ""
        assert not coach.research_consent
        assert coach.plg_ref is None
    plgs_per_coach = Counter(plg.coach_ref for plg in PLGS)
    assert set(plgs_per_coach) == {coach.ref for coach in COACHES}
    assert max(plgs_per_coach.values()) == 2


# --- sessions -----------------------------------------------------------------------------


def test_sessions_are_the_same_on_every_call():
    assert sessions() == sessions()


def test_sessions_lie_in_the_training_years_and_are_held_or_cancelled():
    for session in SESSIONS:
        assert datetime(2021, 9, 1) <= session.starts_at < session.ends_at
        assert session.ends_at <= datetime(2023, 6, 30, 23, 59)
        assert session.starts_at.tzinfo is None
        assert session.starts_at.weekday() < 5
        assert session.status in {"held", "cancelled"}
        assert all(status in {"present", "absent", "excused"} for _, status in session.attendance)


def test_eight_training_days_four_per_year_with_everyone_on_the_list():
    training_days = _of_kind("training_day")
    assert [session.ref for session in training_days] == [f"TD{n}" for n in range(1, 9)]
    years = Counter(
        session.starts_at.date() <= TRAJECTORY.year_one_end for session in training_days
    )
    assert years == {True: 4, False: 4}
    participant_refs = [person.ref for person in PARTICIPANTS]
    for session in training_days:
        assert session.starts_at.time() == time(9, 0)
        assert session.ends_at.time() == time(16, 0)
        assert session.status == "held"
        assert session.location
        assert sorted(ref for ref, _ in session.attendance) == participant_refs
        statuses = Counter(status for _, status in session.attendance)
        assert statuses["present"] > 0.85 * 149


def test_four_plg_meetings_per_plg_per_training_year():
    meetings = _of_kind("plg_meeting")
    assert len(meetings) == 120
    per_plg_year = Counter(
        (meeting.plg_ref, meeting.starts_at.date() <= TRAJECTORY.year_one_end)
        for meeting in meetings
    )
    assert set(per_plg_year.values()) == {4}
    assert len(per_plg_year) == 30
    for meeting in meetings:
        assert meeting.starts_at.hour >= 13
        assert meeting.person_ref is None


def test_plg_meetings_take_place_at_a_school_of_the_plg():
    for meeting in _of_kind("plg_meeting"):
        names = {
            f"{SCHOOL_BY_REF[ref].name}, {SCHOOL_BY_REF[ref].region}"
            for ref in _plg_schools(meeting.plg_ref)
        }
        assert meeting.location in names


def test_a_handful_of_plg_meetings_is_cancelled_with_a_reason_and_no_attendance():
    cancelled = [session for session in SESSIONS if session.status == "cancelled"]
    assert 3 <= len(cancelled) <= 6
    for session in cancelled:
        assert session.kind == "plg_meeting"
        assert session.cancel_reason
        assert session.attendance == ()


def test_held_plg_meetings_list_the_plg_members():
    for meeting in _of_kind("plg_meeting"):
        if meeting.status == "held":
            assert meeting.cancel_reason == ""
            member_refs = sorted(person.ref for person in _members(meeting.plg_ref))
            assert sorted(ref for ref, _ in meeting.attendance) == member_refs


def test_one_or_two_meetings_were_moved_and_held_on_another_date():
    moved = [m for m in _of_kind("plg_meeting") if "verplaatst" in m.title]
    assert 1 <= len(moved) <= 2
    assert all(meeting.status == "held" for meeting in moved)


def test_coaching_is_given_by_the_plg_coach_at_most_three_times():
    coaching = _of_kind("coaching")
    per_person = Counter(session.person_ref for session in coaching)
    assert max(per_person.values()) <= 3
    assert len(per_person) > 0.75 * len(PARTICIPANTS)
    people = {person.ref: person for person in PARTICIPANTS}
    for session in coaching:
        person = people[session.person_ref]
        assert session.plg_ref == person.plg_ref
        assert session.status == "held"
        assert session.attendance == ((person.ref, "present"),)


def test_no_coach_is_booked_twice_on_one_day():
    coach_of = {plg.ref: plg.coach_ref for plg in PLGS}
    days = Counter(
        (coach_of[session.plg_ref], session.starts_at.date())
        for session in SESSIONS
        if session.kind != "training_day"
    )
    assert max(days.values()) == 1
    training_days = {session.starts_at.date() for session in _of_kind("training_day")}
    assert not training_days & {day for _, day in days}


# --- accounts -----------------------------------------------------------------------------


def test_one_demo_account_per_role():
    assert [account.username for account in ACCOUNTS] == [
        "organisator",
        "coach",
        "deelnemer",
        "directeur",
        "onderzoeker",
    ]
    assert [account.role for account in ACCOUNTS] == [
        "organiser",
        "coach",
        "participant",
        "director",
        "researcher",
    ]
    assert {account.password for account in ACCOUNTS} == {"leadtogether-demo"}


def test_demo_accounts_are_linked_to_the_right_people():
    accounts = {account.username: account for account in ACCOUNTS}
    people = {person.ref: person for person in PEOPLE}
    assert accounts["organisator"].person_ref is None
    assert accounts["onderzoeker"].person_ref is None
    assert accounts["coach"].person_ref == PLG_BY_REF["PLG03"].coach_ref
    participant = people[accounts["deelnemer"].person_ref]
    assert participant.plg_ref == "PLG03"
    assert participant.research_consent
    director = accounts["directeur"]
    person = people[director.person_ref]
    assert person.enrolled
    assert person.function_title == "coördinerend directeur"
    partnership = PARTNERSHIP_BY_REF[director.partnership_ref]
    assert partnership.form in {"A", "A+"}
    assert person.school_ref in partnership.school_refs
    assert all(account.partnership_ref is None for account in ACCOUNTS if account is not director)


def test_the_module_documents_its_choices():
    assert dataset.__doc__ is not None
    for topic in ("consent", "one or three", "split", "Coaches"):
        assert topic in dataset.__doc__
