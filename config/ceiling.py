"""The benchmark's ceiling: a bare view that returns a precomputed 60 KB JSON body through
the whole middleware stack. `make bench` compares every request kind with it.

Mounted at /bench/ceiling/ only when the environment has BENCH_CEILING=1 (config/urls.py);
a production server never sets it, so the address answers 404 there.
"""

import json

from django.http import HttpResponse

#: About 60 KB of JSON, built once per process.
BODY = json.dumps(
    {"results": [{"id": n, "title": f"Agreement {n:05d}", "text": "x" * 560} for n in range(100)]}
).encode()


def ceiling(request):
    return HttpResponse(BODY, content_type="application/json")


def enabled(environ) -> bool:
    return environ.get("BENCH_CEILING", "").strip() == "1"
