"""Tables of actions that people filter and sort: My work, a programme's next steps and the
exception report. One `ActionFilter` serves them all; each page lists its `columns`, which
make the sortable headers and the download (`?format=csv` or `?format=xlsx`): exactly the
rows shown, in the order shown, with the table's columns and the ids."""

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.text import slugify
from django.views.generic import TemplateView

from core.exports import csv_response, xlsx_response
from improvement import plan
from improvement.filters import ActionFilter

DOWNLOADS = {"csv": csv_response, "xlsx": xlsx_response}


@dataclass(frozen=True)
class Column:
    heading: str
    sort: str  # the `sort` key of ActionFilter, or "" when the column cannot be sorted
    value: Callable  # the download's cell for a row


def _rag(step):
    return step.rag.title() if step.rag else ""


ID_COLUMNS = (
    Column("Action id", "", attrgetter("pk")),
    Column("Theme id", "", attrgetter("theme_id")),
)
ACTION = Column("Action", "action", attrgetter("label"))
THEME = Column("Theme", "theme", lambda step: step.theme.title)
OWNER = Column("Owner", "owner", plan.owner_label)
DUE = Column("Due", "due", attrgetter("due_date"))
STATUS = Column("Status", "status", lambda step: step.get_status_display())
RAG = Column("RAG", "rag", _rag)


class FilteredActionsView(TemplateView):
    """A page of actions: `base_queryset()` (in the user's scope, with `plan.with_plan`
    annotations, in the page's default order) filtered and sorted by the query string."""

    columns: tuple[Column, ...] = ()
    download_name = "actions"

    def base_queryset(self):
        raise NotImplementedError

    def rows(self, steps):
        """The rows of the table from the filtered queryset (a hook for extra work)."""
        return list(steps)

    def filter_actions(self, queryset):
        self.filterset = ActionFilter(self.request.GET or None, queryset=queryset)
        return self.filterset.qs

    def download_filename(self) -> str:
        return self.download_name

    def prepare(self):
        """Set up the filter (the page's form needs it); return a function that reads the
        rows, called only when they are shown or downloaded."""
        actions = self.filter_actions(self.base_queryset())
        return lambda: self.rows(actions)

    @cached_property
    def read_rows(self):
        """The function that reads the rows, once the filter is set up (see `prepare`)."""
        return self.prepare()

    def prepared_filterset(self):
        self.read_rows  # noqa: B018 (sets up the filter)
        return self.filterset

    def get(self, request, *args, **kwargs):
        self.setup_page()
        download = DOWNLOADS.get(request.GET.get("format", ""))
        if download is not None:
            columns = ID_COLUMNS + self.columns
            return download(
                f"{slugify(self.download_filename())}.{request.GET['format']}",
                [column.heading for column in columns],
                ([column.value(step) for column in columns] for step in self.read_rows()),
            )
        # Nothing is read unless the page's cached content is rendered afresh (`cache_content`
        # around its title and content): the filter, its headers and the rows are all lazy.
        steps = SimpleLazyObject(lambda: self.read_rows())
        return self.render_to_response(self.get_context_data(steps=steps, **kwargs))

    def setup_page(self):
        """Fetch what the page is about (and check the user may see it)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=SimpleLazyObject(self.prepared_filterset),
            headers=SimpleLazyObject(self.headers),
            query=self._query(),
            **kwargs,
        )

    def _query(self, **changes) -> str:
        query = self.request.GET.copy()
        for key in [key for key, values in query.lists() if not any(values)] + ["format"]:
            query.pop(key, None)
        for key, value in changes.items():
            query[key] = value
        return query.urlencode()

    def headers(self) -> list[dict]:
        """Each column's heading, and for a sortable one the link that sorts by it (keeping
        the filters) and its `aria-sort`."""
        sorted_by = self.prepared_filterset().sorted_by
        headers = []
        for column in self.columns:
            header = {"heading": column.heading, "sort": column.sort}
            if column.sort:
                descending = sorted_by == f"-{column.sort}"
                ascending = sorted_by == column.sort
                header["aria_sort"] = (
                    "descending" if descending else "ascending" if ascending else ""
                )
                header["url"] = "?" + self._query(
                    sort=f"-{column.sort}" if ascending else column.sort
                )
            headers.append(header)
        return headers
