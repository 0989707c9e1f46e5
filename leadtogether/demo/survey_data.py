"""The demo trajectory's surveys: who was invited, who answered what and when.

Pure Python and deterministic (seeded generators), like ``dataset``. The four study
moments ask the built-in instruments: the baseline ``study-baseline``, the ends of
training years 1 and 2 ``study-end-of-year`` and the year after ``study-one-year-after``.
Every enrolled participant (149) is invited at every moment; "respondents" are the 131
who consented to research use. The records reproduce what the study reports
(Tanghe & Schelfhout, 2026); where it leaves freedom, these are the choices.

Baseline (09/2021).
  All 149 participants submit the baseline survey. Job title, function, level and the
  partnership (its number of schools and form) are answered as the registry holds them,
  and the consent answer is the enrolment's research consent. Table 3: 8 of the 131
  respondents skip the (optional) prior-experience question, drawn at random; the other
  123 get the answers of Table 3 (43 none, 18 limited, 21 more extensive and general,
  25 more extensive and in depth, 16 intensive), handed out in order of a score that
  leans on the partnership's collective-learning level at the start plus chance, so
  leaders of partnerships that already learned together more often report more
  experience. The 18 other participants answer the question at random.

End of training year 1 (05/2022) and year 2 (05/2023).
  All 131 respondents submit the end-of-year survey (N = 131 both times); 11 and 9 of
  the 18 participants without research consent also do, the others never open it. Every
  PLG intends to continue (100 %, as the study reports): 4 respondents (year 1) and 6
  (year 2), each in a different PLG drawn at random, answer "no" and say why; with at
  least 5 respondents per PLG, yes always outnumbers no. The perceived collective-learning
  level starts from the partnership's level at the start; at year 1 about a third of the
  PLGs and at year 2 about two thirds report one level more (at most 4), and some
  leaders differ by one level from their PLG. The value of the PLG and the five PLG
  characteristics are mostly agree/strongly agree, lower for those who answer "no".

One year after (05/2024).
  24 respondents submit, two per PLG (one in management and one in middle management
  where the PLG has both) in the 12 PLGs whose course after the trajectory the study
  knows; the three PLGs whose leaders changed function (PLG 8, 9, 13) give no answers,
  as in the study. How each PLG continued follows section 5.3: in primary PLG 1 goes on
  with the same composition, PLGs 3 and 6 in a smaller or adjusted group, PLG 2 is
  integrated into another PLG and the split PLGs 4 and 5 merge again; in secondary
  PLGs 7, 10 and 14 go on with the same composition and PLG 12 in an adjusted group,
  PLGs 11 and 15 stop. Continued PLGs planned 1 to 5 meetings and held some of them;
  the coordinating director facilitates in the three partnerships that have one
  (Meetjesland for PLGs 4 and 5, Mechelen for PLG 10, Waasland for PLG 14), PLGs 1, 2
  and 7 keep a fixed external coach, PLGs 3 and 12 rotate the role and PLG 6 co-coaches;
  themes are always chosen together. 23 of the 24 are positive about goal- and
  action-orientation (one leader of PLG 15 is neutral). The conditions for continuing
  are the study's themes with its counts (coach present 3, clear trigger or goals 2,
  role division 1, coach with a clear mandate 3, coach expertise 1, everyone keeps the
  planned dates 4, conscious commitment 3, good preparation 5); two leave it blank.
  Three invitations are started but not completed (a leader of PLG 5, PLG 8 and PLG 13)
  and the other invitations were never opened, among them that of the demo
  participant login, so the follow-up has work left to do.

Timing (Europe/Brussels local time, all in the past).
  Invitations go out at 08:00 on the day a moment opens; reminders at 08:00 on days 10
  and 20 to those who have not submitted yet. Responses are submitted between 09:00 and
  22:00 within the first four weeks (earlier days more likely), 6 to 25 minutes after
  they were started.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from leadtogether.demo import dataset

BASELINE, YEAR_1, YEAR_2, FOLLOW_UP = "baseline", "year-1", "year-2", "follow-up"
MOMENTS = (BASELINE, YEAR_1, YEAR_2, FOLLOW_UP)

# The built-in instrument asked at each moment (keys of ``leadtogether.surveys.library``).
MOMENT_INSTRUMENTS: dict[str, str] = {
    BASELINE: "study-baseline",
    YEAR_1: "study-end-of-year",
    YEAR_2: "study-end-of-year",
    FOLLOW_UP: "study-one-year-after",
}

# Table 3 of the study, in its order; the other respondents skip the question.
PRIOR_PLG_EXPERIENCE: tuple[tuple[str, int], ...] = (
    ("none", 43),
    ("limited", 18),
    ("extensive_general", 21),
    ("extensive_in_depth", 25),
    ("intensive", 16),
)
PRIOR_PLG_EXPERIENCE_SKIPPED = 8

# Respondents who answer "no" to continuing the PLG, each in a different PLG.
NO_TO_CONTINUING = {YEAR_1: 4, YEAR_2: 6}
# Participants without research consent who still answer the end-of-year survey.
NON_CONSENTING_ANSWERING = {YEAR_1: 11, YEAR_2: 9}

REMINDER_DAYS = (10, 20)
_ANSWER_DAYS = 28


@dataclass(frozen=True)
class FollowUp:
    """How a PLG went on in the year after the trajectory."""

    continued: str  # a code of the question plg_continued
    planned: int = 0
    held: int = 0
    coach: str = ""  # a code of the question coach_arrangement


_CONTINUED = ("same_composition", "adjusted_group", "merged_or_integrated")

# None: unknown, the leaders changed function and did not answer.
FOLLOW_UP_OF_PLG: dict[str, FollowUp | None] = {
    "PLG01": FollowUp("same_composition", 4, 4, "external_coach"),
    "PLG02": FollowUp("merged_or_integrated", 5, 5, "external_coach"),
    "PLG03": FollowUp("adjusted_group", 1, 1, "rotating"),
    "PLG04": FollowUp("merged_or_integrated", 4, 3, "coordinating_director"),
    "PLG05": FollowUp("merged_or_integrated", 4, 3, "coordinating_director"),
    "PLG06": FollowUp("adjusted_group", 3, 1, "co_coaching"),
    "PLG07": FollowUp("same_composition", 4, 4, "external_coach"),
    "PLG08": None,
    "PLG09": None,
    "PLG10": FollowUp("same_composition", 3, 3, "coordinating_director"),
    "PLG11": FollowUp("stopped"),
    "PLG12": FollowUp("adjusted_group", 2, 1, "rotating"),
    "PLG13": None,
    "PLG14": FollowUp("same_composition", 5, 4, "coordinating_director"),
    "PLG15": FollowUp("stopped"),
}
# The PLG of the one leader who is neutral about goal- and action-orientation.
_NEUTRAL_PLG = "PLG15"
# Started, not completed: (PLG, answers so far).
_IN_PROGRESS_AT_FOLLOW_UP: tuple[tuple[str, tuple[tuple[str, str | int], ...]], ...] = (
    ("PLG05", (("plg_continued", "merged_or_integrated"), ("sessions_held", 3))),
    ("PLG08", (("plg_continued", "dont_know"),)),
    ("PLG13", ()),
)

# Conditions for continuing the PLG one year after (study, 5.3): text, respondents.
CONDITIONS: tuple[tuple[str, int], ...] = (
    ("De coach is op elke bijeenkomst aanwezig.", 3),
    ("Een duidelijke aanleiding en concrete doelen voor elke bijeenkomst.", 2),
    ("Een duidelijke rolverdeling: wie organiseert, wie leidt het gesprek, wie volgt op.", 1),
    ("Een externe of aangestelde coach met een duidelijk mandaat.", 3),
    ("Een coach met expertise in het begeleiden van een PLG.", 1),
    ("Alle leden houden de geplande data vast.", 4),
    ("Bewust kiezen om deel te nemen en de engagementen die daarbij horen opnemen.", 3),
    ("Een goede voorbereiding van elke bijeenkomst.", 5),
)

_WHY_NOT = (
    "Te weinig tijd naast de dagelijkse werking van de school.",
    "Andere prioriteiten op school.",
    "De reistijd weegt niet op tegen wat de bijeenkomsten opleveren.",
    "De bespreking blijft voor mij te algemeen.",
    "Ik verander volgend schooljaar van functie.",
    "Onze school zet in op een eigen netwerk.",
)

_CHARACTERISTICS = (
    "char_collaboration",
    "char_student_focus",
    "char_reflective_inquiry",
    "char_shared_leadership",
    "char_boundary_crossing",
)

Raw = str | int


@dataclass(frozen=True)
class DemoResponse:
    moment: str
    person_ref: str
    started_at: datetime  # naive, Europe/Brussels local time
    submitted_at: datetime | None  # None: started, not submitted
    answers: tuple[tuple[str, Raw], ...]  # (question code, answer as a person gives it)


@dataclass(frozen=True)
class DemoInvitation:
    moment: str
    person_ref: str
    sent_at: datetime
    reminder_count: int
    last_reminded_at: datetime | None


@dataclass(frozen=True)
class DemoSurveys:
    responses: tuple[DemoResponse, ...]
    invitations: tuple[DemoInvitation, ...]


# ---------------------------------------------------------------------------
# Who is who
# ---------------------------------------------------------------------------

_PARTICIPANTS = tuple(person for person in dataset.PEOPLE if person.enrolled)
_RESPONDENTS = tuple(person for person in _PARTICIPANTS if person.research_consent)
_NON_CONSENTING = tuple(person for person in _PARTICIPANTS if not person.research_consent)
_LEVEL_OF_SCHOOL = {school.ref: school.level for school in dataset.SCHOOLS}
_PARTNERSHIP_OF_PLG = {
    plg.ref: next(p for p in dataset.PARTNERSHIPS if p.ref == plg.partnership_ref)
    for plg in dataset.PLGS
}
_DEMO_PARTICIPANT = next(
    account.person_ref for account in dataset.ACCOUNTS if account.role == "participant"
)


def _partnership(person: dataset.DemoPerson) -> dataset.DemoPartnership:
    return _PARTNERSHIP_OF_PLG[person.plg_ref or ""]


def _respondents_of(plg_ref: str) -> list[dataset.DemoPerson]:
    return [person for person in _RESPONDENTS if person.plg_ref == plg_ref]


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


def _opening(opens_on: date) -> datetime:
    return datetime.combine(opens_on, time(8, 0))


def _answer_times(rng: random.Random, window: tuple[date, date]) -> tuple[datetime, datetime]:
    """(started, submitted) within the first four weeks of WINDOW, early days likelier."""
    opens_on, closes_on = window
    last = min((closes_on - opens_on).days, _ANSWER_DAYS - 1)
    day = opens_on + timedelta(days=min(rng.randint(0, last), rng.randint(0, last)))
    submitted = datetime.combine(day, time(rng.randint(9, 21), rng.randint(0, 59)))
    return submitted - timedelta(minutes=rng.randint(6, 25)), submitted


def _invitation(
    moment: str, person_ref: str, opens_on: date, response: DemoResponse | None
) -> DemoInvitation:
    sent_at = _opening(opens_on)
    completed_at = response.submitted_at if response else None
    reminders = [
        sent_at + timedelta(days=days)
        for days in REMINDER_DAYS
        if completed_at is None or completed_at > sent_at + timedelta(days=days)
    ]
    return DemoInvitation(
        moment=moment,
        person_ref=person_ref,
        sent_at=sent_at,
        reminder_count=len(reminders),
        last_reminded_at=reminders[-1] if reminders else None,
    )


# ---------------------------------------------------------------------------
# Answers per moment
# ---------------------------------------------------------------------------


def _prior_experience() -> dict[str, str | None]:
    """Table 3's answers for the respondents (None: skipped), at random for the others."""
    rng = random.Random(1)
    skipped = set(rng.sample([p.ref for p in _RESPONDENTS], PRIOR_PLG_EXPERIENCE_SKIPPED))
    scored = sorted(
        (_partnership(person).learning_level + rng.uniform(0, 3), person.ref)
        for person in _RESPONDENTS
        if person.ref not in skipped
    )
    answers: dict[str, str | None] = dict.fromkeys(skipped)
    ordered = iter(ref for _, ref in scored)
    for answer, count in PRIOR_PLG_EXPERIENCE:
        for _ in range(count):
            answers[next(ordered)] = answer
    codes = [answer for answer, _ in PRIOR_PLG_EXPERIENCE]
    weights = [count for _, count in PRIOR_PLG_EXPERIENCE]
    for person in _NON_CONSENTING:
        answers[person.ref] = rng.choices(codes, weights)[0]
    return answers


def _baseline(window: tuple[date, date]) -> list[DemoResponse]:
    rng = random.Random(2021_09)
    prior = _prior_experience()
    responses = []
    for person in _PARTICIPANTS:
        partnership = _partnership(person)
        answers: list[tuple[str, Raw]] = [
            ("function_title", person.function_title),
            ("function_category", person.function_category),
            ("level", _LEVEL_OF_SCHOOL[person.school_ref or ""]),
            ("partnership_schools", len(partnership.school_refs)),
            ("partnership_form", partnership.form),
        ]
        experience = prior[person.ref]
        if experience is not None:
            answers.append(("prior_plg_experience", experience))
        answers.append(("research_consent", "yes" if person.research_consent else "no"))
        started, submitted = _answer_times(rng, window)
        responses.append(DemoResponse(BASELINE, person.ref, started, submitted, tuple(answers)))
    return responses


def _learning_levels(rng: random.Random, share_one_up: float) -> dict[str, int]:
    """The collective-learning level each PLG reports: its start level, or one up."""
    levels = {}
    for plg in dataset.PLGS:
        start = _PARTNERSHIP_OF_PLG[plg.ref].learning_level
        levels[plg.ref] = min(4, start + (1 if rng.random() < share_one_up else 0))
    return levels


def _end_of_year(moment: str, seed: int, window: tuple[date, date]) -> list[DemoResponse]:
    rng = random.Random(seed)
    plg_refs = [plg.ref for plg in dataset.PLGS]
    saying_no = {
        rng.choice(_respondents_of(plg_ref)).ref
        for plg_ref in rng.sample(plg_refs, NO_TO_CONTINUING[moment])
    }
    levels = _learning_levels(rng, share_one_up=1 / 3 if moment == YEAR_1 else 2 / 3)
    others = rng.sample(list(_NON_CONSENTING), NON_CONSENTING_ANSWERING[moment])
    answering = sorted([*_RESPONDENTS, *others], key=lambda person: person.ref)
    responses = []
    for person in answering:
        wants = person.ref not in saying_no
        answers: list[tuple[str, Raw]] = [("continue_plg", "yes" if wants else "no")]
        if not wants:
            answers.append(("continue_plg_why_not", rng.choice(_WHY_NOT)))
        scale = ("3", "4", "5") if wants else ("2", "3")
        weights = (1, 4, 3) if wants else (1, 1)
        answers.append(("plg_value", rng.choices(scale, weights)[0]))
        level = levels[person.plg_ref or ""]
        if rng.random() < 0.15:
            level = max(1, min(4, level + rng.choice((-1, 1))))
        answers.append(("collective_learning_level", str(level)))
        answers += [
            (code, rng.choices(("2", "3", "4", "5"), (1, 3, 5, 3) if wants else (2, 3, 2, 1))[0])
            for code in _CHARACTERISTICS
        ]
        started, submitted = _answer_times(rng, window)
        responses.append(DemoResponse(moment, person.ref, started, submitted, tuple(answers)))
    return responses


def _follow_up_sample(rng: random.Random) -> list[tuple[dataset.DemoPerson, FollowUp]]:
    """Two respondents per PLG with a known course, one of each function group if possible."""
    sample = []
    for plg_ref, course in FOLLOW_UP_OF_PLG.items():
        if course is None:
            continue
        candidates = [p for p in _respondents_of(plg_ref) if p.ref != _DEMO_PARTICIPANT]
        managers = [p for p in candidates if p.function_category == dataset.MANAGEMENT]
        middle = [p for p in candidates if p.function_category == dataset.MIDDLE]
        chosen = [rng.choice(managers), rng.choice(middle)] if managers and middle else []
        sample += [(person, course) for person in chosen or rng.sample(candidates, 2)]
    return sample


def _follow_up(window: tuple[date, date]) -> list[DemoResponse]:
    rng = random.Random(2024)
    sample = _follow_up_sample(rng)
    conditions = [text for text, count in CONDITIONS for _ in range(count)]
    conditions += [""] * (len(sample) - len(conditions))
    rng.shuffle(conditions)
    neutral = next(person.ref for person, _ in sample if person.plg_ref == _NEUTRAL_PLG)
    responses = []
    for (person, course), condition in zip(sample, conditions, strict=True):
        answers: list[tuple[str, Raw]] = [("plg_continued", course.continued)]
        if course.continued in _CONTINUED:
            answers += [
                ("sessions_held", course.held),
                ("sessions_planned", course.planned),
                ("coach_arrangement", course.coach),
                ("themes_joint", "yes"),
            ]
        if person.ref == neutral:
            answers += [("goal_orientation", "3"), ("action_orientation", "3")]
        else:
            answers += [
                ("goal_orientation", rng.choice(("4", "5"))),
                ("action_orientation", rng.choice(("4", "5"))),
            ]
        if condition:
            answers.append(("continuation_conditions", condition))
        started, submitted = _answer_times(rng, window)
        responses.append(DemoResponse(FOLLOW_UP, person.ref, started, submitted, tuple(answers)))
    sampled = {person.ref for person, _ in sample} | {_DEMO_PARTICIPANT}
    for plg_ref, answers_so_far in _IN_PROGRESS_AT_FOLLOW_UP:
        person = next(p for p in _respondents_of(plg_ref) if p.ref not in sampled)
        started, _ = _answer_times(rng, window)
        responses.append(DemoResponse(FOLLOW_UP, person.ref, started, None, answers_so_far))
    return responses


def demo_surveys(windows: Mapping[str, tuple[date, date]]) -> DemoSurveys:
    """Responses and invitations of the four moments; WINDOWS: moment key → (opens, closes).

    The same records on every call with the same windows.
    """
    responses = [
        *_baseline(windows[BASELINE]),
        *_end_of_year(YEAR_1, 2022_05, windows[YEAR_1]),
        *_end_of_year(YEAR_2, 2023_05, windows[YEAR_2]),
        *_follow_up(windows[FOLLOW_UP]),
    ]
    by_key = {(response.moment, response.person_ref): response for response in responses}
    invitations = [
        _invitation(moment, person.ref, windows[moment][0], by_key.get((moment, person.ref)))
        for moment in MOMENTS
        for person in _PARTICIPANTS
    ]
    return DemoSurveys(tuple(responses), tuple(invitations))
