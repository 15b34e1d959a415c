"""A web worker made ready before it takes its first request (issue 18, throughput).

Django loads the URLconf (every view module and the API's schemas), compiles each template and
reads the translation catalogues on first use, so a fresh gunicorn worker spent seconds of CPU
inside its first requests, on a server already busy, and every recycled worker (max_requests)
did it again. `warm()` does that work once at the worker's start (gunicorn's post_worker_init
hook, brobyg/gunicorn.conf.py), then moves everything loaded so far out of the garbage
collector's reach: those objects live as long as the process, and a full collection scanning
them cost about 1.4 ms per request of the page mix (docs/performance.md)."""

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

log = logging.getLogger(__name__)


def project_template_names() -> list[str]:
    """Names of the project's own templates (those under BASE_DIR), as get_template takes them."""
    base = Path(settings.BASE_DIR).resolve()
    names: dict[str, None] = {}
    for directory in engines["django"].template_dirs:
        root = Path(directory).resolve()
        if root.is_relative_to(base) and ".venv" not in root.parts and "node_modules" not in root.parts:
            names.update((p.relative_to(root).as_posix(), None) for p in sorted(root.rglob("*.html")))
    return list(names)


def warm() -> int:
    """Load what the first requests would; return how many templates were compiled. Leaves no
    database connection open (the worker opens its own when a request needs one)."""
    get_resolver().reverse_dict  # noqa: B018 - imports every view module and indexes the names
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Log ud")
    engine = engines["django"]
    compiled = 0
    for name in project_template_names():
        try:
            engine.get_template(name)
        except TemplateSyntaxError:
            log.exception("Skabelonen %s kunne ikke indlæses ved opstart", name)
        else:
            compiled += 1
    connections.close_all()
    gc.collect()
    gc.freeze()
    return compiled
