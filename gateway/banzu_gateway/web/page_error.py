"""How a page ends with an error page; raised by the pages, the session checks and the API client
alike, and answered by the site's error handler."""
from __future__ import annotations


class PageError(Exception):
    """Ends a page with an error page: `status` and the catalogue key of the message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message
