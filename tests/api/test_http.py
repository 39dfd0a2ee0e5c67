"""HTTP done right: ETags and conditional requests, cache headers, CORS, throttling, CSV."""

import csv
import io

import pytest
from django.urls import reverse

from agreements.models import Agreement
from tests.api.conftest import throttle_rates
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def detail(slug):
    return reverse("api:agreement-detail", kwargs={"slug": slug})


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


# --- ETag, If-None-Match, If-Match ------------------------------------------------------


def test_details_carry_an_etag_and_answer_304_to_a_matching_if_none_match(anon, world):
    first = anon.get(detail("submarine-mou"))
    etag = first["ETag"]

    again = anon.get(detail("submarine-mou"), HTTP_IF_NONE_MATCH=etag)
    other = anon.get(detail("submarine-mou"), HTTP_IF_NONE_MATCH='"something-else"')

    assert etag.startswith('"') and etag.endswith('"')
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert other.status_code == 200


def test_etag_changes_when_the_entry_or_its_nested_objects_change(anon, world):
    before = anon.get(detail("submarine-mou"))["ETag"]
    world["korea"].name = "Korea"
    world["korea"].save()

    after = anon.get(detail("submarine-mou"), HTTP_IF_NONE_MATCH=before)

    assert after.status_code == 200
    assert after["ETag"] != before


def test_anonymous_and_staff_see_different_representations_with_different_etags(
    anon, publisher_client, world
):
    # Staff also see the relation from the draft.
    assert (
        anon.get(detail("submarine-mou"))["ETag"]
        != (publisher_client.get(detail("submarine-mou"))["ETag"])
    )


def test_a_write_with_a_stale_if_match_is_412_and_changes_nothing(publisher_client, world):
    etag = publisher_client.get(detail("submarine-mou"))["ETag"]
    first = publisher_client.patch(
        detail("submarine-mou"), {"title": "First edit"}, format="json", HTTP_IF_MATCH=etag
    )
    second = publisher_client.patch(
        detail("submarine-mou"), {"title": "Lost update"}, format="json", HTTP_IF_MATCH=etag
    )
    stale_delete = publisher_client.delete(detail("submarine-mou"), HTTP_IF_MATCH=etag)

    assert first.status_code == 200
    assert first["ETag"] != etag
    assert second.status_code == 412
    assert "ETag" in second.json()["detail"]
    assert stale_delete.status_code == 412
    assert Agreement.objects.get(slug="submarine-mou").title == "First edit"
    # The ETag a write returns is the one a read gives.
    assert publisher_client.get(detail("submarine-mou"))["ETag"] == first["ETag"]
    current = publisher_client.put(
        detail("submarine-mou"),
        {"slug": "submarine-mou", "title": "Third edit", "kind": "mou"},
        format="json",
        HTTP_IF_MATCH=first["ETag"],
    )
    assert current.status_code == 200
    assert Agreement.objects.get(slug="submarine-mou").title == "Third edit"


def test_if_match_star_and_no_if_match_are_allowed(publisher_client, world):
    star = publisher_client.patch(
        detail("submarine-mou"), {"title": "A"}, format="json", HTTP_IF_MATCH="*"
    )
    plain = publisher_client.patch(detail("submarine-mou"), {"title": "B"}, format="json")

    assert star.status_code == 200
    assert plain.status_code == 200


def test_parties_events_and_sources_have_etags_too(anon, publisher_client, world):
    for url in (
        reverse("api:party-detail", kwargs={"slug": "republic-of-peru"}),
        reverse("api:event-detail", kwargs={"slug": "apec-2024"}),
        reverse("api:sector-detail", kwargs={"slug": "mining"}),
        reverse("api:source-detail", kwargs={"id": world["article"].pk}),
    ):
        etag = anon.get(url)["ETag"]
        assert anon.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        stale = publisher_client.patch(url, {}, format="json", HTTP_IF_MATCH='"stale"')
        assert stale.status_code == 412, url


# --- Cache-Control and CORS -------------------------------------------------------------


def test_anonymous_reads_may_be_cached_briefly_by_a_cdn(anon, world):
    for url in (reverse("api:agreement-list"), detail("submarine-mou")):
        response = anon.get(url)
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Authorization" in response["Vary"]


def test_authenticated_reads_and_all_writes_are_private(anon, publisher_client, world):
    assert publisher_client.get(detail("submarine-mou"))["Cache-Control"] == "private, no-store"
    assert publisher_client.get(reverse("api:agreement-list"))["Cache-Control"] == (
        "private, no-store"
    )
    write = publisher_client.patch(detail("submarine-mou"), {"title": "X"}, format="json")
    assert write["Cache-Control"] == "private, no-store"
    assert anon.get(detail("draft-shipyard-deal"))["Cache-Control"] == "private, no-store"


def test_cors_is_open_for_anonymous_reads_of_the_api(anon, world):
    read = anon.get(reverse("api:agreement-list"), HTTP_ORIGIN="https://elsewhere.example")
    preflight = anon.options(
        reverse("api:agreement-list"),
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    page = anon.get("/agreements/", HTTP_ORIGIN="https://elsewhere.example")

    assert read["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in read
    assert "ETag" in read["Access-Control-Expose-Headers"]
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Origin" not in page


# --- Throttling -------------------------------------------------------------------------


def test_anonymous_callers_are_throttled_with_retry_after(anon, settings, world):
    throttle_rates(settings, anon="3/min", user="100/min")

    statuses = [anon.get(reverse("api:sector-list")).status_code for _ in range(4)]
    throttled = anon.get(reverse("api:agreement-list"), {"format": "csv"})

    assert statuses == [200, 200, 200, 429]
    assert throttled.status_code == 429
    assert throttled["Content-Type"] == "application/json"
    assert int(throttled["Retry-After"]) > 0
    assert "throttled" in throttled.json()["detail"].lower()


def test_signed_in_users_have_their_own_rate(publisher_client, settings, world):
    throttle_rates(settings, anon="1/min", user="2/min")

    statuses = [publisher_client.get(reverse("api:sector-list")).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_user_rate_does_not_count_anonymous_callers(anon, settings, world):
    throttle_rates(settings, anon=None, user="2/min")

    assert {anon.get(reverse("api:sector-list")).status_code for _ in range(5)} == {200}


def test_off_disables_the_throttle(anon, settings, world):
    throttle_rates(settings, anon=None, user=None)

    assert {anon.get(reverse("api:sector-list")).status_code for _ in range(10)} == {200}


def test_the_token_endpoint_is_throttled_too(anon, settings, db):
    throttle_rates(settings, anon="2/min")

    statuses = [
        anon.post(reverse("api:token"), {"username": "x", "password": "y"}).status_code
        for _ in range(3)
    ]

    assert statuses == [400, 400, 429]


# --- CSV --------------------------------------------------------------------------------

AGREEMENT_COLUMNS = [
    "slug",
    "title",
    "kind",
    "status",
    "legal_nature",
    "signed_on",
    "signed_on_precision",
    "value_amount",
    "value_currency",
    "place",
    "event",
    "sectors",
    "participants",
    "publication",
    "url",
    "announced_on",
    "effective_on",
    "expires_on",
    "value_note",
    "summary",
    "api_url",
    "created_at",
    "updated_at",
]


def test_agreements_csv_has_flat_documented_columns(anon, world):
    response = anon.get(reverse("api:agreement-list"), {"format": "csv"})
    rows = csv_rows(response)

    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    assert list(rows[0]) == AGREEMENT_COLUMNS
    contract = next(row for row in rows if row["slug"] == "naval-vessels-contract")
    assert contract["value_amount"] == "463000000.00"
    assert contract["value_currency"] == "USD"
    assert contract["value_note"] == "For four vessels."
    assert contract["sectors"] == "defense;shipbuilding"
    assert contract["participants"] == "hd-hhi:contractor;peruvian-navy:client"
    assert contract["signed_on"] == "2022-12-01"
    assert contract["signed_on_precision"] == "month"
    assert contract["url"] == "http://testserver/agreements/naval-vessels-contract/"
    mou = next(row for row in rows if row["slug"] == "submarine-mou")
    assert mou["event"] == "korea-peru-summit"
    assert mou["value_amount"] == ""
    assert mou["participants"] == (
        "republic-of-korea:party;republic-of-peru:party;hd-hhi:contractor"
    )


def test_csv_exports_the_whole_filtered_list_unpaginated(anon, world):
    for number in range(30):
        make_agreement(title=f"Bulk {number}", slug=f"bulk-{number}", kind="treaty")

    rows = csv_rows(anon.get(reverse("api:agreement-list"), {"format": "csv", "kind": "treaty"}))
    everything = csv_rows(
        anon.get(reverse("api:agreement-list"), {"format": "csv", "page_size": 5})
    )

    assert len(rows) == 30
    assert {row["kind"] for row in rows} == {"treaty"}
    assert len(everything) == 33


def test_a_csv_export_holds_one_chunk_of_agreements_at_a_time(anon, world, monkeypatch):
    """Flat memory however long the export: a chunk's agreements are freed before the next
    chunk is read, though its list serializer's reference cycle still holds them."""
    import gc

    monkeypatch.setattr("config.api.CSV_CHUNK_SIZE", 5)
    for number in range(40):
        make_agreement(title=f"Bulk {number}", slug=f"bulk-{number}")
    response = anon.get(reverse("api:agreement-list"), {"format": "csv"})
    alive = []
    gc.disable()  # only the export's own collections free anything
    try:
        for line_number, _ in enumerate(response.streaming_content):
            if line_number % 5 == 1:
                alive.append(sum(type(o) is Agreement for o in gc.get_objects()))
    finally:
        gc.enable()
    assert line_number > 40
    assert max(alive) <= 10  # the chunk being written, and at most the one before


def test_accept_text_csv_chooses_csv(anon, world):
    rows = csv_rows(anon.get(reverse("api:party-list"), HTTP_ACCEPT="text/csv"))

    assert {row["slug"] for row in rows} == {
        "republic-of-korea",
        "republic-of-peru",
        "peruvian-navy",
        "hd-hhi",
        "yoon-suk-yeol",
        "secret-unit",
    }
    korea = next(row for row in rows if row["slug"] == "republic-of-korea")
    assert korea["aliases"] == "대한민국:ko"
    assert korea["agreement_count"] == "2"
    assert next(row for row in rows if row["slug"] == "peruvian-navy")["parent"] == (
        "republic-of-peru"
    )


def test_every_list_exports_csv(anon, world):
    expected_first_columns = {
        "api:event-list": ["slug", "name", "kind", "starts_on", "ends_on"],
        "api:sector-list": ["slug", "name", "description"],
        "api:source-list": ["id", "title", "url", "publisher", "published_on"],
    }
    for name, columns in expected_first_columns.items():
        rows = csv_rows(anon.get(reverse(name), {"format": "csv"}))
        assert rows, name
        assert list(rows[0])[: len(columns)] == columns


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_that_a_spreadsheet_would_run_are_defused(anon, db, dangerous):
    make_agreement(title=dangerous, slug="formula", place=dangerous)

    row = csv_rows(anon.get(reverse("api:agreement-list"), {"format": "csv"}))[0]

    assert row["title"] == "'" + dangerous
    assert row["place"] == "'" + dangerous


def test_csv_errors_are_json(anon, world):
    response = anon.get(reverse("api:agreement-list"), {"format": "csv", "kind": "nope"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["kind"]


def test_csv_is_for_lists_only(anon, world):
    assert anon.get(detail("submarine-mou"), {"format": "csv"}).status_code == 404


def test_csv_export_streams_the_rows_chunk_by_chunk(anon, db, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_sector

    monkeypatch.setattr("config.api.CSV_CHUNK_SIZE", 2)
    sector = make_sector(name="Energy", slug="energy")
    for number in range(5):
        make_agreement(title=f"Chunk {number}", slug=f"chunk-{number}", sectors=[sector])

    response = anon.get(reverse("api:agreement-list"), {"format": "csv"})
    with CaptureQueriesContext(connection) as queries:
        lines = list(response.streaming_content)

    sector_lookups = [q for q in queries.captured_queries if "agreement_sectors" in q["sql"]]
    assert len(lines) == 1 + 5  # the header, then one line per row as it is read
    assert len(sector_lookups) == 3  # prefetched per chunk of 2 rows: 2 + 2 + 1
