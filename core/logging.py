import logging

from .requests import request_id


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every log record."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True
