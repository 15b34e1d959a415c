"""Recorded outcomes: one row per event of a participant, held column-wise in numpy arrays.

CSV columns (header required, order free): ``participant_id``, ``cohort``, ``start_date``,
``event``, ``event_date``, and optionally ``value`` (a number, e.g. days in care) and
``group`` (empty for programme participants; the comparison group's name for comparison data).
A row with empty ``event`` and ``event_date`` only enrols the participant, so that a
participant with no events still counts in a cohort's denominator.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .caps import order_by
from .validation import MAX_ISSUES, Issue, OutcomesError

__all__ = ["OutcomeRecord", "Outcomes", "check_outcomes", "read_outcomes"]

IntArray = npt.NDArray[np.int64]
REQUIRED = ("participant_id", "cohort", "start_date", "event", "event_date")
OPTIONAL = ("value", "group")
VALUE_SCALE = 1000
"""Values are held exactly as integer thousandths."""


@dataclass(frozen=True)
class OutcomeRecord:
    """One recorded row, as the platform holds it. ``event=None`` only enrols."""

    participant_id: str
    cohort: str
    start_date: date
    event: str | None = None
    event_date: date | None = None
    value: Decimal | None = None
    group: str = ""


@dataclass(frozen=True, eq=False)
class Outcomes:
    """Outcome rows in columns. Participants are sorted by id; codes index the tuples.

    Per participant ``p``: ``participant_ids[p]``, ``participant_cohort[p]`` (index into
    ``cohorts``), ``participant_start[p]`` (date ordinal), ``participant_group[p]`` (index
    into ``groups``; ``groups[0] == ""`` is the programme). Per event row ``r``:
    ``row_participant[r]``, ``row_event[r]`` (index into ``events``), ``row_date[r]``
    (ordinal), ``row_value[r]`` (thousandths; 1000 when the row has no value) and
    ``row_source[r]`` (the CSV line, for error messages).
    """

    participant_ids: tuple[str, ...]
    participant_cohort: IntArray
    participant_start: IntArray
    participant_group: IntArray
    cohorts: tuple[str, ...]
    groups: tuple[str, ...]
    events: tuple[str, ...]
    row_participant: IntArray
    row_event: IntArray
    row_date: IntArray
    row_value: IntArray
    row_has_value: npt.NDArray[np.bool_]
    row_source: IntArray

    @property
    def n_participants(self) -> int:
        return len(self.participant_ids)

    @property
    def n_rows(self) -> int:
        return int(self.row_event.shape[0])

    def fingerprint_into(self, h: hashlib._Hash) -> None:
        """Feed a canonical form (independent of row order) into a hash."""
        for table in (self.participant_ids, self.cohorts, self.groups):
            h.update("\x1f".join(table).encode() + b"\x1e")
        ev_rank = np.argsort(np.argsort(np.array(self.events, dtype=object), kind="stable"), kind="stable")
        ev = ev_rank[self.row_event].astype(np.int64) if self.n_rows else self.row_event
        h.update("\x1f".join(sorted(self.events)).encode() + b"\x1e")
        cols = (self.row_value, self.row_date, ev, self.row_participant)
        has_value = self.row_has_value.astype(np.int64)
        order = order_by(self.row_participant, ev, self.row_date, self.row_value, has_value)
        for a in (self.participant_cohort, self.participant_start, self.participant_group):
            h.update(np.ascontiguousarray(a, dtype="<i8").tobytes())
        for a in (*cols, has_value):
            h.update(np.ascontiguousarray(a[order], dtype="<i8").tobytes())

    @classmethod
    def from_records(cls, records: Iterable[OutcomeRecord]) -> Outcomes:
        """Build from domain records (what the platform adapter does with its rows).

        Raises :class:`OutcomesError` (``row`` = 1-based position) for an event without a date.
        """
        records = list(records)
        bad = [Issue("an event needs an event_date", row=i + 1, column="event_date")
               for i, r in enumerate(records) if r.event and r.event_date is None]
        if bad:
            raise OutcomesError(bad[:MAX_ISSUES])
        rows = [
            (r.participant_id, r.cohort, r.start_date.toordinal(), r.event or "",
             r.event_date.toordinal() if r.event_date else 0, r.value, r.group, i + 1)
            for i, r in enumerate(records)
        ]
        return _assemble(rows, source_is_csv=False)


def read_outcomes(path_or_text: str | Path, contract_events: Iterable[str] | None = None) -> Outcomes:
    """Read an outcomes CSV file (or CSV text). Raises :class:`OutcomesError` naming row and
    column for every bad cell; with ``contract_events`` an unknown event is an error too."""
    if isinstance(path_or_text, Path) or ("\n" not in path_or_text and Path(path_or_text).is_file()):
        text = Path(path_or_text).read_text("utf-8-sig")
    elif "\n" not in path_or_text and path_or_text.strip().lower().endswith(".csv"):
        raise OutcomesError([Issue(f"outcomes file {path_or_text!r} does not exist")])
    else:
        text = path_or_text
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise OutcomesError([Issue("the outcomes file is empty", row=1)])
    header = [h.strip() for h in header]
    issues: list[Issue] = []
    for col in REQUIRED:
        if col not in header:
            issues.append(Issue(f"missing column {col!r}", row=1, column=col))
    for col in header:
        if col not in REQUIRED + OPTIONAL:
            issues.append(Issue(f"unknown column {col!r}", row=1, column=col))
    if issues:
        raise OutcomesError(issues)
    idx = {c: header.index(c) for c in REQUIRED + OPTIONAL if c in header}
    known = set(contract_events) if contract_events is not None else None
    rows: list[tuple[str, str, int, str, int, Decimal | None, str, int]] = []
    for line_no, cells in enumerate(reader, start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            issues.append(Issue(f"expected {len(header)} cells, found {len(cells)}", row=line_no))
            continue

        def cell(col: str, cells: list[str] = cells) -> str:
            return cells[idx[col]].strip() if col in idx else ""

        pid = cell("participant_id")
        if not pid:
            issues.append(Issue("participant_id is empty", row=line_no, column="participant_id"))
        cohort = cell("cohort")
        if not cohort:
            issues.append(Issue("cohort is empty", row=line_no, column="cohort"))
        start = _date(cell("start_date"), line_no, "start_date", issues)
        event = cell("event")
        ev_date_text = cell("event_date")
        ev_date = 0
        if event:
            ev_date = _date(ev_date_text, line_no, "event_date", issues)
            if known is not None and event not in known:
                issues.append(Issue(f"unknown event {event!r}", row=line_no, column="event"))
        elif ev_date_text:
            issues.append(Issue("event_date without an event", row=line_no, column="event"))
        value: Decimal | None = None
        if cell("value"):
            try:
                value = Decimal(cell("value"))
                if not value.is_finite() or value != value.quantize(Decimal("0.001")) or abs(value) >= 10**12:
                    raise InvalidOperation
            except InvalidOperation:
                issues.append(Issue(f"not a number with at most 3 decimals: {cell('value')!r}",
                                    row=line_no, column="value"))
                value = None
        rows.append((pid, cohort, start, event, ev_date, value, cell("group"), line_no))
        if len(issues) >= MAX_ISSUES:
            break
    if issues:
        raise OutcomesError(issues[:MAX_ISSUES])
    return _assemble(rows, source_is_csv=True)


def _date(text: str, row: int, column: str, issues: list[Issue]) -> int:
    try:
        return date.fromisoformat(text).toordinal()
    except ValueError:
        issues.append(Issue(f"not a valid date: {text!r} (use YYYY-MM-DD)", row=row, column=column))
        return 0


def _assemble(rows: Sequence[tuple[str, str, int, str, int, Decimal | None, str, int]], *, source_is_csv: bool) -> Outcomes:
    issues: list[Issue] = []
    first: dict[str, tuple[str, int, str, int]] = {}
    for pid, cohort, start, _ev, _d, _v, group, line in rows:
        seen = first.setdefault(pid, (cohort, start, group, line))
        for col, a, b in (("cohort", seen[0], cohort), ("start_date", seen[1], start), ("group", seen[2], group)):
            if a != b:
                issues.append(Issue(
                    f"participant {pid!r} has {col} {_shown(a)!r} on row {seen[3]} and {_shown(b)!r} here",
                    row=line, column=col))
                if len(issues) >= MAX_ISSUES:
                    raise OutcomesError(issues)
    if issues:
        raise OutcomesError(issues)
    pids = tuple(sorted(first))
    pindex = {p: i for i, p in enumerate(pids)}
    cohorts = tuple(sorted({v[0] for v in first.values()}))
    groups = tuple(sorted({v[2] for v in first.values()} | {""}))
    cindex = {c: i for i, c in enumerate(cohorts)}
    gindex = {g: i for i, g in enumerate(groups)}
    ev_rows = [r for r in rows if r[3]]
    events = tuple(sorted({r[3] for r in ev_rows}))
    eindex = {e: i for i, e in enumerate(events)}
    vals = [r[5] for r in ev_rows]
    return Outcomes(
        participant_ids=pids,
        participant_cohort=np.array([cindex[first[p][0]] for p in pids], dtype=np.int64),
        participant_start=np.array([first[p][1] for p in pids], dtype=np.int64),
        participant_group=np.array([gindex[first[p][2]] for p in pids], dtype=np.int64),
        cohorts=cohorts,
        groups=groups,
        events=events,
        row_participant=np.array([pindex[r[0]] for r in ev_rows], dtype=np.int64),
        row_event=np.array([eindex[r[3]] for r in ev_rows], dtype=np.int64),
        row_date=np.array([r[4] for r in ev_rows], dtype=np.int64),
        row_value=np.array([int(v * VALUE_SCALE) if v is not None else VALUE_SCALE for v in vals], dtype=np.int64),
        row_has_value=np.array([v is not None for v in vals], dtype=np.bool_),
        row_source=np.array([r[7] for r in ev_rows], dtype=np.int64),
    )


def _shown(x: str | int) -> str:
    return date.fromordinal(x).isoformat() if isinstance(x, int) else x


def check_outcomes(outcomes: Outcomes, known_events: Iterable[str]) -> list[Issue]:
    """Problems of outcomes against a contract: events the contract does not know."""
    known = set(known_events)
    issues: list[Issue] = []
    bad = [i for i, e in enumerate(outcomes.events) if e not in known]
    if bad:
        mask = np.isin(outcomes.row_event, np.array(bad, dtype=np.int64))
        for r in np.flatnonzero(mask)[:MAX_ISSUES]:
            issues.append(Issue(f"unknown event {outcomes.events[int(outcomes.row_event[r])]!r}",
                                row=int(outcomes.row_source[r]), column="event"))
    return issues
