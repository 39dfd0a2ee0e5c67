import pytest

from tests.factories import make_agreement, make_party

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_home_counts_only_published_agreements(client):
    korea = make_party(name="Republic of Korea", kind="state", country="KR")
    make_agreement(title="Visible accord", parties=[korea])
    make_agreement(title="Secret draft accord", parties=[korea], publication="draft")
    response = client.get("/")
    assert response.status_code == 200
    assert "1 agreement " in response.text
    assert "Visible accord" in response.text
    assert "Secret draft accord" not in response.text
