"""The cohort report as a page, PDF and Excel: funnel, attendance, social models, growth."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accelerator import services, services_growth
from accelerator.testing import cohort, company, complete_social_model, participant, system_user
from accounts.roles import Role


@pytest.fixture
def reported(world):
    made = cohort(world.kolding, world.business, start=datetime.date(2026, 1, 5))
    own = participant(made, world.company)
    complete_social_model(own)
    participant(made, company(world.kolding, "Smed ApS"))
    camp = services.camp_create(
        by=system_user(),
        cohort=made,
        data={"title": "Camp 1", "date": datetime.date(2026, 2, 2), "venue": "Kolding"},
    )
    services.camp_attendance_save(by=system_user(), camp=camp, attended_ids={own.pk})
    for year, amount in ((2025, "1000000"), (2026, "1250000")):
        services_growth.growth_set(
            by=system_user(),
            participant=own,
            data={"year": year, "turnover": Decimal(amount), "citizens_hired": 1},
        )
    return made


@pytest.mark.django_db
def test_the_report_page_shows_attendance_models_ready_and_growth(reported, world, client_for):
    response = client_for(world.users[Role.CONSULTANT]).get(
        f"/accelerator/forloeb/{reported.public_id}/rapport/"
    )
    assert response.status_code == 200
    text = response.text
    assert "1 af 2 virksomheder har en komplet social model" in text
    assert "fremmøde 50,0 %" in text
    assert "25,0 %" in text  # turnover growth 1.25m against 1m


@pytest.mark.django_db
def test_the_report_is_not_for_company_contacts_nor_other_municipalities(reported, world, client_for):
    for user in (world.users[Role.COMPANY], world.outsiders[Role.CONSULTANT]):
        client = client_for(user)
        for path in ("rapport/", "rapport.pdf", "virksomheder.xlsx"):
            assert client.get(f"/accelerator/forloeb/{reported.public_id}/{path}").status_code == 404


@pytest.mark.django_db
def test_the_excel_export_holds_the_companies_with_growth_figures(reported, world, client_for):
    import openpyxl

    response = client_for(world.users[Role.ANALYST]).get(
        f"/accelerator/forloeb/{reported.public_id}/virksomheder.xlsx"
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Virksomhed"
    own = next(r for r in rows if r[0] == world.company.name)
    assert own[5] == 1000000 and own[6] == 1250000 and own[7] == pytest.approx(0.25)
    assert isinstance(own[1], str)  # the CVR number stays text


@pytest.mark.django_db
def test_the_report_pdf_is_a_pdf(reported, world, client_for):
    response = client_for(world.users[Role.CONSULTANT]).get(
        f"/accelerator/forloeb/{reported.public_id}/rapport.pdf"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_report_takes_the_same_number_of_queries_whatever_the_number_of_companies(
    reported, world, client_for
):
    client = client_for(world.users[Role.CONSULTANT])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/accelerator/forloeb/{reported.public_id}/rapport/").status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        participant(reported, company(world.kolding, f"Virksomhed {n}"))
    assert count() == few
