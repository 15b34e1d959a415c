"""Log formats for production: one JSON object per line, and no personal data.

App logs carry the logger, level, message and, for errors, the exception's class and the
code locations of its traceback, but never the exception's message or local values (a
database error quotes the offending values, e.g. a name or a CPR number). Audit rows go to
their own sink (audit.services → logger "brobyg.audit") as the JSON the audit table holds."""

import json
import logging
import traceback
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _exc, tb = record.exc_info
            entry["exception"] = f"{exc_type.__module__}.{exc_type.__qualname__}"
            entry["frames"] = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)][-10:]
        return json.dumps(entry, ensure_ascii=False)


class AuditLineFormatter(logging.Formatter):
    """The message is already the audit row as JSON (audit.services); syslog gets a tag first."""

    def __init__(self, prefix: str = ""):
        super().__init__()
        self.prefix = prefix

    def format(self, record: logging.LogRecord) -> str:
        return self.prefix + record.getMessage()
