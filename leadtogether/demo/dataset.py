"""The study's 2021–2023 trajectory for school leaders as a reproducible demo dataset.

Pure Python and fully deterministic: the same records come out on every run, so the demo
reproduces the figures of the study (Tanghe & Schelfhout, 2026):
149 enrolled participants, 131 of whom consented to research use ("respondents"),
Table 1 (level × function of the respondents) and Table 2 (the 15 PLGs at the start).

Where the study leaves freedom, this dataset makes the following choices.

Who did not consent (18 participants: 8 primary, 10 secondary; 10 management, 8 middle).
  Table 2 counts respondents and their schools only, so the non-consenting participants
  sit where they are needed to reach 149 enrolled leaders with 93 % "enrolled with a
  colleague" without changing Table 2:
  - three schools whose enrolled leaders all declined: Vrije Basisschool De Kleine Prins
    (Aalter) and Vrije Basisschool Heilig Hart (Eeklo) in PLG 4, and Gemeentelijk
    Instituut Beveren in PLG 14 (which gives PLG 14's scholengemeenschap its fourth
    school, the call's minimum);
  - twelve schools where one of the two leaders declined: in primary a care or general
    coordinator (PLGs 1, 5 and 6); in secondary mostly the director while the
    coordinator consented (PLGs 7, 9, 12, 13), once an adjunct-director (PLG 13) and
    twice a middle manager (PLGs 9 and 15).

Schools with one or three enrolled leaders (the norm is two).
  Eleven schools enrolled only their director, so 138 of 149 participants (93 %) have an
  enrolled colleague at their school: eight small primary schools of the
  Meetjesland scholengemeenschap (five in PLG 4, three in PLG 5) and Heilig-Hartcollege
  (Hasselt, PLG 9), Sint-Aloysiuscollege (Ninove, PLG 13) and Sint-Bavo-instituut
  (Herentals, PLG 15). Eight large secondary schools enrolled three leaders (director
  or coordinating director, adjunct-director or director, and a middle manager): two in
  PLG 8, three in PLG 10 and three in PLG 14.

Functions.
  Every primary respondent school has exactly one management respondent (34), and
  middle managers fill the remaining 22 places; in secondary, two-leader schools pair a
  director with a middle manager and three-leader schools have two managers and one
  middle manager. Three participants are coordinating directors ("coördinerend
  directeur") of a scholengemeenschap: in Meetjesland (A), Mechelen (A+, used for the
  director account) and Stedelijk Onderwijs Waasland (A). In total 86 managers (58 %) and
  63 middle managers (42 %); 64 primary (43 %) and 85 secondary (57 %) participants.

The split partnership.
  Scholengemeenschap Meetjesland (form A, full participation, learning level 2) has 19
  schools and is split into PLG 4 and PLG 5 by village: the ten schools in Aalter,
  Assenede, Eeklo and Ertvelde form PLG 4 (its eight respondent schools plus the two
  schools whose leaders all declined), the nine schools in Kaprijke, Knesselare,
  Lembeke, Maldegem, Sint-Laureins, Waarschoot and Zomergem form PLG 5. Sorting the 19
  schools by (region, name) therefore puts PLG 4's ten schools first. Leaders of one
  school always sit in the same PLG.

Form A+ partnerships.
  The added school from another scholengemeenschap of the same network is
  Sint-Vincentiuscollege (Waregem) for Kortrijk, GO! Atheneum Lokeren for Leie en
  Schelde, Sint-Gummaruscollege (Lier) for Mechelen, GO! Atheneum Mortsel for
  Rupel-Schelde and Sint-Catharinacollege (Geraardsbergen) for Dender.

Coaches.
  Eight PLG coaches from pedagogical advisory services; seven guide two PLGs and one
  guides a single PLG (PLG 15). Both halves of the split partnership share one coach
  (C03), which eases their merger after the trajectory. Each coach is also the
  individual coach of the leaders in the PLGs they guide, and is never booked twice on
  the same day.

Calendar (all times are Europe/Brussels local time, all sessions lie in the past).
  Eight training days on Thursdays, 09:00–16:00, four per training year. PLG meetings
  take place four times per training year in October, January, March and May, on weekday
  afternoons (primary PLGs on Wednesday afternoons, when primary schools have no
  lessons; secondary PLGs on Monday or Tuesday), hosted in turn by the PLG's schools.
  Four meetings were cancelled (M-PLG03-2, M-PLG09-6, M-PLG12-3, M-PLG15-5, each with
  its reason) and two were moved to a later date and then held (M-PLG06-4, M-PLG11-7;
  their title says from which date). Individual coaching: 0 to 3 sessions per
  participant (most have 1 to 3), spread over the two training years, at the school or
  online. Attendance is drawn from seeded generators, so it is the same on every run.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# ---------------------------------------------------------------------------
# Public records
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoTrajectory:
    slug: str
    name: str
    start: date
    year_one_end: date
    end: date
    follow_up_end: date


@dataclass(frozen=True)
class DemoSchool:
    ref: str
    name: str
    level: str  # "primary" | "secondary"
    network: str
    region: str


@dataclass(frozen=True)
class DemoPartnership:
    ref: str
    name: str
    form: str  # "A" | "A+" | "B"
    participation: str  # "partial" | "full" | "" (empty for form B)
    learning_level: int
    school_refs: tuple[str, ...]


@dataclass(frozen=True)
class DemoPerson:
    ref: str
    first_name: str
    last_name: str
    email: str
    school_ref: str | None
    function_title: str
    function_category: str  # "management" | "middle" | "" (coaches)
    enrolled: bool
    research_consent: bool
    plg_ref: str | None


@dataclass(frozen=True)
class DemoPLG:
    ref: str
    name: str
    partnership_ref: str
    coach_ref: str


@dataclass(frozen=True)
class DemoSession:
    ref: str
    kind: str  # "training_day" | "plg_meeting" | "coaching"
    starts_at: datetime  # naive, Europe/Brussels local time
    ends_at: datetime
    title: str
    location: str
    plg_ref: str | None
    person_ref: str | None
    status: str  # "planned" | "held" | "cancelled"
    cancel_reason: str
    attendance: tuple[tuple[str, str], ...]  # (person_ref, "present" | "absent" | "excused")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str  # "organiser" | "coach" | "participant" | "director" | "researcher"
    person_ref: str | None
    partnership_ref: str | None  # only for the director


TRAJECTORY = DemoTrajectory(
    "schoolleiders-2021",
    "Professionaliseringstraject schoolleiders 2021–2023",
    date(2021, 9, 1),
    date(2022, 8, 31),
    date(2023, 8, 31),
    date(2024, 8, 31),
)

PRIMARY = "primary"
SECONDARY = "secondary"
MANAGEMENT = "management"
MIDDLE = "middle"

GO = "GO!"
KOV = "Katholiek Onderwijs Vlaanderen"
OVSG = "OVSG"
POV = "POV"

DEMO_PASSWORD = "leadtogether-demo"  # noqa: S105 - the published password of the demo accounts

# ---------------------------------------------------------------------------
# Composition of the partnerships, PLGs and schools
# ---------------------------------------------------------------------------

# Leader codes → (function title, function category). In a school's leader list a
# leading "!" marks a leader who declined research use of their data.
_FUNCTIONS: dict[str, tuple[str, str]] = {
    "dir": ("directeur", MANAGEMENT),
    "adj": ("adjunct-directeur", MANAGEMENT),
    "cdir": ("coördinerend directeur", MANAGEMENT),
    "coo": ("coördinator", MIDDLE),
    "bel": ("beleidsmedewerker", MIDDLE),
    "zc": ("zorgcoördinator", MIDDLE),
    "ict": ("ICT-coördinator", MIDDLE),
    "gc": ("graadcoördinator", MIDDLE),
    "tac": ("technisch adviseur-coördinator", MIDDLE),
}

_MON, _TUE, _WED = 0, 1, 2


@dataclass(frozen=True)
class _PartnershipSpec:
    ref: str
    name: str
    form: str
    participation: str
    learning_level: int
    level: str


@dataclass(frozen=True)
class _PLGSpec:
    number: int
    partnership_ref: str
    coach_ref: str
    weekday: int  # weekday of its meetings
    week: int  # week (0–2) within each meeting window


@dataclass(frozen=True)
class _SchoolSpec:
    plg_number: int
    name: str
    region: str
    network: str
    leaders: str  # space-separated leader codes, "!" = declined research consent


_PARTNERSHIP_SPECS: tuple[_PartnershipSpec, ...] = (
    _PartnershipSpec("SV01", "Scholengemeenschap Brugge-Oost", "A", "partial", 3, PRIMARY),
    _PartnershipSpec("SV02", "Scholengemeenschap Dijleland", "A", "partial", 4, PRIMARY),
    _PartnershipSpec("SV03", "Schoolleidersnetwerk Westhoek", "B", "", 1, PRIMARY),
    _PartnershipSpec("SV04", "Scholengemeenschap Meetjesland", "A", "full", 2, PRIMARY),
    _PartnershipSpec("SV05", "Scholengemeenschap Pajottenland", "A", "partial", 2, PRIMARY),
    _PartnershipSpec("SV06", "Scholengemeenschap Kortrijk", "A+", "partial", 3, SECONDARY),
    _PartnershipSpec("SV07", "Scholengemeenschap Leie en Schelde", "A+", "partial", 2, SECONDARY),
    _PartnershipSpec("SV08", "Scholengemeenschap Hasselt-Genk", "A", "partial", 2, SECONDARY),
    _PartnershipSpec("SV09", "Scholengemeenschap Mechelen", "A+", "full", 3, SECONDARY),
    _PartnershipSpec("SV10", "Scholengemeenschap Rupel-Schelde", "A+", "partial", 2, SECONDARY),
    _PartnershipSpec(
        "SV11", "Scholengemeenschap Provinciaal Onderwijs Limburg", "A", "full", 2, SECONDARY
    ),
    _PartnershipSpec("SV12", "Scholengemeenschap Dender", "A+", "partial", 2, SECONDARY),
    _PartnershipSpec(
        "SV13", "Scholengemeenschap Stedelijk Onderwijs Waasland", "A", "full", 2, SECONDARY
    ),
    _PartnershipSpec("SV14", "Schoolleidersnetwerk Kempen", "B", "", 1, SECONDARY),
)

# Coaches with two PLGs meet them in different weeks or on different weekdays.
_PLG_SPECS: tuple[_PLGSpec, ...] = (
    _PLGSpec(1, "SV01", "C01", _WED, 0),
    _PLGSpec(2, "SV02", "C01", _WED, 1),
    _PLGSpec(3, "SV03", "C02", _WED, 0),
    _PLGSpec(4, "SV04", "C03", _WED, 1),
    _PLGSpec(5, "SV04", "C03", _WED, 2),
    _PLGSpec(6, "SV05", "C02", _WED, 2),
    _PLGSpec(7, "SV06", "C04", _MON, 0),
    _PLGSpec(8, "SV07", "C05", _TUE, 0),
    _PLGSpec(9, "SV08", "C04", _MON, 1),
    _PLGSpec(10, "SV09", "C06", _MON, 2),
    _PLGSpec(11, "SV10", "C05", _TUE, 1),
    _PLGSpec(12, "SV11", "C07", _TUE, 1),
    _PLGSpec(13, "SV12", "C06", _TUE, 2),
    _PLGSpec(14, "SV13", "C07", _MON, 0),
    _PLGSpec(15, "SV14", "C08", _TUE, 2),
)

# Schools in PLG order; a partnership's schools are those of its PLGs.
_SCHOOL_SPECS: tuple[_SchoolSpec, ...] = (
    _SchoolSpec(1, "Vrije Basisschool Sint-Jan", "Brugge", KOV, "dir zc"),
    _SchoolSpec(1, "Vrije Basisschool De Regenboog", "Oostkamp", KOV, "dir coo"),
    _SchoolSpec(1, "Vrije Basisschool Sint-Jozef", "Beernem", KOV, "dir bel"),
    _SchoolSpec(1, "Vrije Basisschool 't Kompas", "Damme", KOV, "dir !zc"),
    _SchoolSpec(2, "GO! Basisschool De Vlieger", "Leuven", GO, "dir zc"),
    _SchoolSpec(2, "GO! Basisschool Het Molenhuis", "Herent", GO, "dir coo"),
    _SchoolSpec(2, "GO! Basisschool De Kleine Wereld", "Kortenberg", GO, "dir ict"),
    _SchoolSpec(2, "GO! Basisschool De Sterrenkijker", "Bierbeek", GO, "dir zc"),
    _SchoolSpec(2, "GO! Basisschool De Boomhut", "Holsbeek", GO, "dir bel"),
    _SchoolSpec(3, "GO! Basisschool De Letterboom", "Ieper", GO, "dir zc"),
    _SchoolSpec(3, "Vrije Basisschool Sint-Bernardus", "Poperinge", KOV, "dir coo"),
    _SchoolSpec(3, "Gemeentelijke Basisschool De Zonnebloem", "Diksmuide", OVSG, "dir zc"),
    _SchoolSpec(3, "Basisschool De Wegwijzer", "Veurne", KOV, "dir bel"),
    _SchoolSpec(4, "Vrije Basisschool Sint-Godelieve", "Aalter", KOV, "dir zc"),
    _SchoolSpec(4, "Vrije Basisschool De Linde", "Aalter", KOV, "dir"),
    _SchoolSpec(4, "Vrije Basisschool De Kleine Prins", "Aalter", KOV, "!dir !coo"),
    _SchoolSpec(4, "Vrije Basisschool Sint-Vincentius", "Assenede", KOV, "dir coo"),
    _SchoolSpec(4, "Vrije Basisschool De Bijenkorf", "Assenede", KOV, "dir"),
    _SchoolSpec(4, "Vrije Basisschool Mariagaarde", "Eeklo", KOV, "dir bel"),
    _SchoolSpec(4, "Vrije Basisschool De Paddenstoel", "Eeklo", KOV, "dir"),
    _SchoolSpec(4, "Vrije Basisschool Heilig Hart", "Eeklo", KOV, "!dir !zc"),
    _SchoolSpec(4, "Vrije Basisschool De Klimtoren", "Ertvelde", KOV, "dir"),
    _SchoolSpec(4, "Vrije Basisschool Sint-Laurentius", "Ertvelde", KOV, "dir"),
    _SchoolSpec(5, "Vrije Basisschool Sint-Petrus", "Kaprijke", KOV, "dir zc"),
    _SchoolSpec(5, "Vrije Basisschool De Kiem", "Kaprijke", KOV, "dir"),
    _SchoolSpec(5, "Vrije Basisschool Sint-Ursmarus", "Knesselare", KOV, "dir !coo"),
    _SchoolSpec(5, "Vrije Basisschool De Ark", "Lembeke", KOV, "dir"),
    _SchoolSpec(5, "Vrije Basisschool Sint-Barbara", "Maldegem", KOV, "cdir bel"),
    _SchoolSpec(5, "Vrije Basisschool De Springplank", "Maldegem", KOV, "dir coo"),
    _SchoolSpec(5, "Vrije Basisschool Sint-Jan-Baptist", "Sint-Laureins", KOV, "dir !zc"),
    _SchoolSpec(5, "Vrije Basisschool De Wingerd", "Waarschoot", KOV, "dir zc"),
    _SchoolSpec(5, "Vrije Basisschool 't Zonnetje", "Zomergem", KOV, "dir"),
    _SchoolSpec(6, "Gemeentelijke Basisschool De Klimop", "Dilbeek", OVSG, "dir zc"),
    _SchoolSpec(6, "Gemeentelijke Basisschool De Puzzel", "Lennik", OVSG, "dir coo"),
    _SchoolSpec(6, "Gemeentelijke Basisschool Het Klavertje", "Gooik", OVSG, "dir ict"),
    _SchoolSpec(6, "Gemeentelijke Basisschool De Wilg", "Galmaarden", OVSG, "dir !coo"),
    _SchoolSpec(7, "Sint-Jozefscollege", "Kortrijk", KOV, "dir gc"),
    _SchoolSpec(7, "Sint-Lodewijksinstituut", "Harelbeke", KOV, "dir bel"),
    _SchoolSpec(7, "Instituut Heilige Familie", "Wevelgem", KOV, "dir zc"),
    _SchoolSpec(7, "Sint-Pauluscollege", "Kuurne", KOV, "dir tac"),
    _SchoolSpec(7, "Vrij Technisch Instituut Menen", "Menen", KOV, "dir gc"),
    _SchoolSpec(7, "Sint-Vincentiuscollege", "Waregem", KOV, "!dir coo"),
    _SchoolSpec(8, "GO! Atheneum Gent", "Gent", GO, "dir adj gc"),
    _SchoolSpec(8, "GO! Technisch Atheneum Merelbeke", "Merelbeke", GO, "dir adj tac"),
    _SchoolSpec(8, "GO! Atheneum Deinze", "Deinze", GO, "dir bel"),
    _SchoolSpec(8, "GO! Middenschool Gentbrugge", "Gent", GO, "dir coo"),
    _SchoolSpec(8, "GO! Atheneum Lokeren", "Lokeren", GO, "dir zc"),
    _SchoolSpec(9, "Sint-Jan Berchmanscollege", "Genk", KOV, "dir gc"),
    _SchoolSpec(9, "Heilig-Hartcollege", "Hasselt", KOV, "dir"),
    _SchoolSpec(9, "Sint-Jozefsinstituut", "Zonhoven", KOV, "!dir zc"),
    _SchoolSpec(9, "Sint-Augustinusinstituut", "Diepenbeek", KOV, "dir !bel"),
    _SchoolSpec(10, "Sint-Romboutscollege", "Mechelen", KOV, "cdir dir gc"),
    _SchoolSpec(10, "Ursulineninstituut", "Mechelen", KOV, "dir adj bel"),
    _SchoolSpec(10, "Sint-Gabriëlcollege", "Bonheiden", KOV, "dir adj zc"),
    _SchoolSpec(10, "Sint-Gummaruscollege", "Lier", KOV, "dir gc"),
    _SchoolSpec(11, "GO! Atheneum Boom", "Boom", GO, "dir gc"),
    _SchoolSpec(11, "GO! Atheneum Hoboken", "Antwerpen", GO, "dir zc"),
    _SchoolSpec(11, "GO! Technisch Atheneum Kontich", "Kontich", GO, "dir tac"),
    _SchoolSpec(11, "GO! Atheneum Mortsel", "Mortsel", GO, "dir bel"),
    _SchoolSpec(12, "Provinciaal Technisch Instituut Hasselt", "Hasselt", POV, "dir tac"),
    _SchoolSpec(12, "Provinciaal Instituut Lommel", "Lommel", POV, "dir gc"),
    _SchoolSpec(12, "Provinciaal Secundair Onderwijs Bilzen", "Bilzen", POV, "!dir coo"),
    _SchoolSpec(12, "Provinciaal Instituut Tongeren", "Tongeren", POV, "!dir gc"),
    _SchoolSpec(13, "Sint-Maarteninstituut", "Aalst", KOV, "dir gc"),
    _SchoolSpec(13, "Sint-Aloysiuscollege", "Ninove", KOV, "dir"),
    _SchoolSpec(13, "Sint-Jan-Baptistinstituut", "Denderleeuw", KOV, "!dir bel"),
    _SchoolSpec(13, "Sint-Catharinacollege", "Geraardsbergen", KOV, "dir !adj"),
    _SchoolSpec(14, "Stedelijk Lyceum Sint-Niklaas", "Sint-Niklaas", OVSG, "cdir dir gc"),
    _SchoolSpec(14, "Stedelijke Middenschool Sint-Niklaas", "Sint-Niklaas", OVSG, "dir adj coo"),
    _SchoolSpec(14, "Gemeentelijk Technisch Instituut Temse", "Temse", OVSG, "dir adj tac"),
    _SchoolSpec(14, "Gemeentelijk Instituut Beveren", "Beveren", OVSG, "!dir !adj"),
    _SchoolSpec(15, "Sint-Victorinstituut", "Turnhout", KOV, "dir gc"),
    _SchoolSpec(15, "GO! Atheneum Hoogstraten", "Hoogstraten", GO, "dir zc"),
    _SchoolSpec(15, "Stedelijk Instituut Geel", "Geel", OVSG, "dir bel"),
    _SchoolSpec(15, "Provinciaal Instituut voor Technisch Onderwijs Mol", "Mol", POV, "dir !coo"),
    _SchoolSpec(15, "Sint-Bavo-instituut", "Herentals", KOV, "dir"),
)

_COACHES: tuple[tuple[str, str, str], ...] = (
    ("C01", "Marleen", "Verhaegen"),
    ("C02", "Bart", "Vandecasteele"),
    ("C03", "Griet", "Van Landeghem"),
    ("C04", "Koen", "Dewitte"),
    ("C05", "Ingrid", "Bosmans"),
    ("C06", "Luc", "Vanderlinden"),
    ("C07", "Hilde", "Schollaert"),
    ("C08", "Pascal", "Ghysels"),
)
_COACH_EMAIL_DOMAIN = "begeleiding.example"

_FIRST_NAMES: tuple[str, ...] = tuple(
    """
    An Ann Annelies Barbara Birgit Caroline Charlotte Els Ellen Eline Evelien Femke Greet
    Hanne Heidi Ilse Inge Joke Jolien Karolien Katrien Kristien Leen Lies Liesbeth Lieve
    Lotte Mieke Nathalie Nele Sabine Sarah Saskia Sofie Tine Veerle Wendy Bert Bram Dries
    Erik Filip Frank Frederik Geert Gert Hans Jan Jens Jeroen Johan Joris Kris Kristof Lode
    Marc Michiel Nico Peter Pieter Ruben Stijn Steven Sven Thomas Tim Tom Ward Wim Wouter
    """.split()
)

# Comma-separated because some Flemish last names contain spaces.
_LAST_NAMES: tuple[str, ...] = tuple(
    name.strip()
    for name in """
    Aerts, Baert, Bauwens, Beckers, Blommaert, Bogaert, Boonen, Bracke, Callebaut,
    Ceulemans, Claes, Claeys, Cools, Coppens, Cornelis, Daems, De Backer, De Clercq,
    De Meyer, De Paepe, De Smet, De Vos, De Wilde, Declercq, Deconinck, Desmet, Devos,
    Dewulf, D'Hondt, Dhaene, Dierckx, Geerts, Goossens, Goris, Hendrickx, Hermans, Huysmans,
    Jacobs, Janssens, Jaspers, Lambrecht, Lauwers, Lemmens, Maes, Martens, Mertens,
    Michiels, Moens, Mortier, Nijs, Op de Beeck, Pauwels, Peeters, Schepens, Segers, Sels,
    Slegers, Smets, Stevens, Swinnen, Thys, Van Acker, Van Daele, Van Damme, Van de Velde,
    Van den Broeck, Van Dyck, Van Goethem, Van Hecke, Van Hoof, Van Laere, Van Looy,
    Van Rompaey, Vandamme, Vandenberghe, Vandewalle, Vanhoutte, Vanhove, Vanneste, Verbeke,
    Vercammen, Verheyen, Verhoeven, Verlinden, Vermeersch, Vermeulen, Verschueren,
    Verstraete, Vervoort, Vlaeminck, Willaert, Willems, Wouters, Wuyts
    """.split(",")
)

# School-name prefixes shortened in e-mail domains.
_DOMAIN_PREFIXES: tuple[tuple[str, str], ...] = (
    ("Vrije Basisschool ", "vbs-"),
    ("GO! Basisschool ", "gobs-"),
    ("Gemeentelijke Basisschool ", "gbs-"),
    ("Basisschool ", "bs-"),
    ("GO! ", "go-"),
)


def _ascii_letters(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (accents dropped, rest removed)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return "".join(char for char in plain if char.isalnum())


def _email_domain(school_name: str) -> str:
    for prefix, short in _DOMAIN_PREFIXES:
        if school_name.startswith(prefix):
            return f"{short}{_ascii_letters(school_name.removeprefix(prefix))}.example"
    return f"{_ascii_letters(school_name)}.example"


def _email(first_name: str, last_name: str, domain: str) -> str:
    return f"{_ascii_letters(first_name)}.{_ascii_letters(last_name)}@{domain}"


def _plg_ref(number: int) -> str:
    return f"PLG{number:02d}"


@dataclass(frozen=True)
class _Leader:
    title: str
    category: str
    consent: bool


def _leaders(codes: str) -> tuple[_Leader, ...]:
    leaders = []
    for code in codes.split():
        consent = not code.startswith("!")
        title, category = _FUNCTIONS[code.removeprefix("!")]
        leaders.append(_Leader(title, category, consent))
    return tuple(leaders)


def _pick_name(
    rng: random.Random, taken: set[tuple[str, str]], school_last_names: set[str]
) -> tuple[str, str]:
    """A full name not used before, with a last name new to the school."""
    while True:
        name = (rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES))
        if name not in taken and name[1] not in school_last_names:
            taken.add(name)
            school_last_names.add(name[1])
            return name


def _school_ref(index: int) -> str:
    """Ref of the school at ``index`` (0-based) in ``_SCHOOL_SPECS``."""
    return f"S{index + 1:03d}"


def _partnership_of_plg() -> dict[int, str]:
    return {spec.number: spec.partnership_ref for spec in _PLG_SPECS}


def _build_schools() -> tuple[DemoSchool, ...]:
    level_of = {spec.ref: spec.level for spec in _PARTNERSHIP_SPECS}
    partnership_of = _partnership_of_plg()
    return tuple(
        DemoSchool(
            ref=_school_ref(index),
            name=spec.name,
            level=level_of[partnership_of[spec.plg_number]],
            network=spec.network,
            region=spec.region,
        )
        for index, spec in enumerate(_SCHOOL_SPECS)
    )


def _build_partnerships() -> tuple[DemoPartnership, ...]:
    partnership_of = _partnership_of_plg()
    return tuple(
        DemoPartnership(
            ref=spec.ref,
            name=spec.name,
            form=spec.form,
            participation=spec.participation,
            learning_level=spec.learning_level,
            school_refs=tuple(
                _school_ref(index)
                for index, school in enumerate(_SCHOOL_SPECS)
                if partnership_of[school.plg_number] == spec.ref
            ),
        )
        for spec in _PARTNERSHIP_SPECS
    )


def _build_plgs() -> tuple[DemoPLG, ...]:
    return tuple(
        DemoPLG(_plg_ref(spec.number), f"PLG {spec.number}", spec.partnership_ref, spec.coach_ref)
        for spec in _PLG_SPECS
    )


def _build_participants() -> list[DemoPerson]:
    rng = random.Random(2021)
    taken = {(first, last) for _, first, last in _COACHES}
    people: list[DemoPerson] = []
    for index, school in enumerate(_SCHOOL_SPECS):
        domain = _email_domain(school.name)
        school_last_names: set[str] = set()
        for leader in _leaders(school.leaders):
            first, last = _pick_name(rng, taken, school_last_names)
            people.append(
                DemoPerson(
                    ref=f"P{len(people) + 1:03d}",
                    first_name=first,
                    last_name=last,
                    email=_email(first, last, domain),
                    school_ref=_school_ref(index),
                    function_title=leader.title,
                    function_category=leader.category,
                    enrolled=True,
                    research_consent=leader.consent,
                    plg_ref=_plg_ref(school.plg_number),
                )
            )
    return people


def _build_coaches() -> list[DemoPerson]:
    return [
        DemoPerson(
            ref=ref,
            first_name=first,
            last_name=last,
            email=_email(first, last, _COACH_EMAIL_DOMAIN),
            school_ref=None,
            function_title="PLG-coach",
            function_category="",
            enrolled=False,
            research_consent=False,
            plg_ref=None,
        )
        for ref, first, last in _COACHES
    ]


SCHOOLS: tuple[DemoSchool, ...] = _build_schools()
PARTNERSHIPS: tuple[DemoPartnership, ...] = _build_partnerships()
PEOPLE: tuple[DemoPerson, ...] = tuple(_build_participants() + _build_coaches())
PLGS: tuple[DemoPLG, ...] = _build_plgs()

# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------

_TRAINING_DAYS: tuple[tuple[date, str], ...] = (
    (date(2021, 10, 14), "Start: gedeeld schoolleiderschap en de PLG"),
    (date(2021, 12, 9), "Leerzorg als gedeelde opdracht"),
    (date(2022, 2, 17), "Van doelen naar acties: het actieplan"),
    (date(2022, 4, 28), "Het eerste actieplan: feedback en bijsturing"),
    (date(2022, 10, 13), "Gedeeld leiderschap in de praktijk"),
    (date(2022, 12, 8), "Onderwijskwaliteit en leerzorg verdiepen"),
    (date(2023, 2, 16), "Veranderen, borgen en verankeren in het schoolbeleid"),
    (date(2023, 4, 27), "Slotdag: actieplannen delen en de PLG verduurzamen"),
)
_TRAINING_LOCATION = "Vormingscentrum De Brug, Mechelen"

# Monday of the first week of each three-week PLG meeting window (four per training year).
_MEETING_WINDOWS: tuple[date, ...] = (
    date(2021, 10, 4),
    date(2022, 1, 10),
    date(2022, 3, 7),
    date(2022, 5, 2),
    date(2022, 10, 3),
    date(2023, 1, 9),
    date(2023, 3, 6),
    date(2023, 5, 8),
)

_CANCELLED_MEETINGS: dict[str, str] = {
    "M-PLG03-2": "Coach ziek",
    "M-PLG09-6": "Staking in het onderwijs",
    "M-PLG12-3": "Doorlichting door de onderwijsinspectie in twee scholen",
    "M-PLG15-5": "Te weinig deelnemers beschikbaar",
}

# Meetings moved to another date and held there.
_MOVED_MEETINGS: dict[str, date] = {
    "M-PLG06-4": date(2022, 6, 1),
    "M-PLG11-7": date(2023, 3, 28),
}

# Flemish school holidays and public holidays on weekdays, 2021–2023 (inclusive ranges).
_HOLIDAYS: tuple[tuple[date, date], ...] = (
    (date(2021, 11, 1), date(2021, 11, 7)),
    (date(2021, 11, 11), date(2021, 11, 11)),
    (date(2021, 12, 27), date(2022, 1, 9)),
    (date(2022, 2, 28), date(2022, 3, 6)),
    (date(2022, 4, 4), date(2022, 4, 18)),
    (date(2022, 5, 26), date(2022, 5, 27)),
    (date(2022, 6, 6), date(2022, 6, 6)),
    (date(2022, 7, 1), date(2022, 8, 31)),
    (date(2022, 10, 31), date(2022, 11, 6)),
    (date(2022, 11, 11), date(2022, 11, 11)),
    (date(2022, 12, 26), date(2023, 1, 8)),
    (date(2023, 2, 20), date(2023, 2, 26)),
    (date(2023, 4, 3), date(2023, 4, 16)),
    (date(2023, 5, 1), date(2023, 5, 1)),
    (date(2023, 5, 18), date(2023, 5, 19)),
    (date(2023, 5, 29), date(2023, 5, 29)),
)

# Periods in which individual coaching takes place (a participant has at most one
# session per period, so at most three in the trajectory).
_COACHING_PERIODS: tuple[tuple[date, date], ...] = (
    (date(2021, 11, 15), date(2022, 5, 31)),
    (date(2022, 9, 19), date(2023, 2, 10)),
    (date(2023, 2, 13), date(2023, 6, 16)),
)
_COACHING_COUNT_WEIGHTS: tuple[int, ...] = (12, 28, 38, 22)  # for 0, 1, 2, 3 sessions
_COACHING_STARTS: tuple[time, ...] = (
    time(9, 0),
    time(10, 30),
    time(13, 0),
    time(14, 30),
    time(16, 0),
)
_ONLINE = "Online (videogesprek)"

_MONTHS: tuple[str, ...] = tuple(
    (
        "januari februari maart april mei juni juli augustus september oktober november december"
    ).split()
)


def _dutch_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _is_holiday(day: date) -> bool:
    return any(first <= day <= last for first, last in _HOLIDAYS)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _attendance_status(rng: random.Random, excused: float, absent: float) -> str:
    draw = rng.random()
    if draw < excused:
        return "excused"
    if draw < excused + absent:
        return "absent"
    return "present"


def _participants() -> tuple[DemoPerson, ...]:
    return tuple(person for person in PEOPLE if person.enrolled)


def _school(ref: str) -> DemoSchool:
    return next(school for school in SCHOOLS if school.ref == ref)


def _plg_specs() -> dict[str, _PLGSpec]:
    return {_plg_ref(spec.number): spec for spec in _PLG_SPECS}


def _level_of_plg(plg: DemoPLG) -> str:
    return next(spec.level for spec in _PARTNERSHIP_SPECS if spec.ref == plg.partnership_ref)


def _host_schools(number: int) -> tuple[_SchoolSpec, ...]:
    return tuple(school for school in _SCHOOL_SPECS if school.plg_number == number)


def _training_days(rng: random.Random) -> list[DemoSession]:
    participants = _participants()
    days = []
    for number, (day, theme) in enumerate(_TRAINING_DAYS, start=1):
        attendance = tuple(
            (person.ref, _attendance_status(rng, excused=0.05, absent=0.03))
            for person in participants
        )
        days.append(
            DemoSession(
                ref=f"TD{number}",
                kind="training_day",
                starts_at=_at(day, 9),
                ends_at=_at(day, 16),
                title=f"Opleidingsdag {number} – {theme}",
                location=_TRAINING_LOCATION,
                plg_ref=None,
                person_ref=None,
                status="held",
                cancel_reason="",
                attendance=attendance,
            )
        )
    return days


def _meeting_hours(level: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Primary PLGs meet on Wednesday afternoons from 13:30, secondary ones from 14:00."""
    if level == PRIMARY:
        return (13, 30), (16, 30)
    return (14, 0), (17, 0)


def _plg_meetings(rng: random.Random) -> list[DemoSession]:
    specs = _plg_specs()
    members: dict[str, list[str]] = {}
    for person in _participants():
        members.setdefault(person.plg_ref or "", []).append(person.ref)
    meetings = []
    for plg in PLGS:
        plg_spec = specs[plg.ref]
        host_schools = _host_schools(plg_spec.number)
        (start_h, start_m), (end_h, end_m) = _meeting_hours(_level_of_plg(plg))
        for number, window in enumerate(_MEETING_WINDOWS, start=1):
            ref = f"M-{plg.ref}-{number}"
            planned = window + timedelta(weeks=plg_spec.week, days=plg_spec.weekday)
            day = _MOVED_MEETINGS.get(ref, planned)
            host = host_schools[(number - 1) % len(host_schools)]
            title = f"{plg.name} – bijeenkomst {number}"
            if day != planned:
                title += f" (verplaatst van {_dutch_date(planned)})"
            cancel_reason = _CANCELLED_MEETINGS.get(ref, "")
            attendance = (
                ()
                if cancel_reason
                else tuple(
                    (person_ref, _attendance_status(rng, excused=0.08, absent=0.03))
                    for person_ref in members[plg.ref]
                )
            )
            meetings.append(
                DemoSession(
                    ref=ref,
                    kind="plg_meeting",
                    starts_at=_at(day, start_h, start_m),
                    ends_at=_at(day, end_h, end_m),
                    title=title,
                    location=f"{host.name}, {host.region}",
                    plg_ref=plg.ref,
                    person_ref=None,
                    status="cancelled" if cancel_reason else "held",
                    cancel_reason=cancel_reason,
                    attendance=attendance,
                )
            )
    return meetings


def _working_days(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and not _is_holiday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _coaching(rng: random.Random, busy: dict[str, set[date]]) -> list[DemoSession]:
    """Individual coaching by the PLG coach; one coaching session per coach per day."""
    coach_of = {plg.ref: plg.coach_ref for plg in PLGS}
    training_days = {day for day, _ in _TRAINING_DAYS}
    period_days = [
        [day for day in _working_days(first, last) if day not in training_days]
        for first, last in _COACHING_PERIODS
    ]
    sessions_ = []
    for person in _participants():
        plg_ref = person.plg_ref or ""
        coach = coach_of[plg_ref]
        count = rng.choices(range(4), weights=_COACHING_COUNT_WEIGHTS)[0]
        periods = sorted(rng.sample(range(len(_COACHING_PERIODS)), count))
        school = _school(person.school_ref or "")
        for number, period in enumerate(periods, start=1):
            day = rng.choice([day for day in period_days[period] if day not in busy[coach]])
            busy[coach].add(day)
            start = datetime.combine(day, rng.choice(_COACHING_STARTS))
            location = _ONLINE if rng.random() < 0.25 else f"{school.name}, {school.region}"
            sessions_.append(
                DemoSession(
                    ref=f"CO-{person.ref}-{number}",
                    kind="coaching",
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    title=f"Individuele coaching {number}",
                    location=location,
                    plg_ref=plg_ref,
                    person_ref=person.ref,
                    status="held",
                    cancel_reason="",
                    attendance=((person.ref, "present"),),
                )
            )
    return sessions_


def sessions() -> tuple[DemoSession, ...]:
    """All sessions of the trajectory, ordered by start and ref; the same on every call."""
    training_days = _training_days(random.Random(2021))
    meetings = _plg_meetings(random.Random(2022))
    busy: dict[str, set[date]] = {ref: set() for ref, _, _ in _COACHES}
    coach_of = {plg.ref: plg.coach_ref for plg in PLGS}
    for meeting in meetings:
        busy[coach_of[meeting.plg_ref or ""]].add(meeting.starts_at.date())
    coaching = _coaching(random.Random(2023), busy)
    everything = training_days + meetings + coaching
    return tuple(sorted(everything, key=lambda session: (session.starts_at, session.ref)))


# ---------------------------------------------------------------------------
# Demo accounts, one per role
# ---------------------------------------------------------------------------


def _coach_of_plg(plg_ref: str) -> str:
    return next(plg.coach_ref for plg in PLGS if plg.ref == plg_ref)


def _first_respondent_of_plg(plg_ref: str) -> str:
    return next(
        person.ref for person in PEOPLE if person.plg_ref == plg_ref and person.research_consent
    )


def _coordinating_director_of(partnership_ref: str) -> str:
    partnership = next(item for item in PARTNERSHIPS if item.ref == partnership_ref)
    return next(
        person.ref
        for person in PEOPLE
        if person.function_title == "coördinerend directeur"
        and person.school_ref in partnership.school_refs
    )


_DIRECTOR_PARTNERSHIP = "SV09"

ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("organisator", DEMO_PASSWORD, "organiser", None, None),
    DemoAccount("coach", DEMO_PASSWORD, "coach", _coach_of_plg("PLG03"), None),
    DemoAccount("deelnemer", DEMO_PASSWORD, "participant", _first_respondent_of_plg("PLG03"), None),
    DemoAccount(
        "directeur",
        DEMO_PASSWORD,
        "director",
        _coordinating_director_of(_DIRECTOR_PARTNERSHIP),
        _DIRECTOR_PARTNERSHIP,
    ),
    DemoAccount("onderzoeker", DEMO_PASSWORD, "researcher", None, None),
)

# Invited through the workbook's roles sheet and not signed in yet: the roles page shows
# the invitation as pending. (person ref, role)
INVITED: tuple[tuple[str, str], ...] = ((_coach_of_plg("PLG15"), "coach"),)
