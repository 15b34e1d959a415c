"""Production: PostgreSQL, HTTPS only, secrets from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import envbool, envint, envlist, envstr
from .hardening import field_keys_problem, secret_key_problem

DEBUG = False
# Short or published secrets are refused (brobyg/settings/hardening.py); so are the public dev
# keys of the CPR encryption (core/crypto.py), which never serve real data.
SECRET_KEY = envstr("SECRET_KEY")
FIELD_ENCRYPTION_KEYS = envstr("FIELD_ENCRYPTION_KEYS")
BLIND_INDEX_KEY = envstr("BLIND_INDEX_KEY")
for _problem in (secret_key_problem(SECRET_KEY), field_keys_problem(FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY)):
    if _problem:
        raise ImproperlyConfigured(_problem)

# A second factor for every user (accounts/mfa.py); the demo's password-only logins exist only
# under the development settings.
MFA_REQUIRED = True
# Passkeys are bound to the site's host name; by default the first of ALLOWED_HOSTS over HTTPS.
OTP_WEBAUTHN_RP_ID = envstr("WEBAUTHN_RP_ID", ALLOWED_HOSTS[0] if ALLOWED_HOSTS else "")  # noqa: F405
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist("WEBAUTHN_ORIGINS", f"https://{OTP_WEBAUTHN_RP_ID}")
# __Host- cookies: Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or read them.
SESSION_COOKIE_NAME = "__Host-brobyg_session"
CSRF_COOKIE_NAME = "__Host-brobyg_csrftoken"

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
