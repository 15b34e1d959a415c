"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis, in-process
through the WSGI app) with every check schemathesis has: no generated request may cause a
server error, every answer must match the status codes, content type, headers and body schema
the OpenAPI document promises, invalid data must be refused and schema-valid data accepted.

Two exceptions, written down: a write (POST, PUT, PATCH) may refuse schema-valid data with 422,
because some rules are not expressible in JSON Schema: check digits (CVR), uniqueness (one
organisation per CVR and P-number), code lists kept as data (target groups), and strict JSON
numbers (2.0 is an integer to JSON Schema, not to our bodies, core/api_bodies.StrictBody). And
the organisation list refuses an unknown target-group code with 422 naming it (the code list is
dated data, so the schema cannot enumerate it), and the outcomes list refuses a period whose end
lies before its start (a relation between two parameters JSON Schema cannot state). Every other read accepts what its schema does.

Bounded and repeatable: 20 derandomised examples per operation. Skipped when schemathesis is not
installed (a development dependency)."""

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.core import signals  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

from accounts.roles import Role  # noqa: E402

BUSINESS_RULES_422 = {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}}
WRITES_MAY_REFUSE_BUSINESS_RULES = {
    "operations": [
        {"include-method": ["POST", "PUT", "PATCH"], "checks": BUSINESS_RULES_422},
        {"include-name": "GET /api/v1/organisations", "checks": BUSINESS_RULES_422},
        {"include-name": "GET /api/v1/outcomes", "checks": BUSINESS_RULES_422},
    ]
}

app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", app, config=SchemathesisConfig.from_dict(WRITES_MAY_REFUSE_BUSINESS_RULES)
)


# The token of the test being run. Given to schemathesis as its auth provider (not as a header
# override), so it knows the header is the caller's and never counts a request it generated
# without one as a schema-violating request that was accepted.
_current = {"authorization": ""}


@schema.auth(refresh_interval=None)  # a new token per test: each test's rows roll back
class AdministratorToken:
    def get(self, case, context):
        return _current["authorization"]

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": data}


@pytest.fixture
def authorization(world, api_for):
    """An administrator's Authorization header (every permission, so every operation runs past
    its access check). Like django.test.Client, keep the WSGI handler from closing the test's
    database connection (and its transaction) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    _current["authorization"] = api_for(world.users[Role.ADMIN]).authorization
    yield _current["authorization"]
    _current["authorization"] = ""
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
    case.call_and_validate()
