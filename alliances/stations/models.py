"""Red stations (红色驿站): community party-and-people service posts made from old police booths, with
their functions, service items, stationed social organizations, experts, volunteers and events; and
party members' demonstration family stations (党员示范活动家庭站点) in compounds and buildings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.volunteering.models import InServiceMember
from communities.models import Community
from jilin_grid.geo import LocatedModel, location_constraints
from jilin_grid.models import AreaCodeModel

from .choices import ExpertField, StationEventKind, VolunteerKind


class StationFunction(models.Model):
    """A function a red station offers (党建宣传, 法律援助, ...): data, edited in the admin."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("station function")
        verbose_name_plural = _("station functions")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class RedStation(LocatedModel, AreaCodeModel):
    """A red station (红色驿站) of a community, in a compound or on a street, made from an old police
    booth (废旧警务岗亭)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="red_stations", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    place = models.CharField(_("compound or street"), max_length=200)
    former_booth = models.CharField(_("former police booth"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened on"))
    hours = models.CharField(_("opening hours"), max_length=100)
    functions = models.ManyToManyField(
        StationFunction, blank=True, related_name="stations", verbose_name=_("functions")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("red station")
        verbose_name_plural = _("red stations")
        ordering = ["area_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="red_station_unique_name_in_community"),
            *location_constraints("red_station"),
        ]

    def __str__(self) -> str:
        return f"{self.community.name} · {self.name}"

    def derive_area_code(self) -> str:
        return self.community.code


class StationPart(AreaCodeModel):
    """A row that belongs to a red station and lies in its area."""

    station = models.ForeignKey(RedStation, on_delete=models.CASCADE, verbose_name=_("red station"))

    class Meta:
        abstract = True

    def derive_area_code(self) -> str:
        return self.station.area_code


class StationServiceItem(StationPart):
    """A service item of a red station: what is offered, when, and by whom."""

    station = models.ForeignKey(
        RedStation, on_delete=models.CASCADE, related_name="items", verbose_name=_("red station")
    )
    title = models.CharField(_("service"), max_length=100)
    schedule = models.CharField(_("when"), max_length=100)
    provider = models.CharField(_("by whom"), max_length=100)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["station", "id"]

    def __str__(self) -> str:
        return self.title


class StationOrganization(StationPart):
    """A social organization stationed at a red station (市爱心家园, 家政协会, ...)."""

    station = models.ForeignKey(
        RedStation, on_delete=models.CASCADE, related_name="organizations", verbose_name=_("red station")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("stationed social organization")
        verbose_name_plural = _("stationed social organizations")
        ordering = ["station", "id"]
        constraints = [models.UniqueConstraint(fields=["station", "name"], name="station_organization_unique_name")]

    def __str__(self) -> str:
        return self.name


class StationExpert(StationPart):
    """An expert engaged by a red station (a lawyer, a scholar, an economist, a doctor) and when they serve."""

    station = models.ForeignKey(
        RedStation, on_delete=models.CASCADE, related_name="experts", verbose_name=_("red station")
    )
    name = models.CharField(_("name"), max_length=50)
    field = models.CharField(_("field"), max_length=20, choices=ExpertField.choices)
    schedule = models.CharField(_("schedule"), max_length=100)

    class Meta:
        verbose_name = _("station expert")
        verbose_name_plural = _("station experts")
        ordering = ["station", "id"]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_field_display()}"


class StationVolunteer(StationPart):
    """A volunteer of a red station: an in-service party member (linked to their record), a university
    student or a resident."""

    station = models.ForeignKey(
        RedStation, on_delete=models.CASCADE, related_name="volunteers", verbose_name=_("red station")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VolunteerKind.choices)
    name = models.CharField(_("name"), max_length=50)
    member = models.ForeignKey(
        InServiceMember, on_delete=models.PROTECT, null=True, blank=True, related_name="station_volunteering",
        verbose_name=_("in-service party member"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("station volunteer")
        verbose_name_plural = _("station volunteers")
        ordering = ["station", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=VolunteerKind.MEMBER, member__isnull=False)
                | (~Q(kind=VolunteerKind.MEMBER) & Q(member__isnull=True)),
                name="station_volunteer_member_iff_kind",
            ),
            models.UniqueConstraint(
                fields=["station", "member"], condition=Q(member__isnull=False), name="station_volunteer_member_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.kind == VolunteerKind.MEMBER and self.member_id is None:
            raise ValidationError({"member": _("Choose the in-service party member.")})
        if self.kind != VolunteerKind.MEMBER and self.member_id is not None:
            raise ValidationError({"member": _("Only an in-service party member is linked to a member's record.")})


class StationEvent(StationPart):
    """An event of a red station (expert teams in the community, a free clinic, aid): its day, its
    kind and how many took part."""

    station = models.ForeignKey(
        RedStation, on_delete=models.CASCADE, related_name="events", verbose_name=_("red station")
    )
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=20, choices=StationEventKind.choices)
    title = models.CharField(_("title"), max_length=100)
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("station event")
        verbose_name_plural = _("station events")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["station", "held_on"], name="station_event_by_day")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} · {self.title}"


class FamilyStation(LocatedModel, AreaCodeModel):
    """A party member's demonstration family station (党员示范活动家庭站点): a party member's home in a
    compound or building opened for study and activities (学习有场所、活动有载体、服务有特色)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="family_stations", verbose_name=_("community")
    )
    host = models.CharField(_("host party member"), max_length=50)
    place = models.CharField(_("compound and building"), max_length=200)
    learning_place = models.CharField(_("learning place"), max_length=200)
    activity_carrier = models.CharField(_("activity carrier"), max_length=200)
    service_feature = models.CharField(_("service feature"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("family station")
        verbose_name_plural = _("family stations")
        ordering = ["area_code", "place", "id"]
        constraints = location_constraints("family_station")

    def __str__(self) -> str:
        return f"{self.place} · {self.host}"

    def derive_area_code(self) -> str:
        return self.community.code


class FamilyActivity(AreaCodeModel):
    """An activity held at a family station: its day, its title and how many took part."""

    station = models.ForeignKey(
        FamilyStation, on_delete=models.CASCADE, related_name="activities", verbose_name=_("family station")
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=100)
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("family station activity")
        verbose_name_plural = _("family station activities")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} · {self.title}"

    def derive_area_code(self) -> str:
        return self.station.area_code
