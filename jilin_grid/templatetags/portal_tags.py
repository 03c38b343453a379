"""Template helpers of the portal's pages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html

from jilin_grid.exports import PERCENT_FORMAT, Formatted
from jilin_grid.masking import tel_url
from jilin_grid.scope import Role, get_scope
from jilin_grid.users import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def user_role_label(context) -> str:
    """The label of the signed-in user's role over their own area (e.g. 社区工作者)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    scope = get_scope(user)
    if scope.is_superuser:
        return str(Role.CITY_ORG_DEPT.label)
    role = scope.role_for(scope.home_code(settings.CITY_CODE))
    return str(Role(role).label) if role in Role.values else ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (and ``page`` dropped)."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter(name="display_name")
def display_name_filter(user) -> str:
    """A user as people read them: their name, or their login name when they have none."""
    return display_name(user)


@register.filter
def is_checkbox(field) -> bool:
    return field.widget_type == "checkbox"


@register.filter
def phone_link(phone):
    """A phone number shown whole as a ``tel:`` link (one tap dials it); a masked one as text."""
    url = tel_url(str(phone or ""))
    if url is None:
        return phone
    return format_html(
        '<a class="tel-link text-nowrap" href="{}"><i class="bi bi-telephone me-1"></i>{}</a>', url, phone
    )


@register.filter
def is_number(value) -> bool:
    """A count, amount or rate (``exports.percent``): right-aligned in a table."""
    if isinstance(value, Formatted):
        return value.number_format == PERCENT_FORMAT
    return isinstance(value, int | float) and not isinstance(value, bool)


@register.inclusion_tag("portal/audit/_history_section.html")
def history_section(obj):
    """The "History" section of a record's page: its audit entries, loaded when it is scrolled to
    (so the page itself reads nothing more), for those who see the record."""
    from django.urls import reverse

    from jilin_grid.audit.selectors import history_model

    meta = getattr(obj, "_meta", None)
    if meta is None or obj.pk is None or history_model(meta.app_label, meta.model_name) is None:
        return {"url": None}
    return {"url": reverse("audit:object_history", args=[meta.app_label, meta.model_name, obj.pk])}


@register.inclusion_tag("portal/_menu.html", takes_context=True)
def portal_menu(context):
    """The menu of the signed-in user (``jilin_grid.menus``), the page shown marked active."""
    from jilin_grid.menus import menu_for

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"items": menu_for(get_scope(user), getattr(request, "resolver_match", None))}


@register.filter
def filter_groups(form) -> list[dict]:
    """The visible fields of a list's filter form, each with how it is shown (``jilin_grid.filters``
    chose the widgets): ``checks`` (a group of check boxes, with their ``options``), ``toggle`` (all
    / yes / no), ``range`` (a ``_from`` and a ``_to`` date side by side) or ``plain``."""
    from django.utils.translation import gettext as _

    from jilin_grid.filters import ChoiceCheckboxes, ChoiceToggle, ToggleBooleanWidget

    fields = list(form.visible_fields())
    by_name = {field.name: field for field in fields}
    groups, paired = [], set()
    for field in fields:
        if field.name in paired:
            continue
        widget = field.field.widget
        if isinstance(widget, ChoiceCheckboxes | ToggleBooleanWidget | ChoiceToggle):
            kind = "checks" if isinstance(widget, ChoiceCheckboxes) else "toggle"
            if isinstance(widget, ChoiceCheckboxes):
                chosen = {str(item) for item in (field.value() or [])}
            elif isinstance(widget, ChoiceToggle):
                chosen = {str(field.value() or "")}
            else:
                chosen = set(widget.format_value(field.value()))
            choices = widget.choices if isinstance(widget, ToggleBooleanWidget) else field.field.choices
            options = [
                {
                    "value": str(value),
                    "label": label if str(value) else _("All"),
                    "id": f"{field.auto_id}_{index}",
                    "checked": str(value) in chosen,
                }
                for index, (value, label) in enumerate(choices)
            ]
            if isinstance(widget, ChoiceToggle) and "" not in {option["value"] for option in options}:
                options.insert(
                    0, {"value": "", "label": _("All"), "id": f"{field.auto_id}_all", "checked": not chosen - {""}}
                )
            groups.append({"kind": kind, "field": field, "options": options})
            continue
        if getattr(widget, "input_type", "") == "date" and field.name.endswith("_from"):
            partner = by_name.get(field.name.removesuffix("_from") + "_to")
            if partner is not None and getattr(partner.field.widget, "input_type", "") == "date":
                paired.add(partner.name)
                groups.append({"kind": "range", "field": field, "to": partner})
                continue
        groups.append({"kind": "plain", "field": field})
    return groups


@register.inclusion_tag("portal/_filter_chips.html", takes_context=True)
def filter_chips(context, filterset):
    """The filters applied to a list, each a chip that removes it (one value of a choice of several),
    keeping the others, and a link that clears them all."""
    from jilin_grid.filters import filter_chips as chips_of

    request = context["request"]
    skipped = getattr(context.get("view"), "chipless_filters", ())
    chips = [chip for chip in chips_of(filterset, request) if chip["name"] not in skipped]
    return {"chips": chips, "clear_url": request.path}
