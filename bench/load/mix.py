"""The load mix of bench/load: which pages each role requests. Shared by run.py (which finds
each role's pages once, before the measurement), the locust file and profile_pages.py, without
importing locust (whose gevent patching would skew a profile)."""

import re
import sys
from itertools import islice

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


def discover_pages(client, role: str, details: int) -> list[tuple[str, float]]:
    """A role's pages of the mix through a logged-in django.test.Client, (path, weight) as the
    load generator draws them: each start page once (a redirect followed to its target), and the
    detail pages linked from them, up to DETAILS_PER_PATTERN per kind of those answering 200 (a
    citizen outside the user's case group answers the break-the-glass page, 403 by design);
    `details` of each kind are kept, each weighing for its share of the kind."""
    starts, detail_patterns = MIX[role]
    patterns = [re.compile(p.format(id=UUID.pattern)) for p in detail_patterns]
    found: dict = {p: [] for p in patterns}
    pages = []
    for path in starts:
        response = client.get(path, follow=True)
        if response.status_code != 200:
            print(f"{role} {path}: {response.status_code}", file=sys.stderr)
            continue
        query = response.request.get("QUERY_STRING")
        pages.append((response.request["PATH_INFO"] + (f"?{query}" if query else ""), 1.0))
        for href in dict.fromkeys(HREF.findall(response.content.decode())):
            for pattern in patterns:
                if pattern.match(href) and href not in found[pattern]:
                    found[pattern].append(href)
    for links in found.values():
        kept = list(islice((h for h in links if client.get(h).status_code == 200), DETAILS_PER_PATTERN))
        measured = kept[:details]
        pages += [(h, len(kept) / len(measured)) for h in measured]
    return pages
