"""The admin of the grids app: each domain registers its own models."""

from grids.network import admin as network_admin
from grids.problems import admin as problems_admin

__all__ = ["network_admin", "problems_admin"]
