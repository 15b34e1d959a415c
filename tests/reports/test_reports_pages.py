"""Report pages: the permission matrix (roles × own/other municipality), suppression for users
without row access, links to the rows behind a figure, definitions created and edited as data
(audited), and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import ROLE_PERMISSIONS, Perm, Role
from agreements.testing import seed003_agreement
from audit.models import AuditEvent
from pathways.testing import make_programme, pathway_data
from reports.models import ReportDefinition

PERIOD = "2026-H1"


@pytest.fixture
def definition(world):
    programme = make_programme(provider=world.provider)
    kitchen, network, youth = seed003_agreement(
        municipality=world.kolding, provider=world.provider, programme=programme
    )
    pathway_data(
        municipality=world.kolding,
        programme=programme,
        by=world.users[Role.CASEWORKER],
        citizens=40,
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2026, 6, 30),
        seed=21,
    )
    d = ReportDefinition.objects.create(
        municipality=world.kolding,
        name="Evaluering af rammeaftalen",
        tables=[
            "participation",
            "exits",
            "composition",
            "deliverables",
            "network_outcomes",
            "youth_frequency",
            "youth_income",
        ],
    )
    d.services.set([kitchen, network, youth])
    return d


def _url(name, definition, **query):
    url = reverse(f"reports:{name}", args=[definition.public_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("role", list(Role))
def test_report_page_permission_matrix(world, client_for, definition, role):
    own = client_for(world.users[role]).get(_url("report", definition, periode=PERIOD))
    other = client_for(world.outsiders[role]).get(_url("report", definition, periode=PERIOD))
    may_view = Perm.REPORT_VIEW in ROLE_PERMISSIONS[role]
    assert own.status_code == (200 if may_view else 404)
    assert other.status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_edit_requires_report_define_in_the_municipality(world, client_for, definition, role):
    own = client_for(world.users[role]).get(_url("edit", definition))
    other = client_for(world.outsiders[role]).get(_url("edit", definition))
    assert own.status_code == (200 if Perm.REPORT_DEFINE in ROLE_PERMISSIONS[role] else 404)
    assert other.status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_rows_behind_a_figure_only_with_citizen_view(world, client_for, definition, role):
    response = client_for(world.users[role]).get(
        _url("rows", definition, periode=PERIOD, celle="exits:total")
    )
    assert response.status_code == (200 if Perm.CITIZEN_VIEW in ROLE_PERMISSIONS[role] else 404)
    assert (
        client_for(world.outsiders[role])
        .get(_url("rows", definition, periode=PERIOD, celle="exits:total"))
        .status_code
        == 404
    )


def test_caseworker_sees_exact_figures_with_links_analyst_sees_protected(world, client_for, definition):
    caseworker = client_for(world.users[Role.CASEWORKER]).get(_url("report", definition, periode=PERIOD))
    analyst = client_for(world.users[Role.ANALYST]).get(_url("report", definition, periode=PERIOD))
    assert caseworker.context["report"].protected is False
    assert analyst.context["report"].protected is True
    cw_html, an_html = caseworker.content.decode(), analyst.content.decode()
    assert reverse("reports:rows", args=[definition.public_id]) in cw_html
    assert reverse("reports:rows", args=[definition.public_id]) not in an_html
    hidden = [c for t in analyst.context["report"].tables for r in t.rows for c in r.cells if c.hidden]
    assert hidden, "40 citizens over 11 outcomes leave small cells"
    assert "&lt;5" in an_html and "&lt;5" not in cw_html


def test_rows_page_lists_exactly_the_enrolments_counted(world, client_for, definition):
    client = client_for(world.users[Role.CASEWORKER])
    report = client.get(_url("report", definition, periode=PERIOD)).context["report"]
    exits = next(t for t in report.tables if t.key == "exits")
    participation = next(t for t in report.tables if t.key == "participation")
    cells = [exits.cell(k, "count", 0) for k in ("total", "continues", "ordinary_employment")]
    cells += [participation.cell("attendance", "count", 1), participation.cell("hygiene", "count", 0)]
    for cell in cells:
        response = client.get(cell.url)
        assert response.context["page"].paginator.count == cell.value
    event = AuditEvent.objects.filter(event="reports.rows.read").latest("id")
    assert event.changes["cell"] == "participation:hygiene"


def test_definition_created_from_the_form_and_audited(world, client_for, definition):
    client = client_for(world.users[Role.PROCUREMENT])
    services = list(definition.services.values_list("pk", flat=True))
    response = client.post(
        reverse("reports:create"),
        {
            "name": "Netværket",
            "tables": ["network_outcomes", "deliverables"],
            "services": services[1:2],
            "period_kind": "year",
            "compare_previous": "on",
        },
    )
    assert response.status_code == 302
    created = ReportDefinition.objects.get(name="Netværket")
    assert created.municipality == world.kolding and created.tables == ["network_outcomes", "deliverables"]
    assert list(created.services.values_list("pk", flat=True)) == services[1:2]
    assert AuditEvent.objects.filter(event="reports.definition.create", object_id=str(created.pk)).exists()
    page = client.get(_url("report", created, periode="2026"))
    assert page.status_code == 200 and [t.key for t in page.context["report"].tables] == [
        "network_outcomes",
        "deliverables",
    ]


def test_custom_period_needs_dates_named_in_the_error(world, client_for):
    client = client_for(world.users[Role.ANALYST])
    response = client.post(
        reverse("reports:create"), {"name": "Egen", "tables": ["exits"], "period_kind": "custom"}
    )
    assert response.status_code == 200
    assert "custom_start" in response.context["form"].errors
    assert not ReportDefinition.objects.filter(name="Egen").exists()


def test_services_of_another_municipality_cannot_be_chosen(world, client_for, definition):
    other = make_programme(provider=world.aarhus_company)
    aarhus_kitchen, _n, _y = seed003_agreement(
        municipality=world.aarhus, provider=world.aarhus_company, programme=other
    )
    response = client_for(world.users[Role.ANALYST]).post(
        reverse("reports:create"),
        {"name": "Snyd", "tables": ["exits"], "services": [aarhus_kitchen.pk], "period_kind": "year"},
    )
    assert response.status_code == 200 and "services" in response.context["form"].errors


def test_edit_updates_and_audits(world, client_for, definition):
    client = client_for(world.users[Role.ADMIN])
    response = client.post(
        _url("edit", definition), {"name": "Nyt navn", "tables": ["exits"], "period_kind": "half_year"}
    )
    assert response.status_code == 302
    definition.refresh_from_db()
    assert (
        definition.name == "Nyt navn"
        and definition.tables == ["exits"]
        and definition.compare_previous is False
    )
    event = AuditEvent.objects.get(event="reports.definition.update")
    assert event.changes["name"] == ["Evaluering af rammeaftalen", "Nyt navn"]


def test_period_of_another_kind_is_not_found(world, client_for, definition):
    client = client_for(world.users[Role.ANALYST])
    assert client.get(_url("report", definition, periode="2026")).status_code == 404
    assert client.get(_url("report", definition, periode="bogus")).status_code == 404


def test_report_page_queries_are_constant(world, client_for, definition):
    client = client_for(world.users[Role.CASEWORKER])
    with CaptureQueriesContext(connection) as small:
        client.get(_url("report", definition, periode=PERIOD))
    pathway_data(
        municipality=world.kolding,
        programme=definition.services.get(kind="pathway").programme,
        by=world.users[Role.CASEWORKER],
        citizens=150,
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2026, 6, 30),
        seed=22,
    )
    with CaptureQueriesContext(connection) as large:
        client.get(_url("report", definition, periode=PERIOD))
    assert len(small.captured_queries) == len(large.captured_queries)


def test_list_shows_own_municipality_only(world, client_for, definition):
    assert (
        definition.name
        in client_for(world.users[Role.CONSULTANT]).get(reverse("reports:list")).content.decode()
    )
    assert (
        definition.name
        not in client_for(world.outsiders[Role.CONSULTANT]).get(reverse("reports:list")).content.decode()
    )
    assert client_for(world.users[Role.PROVIDER]).get(reverse("reports:list")).status_code == 404


def test_custom_period_report_compares_with_the_range_before(world, client_for, definition):
    definition.period_kind = "custom"
    definition.custom_start, definition.custom_end = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    definition.save()
    client = client_for(world.users[Role.ANALYST])
    report = client.get(_url("report", definition)).context["report"]
    assert [(p.start, p.end) for p in report.periods] == [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 1, 29), datetime.date(2026, 2, 28)),
    ]
    assert client.get(_url("report", definition, periode="2026-H1")).status_code == 404


def test_without_a_period_the_latest_ended_one_is_shown(world, client_for, definition, monkeypatch):
    monkeypatch.setattr("reports.views._today", lambda: datetime.date(2026, 9, 15))
    report = client_for(world.users[Role.ANALYST]).get(_url("report", definition)).context["report"]
    assert report.period.key == "2026-H1"


def test_composition_rows_are_citizens_even_with_two_pathways(world, client_for, definition):
    from pathways.models import Enrolment, Referral, ReferralStatus

    first = Enrolment.objects.filter(exit__isnull=True).select_related("referral").first()
    referral = Referral.objects.create(
        citizen=first.citizen, programme=first.programme, referred_by=world.users[Role.CASEWORKER],
        status=ReferralStatus.ACCEPTED, team=first.team,
    )  # fmt: skip
    Enrolment.objects.create(
        referral=referral, citizen=first.citizen, programme=first.programme, team=first.team,
        start_date=datetime.date(2026, 2, 2),
    )  # fmt: skip
    client = client_for(world.users[Role.CASEWORKER])
    report = client.get(_url("report", definition, periode=PERIOD)).context["report"]
    composition = next(t for t in report.tables if t.key == "composition")
    exits = next(t for t in report.tables if t.key == "exits")
    citizens, enrolments = composition.cell("total", "count"), exits.cell("total", "count")
    assert enrolments.value == citizens.value + 1
    assert client.get(citizens.url).context["page"].paginator.count == citizens.value
    assert client.get(enrolments.url).context["page"].paginator.count == enrolments.value
