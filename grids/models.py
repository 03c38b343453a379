"""The models of the grids app, gathered from its domains: the grid network and residents' problems."""

from grids.network.models import (
    Building,
    ChiefAssignment,
    Grid,
    GridWorker,
    NetworkSnapshot,
    ResidentialCompound,
    Unit,
)
from grids.problems.models import ProblemCategory, ProblemEvent, ProblemPhoto, ResidentProblem, problem_photo_path

__all__ = [
    "Building",
    "ChiefAssignment",
    "Grid",
    "GridWorker",
    "NetworkSnapshot",
    "ProblemCategory",
    "ProblemEvent",
    "ProblemPhoto",
    "ResidentProblem",
    "ResidentialCompound",
    "Unit",
    "problem_photo_path",
]
