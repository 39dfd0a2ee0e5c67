import gc
import os

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
