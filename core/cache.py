"""Caches for anonymous reads, all dropped at once by any change to the register.

The **generation** is a token in the cache (Redis in production). Every cached entry records
the generation it was computed in and is used only while the generation is unchanged. A
save or delete of a content model (parties, agreements and what hangs off them, from the
admin, the API, the services or a command), and the services that write with bulk
`update()`, call `invalidate()`: the token is replaced at once and again when the
transaction commits (the second replacement drops what a request may have cached from the
database between the first one and the commit).

Two users of the generation:

- `AnonymousResponseCacheMiddleware`: whole 200 responses to credential-free GETs (no
  session cookie, no Authorization header: the rule of `core.middleware.is_signed_in`), on
  when settings.RESPONSE_CACHE is (by default with Redis). Staff and signed-in callers never
  read from it nor write to it; only anonymous responses enter it, and those show only
  published rows, so drafts never do.
- `CachedCountPaginator`: the number of rows of a paginated list is kept per address and
  reader (`list_count_key()`), so a page of 100,000 agreements does not count them every
  time.
- `cached_per_generation()`: any other value computed from the register (a party page's
  counterparties, chart and network counts), kept under the caller's key. The caller puts
  in the key whatever changes the value besides the data, such as the reader's visibility
  (published rows only, or drafts too for staff).

Counts and values are kept only when settings.COUNT_CACHE is on (off in the test suite,
whose tests change rows behind the ORM's back).
"""

import hashlib
import logging
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.functional import cached_property

from core.middleware import is_signed_in

logger = logging.getLogger(__name__)

GENERATION_KEY = "register:generation"
#: The apps whose rows are shown to readers: a save or delete there invalidates.
CONTENT_APPS = {"parties", "agreements"}
#: Cookies that change what an anonymous page shows (flashed messages).
PERSONAL_COOKIES = {"messages"}


# --- The generation ---------------------------------------------------------------------


def _new_generation():
    token = uuid.uuid4().hex
    try:
        cache.set(GENERATION_KEY, token, None)
    except Exception:  # noqa: BLE001 - a cache outage must not break a write
        logger.exception("could not replace the cache generation")
    return token


def current_generation():
    """The current token (a new one if the cache lost it: nothing older is then valid)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, token, None):
            token = cache.get(GENERATION_KEY, token)
    return token


def invalidate(using=None):
    """Drop every cached response and count, now and again when the transaction commits."""
    _new_generation()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        pending = any(entry[1] is _new_generation for entry in connection.run_on_commit)
        if not pending:
            transaction.on_commit(_new_generation, using=using, robust=True)


def _on_change(sender, using=None, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        invalidate(using)


def _on_m2m_change(sender, action, using=None, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in CONTENT_APPS:
        invalidate(using)


def connect_signals():
    """Called from CoreConfig.ready(): every save or delete of a content model invalidates
    (by app label, so `core` imports neither `parties` nor `agreements`)."""
    post_save.connect(_on_change, dispatch_uid="core.cache.post_save")
    post_delete.connect(_on_change, dispatch_uid="core.cache.post_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="core.cache.m2m_changed")


# --- Counts -----------------------------------------------------------------------------


def cached_per_generation(key_parts, compute):
    """`compute()`, kept in the cache for the current generation under `key_parts` (a tuple
    of plain values naming what is computed, and for whom). Keep the result plain (ids,
    counts, tuples) so it pickles small; a cache outage computes it every time.

    The generation is read before computing: a change committed meanwhile replaces it, so
    a value computed from older rows is stored under a generation already gone."""
    if not settings.COUNT_CACHE:
        return compute()
    digest = hashlib.sha256(repr(tuple(key_parts)).encode()).hexdigest()[:40]
    key = f"value:{digest}"
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
    except Exception:  # noqa: BLE001 - without the cache, compute as usual
        return compute()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    try:
        cache.set(key, (generation, value), settings.RESPONSE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.exception("could not cache a value")
    return value


def list_count_key(request, *, sees_drafts, page_params=("page",)):
    """What names the rows of a paginated list for its reader, to key its count: the
    address, the query without the pagination parameters `page_params`, and whether the
    reader sees drafts. Keyed so, no SQL is compiled to look a count up (1 ms a request)."""
    # By name only: the values of a repeated parameter keep their order, since a filter
    # of one value reads the last one (`?q=a&q=b` is not `?q=b&q=a`).
    query = sorted(
        ((name, tuple(values)) for name, values in request.GET.lists() if name not in page_params),
        key=lambda item: item[0],
    )
    return (request.path, tuple(query), bool(sees_drafts), tuple(page_params))


class CachedCountPaginator(Paginator):
    """A Paginator whose count of a QuerySet is kept per generation under `count_key`
    (`list_count_key()`: what names the list for its reader)."""

    def __init__(self, *args, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "query"):
            return super().count
        model = self.object_list.model._meta.label  # two lists on one page stay apart
        return cached_per_generation(("count", model, *self.count_key), self.object_list.count)


# --- Whole responses --------------------------------------------------------------------


def _response_key(request):
    """The page as the caller asked for it: scheme, host, path, query, Accept (the API
    negotiates JSON or CSV on it) and Origin, as they came (building the absolute address
    took a tenth of a cache hit). Hashed to keep keys short."""
    meta = request.META
    raw = "|".join(
        [
            request.scheme,
            meta.get("HTTP_HOST", ""),
            meta.get("SERVER_NAME", ""),  # the host when a request names none
            meta.get("SERVER_PORT", ""),
            # Django reads these instead of Host when told to (USE_X_FORWARDED_HOST/PORT).
            meta.get("HTTP_X_FORWARDED_HOST", ""),
            meta.get("HTTP_X_FORWARDED_PORT", ""),
            request.path,
            meta.get("QUERY_STRING", ""),
            meta.get("HTTP_ACCEPT", ""),
            meta.get("HTTP_ORIGIN", ""),  # CORS headers are answered per Origin
            request.method,
        ]
    )
    return "response:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def cacheable_request(request):
    return (
        settings.RESPONSE_CACHE
        and request.method == "GET"
        and not is_signed_in(request)
        and not PERSONAL_COOKIES.intersection(request.COOKIES)
    )


def cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False  # the page carries a CSRF token tied to this caller
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class RecentResponses:
    """The cached responses this process served last, at most `max_bytes` of content: a hit
    then reads only the generation token from Redis, not the 50–100 KB entry it would
    transfer and unpickle again. An entry is used only while the generation it was computed
    in is the current one, as in Redis."""

    def __init__(self, max_bytes):
        self.max_bytes, self.size = max_bytes, 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, generation):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != generation:
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry[3])
        if size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += size - (len(old[3]) if old else 0)
            self.entries[key] = entry
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[3])


class AnonymousResponseCacheMiddleware:
    """Serves repeated anonymous GETs from the cache (see the module's docstring).

    Sits just inside the request id and log line, which stay per request; the headers of
    the middleware further in (security, CORS, which depend only on the settings, the
    scheme and the Origin, all in the key) are kept with the response, and everything
    further in is skipped on a hit."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = RecentResponses(settings.RESPONSE_CACHE_LOCAL_BYTES)

    def lookup(self, key):
        """`(generation, entry)`: the current generation, and the entry cached for `key` in
        it (from this process's recent responses when there, else from Redis) or None."""
        generation = cache.get(GENERATION_KEY)
        entry = self.recent.get(key, generation) if generation is not None else None
        if entry is None and generation is not None:
            entry = cache.get(key)
            if entry is not None and entry[0] == generation:
                self.recent.put(key, entry)
            else:
                entry = None
        return generation, entry

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = _response_key(request)
        try:
            generation, entry = self.lookup(key)
        except Exception:  # noqa: BLE001 - without the cache, answer from the database
            logger.exception("response cache unavailable")
            return self.get_response(request)
        if entry is not None:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            etag = response.get("ETag")
            if etag:
                conditional = get_conditional_response(request, etag=etag, response=response)
                if conditional is not response:
                    return conditional
            return response
        generation = generation or current_generation()
        response = self.get_response(request)
        if cacheable_response(request, response):
            try:
                # The status, headers and bytes only: a DRF Response would also pickle its
                # `data`, and rebuilding that on every hit cost half the hit's time.
                entry = (generation, response.status_code, dict(response.items()), response.content)
                cache.set(key, entry, settings.RESPONSE_CACHE_SECONDS)
                self.recent.put(key, entry)
            except Exception:  # noqa: BLE001
                logger.exception("could not cache a response")
        return response
