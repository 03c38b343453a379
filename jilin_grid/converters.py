"""The ``<area:code>`` path converter: the code of an area of any level of the tree.

Every URL naming an area takes this converter, so a code of any level (the city's 4 digits down to
a grid's 15) resolves and reverses alike; the page then decides what it shows for that level
(a page kept from the community up answers a grid's code as it answers an unknown one).
"""

from __future__ import annotations

from itertools import pairwise

from .scope import LEVEL_CODE_LENGTHS


def area_code_regex(lengths=LEVEL_CODE_LENGTHS) -> str:
    """``\\d{4}(?:\\d{2}(?:\\d{3}...)?)?``: the codes of every level, each a prefix of the next."""
    steps = [lengths[0], *(longer - shorter for shorter, longer in pairwise(lengths))]
    regex = ""
    for step in reversed(steps[1:]):
        regex = rf"(?:\d{{{step}}}{regex})?"
    return rf"\d{{{steps[0]}}}{regex}"


class AreaCodeConverter:
    regex = area_code_regex()

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)
