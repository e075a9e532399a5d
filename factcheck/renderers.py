"""The form renderer: widgets, labels and error lists drawn with Jinja2, the commonest
of them written out in Python.

Django renders every widget, label and error list through a template. With its own
template language that is most of the claim page's time (23 fields for an editor: 22 ms
of a 22 ms page in-process on the demo data, 15 ms with Jinja2), so forms use the Jinja2
versions Django ships of the same templates (`django/forms/jinja2/`), and this project's
own widget templates live in `factcheck/jinja2/`. A template that exists only for
Django's template language (the admin's widgets) is drawn with that, as before.

Even with Jinja2 a field is five or more template renders (the field, its label, the
widget, its error list, each option of a select or of the verdict scale): the page of a
claim its reviewer holds, 22 fields, spent 5.5 of its 10 ms drawing them. The templates
in `DRAWN` are written out here instead, each giving the same characters as the template
of that name (tests/test_renderers.py draws every form of the app both ways, in every
state, and compares). What they do not cover (an error list with errors, options drawn
by another template) returns None and goes to the template.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from markupsafe import escape


def _e(value) -> str:
    """`{{ value }}` in an autoescaped Jinja2 template."""
    return str(escape(value))


def _attrs(attrs) -> str:
    """django/forms/attrs.html and django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_e(name)}" if value is True else f' {_e(name)}="{_e(value)}"')
    return "".join(out)


def _input(context, renderer=None):
    """django/forms/widgets/input.html."""
    widget = context["widget"]
    value = widget["value"]
    shown = f' value="{_e(value)}"' if value is not None else ""
    return (
        f'<input type="{_e(widget["type"])}" name="{_e(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


SELECT_OPTION = "django/forms/widgets/select_option.html"


def _option(option) -> str:
    """django/forms/widgets/select_option.html."""
    return (
        f'<option value="{_e(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_e(option['label'])}</option>"
    )


def _select(context, renderer):
    """django/forms/widgets/select.html."""
    widget = context["widget"]
    out = [f'<select name="{_e(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_e(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None
            out.append("\n  " + _option(option))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(context, renderer):
    """django/forms/widgets/textarea.html."""
    widget = context["widget"]
    value = widget["value"]
    return (
        f'<textarea name="{_e(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_e(value) if value else ''}</textarea>"
    )


RATING_CARD = "factcheck/widgets/rating_card.html"


def _rating_card(option) -> str:
    """factcheck/widgets/rating_card.html."""
    named = option["attrs"].get("id")
    named = f' for="{_e(named)}"' if named else ""
    rating = option.get("rating")
    slug = f" rating-{_e(rating.slug)}" if rating else ""
    described = getattr(rating, "description", None)
    described = (
        f'\n  <span class="rating-card-description">{_e(described)}</span>' if described else ""
    )
    return (
        f'<label class="rating-card"{named}>{_input({"widget": option})}\n'
        f'  <span class="rating-card-text"><span class="rating-swatch{slug}">'
        f"{_e(option['label'])}</span>{described}</span></label>"
    )


def _rating_cards(context, renderer):
    """factcheck/widgets/rating_cards.html."""
    widget = context["widget"]
    named = widget["attrs"].get("id")
    named = f' id="{_e(named)}"' if named else ""
    out = [f'<div{named} class="rating-cards">']
    for _group, options, _index in widget["optgroups"]:
        for option in options:
            if option["template_name"] != RATING_CARD:
                return None
            out.append("\n" + _rating_card(option))
    out.append("\n</div>")
    return "".join(out)


def _label(context, renderer):
    """django/forms/label.html."""
    if not context["use_tag"]:
        return _e(context["label"]).strip()
    tag, attrs = _e(context["tag"]), context["attrs"]
    return f"<{tag}{_attrs(attrs) if attrs else ''}>{_e(context['label'])}</{tag}>"


def _errors(context, renderer):
    """django/forms/errors/list/default.html and ul.html, when there are none."""
    return "" if not context["errors"] else None


def _field(context, renderer):
    """django/forms/field.html."""
    field = context["field"]
    fieldset = field.use_fieldset
    if fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{_e(described)}"' if described else ""
        legend = _e(field.legend_tag()) if field.label else ""
        head = f"\n  <fieldset{described}>\n  {legend}\n"
    else:
        head = f"\n  {_e(field.label_tag()) if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        named = f' id="{_e(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{named}>{field.help_text}</div>'
    tail = "</fieldset>" if fieldset else ""
    return f"{head}\n{help_text}\n{_e(field.errors)}\n{_e(field)}\n{tail}".strip()


# The templates this module draws itself: Django's Jinja2 form templates (each of the
# input types is Django's input.html included as it is) and the verdict scale's cards.
DRAWN = {
    "django/forms/field.html": _field,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
    "django/forms/errors/list/ul.html": _errors,
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/select.html": _select,
    SELECT_OPTION: lambda context, renderer: _option(context["widget"]),
    "django/forms/widgets/textarea.html": _textarea,
    "factcheck/widgets/rating_cards.html": _rating_cards,
    RATING_CARD: lambda context, renderer: _rating_card(context["widget"]),
    **{
        f"django/forms/widgets/{kind}.html": _input
        for kind in [
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "search",
            "tel",
            "color",
        ]
    },
}

# Where the templates written out above come from.
WRITTEN_FROM = (
    Path(django.forms.__file__).parent / "jinja2",
    Path(__file__).parent / "jinja2",
)


class FormRenderer(BaseRenderer):
    # Tests turn it off to compare the written-out templates with the templates.
    draw_directly = True

    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()
        # A template is written out only while the one its name finds is the one it was
        # written from: an override (the same name earlier on the path) is rendered.
        self.drawn = {name: draw for name, draw in DRAWN.items() if self._is_written(name)}

    def _is_written(self, template_name) -> bool:
        found = getattr(self.jinja2.get_template(template_name).template, "filename", None)
        return found is not None and any(
            Path(found) == folder / template_name for folder in WRITTEN_FROM
        )

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)

    def render(self, template_name, context, request=None):
        draw = self.drawn.get(template_name) if self.draw_directly else None
        if draw is not None:
            html = draw(context, self)
            if html is not None:
                return html
        return super().render(template_name, context, request)
