"""Load mix for bench/load/run.py: logged-in users of five roles on their daily pages, and an
anonymous /healthz user for the server's floor. Run through run.py, which starts the server,
logs the users in and passes their session cookies in BENCH_SESSIONS (a JSON file
{role: [session key, ...]}), so no password hashing happens during the measurement.

Each user fetches its role's start pages once, collects links to detail pages from them and
then requests pages at random from that set without pausing (a closed loop: the throughput is
what the server gives). Requests are grouped by URL shape (ids replaced by <id>).

BENCH_CLIENT=fast (run.py --client fast) uses locust's FastHttpUser (geventhttpclient) instead of
python-requests: the load generator shares the server's cores, and the cheaper client leaves
more of them to the server."""

import itertools
import json
import os
import random
import re
from http.cookiejar import Cookie
from urllib.parse import urlsplit

from locust import FastHttpUser, HttpUser, constant, constant_throughput, task
from mix import DETAILS_PER_PATTERN, HREF, MIX, UUID, shape


def _sessions() -> dict[str, itertools.cycle]:
    path = os.environ.get("BENCH_SESSIONS")
    if not path:
        return {}
    with open(path) as handle:
        return {role: itertools.cycle(keys) for role, keys in json.load(handle).items()}


SESSIONS = _sessions()
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
    wait_time = constant_throughput(RATE_PER_USER) if RATE_PER_USER else constant(0)

    def on_start(self):
        key = next(SESSIONS[self.role])
        if FAST:
            self.client.cookiejar.set_cookie(_session_cookie(key))
        else:
            self.client.cookies.set(SESSION_COOKIE, key)
        starts, detail_patterns = MIX[self.role]
        patterns = [re.compile(p.format(id=UUID.pattern)) for p in detail_patterns]
        found: dict[re.Pattern, list[str]] = {p: [] for p in patterns}
        self.pages = []
        for start in starts:
            # A start page that redirects (the mapping report to the user's municipality) counts
            # as its target; the redirect is followed here, as both clients report it alike.
            path = start
            with self.client.get(path, name=shape(path), catch_response=True, allow_redirects=False) as response:
                location = urlsplit(response.headers.get("Location", ""))
                if response.status_code == 302 and not location.path.startswith("/konto/login/"):
                    path = location.path + (f"?{location.query}" if location.query else "")
                response.success()  # judged below, on the page itself
            with self.client.get(path, name=shape(path), catch_response=True, allow_redirects=False) as response:
                if response.status_code != 200:
                    response.failure(f"start page {path}: {response.status_code}")
                    continue
                self.pages.append(path)
                for href in HREF.findall(response.text):
                    for pattern in patterns:
                        if pattern.match(href) and href not in found[pattern]:
                            found[pattern].append(href)
        for links in found.values():
            # Only pages the user may open: a citizen outside the user's case group answers the
            # break-the-glass page (403 by design), which is not part of the mix.
            kept = 0
            for href in links:
                if kept == DETAILS_PER_PATTERN:
                    break
                with self.client.get(
                    href, name=shape(href), catch_response=True, allow_redirects=False
                ) as probe:
                    if probe.status_code == 200:
                        self.pages.append(href)
                        kept += 1
                    else:
                        probe.success()  # probing, before the statistics are reset

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
