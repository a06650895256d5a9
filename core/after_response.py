"""Work a response does once its body is sent: the client never waits for it.

WSGI servers (gunicorn, runserver) and Django's test client call `close()` on every
response after sending it; the job runs there, in the same thread, with the request's
database connection still open.
"""

import logging
from collections.abc import Callable

from django.http import HttpResponseRedirect

logger = logging.getLogger(__name__)


class RedirectThenRun(HttpResponseRedirect):
    """A redirect that runs `job` after it has been sent. A failing job is logged only."""

    def __init__(self, url: str, *, job: Callable[[], object]):
        super().__init__(url)
        self._job = job

    def close(self) -> None:
        try:
            self._job()
        except Exception:
            logger.exception("Work after the response failed")
        finally:
            super().close()
