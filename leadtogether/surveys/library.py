"""The study's built-in instruments, as data, and their installation.

Three instruments follow the data collection of the study (Tanghe & Schelfhout, 2026,
Table 4):

- ``study-baseline``: job and function, level, the cross-school partnership, prior
  participation in learning communities (Table 3) and research consent;
- ``study-end-of-year``: asked at the end of training year 1 and again at the end of
  year 2: the wish to continue the PLG after the trajectory (yes/no), why not, the
  perceived value of the PLG, its level of collective learning (Kasl et al., 1997) and
  the five PLG characteristics of Poortman et al. (2022);
- ``study-one-year-after``: how the PLG continued, its meetings, coach and themes,
  goal- and action-orientation, and the conditions for continuing.

The wording is stored in Dutch and English in the instruments themselves (it is survey
content, not interface text). ``library_install`` creates the instruments that are not
there yet, each with version 1; an instrument that exists already (perhaps edited since)
is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.surveys.models import Choice, Instrument, InstrumentVersion, Question

BASELINE = "study-baseline"
END_OF_YEAR = "study-end-of-year"
ONE_YEAR_AFTER = "study-one-year-after"

Kind = Question.Kind


@dataclass(frozen=True)
class LibraryChoice:
    code: str
    label_nl: str
    label_en: str


@dataclass(frozen=True)
class LibraryQuestion:
    code: str
    kind: str
    text_nl: str
    text_en: str
    page: int = 1
    required: bool = False
    help_nl: str = ""
    help_en: str = ""
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[LibraryChoice, ...] = ()
    # (code of an earlier question, its answers for which this question is shown)
    show_if: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class LibraryInstrument:
    key: str
    name_nl: str
    name_en: str
    intro_nl: str
    intro_en: str
    questions: tuple[LibraryQuestion, ...]


YES_NO = (LibraryChoice("yes", "ja", "yes"), LibraryChoice("no", "nee", "no"))

# One labelled five-point agreement scale for every Likert item of the library.
AGREEMENT = (
    LibraryChoice("1", "helemaal niet akkoord", "strongly disagree"),
    LibraryChoice("2", "niet akkoord", "disagree"),
    LibraryChoice("3", "neutraal", "neither agree nor disagree"),
    LibraryChoice("4", "akkoord", "agree"),
    LibraryChoice("5", "helemaal akkoord", "strongly agree"),
)

# Table 3 of the study: the five answers, in its order, with its Dutch wording.
PRIOR_PLG_EXPERIENCE = (
    LibraryChoice("none", "geen deelname", "none"),
    LibraryChoice(
        "limited",
        "beperkte deelname (1 keer per schooljaar)",
        "limited (once per school year)",
    ),
    LibraryChoice(
        "extensive_general",
        "uitgebreidere deelname (2 à 3 keer per schooljaar) met veeleer algemene bespreking",
        "more extensive (2–3× per year), rather general discussion",
    ),
    LibraryChoice(
        "extensive_in_depth",
        "uitgebreidere deelname (2 à 3 keer per schooljaar) met meer diepgaande bespreking, "
        "eventueel uitwerking van beleid",
        "more extensive (2–3× per year), more in-depth discussion, possibly policy work",
    ),
    LibraryChoice(
        "intensive",
        "intensieve deelname (4 of meer keer per schooljaar met duidelijke agenda, "
        "diepgaande bespreking en uitwerking van beleid)",
        "intensive (4+× per year, clear agenda, in-depth discussion, policy development)",
    ),
)

# The four levels of collective learning (Kasl et al., 1997), as the study describes them.
COLLECTIVE_LEARNING_LEVELS = (
    LibraryChoice(
        "1",
        "Fragmentarisch leren: ieder individu leert afzonderlijk, zonder betrokkenheid bij "
        "gezamenlijk leren of delen",
        "Fragmented learning: everyone learns separately, without taking part in joint "
        "learning or sharing",
    ),
    LibraryChoice(
        "2",
        "Samenwerkend leren: leden delen informatie die relevant is voor hun taak of doelen, "
        "met een duidelijke afweging tussen effectiviteit en efficiëntie; er is minimale "
        "integratie van visies, experimenteren is beperkt",
        "Pooled learning: members share information relevant to their task or goals, "
        "weighing effectiveness against efficiency; views are hardly integrated and there "
        "is little experimenting",
    ),
    LibraryChoice(
        "3",
        "Synergetisch leren: leden delen informatie (op aanvraag) en inzichten worden "
        "geïntegreerd op individueel en collectief niveau; er wordt individueel en in groep "
        "geëxperimenteerd en (verschillende) inzichten worden besproken",
        "Synergistic learning: members share information (on request) and insights are "
        "integrated individually and collectively; members experiment individually and as "
        "a group and discuss their (different) insights",
    ),
    LibraryChoice(
        "4",
        "Continu synergetisch leren: collectief leren is een gewoonte",
        "Continuously synergistic learning: collective learning is a habit",
    ),
)

CONTINUED = ("same_composition", "adjusted_group", "merged_or_integrated")


def _likert(code: str, text_nl: str, text_en: str, page: int) -> LibraryQuestion:
    return LibraryQuestion(code, Kind.LIKERT, text_nl, text_en, page=page, choices=AGREEMENT)


_BASELINE = LibraryInstrument(
    key=BASELINE,
    name_nl="Nulmeting schoolleiders",
    name_en="Baseline survey of school leaders",
    intro_nl=(
        "Deze bevraging brengt de beginsituatie in kaart: je job en functie, het "
        "bovenschools samenwerkingsverband waarmee je deelneemt en je ervaring met "
        "professionele leergemeenschappen."
    ),
    intro_en=(
        "This survey maps the starting situation: your job and function, the cross-school "
        "partnership you take part with and your experience with professional learning "
        "communities."
    ),
    questions=(
        LibraryQuestion(
            "function_title",
            Kind.SHORT_TEXT,
            "Wat is je functie op school?",
            "What is your job title at school?",
            help_nl="Bijvoorbeeld directeur, adjunct-directeur, zorgcoördinator.",
            help_en="For example director, deputy director, care coordinator.",
        ),
        LibraryQuestion(
            "function_category",
            Kind.SINGLE,
            "Tot welke groep behoort je functie?",
            "Which group does your function belong to?",
            required=True,
            choices=(
                LibraryChoice(
                    "management",
                    "management (directeur, adjunct-directeur, coördinerend directeur)",
                    "management (director, deputy director, coordinating director)",
                ),
                LibraryChoice(
                    "middle",
                    "middenkader (coördinator, beleidsmedewerker)",
                    "middle management (coordinator, policy officer)",
                ),
            ),
        ),
        LibraryQuestion(
            "level",
            Kind.SINGLE,
            "In welk onderwijsniveau werk je?",
            "At which level of education do you work?",
            required=True,
            choices=(
                LibraryChoice("primary", "basisonderwijs", "primary education"),
                LibraryChoice("secondary", "voortgezet onderwijs", "secondary education"),
            ),
        ),
        LibraryQuestion(
            "partnership_schools",
            Kind.NUMBER,
            "Hoeveel scholen telt het bovenschools samenwerkingsverband waarmee je deelneemt?",
            "How many schools does the cross-school partnership you take part with have?",
            page=2,
            min_value=1,
            max_value=200,
        ),
        LibraryQuestion(
            "partnership_form",
            Kind.SINGLE,
            "Welke vorm heeft dat samenwerkingsverband?",
            "What form does that partnership have?",
            page=2,
            choices=(
                LibraryChoice(
                    "A",
                    "A: een scholengemeenschap; de scholen nemen gedeeltelijk of volledig deel",
                    "A: a scholengemeenschap (decree-based partnership); its schools take "
                    "part partly or fully",
                ),
                LibraryChoice(
                    "A+",
                    "A+: een scholengemeenschap aangevuld met één school uit hetzelfde "
                    "onderwijsnet maar uit een andere scholengemeenschap in dezelfde regio",
                    "A+: a scholengemeenschap plus one school of the same education network "
                    "from another scholengemeenschap in the same region",
                ),
                LibraryChoice(
                    "B",
                    "B: een niet-decretaal samenwerkingsverband van scholen die over de "
                    "onderwijsnetten en regio's heen al samenwerkten",
                    "B: a non-decree partnership of schools that already worked together "
                    "across education networks and regions",
                ),
            ),
        ),
        LibraryQuestion(
            "prior_plg_experience",
            Kind.SINGLE,
            "Nam je vóór dit traject al deel aan een vorm van leergemeenschap?",
            "Before this trajectory, did you take part in any form of learning community?",
            page=3,
            choices=PRIOR_PLG_EXPERIENCE,
        ),
        LibraryQuestion(
            "research_consent",
            Kind.YES_NO,
            "Ik geef toestemming om mijn gegevens gepseudonimiseerd te gebruiken voor "
            "wetenschappelijk onderzoek.",
            "I consent to the pseudonymised use of my data for scientific research.",
            page=4,
            required=True,
            choices=YES_NO,
        ),
    ),
)

_END_OF_YEAR = LibraryInstrument(
    key=END_OF_YEAR,
    name_nl="Bevraging einde opleidingsjaar",
    name_en="End-of-year survey",
    intro_nl=(
        "Deze bevraging gaat over je PLG: wil je die na het traject verderzetten, en hoe "
        "ervaar je het samen leren in de PLG?"
    ),
    intro_en=(
        "This survey is about your PLG: do you wish to continue it after the trajectory, "
        "and how do you experience learning together in the PLG?"
    ),
    questions=(
        LibraryQuestion(
            "continue_plg",
            Kind.YES_NO,
            "Wil je de PLG na afloop van het traject verderzetten?",
            "Do you wish to continue the PLG after the trajectory?",
            required=True,
            choices=YES_NO,
        ),
        LibraryQuestion(
            "continue_plg_why_not",
            Kind.LONG_TEXT,
            "Waarom wil je de PLG niet verderzetten?",
            "Why do you not wish to continue the PLG?",
            show_if=("continue_plg", ("no",)),
        ),
        _likert("plg_value", "De PLG heeft voor mij meerwaarde.", "The PLG is of value to me.", 2),
        LibraryQuestion(
            "collective_learning_level",
            Kind.SINGLE,
            "Welke omschrijving past het best bij het samen leren in je PLG?",
            "Which description fits learning together in your PLG best?",
            page=2,
            choices=COLLECTIVE_LEARNING_LEVELS,
        ),
        _likert(
            "char_collaboration",
            "In onze PLG werken we echt samen.",
            "In our PLG we truly collaborate.",
            3,
        ),
        _likert(
            "char_student_focus",
            "Onze PLG deelt een focus op de resultaten van de leerlingen.",
            "Our PLG shares a focus on student results.",
            3,
        ),
        _likert(
            "char_reflective_inquiry",
            "In onze PLG reflecteren we op onze praktijk en onderzoeken we die.",
            "In our PLG we reflect on our practice and inquire into it.",
            3,
        ),
        _likert(
            "char_shared_leadership",
            "In onze PLG wordt het leiderschap gedeeld.",
            "Leadership is shared in our PLG.",
            3,
        ),
        _likert(
            "char_boundary_crossing",
            "Onze PLG kijkt over de grenzen van de eigen school en het eigen netwerk heen.",
            "Our PLG looks beyond the boundaries of the own school and network.",
            3,
        ),
    ),
)

_ONE_YEAR_AFTER = LibraryInstrument(
    key=ONE_YEAR_AFTER,
    name_nl="Bevraging één jaar na het traject",
    name_en="Survey one year after the trajectory",
    intro_nl=(
        "Een jaar na het traject willen we weten hoe je PLG verderging en wat nodig is om "
        "ze duurzaam verder te zetten."
    ),
    intro_en=(
        "One year after the trajectory we would like to know how your PLG continued and "
        "what it takes to continue it sustainably."
    ),
    questions=(
        LibraryQuestion(
            "plg_continued",
            Kind.SINGLE,
            "Hoe ging je PLG verder in het jaar na het traject?",
            "How did your PLG continue in the year after the trajectory?",
            required=True,
            choices=(
                LibraryChoice(
                    "same_composition",
                    "voortgezet met dezelfde samenstelling",
                    "continued with the same composition",
                ),
                LibraryChoice(
                    "adjusted_group",
                    "voortgezet in een kleinere of aangepaste groep",
                    "continued in a smaller or adjusted group",
                ),
                LibraryChoice(
                    "merged_or_integrated",
                    "samengevoegd met of geïntegreerd in een andere PLG",
                    "merged with or integrated into another PLG",
                ),
                LibraryChoice("stopped", "gestopt", "stopped"),
                LibraryChoice("dont_know", "weet ik niet", "don't know"),
            ),
        ),
        LibraryQuestion(
            "sessions_held",
            Kind.NUMBER,
            "Hoeveel PLG-bijeenkomsten vonden plaats in het jaar na het traject?",
            "How many PLG meetings took place in the year after the trajectory?",
            min_value=0,
            max_value=20,
            show_if=("plg_continued", CONTINUED),
        ),
        LibraryQuestion(
            "sessions_planned",
            Kind.NUMBER,
            "Hoeveel PLG-bijeenkomsten waren er dat jaar gepland?",
            "How many PLG meetings were planned that year?",
            min_value=0,
            max_value=20,
            show_if=("plg_continued", CONTINUED),
        ),
        LibraryQuestion(
            "coach_arrangement",
            Kind.SINGLE,
            "Wie begeleidt de PLG?",
            "Who guides the PLG?",
            show_if=("plg_continued", CONTINUED),
            choices=(
                LibraryChoice(
                    "external_coach", "een vaste externe coach", "a fixed external coach"
                ),
                LibraryChoice(
                    "rotating",
                    "een lid van de PLG, in een wisselende rol",
                    "a member of the PLG, in a rotating role",
                ),
                LibraryChoice(
                    "co_coaching",
                    "co-coaching: de leden samen",
                    "co-coaching: the members together",
                ),
                LibraryChoice(
                    "coordinating_director",
                    "de coördinerend directeur faciliteert",
                    "the coordinating director facilitates",
                ),
                LibraryChoice("no_coach", "geen coach", "no coach"),
            ),
        ),
        LibraryQuestion(
            "themes_joint",
            Kind.YES_NO,
            "Kiezen de leden de thema's van de bijeenkomsten samen?",
            "Do the members choose the themes of the meetings together?",
            show_if=("plg_continued", CONTINUED),
            choices=YES_NO,
        ),
        _likert(
            "goal_orientation",
            "De PLG droeg bij aan de doelgerichtheid van mijn werk.",
            "The PLG contributed to the goal-orientation of my work.",
            2,
        ),
        _likert(
            "action_orientation",
            "De PLG droeg bij aan de actiegerichtheid van mijn werk: inzichten omzetten in acties.",
            "The PLG contributed to the action-orientation of my work: turning insights into "
            "actions.",
            2,
        ),
        LibraryQuestion(
            "continuation_conditions",
            Kind.LONG_TEXT,
            "Welke voorwaarden zijn nodig om de PLG duurzaam verder te zetten?",
            "What conditions does it take to continue the PLG sustainably?",
            page=2,
        ),
    ),
)

INSTRUMENTS: tuple[LibraryInstrument, ...] = (_BASELINE, _END_OF_YEAR, _ONE_YEAR_AFTER)


def library_instrument(key: str) -> LibraryInstrument:
    """The library's instrument with this key (KeyError when there is none)."""
    for instrument in INSTRUMENTS:
        if instrument.key == key:
            return instrument
    raise KeyError(key)


def _create(spec: LibraryInstrument) -> Instrument:
    instrument = Instrument(
        key=spec.key,
        name_nl=spec.name_nl,
        name_en=spec.name_en,
        intro_nl=spec.intro_nl,
        intro_en=spec.intro_en,
    )
    instrument.full_clean()
    instrument.save()
    version = InstrumentVersion.objects.create(instrument=instrument, number=1)
    created: dict[str, Question] = {}
    choices: list[Choice] = []
    for position, item in enumerate(spec.questions, start=1):
        show_if_question, show_if_values = None, []
        if item.show_if is not None:
            show_if_question, show_if_values = created[item.show_if[0]], list(item.show_if[1])
        question = Question(
            version=version,
            position=position,
            code=item.code,
            kind=item.kind,
            required=item.required,
            page=item.page,
            text_nl=item.text_nl,
            text_en=item.text_en,
            help_nl=item.help_nl,
            help_en=item.help_en,
            min_value=item.min_value,
            max_value=item.max_value,
            show_if_question=show_if_question,
            show_if_values=show_if_values,
        )
        question.full_clean(validate_constraints=False)
        question.save()
        created[item.code] = question
        choices += [
            Choice(
                question=question,
                position=choice_position,
                code=choice.code,
                label_nl=choice.label_nl,
                label_en=choice.label_en,
            )
            for choice_position, choice in enumerate(item.choices, start=1)
        ]
    for choice in choices:
        choice.full_clean(validate_constraints=False)
    Choice.objects.bulk_create(choices)
    return instrument


@transaction.atomic
def library_install(*, actor: User | None = None) -> dict[str, Instrument]:
    """The built-in instruments by key, creating those that do not exist yet.

    Running it again changes nothing: an instrument whose key exists is returned as it
    is, whatever its versions hold by now.
    """
    existing = {
        instrument.key: instrument
        for instrument in Instrument.objects.filter(key__in=[spec.key for spec in INSTRUMENTS])
    }
    created = [_create(spec) for spec in INSTRUMENTS if spec.key not in existing]
    if created:
        audit_record(
            actor=actor,
            action="library_install",
            object_type="surveys.instrument",
            detail={"created": [instrument.key for instrument in created]},
        )
    instruments = existing | {instrument.key: instrument for instrument in created}
    return {spec.key: instruments[spec.key] for spec in INSTRUMENTS}
