"""The admin of the alliances app: each domain registers its own models."""

from alliances.cadres import admin as cadres_admin
from alliances.campaigns import admin as campaigns_admin
from alliances.desk import admin as desk_admin
from alliances.loop import admin as loop_admin
from alliances.property import admin as property_admin
from alliances.stations import admin as stations_admin
from alliances.volunteering import admin as volunteering_admin

__all__ = [
    "cadres_admin",
    "campaigns_admin",
    "desk_admin",
    "loop_admin",
    "property_admin",
    "stations_admin",
    "volunteering_admin",
]
