"""Names the request behind every audit entry written while it is answered."""

from __future__ import annotations

from jilin_grid.audit.context import current_request


class AuditMiddleware:
    """Keeps the request for the audit entries; it reads nothing unless an entry is written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
