"""The demo report definitions: created once per reload, and the half-year report shows the
seed's network outcomes beside the previous half-year's, with small cells protected for the
analyst and exact for the caseworker, and the service tables and the provider's narratives."""

import pytest
from django.urls import reverse

from accounts.models import User
from demo.reports import AGREEMENT_REPORT, KITCHEN_REPORT
from demo.seed import seed_demo
from reports.models import ReportDefinition


@pytest.mark.django_db
def test_demo_reports_read_like_the_seed(client_for):
    seed_demo()
    seed_demo()
    assert ReportDefinition.objects.filter(name__in=[AGREEMENT_REPORT, KITCHEN_REPORT]).count() == 2
    definition = ReportDefinition.objects.get(name=AGREEMENT_REPORT)
    url = reverse("reports:report", args=[definition.public_id]) + "?periode=2026-H1"
    caseworker = client_for(User.objects.get(username="sagsbehandler")).get(url)
    report = caseworker.context["report"]
    network = next(t for t in report.tables if t.key == "network_outcomes")
    # Seed 003: ordinary employment 22 (2 direct) in 2015, 31 (6 direct) in 2014.
    assert network.cell("ordinary_employment", "count", 0).value == 22
    assert network.cell("ordinary_employment", "direct", 0).value == 2
    assert network.cell("ordinary_employment", "count", 1).value == 31
    assert network.cell("ordinary_employment", "direct", 1).value == 6
    keys = {t.key for t in report.tables}
    assert {"meeting_place_weeks", "meeting_place_activities", "meeting_place_volunteers", "network_programme",
            "network_members", "company_visits", "counselling", "youth_home_support", "narratives"} <= keys  # fmt: skip
    home = next(t for t in report.tables if t.key == "youth_home_support")
    assert (home.cell("ended", "value", 0).value, home.cell("reduced", "value", 0).value) == (20, 3)
    members = next(t for t in report.tables if t.key == "network_members")
    assert members.cell("on_mailing_list", "value", 0).value == 257
    assert members.cell("on_mailing_list", "value", 1).value == 231
    assert "257 står på mailinglisten" in caseworker.content.decode()  # the network's narrative
    analyst = client_for(User.objects.get(username="analytiker")).get(url).context["report"]
    protected = next(t for t in analyst.tables if t.key == "network_outcomes")
    assert protected.cell("ordinary_employment", "direct", 0).hidden == "<5"
    assert protected.cell("ordinary_employment", "count", 0).value == 22
