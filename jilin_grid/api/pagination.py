"""Page-number pagination with a client-chosen page size."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination

from ..filters import MAX_ID, ascii_digits


class Pagination(pagination.PageNumberPagination):
    """Pages of ``page_size`` rows (default ``PAGE_SIZE``, at most ``max_page_size``: more is cut to
    it). A page or page size that is not a whole number of at least 1 answers 400; a page past the
    last, 404."""

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
