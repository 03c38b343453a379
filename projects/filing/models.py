"""The filing of community party secretaries with the district or county organization department
(社区党组织书记县级党委组织部备案管理): one filing per secretary's time in post at a community party
organization, with how they were selected, their term, education and birth date, the training they
received (育), rewards and discipline (管) and promotions (用). A change of secretary ends the current
filing and opens a new one; the history is kept."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.choices import HostUnitKind
from communities.models import PartyOrganization, Person
from jilin_grid.models import AreaCodeModel, ScopedModel
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from projects.assessment.choices import COMMUNITY_ORGANIZATION_KINDS

from .choices import Education, RecordKind, SelectionMethod

MIN_AGE = 18
MAX_TRAINING_HOURS = 2000


def age_on(birth_date: date, day: date) -> int:
    """Whole years from ``birth_date`` to ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class SecretaryFiling(AreaCodeModel):
    """A community party secretary's filing (备案): who leads the organization since when, chosen how,
    for which term; ended (with the day and the reason) when another secretary takes over."""

    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="secretary_filings",
        verbose_name=_("party organization"),
    )  # fmt: skip
    secretary = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="secretary_filings", verbose_name=_("secretary")
    )
    selection = models.CharField(_("how selected"), max_length=30, choices=SelectionMethod.choices)
    selected_on = models.DateField(_("in post since"))
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    birth_date = models.DateField(_("birth date"))
    ended_on = models.DateField(_("left the post on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("filed by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("secretary's filing")
        verbose_name_plural = _("secretaries' filings")
        ordering = ["area_code", "organization_id", "-selected_on", "-id"]
        indexes = [models.Index(fields=["area_code", "ended_on"], name="secretary_filing_area")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(ended_on__isnull=True),
                name="secretary_filing_one_current",
                violation_error_message=_("The organization has a current filing: change the secretary instead."),
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="secretary_filing_term_in_order",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("selected_on")),
                name="secretary_filing_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="") | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="secretary_filing_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__lt=F("selected_on")), name="secretary_filing_born_before_post"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.secretary.name} · {self.organization.name}"

    def derive_area_code(self) -> str:
        return self.organization.area_code

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        super().clean()
        errors: dict = {}
        organization = self.organization if self.organization_id else None
        if organization is not None and not (
            len(organization.area_code) == COMMUNITY_CODE_LENGTH
            and organization.kind in COMMUNITY_ORGANIZATION_KINDS
            and organization.host_unit_kind == HostUnitKind.AREA
        ):
            errors["organization"] = _("Only a community's own party organization is filed here.")
        if self.birth_date and self.selected_on and age_on(self.birth_date, self.selected_on) < MIN_AGE:
            errors["birth_date"] = _("A secretary is at least %(age)s years old when selected.") % {"age": MIN_AGE}
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("The term ends after it starts.")
        if self.selected_on and self.term_start and self.term_start < self.selected_on:
            errors["term_start"] = _("The term starts on or after the day the secretary took the post.")
        if self.ended_on and self.selected_on and self.ended_on < self.selected_on:
            errors["ended_on"] = _("The secretary leaves the post after taking it (%(day)s).") % {
                "day": self.selected_on.isoformat()
            }
        if self.ended_on and not self.end_reason.strip():
            errors["end_reason"] = _("Say why the secretary leaves the post.")
        if errors:
            raise ValidationError(errors)


class Training(ScopedModel):
    """A course a filed secretary attended (育): its title, organizer, days and hours."""

    scope_field = "filing__area_code"

    filing = models.ForeignKey(
        SecretaryFiling, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("filing")
    )
    title = models.CharField(_("course"), max_length=200)
    organizer = models.CharField(_("organizer"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    hours = models.PositiveSmallIntegerField(
        _("hours"), validators=[MinValueValidator(1), MaxValueValidator(MAX_TRAINING_HOURS)]
    )

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["filing", "-starts_on", "-id"]
        indexes = [models.Index(fields=["filing", "starts_on"], name="filing_training_day")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="filing_training_days_in_order"),
            models.CheckConstraint(
                condition=Q(hours__gte=1, hours__lte=MAX_TRAINING_HOURS), name="filing_training_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.starts_on.isoformat()}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The course ends on or after its first day.")})


class FilingRecord(ScopedModel):
    """A dated entry of a filing: a reward or a discipline (管), a promotion (用)."""

    scope_field = "filing__area_code"

    filing = models.ForeignKey(
        SecretaryFiling, on_delete=models.CASCADE, related_name="records", verbose_name=_("filing")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices)
    on = models.DateField(_("date"))
    text = models.CharField(_("what"), max_length=300)

    class Meta:
        verbose_name = _("filing entry")
        verbose_name_plural = _("filing entries")
        ordering = ["filing", "-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.on.isoformat()}"
