"""The run workbook (contracts.exports through core.exports): names that come from users — the
contract's name and a cohort named after a team — are written as text, never as a formula."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from contracts.exports import run_xlsx
from contracts.models import OutcomeContract
from contracts.services import run_settlement
from contracts.testing import D, growth_world
from demo.contracts import GROWTH_CONTRACT_YAML

pytestmark = pytest.mark.django_db

CONTRACT_NAME = "=HYPERLINK(\"https://evil.example\",\"Åbn\")"
TEAM_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_the_contracts_workbook_writes_formula_like_names_as_text(world):
    gw = growth_world(world, yaml_text=GROWTH_CONTRACT_YAML)
    OutcomeContract.objects.filter(pk=gw.contract.pk).update(name=CONTRACT_NAME)
    gw.team1.name = TEAM_NAME
    gw.team1.save(update_fields=["name"])
    gw.contract.refresh_from_db()
    run = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=D(2026, 12, 31))

    content = run_xlsx(run)
    book = zipfile.ZipFile(io.BytesIO(content))
    sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in book.read(name).decode() or "<f " in book.read(name).decode() for name in sheets)

    wb = load_workbook(io.BytesIO(content))
    key_figures = dict(wb["Nøgletal"].iter_rows(min_row=2, values_only=True))
    assert key_figures["Kontrakt"] == CONTRACT_NAME
    cohorts = [row[0] for row in wb["Pr. kohorte"].iter_rows(min_row=2, values_only=True)]
    assert f"{TEAM_NAME} (06-01-2025)" in cohorts
    lines = list(wb["Linjer"].iter_rows(min_row=2, values_only=True))
    assert any(row[1] == f"{TEAM_NAME} (06-01-2025)" for row in lines)
    cell = next(c for c in wb["Pr. kohorte"]["A"] if c.value == f"{TEAM_NAME} (06-01-2025)")
    assert cell.data_type == "s"
