"""The read-replica router (core.db_router), tested against a second database alias that points
at the same test database (settings.test: "replica" with TEST MIRROR default). Reads inside
`reading_from_replica()` go to the replica when settings.READ_REPLICA names it; writes, reads
inside a transaction and everything else stay on the primary; the report page and the analyst
statistics compute their figures on the replica but find the report on the primary."""

import datetime

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from core.db_router import reading_from_replica
from registry.choices import Kind
from registry.models import Organisation
from registry.testing import make_organisation
from tests.reports.test_reports_pages import PERIOD
from tests.reports.test_reports_pages import definition as definition  # noqa: F401 - fixture

# Committed rows: the replica alias is a connection of its own and, like a real replica, sees
# only what the primary has committed.
pytestmark = pytest.mark.django_db(databases=["default", "replica"], transaction=True, serialized_rollback=True)


@pytest.fixture
def replica(settings):
    settings.READ_REPLICA = "replica"
    yield
    connections["replica"].close()  # or the test database cannot be dropped at the end


def test_reads_in_a_replica_block_go_to_the_replica_and_the_rest_to_the_primary(replica, world):
    assert Organisation.objects.all().db == "default"
    with reading_from_replica():
        assert Organisation.objects.all().db == "replica"
        assert Organisation.objects.filter(pk=world.provider.pk).exists()  # the same rows
        created = make_organisation(world.kolding, name="Ny aktør", kind=Kind.COMPANY)
        assert created._state.db == "default"
        with transaction.atomic():
            assert Organisation.objects.all().db == "default"  # a transaction sees its own writes
    assert Organisation.objects.all().db == "default"


def test_without_a_replica_every_read_stays_on_the_primary(world):
    with reading_from_replica():
        assert Organisation.objects.all().db == "default"


def queries_by_alias(run) -> dict[str, list[str]]:
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(
        connections["replica"]
    ) as replica_queries:
        run()
    return {"default": [q["sql"] for q in primary], "replica": [q["sql"] for q in replica_queries]}


def test_the_report_page_computes_its_figures_on_the_replica(replica, world, client_for, definition):  # noqa: F811
    client = client_for(world.users[Role.ANALYST])
    url = reverse("reports:report", args=[definition.public_id]) + f"?periode={PERIOD}"
    seen = queries_by_alias(lambda: client.get(url))
    assert seen["replica"], "no figure came from the replica"
    assert not any("reports_reportdefinition" in sql for sql in seen["replica"])
    assert any("reports_reportdefinition" in sql for sql in seen["default"])


def test_the_analyst_statistics_are_aggregated_on_the_replica(replica, world, client_for):
    client = client_for(world.users[Role.ANALYST])
    url = reverse("pathways:stats") + f"?start={datetime.date(2025, 1, 1)}&end={datetime.date(2025, 12, 31)}"
    seen = queries_by_alias(lambda: client.get(url))
    assert any("pathways_enrolment" in sql for sql in seen["replica"])
    assert not any("pathways_enrolment" in sql for sql in seen["default"])
