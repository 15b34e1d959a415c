"""Social value bought, per municipality: page and Excel (core.exports)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from accounts.access import access_for
from core.exports import xlsx_response
from tenants.models import Municipality

from . import access as ma
from .social_value import social_value, totals_by_year


def _municipality(request) -> tuple[Municipality, list[Municipality]]:
    ids = ma.social_value_municipalities(access_for(request))
    if not ids:
        raise Http404
    choices = list(Municipality.objects.filter(pk__in=ids).order_by("name"))
    code = request.GET.get("kommune")
    chosen = get_object_or_404(Municipality, pk__in=ids, code=code) if code else choices[0]
    return chosen, choices


@login_required
def social_value_page(request):
    municipality, choices = _municipality(request)
    rows = social_value(municipality.pk)
    return render(
        request, "market/social_value.html",
        {"municipality": municipality, "choices": choices, "rows": rows, "totals": totals_by_year(rows)},
    )  # fmt: skip


HEADERS = [
    N_("År"), N_("Opslag"), N_("Leverandør"), N_("Kontraktbeløb i året (kr.)"), N_("Job på særlige vilkår"),
    N_("Anslåede timer"), N_("Placeringer fra forløb"), N_("Placeringsuger"), N_("Borgere"),
]  # fmt: skip


@login_required
def social_value_xlsx(request):
    municipality, _choices = _municipality(request)
    rows = social_value(municipality.pk)

    def fill(book):
        book.sheet(_("Social værdi")).table(
            [_(h) for h in HEADERS],
            ([r.year, r.posting, r.supplier, r.contract_kroner, r.special_jobs, r.special_hours, r.placements,
              r.placement_weeks, r.citizens] for r in rows),  # fmt: skip
            formats={0: "whole", 3: "kroner", 4: "whole", 5: "decimal", 6: "whole", 8: "whole"},
            text_columns=[1, 2],
        )

    return xlsx_response(f"social-vaerdi-{municipality.code}.xlsx", fill)
