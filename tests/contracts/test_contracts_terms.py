"""Contract terms for people: Danish labels on every contracts page and export, a printable terms
page, and the form-based editor that writes the same validated YAML as a new version."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from contracts import editor
from contracts.services import (
    current_version,
    run_business_case,
    run_settlement,
    run_simulation,
    validate_yaml,
)
from contracts.testing import growth_world
from demo.contracts import GROWTH_CONTRACT_YAML

pytestmark = pytest.mark.django_db
D = datetime.date
CODE_KEYS = ("job_6m", "ordinary_job<", "prerequisite", ">kolding<", ">staten<", "employment_rate")


@pytest.fixture
def gw(world):
    return growth_world(world, yaml_text=GROWTH_CONTRACT_YAML)


def visible_text(html: str) -> str:
    """The page without the analyst details toggle and attribute values (links keep keys)."""
    import re

    html = re.sub(r'<details class="analyst-details">.*?</details>', "", html, flags=re.S)
    return re.sub(r'(href|value|hx-get|name|id|for|aria-describedby)="[^"]*"', "", html)


def test_no_page_of_a_contract_shows_code_keys_or_hashes(gw, world, client_for):
    by = world.users[Role.PROCUREMENT]
    runs = [run_settlement(by=by, contract=gw.contract, as_of=D(2026, 12, 31)),
            run_business_case(by=by, contract=gw.contract), run_simulation(by=by, contract=gw.contract, runs=50, seed=1)]
    client = client_for(by)
    pages = [reverse("contracts:detail", args=[gw.contract.public_id]),
             reverse("contracts:terms", args=[gw.contract.public_id])]
    pages += [reverse("contracts:run", args=[r.public_id]) for r in runs]
    pages += [reverse("contracts:run", args=[runs[0].public_id]) + "?kind=cut"]
    for url in pages:
        text = visible_text(client.get(url).content.decode())
        for key in CODE_KEYS:
            assert key not in text, (url, key)
        assert runs[0].input_fingerprint not in text and current_version(gw.contract).fingerprint not in text
    ledger = client.get(pages[2]).content.decode()
    assert "Seks måneder i beskæftigelse efter jobstart" in ledger and "Kolding Kommune" in ledger
    assert "Et krævet resultat var ikke opnået på hændelsesdatoen" in client.get(pages[-1]).content.decode()


def test_the_analyst_toggle_keeps_the_technical_keys(gw, world, client_for):
    page = client_for(world.users[Role.PROCUREMENT]).get(reverse("contracts:terms", args=[gw.contract.public_id]))
    assert "<code>job_6m</code>" in page.content.decode()


def test_the_settlement_excel_speaks_danish(gw, world, client_for):
    run = run_settlement(by=world.users[Role.PROCUREMENT], contract=gw.contract, as_of=D(2026, 12, 31))
    body = client_for(world.users[Role.PROCUREMENT]).get(reverse("contracts:export", args=[run.public_id, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(body.content))
    values = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert "Seks måneder i beskæftigelse efter jobstart (opfølgning uge 26)" in values
    assert "Et krævet resultat var ikke opnået på hændelsesdatoen" in values
    assert not {"job_6m", "prerequisite", "kolding"} & values


def test_the_terms_page_reads_as_a_contract(gw, world, client_for):
    client = client_for(world.users[Role.CASEWORKER])
    text = client.get(reverse("contracts:terms", args=[gw.contract.public_id])).content.decode()
    assert "Start i ordinært, ustøttet job" in text and "I arbejde 26 uger efter afslutning" in text
    assert "25.000,00 kr." in text and "kvartalsvis" in text
    pdf = client.get(reverse("contracts:terms", args=[gw.contract.public_id]) + "?format=pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"


def editor_post(data: dict, outcomes: list[dict]) -> dict:
    post = {"o-TOTAL_FORMS": str(len(outcomes)), "o-INITIAL_FORMS": "0", "t-TOTAL_FORMS": "0", "t-INITIAL_FORMS": "0",
            **data}
    for i, o in enumerate(outcomes):
        post.update({f"o-{i}-{k}": v for k, v in o.items()})
    return post


TERMS = {"name": "Vækstpartnerskab Kolding 2025–2027", "period_start": "2025-01-01", "period_end": "2027-06-30",
         "outcome_window_days": "730", "participant_cap": "60000", "total_cap": "600000", "cap_sharing": "pro_rata",
         "frequency": "monthly", "due_days": "30", "verification_lag_days": "14", "note": "Fra formularen"}


def test_the_editor_saves_a_new_version_through_the_same_validation(gw, world, client_for):
    client = client_for(world.users[Role.PROCUREMENT])
    url = reverse("contracts:edit", args=[gw.contract.public_id])
    assert client.get(url).status_code == 200
    outcomes = [{"key": "ordinary_job", "description": "Ordinært job", "event": "ordinary_job_start", "price": "30000"},
                {"key": "job_6m", "description": "Seks måneder i job", "event": "in_work_26w", "price": "35000",
                 "requires": "ordinary_job"},
                {"key": "", "description": "Start på uddannelse", "event": "education_start", "price": "10000"}]
    response = client.post(url, editor_post(TERMS, outcomes))
    assert response.status_code == 302, response.content.decode()[:3000]
    version = current_version(gw.contract)
    assert version.number == 2 and version.note == "Fra formularen"
    data = editor.load(version.yaml_text)
    assert [(o["id"], o["price"]) for o in data["outcomes"]] == [
        ("ordinary_job", 30000), ("job_6m", 35000), ("start_pa_uddannelse", 10000)]
    assert data["caps"]["sharing"] == "pro_rata" and data["schedule"]["frequency"] == "monthly"
    assert data["business_case"]["horizon_months"] == 60  # what the form does not cover is kept


def test_the_editor_names_the_key_of_a_contract_the_engine_refuses_and_stores_nothing(gw, world, client_for):
    client = client_for(world.users[Role.PROCUREMENT])
    url = reverse("contracts:edit", args=[gw.contract.public_id])
    outcomes = [{"key": "job_6m", "description": "Seks måneder", "event": "in_work_26w", "price": "35000",
                 "requires": "ordinary_job"}]  # requires an outcome that is no longer there
    response = client.post(url, editor_post(TERMS, outcomes))
    assert response.status_code == 200
    assert "nøgle $.outcomes[0].requires" in response.content.decode()
    assert current_version(gw.contract).number == 1


def test_a_relative_threshold_out_of_range_is_refused_naming_the_key():
    original = (settings.BASE_DIR / "examples" / "contracts" / "kohorte.yaml").read_text(encoding="utf-8")
    terms = {**TERMS, "period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31), "outcome_window_days": 180,
             "participant_cap": None, "total_cap": None, "due_days": 45, "verification_lag_days": 0}
    rows = [{"key": "work_rate", "threshold": Decimal("5"), "basis": "points", "pooled_threshold": Decimal("5"),
             "pooled_basis": "points"},
            {"key": "care_days", "threshold": Decimal("150"), "basis": "relative", "pooled_threshold": Decimal("1"),
             "pooled_basis": "points"}]
    yaml_text = editor.apply(original, terms=terms, outcomes=[], thresholds=rows)
    assert editor.load(yaml_text)["cohort_terms"][1]["threshold"] == {"relative": "150 %"}
    with pytest.raises(ValidationError) as error:
        validate_yaml(yaml_text)
    assert "$.cohort_terms[1].threshold" in error.value.message_dict["yaml_text"][0]
    rows[1]["threshold"] = Decimal("10")
    assert validate_yaml(editor.apply(original, terms=terms, outcomes=[], thresholds=rows)).cohort_terms[1].threshold \
        == Decimal("10")


def test_only_editors_get_the_editor(gw, world, client_for):
    url = reverse("contracts:edit", args=[gw.contract.public_id])
    assert client_for(world.users[Role.ANALYST]).get(url).status_code == 404
    assert client_for(world.outsiders[Role.PROCUREMENT]).get(url).status_code == 404
