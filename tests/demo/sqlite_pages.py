"""Run by tests/demo/test_demo_sqlite.py inside `manage.py shell` on the seeded SQLite demo: each
demo user opens their start pages and the detail pages linked from them (citizens,
organisations, reports, agreements), the pages whose reads are plain SQL among them. Prints one
line per page that does not answer 200 (or, for a citizen outside the caseworker's own caseload,
the 403 asking for a reason), and the number of pages opened."""

import re

from django.contrib.auth import get_user_model
from django.test import Client

DETAIL = re.compile(r'href="(/(?:forloeb/borgere|register|rapporter|rammeaftaler)/[0-9a-f-]{36}/)"')
START = {
    "sagsbehandler": ["/", "/forloeb/"],
    "leverandoer": ["/forloeb/", "/forloeb/visitationer/"],
    "konsulent": ["/register/", "/kortlaegning/"],
    "analytiker": ["/rapporter/", "/register/"],
    "indkoeber": ["/rammeaftaler/", "/register/"],
}
opened, failed = 0, []
for username, starts in START.items():
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    details = []
    for path in starts:
        response = client.get(path, follow=True)
        opened += 1
        if response.status_code != 200:
            failed.append(f"{username} {path} {response.status_code}")
            continue
        details += [h for h in DETAIL.findall(response.content.decode()) if h not in details][:6]
    for path in details:
        response = client.get(path)
        opened += 1
        asks_reason = response.status_code == 403 and f'action="{path}begrundelse/"' in response.content.decode()
        if response.status_code != 200 and not asks_reason:
            failed.append(f"{username} {path} {response.status_code}")
print("\n".join(failed))
print(f"opened {opened}")
