"""Outcome contracts in the platform (issue 4): contracts and their versions, and
settlement runs stored immutably with the fingerprint of their inputs.

A contract attaches to exactly one partnership (seed 001's growth partnership) or framework
agreement (agreements app) and settles the enrolments of its programmes. Editing a contract
creates a new ContractVersion; a run keeps the version it was computed from. Runs and their
ledger entries are append-only: the models refuse save/delete of an existing row, and on
PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002).

The engine (package `outcomes`) is reached only through contracts.adapter.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    pass


class CohortBy(models.TextChoices):
    TEAM = "team", _("Hold")
    PROGRAMME_YEAR = "programme_year", _("Forløb og startår")
    HALF_YEAR = "half_year", _("Starthalvår (fx 2025-H1)")


class OutcomeContract(models.Model):
    """The contract as a thing the municipality holds; its terms are in its versions."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=200)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="contracts",
        verbose_name=_("partnerskab"),
    )
    agreement = models.ForeignKey(
        "agreements.FrameworkAgreement", on_delete=models.PROTECT, null=True, blank=True,
        related_name="outcome_contracts", verbose_name=_("rammeaftale"),
    )
    programmes = models.ManyToManyField(
        "pathways.Programme", related_name="outcome_contracts", blank=True, verbose_name=_("forløb")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(partnership__isnull=False) & Q(agreement__isnull=True))
                | (Q(partnership__isnull=True) & Q(agreement__isnull=False)),
                name="contract_attached_to_exactly_one",
            )
        ]
        verbose_name = _("resultatkontrakt")
        verbose_name_plural = _("resultatkontrakter")

    def __str__(self) -> str:
        return self.name

    @property
    def attached_to(self):
        return self.partnership or self.agreement


class ContractVersion(models.Model):
    """One version of a contract's YAML. Never changed: editing adds a version."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(OutcomeContract, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    yaml_text = models.TextField(_("kontrakt (YAML)"))
    fingerprint = models.CharField(_("fingeraftryk"), max_length=64)
    cohort_by = models.CharField(_("kohorte"), max_length=20, choices=CohortBy.choices, default=CohortBy.TEAM)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploadet"), auto_now_add=True)

    class Meta:
        ordering = ["contract", "-number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="unique_contract_version")]
        verbose_name = _("kontraktversion")
        verbose_name_plural = _("kontraktversioner")

    def __str__(self) -> str:
        return f"{self.contract_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("A contract version cannot be changed; upload a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("A contract version cannot be deleted.")


class RunKind(models.TextChoices):
    SETTLE = "settle", _("Afregning")
    BUSINESS_CASE = "business_case", _("Business case")
    SIMULATE = "simulate", _("Simulering")
    PLAN_VS_ACTUAL = "plan_vs_actual", _("Plan mod faktisk")


class SettlementRun(models.Model):
    """One computation on a contract version, stored with everything needed to show it again:
    the input fingerprint (contract text + outcome rows + parameters), the result as JSON, the
    key totals as columns and, for settlements, the ledger in LedgerEntry rows."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(OutcomeContract, on_delete=models.PROTECT, related_name="runs")
    version = models.ForeignKey(ContractVersion, on_delete=models.PROTECT, related_name="runs")
    municipality = models.ForeignKey("tenants.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=RunKind.choices)
    label = models.CharField(_("scenarie"), max_length=200, blank=True)
    as_of = models.DateField(_("opgjort pr."))
    params = models.JSONField(_("parametre"), default=dict, blank=True)
    input_fingerprint = models.CharField(_("inputs fingeraftryk"), max_length=64, db_index=True)
    engine_fingerprint = models.CharField(max_length=64, blank=True)
    participants = models.PositiveIntegerField(_("deltagere"), default=0)
    outcome_rows = models.PositiveIntegerField(_("udfaldsrækker"), default=0)
    total = models.DecimalField(_("udbetalt i alt"), max_digits=16, decimal_places=2, default=0)
    total_due = models.DecimalField(_("forfaldent"), max_digits=16, decimal_places=2, default=0)
    cut_total = models.DecimalField(_("afskåret i alt"), max_digits=16, decimal_places=2, default=0)
    result = models.JSONField(_("resultat"), default=dict)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(_("kørt"), auto_now_add=True)
    # The form's one-time key: a double click or a retried request gives the same run, not two.
    idempotency_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-run_at", "-pk"]
        indexes = [models.Index(fields=["contract", "-run_at"], name="run_contract_at")]
        constraints = [
            models.UniqueConstraint(fields=["contract", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="unique_run_submission")
        ]
        verbose_name = _("kørsel")
        verbose_name_plural = _("kørsler")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("A settlement run cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("A settlement run cannot be deleted.")


class EntryKind(models.TextChoices):
    PAID = "paid", _("Udbetalt")
    CUT = "cut", _("Afskåret")
    ADJUSTMENT = "adj", _("Til betaling (regulering)")


class LedgerEntry(models.Model):
    """One line of a settlement's ledger (paid) or one amount cut off, with the reason. The
    subject is an enrolment's public id (pseudonymous; names are looked up only for users who
    may see them) or a cohort for cohort-term lines."""

    run = models.ForeignKey(SettlementRun, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=4, choices=EntryKind.choices)
    subject = models.CharField(_("deltager/kohorte"), max_length=64)
    is_cohort = models.BooleanField(default=False)
    cohort = models.CharField(_("kohorte"), max_length=100)
    outcome = models.CharField(_("resultat"), max_length=100)
    rule = models.CharField(_("regel/årsag"), max_length=40)
    payer = models.CharField(_("betaler"), max_length=100, blank=True)
    event_date = models.DateField(_("hændelsesdato"))
    evidence_date = models.DateField(_("dokumentationsdato"))
    period = models.CharField(_("periode"), max_length=20, blank=True)
    due_date = models.DateField(_("forfald"), null=True, blank=True)
    amount = models.DecimalField(_("beløb"), max_digits=16, decimal_places=2)
    detail = models.CharField(_("forklaring"), max_length=300, blank=True)
    reason = models.CharField(_("årsag til regulering"), max_length=40, blank=True)  # adjustment lines only
    position = models.PositiveIntegerField()  # the engine's canonical order

    class Meta:
        ordering = ["run", "kind", "position"]
        indexes = [models.Index(fields=["run", "kind", "position"], name="ledger_run_kind_pos")]
        verbose_name = _("posteringslinje")
        verbose_name_plural = _("posteringslinjer")

    def __str__(self) -> str:
        return f"{self.outcome} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("A ledger entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("A ledger entry cannot be deleted.")


APPROVALS_NEEDED = 2


class PaymentApproval(models.Model):
    """One of the two approvals (four eyes) a settlement run needs before its payment lines
    count as paid. At most one per user and run, at most two per run: database constraints, so
    two requests at once cannot get around them. Append-only like the runs."""

    run = models.ForeignKey(SettlementRun, on_delete=models.PROTECT, related_name="approvals")
    step = models.PositiveSmallIntegerField(_("godkendelse nr."))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("godkendt af"))
    approved_at = models.DateTimeField(_("godkendt"), auto_now_add=True)

    class Meta:
        ordering = ["run", "step"]
        constraints = [
            models.UniqueConstraint(fields=["run", "approved_by"], name="approval_once_per_user"),
            models.UniqueConstraint(fields=["run", "step"], name="approval_one_per_step"),
            models.CheckConstraint(condition=Q(step__gte=1) & Q(step__lte=APPROVALS_NEEDED),
                                   name="approval_step_in_range"),
        ]
        verbose_name = _("betalingsgodkendelse")
        verbose_name_plural = _("betalingsgodkendelser")

    def __str__(self) -> str:
        return f"{self.run_id} #{self.step}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("An approval cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("An approval cannot be deleted.")
