"""The OpenAPI schema describes the API, and the API keeps to it: schemathesis reads
/api/v1/schema/ from the running WSGI app, generates requests for every GET operation
and checks every response (no 5xx; documented status codes, content types, headers and
bodies). The demo is loaded so that real rows are found, filtered and exported."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application

pytestmark = pytest.mark.django_db

#: Generated requests per operation (bounded so the suite stays fast).
EXAMPLES_PER_OPERATION = 10
#: Every built-in check runs except "schema-valid data is accepted": references by slug
#: (`party`, `sector`, `event`, `parent`) are answered 400 when no such row exists — a
#: documented response, which no schema of a slug could rule out in advance.
EXCLUDED_CHECKS = [positive_data_acceptance]


@pytest.fixture
def connections_kept_open():
    """Schemathesis calls the WSGI app directly; as Django's test client does, keep it from
    closing the test's database connection (and its transaction) after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def check_operation(operation):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)

    run()


def test_every_get_operation_keeps_to_the_schema(demo, connections_kept_open):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    failures, checked = {}, []
    for result in schema.include(method="GET").get_all_operations():
        operation = result.ok()
        checked.append(operation.label)
        try:
            check_operation(operation)
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 — reported below
            failures[operation.label] = error

    resources = [
        "agreements/{slug}",
        "parties/{slug}",
        "events/{slug}",
        "sectors/{slug}",
        "sources/{id}",
    ]
    expected = {"GET /api/v1/search/"}
    for resource in resources:
        expected |= {f"GET /api/v1/{resource.split('/')[0]}/", f"GET /api/v1/{resource}/"}
    assert set(checked) == expected
    assert not failures, "\n\n".join(f"{label}:\n{error}" for label, error in failures.items())
