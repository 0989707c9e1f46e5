import pandas as pd
import pytest

from leadtogether.analysis.reports import (
    REPORTS,
    MissingFrames,
    UnknownReport,
    build_report,
    get_report,
)
from leadtogether.analysis.tables import (
    participant_profile,
    plg_overview,
    respondents_by_level_function,
)
from leadtogether.lib.tables import render_csv, render_markdown

# Table 2 of the study: PLG number -> (respondents, schools, level, form, participation,
# learning level)
STUDY_PLGS = {
    1: (7, 4, "primary", "A", "partial", 3),
    2: (10, 5, "primary", "A", "partial", 4),
    3: (8, 4, "primary", "B", "", 1),
    4: (11, 8, "primary", "A", "full", 2),
    5: (13, 9, "primary", "A", "full", 2),
    6: (7, 4, "primary", "A", "partial", 2),
    7: (11, 6, "secondary", "A+", "partial", 3),
    8: (12, 5, "secondary", "A+", "partial", 2),
    9: (5, 4, "secondary", "A", "partial", 2),
    10: (11, 4, "secondary", "A+", "full", 3),
    11: (8, 4, "secondary", "A+", "partial", 2),
    12: (6, 4, "secondary", "A", "full", 2),
    13: (5, 4, "secondary", "A+", "partial", 2),
    14: (9, 3, "secondary", "A", "full", 2),
    15: (8, 5, "secondary", "B", "", 1),
}
# Table 1 of the study: managers per level (the other respondents are middle management)
STUDY_MANAGERS = {"primary": 34, "secondary": 42}
# 149 participants started, 131 of them are respondents
STUDY_NON_RESPONDENTS = 149 - 131

TABLE_1_CSV = (
    "level,function,n,column_pct\n"
    "primary,management,34,44.7\n"
    "primary,middle,22,40.0\n"
    "primary,total,56,42.7\n"
    "secondary,management,42,55.3\n"
    "secondary,middle,33,60.0\n"
    "secondary,total,75,57.3\n"
    "total,management,76,100.0\n"
    "total,middle,55,100.0\n"
    "total,total,131,100.0\n"
)

TABLE_2_CSV = (
    "plg,participants,schools,level,form,participation,learning_level\n"
    "PLG 1,7,4,primary,A,partial,3\n"
    "PLG 2,10,5,primary,A,partial,4\n"
    "PLG 3,8,4,primary,B,,1\n"
    "PLG 4,11,8,primary,A,full,2\n"
    "PLG 5,13,9,primary,A,full,2\n"
    "PLG 6,7,4,primary,A,partial,2\n"
    "PLG 7,11,6,secondary,A+,partial,3\n"
    "PLG 8,12,5,secondary,A+,partial,2\n"
    "PLG 9,5,4,secondary,A,partial,2\n"
    "PLG 10,11,4,secondary,A+,full,3\n"
    "PLG 11,8,4,secondary,A+,partial,2\n"
    "PLG 12,6,4,secondary,A,full,2\n"
    "PLG 13,5,4,secondary,A+,partial,2\n"
    "PLG 14,9,3,secondary,A,full,2\n"
    "PLG 15,8,5,secondary,B,,1\n"
    "N,131,73,,,,\n"
)


def participants_frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["person_id", "research_consent", "school_id", "level", "function", "plg_id"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype(
        {
            "person_id": "string",
            "research_consent": "bool",
            "school_id": "string",
            "level": "string",
            "function": "string",
            "plg_id": "string",
        }
    )


def plgs_frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["plg_id", "plg", "partnership_id", "form", "participation", "learning_level"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"learning_level": "Int64"})


def person(
    number: int,
    *,
    level="primary",
    function="management",
    plg_id="p1",
    school_id="s1",
    consent=True,
) -> dict:
    return {
        "person_id": f"person-{number}",
        "research_consent": consent,
        "school_id": school_id,
        "level": level,
        "function": function,
        "plg_id": plg_id,
    }


def plg(plg_id: str, name: str, *, form="A", participation="full", learning_level=2) -> dict:
    return {
        "plg_id": plg_id,
        "plg": name,
        "partnership_id": f"partnership-{plg_id}",
        "form": form,
        "participation": participation,
        "learning_level": learning_level,
    }


def study_frames() -> dict[str, pd.DataFrame]:
    """Participants and PLGs that reproduce Tables 1 and 2 of the study."""
    people: list[dict] = []
    managers_left = dict(STUDY_MANAGERS)
    for number, (size, schools, level, *_) in STUDY_PLGS.items():
        for seat in range(size):
            function = "management" if managers_left[level] > 0 else "middle"
            managers_left[level] -= function == "management"
            people.append(
                person(
                    len(people),
                    level=level,
                    function=function,
                    plg_id=f"plg-{number}",
                    school_id=f"school-{number}-{seat % schools}",
                )
            )
    for extra in range(STUDY_NON_RESPONDENTS):
        # without research consent: their own schools must not show up in any count
        people.append(
            person(
                len(people),
                consent=False,
                level="secondary",
                plg_id=f"plg-{extra % 15 + 1}",
                school_id=f"school-without-consent-{extra}",
            )
        )
    plgs = [
        plg(
            f"plg-{number}",
            f"PLG {number}",
            form=form,
            participation=participation,
            learning_level=learning,
        )
        for number, (*_, form, participation, learning) in STUDY_PLGS.items()
    ]
    # stored order is not the natural order of the names
    plgs.reverse()
    return {"participants": participants_frame(people), "plgs": plgs_frame(plgs)}


def test_table_1_reproduces_the_study():
    table = respondents_by_level_function(study_frames()["participants"])

    assert render_csv(table) == TABLE_1_CSV


def test_table_1_has_the_public_columns_and_types():
    table = respondents_by_level_function(study_frames()["participants"])

    assert list(table.columns) == ["level", "function", "n", "column_pct"]
    assert table["n"].dtype == "int64"
    assert table["column_pct"].dtype == "float64"


def test_table_1_rounds_half_up():
    # 1 of 16 managers is 6.25 %, which banker's rounding would make 6.2
    people = [person(0, level="primary")]
    people += [person(n, level="secondary") for n in range(1, 16)]

    table = respondents_by_level_function(participants_frame(people))

    row = table[(table["level"] == "primary") & (table["function"] == "management")]
    assert row["column_pct"].tolist() == [6.3]


def test_table_1_leaves_out_respondents_without_level_or_function_or_consent():
    people = [
        person(1, level="primary", function="middle"),
        person(2, level=None, function="middle"),
        person(3, level="secondary", function=None),
        person(4, level="secondary", function="middle", consent=False),
    ]

    table = respondents_by_level_function(participants_frame(people))

    assert table["n"].tolist() == [0, 1, 1, 0, 0, 0, 0, 1, 1]


def test_table_1_gives_zero_percent_for_an_empty_column():
    table = respondents_by_level_function(participants_frame([]))

    assert table["n"].tolist() == [0] * 9
    assert table["column_pct"].tolist() == [0.0] * 9


def test_table_2_reproduces_the_study():
    frames = study_frames()

    table = plg_overview(frames["participants"], frames["plgs"])

    assert render_csv(table) == TABLE_2_CSV


def test_table_2_has_the_public_columns():
    frames = study_frames()

    table = plg_overview(frames["participants"], frames["plgs"])

    assert list(table.columns) == [
        "plg",
        "participants",
        "schools",
        "level",
        "form",
        "participation",
        "learning_level",
    ]


def test_table_2_lists_a_plg_without_respondents_with_zeros_and_empty_level():
    participants = participants_frame([person(1, plg_id="p1")])
    plgs = plgs_frame([plg("p1", "PLG 1"), plg("p2", "PLG 2", learning_level=None)])

    table = plg_overview(participants, plgs)

    assert render_csv(table) == (
        "plg,participants,schools,level,form,participation,learning_level\n"
        "PLG 1,1,1,primary,A,full,2\n"
        "PLG 2,0,0,,A,full,\n"
        "N,1,1,,,,\n"
    )


def test_table_2_calls_a_plg_with_both_levels_mixed():
    participants = participants_frame(
        [
            person(1, level="primary", school_id="s1"),
            person(2, level="secondary", school_id="s2"),
        ]
    )

    table = plg_overview(participants, plgs_frame([plg("p1", "PLG 1")]))

    assert table["level"].tolist() == ["mixed", ""]


def test_table_2_total_counts_shared_schools_once_and_skips_respondents_outside_plgs():
    participants = participants_frame(
        [
            person(1, plg_id="p1", school_id="s1"),
            person(2, plg_id="p2", school_id="s1"),
            person(3, plg_id="p2", school_id="s2"),
            person(4, plg_id=None, school_id="s3"),
            person(5, plg_id="unknown", school_id="s4"),
            person(6, plg_id="p2", school_id=None),
        ]
    )
    plgs = plgs_frame([plg("p1", "PLG 1"), plg("p2", "PLG 2")])

    table = plg_overview(participants, plgs)

    assert table["participants"].tolist() == [1, 3, 4]
    assert table["schools"].tolist() == [1, 2, 2]


def test_markdown_of_table_2_shows_the_study_cells():
    frames = study_frames()

    text = render_markdown(plg_overview(frames["participants"], frames["plgs"]), "Table 2")

    rows = [
        [cell.strip() for cell in line.split("|")[1:-1]]
        for line in text.splitlines()
        if line.startswith("|")
    ]
    assert rows[0] == [
        "plg",
        "participants",
        "schools",
        "level",
        "form",
        "participation",
        "learning_level",
    ]
    assert ["PLG 10", "11", "4", "secondary", "A+", "full", "3"] in rows
    assert ["PLG 15", "8", "5", "secondary", "B", "", "1"] in rows
    assert rows[-1] == ["N", "131", "73", "", "", "", ""]


def test_the_study_reports_are_registered():
    assert list(REPORTS) == [
        "respondents-by-level-function",
        "plg-overview",
        "participant-profile",
        "prior-plg-experience",
        "continuation-intention",
        "response-rates",
    ]
    assert get_report("plg-overview").frames == ("participants", "plgs")


def test_build_report_passes_the_named_frames():
    frames = study_frames()
    frames["unused"] = pd.DataFrame()

    table = build_report(get_report("respondents-by-level-function"), frames)

    assert render_csv(table) == TABLE_1_CSV


def test_build_report_names_missing_frames():
    frames = study_frames()
    del frames["plgs"]

    with pytest.raises(MissingFrames, match="plg-overview.*plgs"):
        build_report(get_report("plg-overview"), frames)


def test_unknown_report_lists_the_known_names():
    with pytest.raises(UnknownReport) as error:
        get_report("nope")

    assert isinstance(error.value, KeyError)
    assert str(error.value) == (
        "Unknown report 'nope'; known reports: continuation-intention, participant-profile, "
        "plg-overview, prior-plg-experience, respondents-by-level-function, response-rates."
    )


@pytest.fixture
def english():
    from django.conf import settings
    from django.utils import translation

    if not settings.configured:
        settings.configure(USE_I18N=False)
    with translation.override("en"):
        yield


def test_report_titles_are_the_study_table_names(english):
    titles = {name: str(report.title) for name, report in REPORTS.items()}

    assert titles == {
        "respondents-by-level-function": "Respondents by level and function (Table 1)",
        "plg-overview": "PLGs at the start of the trajectory (Table 2)",
        "participant-profile": "Enrolled participants by level, function and colleague",
        "prior-plg-experience": "Prior participation in learning communities (Table 3)",
        "continuation-intention": "Wish to continue the PLG after the trajectory",
        "response-rates": "Survey response per moment and PLG",
    }
    assert all(str(report.description).endswith(".") for report in REPORTS.values())


def test_participant_profile_counts_all_enrolled_participants():
    participants = pd.DataFrame(
        {
            "person_id": ["a", "b", "c", "d"],
            "research_consent": [True, False, True, True],
            "school_id": ["s1", "s1", "s2", pd.NA],
            "level": ["primary", "primary", "secondary", pd.NA],
            "function": ["management", "middle", "management", "middle"],
            "plg_id": ["p", "p", "q", pd.NA],
        }
    )
    table = participant_profile(participants)
    assert render_csv(table) == (
        "group,value,n,pct\n"
        "participants,total,4,100.0\n"
        "level,primary,2,50.0\n"
        "level,secondary,1,25.0\n"
        "function,management,2,50.0\n"
        "function,middle,2,50.0\n"
        "colleague,with_colleague,2,50.0\n"
        "colleague,without_colleague,2,50.0\n"
    )
