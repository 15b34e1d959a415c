"""Production: PostgreSQL, HTTPS only, secrets from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import envbool, envint, envstr

DEBUG = False
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")

# CPR is encrypted with keys of its own (core/crypto.py); the public dev keys never serve real data.
FIELD_ENCRYPTION_KEYS = envstr("FIELD_ENCRYPTION_KEYS")
BLIND_INDEX_KEY = envstr("BLIND_INDEX_KEY")
if not FIELD_ENCRYPTION_KEYS or FIELD_ENCRYPTION_KEYS.startswith("dev:") or not BLIND_INDEX_KEY:
    raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY in the environment for production.")

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Database connections: gunicorn's gthread workers keep a fixed pool of threads, each holding
# one persistent connection (CONN_MAX_AGE), checked before reuse (CONN_HEALTH_CHECKS). At most
# WEB_CONCURRENCY × GUNICORN_THREADS connections for the web tier plus one per task worker
# (brobyg/gunicorn.conf.py logs the budget; docs/deploy.md sizes PostgreSQL for it).
for _alias in DATABASES.values():  # noqa: F405
    if _alias["ENGINE"].endswith("postgresql"):
        _alias["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60)
        _alias["CONN_HEALTH_CHECKS"] = True

# Logs: JSON lines without personal data on stderr (journald); audit rows to their own sink.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "brobyg.logging.JsonFormatter"},
        "audit": {"()": "brobyg.logging.AuditLineFormatter"},
        "audit_syslog": {"()": "brobyg.logging.AuditLineFormatter", "prefix": "brobyg-audit: "},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
        "audit": audit_log_handler(envstr("AUDIT_LOG", "syslog")),  # noqa: F405
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "brobyg.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
        # Django's request logger writes the request object into the record; ours keeps the message only.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
