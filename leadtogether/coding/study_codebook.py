"""The study's code tree as plain data: the template codebook of a trajectory.

The study coded its interviews deductively within categories fixed by the research
questions and added inductive subcategories (STUDY.md, "Data collection" and "Results").
This module holds that tree with no database behind it, so that the codebook template,
the demo transcripts and the tests read the same names.

A code is addressed by its *code path*: the names from the root joined with `` / ``
(``PATH_SEPARATOR``), e.g. ``"Uitkomsten van de PLG-aanpak / Samenwerking en relaties /
Elkaar op een nieuwe manier leren kennen"``. Names never contain the separator.

``StudyCode.counts`` maps a measurement moment's key (``year-2``: end of the trajectory;
``follow-up``: one year after) to the number of distinct respondents the Results section
of STUDY.md reports for that code (n). Codes the paper names without a number have no
count. ``EXPECTED_COUNTS`` flattens them: (moment key, code path) → n.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

PATH_SEPARATOR = " / "

END_OF_TRAJECTORY = "year-2"
ONE_YEAR_AFTER = "follow-up"

DEDUCTIVE = "deductive"
INDUCTIVE = "inductive"

Q1, Q2, Q3 = "Q1", "Q2", "Q3"

RESEARCH_QUESTIONS: dict[str, str] = {
    Q1: "Hoe beïnvloedt de aanpak van de PLG tijdens het traject de (leer)uitkomsten?",
    Q2: "Hoe beïnvloeden die (leer)uitkomsten de duurzame voortzetting van de PLG?",
    Q3: "In welke mate ervaren schoolleiders de PLG één jaar na het traject als effectief "
    "voor langdurige actie en transfer?",
}


@dataclass(frozen=True)
class StudyCode:
    name: str
    description: str
    question: str
    kind: str = DEDUCTIVE
    colour: str = ""
    inclusion: str = ""
    exclusion: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    children: tuple[StudyCode, ...] = ()


def _c(name: str, description: str, question: str, **extra) -> StudyCode:
    return StudyCode(name=name, description=description, question=question, **extra)


# Colours per research question (root) — the margin stripes of the coding page.
Q1_COLOUR, Q2_COLOUR, Q3_COLOUR = "#1f77b4", "#d62728", "#2ca02c"

STUDY_CODEBOOK: tuple[StudyCode, ...] = (
    _c(
        "Uitkomsten van de PLG-aanpak",
        "Wat de schoolleiders tijdens het traject aan de PLG met hun bovenschools "
        "samenwerkingsverband hebben: samenwerking, collectief leren en inhoud.",
        Q1,
        colour=Q1_COLOUR,
        inclusion="Ervaringen en (leer)uitkomsten van de PLG tijdens het tweejarig traject.",
        exclusion="Wat er na het traject gebeurt (Q2, Q3).",
        children=(
            _c(
                "Samenwerking en relaties",
                "Hoe de verhoudingen tussen de schoolleiders van het samenwerkingsverband "
                "veranderden.",
                Q1,
                colour=Q1_COLOUR,
                children=(
                    _c(
                        "Elkaar op een nieuwe manier leren kennen",
                        "De schoolleiders leerden elkaar in de PLG op een nieuwe manier "
                        "(beter) kennen.",
                        Q1,
                        colour="#4e79a7",
                        counts={END_OF_TRAJECTORY: 39},
                    ),
                    _c(
                        "Competitie of historiek overbrugd",
                        "De PLG overbrugde (deels) concurrentie of een moeilijke "
                        "voorgeschiedenis tussen scholen.",
                        Q1,
                        colour="#59a14f",
                        inclusion="Bv. een school die vroeger minder betrokken was en nu in "
                        "contact komt (R138).",
                        counts={END_OF_TRAJECTORY: 4},
                    ),
                    _c(
                        "Vertrouwen gegroeid",
                        "Het vertrouwen tussen de deelnemers nam toe.",
                        Q1,
                        colour="#76b7b2",
                        counts={END_OF_TRAJECTORY: 6},
                    ),
                    _c(
                        "Drempels verlaagd",
                        "Drempels om elkaar te contacteren of hulp te vragen werden lager.",
                        Q1,
                        colour="#9c755f",
                        counts={END_OF_TRAJECTORY: 10},
                    ),
                    _c(
                        "Steun en erkenning",
                        "De schoolleider voelde zich in de PLG gesteund en erkend.",
                        Q1,
                        colour="#edc948",
                        counts={END_OF_TRAJECTORY: 17},
                    ),
                ),
            ),
            _c(
                "Collectief leren",
                "Hoe er in de PLG samen geleerd werd (Kasl et al., 1997; Poortman et al., 2022).",
                Q1,
                colour=Q1_COLOUR,
                children=(
                    _c(
                        "Breder kritisch klankbord",
                        "De PLG bood een breder (kritisch) klankbord: ideeën delen, vragen "
                        "stellen, feedback geven en krijgen.",
                        Q1,
                        colour="#1f77b4",
                        counts={END_OF_TRAJECTORY: 42},
                    ),
                    _c(
                        "Meer diepgang in de discussie",
                        "Discussies en samenwerking kregen sinds de start van het traject "
                        "meer diepgang.",
                        Q1,
                        colour="#17becf",
                        counts={END_OF_TRAJECTORY: 19},
                    ),
                    _c(
                        "Interactie tussen posities en niveaus",
                        "Verschillende profielen in dezelfde PLG gaven een waardevolle "
                        "interactie tussen posities en niveaus.",
                        Q1,
                        colour="#aec7e8",
                        counts={END_OF_TRAJECTORY: 5},
                    ),
                    _c(
                        "Gedeeld bewustzijn met behoud van autonomie",
                        "Bewustzijn en foci worden gedeeld terwijl elke school haar "
                        "autonomie behoudt.",
                        Q1,
                        colour="#9467bd",
                        counts={END_OF_TRAJECTORY: 9},
                    ),
                ),
            ),
            _c(
                "Inhoud",
                "Welke inhoud in het samenwerkingsverband aan bod komt.",
                Q1,
                colour=Q1_COLOUR,
                children=(
                    _c(
                        "Inhoudelijke en pedagogische thema's besproken",
                        "Inhoudelijke en pedagogische thema's worden nu binnen het "
                        "bovenschools samenwerkingsverband besproken.",
                        Q1,
                        colour="#bcbd22",
                        counts={END_OF_TRAJECTORY: 16},
                    ),
                    _c(
                        "Voorstel voor extra thematische groepen",
                        "Voorstel om aanvullende thematische groepen te starten of de "
                        "PLG-aanpak in andere samenwerkingsverbanden te gebruiken.",
                        Q1,
                        colour="#dbdb8d",
                        kind=INDUCTIVE,
                        counts={END_OF_TRAJECTORY: 6},
                    ),
                ),
            ),
        ),
    ),
    _c(
        "Duurzame voortzetting",
        "De intentie om de PLG na het traject voort te zetten, de vorm en de risico's "
        "die de schoolleiders daarbij zien.",
        Q2,
        colour=Q2_COLOUR,
        inclusion="Uitspraken over het vervolg van de PLG, gedaan op het einde van het traject.",
        exclusion="Wat één jaar na het traject werkelijk gebeurde (Q3).",
        children=(
            _c(
                "Intentie om voort te zetten",
                "De PLG wil na het traject verder, eventueel in een andere vorm of samenstelling.",
                Q2,
                colour="#ff9896",
            ),
            _c(
                "Keuze van de coach",
                "Wie de PLG na het traject coacht en waarom: ervaring met de coach, "
                "deskundigheid in de groep, begeleidingsdienst, middelen.",
                Q2,
                colour="#c5b0d5",
            ),
            _c(
                "Risico's voor de voortzetting",
                "Uitdagingen en valkuilen die de schoolleiders voor het vervolg noemen.",
                Q2,
                colour=Q2_COLOUR,
                kind=INDUCTIVE,
                children=(
                    _c(
                        "Passieve houding",
                        "Gebrek aan expliciete betrokkenheid kan leiden tot nonchalance en "
                        "een passieve houding.",
                        Q2,
                        colour="#e15759",
                        kind=INDUCTIVE,
                        counts={END_OF_TRAJECTORY: 11},
                    ),
                    _c(
                        "Gezamenlijke prioritering nodig",
                        "Samen prioriteiten bepalen is nodig om de PLG voor iedereen "
                        "waardevol te houden en de focus te bewaren.",
                        Q2,
                        colour="#ff9d9a",
                        kind=INDUCTIVE,
                        counts={END_OF_TRAJECTORY: 5},
                    ),
                    _c(
                        "Expliciet gedeeld leiderschap",
                        "Gedeeld leiderschap expliciet maken via een (wisselende) leider of "
                        "coach met een duidelijk mandaat.",
                        Q2,
                        colour="#f28e2b",
                        kind=INDUCTIVE,
                        counts={END_OF_TRAJECTORY: 6},
                    ),
                    _c(
                        "Kwaliteit en opvolging bewaken",
                        "Mogelijkheden om de kwaliteit van de PLG en de opvolging te "
                        "monitoren zonder externe coach.",
                        Q2,
                        colour="#ffbe7d",
                        kind=INDUCTIVE,
                        counts={END_OF_TRAJECTORY: 6},
                    ),
                    _c(
                        "Bewust van de tijdsinvestering",
                        "Voorbereiden en deelnemen vraagt tijd; andere prioriteiten kunnen "
                        "de bovenhand nemen.",
                        Q2,
                        colour="#b07aa1",
                        kind=INDUCTIVE,
                        counts={END_OF_TRAJECTORY: 11},
                    ),
                    _c(
                        "Personeelswissels",
                        "Wissels van schoolleiders of personeel kunnen de duurzaamheid "
                        "ondermijnen.",
                        Q2,
                        colour="#ff7f0e",
                        kind=INDUCTIVE,
                    ),
                ),
            ),
        ),
    ),
    _c(
        "Effectiviteit op lange termijn",
        "Hoe de schoolleiders één jaar na het traject terugkijken op de PLG: doel- en "
        "actiegerichtheid, transfer en de voorwaarden voor een duurzame PLG.",
        Q3,
        colour=Q3_COLOUR,
        inclusion="Uitspraken in de interviews één jaar na het traject.",
        exclusion="Ervaringen die enkel over het verloop tijdens het traject gaan (Q1).",
        children=(
            _c(
                "Positief over doel- en actiegerichtheid",
                "Blikt positief terug op de doel- en actiegerichtheid die de PLG creëerde.",
                Q3,
                colour="#2ca02c",
                counts={ONE_YEAR_AFTER: 23},
            ),
            _c(
                "Input",
                "De input tijdens de PLG: theoretische kaders, voorbeelden en ervaringen.",
                Q3,
                colour=Q3_COLOUR,
                kind=INDUCTIVE,
                children=(
                    _c(
                        "Input gewaardeerd",
                        "De input tijdens de PLG werd hoog gewaardeerd.",
                        Q3,
                        colour="#98df8a",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 21},
                    ),
                    _c(
                        "Duidelijk doel en gerichte vraag",
                        "Beginnen met een duidelijk doel en een gerichte vraag.",
                        Q3,
                        colour="#8cd17d",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 6},
                    ),
                    _c(
                        "Input van PLG-leden",
                        "De input kwam van andere PLG-leden.",
                        Q3,
                        colour="#b6992d",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 8},
                    ),
                    _c(
                        "Input van de coach",
                        "De input kwam van de coach.",
                        Q3,
                        colour="#499894",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 5},
                    ),
                    _c(
                        "Toepasbare input",
                        "De input was toepasbaar; de schoolleider benoemt effecten in de "
                        "eigen context.",
                        Q3,
                        colour="#86bcb6",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 6},
                    ),
                    _c(
                        "Gemis aan duidelijk doel belemmerde transfer",
                        "Een duidelijk doel of expliciete focus op het doel ontbrak, wat de "
                        "transfer belemmerde.",
                        Q3,
                        colour="#d37295",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 6},
                    ),
                ),
            ),
            _c(
                "Organisatie",
                "Planning en praktische organisatie van de PLG-bijeenkomsten.",
                Q3,
                colour=Q3_COLOUR,
                kind=INDUCTIVE,
                children=(
                    _c(
                        "Planning gaf structuur",
                        "Planning en organisatie boden structuur, tijd en ruimte om "
                        "diepgaand te werken.",
                        Q3,
                        colour="#59a14f",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 6},
                    ),
                    _c(
                        "Reistijd als hinder",
                        "Een grote reistijd werkte belemmerend.",
                        Q3,
                        colour="#79706e",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 2},
                    ),
                ),
            ),
            _c(
                "Aanpak van de coach",
                "De didactische en coachende aanpak van de PLG-coach.",
                Q3,
                colour=Q3_COLOUR,
                kind=INDUCTIVE,
                children=(
                    _c(
                        "Werken met een actieplan gewaardeerd",
                        "Werken met een actieplan en feedback op de behoeften van de "
                        "schoolleiders werd gewaardeerd.",
                        Q3,
                        colour="#4e79a7",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 11},
                    ),
                    _c(
                        "Actieve opvolging positief dwingend",
                        "Acties tussen de bijeenkomsten actief opvolgen was stimulerend en "
                        "'positief dwingend'.",
                        Q3,
                        colour="#f28e2b",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 12},
                    ),
                    _c(
                        "Dezelfde aanpak in alle sessies",
                        "Dezelfde aanpak in alle sessies droeg bij aan actie- en doelgerichtheid.",
                        Q3,
                        colour="#a0cbe8",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 10},
                    ),
                ),
            ),
            _c(
                "Suggesties",
                "Wat volgens de schoolleiders sterker kon.",
                Q3,
                colour=Q3_COLOUR,
                kind=INDUCTIVE,
                children=(
                    _c(
                        "Strengere feedback",
                        "Feedback mocht strikter.",
                        Q3,
                        colour="#ff9da7",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 2},
                    ),
                    _c(
                        "Meer begeleiding",
                        "Er had meer begeleiding mogen zijn.",
                        Q3,
                        colour="#fabfd2",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 2},
                    ),
                    _c(
                        "Beter gebruik van de tijd",
                        "De beschikbare tijd had optimaler benut kunnen worden.",
                        Q3,
                        colour="#d4a6c8",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 4},
                    ),
                ),
            ),
            _c(
                "Voorwaarden voor duurzaamheid",
                "Voorwaarden die de schoolleiders noemen om de PLG zelfstandig en duurzaam "
                "te laten functioneren.",
                Q3,
                colour=Q3_COLOUR,
                kind=INDUCTIVE,
                children=(
                    _c(
                        "Aanwezigheid van de coach",
                        "De coach is aanwezig.",
                        Q3,
                        colour="#1b9e77",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 3},
                    ),
                    _c(
                        "Duidelijke aanleiding of doelen",
                        "Een duidelijke trigger of duidelijke doelen.",
                        Q3,
                        colour="#d95f02",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 2},
                    ),
                    _c(
                        "Rolverdeling",
                        "Een afgesproken rolverdeling.",
                        Q3,
                        colour="#7570b3",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 1},
                    ),
                    _c(
                        "Coach met duidelijk mandaat",
                        "Een externe of aangewezen coach met een duidelijk mandaat.",
                        Q3,
                        colour="#e7298a",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 3},
                    ),
                    _c(
                        "Expertise van de coach",
                        "Expertise om de PLG te coachen.",
                        Q3,
                        colour="#66a61e",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 1},
                    ),
                    _c(
                        "Geplande data aanhouden",
                        "Alle deelnemers houden de geplande data aan.",
                        Q3,
                        colour="#e6ab02",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 4},
                    ),
                    _c(
                        "Bewust engagement",
                        "Bewust kiezen om deel te nemen en de engagementen en "
                        "verantwoordelijkheden opnemen.",
                        Q3,
                        colour="#a6761d",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 3},
                    ),
                    _c(
                        "Goede voorbereiding",
                        "Een goede voorbereiding van de PLG.",
                        Q3,
                        colour="#666666",
                        kind=INDUCTIVE,
                        counts={ONE_YEAR_AFTER: 5},
                    ),
                ),
            ),
        ),
    ),
)


def walk(
    codes: tuple[StudyCode, ...] = STUDY_CODEBOOK, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, StudyCode]]:
    """Every code of the tree, depth first, as (code path, code)."""
    for code in codes:
        names = (*prefix, code.name)
        yield PATH_SEPARATOR.join(names), code
        yield from walk(code.children, names)


CODE_PATHS: tuple[str, ...] = tuple(path for path, _code in walk())

EXPECTED_COUNTS: dict[tuple[str, str], int] = {
    (moment, path): n for path, code in walk() for moment, n in code.counts.items()
}
