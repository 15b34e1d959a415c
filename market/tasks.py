"""Background work of the market: the invitation e-mails to suggested suppliers (core.tasks),
so procurement's click never waits on a mail server."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tasks import background_job
from registry.models import Contact

from .models import Invitation


def _first_addresses(organisation_ids: list[int]) -> dict[int, str]:
    addresses: dict[int, str] = {}
    for org_id, email in Contact.objects.filter(organisation_id__in=organisation_ids).exclude(email="").order_by(
        "organisation_id", "name", "pk"
    ).values_list("organisation_id", "email"):
        addresses.setdefault(org_id, email)
    return addresses


@background_job(label=gettext_lazy("Invitationer til et opslag"), max_attempts=3)
def send_invitations(progress, *, invitation_ids: list[int]) -> dict:
    invitations = list(
        Invitation.objects.filter(pk__in=invitation_ids, status=Invitation.Sent.QUEUED).select_related("posting__buyer", "organisation")
    )
    addresses = _first_addresses([i.organisation_id for i in invitations])
    sent = 0
    for done, invitation in enumerate(invitations, 1):
        posting, address = invitation.posting, addresses.get(invitation.organisation_id)
        if address:
            deadline = formats.date_format(timezone.localtime(posting.bid_deadline), "d-m-Y H:i")
            path = reverse("market:public_detail", kwargs={"public_id": posting.public_id})
            body = _(
                "%(buyer)s inviterer %(name)s til at byde på opslaget »%(title)s«.\n\n"
                "Fristen for tilbud er %(deadline)s.\nSe opslaget: %(url)s\n"
            ) % {
                "buyer": posting.buyer.name, "name": invitation.organisation.name,
                "title": posting.title, "deadline": deadline, "url": f"{getattr(settings, 'SITE_URL', '')}{path}",
            }  # fmt: skip
            send_mail(_("Invitation: %(title)s") % {"title": posting.title}, body, None, [address])
            invitation.status = Invitation.Sent.SENT
            sent += 1
        else:
            invitation.status = Invitation.Sent.NO_ADDRESS
        invitation.save(update_fields=["status"])
        progress(done, len(invitations))
    return {"sent": sent, "without_address": len(invitations) - sent}
