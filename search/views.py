from django.views.generic import TemplateView

from search.forms import SearchForm
from search.sources import search

LIMIT = 50


class SearchView(TemplateView):
    """Search everything the signed-in user may see; scoped as each record's own page is."""

    template_name = "search/search.html"
    nav_section = "search"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submitted = "q" in self.request.GET
        form = SearchForm(self.request.GET if submitted else None)
        results = None
        if submitted and form.is_valid():
            results = search(self.request.user, form.cleaned_data["q"], limit=LIMIT + 1)
        context.update(
            form=form,
            results=results[:LIMIT] if results is not None else None,
            more=results is not None and len(results) > LIMIT,
            limit=LIMIT,
        )
        return context
