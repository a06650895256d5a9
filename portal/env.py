"""Typed readers for configuration from the environment.

Each reader names the variable when a value is malformed, so a broken
deployment fails at start-up with a message that says what to fix.
"""

import os
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = _raw(name)
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"{name} must be set.")
    return default


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
    value = _raw(name)
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    if items:
        return items
    if required:
        raise ImproperlyConfigured(f"{name} must be set (a comma-separated list).")
    return list(default or [])


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return Path(value) if value else default


def _parse_url(name: str, parse, default: str) -> dict[str, Any]:
    value = _raw(name) or default
    try:
        return parse(value)
    except Exception as error:  # the parsers raise several unrelated types
        raise ImproperlyConfigured(f"{name} is not a valid URL ({error}).") from None


def env_database(name: str, default: str) -> dict[str, Any]:
    config = _parse_url(name, environ.Env.db_url_config, default)
    scheme = (_raw(name) or default).split(":", 1)[0]
    if scheme not in environ.Env.DB_SCHEMES:
        raise ImproperlyConfigured(f"{name} uses a database scheme Django cannot serve.")
    return config


def env_cache(name: str, default: str) -> dict[str, Any]:
    return _parse_url(name, environ.Env.cache_url_config, default)


def env_email(name: str, default: str) -> dict[str, Any]:
    return _parse_url(name, environ.Env.email_url_config, default)
