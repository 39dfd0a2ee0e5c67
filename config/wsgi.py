import gc
import os

from django.core.signals import request_finished
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

#: Objects a request must leave in the youngest generation for a pass after it (an API
#: detail leaves ~180, a filtered list ~1,700, a cached response ~40).
YOUNG_OBJECTS_WORTH_A_PASS = 100


def collect_what_the_request_left(**kwargs):
    """After each response is sent, the collector's young generations: ~1,400 objects of an
    API request are reachable only through reference cycles (DRF's view, request, response
    and serializers; a FilterSet, its filters and form) and the rows they hold, so only the
    collector frees them. Left to its thresholds, it ran mid-request, promoted the objects
    of the request in flight and later stopped a worker for 5-11 ms to walk them (a pass
    every ~15 requests; 0.63 ms a request in all). Collected here they are young and few:
    ~0.15 ms a request, no long pauses (README "Performance"). A request that left few
    (a cached response) is left to the thresholds."""
    if gc.get_count()[0] > YOUNG_OBJECTS_WORTH_A_PASS:
        gc.collect(1)


request_finished.connect(collect_what_the_request_left, dispatch_uid="config.wsgi.collect")
