"""Where a page sits: the trail of pages above it, for breadcrumbs (`{% breadcrumbs %}`).

A model with a page says what is above it with a `breadcrumb_parent` property (another model,
or a `Crumb` for a list or index page) and may name itself with `breadcrumb_label`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Crumb:
    """A page in the trail that is not a model's own page (a list, an index)."""

    label: str
    url: str
    breadcrumb_parent: object = None

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.url


def trail_of(obj) -> list[tuple[str, str]]:
    chain = []
    while obj is not None:
        chain.append(obj)
        obj = getattr(obj, "breadcrumb_parent", None)
    return [
        (getattr(item, "breadcrumb_label", None) or str(item), item.get_absolute_url())
        for item in reversed(chain)
    ]
