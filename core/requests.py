"""Per-request context: a request id for the logs, and whether reads must use the primary."""

import contextvars

request_id = contextvars.ContextVar("request_id", default="-")
reads_from_primary = contextvars.ContextVar("reads_from_primary", default=False)
