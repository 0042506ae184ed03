"""Who may see and change what: the one set of access rules every app uses.

A council's programme, local figures and papers are private to that council's users and to
platform administrators; published national data is open to everyone signed in. Another
council's private record answers "Page not found" (404), exactly as a record that does not
exist; a role that may read but not change gets 403 on a change page.

- `CouncilScopedQuerySet`: base QuerySet of council-private models. A subclass names the path
  from its model to the council in `council_path`; `visible_to(user)` and
  `for_local_authority(la)` follow it.
- `access_object(queryset, user=, pk=, may=)`: the object, if it exists and the user may see it,
  in the same call (as Zulip's `access_*_by_id`); 404 otherwise; 403 if `may(user, obj)` says
  no.
- `ScopedObjectMixin`: a view's `get_object()` is that scoped fetch; `may_change(obj)` (default:
  anyone who can see it) gates change pages with 403.
- `CouncilFromUrlMixin`: the council named by the URL's DfE code, read one way for every app,
  as `self.local_authority`; `council_data_is_private` makes another council's users get 404;
  `may_use_council(local_authority)` gates the page with 403.
- `AdministratorRequiredMixin`: administrators (of a council or of the platform) only.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404


class CouncilScopedQuerySet(models.QuerySet):
    """Rows that belong to one council. `council_path` is the lookup from the model to its
    council, for example "theme__programme__local_authority"."""

    council_path = "local_authority"

    def visible_to(self, user):
        """Own council's rows; every council's for platform administrators; none otherwise."""
        if not user.is_authenticated:
            return self.none()
        if user.is_platform_administrator:
            return self.all()
        if user.local_authority_id is None:
            return self.none()
        return self.filter(**{self.council_path: user.local_authority_id})

    def for_local_authority(self, local_authority):
        return self.filter(**{self.council_path: local_authority})


def access_object(queryset, *, user, pk, may=None, denied_message: str = ""):
    """The row `pk` of `queryset.visible_to(user)`; 404 if it does not exist or the user may
    not see it; PermissionDenied if `may(user, obj)` is false."""
    obj = get_object_or_404(queryset.visible_to(user), pk=pk)
    if may is not None and not may(user, obj):
        raise PermissionDenied(denied_message or "You cannot change this.")
    return obj


class ScopedObjectMixin:
    """For DetailView/UpdateView/DeleteView: `get_object()` fetches through
    `get_queryset().visible_to(user)`; `may_change(obj)` false gives 403 (set
    `requires_change = True` on change pages)."""

    requires_change = False
    permission_denied_message = "You cannot change this."

    def may_change(self, obj) -> bool:
        return True

    def get_object(self, queryset=None):
        if not hasattr(self, "_scoped_object"):
            may = (lambda user, obj: self.may_change(obj)) if self.requires_change else None
            self._scoped_object = access_object(
                queryset if queryset is not None else self.get_queryset(),
                user=self.request.user,
                pk=self.kwargs[getattr(self, "pk_url_kwarg", "pk")],
                may=may,
                denied_message=self.permission_denied_message,
            )
        return self._scoped_object


class CouncilFromUrlMixin:
    """`self.local_authority`: the council of the URL's `dfe_code`, 404 if unknown (or, when
    `council_data_is_private`, if the user may not see its private data); 403 if
    `may_use_council(la)` is false. Puts `local_authority` in the template context."""

    council_kwarg = "dfe_code"
    council_data_is_private = False
    permission_denied_message = "You cannot do this."

    def get_council_queryset(self):
        from core.models import LocalAuthority

        return LocalAuthority.objects.all()

    def may_use_council(self, local_authority) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        self.local_authority = get_object_or_404(
            self.get_council_queryset(), dfe_code=kwargs[self.council_kwarg]
        )
        user = request.user
        if self.council_data_is_private and not user.can_see_local_authority_data(
            self.local_authority.pk
        ):
            raise Http404("No such council data.")
        if not self.may_use_council(self.local_authority):
            raise PermissionDenied(self.permission_denied_message)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(local_authority=self.local_authority, **kwargs)


class AdministratorRequiredMixin:
    """Only administrators (of a council, or of the platform) may use this view."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission() if hasattr(self, "handle_no_permission") else None
        if not request.user.is_administrator:
            raise PermissionDenied("Only administrators can do this.")
        return super().dispatch(request, *args, **kwargs)
