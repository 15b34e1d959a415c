"""Udbud og markedsplads: the models of this bounded context (see docs/market.md).

A posting (opslag) is a municipal tender or task, or a company's subcontract task or CSR
purchase. Enterprises show interest or bid on it, alone or as a consortium; bids are sealed
until the bid deadline; the buyer evaluates and awards with a justification."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .rules import POSTING_LIFECYCLE, cpv_catalogue


class PostingKind(models.TextChoices):
    TENDER = "tender", _("Udbud")
    TASK = "task", _("Opgave under tærskelværdien")
    SUBCONTRACT = "subcontract", _("Underleverance")
    CSR_PURCHASE = "csr_purchase", _("CSR-indkøb")


MUNICIPAL_KINDS = (PostingKind.TENDER, PostingKind.TASK)
COMPANY_KINDS = (PostingKind.SUBCONTRACT, PostingKind.CSR_PURCHASE)


class Procedure(models.TextChoices):
    OPEN = "open", _("Offentligt udbud")
    RESTRICTED = "restricted", _("Begrænset udbud")
    NEGOTIATED = "negotiated", _("Udbud med forhandling")
    DIRECT = "direct", _("Direkte tildeling")


class Status(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PUBLISHED = "published", _("Offentliggjort")
    CLOSED = "closed", _("Lukket for tilbud")
    AWARDED = "awarded", _("Tildelt")
    CANCELLED = "cancelled", _("Annulleret")


assert set(Status.values) == POSTING_LIFECYCLE.states  # the table and the choices agree


def public_q() -> Q:
    """What anyone may see without login: published, closed and awarded postings, and a
    cancellation of one that had been published. Never a draft."""
    return Q(status__in=[Status.PUBLISHED, Status.CLOSED, Status.AWARDED]) | Q(
        status=Status.CANCELLED, published_at__isnull=False
    )


class Posting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    buyer = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="postings", verbose_name=_("køber")
    )
    kind = models.CharField(_("type"), max_length=15, choices=PostingKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    cpv_codes = models.JSONField(_("CPV-koder"), default=list, blank=True)  # ["90911200-8", …]
    keywords = models.JSONField(_("nøgleord"), default=list, blank=True)  # matched against registry tags
    estimated_value = models.DecimalField(
        _("anslået værdi (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    procedure = models.CharField(_("udbudsform"), max_length=12, choices=Procedure.choices, blank=True)
    reserved = models.BooleanField(_("forbeholdt (udbudslovens § 20)"), default=False)
    question_deadline = models.DateTimeField(_("frist for spørgsmål"), null=True, blank=True)
    bid_deadline = models.DateTimeField(_("frist for tilbud"))
    contract_start = models.DateField(_("kontraktstart"), null=True, blank=True)
    contract_end = models.DateField(_("kontraktslut"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bid_deadline", "pk"]
        verbose_name = _("opslag")
        verbose_name_plural = _("opslag")
        indexes = [models.Index(fields=["status", "bid_deadline"], name="posting_status_deadline")]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0), name="posting_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(question_deadline__isnull=True) | Q(question_deadline__lte=F("bid_deadline")),
                name="posting_questions_before_bids",
            ),
            models.CheckConstraint(
                condition=Q(contract_end__isnull=True) | Q(contract_start__isnull=True) | Q(contract_end__gte=F("contract_start")),
                name="posting_contract_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(reserved=False) | Q(kind__in=["tender", "task"]), name="posting_reserved_only_municipal"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_municipal(self) -> bool:
        return self.kind in MUNICIPAL_KINDS

    @property
    def cpv_labels(self) -> list[str]:
        """'90911200-8 Rengøring af bygninger' for each code: the code is public, the name explains it."""
        names = cpv_catalogue()
        return [f"{code} {names.get(code, '')}".strip() for code in self.cpv_codes]


class Lot(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    estimated_value = models.DecimalField(_("anslået værdi (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True)
    reserved = models.BooleanField(_("forbeholdt (udbudslovens § 20)"), default=False)

    class Meta:
        ordering = ["posting", "number"]
        verbose_name = _("delkontrakt")
        verbose_name_plural = _("delkontrakter")
        constraints = [models.UniqueConstraint(fields=["posting", "number"], name="one_lot_number_per_posting")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Document(models.Model):
    """An uploaded tender document, stored in the database so that a posting and its files
    commit or roll back together (size and type checked in market.rules)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="documents")
    file_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("størrelse"))
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["file_name"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")

    def __str__(self) -> str:
        return self.file_name


class Question(models.Model):
    """A bidder's question; the answer is visible to every bidder, the asker to nobody but
    the buyer (equal treatment)."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="questions")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("spørgsmål"))
    answer = models.TextField(_("svar"), blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")

    def __str__(self) -> str:
        return self.text[:80]


class ClauseKind(models.TextChoices):
    FLEKSJOB_HOURS = "fleksjob_hours", _("Timer i fleksjob")
    SKAANEJOB_HOURS = "skaanejob_hours", _("Timer i skånejob")
    PLACEMENTS = "placements", _("Praktik- eller jobtræningspladser")
    APPRENTICES = "apprentices", _("Lærlinge eller elever")
    OTHER = "other", _("Andet")


class SocialClause(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="clauses")
    kind = models.CharField(_("krav"), max_length=20, choices=ClauseKind.choices)
    quantity = models.DecimalField(_("antal"), max_digits=10, decimal_places=1)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)

    class Meta:
        ordering = ["posting", "kind", "pk"]
        verbose_name = _("social klausul")
        verbose_name_plural = _("sociale klausuler")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="clause_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quantity}"


class Interest(models.Model):
    """An enterprise's interest (interessetilkendegivelse): seen by the buyer at once, unlike a bid."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interessetilkendegivelse")
        constraints = [models.UniqueConstraint(fields=["posting", "organisation"], name="one_interest_per_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.posting_id}"


class Consortium(models.Model):
    """Enterprises bidding together: the lead is the bid's bidder, the members are listed here
    (the lead included), so the combined share is summed over one table."""

    name = models.CharField(_("navn"), max_length=200)
    members = models.ManyToManyField("registry.Organisation", related_name="+", verbose_name=_("deltagere"))

    class Meta:
        verbose_name = _("konsortium")
        verbose_name_plural = _("konsortier")

    def __str__(self) -> str:
        return self.name


class Bid(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="bids")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="bids")
    bidder = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="bids", verbose_name=_("tilbudsgiver")
    )
    consortium = models.OneToOneField(Consortium, on_delete=models.PROTECT, null=True, blank=True, related_name="bid")
    price = models.DecimalField(_("pris (kr.)"), max_digits=14, decimal_places=2)
    description = models.TextField(_("beskrivelse af tilbuddet"))
    # The § 20 figures the bid was accepted on, kept as evidence of the check at submission.
    special_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    staffing_year = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    score = models.DecimalField(_("point"), max_digits=6, decimal_places=2, null=True, blank=True)
    evaluation = models.TextField(_("evaluering"), blank=True)

    class Meta:
        ordering = ["posting", "submitted_at", "pk"]
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        constraints = [
            # One bid per enterprise per posting (and per lot, when the posting has lots).
            models.UniqueConstraint(
                fields=["posting", "bidder"], condition=Q(lot__isnull=True), name="one_bid_per_enterprise"
            ),
            models.UniqueConstraint(
                fields=["lot", "bidder"], condition=Q(lot__isnull=False), name="one_bid_per_enterprise_per_lot"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="bid_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.bidder} – {self.posting}"


class Award(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="awards")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    bid = models.OneToOneField(Bid, on_delete=models.RESTRICT, related_name="award")  # goes with its posting
    justification = models.TextField(_("begrundelse"))
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField()

    class Meta:
        ordering = ["posting", "lot", "pk"]
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        constraints = [
            models.UniqueConstraint(fields=["posting"], condition=Q(lot__isnull=True), name="one_award_per_posting"),
            models.UniqueConstraint(fields=["lot"], condition=Q(lot__isnull=False), name="one_award_per_lot"),
        ]

    def __str__(self) -> str:
        return f"{self.posting}: {self.bid.bidder}"


class Invitation(models.Model):
    """Procurement invited a suggested supplier; the e-mail goes out in a background job."""

    class Sent(models.TextChoices):
        QUEUED = "queued", _("Sendes")
        SENT = "sent", _("Sendt")
        NO_ADDRESS = "no_address", _("Ingen e-mailadresse")

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Sent.choices, default=Sent.QUEUED)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        constraints = [models.UniqueConstraint(fields=["posting", "organisation"], name="one_invitation_per_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation_id} ← {self.posting_id}"
