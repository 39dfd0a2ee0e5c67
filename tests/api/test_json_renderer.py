"""The API's JSON is written by orjson (speed, see README "Performance"); the bytes must be
the ones DRF's own JSONRenderer writes, for every kind of value a response holds."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from config.api import JSONRenderer
from tests.factories import make_agreement, make_party

VALUES = {
    "text": 'Perú, 대한민국, «quotes» and "escapes" \\ / \n\t',
    "line separators": "one\u2028two\u2029three",
    "control": "\x00\x1f\x7f",
    "emoji": "🤝",
    # Floats in exponent notation differ (orjson 1e-7, DRF 1e-07); the API has no floats.
    "numbers": [0, -1, 2**53, 1.5, 0.1, 123456789.125],
    "booleans and null": [True, False, None],
    "decimal": Decimal("463000000.00"),
    "date": date(2024, 11, 16),
    "datetime utc": datetime(2024, 11, 16, 9, 30, 5, 123456, tzinfo=UTC),
    "naive datetime": datetime(2024, 11, 16, 9, 30),
    "time": time(9, 30, 5),
    "duration": timedelta(days=1, seconds=5),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy text": gettext_lazy("This field is required."),
    "tuple": ("a", 1),
    "nested": {"list": [{"deep": [{}]}], "empty": []},
    1: "an integer key",
}


def test_every_kind_of_value_renders_as_drf_renders_it():
    expected = DRFJSONRenderer().render(VALUES)
    assert JSONRenderer().render(VALUES) == expected
    assert b"\\u2028" in expected  # the separators stay escaped


def test_drf_return_containers_render_as_drf_renders_them():
    data = ReturnDict({"results": ReturnList([{"a": 1}], serializer=None)}, serializer=None)
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_an_indent_asked_for_is_honoured():
    rendered = JSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert rendered == DRFJSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert b"\n" in rendered


@pytest.mark.django_db
def test_api_answers_are_the_bytes_drf_would_write(client):
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    make_agreement(
        title="Korea\u2028Peru MOU", parties=[korea], value_amount=Decimal("1.50"),
        value_currency="USD", signed_on=date(2024, 11, 16),
    )  # fmt: skip
    for path in ("/api/v1/agreements/", "/api/v1/parties/", "/api/v1/agreements/?kind=nope"):
        response = client.get(path)
        assert response.content == DRFJSONRenderer().render(response.json()), path
