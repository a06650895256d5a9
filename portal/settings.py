"""Settings for the Inclusive Cities Exchange: one module, configured from the environment.

Every variable is optional on a laptop (DEBUG defaults to on, SQLite, console mail,
local-memory cache). With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be set.
"""

from pathlib import Path
from urllib.parse import urlsplit

import xstatic.pkg.leaflet
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

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

INSTALLED_APPS = [
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
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_countries",
    "axes",
    "simple_history",
    "cities",
    "practices",
    "publications",
    "portal",
]

MIDDLEWARE = [
    "core.api.middleware.ApiErrorsAsJsonMiddleware",  # first: it sees every response
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.cache.AnonymousResponseCache",  # after CORS, before everything a hit can skip
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
    # portal's short queries more than it saves.
    STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 30_000)
    if STATEMENT_TIMEOUT_MS < 0:
        raise ImproperlyConfigured("DATABASE_STATEMENT_TIMEOUT_MS must be 0 or more.")
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = (
        f"{_pg_options.get('options', '')} -c statement_timeout={STATEMENT_TIMEOUT_MS} -c jit=off"
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
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
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
LOGIN_REDIRECT_URL = "/my/practices/"
LOGOUT_REDIRECT_URL = "/"

# History (django-simple-history): kept for every change, never reverted from the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Invitations: an invited official sets a password through a link valid this many days.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
# Requests for access accepted per day from one email address and from one client address.
ACCESS_REQUESTS_PER_EMAIL = env_int("ACCESS_REQUESTS_PER_EMAIL", 3)
ACCESS_REQUESTS_PER_IP = env_int("ACCESS_REQUESTS_PER_IP", 10)
# Messages through the contact form accepted per day from one email and one client address.
CONTACT_MESSAGES_PER_EMAIL = env_int("CONTACT_MESSAGES_PER_EMAIL", 3)
CONTACT_MESSAGES_PER_IP = env_int("CONTACT_MESSAGES_PER_IP", 10)

# Login rate limit (django-axes): five failures lock a username from an address for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: documents and images are checked before they are stored.
MAX_DOCUMENT_UPLOAD_BYTES = env_int("MAX_DOCUMENT_UPLOAD_BYTES", 25 * 1024 * 1024)
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_BYTES", 5 * 1024 * 1024)
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Lists count exactly up to this many results; past it, PostgreSQL's estimate is shown as such.
EXACT_COUNT_LIMIT = env_int("EXACT_COUNT_LIMIT", 10_000)

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
        "rest_framework.authentication.TokenAuthentication",
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
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
