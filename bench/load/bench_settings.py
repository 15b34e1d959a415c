"""The production settings for the load benchmark on loopback (bench/load/run.py), changed only
where plain HTTP on 127.0.0.1 and scripted logins need it. Never for serving real data: the
field keys are the bench's own throwaway values (run.py sets them in the environment)."""

from brobyg.settings.production import *  # noqa: F403

# Logins by a script: password only (the second factor is the one production feature left out).
MFA_REQUIRED = False
# Plain HTTP on loopback: no redirect to HTTPS, cookies without Secure (so no __Host- names).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "brobyg_session"
CSRF_COOKIE_NAME = "brobyg_csrftoken"
# Collected static files of the bench (manifest storage, as in production) outside the worktree.
STATIC_ROOT = "/tmp/brobyg-bench-static"  # noqa: S108 - bench only
