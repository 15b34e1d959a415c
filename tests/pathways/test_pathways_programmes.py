"""Programme pages: providers create programmes from the seed templates, edit phases and
checkpoints (due dates of enrolled citizens follow), open teams; caseworkers read their
municipality's programmes; nobody else sees them."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from audit.models import AuditEvent
from pathways import rules, services
from pathways.models import Checkpoint, CheckpointDue, Programme, Team
from pathways.templates import TEMPLATES
from pathways.testing import make_citizen, make_programme, refer

pytestmark = pytest.mark.django_db


def _formset_post(programme, *, phase_changes=None, new_checkpoint=None, delete_checkpoint=None):
    """The edit form's POST as a browser would send it, built from the database."""
    data = {
        "name": programme.name, "description": programme.description, "intake": programme.intake,
        "capacity_per_team": programme.capacity_per_team or "", "courses_per_year": programme.courses_per_year or "",
    }  # fmt: skip
    phases = list(programme.phases.all())
    data.update({"phase-TOTAL_FORMS": len(phases) + 1, "phase-INITIAL_FORMS": len(phases)})
    for i, ph in enumerate(phases):
        row = {"id": ph.pk, "name": ph.name, "weeks": ph.weeks, "hours_per_week": ph.hours_per_week or "",
               "place": ph.place, "topics": ph.topics}  # fmt: skip
        row.update((phase_changes or {}).get(i, {}))
        data.update({f"phase-{i}-{k}": v for k, v in row.items()})
    data[f"phase-{len(phases)}-place"] = "provider"  # the blank row's select, as a browser sends it
    checkpoints = list(programme.checkpoints.all())
    data[f"checkpoint-{len(checkpoints)}-kind"] = "other"
    data.update({"checkpoint-TOTAL_FORMS": len(checkpoints) + 1, "checkpoint-INITIAL_FORMS": len(checkpoints)})
    for i, c in enumerate(checkpoints):
        data.update({f"checkpoint-{i}-id": c.pk, f"checkpoint-{i}-name": c.name,
                     f"checkpoint-{i}-kind": c.kind, f"checkpoint-{i}-due_week": c.due_week})  # fmt: skip
        if delete_checkpoint == c.name:
            data[f"checkpoint-{i}-DELETE"] = "on"
    if new_checkpoint:
        n = len(checkpoints)
        data.update({f"checkpoint-{n}-{k}": v for k, v in new_checkpoint.items()})
    return data


def test_a_provider_creates_a_programme_from_the_kitchen_template(world, client_for):
    client = client_for(world.users[Role.PROVIDER])
    response = client.post(
        reverse("pathways:programme_create"), {"provider": world.provider.pk, "template": "kokkeskole", "name": ""}
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert programme.provider == world.provider and programme.name == TEMPLATES["kokkeskole"]["name"]
    assert [(p.weeks, p.hours_per_week) for p in programme.phases.all()] == [(13, 25)]
    assert sorted(programme.checkpoints.values_list("due_week", flat=True)) == [1, 7, 8, 13]
    page = client.get(reverse("pathways:programme", args=[programme.public_id])).content.decode()
    assert "Hygiejnebevis" in page and "Redigér faser og frister" in page


def test_a_provider_cannot_create_a_programme_for_another_organisation(world, client_for):
    client = client_for(world.users[Role.PROVIDER])
    response = client.post(
        reverse("pathways:programme_create"), {"provider": world.company.pk, "template": "kokkeskole"}
    )
    assert response.status_code == 200 and "provider" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_adding_a_checkpoint_gives_enrolled_citizens_a_due_date_and_moving_one_recomputes(world, client_for):
    caseworker, provider_user = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    programme = make_programme(provider=world.provider, team_start=datetime.date(2026, 1, 5))
    citizen = make_citizen(municipality=world.kolding, by=caseworker)
    enrolment = services.referral_accept(
        by=provider_user, referral=refer(citizen=citizen, programme=programme, by=caseworker),
        team=programme.teams.get(),
    )  # fmt: skip
    services.enrolment_pause(by=provider_user, enrolment=enrolment, start=datetime.date(2026, 1, 19))
    services.enrolment_resume(by=provider_user, enrolment=enrolment, end=datetime.date(2026, 1, 26))
    client = client_for(provider_user)
    status = programme.checkpoints.get(kind="status")
    data = _formset_post(programme, new_checkpoint={"name": "Praktikaftale", "kind": "other", "due_week": 10})
    index = list(programme.checkpoints.all()).index(status)
    data[f"checkpoint-{index}-due_week"] = 6
    response = client.post(reverse("pathways:programme_edit", args=[programme.public_id]), data)
    assert response.status_code == 302, (response.context["form"].errors, response.context["phases"].errors, response.context["errors"])
    pauses = [p.to_rule() for p in enrolment.pauses.all()]
    due = {d.checkpoint.name: d.due for d in CheckpointDue.objects.filter(enrolment=enrolment).select_related("checkpoint")}
    assert due["Praktikaftale"] == rules.checkpoint_due(enrolment.start_date, 10, pauses)
    assert due[status.name] == rules.checkpoint_due(enrolment.start_date, 6, pauses)
    assert AuditEvent.objects.filter(event="pathways.programme.update").count() == 1


def test_a_checkpoint_carried_by_enrolments_cannot_be_deleted(world, client_for):
    caseworker, provider_user = world.users[Role.CASEWORKER], world.users[Role.PROVIDER]
    programme = make_programme(provider=world.provider)
    citizen = make_citizen(municipality=world.kolding, by=caseworker)
    services.referral_accept(
        by=provider_user, referral=refer(citizen=citizen, programme=programme, by=caseworker),
        team=programme.teams.get(),
    )  # fmt: skip
    client = client_for(provider_user)
    data = _formset_post(programme, delete_checkpoint="Hygiejnebevis", phase_changes={0: {"weeks": 14}})
    response = client.post(reverse("pathways:programme_edit", args=[programme.public_id]), data)
    assert response.status_code == 200
    assert "kan ikke slettes" in response.content.decode()
    assert Checkpoint.objects.filter(programme=programme, name="Hygiejnebevis").exists()
    assert programme.phases.get().weeks == 13  # nothing half-written


def test_a_programme_needs_at_least_one_phase(world, client_for):
    programme = make_programme(provider=world.provider)
    data = _formset_post(programme)
    data["phase-0-DELETE"] = "on"
    response = client_for(world.users[Role.PROVIDER]).post(
        reverse("pathways:programme_edit", args=[programme.public_id]), data
    )
    assert response.status_code == 200 and programme.phases.count() == 1


def test_a_provider_opens_a_team_with_the_programme_capacity_by_default(world, client_for):
    programme = make_programme(provider=world.provider)
    programme.capacity_per_team = 9
    programme.save()
    client = client_for(world.users[Role.PROVIDER])
    url = reverse("pathways:team_create", args=[programme.public_id])
    client.post(url, {"name": "Hold forår", "start_date": "2026-03-02", "capacity": ""})
    team = Team.objects.get(name="Hold forår")
    assert team.capacity == 9 and team.start_date == datetime.date(2026, 3, 2)
    client.post(url, {"name": "", "start_date": "2026-03-02"})
    assert Team.objects.filter(programme=programme).count() == 2  # the blank one was refused


def _expected(world, role, own: bool) -> dict[str, int]:
    perms = ROLE_PERMISSIONS[role]
    if not own:
        return {"detail": 404, "edit": 404}
    runs = Perm.PATHWAY_RUN in perms and world.home[role] == world.provider
    edits = Perm.PROGRAMME_EDIT in perms and world.home[role] == world.provider
    sees = runs or edits or Perm.REFERRAL_CREATE in perms
    return {"detail": 200 if sees else 404, "edit": 200 if edits else 404}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("own", [True, False])
def test_who_sees_and_edits_a_programme(world, client_for, role, own):
    programme = make_programme(provider=world.provider)
    user = world.users[role] if own else world.outsiders[role]
    client = client_for(user)
    expected = _expected(world, role, own)
    assert client.get(reverse("pathways:programme", args=[programme.public_id])).status_code == expected["detail"]
    assert client.get(reverse("pathways:programme_edit", args=[programme.public_id])).status_code == expected["edit"]
    listed = client.get(reverse("pathways:programmes"))
    if listed.status_code == 200:
        assert (programme.name in listed.content.decode()) == (expected["detail"] == 200)


def test_the_programme_list_runs_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users[Role.CASEWORKER])
    make_programme(provider=world.provider)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("pathways:programmes"))
    for _ in range(5):
        make_programme(provider=world.provider, key="vaekstpartnerskab")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("pathways:programmes"))
    assert response.content.decode().count("/forloeb/programmer/") >= 6
