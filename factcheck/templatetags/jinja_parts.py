"""`{% jinja "name.jinja" %}`: a part written once in Jinja2 (factcheck/jinja2/), drawn
inside a page in Django's template language with that page's context (the site's header,
messages and keyboard help; a claim's value fields)."""

from django import template
from django.template import engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, name, **extra):
    values = context.flatten()
    request = values.get("request")
    if request is not None:
        values.setdefault("csrf_input", csrf_input_lazy(request))
        values.setdefault("csrf_token", csrf_token_lazy(request))
    values.update(extra)
    html = engines["jinja2"].env.get_template(name).render(values)
    return mark_safe(html)  # noqa: S308 - Jinja2 escaped every value (autoescape)
