"""What the accelerator decides for other apps: whether a company's placement slots may open.
partnerships/ asks here before a slot is offered (issue 13: the social model's readiness
check must be complete first). A company that is in no accelerator cohort is not gated."""

from django.utils.translation import gettext as _

from .models import SocialModel
from .selectors import readiness_of, with_readiness


def slots_may_open(organisation) -> tuple[bool, str]:
    """(allowed, reason in Danish when refused). A company in one or more cohorts may open
    slots once one of its social models is complete (one query)."""
    models = list(with_readiness(SocialModel.objects.filter(participant__organisation=organisation)))
    if not models:
        return True, ""
    missing: list[str] = []
    for model in models:
        readiness = readiness_of(model)
        if readiness.complete:
            return True, ""
        missing = missing or list(readiness.missing)
    return False, _("Virksomhedens sociale model er ikke komplet. Mangler: %(missing)s.") % {
        "missing": "; ".join(missing).lower()
    }
