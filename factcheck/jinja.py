"""The Jinja2 environment of the pages drawn with Jinja2 (`factcheck/jinja2/`).

The busiest pages (a claim with its paragraph, forms, history and neighbours) spent more
time in Django's template language than in the database: thousands of node renders and
variable look-ups per page. The same page in Jinja2, compiled to Python once per process,
takes a fraction of that. The filters and helpers are the ones the Django templates use
(`newsroom`, `highlight`, `quick`), so both kinds of template say things the same way;
output is escaped as in Django's (autoescape on; Django's safe strings stay safe).
"""

import functools
import html

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from jinja2 import ChainableUndefined, Environment

from factcheck.templatetags import newsroom, quick
from factcheck.templatetags.highlight import highlight


def url(name: str, *args) -> str:
    """`{% url name arg ... %}`: the path of a named route (a page links to the same few
    routes many times: each is reversed once per process and prefix)."""
    return _reverse(get_script_prefix(), get_urlconf(), name, args)


@functools.lru_cache(maxsize=4096)
def _reverse(_prefix, urlconf, name, args) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)


@functools.cache
def static_url(path: str) -> str:
    """`{% static path %}`: a static file's address, looked up in the manifest once."""
    return static(path)


def csrf(request) -> dict:
    """Context processor: the CSRF token and its hidden input, made once per page (Django's
    Jinja2 backend makes a new masked token wherever a page uses one)."""
    token = SimpleLazyObject(lambda: get_token(request))
    return {
        "csrf_token": token,
        "csrf_input": SimpleLazyObject(
            lambda: format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', str(token)
            )
        ),
    }


@receiver(setting_changed)
def _forget_addresses(**_kwargs):
    """Tests that change the routes or the static files' storage get fresh addresses."""
    _reverse.cache_clear()
    static_url.cache_clear()


def escape_value(value):
    """Django's conditional_escape, with a plain string's case first: that is most of a
    page's values, and Django's version checks each call's arguments for lazy strings
    first (a claim page makes ~180 such calls). Same result: html.escape, as Django's
    escape does, and anything that knows its HTML (safe strings, Markup) as it is."""
    if type(value) is str:
        return SafeString(html.escape(value))
    return conditional_escape(value)


def environment(**options) -> Environment:
    # Every value is escaped by Django's escape (' as &#x27;, not markupsafe's &#39;), so a
    # page says the same bytes whichever template language drew it.
    options.setdefault("finalize", escape_value)
    # A missing name or attribute is empty, as in Django's templates, with DEBUG on or off
    # (Django's backend would print it back as "{{ name }}" when DEBUG is on).
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, **options)
    # Imported here: review_queue imports the workflow and models, not ready at load.
    from factcheck.templatetags import review_queue as rq

    env.globals.update(url=url, static=static_url, highlight=highlight)
    env.globals.update(  # the queue page's helpers
        queue_filter_form=rq.queue_filter_form,
        queue_rows=rq.queue_rows,
        bulk_menu=rq.bulk_menu,
        status_links=rq.status_links,
        export_links=rq.export_links,
        unshown_errors=rq.unshown_errors,
    )
    env.filters.update(
        # Django's filters, with the names the Django templates use.
        date=defaultfilters.date,
        pluralize=defaultfilters.pluralize,
        linebreaks=defaultfilters.linebreaks_filter,
        linebreaksbr=defaultfilters.linebreaksbr,
        cut=defaultfilters.cut,
        timesince=defaultfilters.timesince_filter,
        truncatechars=quick.truncatechars,
        # The newsroom's own.
        when=newsroom.when,
        person=newsroom.person,
        mentions=newsroom.mentions,
        worthiness=newsroom.worthiness,
        entity_label=newsroom.entity_label,
        value_summary=newsroom.values_line,
    )
    return env
