"""Contract pages through HTTP: upload with YAML errors naming key and line, runs from the
detail page, the ledger with drill-down, business case and simulation pages, comparison, names
only for CITIZEN_VIEW, exports read back, and constant queries."""

import io
import re
import shutil
import subprocess
from datetime import date as D
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from contracts.models import ContractVersion, EntryKind, LedgerEntry, OutcomeContract, SettlementRun
from contracts.services import run_business_case, run_settlement, run_simulation
from contracts.testing import growth_world
from demo.contracts import GROWTH_CONTRACT_YAML
from pathways.testing import enrol, record_exit

pytestmark = pytest.mark.django_db
AS_OF = D(2026, 12, 31)


@pytest.fixture
def gw(world):
    return growth_world(world, yaml_text=GROWTH_CONTRACT_YAML)


@pytest.fixture
def settled(gw, world):
    gw.run = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    return gw


def test_procurement_creates_a_contract_through_the_form(world, client_for, gw):
    client = client_for(world.users["procurement"])
    response = client.post(reverse("contracts:create"), {
        "municipality": world.kolding.pk, "name": "Ny kontrakt", "attached_to": f"p:{gw.partnership.pk}",
        "programmes": [gw.programme.pk], "cohort_by": "team", "yaml_text": GROWTH_CONTRACT_YAML})
    contract = OutcomeContract.objects.get(name="Ny kontrakt")
    assert response.status_code == 302 and contract.versions.get().number == 1
    assert AuditEvent.objects.filter(event="contracts.contract.create", object_id=str(contract.pk)).count() == 1


def test_a_yaml_error_is_shown_on_the_form_with_key_and_line(world, client_for, gw):
    bad = GROWTH_CONTRACT_YAML.replace("price: 25000", "price: -25000")
    line = bad.splitlines().index("    price: -25000") + 1
    client = client_for(world.users["procurement"])
    response = client.post(reverse("contracts:create"), {
        "municipality": world.kolding.pk, "name": "Dårlig", "attached_to": f"p:{gw.partnership.pk}",
        "cohort_by": "team", "yaml_text": bad})
    assert response.status_code == 200
    text = response.content.decode()
    assert f"linje {line}" in text and "$.outcomes[0].price" in text
    assert not OutcomeContract.objects.filter(name="Dårlig").exists()


def test_a_new_version_leaves_old_runs_on_their_version(world, client_for, settled):
    client = client_for(world.users["procurement"])
    changed = GROWTH_CONTRACT_YAML.replace("price: 25000", "price: 20000")
    response = client.post(reverse("contracts:revise", args=[settled.contract.public_id]),
                           {"yaml_text": changed, "cohort_by": "team", "programmes": [settled.programme.pk]})
    assert response.status_code == 302
    assert list(ContractVersion.objects.filter(contract=settled.contract).values_list("number", flat=True)) == [2, 1]
    settled.run.refresh_from_db()
    assert settled.run.version.number == 1
    rerun = run_settlement(by=world.users["procurement"], contract=settled.contract, as_of=AS_OF)
    assert rerun.version.number == 2 and rerun.total == Decimal("75000.00")  # A 20 000 + 35 000, B 20 000


def test_runs_are_started_from_the_detail_page_by_post(world, client_for, gw):
    client = client_for(world.users["analyst"])
    url = reverse("contracts:run_create", args=[gw.contract.public_id, "settle"])
    assert client.get(url).status_code == 405
    response = client.post(url, {"as_of": "2026-12-31"})
    run = SettlementRun.objects.get(contract=gw.contract)
    assert response.status_code == 302 and response["Location"] == reverse("contracts:run", args=[run.public_id])
    assert AuditEvent.objects.filter(event="contracts.run.settle", object_id=str(run.pk)).count() == 1


def test_the_ledger_drills_down_from_a_total_to_its_lines(world, client_for, settled):
    client = client_for(world.users["analyst"])
    url = reverse("contracts:run", args=[settled.run.public_id])
    page = client.get(url).content.decode()
    assert "85.000,00 kr." in page
    lines = client.get(url, {"kind": "paid", "outcome": "job_6m"}, HTTP_HX_REQUEST="true").content.decode()
    expected = LedgerEntry.objects.filter(run=settled.run, kind=EntryKind.PAID, outcome="job_6m").count()
    assert lines.count("<tr><td>") == expected == 1
    cut = client.get(url, {"kind": "cut", "rule": "prerequisite"}).content.decode()
    assert "35.000,00 kr." in cut and "prerequisite" in cut


def test_names_are_shown_only_to_users_with_citizen_view(world, client_for, settled):
    url = reverse("contracts:run", args=[settled.run.public_id])
    caseworker_page = client_for(world.users["caseworker"]).get(url).content.decode()
    analyst_page = client_for(world.users["analyst"]).get(url).content.decode()
    assert "Anna Andersen" in caseworker_page
    assert "Anna Andersen" not in analyst_page and str(settled.a.public_id)[:8] in analyst_page


ROLES_VIEW = {Role.CASEWORKER, Role.PROCUREMENT, Role.CONSULTANT, Role.ANALYST, Role.ADMIN}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("where", ["own", "other"])
def test_permission_matrix_on_pages_and_exports(world, client_for, settled, role, where):
    user = world.users[role] if where == "own" else world.outsiders[role]
    client = client_for(user)
    allowed = where == "own" and role in ROLES_VIEW
    run = settled.run
    for url in (reverse("contracts:detail", args=[settled.contract.public_id]),
                reverse("contracts:run", args=[run.public_id]),
                reverse("contracts:export", args=[run.public_id, "xlsx"]),
                reverse("contracts:export", args=[run.public_id, "pdf"])):
        assert client.get(url).status_code == (200 if allowed else 404), url
    settle = client.post(reverse("contracts:run_create", args=[settled.contract.public_id, "settle"]),
                         {"as_of": "2026-06-30"})
    may_settle = where == "own" and role in {Role.PROCUREMENT, Role.ANALYST, Role.ADMIN}
    assert settle.status_code == (302 if may_settle else 404)
    revise = client.get(reverse("contracts:revise", args=[settled.contract.public_id]))
    assert revise.status_code == (200 if where == "own" and role in {Role.PROCUREMENT, Role.ADMIN} else 404)
    listing = client.get(reverse("contracts:list"))
    assert listing.status_code == (200 if role in ROLES_VIEW else 404)
    if listing.status_code == 200:
        assert (settled.contract.name in listing.content.decode()) == allowed


def test_comparison_shows_only_visible_runs_and_the_difference(world, client_for, settled):
    low = run_business_case(by=world.users["analyst"], contract=settled.contract,
                            overrides={"employment_rate": 0.3}, label="Lav")
    high = run_business_case(by=world.users["analyst"], contract=settled.contract,
                             overrides={"employment_rate": 0.6}, label="Høj")
    url = reverse("contracts:compare") + f"?run={low.public_id}&run={high.public_id}"
    page = client_for(world.users["analyst"]).get(url).content.decode()
    assert "Lav" in page and "Høj" in page and "Nutidsværdi for kommunen" in page and "npv_municipality" not in page
    diff = high.result["npv"]["kolding"] - low.result["npv"]["kolding"]
    assert f"{diff:.2f}".replace(".", ",") in page.replace(".", ",") or f"+{diff:,.2f}" in page
    outsider = client_for(world.outsiders[Role.ANALYST]).get(url).content.decode()
    assert "Lav" not in outsider


def test_business_case_and_simulation_pages_show_charts_and_verdict(world, client_for, gw):
    bc = run_business_case(by=world.users["analyst"], contract=gw.contract)
    sim = run_simulation(by=world.users["analyst"], contract=gw.contract, runs=500, seed=3)
    client = client_for(world.users["analyst"])
    page = client.get(reverse("contracts:run", args=[bc.public_id])).content.decode()
    assert "<svg" in page and 'id="verdict"' in page and "<polyline" in page
    page = client.get(reverse("contracts:run", args=[sim.public_id])).content.decode()
    assert page.count("<svg") == 2 and "<polygon" in page
    fan = sim.result["fan"]
    assert all(a <= b <= c for a, b, c in zip(fan["P5"], fan["P50"], fan["P95"], strict=True))
    assert len(fan["P50"]) == bc.result["months"] == 60


def test_the_simulation_is_capped(world, gw):
    sim = run_simulation(by=world.users["analyst"], contract=gw.contract, runs=10**7, seed=1)
    assert sim.params["runs"] == sim.result["runs"] == 20_000


def test_the_excel_export_reads_back_with_numbers_as_numbers(world, client_for, settled):
    from openpyxl import load_workbook

    response = client_for(world.users["analyst"]).get(
        reverse("contracts:export", args=[settled.run.public_id, "xlsx"]))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert {"Nøgletal", "Pr. resultat", "Linjer", "Afskåret"} <= set(wb.sheetnames)
    by_outcome = {r[0]: r[2] for r in wb["Pr. resultat"].iter_rows(min_row=2, values_only=True)}
    names = {"ordinary_job": "Ordinær ustøttet beskæftigelse (job start)",
             "job_6m": "Seks måneder i beskæftigelse efter jobstart (opfølgning uge 26)"}  # Danish, not keys
    expected = {names[o]: float(sum(e.amount for e in LedgerEntry.objects.filter(run=settled.run, kind="paid",
                                                                                outcome=o)))
                for o in ("ordinary_job", "job_6m")}
    assert by_outcome == expected
    lines = list(wb["Linjer"].iter_rows(min_row=2, values_only=True))
    assert len(lines) == 3 and all(isinstance(r[8], int | float) and not isinstance(r[8], bool) for r in lines)
    assert sum(r[8] for r in lines) == float(settled.run.total)
    assert not any("Anna" in str(c) for r in lines for c in r)
    assert AuditEvent.objects.filter(event="contracts.run.export", object_id=str(settled.run.pk)).count() == 1


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    out = subprocess.run([shutil.which("pdftotext"), "-layout", "-", "-"], input=content,  # noqa: S603
                         capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_pdf_contains_the_totals(world, client_for, settled):
    client = client_for(world.users["analyst"])
    text = _pdf_text(client.get(reverse("contracts:export", args=[settled.run.public_id, "pdf"])).content)
    assert "85.000,00 kr." in text and "35.000,00" in text
    assert settled.run.input_fingerprint not in text and "job_6m" not in text  # no hashes or keys for readers
    bc = run_business_case(by=world.users["analyst"], contract=settled.contract)
    text = _pdf_text(client.get(reverse("contracts:export", args=[bc.public_id, "pdf"])).content)
    npv = f"{bc.result['npv']['kolding']:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert npv in text


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_pages_cost_the_same_number_of_queries_for_small_and_larger_data(world, client_for, gw):
    client = client_for(world.users["caseworker"])
    small = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    for i in range(12):
        e = enrol(
            caseworker=world.users["caseworker"], municipality=world.kolding, team=gw.team2,
            start=D(2025, 7, 7), name=f"Ekstra {i}",
        )  # fmt: skip
        record_exit(e, outcome="ordinary_employment", on=D(2025, 12, 1), followups=[(26, "work", None)])
    large = run_settlement(by=world.users["procurement"], contract=gw.contract, as_of=AS_OF)
    assert large.participants == small.participants + 12
    for name, args in (("contracts:run", [small.public_id]), ("contracts:detail", [gw.contract.public_id])):
        n_small = _queries(client, reverse(name, args=args))
        big_args = [large.public_id] if name == "contracts:run" else args
        assert _queries(client, reverse(name, args=big_args)) == n_small, name
    n = _queries(client, reverse("contracts:list"))
    run_business_case(by=world.users["analyst"], contract=gw.contract)
    assert _queries(client, reverse("contracts:list")) == n
