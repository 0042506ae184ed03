"""Who may do what on improvement pages, each rule stated once.

Reads start from `visible_to(user)` through `core.access` (another council's record is a
404); changes to a theme and its items follow `Theme.is_editable_by`, changes to a programme
its council's administrators (read-only roles get a 403).
"""

from core.access import ScopedObjectMixin, access_object
from improvement.models import Programme, Theme

THEME_DENIED = "Only the theme's leads and administrators can change it."
PROGRAMME_DENIED = "Only administrators can change the programme."


def administers(user, programme) -> bool:
    return user.can_administer_local_authority(programme.local_authority_id)


def may_edit_theme(user, theme) -> bool:
    return theme.is_editable_by(user)


def programme_for(request, pk, *, to_change: bool = False) -> Programme:
    """The programme `pk` if the user may see it (and, `to_change`, administer it)."""
    return access_object(
        Programme.objects.select_related("local_authority"),
        user=request.user,
        pk=pk,
        may=administers if to_change else None,
        denied_message=PROGRAMME_DENIED,
    )


def editable_theme(request, pk) -> Theme:
    """The theme `pk` if the user may see it and change it."""
    return access_object(
        Theme.objects.select_related("programme", "programme__local_authority"),
        user=request.user,
        pk=pk,
        may=may_edit_theme,
        denied_message=THEME_DENIED,
    )


class ProgrammeChangeMixin(ScopedObjectMixin):
    """Change pages of a programme's own records: its council's administrators only."""

    requires_change = True
    permission_denied_message = PROGRAMME_DENIED

    def programme_of(self, obj) -> Programme:
        return obj

    def may_change(self, obj) -> bool:
        return administers(self.request.user, self.programme_of(obj))


class ThemeChangeMixin(ScopedObjectMixin):
    """Change pages of a theme or its items: the theme's leads and administrators only."""

    requires_change = True
    permission_denied_message = THEME_DENIED

    def theme_of(self, obj) -> Theme:
        return obj

    def may_change(self, obj) -> bool:
        return may_edit_theme(self.request.user, self.theme_of(obj))


class ProgrammeFromUrlMixin:
    """Pages under /programmes/<pk>/: `self.programme`, fetched in scope; `to_change` pages
    are for its administrators only."""

    programme_kwarg = "pk"
    to_change = False

    def dispatch(self, request, *args, **kwargs):
        self.programme = programme_for(
            request, kwargs[self.programme_kwarg], to_change=self.to_change
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)


class ThemeFromUrlMixin:
    """Pages that add to a theme: `self.theme`, which the user must be able to change."""

    theme_kwarg = "theme_pk"

    def dispatch(self, request, *args, **kwargs):
        self.theme = editable_theme(request, kwargs[self.theme_kwarg])
        return super().dispatch(request, *args, **kwargs)
