"""A report with the service tables and the narratives: the analyst reads it (page, PDF, Excel)
with the provider's texts for the period and the previous one, another municipality gets 404,
and the exports hold every new table and the narrative text."""

import datetime
import io
import shutil

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from agreements.models import NetworkMembership, ServiceKind
from agreements.testing import narrative, seed003_agreement, service
from pathways.testing import make_programme
from reports.models import ReportDefinition
from tests.reports.test_reports_exports import _pdftotext

PERIOD = "2026-H1"
NEW_TABLES = [
    "meeting_place_weeks",
    "meeting_place_activities",
    "meeting_place_volunteers",
    "network_programme",
    "network_members",
    "company_visits",
    "counselling",
    "youth_home_support",
    "narratives",
]
NOW = "Unge kommer af sig selv og bliver hængende; jobværkstedet mandag er fuldt."
BEFORE = "Halvåret før: stigende brug i dagtimerne fra ensomme seniorer."


@pytest.fixture
def definition(world):
    programme = make_programme(provider=world.provider)
    kitchen, network, youth = seed003_agreement(
        municipality=world.kolding, provider=world.provider, programme=programme
    )
    place = service(kitchen.agreement, ServiceKind.MEETING_PLACE, name="Mødestedet")
    NetworkMembership.objects.create(
        service=network, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30),
        on_mailing_list=257, active=50, took_part=199, new_members=40,
    )  # fmt: skip
    narrative(network, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), experiences=NOW,
              needs="Flere virksomhedskontakter.", opportunities="Et spiremiljø.")  # fmt: skip
    narrative(place, datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), experiences=BEFORE)
    d = ReportDefinition.objects.create(
        municipality=world.kolding, name="Ydelsernes evaluering", tables=NEW_TABLES
    )
    d.services.set([place, network, youth])
    return d


def _get(client, name, definition):
    return client.get(reverse(f"reports:{name}", args=[definition.public_id]) + f"?periode={PERIOD}")


def test_the_analyst_reads_the_tables_and_the_narratives(world, client_for, definition):
    response = _get(client_for(world.users[Role.ANALYST]), "report", definition)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.protected
    keys = [(t.key, t.section) for t in report.tables]
    assert ("meeting_place_weeks", "Mødestedet") in keys and (
        "meeting_place_weeks",
        "Ung værtsfunktion",
    ) in keys
    assert keys.count(("network_programme", "Ledige med Drive")) == 2
    assert [s for k, s in keys if k == "narratives"] == [s.name for s in definition.services.order_by("pk")]
    html = response.content.decode()
    assert "Netværkets medlemmer" in html and "257" in html
    assert "jobværkstedet mandag er fuldt" in html and "Flere virksomhedskontakter." in html
    assert "Halvåret før: stigende brug" in html  # the previous period's narrative, under its label
    network_texts = next(
        t for t in report.tables if t.key == "narratives" and t.section == "Ledige med Drive"
    ).texts
    assert [t.heading for t in network_texts] == ["1. halvår 2026", "2. halvår 2025"]
    assert network_texts[1].parts == [("", "Der er ikke skrevet en beretning for perioden.")]
    assert "network_members" not in html and "meeting_place_weeks" not in html  # no code keys shown


def test_another_municipality_gets_404(world, client_for, definition):
    for role in (Role.ANALYST, Role.ADMIN, Role.CONSULTANT):
        assert _get(client_for(world.outsiders[role]), "report", definition).status_code == 404
    assert _get(client_for(world.users[Role.PROVIDER]), "report", definition).status_code == 404


def test_excel_holds_every_new_table_and_the_narrative_text(world, client_for, definition):
    client = client_for(world.users[Role.ANALYST])
    tables = _get(client, "report", definition).context["report"].tables
    response = _get(client, "xlsx", definition)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 1 + len(tables)
    titles = [book[name]["A1"].value for name in book.sheetnames[1:]]
    assert titles == [f"{t.title} {t.section}" for t in tables]
    texts = [
        v for name in book.sheetnames for row in book[name].iter_rows(values_only=True) for v in row if v
    ]
    assert NOW in texts and BEFORE in texts and "Flere virksomhedskontakter." in texts
    members = book[book.sheetnames[1 + next(i for i, t in enumerate(tables) if t.key == "network_members")]]
    row = next(r for r in members.iter_rows(values_only=True) if r[0] == "På mailinglisten")
    assert row[1] == 257 and isinstance(row[1], int | float)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_holds_every_new_table_and_the_narrative_text(world, client_for, definition):
    client = client_for(world.users[Role.ANALYST])
    tables = _get(client, "report", definition).context["report"].tables
    response = _get(client, "pdf", definition)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = _pdftotext(response.content)
    for table in tables:
        assert table.title in text
    assert NOW in text and BEFORE in text and "Erfaringer fra perioden" in text
    assert "På mailinglisten 257" in text
