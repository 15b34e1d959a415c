"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis, in-process
through the WSGI app): no generated request may cause a server error, and every answer must
match the status codes, content type and body schema the OpenAPI document promises.

Bounded and repeatable: 20 derandomised examples per operation. Skipped when schemathesis is not
installed (a development dependency)."""

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.core import signals  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from accounts.roles import Role  # noqa: E402

app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def authorization(world, api_for):
    """A consultant's Authorization header. Like django.test.Client, keep the WSGI handler from
    closing the test's database connection (and its transaction) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield api_for(world.users[Role.CONSULTANT]).authorization
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,  # the same examples on every run: a failure here is a real finding, never noise
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_the_promises_of_its_schema(case, authorization):
    # A schema-valid request may still be refused with 422 for what a schema cannot say (a CVR
    # check digit, an unknown target-group code), so that one check is left out.
    case.call_and_validate(
        headers={"Authorization": authorization}, excluded_checks=[positive_data_acceptance]
    )
