"""Who may see and who may write scrutiny pages.

Programme data (the summary, committee papers) is private to the LA's users and platform
administrators: anyone else gets 404, as if it did not exist. Administrators and improvement
leads of the LA (and platform administrators) may generate and issue papers; scrutiny members
read and download them, and get 403 on the form.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.models import LocalAuthority


def may_write_papers(user, local_authority_id) -> bool:
    return user.can_administer_local_authority(local_authority_id) or (
        user.is_improvement_lead and user.local_authority_id == local_authority_id
    )


class LocalAuthorityDataMixin:
    """Fetches the LA of the URL's DfE code; 404 unless the user may see its programme data."""

    local_authority_queryset = LocalAuthority.objects.all()
    nav_section = "core"  # a council's page: "Local authorities" is the current section

    def get_local_authority(self):
        if not hasattr(self, "_local_authority"):
            la = get_object_or_404(self.local_authority_queryset, dfe_code=self.kwargs["dfe_code"])
            if not self.request.user.can_see_local_authority_data(la.pk):
                raise Http404("No such local authority data.")
            self._local_authority = la
        return self._local_authority

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["local_authority"] = self.get_local_authority()
        return context


class PaperWriterRequiredMixin(LocalAuthorityDataMixin):
    """Only the LA's administrators and improvement leads (and platform administrators)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            la = self.get_local_authority()
            if not may_write_papers(request.user, la.pk):
                raise PermissionDenied("Only administrators and improvement leads issue papers.")
        return super().dispatch(request, *args, **kwargs)
