"""The provider writes a narrative (experiences, needs, opportunities) per service and period:
only the provider's staff write it, viewers of the agreement read it on the service page, another
municipality gets 404, and there is at most one per service and period — a database constraint
that holds under 20 concurrent first writes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.roles import Role
from agreements.models import ServiceNarrative
from agreements.services import narrative_save
from agreements.testing import narrative, world_agreements
from audit.models import AuditAction, AuditEvent
from core.testing import run_concurrently

H1 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
QUERY = "?start=2026-01-01&end=2026-06-30"
TEXTS = {
    "experiences": "Flere unge kom af sig selv.\n\nSamarbejdet med jobcentret er styrket.",
    "needs": "Længere åbningstid om aftenen.",
    "opportunities": "Et spiremiljø for nye iværksættere.",
}
RELATIONS = ("own", "same_municipality", "other_municipality")


def _url(service) -> str:
    return f"/rammeaftaler/ydelser/{service.public_id}/beretning/{QUERY}"


@pytest.mark.django_db
def test_the_provider_writes_the_narrative_and_the_service_page_shows_it(world, client_for):
    service = world_agreements(world)["services"]["own"]
    provider = client_for(world.users[Role.PROVIDER])
    response = provider.post(_url(service), TEXTS)
    assert response.status_code == 302
    assert response["Location"] == f"/rammeaftaler/ydelser/{service.public_id}/{QUERY}"
    stored = ServiceNarrative.objects.get(service=service)
    assert (stored.period_start, stored.period_end) == H1
    assert stored.experiences == TEXTS["experiences"] and stored.written_by == world.users[Role.PROVIDER]
    created = AuditEvent.objects.get(event="agreements.narrative.save")
    assert created.action == AuditAction.CREATE and created.changes["needs"] == ["", TEXTS["needs"]]

    page = client_for(world.users[Role.ANALYST]).get(f"/rammeaftaler/ydelser/{service.public_id}/{QUERY}")
    html = page.content.decode()
    assert "Samarbejdet med jobcentret er styrket." in html and "Et spiremiljø for nye iværksættere." in html
    assert _url(service) not in html.replace("&amp;", "&")  # the analyst reads, does not write

    provider.post(_url(service), {**TEXTS, "needs": "Mere bemanding."})
    assert ServiceNarrative.objects.get(service=service).needs == "Mere bemanding."
    updated = AuditEvent.objects.filter(event="agreements.narrative.save").latest("pk")
    assert updated.action == AuditAction.UPDATE
    assert (
        updated.changes["needs"] == [TEXTS["needs"], "Mere bemanding."]
        and "experiences" not in updated.changes
    )


@pytest.mark.django_db
def test_the_form_loads_the_stored_narrative_of_the_period(world, client_for):
    service = world_agreements(world)["services"]["own"]
    narrative(service, *H1, experiences="Gemte erfaringer")
    narrative(service, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), experiences="Halvåret før")
    response = client_for(world.users[Role.PROVIDER]).get(_url(service))
    assert response.context["form"].initial["experiences"] == "Gemte erfaringer"
    assert "Halvåret før" not in response.content.decode()  # listed by period only, not its text


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("relation", RELATIONS)
def test_only_the_providers_staff_write_the_narrative(world, client_for, role, relation):
    service = world_agreements(world)["services"][relation]
    client = client_for(world.users[role])
    ok = role == Role.PROVIDER and relation == "own"
    assert client.get(_url(service)).status_code == (200 if ok else 404)
    assert client.post(_url(service), TEXTS).status_code == (302 if ok else 404)
    assert ServiceNarrative.objects.filter(service=service).count() == (1 if ok else 0)


@pytest.mark.django_db
def test_another_municipality_does_not_see_the_narrative(world, client_for):
    service = world_agreements(world)["services"]["own"]
    narrative(service, *H1, experiences="Kun for Kolding")
    for role in (Role.ANALYST, Role.PROVIDER, Role.ADMIN):
        response = client_for(world.outsiders[role]).get(f"/rammeaftaler/ydelser/{service.public_id}/{QUERY}")
        assert response.status_code == 404


@pytest.mark.django_db
def test_an_empty_narrative_is_refused_naming_the_field(world, client_for):
    service = world_agreements(world)["services"]["own"]
    response = client_for(world.users[Role.PROVIDER]).post(
        _url(service), {"experiences": "  ", "needs": "", "opportunities": ""}
    )
    assert response.status_code == 200
    assert "experiences" in response.context["form"].errors
    assert "Skriv mindst et af felterne" in response.content.decode()
    assert not ServiceNarrative.objects.exists()


@pytest.mark.django_db
def test_a_period_outside_the_agreement_or_backwards_is_refused(world):
    service = world_agreements(world)["services"]["own"]  # the agreement runs from 2025-01-01
    provider = world.users[Role.PROVIDER]
    with pytest.raises(ValidationError) as outside:
        narrative_save(
            by=provider, service=service, period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 6, 30), data=TEXTS,
        )  # fmt: skip
    assert "period_start" in outside.value.message_dict
    with pytest.raises(ValidationError) as backwards:
        narrative_save(by=provider, service=service, period_start=H1[1], period_end=H1[0], data=TEXTS)
    assert "period_end" in backwards.value.message_dict
    assert (
        not ServiceNarrative.objects.exists()
        and not AuditEvent.objects.filter(event="agreements.narrative.save").exists()
    )


@pytest.mark.django_db
def test_the_database_holds_one_narrative_per_service_and_period(world):
    service = world_agreements(world)["services"]["own"]
    narrative(service, *H1)
    with pytest.raises(IntegrityError), transaction.atomic():
        narrative(service, *H1, experiences="En til")
    narrative(service, H1[0], datetime.date(2026, 3, 31))  # another period of the same service is fine
    assert ServiceNarrative.objects.filter(service=service).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_first_writes_make_one_narrative(world):
    service = world_agreements(world)["services"]["own"]
    provider = world.users[Role.PROVIDER]

    def write(i):
        return narrative_save(
            by=provider, service=service, period_start=H1[0], period_end=H1[1],
            data={"experiences": f"Udgave {i}"},
        )  # fmt: skip

    results = run_concurrently(write, 20)
    assert all(isinstance(r, ServiceNarrative) for r in results), results
    assert len({r.pk for r in results}) == 1
    stored = ServiceNarrative.objects.get(service=service)
    assert stored.experiences in {f"Udgave {i}" for i in range(20)}
    actions = list(
        AuditEvent.objects.filter(event="agreements.narrative.save").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted([AuditAction.CREATE] + [AuditAction.UPDATE] * 19)
