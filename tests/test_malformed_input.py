"""No input gives a server error: every form and public endpoint, fed malformed values.

``lib.access_matrix.routes`` finds every URL pattern (the admin left out). For each
view that accepts POST (its ``access_rule`` says so) a user who may post there — the
organiser, the researcher for researcher-only pages, nobody for public ones — opens the
page that holds its form, learns the form's field names from the HTML and posts
Hypothesis-generated values: NUL bytes and control characters, unicode, 10 kB strings,
spreadsheet formulas, refs with ``/`` and ``%``, huge and negative numbers, 1e300 and
NaN, dates at the ends of the calendar and garbage dates, empty values, missing fields
and duplicated keys. Every page is also opened with hostile query strings and hostile
values for its URL arguments. No response may be a 5xx.

Each example runs in a savepoint that is rolled back, so every example starts from the
same small trajectory (works alike on SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, quote_plus, urlencode

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.urls.converters import IntConverter, SlugConverter
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from leadtogether.accounts.models import RoleGrant, User
from leadtogether.coding.services import code_create
from leadtogether.lib.access_matrix import Route, routes
from leadtogether.lib.web import Rule
from leadtogether.surveys.models import Mailing, Question, Response
from leadtogether.surveys.services.invitations import default_texts, mailing_create, new_token
from leadtogether.trajectories.access import ORGANISER, RESEARCHER
from leadtogether.trajectories.models import Enrolment, Session
from leadtogether.trajectories.services import calendar_feed_for
from tests import factories
from tests.conftest import World
from tests.surveys import factories as sf

Kind = Question.Kind

# --- hostile values ---------------------------------------------------------------------

HUGE = "99999999999999999999999"
# Bytes that are no UTF-8: a browser never sends them, anyone else may. In a urlencoded
# body, a query string or a path this marker becomes the raw bytes.
BAD_BYTES = "<bad bytes>"
LONG = "x" * 10_000
HOSTILE_VALUES = [
    BAD_BYTES,
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t",
    "\u202eevil",
    "\ufeff",
    "😀 ß ŉ 中文",
    "Groep A",
    "Groep A2",
    "Groep A10",
    '=HYPERLINK("http://example.com","klik")',
    "+cmd|' /C calc'!A0",
    "a/b",
    "../../etc/passwd",
    "100%",
    "%00",
    "%2F",
    "%",
    HUGE,
    "-" + HUGE,
    "-1",
    "0",
    "1.5",
    "1e300",
    "-1e300",
    "NaN",
    "inf",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2024-02-30",
    "2024-13-01",
    "31/12/2024",
    "not a date",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "9999-12-31 23:59:59",
    "2024-01-01T25:61",
    "99:99",
    "true",
    "on",
    "[]",
    "{}",
    "null",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    LONG,
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    # any text a request can carry (lone surrogates cannot be encoded at all)
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=40),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
)


@dataclass(frozen=True)
class Real:
    """Take the Nth value the page itself offers for the field (an option, a default)."""

    index: int


@dataclass(frozen=True)
class Typed:
    """VALUES for the fields of a kind ("date", "number", "datetime-local", …) or of a
    name ("ref", "key", …); what the page offers for the others, so the form gets as far
    as it can with the hostile values where they belong."""

    values: tuple[tuple[str, Any], ...]

    def value_for(self, field: Field) -> Any:
        found = dict(self.values)
        return found.get(field.name, found.get(field.kind, Real(0)))


OMIT = "<omit>"
# The kinds and a few names of fields a typed plan aims at.
FIELD_KINDS = [
    "number", "date", "datetime-local", "text", "textarea", "select", "checkbox", "hidden",
    "ref", "key", "name", "starts_at", "ends_at",
]  # fmt: skip

# What one field gets: a value the page offers, a hostile value, nothing, or two values.
field_value = st.one_of(
    st.builds(Real, st.integers(min_value=0, max_value=50)),
    hostile_text,
    st.just(OMIT),
    st.lists(hostile_text, min_size=2, max_size=3),
)
# The plan for a whole form: field number i gets plan[i % len(plan)], so the plan does
# not depend on the form (and explicit examples can set every field at once); or hostile
# values by kind of field, the page's own values elsewhere.
form_plan = st.one_of(
    st.lists(field_value, min_size=1, max_size=12),
    st.builds(
        lambda values: [Typed(tuple(values.items()))],
        st.dictionaries(st.sampled_from(FIELD_KINDS), hostile_text, min_size=1),
    ),
)


def typed(**values: Any) -> list[Typed]:
    """An explicit plan: VALUES by name or kind of field (``datetime_local`` stands for
    ``datetime-local``)."""
    kinds = {"datetime_local": "datetime-local"}
    return [Typed(tuple((kinds.get(key, key), value) for key, value in values.items()))]


# --- the forms of a page ------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # the input's type, "select" or "textarea"
    offered: list[str]  # the values the page offers: its default, its options


class FormFields(HTMLParser):
    """The named inputs, selects, textareas and buttons of a page, with the values the
    page offers for each."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, Field] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str, kind: str, value: str | None) -> None:
        found = self.fields.setdefault(name, Field(name, kind, []))
        if value is not None and value not in found.offered:
            found.offered.append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag in {"input", "button"} and name:
            self._add(name, attributes.get("type") or "text", attributes.get("value"))
        elif tag == "select" and name:
            self._select = name
            self._add(name, "select", None)
        elif tag == "option" and self._select:
            self._add(self._select, "select", attributes.get("value"))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "textarea", None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and data.strip():
            self._add(self._textarea, "textarea", data)


def form_fields(html: str) -> list[Field]:
    parser = FormFields()
    parser.feed(html)
    parser.fields.pop("csrfmiddlewaretoken", None)
    return sorted(parser.fields.values(), key=lambda field: field.name)


def raw(encoded: str) -> str:
    """ENCODED (a urlencoded body, query string or path) with the raw bytes for BAD_BYTES."""
    return encoded.replace(quote_plus(BAD_BYTES), "%FF%FE%80").replace(
        quote(BAD_BYTES, safe=""), "%FF%FE%80"
    )


def post_data(fields: list[Field], plan: list[Any]) -> dict[str, Any]:
    """The POST body PLAN makes of the form FIELDS."""
    data: dict[str, Any] = {}
    for number, field in enumerate(fields):
        choice = plan[number % len(plan)]
        if isinstance(choice, Typed):
            choice = choice.value_for(field)
        if choice == OMIT:
            continue
        if isinstance(choice, Real):
            offered = field.offered
            data[field.name] = offered[choice.index % len(offered)] if offered else ""
        else:
            data[field.name] = choice
    return data


# --- the small trajectory every example starts from ---------------------------------------


class Place:
    """The trajectory of ``world`` with a session, surveys, a personal link and a feed
    (a plain class, so that a failing example prints it in one line)."""

    def __init__(
        self,
        *,
        world: World,
        samples: dict[str, Any],
        question_ids: list[int],
        token: str,
        feed_token: str,
    ) -> None:
        self.world = world
        self.samples = samples
        self.question_ids = question_ids
        self.token = token
        self.feed_token = feed_token

    def __repr__(self) -> str:
        return f"Place({self.world.trajectory.slug!r})"


def _questions(version) -> list[Question]:
    single = sf.choice_question(version, "role", Kind.SINGLE, ["director", "deputy"])
    multiple = sf.choice_question(version, "tasks", Kind.MULTIPLE, ["plan", "lead", "coach"])
    likert = sf.choice_question(version, "goal", Kind.LIKERT, ["1", "2", "3", "4", "5"])
    yes_no = sf.choice_question(version, "continue", Kind.YES_NO, ["yes", "no"], page=2)
    number = sf.QuestionFactory(
        version=version, code="years", kind=Kind.NUMBER, min_value=0, max_value=45
    )
    short = sf.QuestionFactory(version=version, code="title", kind=Kind.SHORT_TEXT)
    long = sf.QuestionFactory(
        version=version,
        code="why_not",
        kind=Kind.LONG_TEXT,
        page=2,
        show_if_question=yes_no,
        show_if_values=["no"],
    )
    return [single, multiple, likert, yes_no, number, short, long]


@pytest.fixture
def place(world: World) -> Place:
    trajectory = world.trajectory
    today = timezone.localdate()
    factories.SessionFactory(
        trajectory=trajectory, ref="S1", kind=Session.Kind.PLG_MEETING, plg=world.plg
    )
    factories.SessionFactory(trajectory=trajectory, ref="T1")

    version = sf.InstrumentVersionFactory(instrument__key="baseline")
    questions = _questions(version)
    open_moment = sf.MeasurementMomentFactory(
        trajectory=trajectory,
        key="open",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=30),
    )
    sf.MomentInstrumentFactory(moment=open_moment, version=version, position=1)
    invitation = sf.InvitationFactory(moment=open_moment, person=world.member, token=new_token())

    done = sf.MeasurementMomentFactory(trajectory=trajectory, key="done")
    sf.MomentInstrumentFactory(moment=done, version=version, position=1)
    Enrolment.objects.filter(trajectory=trajectory, person=world.other_member).update(
        research_consent=True
    )
    response = sf.ResponseFactory(
        moment=done,
        person=world.other_member,
        version=version,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for question, value in zip(
        questions, ["director", ["plan"], "4", "no", 12, "Directeur", "Te druk"], strict=True
    ):
        sf.AnswerFactory(response=response, question=question, value=value)
    sf.InstrumentFactory(key="spare")  # asked by no moment: free to change
    mailing = mailing_create(
        actor=world.organiser,
        moment=open_moment,
        audience=Mailing.Audience.NOT_INVITED,
        **default_texts(open_moment, Mailing.Audience.NOT_INVITED),
    )

    feed = calendar_feed_for(user=world.organiser, trajectory=trajectory)
    invited = factories.UserFactory(username="invited", email="invited@school.example")
    return Place(
        world=world,
        samples={
            "slug": trajectory.slug,
            "plg_ref": world.plg.ref,
            "session_ref": "S1",
            "school_ref": world.member.school.ref,
            "partnership_ref": world.plg.partnership.ref,
            "person_ref": world.member.ref,
            "name": "plg-overview",
            "response_id": response.pk,
            "question_id": questions[0].pk,
            "version_id": version.pk,
            "mailing_id": mailing.pk,
            "grant_id": RoleGrant.objects.get(user=world.coach, trajectory=trajectory).pk,
            "code_id": code_create(actor=None, trajectory=trajectory, name="Vertrouwen").pk,
            "uidb64": urlsafe_base64_encode(force_bytes(invited.pk)),
            "reset_token": default_token_generator.make_token(invited),
        },
        question_ids=[question.pk for question in questions],
        token=invitation.token,
        feed_token=feed.token,
    )


def _key(route: Route) -> str:
    """The ``key`` of a survey page: the instrument's, the answered moment's for the
    responses, the open moment's for the others."""
    if route.name.startswith(("surveys:instrument", "surveys:question")):
        return "baseline"
    return "done" if route.name.startswith("surveys:response") else "open"


def route_kwargs(route: Route, place: Place, question: int = 0) -> dict[str, Any]:
    """Real values for the URL arguments of ROUTE (the QUESTION-th question's id)."""
    kwargs: dict[str, Any] = {}
    for name in route.converters:
        if name == "key":
            kwargs[name] = _key(route)
        elif name == "token" and route.name.startswith("accounts:"):
            kwargs[name] = place.samples["reset_token"]
        elif name == "token":
            kwargs[name] = place.token if route.name.startswith("respond:") else place.feed_token
        elif name == "question_id":
            kwargs[name] = place.question_ids[question % len(place.question_ids)]
        else:
            kwargs[name] = place.samples[name]
    return kwargs


def user_for(route: Route, method: str, place: Place) -> User | None:
    """Someone who may use ROUTE with METHOD: nobody on public pages, the organiser when
    organisers may, the researcher otherwise."""
    rule: Rule = route.view.access_rule
    if rule.kind == "public":
        return None
    if rule.kind == "signed_in":
        return place.world.organiser
    roles = rule.roles_for(method)
    if ORGANISER in roles:
        return place.world.organiser
    assert RESEARCHER in roles, route.name
    return place.world.researcher


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run one example in a savepoint that is rolled back afterwards."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code)


HYPOTHESIS = settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- every view that accepts POST ---------------------------------------------------------

# POST-only views: the page that holds their form.
FORM_PAGES = {
    "accounts:logout": "trajectories:dashboard",
    "accounts:language": "accounts:login",
    "surveys:moment-defaults": "surveys:moment-list",
    "surveys:mailing-send": "surveys:mailing-detail",
    "surveys:mailing-discard": "surveys:mailing-detail",
    "surveys:moment-instrument-attach": "surveys:moment-detail",
    "surveys:moment-instrument-detach": "surveys:moment-detail",
    "surveys:question-move": "surveys:instrument-detail",
    "respond:autosave": "respond:survey",
    "accounts:invitation-resend": "accounts:role-list",
    "coding:codebook-template": "coding:codebook",
    "coding:code-move": "coding:code-detail",
    "coding:code-delete": "coding:code-detail",
}
ROUTES = routes()
ROUTE_BY_NAME = {route.name: route for route in ROUTES}
POST_ROUTES = [route for route in ROUTES if "POST" in route.view.access_rule.allowed_methods]


def test_the_walk_finds_the_forms_to_post_to():
    names = {route.name for route in POST_ROUTES}
    assert {"accounts:login", "respond:survey", "surveys:response-correct"} <= names
    assert set(FORM_PAGES) <= names
    missing = [
        route.name
        for route in POST_ROUTES
        if route.name not in FORM_PAGES and "GET" not in route.view.access_rule.allowed_methods
    ]
    assert not missing, f"POST-only views without a page that holds their form: {missing}"


@pytest.fixture
def forms(place: Place) -> Callable[[Route, int], tuple[str, list[Field], dict[str, str]]]:
    """The path a form posts to, its fields and the cookies of the visitor who opened it,
    read once per test from the page that holds it (every example starts from the same
    data). A page that moves on first (the link to choose a password keeps its token in
    the visitor's session) is followed, and the form posts where it ended."""
    found: dict[tuple[str, int], tuple[str, list[Field], dict[str, str]]] = {}

    def the_form(route: Route, question: int) -> tuple[str, list[Field], dict[str, str]]:
        question %= len(place.question_ids) if "question_id" in route.converters else 1
        if (route.name, question) not in found:
            path = reverse(route.name, kwargs=route_kwargs(route, place, question))
            host = ROUTE_BY_NAME[FORM_PAGES.get(route.name, route.name)]
            host_path = reverse(host.name, kwargs=route_kwargs(host, place, question))
            visitor = client_for(user_for(host, "GET", place))
            opened = visitor.get(host_path, follow=True)
            assert opened.status_code == 200, (host_path, opened.status_code)
            if opened.redirect_chain and host is route:
                path = opened.redirect_chain[-1][0]
            cookies = {name: morsel.value for name, morsel in visitor.cookies.items()}
            found[route.name, question] = (path, form_fields(opened.content.decode()), cookies)
        return found[route.name, question]

    return the_form


@pytest.mark.parametrize("route", POST_ROUTES, ids=lambda route: route.name)
@HYPOTHESIS
@given(
    plan=form_plan,
    question=st.integers(min_value=0, max_value=6),
    htmx=st.booleans(),
    urlencoded=st.booleans(),
)
@example(plan=["\x00"], question=5, htmx=False, urlencoded=False)
@example(plan=[HUGE], question=4, htmx=False, urlencoded=False)
@example(
    plan=typed(number=HUGE, select=HUGE, checkbox=HUGE, radio=HUGE, hidden=HUGE),
    question=4,
    htmx=False,
    urlencoded=False,
)
@example(
    plan=typed(number="1e300", text="NaN", reason="Typo"), question=4, htmx=False, urlencoded=False
)
@example(
    plan=typed(date="0001-01-01", starts_at="0001-01-01T00:00", ends_at=""),
    question=0,
    htmx=False,
    urlencoded=False,
)
@example(
    plan=typed(date="9999-12-31", starts_at="9999-12-31T23:59", ends_at=""),
    question=0,
    htmx=True,
    urlencoded=False,
)
@example(
    plan=typed(ref="a/b", key="a/b", name="Groep A2", text="100%", textarea=LONG),
    question=1,
    htmx=False,
    urlencoded=False,
)
@example(plan=[OMIT, ["1", "2"]], question=1, htmx=True, urlencoded=False)
@example(plan=[BAD_BYTES], question=0, htmx=False, urlencoded=True)
def test_no_post_gives_a_server_error(route, place, forms, plan, question, htmx, urlencoded):
    path, fields, cookies = forms(route, question)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data: Any = post_data(fields, plan)
    if urlencoded:
        data = raw(urlencode(data, doseq=True))
        headers["content_type"] = "application/x-www-form-urlencoded"
    with rolled_back():
        client = client_for(user_for(route, "POST", place))
        if user_for(route, "POST", place) is None:
            client.cookies.load(cookies)
        response = client.post(path, data, **headers)
        assert_no_server_error(response, f"POST {path} {[field.name for field in fields]}")


# --- every page, with hostile query strings and URL arguments -----------------------------

QUERY_NAMES = [
    "q",
    "page",
    "view",
    "day",
    "kind",
    "plg",
    "format",
    "from_scratch",
    "next",
    "level",
    "form",
    "moment",
    "download",
    "audience",
]

query = st.dictionaries(
    st.sampled_from(QUERY_NAMES),
    st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3)),
    max_size=4,
)
argument = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True),
)
MIXED_QUERY = {
    "q": BAD_BYTES,
    "page": HUGE,
    "view": "week",
    "day": "0001-01-01",
    "kind": ["training_day", "-1"],
    "plg": "-1",
    "format": "xlsx\x01",
    "from_scratch": "1",
    "next": "//example.com/%2F..",
}
PLACEHOLDER = {IntConverter: "987654321", SlugConverter: "zz-placeholder-zz"}


def hostile_path(route: Route, place: Place, which: int, value: str) -> str:
    """The path of ROUTE with VALUE for its WHICH-th URL argument counted from the last
    (the most specific), or for none of them when WHICH is 0."""
    kwargs = route_kwargs(route, place)
    if not which or not kwargs:
        return reverse(route.name, kwargs=kwargs)
    name = list(reversed(route.converters))[(which - 1) % len(route.converters)]
    placeholder = PLACEHOLDER.get(type(route.converters[name]), "zz-placeholder-zz")
    path = reverse(route.name, kwargs={**kwargs, name: placeholder})
    return raw(path.replace(placeholder, quote(value, safe="")))


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
@HYPOTHESIS
@given(params=query, which=st.integers(min_value=0, max_value=4), value=argument)
@example(params={name: "\x00" for name in QUERY_NAMES}, which=0, value="")
@example(params=MIXED_QUERY, which=0, value="")
@example(params={}, which=1, value="\x00")
@example(params={}, which=1, value=HUGE)
@example(params={}, which=1, value="a/b")
@example(params={}, which=2, value=BAD_BYTES)
def test_no_query_or_url_argument_gives_a_server_error(route, place, params, which, value):
    rule: Rule = route.view.access_rule
    method = "GET" if "GET" in rule.allowed_methods else "POST"
    url = f"{hostile_path(route, place, which, value)}?{raw(urlencode(params, doseq=True))}"
    with rolled_back():
        client = client_for(user_for(route, method, place))
        response = client.get(url) if method == "GET" else client.post(url)
        assert_no_server_error(response, f"{method} {url!r}")
