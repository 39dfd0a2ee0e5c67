"""Random query strings never crash a public list, search page, feed or API list: the
answer is a page, a 400 with the error, a redirect or a 404 — never a 500.

Hypothesis builds query strings from the real parameter names and from noise: any
Unicode text, numbers that overflow, dates that do not exist, repeated keys, stray
`%`, `&`, `=` and `;`, bytes that are not UTF-8. 60 examples per endpoint; on CI the
examples are derandomised so a run is reproducible."""

import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_user

pytestmark = pytest.mark.django_db

EXAMPLES_PER_ENDPOINT = int(os.environ.get("FUZZ_EXAMPLES", "60"))  # more: FUZZ_EXAMPLES=500

PAGES = [
    "/agreements/",
    "/parties/",
    "/search/",
    "/events/",
    "/sectors/",
    "/feeds/agreements/",
    "/feeds/parties/republic-of-peru/",
    "/feeds/sectors/defense/",
]
API_LISTS = [
    "/api/v1/agreements/",
    "/api/v1/parties/",
    "/api/v1/events/",
    "/api/v1/sectors/",
    "/api/v1/sources/",
    "/api/v1/search/",
]
PARAMETERS = [
    "q", "kind", "status", "sector", "event", "party", "country", "role", "signed_after",
    "signed_before", "value_min", "value_max", "currency", "publication", "ordering",
    "parent", "page", "page_size", "format", "type",
]  # fmt: skip
INTERESTING = [
    "", "0", "-1", "1e309", "NaN", "Infinity", "9" * 40, "-0.0", "2024-02-30", "2024-13-45",
    "0000-00-00", "9999-12-31", "republic-of-peru", "republic-of-korea", "defense", "KR",
    "kr", "XX", "USD", "usd", "-signed_on", "title,-value_amount", "signed_on,,", "csv",
    "json", "xml", "api", "published", "draft", "\x00", "%", "%00", "../../etc/passwd",
    "' OR 1=1 --", "<script>", "대한민국", "perú", "\u202e", "🤝" * 20, "a" * 2000,
]  # fmt: skip

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
value = st.one_of(st.sampled_from(INTERESTING), text, st.integers().map(str))
key = st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(PARAMETERS), text)  # mostly real
# Pairs percent-encoded as a browser would, and raw ASCII noise (stray %, &, =, ;, + …).
encoded_pair = st.tuples(key, value).map(lambda kv: f"{quote(kv[0])}={quote(kv[1])}")
raw_noise = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="#"),
    max_size=30,
)
invalid_utf8 = st.binary(min_size=1, max_size=8).map(
    lambda data: "".join(f"%{byte:02X}" for byte in data)
)
query_strings = st.lists(st.one_of(encoded_pair, raw_noise, invalid_utf8), max_size=6).map("&".join)

FUZZ = settings(
    max_examples=EXAMPLES_PER_ENDPOINT,
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def assert_no_server_error(client, path, query):
    """The answer, after any redirect (a list drops blank filters by redirecting)."""
    response = client.get(f"{path}?{query}", follow=True)
    assert response.status_code < 500, (path, query, response.status_code)
    return response


@pytest.mark.parametrize("path", PAGES + API_LISTS)
def test_random_query_strings_never_give_a_server_error(client, demo, path):
    @FUZZ
    @given(query=query_strings)
    def run(query):
        assert_no_server_error(client, path, query)

    run()


@pytest.mark.parametrize("path", ["/agreements/", "/api/v1/agreements/", "/api/v1/parties/"])
def test_random_query_strings_never_give_a_server_error_to_staff(client, demo, path):
    """Staff see drafts and may filter on `publication`: another code path."""
    client.force_login(make_user(username="fuzz-staff", is_staff=True, is_superuser=True))

    @FUZZ
    @given(query=query_strings)
    def run(query):
        assert_no_server_error(client, path, query)

    run()
