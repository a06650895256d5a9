"""Mail leaves after the response, once its step has committed; failures are logged."""

import logging
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import transaction

import core.mail
from portal.checks import check_mail_is_sent
from tests.factories import UserFactory
from tests.portal.test_settings import load_settings

pytestmark = pytest.mark.django_db

BACKGROUND = "core.mail.BackgroundEmailBackend"


@pytest.fixture
def background_mail(settings):
    """Production's mail path: the background queue in front of a delivery backend."""
    settings.EMAIL_BACKEND = BACKGROUND
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    core.mail._delivery_pool.cache_clear()
    yield settings
    core.mail._delivery_pool().shutdown(wait=True)
    core.mail._delivery_pool.cache_clear()


def wait_for_deliveries() -> None:
    core.mail._delivery_pool().shutdown(wait=True)
    core.mail._delivery_pool.cache_clear()


def test_a_password_reset_does_not_wait_for_the_mail_server(
    visitor, background_mail, django_capture_on_commit_callbacks
):
    background_mail.EMAIL_DELIVERY_BACKEND = "tests.mail_backends.SlowBackend"
    UserFactory(username="official@example.org", email="official@example.org")
    visitor.get("/accounts/password_reset/")  # templates and URLs loaded before timing
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post("/accounts/password_reset/", {"email": "official@example.org"})
    assert response.status_code == 302
    assert time.monotonic() - started < 2.0  # the mail server takes 3 s
    assert mail.outbox == []
    wait_for_deliveries()
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_mail_of_a_step_that_rolls_back_is_never_sent(
    background_mail, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mail.send_mail("Published", "Your practice is published.", None, ["a@example.org"])
        raise RuntimeError("the step fails after its mail")
    assert callbacks == []


def test_a_failed_delivery_is_retried_then_logged_not_raised(settings, caplog):
    settings.EMAIL_BACKEND = BACKGROUND
    settings.EMAIL_DELIVERY_BACKEND = "tests.mail_backends.FailingBackend"
    message = mail.EmailMessage("Reset your password", "…", None, ["official@example.org"])
    with caplog.at_level(logging.WARNING, logger="core.mail"):
        assert core.mail.deliver([message], delays=(0,)) is False
    attempts = [r for r in caplog.records if r.levelno == logging.WARNING]
    (lost,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(attempts) == 2
    assert "Reset your password" in lost.getMessage()
    assert "official@example.org" in lost.getMessage()


@pytest.mark.parametrize(
    "backend", ["console.EmailBackend", "locmem.EmailBackend", "filebased.EmailBackend"]
)
def test_production_with_mail_that_is_not_sent_fails_the_deploy_check(settings, backend):
    settings.DEBUG = False
    settings.LOCAL_HTTP = False
    settings.EMAIL_BACKEND = BACKGROUND
    settings.EMAIL_DELIVERY_BACKEND = f"django.core.mail.backends.{backend}"
    (warning,) = check_mail_is_sent(None)
    assert "EMAIL_URL" in warning.hint
    with pytest.raises(SystemCheckError, match=r"portal\.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "mail")


def test_smtp_and_the_local_mode_pass_the_check(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = BACKGROUND
    settings.LOCAL_HTTP = False
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_mail_is_sent(None) == []
    settings.LOCAL_HTTP = True
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    assert check_mail_is_sent(None) == []


def test_the_local_mode_refuses_a_public_host_name():
    result = load_settings(
        DEBUG="false", LOCAL_HTTP="true", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org"
    )
    assert result.returncode != 0
    assert "LOCAL_HTTP serves plain http" in result.stderr
