"""Budget arithmetic with Decimal, worked on seed 002 §9: each phase's activities × 825 kr. an
hour, the stated phase prices, and phase 1's stated 290 hours against its itemised 275."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from plans import rules
from plans import services_projects as services
from plans.models import ActualEntry, BudgetLine
from plans.selectors_projects import project_budget
from plans.testing import RATE, SEED002_PHASES, seed002_project

D = Decimal


def test_seed002_phase1_items_give_the_stated_price_but_not_the_stated_hours():
    spec = SEED002_PHASES[0]
    totals = rules.totals(
        [(D(h), RATE, None) for _name, h in spec["activities"]],
        stated_hours=spec["stated_hours"], stated_amount=spec["stated_amount"],
    )  # fmt: skip
    assert [rules.line_amount(D(h), RATE, None) for _n, h in spec["activities"]] == [
        D("24750.00"), D("103125.00"), D("41250.00"), D("57750.00"),
    ]  # fmt: skip
    assert totals.hours == D("275")
    assert totals.amount == D("226875.00") == spec["stated_amount"]
    assert totals.amount_difference == 0
    assert totals.hours_difference == D("15")  # 290 stated − 275 itemised
    assert totals.differs


def test_seed002_phase2_adds_up_exactly():
    spec = SEED002_PHASES[1]
    totals = rules.totals([(D(h), RATE, None) for _n, h in spec["activities"]], stated_hours=D("380"), stated_amount=D("313500"))
    assert (totals.hours, totals.amount) == (D("380"), D("313500.00"))
    assert not totals.differs


def test_fixed_amounts_and_other_costs_are_added_and_rounded_to_ore():
    totals = rules.totals([(D("1.333"), D("100"), None), (None, None, D("500"))], [D("99.95")])
    assert totals.activities == D("133.30") + D("500.00")
    assert totals.amount == D("733.25")
    assert isinstance(totals.amount, Decimal)


@pytest.mark.django_db
def test_the_project_page_sums_in_sql_what_the_rules_sum(world):
    project = seed002_project(world.kolding, by=world.users[Role.CONSULTANT])
    budget = project_budget(project)
    phase1, phase2 = budget["phases"]
    assert phase1["totals"].amount == D("226875.00")
    assert phase1["totals"].hours_difference == D("15")
    assert phase2["totals"].amount == D("313500.00") and not phase2["totals"].differs
    assert budget["totals"].amount == D("540375.00")
    assert budget["totals"].stated_hours == D("670") and budget["totals"].hours == D("655")


@pytest.mark.django_db
def test_the_page_flags_the_stated_hours_that_differ(world, client_for):
    project = seed002_project(world.kolding, by=world.users[Role.CONSULTANT])
    page = client_for(world.users[Role.CONSULTANT]).get(f"/strategi/projekter/{project.public_id}/").content.decode()
    assert "De oplyste totaler afviger fra summen af posterne" in page
    assert "Oplyst 290 timer, posterne giver 275 timer (forskel 15 timer)." in page
    assert "226.875,00 kr." in page and "313.500,00 kr." in page
    assert page.count("afviger fra summen") == 1  # phase 2 adds up


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours", "tolv", "Skriv et tal"),
        ("hours", "-3", "Tallet kan ikke være negativt."),
        ("hourly_rate", "8x5", "Skriv et tal"),
        ("hourly_rate", "-825", "Tallet kan ikke være negativt."),
    ],
)
def test_bad_hours_or_rates_get_a_danish_error_naming_the_field_and_store_nothing(world, client_for, field, value, message):
    project = seed002_project(world.kolding, by=world.users[Role.CONSULTANT])
    phase = project.phases.first()
    before = BudgetLine.objects.count()
    data = {"name": "Ekstra møde", "hours": "10", "hourly_rate": "825", field: value}
    response = client_for(world.users[Role.CONSULTANT]).post(f"/strategi/faser/{phase.public_id}/aktiviteter/ny/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in errors[field][0]
    assert BudgetLine.objects.count() == before


@pytest.mark.django_db
def test_danish_decimal_input_is_read(world, client_for):
    project = seed002_project(world.kolding, by=world.users[Role.CONSULTANT])
    phase = project.phases.first()
    response = client_for(world.users[Role.CONSULTANT]).post(
        f"/strategi/faser/{phase.public_id}/aktiviteter/ny/", {"name": "Halv time", "hours": "0,5", "hourly_rate": "825,50"}
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(name="Halv time").hours == D("0.5")


@pytest.mark.django_db
def test_an_activity_is_hours_times_rate_or_a_fixed_amount_not_both(world):
    project = seed002_project(world.kolding)
    phase = project.phases.first()
    with pytest.raises(ValidationError) as error:
        services.activity_save(by=None, phase=phase, data={"name": "x", "hours": D(1), "hourly_rate": D(1), "fixed_amount": D(5)})
    assert "fixed_amount" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.activity_save(by=None, phase=phase, data={"name": "x", "hours": D(1)})
    assert "hourly_rate" in error.value.message_dict


@pytest.mark.django_db
def test_actuals_default_to_hours_times_rate_and_burn_the_budget_down(world):
    project = seed002_project(world.kolding)
    activity = BudgetLine.objects.filter(phase__project=project).order_by("pk").first()
    import datetime

    services.actual_add(by=None, activity=activity, date=datetime.date(2026, 1, 15), hours=D("10"), amount=None)
    services.actual_add(by=None, activity=activity, date=datetime.date(2026, 2, 3), hours=D("4"), amount=D("2000"))
    assert ActualEntry.objects.get(date=datetime.date(2026, 1, 15)).amount == D("8250.00")
    budget = project_budget(project)
    assert budget["spent"] == D("10250.00")
    assert [row[2] for row in budget["burn_down"]] == [D("532125.00"), D("530125.00")]
    with pytest.raises(ValidationError) as error:
        services.actual_add(by=None, activity=activity, date=datetime.date(2026, 2, 3), hours=D("-1"), amount=None)
    assert "hours" in error.value.message_dict


@pytest.mark.django_db
def test_the_budget_exports_to_excel_with_numbers_as_numbers_and_to_pdf(world, client_for):
    import io

    import openpyxl

    project = seed002_project(world.kolding)
    client = client_for(world.users[Role.ANALYST])
    response = client.get(f"/strategi/projekter/{project.public_id}/budget.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "Projektetablering" and rows[1][5] == 24750
    assert rows[-1][5] == 540375
    pdf = client.get(f"/strategi/projekter/{project.public_id}/budget.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_project_page_takes_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries):
    project = seed002_project(world.kolding)
    client = client_for(world.users[Role.CONSULTANT])
    client.get(f"/strategi/projekter/{project.public_id}/")
    with django_assert_max_num_queries(14):
        client.get(f"/strategi/projekter/{project.public_id}/")
    for phase in project.phases.all():
        for n in range(5):
            services.activity_save(by=None, phase=phase, data={"name": f"x{n}", "fixed_amount": D(10)})
    with django_assert_max_num_queries(14):
        client.get(f"/strategi/projekter/{project.public_id}/")
