"""Base viewsets: every queryset is limited to the caller's area; ``DELETE`` may retire instead."""

from rest_framework import viewsets


class ScopedQuerysetMixin:
    """Applies the one scope rule to ``queryset``: objects outside the user's area answer 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedModelViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    """Subclasses set ``queryset`` (with its select_related), ``serializer_class`` and
    ``filterset_class``; the serializer's create() and update() call the app's services."""


class ScopedReadOnlyViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only viewset limited to the caller's area."""


class RetireOnDeleteMixin:
    """``DELETE`` retires the object through its service and answers 204; it stays readable."""

    def retire(self, instance) -> None:
        raise NotImplementedError

    def perform_destroy(self, instance) -> None:
        self.retire(instance)
