"""The form renderer: widgets, labels and error lists drawn with Jinja2.

Django renders every widget, label and error list through a template. With its own
template language that is most of the claim page's time (23 fields for an editor: 22 ms
of a 22 ms page in-process on the demo data, 15 ms with Jinja2), so forms use the Jinja2
versions Django ships of the same templates (`django/forms/jinja2/`), and this project's
own widget templates live in `factcheck/jinja2/`. A template that exists only for
Django's template language (the admin's widgets) is drawn with that, as before.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
