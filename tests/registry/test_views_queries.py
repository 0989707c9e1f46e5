"""Registry pages make a bounded number of queries, in the small and the large world."""

from __future__ import annotations

import pytest

from tests.trajectories.test_views_queries import check_page

PAGES = [
    # (persona, url name, kwargs builder, max queries)
    ("organiser", "registry:school-list", lambda w: {}, 7),
    ("organiser", "registry:partnership-list", lambda w: {}, 7),
    ("organiser", "registry:person-list", lambda w: {}, 6),
    ("organiser", "registry:person-detail", lambda w: {"person_ref": w.member.ref}, 9),
    ("organiser", "registry:school-detail", lambda w: {"school_ref": w.member.school.ref}, 7),
    (
        "organiser",
        "registry:partnership-detail",
        lambda w: {"partnership_ref": w.plg.partnership.ref},
        7,
    ),
]


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "limit"),
    PAGES,
    ids=[f"{persona}-{name}" for persona, name, _, _ in PAGES],
)
def test_a_registry_page_makes_a_bounded_number_of_queries(
    world, django_assert_max_num_queries, size, persona, name, kwargs, limit
):
    check_page(world, django_assert_max_num_queries, size, persona, name, kwargs, limit)
