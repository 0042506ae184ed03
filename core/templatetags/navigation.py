"""Breadcrumbs and the service navigation, by tag rather than by hand in each template.

- `{% breadcrumbs obj "Current page" %}`: Home, then each of `obj`'s ancestors and `obj` itself
  as links (each model says what sits above it with a `breadcrumb_parent` property, and may
  name itself with `breadcrumb_label`), then the current page's name, if given, unlinked.
  `{% breadcrumbs None "Learning from elsewhere" %}` for a page under Home alone.
- `{% nav_item "Workforce" "workforce:national" "workforce" %}`: an item of the service
  navigation, shown as the current section when the page's section is that section. A page's
  section is its view's `nav_section`, or else its URL namespace.
"""

from django import template
from django.urls import reverse

from core.navigation import trail_of

register = template.Library()


@register.inclusion_tag("includes/_breadcrumbs.html")
def breadcrumbs(obj=None, current=""):
    return {"trail": [("Home", reverse("home")), *trail_of(obj)], "current": current}


def page_section(context) -> str:
    view = context.get("view")
    section = getattr(view, "nav_section", None)
    if section:
        return section
    match = getattr(context.get("request"), "resolver_match", None)
    return (match.namespace or match.url_name or "") if match else ""


@register.inclusion_tag("includes/_nav_item.html", takes_context=True)
def nav_item(context, label, url_name, section=None):
    url = reverse(url_name)
    request = context.get("request")
    is_page = request is not None and request.path == url
    active = is_page or (section is not None and page_section(context) == section)
    return {"label": label, "url": url, "active": active, "is_page": is_page}
