"""Where a meeting place's volunteer figures come from: the provider organisation's volunteer
register when it keeps one, else the hand-counted `VolunteerTally` rows.

The register (volunteers with their shifts) lives in the events app, which sits above
agreements in the layers (docs/ARCHITECTURE.md), so agreements cannot import it. Instead an
upper app registers a *figures provider* here at start-up (events does in its AppConfig.ready):

    def figures(organisation_id, start, end) -> dict | None:
        # {"volunteers": int, "hours": Decimal} for the inclusive range,
        # or None when the organisation keeps no register (then the tally counts);
        # start and end None: the whole register (asked to learn whether one exists)

The register wins over the tally: once an organisation keeps a register, the tally form of its
services is closed and `agreements.aggregates.volunteers_summary` reports the register's figures.
"""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Figures = Callable[[int, object, object], dict | None]

_providers: list[Figures] = []


def register_provider(provider: Figures) -> None:
    """Add a figures provider (idempotent: AppConfig.ready may run twice in tests)."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_provider(provider: Figures) -> None:
    if provider in _providers:
        _providers.remove(provider)


def register_figures(organisation_id: int, start, end) -> dict | None:
    """The register's {volunteers, hours} for the organisation and range, or None when no
    provider knows a register of the organisation."""
    for provider in _providers:
        figures = provider(organisation_id, start, end)
        if figures is not None:
            return {"volunteers": int(figures["volunteers"] or 0), "hours": Decimal(figures["hours"] or 0)}
    return None


def keeps_register(organisation_id: int) -> bool:
    """Whether the organisation keeps a volunteer register (one query per provider)."""
    return any(provider(organisation_id, None, None) is not None for provider in _providers)


def check_tally_allowed(service) -> None:
    """The hand-counted tally is refused once the provider keeps a register: the figures are
    computed from the register, and two sources for one figure would disagree."""
    if keeps_register(service.agreement.provider_id):
        raise ValidationError(
            _("Leverandøren fører et frivilligregister: antal frivillige og timer beregnes derfra.")
        )
