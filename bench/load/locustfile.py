"""Load mix for bench/load/run.py: logged-in users of five roles on their daily pages, and an
anonymous /healthz user for the server's floor. Run through run.py, which starts the server,
logs the users in and passes their session cookies and each role's pages in BENCH_SESSIONS (a
JSON file {"sessions": {role: [session key, ...]}, "pages": {role: [path, ...]}}), so neither
password hashing nor looking for pages happens during the measurement.

Each user requests its role's pages at random without pausing (a closed loop: the throughput is
what the server gives) or, with BENCH_RATE_PER_USER, at that rate (an open loop). Requests are
grouped by URL shape (ids replaced by <id>).

BENCH_CLIENT=fast (run.py --client fast) uses locust's FastHttpUser (geventhttpclient) instead of
python-requests: the load generator shares the server's cores, and the cheaper client leaves
more of them to the server."""

import itertools
import json
import os
import random
import time
from http.cookiejar import Cookie

import gevent
from locust import FastHttpUser, HttpUser, constant, task
from mix import shape


def _setup() -> dict:
    path = os.environ.get("BENCH_SESSIONS")
    if not path:
        return {"sessions": {}, "pages": {}}
    with open(path) as handle:
        return json.load(handle)


SETUP = _setup()
SESSIONS = {role: itertools.cycle(keys) for role, keys in SETUP["sessions"].items()}
PAGES = SETUP["pages"]  # {role: [path, ...]}: found once by run.py (mix.discover_pages)
# BENCH_RATE_PER_USER (set by run.py --rate): an open loop, each page user offering that many
# requests a second whatever the answers' speed; unset: a closed loop without pauses.
RATE_PER_USER = float(os.environ.get("BENCH_RATE_PER_USER") or 0)
SESSION_COOKIE = os.environ.get("BENCH_SESSION_COOKIE", "brobyg_session")


FAST = os.environ.get("BENCH_CLIENT") == "fast"
BaseUser = FastHttpUser if FAST else HttpUser


def _session_cookie(key: str) -> Cookie:
    """The session cookie for FastHttpUser's cookie jar (loopback host, any path)."""
    return Cookie(
        0, SESSION_COOKIE, key, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}
    )


class RoleUser(BaseUser):
    abstract = True
    role = ""

    def wait_time(self) -> float:
        """Closed loop: no pause. Open loop (BENCH_RATE_PER_USER): Poisson arrivals, each user's
        next request an exponentially distributed interval after its previous one was due,
        whatever the answers' speed. Summed over the users that is the offered rate spread at
        random, as independent people would click. (locust's constant_throughput counts from the
        moment the users are created, all at once: it sent them in bursts of every user at the
        same instant, one burst per interval.)"""
        if not RATE_PER_USER:
            return 0
        self.due += random.expovariate(RATE_PER_USER)  # noqa: S311 - a load mix
        return max(0.0, self.due - time.monotonic())

    def on_start(self):
        key = next(SESSIONS[self.role])
        if FAST:
            self.client.cookiejar.set_cookie(_session_cookie(key))
        else:
            self.client.cookies.set(SESSION_COOKIE, key)
        self.pages = PAGES[self.role]
        self.due = time.monotonic()
        gevent.sleep(self.wait_time())  # open loop: the first request is a random interval away too

    @task
    def page(self):
        path = random.choice(self.pages)  # noqa: S311 - a load mix, not a secret
        with self.client.get(path, name=shape(path), catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class Caseworker(RoleUser):
    role = "caseworker"


class Provider(RoleUser):
    role = "provider"


class Consultant(RoleUser):
    role = "consultant"


class Analyst(RoleUser):
    role = "analyst"


class Procurement(RoleUser):
    role = "procurement"


class Healthz(BaseUser):
    """The floor: the same server, the same middleware stack, no database and no template."""

    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz")
