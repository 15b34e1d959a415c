"""Tags are created only by registry.services (tags_resolve), from the organisation form and the
API alike: a new tag gets an audit row, an existing one is reused, and tags are per
municipality."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditAction, AuditEvent
from registry.choices import Kind, Sector
from registry.models import Organisation, Tag
from registry.testing import valid_cvr

pytestmark = pytest.mark.django_db


def tag_events() -> list[tuple]:
    events = AuditEvent.objects.filter(event="registry.tag.create").order_by("pk")
    return [(e.action, e.changes["name"], e.municipality_id, e.actor_label) for e in events]


def test_the_form_creates_new_tags_through_the_service_with_audit_rows(world, client_for):
    Tag.objects.create(municipality=world.kolding, name="cafe")
    post = {"name": "Grøn Genbrug ApS", "kind": Kind.SOCIAL_ENTERPRISE, "subkind": "", "sector": Sector.PRIVATE,
            "municipality": world.kolding.pk, "cvr": valid_cvr(7070), "tags_text": "genbrug, cafe, genbrug "}  # fmt: skip
    response = client_for(world.users[Role.CONSULTANT]).post(reverse("registry:create"), post)
    assert response.status_code == 302
    org = Organisation.objects.get(name="Grøn Genbrug ApS")
    assert sorted(org.tags.values_list("name", flat=True)) == ["cafe", "genbrug"]
    assert tag_events() == [(AuditAction.CREATE, "genbrug", world.kolding.pk, "kolding_consultant")]


def test_the_api_creates_new_tags_through_the_service_with_audit_rows(world, api_for):
    response = api_for(world.users[Role.CONSULTANT]).patch(
        f"/api/v1/organisations/{world.company.public_id}", {"tags": ["tømrer", " byg "]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["tags"] == ["byg", "tømrer"]
    assert tag_events() == [
        (AuditAction.CREATE, "byg", world.kolding.pk, "kolding_consultant"),
        (AuditAction.CREATE, "tømrer", world.kolding.pk, "kolding_consultant"),
    ]


def test_a_refused_write_creates_no_tag(world, client_for):
    post = {"name": "Forkert ApS", "kind": Kind.COMPANY, "subkind": "job_centre", "sector": Sector.PRIVATE,
            "municipality": world.kolding.pk, "cvr": valid_cvr(7071), "tags_text": "ny"}  # fmt: skip
    response = client_for(world.users[Role.CONSULTANT]).post(reverse("registry:create"), post)
    assert response.status_code == 200 and "subkind" in response.context["form"].errors
    assert not Tag.objects.filter(name="ny").exists() and tag_events() == []
