"""Playwright's sync API runs an asyncio event loop in the test thread; the test itself still
uses the ORM synchronously (fixtures, assertions), which Django refuses inside a running loop
unless told that this is safe. It is here: nothing else runs in that loop."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
