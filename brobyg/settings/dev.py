"""Local demo: SQLite by default, DEBUG on, console e-mail."""

from .base import *  # noqa: F403
from .env import envbool

DEBUG = True

# The demo's quick logins: the seeded users log in with the shared demo password alone (the
# login page says so). Production requires a second factor of everyone.
MFA_REQUIRED = envbool("MFA_REQUIRED", False)
DEMO_QUICK_LOGINS = True
