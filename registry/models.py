import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import (
    RELATION_INVERSE_LABEL,
    Criterion,
    CriterionStatus,
    Kind,
    LegalForm,
    RelationKind,
    RsvStatus,
    Sector,
    Subkind,
)
from .rules import reasonableness_capacity, special_terms_share


class TargetGroup(models.Model):
    """Target groups an organisation serves. A dated code list: categories change by law."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=120)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free tag, per municipality so one tenant's vocabulary never shows to another."""

    municipality = models.ForeignKey("tenants.Municipality", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("navn"), max_length=rules.TAG_MAX_LENGTH)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_tag_per_municipality")]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def in_municipalities(self, municipality_ids):
        return self.filter(municipality_id__in=municipality_ids)


class Organisation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="organisations", verbose_name=_("kommune")
    )
    kind = models.CharField(_("aktørtype"), max_length=30, choices=Kind.choices)
    subkind = models.CharField(_("undertype"), max_length=30, choices=Subkind.choices, blank=True)
    name = models.CharField(_("navn"), max_length=200)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True)
    p_number = models.CharField(_("P-nummer"), max_length=10, blank=True)
    street = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    sector = models.CharField(_("sektor"), max_length=10, choices=Sector.choices)
    industry_code = models.CharField(_("branchekode"), max_length=7, blank=True)
    legal_form = models.CharField(_("virksomhedsform"), max_length=12, choices=LegalForm.choices, blank=True)
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="organisations", verbose_name=_("målgrupper"))
    purpose = models.TextField(_("formål"), blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    notes = models.TextField(_("noter"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="organisations", verbose_name=_("tags"))
    rsv_registered = models.BooleanField(_("registreret i RSV"), default=False)
    rsv_registered_on = models.DateField(_("registreret i RSV den"), null=True, blank=True)

    # Derived and stored so that lists filter and sort in SQL at national scale.
    # Kept true by registry.services.refresh_derived, the only writer.
    rsv_status = models.CharField(
        _("RSV-status"), max_length=15, choices=RsvStatus.choices, default=RsvStatus.NOT_ASSESSED, editable=False
    )
    criteria_met = models.PositiveSmallIntegerField(_("kriterier opfyldt"), default=0, editable=False)
    staffing_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    employees_total = models.PositiveIntegerField(null=True, blank=True, editable=False)
    employees_special = models.PositiveIntegerField(null=True, blank=True, editable=False)
    special_share = models.DecimalField(
        _("andel på særlige vilkår"), max_digits=5, decimal_places=4, null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cvr", "p_number"], condition=~Q(cvr=""), name="unique_cvr_p_per_municipality"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "name"], name="org_municipality_name"),
            models.Index(fields=["municipality", "kind"], name="org_municipality_kind"),
            models.Index(fields=["municipality", "rsv_status"], name="org_municipality_rsv"),
            # kind and sector: plain indexes, without the varchar_pattern_ops copy db_index adds
            # for LIKE (no query does LIKE on a choice; each index costs every import row).
            models.Index(fields=["kind"], name="org_kind"),
            models.Index(fields=["sector"], name="org_sector"),
            # cvr: only the pattern index, for the search's cvr LIKE 'digits%' (it serves = too).
            models.Index(fields=["cvr"], name="org_cvr_pattern", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        """The field rules (registry.rules.organisation_errors) and one organisation per CVR
        and P-number in a municipality, each reported on its field. Runs in full_clean(), so
        every service write, the form and the API enforce the same rules."""
        errors = rules.organisation_errors(
            kind=self.kind, subkind=self.subkind, cvr=self.cvr, rsv_registered=self.rsv_registered
        )
        if "cvr" not in errors and self.cvr and self.municipality_id is not None:
            clash = Organisation.objects.filter(
                municipality_id=self.municipality_id, cvr=self.cvr, p_number=self.p_number
            ).exclude(pk=self.pk)
            if clash.exists():
                errors["cvr"] = _("Der findes allerede en organisation med dette CVR- og P-nummer i kommunen.")
        if errors:
            raise ValidationError(errors)

    @property
    def can_register_in_rsv(self) -> bool:
        return rules.can_register_in_rsv(cvr=self.cvr, legal_form=self.legal_form)

    @property
    def rsv_legal_form_problem(self) -> bool:
        return rules.rsv_legal_form_problem(self.legal_form)


class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("navn"), max_length=150)
    role = models.CharField(_("rolle"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name


class CriterionAssessment(models.Model):
    """One of the five RSV criteria assessed for one organisation, with evidence."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.PositiveSmallIntegerField(_("kriterium"), choices=Criterion.choices)
    status = models.CharField(_("vurdering"), max_length=10, choices=CriterionStatus.choices, default=CriterionStatus.UNKNOWN)
    evidence = models.TextField(_("dokumentation"), blank=True)
    assessed_on = models.DateField(_("vurderet den"), null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "criterion"], name="one_assessment_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.get_status_display()}"


class Staffing(models.Model):
    """Staff in one year, including employees on special terms. Persons in company internship
    (virksomhedspraktik) are not employees but count towards the reasonableness rule."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staffing")
    year = models.PositiveSmallIntegerField(_("år"))
    employees_total = models.PositiveIntegerField(_("ansatte i alt"))
    fleksjob = models.PositiveIntegerField(_("i fleksjob"), default=0)
    skaanejob = models.PositiveIntegerField(_("i skånejob"), default=0)
    wage_subsidy = models.PositiveIntegerField(_("i løntilskud"), default=0)
    other_special = models.PositiveIntegerField(_("andre særlige vilkår"), default=0)
    interns = models.PositiveIntegerField(_("i virksomhedspraktik"), default=0)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_staffing_per_year"),
            models.CheckConstraint(
                condition=Q(
                    employees_total__gte=models.F("fleksjob")
                    + models.F("skaanejob")
                    + models.F("wage_subsidy")
                    + models.F("other_special")
                ),
                name="special_terms_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    @property
    def special_total(self) -> int:
        return self.fleksjob + self.skaanejob + self.wage_subsidy + self.other_special

    @property
    def ordinary(self) -> int:
        return self.employees_total - self.special_total

    @property
    def special_share(self):
        return special_terms_share(self.employees_total, self.special_total)

    @property
    def reasonableness(self):
        return reasonableness_capacity(ordinary=self.ordinary, subsidised_now=self.wage_subsidy + self.interns)


class Relation(models.Model):
    source = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=15, choices=RelationKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_relation"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="relation_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def inverse_label(self) -> str:
        return str(RELATION_INVERSE_LABEL[RelationKind(self.kind)])


class ImportJob(models.Model):
    """One uploaded registry import file: validated first (nothing written), applied on
    confirmation in one transaction. See registry.importing."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploadet")
        VALIDATING = "validating", _("Kontrolleres")
        VALID = "valid", _("Klar til import")
        INVALID = "invalid", _("Har fejl")
        APPLYING = "applying", _("Importeres")
        DONE = "done", _("Importeret")
        FAILED = "failed", _("Fejlet")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (xlsx)"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("filnavn"), max_length=255)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    content = models.BinaryField(_("filindhold"), blank=True)  # emptied once the import is done
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": 3, "column": "cvr", "reason": "…"}]
    warnings = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("importjob")
        verbose_name_plural = _("importjob")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.VALIDATING, self.Status.APPLYING)

    @property
    def percent(self) -> int:
        if self.status in (self.Status.VALID, self.Status.INVALID, self.Status.DONE):
            return 100
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
