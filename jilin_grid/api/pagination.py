"""Page-number pagination with a client-chosen page size."""

import math

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..filters import MAX_ID, ascii_digits
from ..paging import Paginator


class Pagination(pagination.PageNumberPagination):
    """Pages of ``page_size`` rows (default ``PAGE_SIZE``, at most ``max_page_size``: more is cut to
    it). A page or page size that is not a whole number of at least 1 answers 400; a page past the
    last, 404."""

    django_paginator_class = Paginator  # a first page that is not full is not counted again
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw != "last" and not (ascii_digits(raw) and int(raw) >= 1):
            # As sent: "page=" with nothing, or " 2", is not a page number (a page past the last is 404).
            raise exceptions.ValidationError({self.page_query_param: [_("Enter a whole number of at least 1.")]})
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            text = raw.strip()
            if not ascii_digits(text) or not 1 <= int(text) <= MAX_ID:
                raise exceptions.ValidationError(
                    {self.page_size_query_param: [_("Enter a whole number of at least 1.")]}
                )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in {self.page_query_param, self.page_size_query_param}:
                parameter["schema"]["minimum"] = 1
        return parameters


def requested_page(request) -> tuple[int | str, int]:
    """The page (a number, or ``"last"``) and page size that ``request`` asks for, checked as the
    list endpoints check them, for an answer whose rows are not a queryset (a report's units)."""
    paginator = Pagination()
    size = paginator.get_page_size(request)
    raw = request.query_params.get(paginator.page_query_param)
    if raw is None:
        return 1, size
    if raw != "last" and not (ascii_digits(raw) and int(raw) >= 1):
        raise exceptions.ValidationError({paginator.page_query_param: [_("Enter a whole number of at least 1.")]})
    return (raw if raw == "last" else int(raw)), size


def page_of(request, page: int | str, size: int, count: int) -> dict:
    """The page number of ``page`` among ``count`` rows, with ``count``, ``next`` and ``previous``
    as the list endpoints answer them; a page past the last answers 404."""
    last = max(1, math.ceil(count / size))
    number = last if page == "last" else page
    if number > last:
        raise exceptions.NotFound(_("Invalid page."))
    url = request.build_absolute_uri()
    following = replace_query_param(url, "page", number + 1) if number < last else None
    if number <= 1:
        previous = None
    else:
        previous = remove_query_param(url, "page") if number == 2 else replace_query_param(url, "page", number - 1)
    return {"number": number, "count": count, "next": following, "previous": previous}
