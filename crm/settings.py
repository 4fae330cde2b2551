"""Settings, all from the environment (see README "Configuration").

Production defaults are the safe ones: DEBUG off, secure cookies, HSTS, strict CSP, and a
configuration error (one line naming the variable) when something required is missing.
`make run` writes a local `.env` with DEBUG=1, SQLite and the filesystem broker.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from crm.config import (
    ConfigError,
    broker_url,
    database_config,
    email_config,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    filesystem_broker_options,
    require_hosts,
)

BASE_DIR = Path(__file__).resolve().parent.parent
environ.Env.read_env(BASE_DIR / ".env")  # never overrides variables already set

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-only-key" if DEBUG else None)
if not SECRET_KEY:
    raise ConfigError("SECRET_KEY", "is not set (required when DEBUG is off)")

ALLOWED_HOSTS = require_hosts(
    env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else []), debug=DEBUG
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "crm.accounts.admin_apps.CrmAdminConfig",  # django.contrib.admin, scoped
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_filters",
    "ninja",
    "axes",
    "csp",
    "crm.accounts",
    "crm.core",
    "crm.employers",
    "crm.candidates",
    "crm.matching",
    "crm.placements",
    "crm.reports",
    "crm.home",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "crm.core.middleware.NoStoreMiddleware",  # below WhiteNoise: static files stay cacheable
    "crm.core.middleware.DatabaseUnavailableMiddleware",  # above anything using the database
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crm.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "crm.core.middleware.IdempotencyMiddleware",  # below CSRF, auth and messages
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crm.urls"
WSGI_APPLICATION = "crm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "crm.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": database_config(f"sqlite:///{BASE_DIR / 'db.sqlite3'}" if DEBUG else None)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "crm.accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (crm/accounts/throttling.py): after AXES_FAILURE_LIMIT failures for one
# username from one address, or AXES_IP_FAILURE_LIMIT failures from one address whatever the
# usernames (password spraying), that combination or address waits AXES_COOLOFF_MINUTES; a
# success forgets that user's failures from that address.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "crm.accounts.throttling.LoginThrottleHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20)
if not 0 < AXES_FAILURE_LIMIT <= AXES_IP_FAILURE_LIMIT:
    raise ConfigError(
        "AXES_IP_FAILURE_LIMIT", "must be at least AXES_FAILURE_LIMIT (and both above 0)"
    )
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_LOCKOUT_CALLABLE = "crm.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_VERBOSE = False

# Internationalisation: Finnish first.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

# Security: cookies and transport. Behind a TLS proxy set SECURE_PROXY_SSL_HEADER=1.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: only our own files; no inline scripts, no third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Permissions-Policy: the CRM uses no device or sensor API, so no page (nor anything injected
# into one) may ask for them.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# E-mail: console by default; EMAIL_URL=smtp+tls://user:pass@host:587 in production.
_email = email_config("consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH", "")
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Askel CRM <noreply@localhost>")

# The key of the pseudonyms in the evaluation extract (crm/reports): the same person gets the
# same pseudonym in every extract while the key stays the same. Without it the extract refuses.
EVALUATION_PSEUDONYM_KEY = env_secret("EVALUATION_PSEUDONYM_KEY", min_length=32)

# Celery: a real worker everywhere; filesystem transport needs no server.
CELERY_BROKER_URL = broker_url("filesystem://")
# A save that queues a task must not wait for a broker that is down or hanging: one attempt to
# publish, a one-second connect timeout and a short socket timeout. The enqueue is wrapped so
# the save stands and a line is logged (crm/matching/tasks.py); what was not queued is
# recomputed on demand. The worker's own connection keeps retrying (broker_connection_*).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,  # publishing: one connection attempt, no retry loop
    "socket_connect_timeout": 1,  # Redis
    "socket_timeout": 2,  # Redis: longer than the worker's 1 s BRPOP
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(BASE_DIR) | {"max_retries": 0}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "daily-digest": {
        "task": "crm.core.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    "forget-submissions": {
        "task": "crm.core.tasks.purge_idempotent_requests",
        "schedule": crontab(minute=40),  # hourly
    },
    "support-due-dates": {
        "task": "crm.placements.tasks.refresh_support_due_dates",
        "schedule": crontab(hour=5, minute=45),
    },
    "retention-policy": {
        "task": "crm.candidates.tasks.apply_retention_policy",
        "schedule": crontab(hour=3, minute=15),
    },
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Sections of the morning digest e-mail, in order (see crm/core/digest.py).
DIGEST_SECTIONS = [
    "crm.employers.digest.follow_ups_due",
    "crm.placements.digest.support_contacts_due",
    "crm.core.digest.expiring_api_tokens",
]
