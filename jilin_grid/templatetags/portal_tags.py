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
