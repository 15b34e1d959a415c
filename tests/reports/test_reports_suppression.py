"""Small-number suppression (reports.suppression): 1–4 persons show "<5", and no hidden cell can
be recovered from visible totals by a single subtraction or addition (property-based, random
tables with Hypothesis); percentages derived from hidden counts are hidden."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.protection import protect
from reports.suppression import PRIMARY, SECONDARY, suppress
from reports.tables.base import COUNT, PERCENT, Cell, Column, Row, Table


def test_cells_of_one_to_four_persons_are_hidden_and_zero_and_five_are_not():
    hidden = suppress({"a": 0, "b": 1, "c": 4, "d": 5, "e": None})
    assert hidden == {"b": PRIMARY, "c": PRIMARY}


def test_a_lone_small_cell_in_a_group_gets_a_complement():
    values = {"a": 3, "b": 10, "c": 20, "total": 33}
    hidden = suppress(values, [(["a", "b", "c"], "total")])
    assert hidden == {"a": PRIMARY, "b": SECONDARY}  # the smallest other positive member


def test_when_no_member_can_hide_it_the_total_is_hidden():
    values = {"a": 3, "b": 0, "total": 3}
    hidden = suppress(values, [(["a", "b"], "total")])
    assert hidden["a"] == PRIMARY and "total" in hidden


def test_two_small_cells_summing_under_five_take_a_third():
    values = {"a": 1, "b": 2, "c": 30, "d": 40, "total": 73}
    hidden = suppress(values, [(["a", "b", "c", "d"], "total")])
    assert {"a", "b", "c"} <= set(hidden)


def _groups_from(rows: list[list[int]]):
    """A table of rows × columns with row totals and column totals and a grand total."""
    values, groups = {}, []
    n_cols = len(rows[0])
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            values[(r, c)] = v
        values[(r, "T")] = sum(row)
        groups.append(([(r, c) for c in range(n_cols)], (r, "T")))
    for c in range(n_cols):
        values[("T", c)] = sum(row[c] for row in rows)
        groups.append(([(r, c) for r in range(len(rows))], ("T", c)))
    values[("T", "T")] = sum(values[("T", c)] for c in range(n_cols))
    groups.append(([("T", c) for c in range(n_cols)], ("T", "T")))
    groups.append(([(r, "T") for r in range(len(rows))], ("T", "T")))
    return values, groups


tables = st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 12), min_size=cols, max_size=cols), min_size=1, max_size=6)
)


@settings(max_examples=400, deadline=None)
@given(tables)
def test_no_hidden_cell_is_a_visible_total_minus_visible_cells(rows):
    values, groups = _groups_from(rows)
    hidden = suppress(values, groups)
    for cell, v in values.items():
        if 0 < v < 5:
            assert cell in hidden, "every 1–4 cell is hidden"
    for members, total in groups:
        hidden_members = [m for m in members if m in hidden]
        if total not in hidden:
            # total − (visible members) would give the one hidden member
            assert len(hidden_members) != 1
            if len(hidden_members) >= 2:
                assert sum(values[m] for m in hidden_members) >= 5 or all(
                    values[m] == 0 for m in hidden_members
                )
        else:
            # a hidden total with every member visible would be their sum
            assert hidden_members, (members, total)


def _table(counts: dict[str, int]) -> Table:
    rows = []
    total = sum(counts.values())
    for key, n in [*counts.items(), ("total", total)]:
        rows.append(
            Row(
                key,
                key,
                [Cell(n), Cell(n * 100 / total if total else None, depends=((key, 0), ("total", 0)))],
                total=key == "total",
            )
        )
    return Table(
        key="t",
        title="t",
        periods=[],
        columns=[Column(0, "count", "antal", COUNT), Column(0, "percent", "pct", PERCENT)],
        rows=rows,
        groups=[(list(counts), "total")],
    )


def test_percentages_of_hidden_counts_are_hidden_and_links_dropped():
    table = _table({"a": 2, "b": 9, "c": 30})
    table.row("a").cells[0].drill = "x:a"
    protect(table)
    assert table.cell("a", "count").hidden == PRIMARY
    assert table.cell("a", "count").drill is None
    assert table.cell("a", "percent").hidden
    assert table.cell("b", "count").hidden == SECONDARY
    assert table.cell("b", "percent").hidden
    assert table.cell("c", "count").shown and table.cell("c", "percent").shown
    assert table.cell("total", "count").shown


def test_a_small_total_hides_every_percentage():
    table = protect(_table({"a": 1, "b": 2}))
    assert table.cell("total", "count").hidden
    assert all(not r.cells[1].shown for r in table.rows)
