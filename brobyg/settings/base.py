"""Settings shared by every environment. SQLite by default so a fresh checkout just works;
PostgreSQL (the database of record) when DATABASE_URL / PG* variables say so."""

from pathlib import Path
from urllib.parse import urlparse

from django.utils.translation import gettext_lazy as _

from .env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Published development-only values: brobyg.settings.production refuses every one of them.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
DEV_FIELD_ENCRYPTION_KEYS = "dev:ZGV2LW9ubHktZmllbGQta2V5LWRvLW5vdC11c2UtISE="
DEV_BLIND_INDEX_KEY = "ZGV2LW9ubHktaW5kZXgta2V5LWRvLW5vdC11c2UtISE="

SECRET_KEY = envstr("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI from our own static files (the CSP forbids CDNs)
    "csp",
    "django_tasks",
    "django_tasks_db",  # durable background jobs (core.tasks, manage.py run_worker)
    "django_otp",  # second factor (accounts/mfa.py): TOTP, recovery codes, passkeys
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "core",
    "tenants",
    "accounts",
    "audit",
    "registry",
    "mapping",
    "pathways",
    "agreements",
    "reports",
    "contracts",
    # the company, market and network half (each app owns its locale/ catalogue)
    "partnerships",
    "accelerator",
    "events",
    "market",
    "plans",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "brobyg.api_json_errors.ApiJsonErrorsMiddleware",  # /api/ answers JSON, errors included
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "core.middleware.RequestContextMiddleware",
    "audit.middleware.DeniedAccessMiddleware",  # refused ids leave an audit row
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "brobyg.urls"
WSGI_APPLICATION = "brobyg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "core.template_backend.DjangoTemplates",  # Django's, aware of the i18n override
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.navigation",
            ],
            # `|date` with a fast path for "d-m-Y", `{% url %}` reversed once per name and
            # `{% translate "literal" %}` kept per language (core/templatetags/fast_*.py, issue 18)
            "builtins": ["core.templatetags.fast_dates", "core.templatetags.fast_urls"],
            "libraries": {"i18n": "core.templatetags.fast_i18n"},
        },
    },
]


POSTGRES_SESSION_OPTIONS = "-c jit=off"
# Parameters bound on the server and a statement prepared from its second run on a connection:
# planning was half of PostgreSQL's CPU in the load mix (9.2–10.8 → 5.0–6.1 ms a request,
# docs/performance.md). Behind PgBouncer it needs 1.21+ with max_prepared_statements set;
# DB_PREPARE_THRESHOLD=0 turns preparing off (docs/deploy.md).
POSTGRES_PREPARED = {"server_side_binding": True, "prepare_threshold": envint("DB_PREPARE_THRESHOLD", 2) or None}


def _database_from_env(variable: str = "DATABASE_URL") -> dict:
    url = envstr(variable)
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    parsed = urlparse(url)
    if parsed.scheme.startswith("sqlite"):
        # sqlite:///relative.db (path "/relative.db") or sqlite:////absolute/path.db ("//absolute…")
        path = parsed.path[1:] if parsed.path.startswith("/") else parsed.path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or BASE_DIR / "db.sqlite3"}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/"),
        "USER": parsed.username or "",
        "PASSWORD": parsed.password or "",
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        # 0 (a connection per request) unless set: runserver starts a thread per request, and
        # persistent connections per thread exhausted PostgreSQL's 100. Production sizes it.
        "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 0),
        # No JIT: it compiled for up to 1.5 s of a 2 s report query and never paid off on
        # these short OLTP and report queries.
        "OPTIONS": {"options": POSTGRES_SESSION_OPTIONS, **POSTGRES_PREPARED},
        "TEST": {"NAME": envstr("TEST_DB_NAME") or None},
    }


DATABASES = {"default": _database_from_env()}
# Optional read replica (streaming replication): reports and analyst pages read from it
# (core.db_router, docs/scaling.md). Unset: everything reads from the primary.
if envstr("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = _database_from_env("REPLICA_DATABASE_URL")
READ_REPLICA = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "accounts.User"
# ModelBackend with the per-request user load as plain SQL (issue 18, accounts/backends.py).
# Sessions signed in through "django.contrib.auth.backends.ModelBackend" before this setting
# changed must sign in again once.
AUTHENTICATION_BACKENDS = ["accounts.backends.UserBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Seasons, months, municipalities, the product's own name … with digits and symbols around
    {"NAME": "accounts.passwords.PredictablePasswordValidator"},
]
# Second factor (accounts/mfa.py). Required by default; only the development settings (the
# demo's quick logins) and the test settings turn it off. A user who enrolled a device is asked
# for it even then.
MFA_REQUIRED = envbool("MFA_REQUIRED", True)
OTP_TOTP_ISSUER = "Brobyg"
OTP_WEBAUTHN_RP_ID = envstr("WEBAUTHN_RP_ID", "localhost")  # the site's host name, e.g. brobyg.kolding.dk
OTP_WEBAUTHN_RP_NAME = "Brobyg"
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist("WEBAUTHN_ORIGINS", "http://localhost:8000")
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second factor after the password
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "brobyg.webauthn"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (accounts/throttle.py): per username across IP addresses and per IP address
# across usernames; past `free` failures each try waits twice as long as the last, up to the cap.
LOGIN_THROTTLE = {
    "user": {"free": 5, "base_seconds": 5, "cap_seconds": 15 * 60},
    "ip": {"free": 20, "base_seconds": 2, "cap_seconds": 15 * 60},
    "forget_after_seconds": 60 * 60,
}
# The client's address behind a reverse proxy (core.middleware.client_ip): the header is read only on
# requests from these proxies, e.g. TRUSTED_PROXY_IPS=127.0.0.1 CLIENT_IP_HEADER=X-Forwarded-For.
TRUSTED_PROXY_IPS = envlist("TRUSTED_PROXY_IPS", "")
CLIENT_IP_HEADER = envstr("CLIENT_IP_HEADER", "")

# Sessions: idle timeout 30 min (cookie age renewed on every request), absolute 12 h
# (enforced by accounts.middleware.SessionLifetimeMiddleware).
SESSION_ENGINE = "core.sessions"  # the database store, its per-request load as plain SQL
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # accounts.middleware renews the idle timeout instead:
SESSION_REFRESH_SECONDS = 60  # at most once a minute
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# dkfds is installed from npm at setup (never copied into the repo); serve what pages use of
# its dist folder. The whole fonts folder is kept: the CSS references every format in it.
_DKFDS_DIST = BASE_DIR / "node_modules" / "dkfds" / "dist"
for _part in ("css", "js", "fonts", "img"):
    if (_DKFDS_DIST / _part).exists():
        STATICFILES_DIRS.append((f"dkfds/{_part}", _DKFDS_DIST / _part))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "brobyg@localhost")
# The SMTP relay (production's backend): the municipality's mail server, with STARTTLS.
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Encryption of CPR at rest (core/crypto.py). The defaults are public dev-only keys; production
# settings refuse to start without real ones. Generate with: python -c "from core.crypto import new_key; print(new_key())"
FIELD_ENCRYPTION_KEYS = envstr("FIELD_ENCRYPTION_KEYS", DEV_FIELD_ENCRYPTION_KEYS)
BLIND_INDEX_KEY = envstr("BLIND_INDEX_KEY", DEV_BLIND_INDEX_KEY)

# Citizens' personal data is erased this many years after their last exit (or last referral
# decision when never enrolled); see pathways/privacy.py and docs/privacy.md.
PATHWAY_RETENTION_YEARS = envint("PATHWAY_RETENTION_YEARS", 5)

# Uploaded import files are read in memory up to this size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# Imports above this many rows run as a background job with a progress view.
IMPORT_BACKGROUND_ROWS = envint("IMPORT_BACKGROUND_ROWS", 2000)
# An import is checked and staged this many rows at a time: its memory does not grow with the file.
IMPORT_BATCH_ROWS = envint("IMPORT_BATCH_ROWS", 5000)
# Mapping and evaluation report PDFs with more table rows than this are made by the worker with a
# progress page (core.pdf_jobs); smaller ones download at once.
PDF_BACKGROUND_ROWS = envint("PDF_BACKGROUND_ROWS", 400)

# Background jobs (core.tasks): django-tasks stored in the database, run by `manage.py run_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", 10)
# A running job whose worker has not beaten for this long is lost: failed, then retried.
WORKER_LEASE_SECONDS = envint("WORKER_LEASE_SECONDS", 60)
JOB_RETRY_BACKOFF_SECONDS = envint("JOB_RETRY_BACKOFF_SECONDS", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
    # Every audit row as a JSON line (audit.services); production sends it to its own sink.
    "loggers": {"brobyg.audit": {"handlers": [], "level": "INFO", "propagate": False}},
}


def audit_log_handler(target: str) -> dict:
    """The audit sink: "syslog" (the local syslog socket, else UDP to localhost:514) or a file
    path (reopened when logrotate moves it)."""
    if target != "syslog":
        return {"class": "logging.handlers.WatchedFileHandler", "filename": target, "formatter": "audit"}
    address = "/dev/log" if Path("/dev/log").exists() else ("localhost", 514)
    return {
        "class": "logging.handlers.SysLogHandler",
        "address": address,
        "facility": "local0",
        "formatter": "audit_syslog",
    }
