"""Playwright's sync API runs an asyncio event loop in the test thread; the test itself still
uses the ORM synchronously (fixtures, assertions), which Django refuses inside a running loop
unless told that this is safe. It is here: nothing else runs in that loop. Set only while a
browser test runs, so no other test (nor a subprocess it starts) inherits it."""

import pytest


@pytest.fixture(autouse=True)
def allow_orm_beside_playwrights_loop(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
