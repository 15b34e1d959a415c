"""The server-rendered bar chart (core/templatetags/charts.py): accessible SVG with a data table
of the same numbers, escaped labels, Danish number format, no inline styles."""

import re

from django.template import Context, Template

from core.templatetags.charts import BAR_MAX, bar_chart


def render(rows, **kwargs) -> str:
    return str(
        bar_chart(
            rows,
            title=kwargs.pop("title", "Antal efter type"),
            chart_id=kwargs.pop("chart_id", "c1"),
            **kwargs,
        )
    )


def test_it_draws_one_bar_per_row_scaled_to_the_largest():
    html = render([("A", 10), ("B", 5), ("C", 0)])
    widths = [float(w) for w in re.findall(r'<rect class="bar" x="\d+" y="[\d.]+" width="([\d.]+)"', html)]
    assert widths == [BAR_MAX, BAR_MAX / 2, 0]


def test_it_is_an_image_with_a_title_and_a_description_that_carry_the_numbers():
    html = render([("Privat", 1234), ("Offentlig", 7)])
    assert 'role="img" aria-labelledby="c1-title c1-desc"' in html
    assert '<title id="c1-title">Antal efter type</title>' in html
    assert '<desc id="c1-desc">Privat: 1.234; Offentlig: 7</desc>' in html


def test_its_table_has_the_same_numbers_and_a_total():
    html = render([("Privat", 1234), ("Offentlig", 7)], total=True, label_header="Sektor")
    table = html.split("<table", 1)[1]
    assert '<th scope="col">Sektor</th>' in table
    assert re.findall(r'<td class="num">([\d.]+)</td>', table) == ["1.234", "7", "1.241"]
    assert "<caption>Tabel: Antal efter type</caption>" in table


def test_it_escapes_labels_and_titles():
    html = render([("<script>alert(1)</script>", 1)], title='"x" & <y>')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&quot;x&quot; &amp; &lt;y&gt;" in html


def test_it_says_so_when_there_is_nothing_to_draw():
    html = render([])
    assert "Ingen data" in html
    assert "<rect" not in html


def test_it_shortens_long_labels_in_the_drawing_but_not_in_the_table():
    label = "Inkubator, videnscenter eller netværk og meget mere"
    html = render([(label, 3)])
    svg, table = html.split("<table", 1)
    assert label not in svg.split("<desc", 1)[0] + svg.split("</desc>", 1)[1]
    assert "…" in svg
    assert label in table


def test_it_uses_no_inline_style_and_works_as_a_template_tag():
    html = Template('{% load charts %}{% bar_chart rows title="T" chart_id="k" variant="bar-alt" %}').render(
        Context({"rows": [("A", 2)]})
    )
    assert "style=" not in html
    assert 'class="bar-alt"' in html and 'fill="#00724e"' in html
