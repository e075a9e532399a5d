"""Built-in filters our pages use dozens of times, made quick for the usual case
(registered as template built-ins in settings.TEMPLATES, so they stand in for Django's).

`truncatechars`: Django's normalizes and walks the whole text even when it fits; a claim
list runs it on every row. Text that fits (and is already in NFC form, which Django's would
return) comes back as it is; anything else goes to Django's own.
"""

import unicodedata

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.text import Truncator

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def truncatechars(value, arg):
    """Truncate a string after `arg` characters (Django's filter, quick when it fits)."""
    try:
        length = int(arg)
    except ValueError:  # invalid literal for int(): fail silently, as Django's does
        return value
    if length > 0 and len(value) <= length and unicodedata.is_normalized("NFC", value):
        return value
    return Truncator(value).chars(length)
