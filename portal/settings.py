"""Settings for the Inclusive Cities Exchange: one module, configured from the environment.

Every variable is optional on a laptop (DEBUG defaults to on, SQLite, console mail,
local-memory cache). With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be set.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import xstatic.pkg.leaflet
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import (
    env_bool,
    env_cache,
    env_database,
    env_email,
    env_int,
    env_list,
    env_path,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
else:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

# `make serve`: production settings on plain http at 127.0.0.1, for trying a deployment
# locally. No HTTPS redirect, HSTS or secure-only cookies, and mail may go to files; only
# for loopback host names, so it cannot be left on in a real deployment.
LOCAL_HTTP = env_bool("LOCAL_HTTP", default=False)
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
if LOCAL_HTTP and not set(ALLOWED_HOSTS) <= _LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "LOCAL_HTTP serves plain http: ALLOWED_HOSTS may then only name localhost, "
        "127.0.0.1 or [::1]."
    )

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, so its admin classes and static files win
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_countries",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "cities",
    "practices",
    "publications",
    "portal",
]

MIDDLEWARE = [
    "core.logs.RequestIdMiddleware",  # outermost: every log line of the request carries its id
    "core.api.middleware.ApiErrorsAsJsonMiddleware",  # it sees every response
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.cache.AnonymousResponseCache",  # after CORS, before everything a hit can skip
    "portal.languages.LanguageMiddleware",  # and a first visit's redirect to its language
    "core.api.middleware.ApiLanguageMiddleware",  # after it: /api/'s own rule (lang, header)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.languages.RememberLanguageMiddleware",  # for the mail others' actions send
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.session_limits.SessionLimitsMiddleware",  # after messages: it says why you left
    "portal.two_factor.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
# Off by default: a check is a `SELECT 1` before every request's first query. Without it a
# connection the database dropped fails one request, then the worker reconnects.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Every statement is bounded, so a query whose request gunicorn gave up on stops too
    # (0 turns the limit off, e.g. for a one-off data load). JIT compilation costs the
    # portal's short queries more than it saves. Parallel workers too, by default: each
    # request's queries are bounded, and with a worker process per core a parallel plan only
    # takes a core from another request (starting its workers cost a facet query 20 ms).
    STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 30_000)
    if STATEMENT_TIMEOUT_MS < 0:
        raise ImproperlyConfigured("DATABASE_STATEMENT_TIMEOUT_MS must be 0 or more.")
    PARALLEL_WORKERS = env_int("DATABASE_PARALLEL_WORKERS", 0)
    if PARALLEL_WORKERS < 0:
        raise ImproperlyConfigured("DATABASE_PARALLEL_WORKERS must be 0 or more.")
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = (
        f"{_pg_options.get('options', '')} -c statement_timeout={STATEMENT_TIMEOUT_MS}"
        f" -c jit=off -c max_parallel_workers_per_gather={PARALLEL_WORKERS}"
    ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL")
CACHES = {
    "default": env_cache("REDIS_URL", _redis_url)
    if _redis_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Whole responses to anonymous GETs and facet counts, invalidated on every write (core.cache);
# on by default only with a cache every server shares. 0 turns it off.
RESPONSE_CACHE_SECONDS = env_int("RESPONSE_CACHE_SECONDS", 600 if _redis_url else 0)

_email = env_email("EMAIL_URL", "consolemail://")
# Mail is queued and sent after the transaction commits, in the background (core.mail),
# through the backend EMAIL_URL names.
EMAIL_BACKEND = "core.mail.BackgroundEmailBackend"
EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or None
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Inclusive Cities Exchange <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# URL names, so that each is reversed in the reader's language.
LOGIN_REDIRECT_URL = "practices:mine"
LOGOUT_REDIRECT_URL = "home"

# History (django-simple-history): kept for every change, never reverted from the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Invitations: an invited official sets a password through a link valid this many days.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
# Freshness: a published practice no editor has confirmed for this many months is stale, and
# remind_stale_practices mails its city's officials.
STALE_AFTER_MONTHS = env_int("STALE_AFTER_MONTHS", 24)
# Requests for access accepted per day from one email address and from one client address.
ACCESS_REQUESTS_PER_EMAIL = env_int("ACCESS_REQUESTS_PER_EMAIL", 3)
ACCESS_REQUESTS_PER_IP = env_int("ACCESS_REQUESTS_PER_IP", 10)
# Messages through the contact form accepted per day from one email and one client address.
CONTACT_MESSAGES_PER_EMAIL = env_int("CONTACT_MESSAGES_PER_EMAIL", 3)
CONTACT_MESSAGES_PER_IP = env_int("CONTACT_MESSAGES_PER_IP", 10)

# Password-reset links sent per hour for one email address and from one client address.
PASSWORD_RESETS_PER_EMAIL = env_int("PASSWORD_RESETS_PER_EMAIL", 3)
PASSWORD_RESETS_PER_IP = env_int("PASSWORD_RESETS_PER_IP", 10)

# Proxies in front of the portal that append to X-Forwarded-For (a load balancer: 1). The
# client address every lockout and rate limit counts is the one the outermost of them saw;
# with 0 the header is ignored, since a client may send any.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT failures from one address (whatever the
# user names) or against one account (from whatever addresses) pause signing in there for
# AXES_COOLOFF_HOURS; the page says until when.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(hours=env_int("AXES_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"

# Two-factor sign-in (django-otp: an authenticator app, and recovery codes): staff must
# use it when this is on (by default whenever DEBUG is off); officials may turn it on.
REQUIRE_STAFF_TWO_FACTOR = env_bool("REQUIRE_STAFF_TWO_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = "Inclusive Cities Exchange"

# Sessions: every session ends this long after signing in; a staff session also ends after
# this long without a request.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 7 * 24 * 60 * 60)
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 2 * 60 * 60)

LANGUAGE_CODE = "en"
# Adding a language is a line here and a catalogue in locale/<code>/LC_MESSAGES/django.po.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("nl", _("Dutch")),
]
# Translated content (django-modeltranslation): `title_fr` etc. beside each text, English
# the default. A plain attribute read never gives "" while any language has the text;
# whether a page shows a fallback (and says so) is practices.templatetags.translated's call.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": tuple(code for code, _name in LANGUAGES),
}
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own format (`date:"DATE_FORMAT"`); English's differs from Django's.
# Numbers go through core.formatting instead of USE_THOUSAND_SEPARATOR, which would also
# group years ("2,003").
FORMAT_MODULE_PATH = ["portal.formats"]
# The switcher's choice (portal.languages.choose_language): kept a year, sent on same-site
# navigation only, secure with DEBUG off (below), never read by scripts.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),  # Leaflet from the XStatic-Leaflet package
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", BASE_DIR / "media")
# Files only permission-checking views serve (practices' PDF reports): never under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env_path("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media")
# Where `manage.py export_dump` writes the full data dump that /data/ offers.
DATA_DUMP_DIR = env_path("DATA_DUMP_DIR", BASE_DIR / "data-dumps")
# The licence every export, the dump and the codebook carry.
DATA_LICENCE_NAME = env_str("DATA_LICENCE_NAME", "CC BY 4.0")
DATA_LICENCE_URL = env_str("DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads in an S3-compatible bucket when one is named (django-storages with boto3); the
# portal still serves them at /media/ after its permission check (core.s3). Credentials
# may also come from boto3's own sources (instance role, ~/.aws).
_s3_bucket = env_str("AWS_STORAGE_BUCKET_NAME")
if _s3_bucket:
    _s3_options = {
        "bucket_name": _s3_bucket,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
        "region_name": env_str("AWS_S3_REGION_NAME"),
        "access_key": env_str("AWS_ACCESS_KEY_ID"),
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
        "default_acl": None,  # the bucket's own (private) policy
        "file_overwrite": False,
    }
    _s3_location = env_str("AWS_LOCATION", "").strip("/")
    STORAGES["default"] = {
        "BACKEND": "core.s3.PortalS3Storage",
        "OPTIONS": {**_s3_options, "location": _s3_location},
    }
    # Practices' reports: a folder of their own, which /media/ never serves.
    STORAGES["private"] = {
        "BACKEND": "core.s3.PrivateS3Storage",
        "OPTIONS": {**_s3_options, "location": f"{_s3_location}/private".lstrip("/")},
    }

# Uploads: documents and images are checked before they are stored.
MAX_DOCUMENT_UPLOAD_BYTES = env_int("MAX_DOCUMENT_UPLOAD_BYTES", 25 * 1024 * 1024)
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_BYTES", 5 * 1024 * 1024)
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Lists count exactly up to this many results; past it, PostgreSQL's estimate is shown as such.
EXACT_COUNT_LIMIT = env_int("EXACT_COUNT_LIMIT", 10_000)
# PostgreSQL: the facets of a list with more results are counted over this many (0: all).
FACET_SAMPLE_SIZE = env_int("FACET_SAMPLE_SIZE", 1_000)

# Map tiles for the city map; the list of cities works without them.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")

# Content Security Policy: our own scripts only, no inline script anywhere; map tiles
# may come from the tile server. Inline style attributes stay allowed (the admin and
# Leaflet set some).
_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "a")))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", _tile_origin.replace("://a.", "://*.")],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SITE_NAME = "Inclusive Cities Exchange"
# The portal's public address, for links in mail sent outside a request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Partner API (/api/): anyone reads; a user with a token (issued by editors in the admin)
# may submit practices. Rates are per client: by address anonymously, by user with a token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.PartnerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.renderers.FormatContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PortalPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonymousThrottle",
        "core.api.throttling.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/min"),
        "user": env_str("API_USER_RATE", "600/min"),
    },
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.PortalAutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}

# API tokens (django-rest-knox): stored as a SHA-512 digest, shown once, valid this long.
API_TOKEN_VALID_DAYS = env_int("API_TOKEN_VALID_DAYS", 365)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_VALID_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Inclusive Cities Exchange API",
    "DESCRIPTION": (
        "Practices cities run to include migrants and refugees, the cities and organisations "
        "behind them, and the publications that document them.\n\n"
        "Reading needs no key: lists are paginated (`page`, `page_size` from 1 to 100, or the "
        "`cursor` the `next` and `previous` links carry, which reads on without re-reading "
        "earlier results; `count` is estimated above 10,000 results and "
        "`count_is_estimate` says so), filtered "
        "with the same query parameters as the public lists, and cacheable (`ETag`, "
        "`Last-Modified`). Partners with a token (`Authorization: Token <key>`, issued by the "
        "editors) may submit practices for review. Every error has one shape: `status`, "
        "`code`, `detail` and `errors` per field. Requests are rate-limited per address "
        "(anonymous) or per token; beyond the limit, 429 with `Retry-After`."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "cities.models.Organisation.Kind",
        "PublicationKindEnum": "publications.models.Publication.Kind",
        # One enum for `original_language` and `translations`, not one per field.
        "LanguageEnum": LANGUAGES,
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Without deep links an operation's path is text, not a link nested in its toggle button.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
}

# Anyone may read the API from a browser on another site; nothing else crosses origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not LOCAL_HTTP:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# One line per event on standard error: Django's own loggers only propagate to the root
# handler (by default they also print, so every line came twice). With DEBUG off, one JSON
# object per line. Every record carries its request's id and has secrets redacted.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.logs.RequestIdFilter"},
        "redact_secrets": {"()": "core.logs.RedactSecretsFilter"},
    },
    "formatters": {
        "text": {
            "()": "core.logs.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {
            "()": "core.logs.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
    },
}
