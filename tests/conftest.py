"""Named personas and site-wide test settings.

- `visitor`: an anonymous browser.
- `official`: an official of The Hague who submits practices (`official_client`).
- `editor`: a staff member in the Editors group (`editor_client`).
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests.factories import CityFactory, OfficialFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Hashed static names need collectstatic; tests serve static files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.DATA_DUMP_DIR = tmp_path / "data-dumps"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Hashing persona passwords with PBKDF2 costs most of a second per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Whole-response caching is on with REDIS_URL; the tests that cache turn it on.
    settings.RESPONSE_CACHE_SECONDS = 0
    cache.clear()
    # A request leaves its language active in the thread: each test starts in English, or
    # texts saved outside a request would land in the last page's language (`title_nl`).
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()


@pytest.fixture
def the_hague(db):
    return CityFactory(
        name="The Hague", slug="the-hague", country="NL", latitude=52.07667, longitude=4.29861
    )


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def official(the_hague):
    return OfficialFactory(
        user=UserFactory(username="official@example.org", email="official@example.org"),
        city=the_hague,
    ).user


@pytest.fixture
def official_client(official):
    client = Client()
    client.force_login(official)
    return client


@pytest.fixture
def editor(db):
    from portal.accounts import ensure_editors_group

    user = UserFactory(username="editor@example.org", email="editor@example.org", is_staff=True)
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def failing_mail(settings):
    """The mail server refuses every message (see tests/mail_backends.py)."""
    settings.EMAIL_BACKEND = "tests.mail_backends.FailingBackend"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A file, not memory, for the SQLite test database.

    With an in-memory database the live server's request threads and the test share one
    SQLite connection. Our ICE_FOLD function is Python: a query running it holds SQLite's
    connection mutex while it waits for the GIL, and a thread holding the GIL waits for that
    mutex in sqlite3's bookkeeping calls — the browser tests then hang for good. A file gives
    every thread its own connection, as in production. It lives in memory-backed /dev/shm
    where there is one, so commits cost no disk flush.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        shm = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private, randomly named folder
        folder = Path(tempfile.mkdtemp(dir=shm if shm.is_dir() else None, prefix="ice-tests-"))
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")
        yield
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield
