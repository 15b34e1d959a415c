"""The import pages in headless Chromium, every file as a background job (run immediately by the
test settings' task backend; the worker itself: tests/core/test_worker.py): the page follows
the job by htmx polling until it is finished; axe finds no serious or critical
violation on the error list, the preview and the result.
Run: TEST_DB_NAME=… .venv/bin/pytest tests/test_import_browser.py -m browser
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from registry.models import ImportJob, Organisation
from registry.testing import IMPORT_HEADER, csv_file, import_row
from tests.browser.test_browser import CHROMIUM, Accessibility, browser, log_in, page  # noqa: F401 - fixtures
from tests.registry import SAMPLE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_an_import_runs_in_the_background_and_the_page_follows_it(
    world,
    live_server,
    page,  # noqa: F811
    settings,
    tmp_path,
):
    from playwright.sync_api import expect

    settings.IMPORT_BACKGROUND_ROWS = 1  # every file goes to a background job
    base = live_server.url
    axe = Accessibility()
    log_in(page, base, world.users[Role.CONSULTANT].username)

    bad = tmp_path / "fejl.csv"
    bad.write_bytes(csv_file([IMPORT_HEADER, import_row(navn=""), import_row(navn="B", cvr="12345678")]))
    page.goto(base + reverse("registry:import"))
    page.set_input_files("#id_file", str(bad))
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Filen har 2 fejl. Intet er gemt.")
    expect(page.locator("main table")).to_contain_text("CVR-nummeret har et forkert kontrolciffer.")
    axe.check(page, "import-errors")

    before = Organisation.objects.count()
    page.goto(base + reverse("registry:import"))
    page.set_input_files("#id_file", str(SAMPLE))
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.get_by_role("button", name="Godkend og importér")).to_be_visible()
    axe.check(page, "import-preview")
    page.get_by_role("button", name="Godkend og importér").click()
    expect(page.locator("main")).to_contain_text(
        "Importen er gennemført: 8 oprettet, 0 opdateret og 0 uændret."
    )
    axe.check(page, "import-done")
    job = ImportJob.objects.get(status=ImportJob.Status.DONE)
    assert (job.rows_done, job.rows_total) == (8, 8)
    assert Organisation.objects.count() == before + 8
    axe.assert_clean()


def test_the_progress_view_passes_axe_while_a_job_runs(world, live_server, page):  # noqa: F811
    from playwright.sync_api import expect

    job = ImportJob.objects.create(
        municipality=world.kolding, created_by=world.users["consultant"], file_name="stor.csv", format="csv",
        status=ImportJob.Status.VALIDATING, rows_total=4000, rows_done=1000,
    )  # fmt: skip
    base = live_server.url
    axe = Accessibility()
    log_in(page, base, world.users[Role.CONSULTANT].username)
    page.goto(base + reverse("registry:import_preview", args=[job.public_id]))
    expect(page.locator("progress")).to_have_attribute("value", "25")
    axe.check(page, "import-progress")
    ImportJob.objects.filter(pk=job.pk).update(rows_done=3000)
    expect(page.locator("#import-status [role=status]")).to_contain_text(
        "75 % (3000 af 4000 rækker)"
    )  # polled
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.INVALID, errors=[{"row": 2, "column": "navn", "reason": "Navnet mangler."}]
    )
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Filen har 1 fejl"
    )  # the page reloaded itself
    expect(page.locator("progress")).to_have_count(0)
    axe.assert_clean()
