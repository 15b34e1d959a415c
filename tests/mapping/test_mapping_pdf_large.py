"""A large municipality's stakeholder analysis: quadrants longer than a page must break across
pages, and the PDF names the first actors of each quadrant and says how many more there are."""

from mapping.models import StakeholderPosition
from mapping.pdf import PDF_STAKEHOLDERS_PER_QUADRANT, report_pdf
from mapping.selectors import mapping_report
from registry.testing import make_organisation
from tests.mapping.test_mapping_pdf import report_text


def test_a_quadrant_with_many_actors_renders_and_says_how_many_more(kolding):
    many = PDF_STAKEHOLDERS_PER_QUADRANT + 40
    for i in range(many):
        org = make_organisation(kolding, name=f"Aktør nr. {i:03d}")
        StakeholderPosition.objects.create(organisation=org, influence=5, interest=5)
    report = mapping_report(kolding)
    assert report_pdf(report).startswith(b"%PDF")
    text = report_text(report)
    assert "Aktør nr. 000" in text
    assert f"Aktør nr. {many - 1:03d}" not in text  # sorted by name: the last ones are left out
    assert f"og {many - PDF_STAKEHOLDERS_PER_QUADRANT} flere" in text
