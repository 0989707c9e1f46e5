"""The codebook: creating, renaming, moving and deleting codes; the study's template."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from leadtogether.accounts.models import AuditEntry
from leadtogether.coding import services, study_codebook
from leadtogether.coding.models import Code


@pytest.fixture
def trajectory(world):
    return world.trajectory


def _code(trajectory, name, parent=None, **extra):
    return services.code_create(
        actor=None, trajectory=trajectory, name=name, parent=parent, **extra
    )


def test_a_code_knows_its_path(trajectory):
    root = _code(trajectory, "Uitkomsten")
    child = _code(trajectory, "Vertrouwen", parent=root, question="Q1")

    assert child.path == "Uitkomsten / Vertrouwen"
    assert AuditEntry.objects.filter(action="code_create").count() == 2


def test_a_name_is_unique_among_its_siblings(trajectory):
    root = _code(trajectory, "Uitkomsten")
    _code(trajectory, "Vertrouwen", parent=root)
    with pytest.raises(ValidationError) as error:
        _code(trajectory, "Vertrouwen", parent=root)
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError):
        _code(trajectory, "Uitkomsten")
    _code(trajectory, "Vertrouwen")  # at another place it is fine


def test_a_name_cannot_hold_the_path_separator(trajectory):
    with pytest.raises(ValidationError) as error:
        _code(trajectory, "Steun / erkenning")
    assert "name" in error.value.message_dict


def test_a_bad_colour_is_refused(trajectory):
    with pytest.raises(ValidationError) as error:
        _code(trajectory, "Steun", colour="red")
    assert "colour" in error.value.message_dict


def test_a_rename_rewrites_the_paths_below(trajectory):
    root = _code(trajectory, "Uitkomsten")
    child = _code(trajectory, "Vertrouwen", parent=root)
    services.code_update(actor=None, code=root, name="Leeruitkomsten")

    child.refresh_from_db()
    assert child.path == "Leeruitkomsten / Vertrouwen"


def test_a_move_carries_the_subcodes(trajectory):
    a = _code(trajectory, "A")
    b = _code(trajectory, "B")
    child = _code(trajectory, "C", parent=a)
    grandchild = _code(trajectory, "D", parent=child)

    services.code_move(actor=None, code=child, parent=b)

    grandchild.refresh_from_db()
    assert grandchild.path == "B / C / D"
    services.code_move(actor=None, code=child, parent=None)
    grandchild.refresh_from_db()
    assert grandchild.path == "C / D"


def test_a_code_cannot_move_under_itself(trajectory):
    a = _code(trajectory, "A")
    child = _code(trajectory, "C", parent=a)
    with pytest.raises(ValidationError):
        services.code_move(actor=None, code=a, parent=child)
    with pytest.raises(ValidationError):
        services.code_move(actor=None, code=a, parent=a)


def test_delete_takes_the_subcodes(trajectory):
    a = _code(trajectory, "A")
    _code(trajectory, "C", parent=a)
    services.code_delete(actor=None, code=a)
    assert not Code.objects.filter(trajectory=trajectory).exists()


def test_the_template_holds_the_study_tree_once(trajectory):
    created = services.codebook_from_template(actor=None, trajectory=trajectory)

    paths = set(Code.objects.filter(trajectory=trajectory).values_list("path", flat=True))
    assert paths == set(study_codebook.CODE_PATHS)
    assert len(created) == len(study_codebook.CODE_PATHS)
    assert services.codebook_from_template(actor=None, trajectory=trajectory) == []


def test_every_reported_n_belongs_to_a_code_of_a_research_question():
    assert len(study_codebook.EXPECTED_COUNTS) >= 35
    questions = {code.question for _path, code in study_codebook.walk()}
    assert questions == {"Q1", "Q2", "Q3"}
    assert (
        study_codebook.EXPECTED_COUNTS[
            (
                "year-2",
                "Uitkomsten van de PLG-aanpak / Collectief leren / Breder kritisch klankbord",
            )
        ]
        == 42
    )
    assert all(" / " not in code.name for _path, code in study_codebook.walk())
