"""Who may see and who may write scrutiny pages.

Programme data (the summary, committee papers) is private to the LA's users and platform
administrators: anyone else gets 404, as if it did not exist. Administrators and improvement
leads of the LA (and platform administrators) may generate and issue papers; scrutiny members
read and download them, and get 403 on the form.
"""

from core.access import CouncilFromUrlMixin


def may_write_papers(user, local_authority_id) -> bool:
    return user.can_administer_local_authority(local_authority_id) or (
        user.is_improvement_lead and user.local_authority_id == local_authority_id
    )


class LocalAuthorityDataMixin(CouncilFromUrlMixin):
    """The council of the URL's DfE code (core's one way); 404 unless the user may see its
    programme data."""

    council_data_is_private = True
    nav_section = "core"  # a council's page: "Local authorities" is the current section

    def get_local_authority(self):
        return self.local_authority


class PaperWriterRequiredMixin(LocalAuthorityDataMixin):
    """Only the LA's administrators and improvement leads (and platform administrators)."""

    permission_denied_message = "Only administrators and improvement leads issue papers."

    def may_use_council(self, local_authority) -> bool:
        return may_write_papers(self.request.user, local_authority.pk)
