"""Printed pages: what every printed page of the service carries in its margins."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe

register = template.Library()


def css_string(text: str) -> str:
    """Text as the inside of a CSS string: quotes, backslashes, line ends and anything that
    could close the <style> element escaped as CSS escapes."""
    escaped = []
    for character in str(text):
        if character.isalnum() or character in " ,.:;–-'()&":
            escaped.append(character)
        else:
            escaped.append(f"\\{ord(character):06x}")
    return "".join(escaped)


@register.simple_tag(takes_context=True)
def print_margins(context, title):
    """A <style> giving every printed page the council, the page's title and the date it was
    printed at the top, and "Page 2 of 4" at the foot. Inline (with the request's CSP nonce)
    because the text is the page's own."""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    council = context.get("council_name") or ""
    printed = "Printed " + format_date(timezone.localtime(), "j F Y")
    rules = (
        f'@page {{ @top-left {{ content: "{css_string(council)}"; }} '
        f'@top-center {{ content: "{css_string(title)}"; }} '
        f'@top-right {{ content: "{css_string(printed)}"; }} '
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); } }'
    )
    # Not HTML-escaped: a <style> element's text is not HTML. css_string() leaves nothing in the
    # text that could end the string or the element.
    return mark_safe(f'<style nonce="{nonce}">{rules}</style>')  # noqa: S308
