"""The menu of a trajectory: a few sections of pages, each offered only to the people
whose roles may open it.

``SECTIONS`` is the one list of what the menu can offer; an app that adds a page to the
menu adds an ``Item`` here (url names are strings, so nothing is imported from the apps
above). Whether an item shows is decided by the page's own access rule
(``Access.may_open``), never by roles written here. ``menu(access, view_name)`` gives the
sections to show: empty sections left out, the current one marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leadtogether.trajectories.access import Access


@dataclass(frozen=True)
class Item:
    """A page of the menu: URL_NAME (of a trajectory page without an object) and the
    view names it stands for when marking the current page (prefixes of
    "namespace:name"; the url name itself by default)."""

    url_name: str
    label: str | Promise
    covers: tuple[str, ...] = ()

    def is_current(self, view_name: str) -> bool:
        return any(view_name.startswith(prefix) for prefix in self.covers or (self.url_name,))


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    items: tuple[Item, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "trajectory",
        _("Trajectory"),
        (
            Item("trajectories:dashboard", _("Dashboard")),
            Item("trajectories:plg-list", _("PLGs"), ("trajectories:plg-",)),
            Item(
                "trajectories:calendar",
                _("Calendar"),
                ("trajectories:calendar", "trajectories:session-"),
            ),
            Item("trajectories:composer", _("Composer")),
        ),
    ),
    Section(
        "registry",
        _("Registry"),
        (
            Item("registry:school-list", _("Schools"), ("registry:school-",)),
            Item("registry:partnership-list", _("Partnerships"), ("registry:partnership-",)),
            Item("registry:person-list", _("People"), ("registry:person-",)),
            Item(
                "accounts:role-list",
                _("Roles"),
                ("accounts:role-", "accounts:invitation-"),
            ),
        ),
    ),
    Section(
        "surveys",
        _("Surveys"),
        (
            Item(
                "surveys:moment-list",
                _("Measurement moments"),
                ("surveys:moment-", "surveys:response-"),
            ),
            Item(
                "surveys:instrument-list",
                _("Instruments"),
                ("surveys:instrument-", "surveys:question-"),
            ),
        ),
    ),
    Section(
        "coding",
        _("Qualitative coding"),
        (Item("coding:codebook", _("Codebook"), ("coding:code",)),),
    ),
    Section(
        "reports",
        _("Reports"),
        (Item("analysis:report-list", _("Reports"), ("analysis:",)),),
    ),
)


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    current: bool


@dataclass(frozen=True)
class MenuSection:
    key: str
    label: str | Promise
    links: tuple[Link, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)

    @property
    def single(self) -> Link | None:
        """The only link of a section of one page (shown as a plain link)."""
        return self.links[0] if len(self.links) == 1 else None


# A menu of at most this many pages shows them all side by side, without sections.
FLAT_AT_MOST = 5


@dataclass(frozen=True)
class Menu:
    sections: list[MenuSection]

    @property
    def links(self) -> list[Link]:
        return [link for section in self.sections for link in section.links]

    @property
    def flat(self) -> bool:
        """Few pages: shown as plain links rather than in sections."""
        return len(self.links) <= FLAT_AT_MOST


def menu(access: Access, view_name: str = "", sections: tuple[Section, ...] = SECTIONS) -> Menu:
    """The sections of SECTIONS with the pages the user of ACCESS may open; VIEW_NAME
    (the current "namespace:name") marks the current page and section."""
    slug = access.trajectory.slug
    shown = []
    for section in sections:
        links = tuple(
            Link(
                label=item.label,
                url=reverse(item.url_name, kwargs={"slug": slug}),
                current=item.is_current(view_name),
            )
            for item in section.items
            if access.may_open(item.url_name)
        )
        if links:
            shown.append(MenuSection(key=section.key, label=section.label, links=links))
    return Menu(sections=shown)
