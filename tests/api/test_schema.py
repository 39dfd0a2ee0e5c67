"""The OpenAPI schema describes the API, and the API keeps to it: schemathesis reads
/api/v1/schema/ from the running WSGI app, generates requests for every operation
and checks every response (no 5xx; documented status codes, content types, headers and
bodies). The demo is loaded so that real rows are found, filtered and exported."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from knox.models import AuthToken
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from tests.factories import make_member

pytestmark = pytest.mark.django_db

#: Generated requests per operation (bounded so the suite stays fast).
EXAMPLES_PER_OPERATION = 10
WRITE_EXAMPLES_PER_OPERATION = 5
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


def check_operation(operation, *, examples=EXAMPLES_PER_OPERATION, headers=None):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS)

    run()


def check_all(operations, **options):
    """Check each operation; return {operation: what failed} for all of them at once."""
    failures, checked = {}, []
    for result in operations:
        operation = result.ok()
        checked.append(operation.label)
        try:
            check_operation(operation, **options)
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 — reported below
            failures[operation.label] = error
    return checked, failures


def report(failures):
    return "\n\n".join(f"{label}:\n{error}" for label, error in failures.items())


def test_every_get_operation_keeps_to_the_schema(demo, connections_kept_open):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

    checked, failures = check_all(schema.include(method="GET").get_all_operations())

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
    assert not failures, report(failures)


def test_every_write_operation_keeps_to_the_schema(demo, connections_kept_open):
    """Generated POST, PUT, PATCH and DELETE requests from a Publisher's token: whatever
    they send, the answer is documented (a 201, a field-keyed 400, a 409 …), never a 5xx."""
    _, token = AuthToken.objects.create(make_member(role="Publisher", username="generated"))
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

    checked, failures = check_all(
        schema.exclude(method="GET").get_all_operations(),
        examples=WRITE_EXAMPLES_PER_OPERATION,
        headers={"Authorization": f"Token {token}"},
    )

    assert len(checked) == 1 + 5 * 4  # the token, and create/replace/change/delete × 5
    assert not failures, report(failures)
