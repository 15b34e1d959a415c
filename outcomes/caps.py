"""Vectorised cap consumption over ordered segments.

Lines are consumed in a fixed order; within a segment (e.g. one participant) the cumulative
amount is clipped at the cap, so the line that crosses the cap is paid partly and the lines
after it nothing::

    paid_i = min(C, a_1 + ... + a_i) - min(C, a_1 + ... + a_(i-1))

which equals ``min(a_i, max(0, C - already paid))``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["capped", "one_segment", "rank_in_segment", "running_max_before", "segment_starts"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def segment_starts(*keys: IntArray) -> BoolArray:
    """True where any key differs from the previous element (keys already sorted)."""
    n = keys[0].shape[0] if keys else 0
    start = np.zeros(n, dtype=np.bool_)
    if n:
        start[0] = True
        for k in keys:
            start[1:] |= k[1:] != k[:-1]
    return start


def one_segment(n: int) -> BoolArray:
    """Segment starts for ``n`` lines that form one segment."""
    starts = np.zeros(n, dtype=np.bool_)
    starts[:1] = True
    return starts


def capped(amounts: IntArray, starts: BoolArray, caps: IntArray) -> IntArray:
    """What is paid of ``amounts`` (in consumption order) when each segment (``starts``
    marks its first line) may pay at most its cap (``caps`` per line, equal within a
    segment). Amounts must be non-negative.

    >>> import numpy as np
    >>> capped(np.array([40, 40, 40]), np.array([True, False, False]), np.array([100, 100, 100])).tolist()
    [40, 40, 20]
    """
    if amounts.shape[0] == 0:
        return amounts.copy()
    cum = np.cumsum(amounts)
    seg = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    base = (cum[first] - amounts[first])[seg]
    within = np.minimum(cum - base, caps)
    prev = np.empty_like(within)
    prev[0] = 0
    prev[1:] = within[:-1]
    prev[starts] = 0
    return np.asarray(within - prev, dtype=np.int64)


def rank_in_segment(starts: BoolArray) -> IntArray:
    """0, 1, 2 … within each segment."""
    n = starts.shape[0]
    idx = np.arange(n, dtype=np.int64)
    first = np.maximum.accumulate(np.where(starts, idx, 0))
    return np.asarray(idx - first, dtype=np.int64)


def running_max_before(values: IntArray, starts: BoolArray) -> IntArray:
    """Largest earlier value within the segment (0 at a segment's first line); values >= 0."""
    n = values.shape[0]
    if n == 0:
        return values.copy()
    seg = (np.cumsum(starts) - 1).astype(np.int64)
    big = int(values.max()) + 1
    run = np.maximum.accumulate(seg * big + values) - seg * big
    prev = np.empty_like(run)
    prev[0] = 0
    prev[1:] = run[:-1]
    prev[starts] = 0
    return prev.astype(np.int64)
