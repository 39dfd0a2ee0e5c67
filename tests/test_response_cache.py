"""The anonymous response cache (core.cache): repeated anonymous reads come from the cache,
a publish or an edit is visible on the next request, and signed-in callers (who may see
drafts) never read from it nor write to it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import cache as response_cache
from core.models import Publication
from core.services import publishable_set_publication
from tests.factories import make_agreement, make_party, make_user

pytestmark = pytest.mark.django_db

LIST = "/api/v1/agreements/"
PAGE = "/agreements/"


@pytest.fixture(autouse=True)
def cache_on(settings, empty_cache):
    settings.RESPONSE_CACHE = True
    settings.COUNT_CACHE = True


@pytest.fixture
def accord(db):
    return make_agreement(title="Accord one", slug="accord-one", parties=[make_party()])


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "url", [LIST, "/api/v1/agreements/accord-one/", PAGE, "/agreements/accord-one/"]
)
def test_a_repeated_anonymous_read_is_served_without_sql(
    client, accord, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "Set-Cookie" not in second


def test_an_edit_is_visible_on_the_next_request(client, accord):
    assert client.get("/api/v1/agreements/accord-one/").json()["title"] == "Accord one"
    assert b"Accord one" in client.get(PAGE).content
    accord.title = "Accord renamed"
    accord.save()
    assert client.get("/api/v1/agreements/accord-one/").json()["title"] == "Accord renamed"
    assert b"Accord renamed" in client.get(PAGE).content


def test_a_publish_is_visible_on_the_next_request(client, accord):
    draft = make_agreement(title="Draft one", slug="draft-one", publication=Publication.DRAFT)
    assert slugs(client.get(LIST)) == ["accord-one"]
    assert client.get("/api/v1/agreements/draft-one/").status_code == 404
    assert client.get(LIST).json()["count"] == 1

    publishable_set_publication(entry=draft, publication=Publication.PUBLISHED)

    assert sorted(slugs(client.get(LIST))) == ["accord-one", "draft-one"]
    assert client.get(LIST).json()["count"] == 2
    assert client.get("/api/v1/agreements/draft-one/").status_code == 200


def test_an_edit_through_the_api_is_visible_on_the_next_request(client, accord):
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    editor = make_user(username="writer", is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(codename="change_agreement"))
    api = APIClient()
    api.force_authenticate(editor)
    etag = api.get("/api/v1/agreements/accord-one/")["ETag"]
    client.get("/api/v1/agreements/accord-one/")  # cached for anonymous readers

    response = api.patch(
        "/api/v1/agreements/accord-one/", {"title": "Via the API"}, format="json",
        HTTP_IF_MATCH=etag,
    )  # fmt: skip
    assert response.status_code == 200, response.content

    assert client.get("/api/v1/agreements/accord-one/").json()["title"] == "Via the API"


def test_the_generation_changes_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        before = response_cache.current_generation()
        accord = make_agreement(title="Accord")
        during = response_cache.current_generation()
        accord.title = "Changed"
        accord.save()  # one commit-time change per transaction, however many saves
    assert before != during
    assert len(callbacks) == 1
    assert response_cache.current_generation() not in (before, during)


def test_staff_never_read_from_the_cache(client, accord):
    make_agreement(title="Draft one", slug="draft-one", publication=Publication.DRAFT)
    assert slugs(client.get(LIST)) == ["accord-one"]  # cached for anonymous readers
    client.force_login(make_user(username="staff", is_staff=True, is_superuser=True))
    assert sorted(slugs(client.get(LIST))) == ["accord-one", "draft-one"]
    assert b"Draft one" in client.get(PAGE).content


def test_staff_responses_never_enter_the_cache(client, accord, django_assert_max_num_queries):
    make_agreement(title="Draft one", slug="draft-one", publication=Publication.DRAFT)
    client.force_login(make_user(username="staff", is_staff=True, is_superuser=True))
    assert client.get("/api/v1/agreements/draft-one/").status_code == 200
    assert sorted(slugs(client.get(LIST))) == ["accord-one", "draft-one"]
    assert b"Draft one" in client.get(PAGE).content
    client.logout()
    client.cookies.clear()
    assert client.get("/api/v1/agreements/draft-one/").status_code == 404
    assert slugs(client.get(LIST)) == ["accord-one"]
    assert b"Draft one" not in client.get(PAGE).content


def test_a_request_with_an_authorization_header_bypasses_the_cache(
    client, accord, django_assert_max_num_queries
):
    client.get(LIST)
    with django_assert_max_num_queries(0):
        client.get(LIST)
    response = client.get(LIST, HTTP_AUTHORIZATION="Token nonsense")
    assert response.status_code == 401  # answered by the API, not by the cache
    client.get(PAGE)
    client.cookies["sessionid"] = "not-a-session"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    assert len(queries) > 0  # rendered again, not read from the cache


def test_responses_that_are_not_200_are_not_cached(client, accord):
    assert client.get("/api/v1/agreements/nope/").status_code == 404
    make_agreement(title="Nope", slug="nope")
    assert client.get("/api/v1/agreements/nope/").status_code == 200


def test_an_if_none_match_of_a_cached_detail_answers_304(client, accord):
    etag = client.get("/api/v1/agreements/accord-one/")["ETag"]
    response = client.get("/api/v1/agreements/accord-one/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_off_by_default_in_the_test_suite_and_without_redis():
    from django.conf import settings as django_settings

    from config import settings as module

    assert module.RESPONSE_CACHE is False
    assert (
        django_settings.MIDDLEWARE.index("core.cache.AnonymousResponseCacheMiddleware")
        == django_settings.MIDDLEWARE.index("core.middleware.RequestContextMiddleware") + 1
    )


def test_a_process_serves_its_recent_responses_from_memory_while_the_generation_holds(
    client, accord, django_assert_num_queries
):
    first = client.get(LIST)
    cache.delete(response_cache._response_key(first.wsgi_request))  # only the generation left
    with django_assert_num_queries(0):
        assert client.get(LIST).content == first.content
    accord.title = "Accord renamed"
    accord.save()  # a new generation: the copy in memory is stale
    assert slugs(client.get(LIST)) == ["accord-one"]
    assert client.get(LIST).json()["results"][0]["title"] == "Accord renamed"


def test_recent_responses_keep_at_most_their_size_dropping_the_least_recent():
    recent = response_cache.RecentResponses(max_bytes=10)
    recent.put("a", ("g", 200, {}, b"aaaa"))
    recent.put("b", ("g", 200, {}, b"bbbb"))
    assert recent.get("a", "g") is not None  # now the most recent
    recent.put("c", ("g", 200, {}, b"cccc"))  # 12 bytes: "b" goes
    assert recent.get("b", "g") is None
    assert recent.get("a", "g") and recent.get("c", "g")
    assert recent.get("a", "another generation") is None
    recent.put("d", ("g", 200, {}, b"x" * 11))  # larger than the whole: not kept
    assert recent.get("d", "g") is None
    assert recent.size == 8


def test_each_address_host_and_format_has_its_own_entry(client, settings, accord):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    plain = client.get(LIST)
    other_host = client.get(LIST, HTTP_HOST="mirror.example")
    assert plain.json()["results"][0]["url"].startswith("http://testserver/")
    assert other_host.json()["results"][0]["url"].startswith("http://mirror.example/")
    assert client.get(LIST, secure=True).json()["results"][0]["url"].startswith("https://")
    assert client.get(LIST, {"kind": "treaty"}).json()["count"] == 0
    assert client.get(LIST, HTTP_ACCEPT="text/csv")["Content-Type"].startswith("text/csv")
    assert client.get(LIST).content == plain.content


def test_a_host_django_refuses_is_refused_even_when_the_address_is_cached(client, accord):
    assert client.get(LIST).status_code == 200
    assert client.get(LIST, HTTP_HOST="evil.example").status_code == 400


def test_a_cached_answer_keeps_the_security_headers_and_gets_its_own_request_id(client, accord):
    first = client.get(LIST)
    second = client.get(LIST)
    for header in ("X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert second[header] == first[header]
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert client.get(LIST, HTTP_X_REQUEST_ID="mine")["X-Request-ID"] == "mine"


def test_cross_origin_callers_get_their_cors_headers_from_the_cache(client, accord):
    assert "Access-Control-Allow-Origin" not in client.get(LIST)
    for _ in range(2):  # computed, then from the cache
        answer = client.get(LIST, HTTP_ORIGIN="https://example.org")
        assert answer["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get(LIST)


def test_a_plain_http_request_is_still_redirected_when_https_is_cached(client, settings, accord):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(LIST, secure=True).status_code == 200
    assert client.get(LIST, secure=True).status_code == 200  # from the cache
    assert client.get(LIST).status_code == 301
