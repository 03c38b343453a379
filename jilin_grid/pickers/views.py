"""``/pickers/<name>/``: the records a signed-in user may pick, as JSON, searched and filtered."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .registry import choices_for, picker_get, search

PAGE = 30


@require_GET
@never_cache
@login_required
def picker_choices(request, name: str):
    """``{"results": [{"id", "text"}], "more": bool}``: the first 30 records matching ``q`` and
    the filters, inside the user's area (without ``q``, filtered by another record, the first
    ``PICKER_INLINE_LIMIT``: a grid's buildings all listed); 400 with the message beside the
    parameter otherwise."""
    picker = picker_get(name)
    if picker is None:
        raise Http404(_("There is no such picker."))
    if picker.answer is not None:
        try:
            results, more = picker.answer(request.user, request.GET, PAGE)
        except ValidationError as error:
            return _refused(error)
        return JsonResponse({"results": results, "more": more})
    try:
        queryset = search(picker, choices_for(picker, request.user), request.GET)
    except ValidationError as error:
        return _refused(error)
    listed = not request.GET.get("q", "").strip() and any(request.GET.get(name) for name in picker.filters)
    size = settings.PICKER_INLINE_LIMIT if listed else PAGE
    records = list(queryset[: size + 1])
    return JsonResponse(
        {
            "results": [{"id": record.pk, "text": picker.label(record)} for record in records[:size]],
            "more": len(records) > size,
        }
    )


def _refused(error: ValidationError) -> JsonResponse:
    errors = {key: [str(message) for message in messages] for key, messages in error.message_dict.items()}
    return JsonResponse({"errors": errors}, status=400)
