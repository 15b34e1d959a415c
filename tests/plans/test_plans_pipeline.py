"""Pilot ideas and funding applications; the mapping's inputs: context figures per year with
source (one per year, also when two are typed at once), stakeholders' needs, fuldtidspersoner
from the benefit history; the page, its PDF and the dated submission to the steering group."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.roles import Role
from pathways.models import CitizenStatus, CodeList
from pathways.testing import make_citizen
from plans import rules
from plans import services_pipeline as services
from plans.models import ContextFigure, FundingApplication, MappingSubmission
from plans.selectors_pipeline import full_time_persons
from plans.testing import make_group
from registry.choices import Kind
from registry.testing import make_organisation

D = datetime.date


def test_fuldtidspersoner_are_weeks_on_a_benefit_over_weeks_in_the_period():
    # a 52-week period: 5 January 2026 to 3 January 2027
    start, end = D(2026, 1, 5), D(2027, 1, 3)
    assert rules.full_time_persons(26 * 7, start, end) == Decimal("0.50")
    assert rules.full_time_persons(52 * 7 * 3, start, end) == Decimal("3.00")
    assert rules.full_time_persons(0, start, end) == 0


@pytest.mark.django_db
def test_fuldtidspersoner_come_from_the_recorded_status_history(world):
    benefit, _ = CodeList.objects.get_or_create(list="benefit", code="plans-test-kontanthjaelp", defaults={"name": "Kontanthjælp (test)"})
    caseworker = world.users[Role.CASEWORKER]
    a = make_citizen(municipality=world.kolding, by=caseworker)
    b = make_citizen(municipality=world.kolding, by=caseworker)
    other = make_citizen(municipality=world.aarhus, by=world.outsiders[Role.CASEWORKER])
    start, end = D(2026, 1, 5), D(2027, 1, 3)
    # a: the whole period (a spell begun before it, still open); b: 13 weeks inside it
    CitizenStatus.objects.create(citizen=a, benefit=benefit, valid_from=D(2025, 6, 1))
    CitizenStatus.objects.create(citizen=b, benefit=benefit, valid_from=D(2026, 3, 2), valid_to=D(2026, 3, 2) + datetime.timedelta(days=13 * 7 - 1))
    CitizenStatus.objects.create(citizen=other, benefit=benefit, valid_from=D(2026, 1, 5))
    [row] = [r for r in full_time_persons(world.kolding.pk, start, end) if r["benefit"] == "Kontanthjælp (test)"]
    assert row == {"benefit": "Kontanthjælp (test)", "people": 2, "full_time": Decimal("1.25")}


@pytest.mark.django_db
def test_a_funding_application_needs_a_fund_from_the_registry_and_sane_amounts(world):
    idea = services.idea_save(by=None, municipality=world.kolding, data={"title": "Open space for iværksættere", "partners": [world.provider]})
    fund = make_organisation(world.kolding, name="Bikubenfonden", kind=Kind.FUND)
    with pytest.raises(ValidationError) as error:
        services.application_add(by=None, idea=idea, data={"fund": world.company, "amount_applied": Decimal(-1), "applied_on": D(2026, 3, 1)})
    assert set(error.value.message_dict) == {"fund", "amount_applied"}
    with pytest.raises(ValidationError) as error:
        services.application_add(by=None, idea=idea, data={
            "fund": fund, "amount_applied": Decimal(500000), "amount_granted": Decimal(250000),
            "applied_on": D(2026, 3, 1), "decided_on": D(2026, 2, 1),
        })  # fmt: skip
    assert "decided_on" in error.value.message_dict
    assert not FundingApplication.objects.exists()
    services.application_add(by=None, idea=idea, data={
        "fund": fund, "amount_applied": Decimal(500000), "amount_granted": Decimal(250000),
        "applied_on": D(2026, 3, 1), "decided_on": D(2026, 6, 1),
    })  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.idea_save(by=None, municipality=world.kolding, data={"title": "x", "partners": [world.aarhus_company]})
    assert "partners" in error.value.message_dict


@pytest.mark.django_db
def test_a_context_figure_is_one_per_year_and_a_second_entry_replaces_it(world):
    services.context_figure_set(by=None, municipality=world.kolding, year=2012, kind="population", value=Decimal(56000), source="Danmarks Statistik")
    services.context_figure_set(by=None, municipality=world.kolding, year=2012, kind="population", value=Decimal(56100), source="Danmarks Statistik, FOLK1A")
    assert ContextFigure.objects.get().value == Decimal(56100)
    with pytest.raises(ValidationError) as error:
        services.context_figure_set(by=None, municipality=world.kolding, year=2012, kind="flexjob", value=Decimal(-600), source="")
    assert set(error.value.message_dict) == {"value", "source"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_entering_the_same_figure_at_once_leave_one_row(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections")
    barrier, errors = threading.Barrier(2), []

    def enter(value):
        try:
            barrier.wait()
            services.context_figure_set(by=None, municipality=world.kolding, year=2012, kind="flexjob", value=Decimal(value), source="Jobindsats")
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(v,)) for v in (600, 610)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert ContextFigure.objects.filter(municipality=world.kolding, year=2012, kind="flexjob").count() == 1


@pytest.mark.django_db
def test_the_mapping_inputs_page_pdf_and_submission_to_the_steering_group(world, client_for):
    services.context_figure_set(by=None, municipality=world.kolding, year=2012, kind="unemployment_rate", value=Decimal("6.9"), source="Jobindsats, januar 2012")
    services.context_figure_set(by=None, municipality=world.kolding, year=2011, kind="flexjob", value=Decimal(600), source="Jobindsats")
    services.need_add(by=None, municipality=world.kolding, data={
        "organisation": world.social_enterprise, "needs": "Adgang til kommunale indkøb", "recorded_on": D(2026, 2, 1),
    })  # fmt: skip
    group = make_group(world.kolding)
    client = client_for(world.users[Role.CONSULTANT])
    page = client.get("/strategi/kortlaegning/").content.decode()
    assert "6,9" in page and "Jobindsats, januar 2012" in page and "Adgang til kommunale indkøb" in page
    assert client.get("/strategi/kortlaegning/kortlaegning.pdf").content.startswith(b"%PDF")
    response = client.post("/strategi/kortlaegning/forelaeg/", {"group": group.pk, "submitted_on": "2026-03-01"})
    assert response.status_code == 302
    submission = MappingSubmission.objects.get()
    assert submission.submitted_on == D(2026, 3, 1) and submission.snapshot["needs"][0]["organisation"] == "Café Bro ApS"
    assert "Kortlægningen forelagt 01-03-2026" in client.get(f"/strategi/styregrupper/{group.public_id}/").content.decode()
    assert client_for(world.outsiders[Role.CONSULTANT]).get("/strategi/kortlaegning/").content.decode().count("Adgang til kommunale") == 0
    assert client_for(world.users[Role.COMPANY]).get("/strategi/kortlaegning/").status_code == 404
    assert client_for(world.users[Role.ANALYST]).post("/strategi/kortlaegning/forelaeg/", {"group": group.pk, "submitted_on": "2026-03-01"}).status_code == 404


@pytest.mark.django_db
def test_would_be_entrepreneurs_appear_in_the_mapping_inputs(world, client_for):
    from plans.testing import make_case

    make_case(world.kolding, entrepreneur_name="Mette Sørensen: genbrugsværksted", stage="idea")
    page = client_for(world.users[Role.ANALYST]).get("/strategi/kortlaegning/").content.decode()
    assert "Mette Sørensen: genbrugsværksted (Idé)" in page
