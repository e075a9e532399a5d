"""Rating colours as CSS classes, so pages need no style="" (the CSP forbids inline styles).

`{% rating_colour_styles %}` (in a page's head block) writes one nonced <style> with a
class per rating colour; `{{ colour|colour_class }}` names the class for a colour.
"""

import re

from django import template
from django.core.cache import cache
from django.utils.html import format_html, format_html_join

from factcheck.models import Rating

register = template.Library()
HEX = re.compile(r"^#([0-9A-Fa-f]{6})$")
CACHE_KEY = "rating-colours"


def colour_class(colour) -> str:
    """`colour-3a7f2b` for "#3A7F2B"; "" for anything that is not a hex colour."""
    match = HEX.match(colour or "")
    return f"colour-{match.group(1).lower()}" if match else ""


register.filter("colour_class", colour_class)


def rating_colours() -> list[str]:
    """Every colour a rating has (active or not: old verdicts keep theirs), reused briefly."""
    return cache.get_or_set(
        CACHE_KEY,
        lambda: sorted({c.lower() for c in Rating.objects.values_list("colour", flat=True)}),
        60,
    )


@register.simple_tag(takes_context=True)
def rating_colour_styles(context):
    colours = [c for c in rating_colours() if HEX.match(c)]
    rules = format_html_join(
        "",
        # The class twice: outranks `mark.claim`'s default colour in app.css.
        ".{0}.{0}{{--mark-colour:{1};--rating-colour:{1}}}",
        ((colour_class(c), c) for c in colours),
    )
    return format_html('<style nonce="{}">{}</style>', context.get("csp_nonce", ""), rules)
