"""Choices of the administrative tree and the party organizations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jilin_grid.areas import AreaLevel
from jilin_grid.scope import Role


class DistrictKind(models.TextChoices):
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    COUNTY_CITY = "county_city", _("County-level city")


class StreetKind(models.TextChoices):
    STREET = "street", _("Street")
    TOWN = "town", _("Town")
    TOWNSHIP = "township", _("Township")


class PartyOrganizationKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General party branch")
    BRANCH = "branch", _("Party branch")
    GRID_BRANCH = "grid_branch", _("Grid party branch")
    PARTY_GROUP = "party_group", _("Party group")


# Kinds that can be a grid's party organization (网格党组织).
GRID_ORGANIZATION_KINDS = (PartyOrganizationKind.GRID_BRANCH, PartyOrganizationKind.PARTY_GROUP)


class HostUnitKind(models.TextChoices):
    """Where an organization sits: an area itself, or a unit inside it."""

    AREA = "area", _("Area (street, community or grid)")
    AGENCY = "agency", _("Government agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    PROPERTY_COMPANY = "property_company", _("Property company")
    SOCIAL_ORGANIZATION = "social_organization", _("Social organization")
    INSTITUTION = "institution", _("Public institution (school, hospital)")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "", _("Not recorded")


# The level a role's grant is made at (the read-only API client may hold any level).
ROLE_LEVELS = {
    Role.CITY_ORG_DEPT: AreaLevel.CITY,
    Role.DISTRICT_ORG_DEPT: AreaLevel.DISTRICT,
    Role.STREET_STAFF: AreaLevel.STREET,
    Role.COMMUNITY_STAFF: AreaLevel.COMMUNITY,
    Role.GRID_WORKER: AreaLevel.GRID,
}


class ApiTokenStatus(models.TextChoices):
    """Whether a token still opens the API."""

    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
