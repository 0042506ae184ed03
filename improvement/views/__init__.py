"""Pages of improvement programmes, one module a subject. Every record is fetched in the
user's scope (`core.access`: another council's record is a 404) and changes follow the rules
in `improvement.views.access` (read-only roles get a 403); writes go through
improvement.services."""

from improvement.views.board import (
    BoardMeetingCreateView,
    BoardMeetingDetailView,
    BoardMeetingUpdateView,
    BoardView,
    BuildRotaView,
)
from improvement.views.evidence import (
    EvidenceCreateView,
    EvidenceDetailView,
    EvidenceListView,
    EvidenceUpdateView,
)
from improvement.views.exports import AchievementCsvView, EvidenceCsvView
from improvement.views.items import (
    AchievementCreateView,
    AchievementUpdateView,
    MyWorkView,
    NextStepCompleteView,
    NextStepCreateView,
    NextStepUpdateView,
)
from improvement.views.programmes import (
    LocalAuthorityProgrammeView,
    ProgrammeCreateView,
    ProgrammeDetailView,
    ProgrammeUpdateView,
    own_programme,
)
from improvement.views.themes import (
    PidDownloadView,
    ProgressUpdateCreateView,
    ThemeCreateView,
    ThemeDetailView,
    ThemeHistoryView,
    ThemeRagChangeView,
    ThemeUpdateView,
)

__all__ = [
    "AchievementCreateView",
    "AchievementCsvView",
    "AchievementUpdateView",
    "BoardMeetingCreateView",
    "BoardMeetingDetailView",
    "BoardMeetingUpdateView",
    "BoardView",
    "BuildRotaView",
    "EvidenceCreateView",
    "EvidenceCsvView",
    "EvidenceDetailView",
    "EvidenceListView",
    "EvidenceUpdateView",
    "LocalAuthorityProgrammeView",
    "MyWorkView",
    "NextStepCompleteView",
    "NextStepCreateView",
    "NextStepUpdateView",
    "PidDownloadView",
    "ProgrammeCreateView",
    "ProgrammeDetailView",
    "ProgrammeUpdateView",
    "ProgressUpdateCreateView",
    "ThemeCreateView",
    "ThemeDetailView",
    "ThemeHistoryView",
    "ThemeRagChangeView",
    "ThemeUpdateView",
    "own_programme",
]
