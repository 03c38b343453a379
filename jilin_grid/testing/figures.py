"""Checks of a domain's figures for the cockpit (``jilin_grid/figures.py``) in its tests: the
figures of an area and period, and the rows the list behind a figure shows."""

from __future__ import annotations

from jilin_grid.areas import area_get
from jilin_grid.figures import Period, figure_get, read_figures

LEVEL_LENGTHS = (4, 6, 9, 12)  # the city, a district, a street, a community


def levels(code: str) -> list[str]:
    """The codes of the city, district, street and community at and above a community's or grid's ``code``."""
    return [code[:length] for length in LEVEL_LENGTHS]


def own_figures(family: str, code: str, period: Period) -> dict:
    """The figures of ``family`` for the area ``code`` and ``period``, as the cockpit reads them."""
    return read_figures(area_get(code), period, [family])[family]["own"]


def listed(client, key: str, code: str, period: Period) -> int:
    """How many rows the list behind the figure ``key`` ("family.figure") shows for the area and
    period, to the signed-in ``client`` (the page must answer 200)."""
    _family, figure = figure_get(key)
    url = figure.link(code, period)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.context["paginator"].count
