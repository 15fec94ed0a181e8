"""Settings for bjdigital: one module, driven by environment variables.

Local defaults are safe for a developer's machine (SQLite, DEBUG on, localhost only).
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from bjdigital.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Off unless set: a forgotten variable must never serve debug pages (`make run` sets it on).
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-local-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    # The project's apps, bottom layer first (the layers contract in pyproject.toml):
    "core",  # shared kernel: base models, data registry, page cache, history admin, list view
    "sources",  # the documents every statement cites
    "districts",  # regions, industries, brands, featured industries, sites
    "indicators",  # indicators and figures, their write path and reads
    "ingestion",  # report ingestion: stored texts, candidate figures, review and publishing
    "releases",  # numbered, frozen data releases with changelogs and downloads; chart embeds
    "api",  # the read-only JSON API under /api/v1/ (DRF + drf-spectacular), citations
    "pages",  # public pages combining regions, sources and figures
    # The API's schema and Swagger UI's files (vendored static files, no CDN). Django REST
    # framework itself is deliberately not an installed app: the API uses none of its templates,
    # and its translations would replace Django's own on every form ("该字段是必填项").
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # With i18n_patterns(prefix_default_language=False), Django takes the language from the path
    # alone: /en/... is English, every other address the default Chinese, whatever the browser's
    # Accept-Language says (tests/test_i18n.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login before Django's own backend does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_COOLOFF_HOURS", 1)  # hours until a lockout lifts
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How many reverse proxies of ours stand in front of the app (the shipped nginx: one). The client's
# address is the one the outermost of them saw, never what the client wrote itself
# (core/clientip.py); 0 means the socket's address (gunicorn with no proxy).
TRUSTED_PROXIES = env_int("DJANGO_TRUSTED_PROXIES", 0 if DEBUG else 1)
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# Spreadsheet import (django-import-export; files read by indicators/spreadsheets.py): whoever may
# add a figure may import figures; a row that changes an existing figure needs "change".
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "indicators.spreadsheets.PreviewStorage"
IMPORT_MAX_BYTES = env_int("DJANGO_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("DJANGO_IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = env_int("DJANGO_IMPORT_MAX_COLUMNS", 30)
IMPORT_MAX_CELL_CHARS = env_int("DJANGO_IMPORT_MAX_CELL_CHARS", 10_000)
IMPORT_MAX_UNPACKED_BYTES = env_int("DJANGO_IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env_int("DJANGO_IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_SECONDS = env_int("DJANGO_IMPORT_MAX_SECONDS", 100)  # below GUNICORN_TIMEOUT (120 s)
IMPORT_PREVIEW_SECONDS = env_int("DJANGO_IMPORT_PREVIEW_SECONDS", 3600)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

ROOT_URLCONF = "bjdigital.urls"
# /compare/ with no selection (regions that no longer exist are skipped; with fewer than two
# left, the city's first three districts and zones by order).
DEFAULT_COMPARISON = env_list("DJANGO_DEFAULT_COMPARISON", ["haidian", "chaoyang", "yizhuang"])
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "bjdigital.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections, checked before each request reuses one: after PostgreSQL
        # restarts, the next request reconnects instead of failing.
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast (an error page) rather than hang when the database cannot be reached.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DJANGO_DB_CONNECT_TIMEOUT", 5)
    )

# Public pages are cached; any change to the data invalidates them (core/caching.py).
# Local memory by default; set DJANGO_CACHE_URL=redis://host:6379/1 to share one cache between
# several app servers.
CACHE_URL = env_str("DJANGO_CACHE_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "core.redis_cache.RedisCache",  # one client per pool (see there)
            "LOCATION": CACHE_URL,
            # An unreachable Redis fails fast; pages are then served uncached (core/caching.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bjdigital"}
    )
}
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"DJANGO_CACHE_URL={CACHE_URL!r}: only redis://, rediss:// and unix:// are supported."
    )
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600)

# Report ingestion (ingestion/readers.py): what an uploaded report may be.
# Below nginx's 7 MB body limit for /admin/ (deploy/nginx-bjdigital.conf).
INGESTION_MAX_UPLOAD_BYTES = env_int("DJANGO_INGESTION_MAX_UPLOAD_BYTES", 6 * 1024 * 1024)
INGESTION_MAX_TEXT_CHARS = env_int("DJANGO_INGESTION_MAX_TEXT_CHARS", 2_000_000)
INGESTION_MAX_PDF_PAGES = env_int("DJANGO_INGESTION_MAX_PDF_PAGES", 500)
INGESTION_MAX_UNPACKED_BYTES = env_int("DJANGO_INGESTION_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
INGESTION_MAX_ZIP_ENTRIES = env_int("DJANGO_INGESTION_MAX_ZIP_ENTRIES", 2_000)
# An import preview waits for its confirmation in a cache every worker reaches: the default one
# when it is Redis; on one server without Redis, files in DJANGO_IMPORT_PREVIEW_DIR.
IMPORT_PREVIEW_DIR = env_str("DJANGO_IMPORT_PREVIEW_DIR")
if IMPORT_PREVIEW_DIR:
    CACHES["import_previews"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": IMPORT_PREVIEW_DIR,
    }
    IMPORT_PREVIEW_CACHE = "import_previews"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese is the default language; English lives under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names with DEBUG off (collectstatic); plain files while developing.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security --------------------------------------------------------------------------------
# Secure is the default with DEBUG off; an operator turns a piece off explicitly (for instance
# DJANGO_SECURE_SSL_REDIRECT=0 when nginx already redirects to HTTPS).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", not DEBUG):
    # nginx in front sets X-Forwarded-Proto; see deploy/nginx-bjdigital.conf.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# No inline script or style, nothing from another host: Chart.js is served from our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    ]
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/lean.html"

# --- The JSON API (api/) and data releases (releases/) ---------------------------------------
# Read-only, public, no sessions: no authentication (so no CSRF), JSON only, rate-limited per
# client address (core.clientip, behind DJANGO_TRUSTED_PROXIES), errors as JSON naming the
# parameter (api/errors.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("DJANGO_API_RATE", "120/minute")},
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "bjdigital API",
    "DESCRIPTION": (
        "Beijing's 'one district, one brand' digital-economy figures, each statement with its "
        "source and verbatim quote. Read-only; see the README, section 'API'."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "districts.models.RegionKind",
        "SourceKindEnum": "sources.models.SourceKind",
        "FigureKindEnum": "indicators.choices.Kind",
        "QualifierEnum": "indicators.choices.Qualifier",
    },
}
# Every page's footer names the data release it shows (releases/context_processors.py).
TEMPLATES[0]["OPTIONS"]["context_processors"].append("releases.context_processors.data_release")
