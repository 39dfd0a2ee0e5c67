import gc
import os

from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Building the URL resolver's reverse tables imports the URLconf and every view it names,
# as the first request would have done.
get_resolver().reverse_dict  # noqa: B018 - for that side effect
# What is loaded by now (Django, the apps, the views: ~110,000 objects) lives as long as
# the worker. Frozen, it is left out of the collector's full passes, which otherwise
# stopped a worker for ~37 ms every ~100 API requests; ~3 ms now (README "Performance").
gc.freeze()

#: Objects a request must leave in the youngest generation for a pass before the next one
#: (an API detail leaves ~180, a filtered list ~1,700, a cached response ~40).
YOUNG_OBJECTS_WORTH_A_PASS = 100


def collect_what_the_last_request_left(**kwargs):
    """Before each request, the collector's young generations over what the one before left:
    ~1,400 objects of an API request are reachable only through reference cycles (DRF's
    view, request, response and serializers; a FilterSet, its filters and form) and hold the
    rows they read, so only the collector frees them. Left to its thresholds, it ran
    mid-request, promoted the request in flight and later stopped a worker for 5-14 ms to
    walk it again (a pass every ~15 requests). Here, the request before is over and
    unreachable: its objects are young and freed at once (~0.3 ms). Not at the end of a
    request: its response is still being closed then, so everything it holds would survive
    into the oldest generation. A request that left few (a cached response) is left to the
    thresholds."""
    if gc.get_count()[0] > YOUNG_OBJECTS_WORTH_A_PASS:
        gc.collect(1)


request_started.connect(collect_what_the_last_request_left, dispatch_uid="config.wsgi.collect")
