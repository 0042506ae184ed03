"""Access rules shared by every app's views.

Reads are scoped in QuerySets (`visible_to(user)`); these mixins turn a missing permission
into the right response: 404 for another LA's private data, 403 for a role that may read
but not change.
"""

from django.core.exceptions import PermissionDenied


class AdministratorRequiredMixin:
    """Only administrators (of an LA, or of the platform) may use this view."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission() if hasattr(self, "handle_no_permission") else None
        if not request.user.is_administrator:
            raise PermissionDenied("Only administrators can do this.")
        return super().dispatch(request, *args, **kwargs)
