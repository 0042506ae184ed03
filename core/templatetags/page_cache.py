"""A page's main content cached under the data versions it shows (`core.versioning`).

    {% load page_cache %}
    {% cache_content "programme" local_authority=programme.local_authority %}
      ... the page's content ...
    {% endcache_content %}

The key holds the fragment's name, the request's path and query, the signed-in user and their
account's version, which moves when their roles change (what a page offers depends on who reads
it and what they may do), today's date (overdue and "due soon" depend on it), the
council's data version when `local_authority` is given, the national version unless
`national=False`, and `key` when given: anything else the content shows that no write bumps a
version for (when people last signed in), as a short text without spaces. Given a
`local_authority` that is None (a reader with no council, on a page of their own council's
work), the content is rendered afresh each time. Only what answers a GET or HEAD is cached: a
page rendered in answer to a post shows what was posted. A write commits its version bump with
its change, so the next request renders afresh; nothing is ever invalidated by hand.

`{% cache_form local_authority=... %}` is the same for a form page's form (unbound on a GET:
Django's form views bind only what is posted), only when the view names the council whose
data the form shows. The view may then hand the form lazily, built only on a miss.

Everything the fragment needs should be lazy in the view (querysets, or callables the template
calls), so that a cache hit runs none of it. The forms inside keep working: the fragment is
rendered with a placeholder for the CSRF token, replaced by the reader's own token on the way out.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.versioning import DEFAULT_TIMEOUT, cached, versioned_key

register = template.Library()

CSRF_PLACEHOLDER = "csrf-token-placeholder-0b7f"


class CacheContentNode(template.Node):
    def __init__(self, nodelist, name, options):
        self.nodelist = nodelist
        self.name = name
        self.options = options

    def render(self, context):
        options = {key: value.resolve(context) for key, value in self.options.items()}
        request = context.get("request")
        if "local_authority" in options and options["local_authority"] is None:
            # Content of a council's, for a reader with no council: not cached.
            return self.nodelist.render(context)
        if getattr(request, "method", "GET") not in ("GET", "HEAD"):
            # A page rendered in answer to a post (a form sent back with its errors) shows what
            # was posted: never cached, never read from the cache.
            return self.nodelist.render(context)
        user = getattr(request, "user", None)
        today: datetime.date = timezone.localdate()
        key = versioned_key(
            f"page:{self.name.resolve(context)}",
            request.get_full_path() if request is not None else "",
            getattr(user, "pk", None) or "anon",
            # The reader's account version moves when their roles change: what they may do.
            getattr(user, "version", 0),
            today.isoformat(),
            *([options["key"]] if "key" in options else []),
            local_authority=options.get("local_authority"),
            national=options.get("national", True),
        )

        def render_fragment():
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                return self.nodelist.render(context)

        html = cached(key, render_fragment, timeout=DEFAULT_TIMEOUT)
        token = str(context.get("csrf_token", ""))
        return mark_safe(html.replace(CSRF_PLACEHOLDER, token))  # noqa: S308 (rendered HTML)


class CacheFormNode(CacheContentNode):
    """A form (read with GET or HEAD, as all cached content), when the view names its council;
    otherwise afresh."""

    def render(self, context):
        if not self.options["local_authority"].resolve(context):
            return self.nodelist.render(context)
        return super().render(context)


def _parse(parser, token, end, *, named=True):
    bits = token.split_contents()
    if named and len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    first = parser.compile_filter(bits[1] if named else '"form"')
    options = {}
    for bit in bits[2 if named else 1 :]:
        key, _, value = bit.partition("=")
        if key not in ("local_authority", "national", "key") or not value:
            raise template.TemplateSyntaxError(f"{bits[0]} does not take {bit!r}")
        options[key] = parser.compile_filter(value)
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return first, options, nodelist


@register.tag("cache_content")
def cache_content(parser, token):
    name, options, nodelist = _parse(parser, token, "endcache_content")
    return CacheContentNode(nodelist, name, options)


@register.tag("cache_form")
def cache_form(parser, token):
    name, options, nodelist = _parse(parser, token, "endcache_form", named=False)
    if "local_authority" not in options:
        raise template.TemplateSyntaxError("cache_form needs local_authority")
    return CacheFormNode(nodelist, name, options)
