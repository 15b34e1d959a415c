"""The load mix of bench/load: which pages each role requests. Shared by the locust file and
profile_pages.py without importing locust (whose gevent patching would skew a profile)."""

import re

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HREF = re.compile(r'href="(/[^"#?]*)"')
DETAILS_PER_PATTERN = 10

# Start pages per role, and which links found on them count as detail pages of the mix.
MIX = {
    "caseworker": (["/", "/forloeb/", "/forloeb/programmer/"], [r"^/forloeb/borgere/{id}/$"]),
    "provider": (["/forloeb/", "/forloeb/visitationer/"], [r"^/forloeb/borgere/{id}/$"]),
    "consultant": (
        ["/", "/register/", "/register/?q=k", "/kortlaegning/"],
        [r"^/register/{id}/$"],
    ),
    "analyst": (["/rapporter/", "/register/"], [r"^/rapporter/{id}/$", r"^/register/{id}/$"]),
    "procurement": (["/rammeaftaler/", "/register/"], [r"^/rammeaftaler/{id}/$", r"^/register/{id}/$"]),
}


def shape(path: str) -> str:
    return UUID.sub("<id>", path)
