"""The portal's menu: entries the apps register, shown to the roles whose pages they are.

An app registers its entries in its AppConfig.ready() (the shared layer imports no app), e.g.::

    register_menu_group("service", _("Service"), order=60, testid="nav-volunteering", icon="bi-heart")
    register_menu_entry(
        "checkpoints",
        _("Checkpoints"),
        "alliances:checkpoint_list",
        group="service",
        section=_("Cadres sunk to communities"),
        order=640,
        visible=above_grid,
        active=active_when(prefixes=("checkpoint_",), app="alliances"),
    )

An entry is shown when its ``visible(scope)`` predicate agrees (who it is for: a grid worker's menu
is short) *and* the page's view lets the user in (``permits``, see ``jilin_grid.views``): the
menu never offers a page that answers 403. ``args(scope)`` gives the URL's arguments (the user's
own area), ``active(match)`` says whether the page shown belongs to the entry.
``templates/portal/_menu.html`` renders the menu for the navbar and the phone's collapsed menu.

The bar holds one row on a 1280 px screen for every role, so: related pages share a drop-down (a
group the user sees fewer than ``GROUP_MIN_ENTRIES`` entries of stands in the bar entry by entry:
the drop-down would cost a tap and save no room), and a secondary entry (``icon_only``) shows its
icon alone in the wide bar, its label in its tooltip, for screen readers, and in the phone's menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .scope import COMMUNITY_CODE_LENGTH, Scope


@dataclass(frozen=True)
class MenuGroup:
    """A drop-down of the navbar, holding entries in sections."""

    key: str
    label: Any
    order: int
    icon: str = ""
    testid: str = ""


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: Any | Callable[[Scope], Any]
    url_name: str
    order: int
    args: Callable[[Scope], tuple] | None = None
    icon: str = ""
    group: str | None = None
    section: Any = None
    testid: str = ""
    visible: Callable[[Scope], bool] | None = None
    active: Callable[[Any], bool] | None = None
    icon_only: bool = False

    def label_for(self, scope: Scope):
        return self.label(scope) if callable(self.label) else self.label


MENU_GROUPS: dict[str, MenuGroup] = {}
MENU_ENTRIES: dict[str, MenuEntry] = {}

# A drop-down is worth its extra tap when it holds this many of the user's entries.
GROUP_MIN_ENTRIES = 3


def register_menu_group(key: str, label, *, order: int, icon: str = "", testid: str = "") -> MenuGroup:
    group = MenuGroup(key, label, order, icon, testid)
    MENU_GROUPS[key] = group
    return group


def register_menu_entry(
    key: str,
    label,
    url_name: str,
    *,
    order: int,
    args: Callable[[Scope], tuple] | None = None,
    icon: str = "",
    group: str | None = None,
    section=None,
    testid: str = "",
    visible: Callable[[Scope], bool] | None = None,
    active: Callable[[Any], bool] | None = None,
    icon_only: bool = False,
) -> MenuEntry:
    """Offer the page ``url_name`` in the menu (see the module's docstring)."""
    if group is not None and group not in MENU_GROUPS:
        raise ValueError(f"Menu group {group!r} is not registered.")
    if icon_only and not icon:
        raise ValueError(f"Menu entry {key!r} is shown by its icon alone: give it one.")
    entry = MenuEntry(key, label, url_name, order, args, icon, group, section, testid, visible, active, icon_only)
    MENU_ENTRIES[key] = entry
    return entry


# Predicates the apps' entries share.


def above_grid(scope: Scope) -> bool:
    """Users with an area at the community level or above it: the community's work (alliances,
    volunteering, cadres, projects) is theirs; a grid worker's menu keeps to their grid."""
    return scope.reaches(COMMUNITY_CODE_LENGTH)


def own_area_args(scope: Scope) -> tuple:
    """The user's own area: their widest grant, the city for superusers."""
    return (scope.home_code(settings.CITY_CODE),)


def active_when(
    *, prefixes: tuple[str, ...] = (), app: str | None = None, excluding: tuple[str, ...] = ()
) -> Callable[[Any], bool]:
    """Active on the pages whose URL name starts with one of ``prefixes`` (every page of ``app``
    when none is given) and with none of ``excluding``."""

    def active(match) -> bool:
        if match is None:
            return False
        name = match.url_name or ""
        if app is not None and match.app_name != app:
            return False
        if prefixes and not name.startswith(prefixes):
            return False
        return not (excluding and name.startswith(excluding))

    return active


# What a user sees.


@dataclass
class ShownEntry:
    key: str
    label: Any
    url: str
    icon: str
    section: Any
    testid: str
    active: bool
    icon_only: bool = False


@dataclass
class ShownItem:
    """A top-level item: one entry, or a group with its entries."""

    key: str
    label: Any
    icon: str
    testid: str
    active: bool
    url: str = ""
    entries: list[ShownEntry] = field(default_factory=list)
    icon_only: bool = False

    @classmethod
    def of_entry(cls, shown: ShownEntry) -> ShownItem:
        return cls(
            shown.key, shown.label, shown.icon, shown.testid, shown.active, url=shown.url, icon_only=shown.icon_only
        )

    @property
    def is_group(self) -> bool:
        return not self.url


# The view class behind each entry's URL name, resolved once.
_VIEW_CLASSES: dict[str, Any] = {}


def entry_shown(entry: MenuEntry, scope: Scope, match=None) -> ShownEntry | None:
    """The entry as ``scope`` sees it, or None when it is not theirs or its page would refuse them."""
    from .views import view_class_of

    if entry.visible is not None and not entry.visible(scope):
        return None
    args = entry.args(scope) if entry.args else ()
    try:
        url = reverse(entry.url_name, args=args)
    except NoReverseMatch:
        return None
    if entry.url_name not in _VIEW_CLASSES:
        _VIEW_CLASSES[entry.url_name] = view_class_of(entry.url_name, args)
    view_class = _VIEW_CLASSES[entry.url_name]
    permits = getattr(view_class, "permits", None)
    if permits is not None and not permits(scope):
        return None
    active = entry.active(match) if entry.active else bool(match and match.view_name == entry.url_name)
    testid = entry.testid or f"nav-{entry.key}"
    return ShownEntry(
        entry.key, entry.label_for(scope), url, entry.icon, entry.section, testid, active, entry.icon_only
    )


def menu_for(scope: Scope, match=None) -> list[ShownItem]:
    """The menu of ``scope`` in order: entries outside groups, and the groups with an entry shown
    (those with fewer than ``GROUP_MIN_ENTRIES`` shown give their entries to the bar, in its place)."""
    if scope.is_empty or scope.is_api_client_only:
        return []
    items: list[tuple[tuple[int, int], ShownItem]] = []
    grouped: dict[str, list[tuple[int, ShownEntry]]] = {}
    for entry in MENU_ENTRIES.values():
        shown = entry_shown(entry, scope, match)
        if shown is None:
            continue
        if entry.group is None:
            items.append(((entry.order, 0), ShownItem.of_entry(shown)))
        else:
            grouped.setdefault(entry.group, []).append((entry.order, shown))
    for key, entries in grouped.items():
        group = MENU_GROUPS[key]
        entries.sort(key=lambda pair: pair[0])
        if len(entries) < GROUP_MIN_ENTRIES:
            items.extend(((group.order, order), ShownItem.of_entry(shown)) for order, shown in entries)
            continue
        shown_entries = [shown for _order, shown in entries]
        item = ShownItem(
            key,
            group.label,
            group.icon,
            group.testid or f"nav-{key}",
            any(shown.active for shown in shown_entries),
            entries=shown_entries,
        )
        items.append(((group.order, 0), item))
    return [item for _order, item in sorted(items, key=lambda pair: pair[0])]


def my_area_label(scope: Scope):
    return _("My area") if above_grid(scope) else _("My grid")


def register_shared_entries() -> None:
    """The shared layer's own entries: the user's area, and the audit trail."""
    register_menu_entry(
        "my-area",
        my_area_label,
        settings.AREA_PAGE_URL_NAME,
        order=10,
        args=own_area_args,
        icon="bi-diagram-3",
        active=lambda match: bool(match and match.view_name == settings.AREA_PAGE_URL_NAME),
    )
    register_menu_entry(
        "audit",
        _("Audit trail"),
        "audit:audit_log",
        order=120,
        icon="bi-journal-check",
        active=active_when(app="audit"),
        icon_only=True,
    )
