"""Forms of the intake pages: pasted articles, uploads, a page's address, a feed."""

from django import forms
from django.conf import settings

from factcheck.forms import MultipleFileField, MultipleFileInput
from factcheck.intake import IntakeError


class PasteForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=500,
        error_messages={
            "required": "Give the article's title.",
            "max_length": "The title is %(show_value)d characters long; a title may be at most "
            "%(limit_value)d.",
        },
    )
    body = forms.CharField(
        label="Article text",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paragraphs separated by blank lines.",
        error_messages={"required": "Paste the article's text."},
    )
    outlet = forms.CharField(label="Outlet", max_length=200, required=False)
    url = forms.URLField(
        label="Address of the original",
        max_length=1000,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "The address is not a web address (http:// or https://)."},
    )
    published = forms.DateField(
        label="Published on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "The publication date is not a date (YYYY-MM-DD)."},
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        size = len(body.encode())
        if size > settings.MAX_ARTICLE_BYTES:
            raise forms.ValidationError(
                f"The text is {size / 1_048_576:.1f} MB; an article may be at most "
                f"{settings.MAX_ARTICLE_BYTES / 1_048_576:.0f} MB."
            )
        return body


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Article files",
        widget=MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.json"}),
        help_text="Saved web pages (.html), plain or seed-format text (.txt), with "
        "NAME.meta.json beside NAME.txt for outlet, address and publication date.",
        error_messages={"required": "Choose one or more files to upload."},
    )

    def clean_files(self):
        files = [f for f in self.cleaned_data["files"] if f is not None]
        if not files:
            raise forms.ValidationError("Choose one or more files to upload.")
        return files


class UrlForm(forms.Form):
    url = forms.URLField(
        label="Web address of the article",
        max_length=1000,
        assume_scheme="https",
        error_messages={
            "required": "Give the article's web address.",
            "invalid": "That is not a web address (http:// or https://).",
            "max_length": "The address is longer than %(limit_value)d characters.",
        },
    )


class FeedForm(forms.Form):
    url = forms.URLField(
        label="Feed address (RSS or Atom)",
        max_length=1000,
        assume_scheme="https",
        error_messages={
            "required": "Give the feed's address.",
            "invalid": "That is not a web address (http:// or https://).",
        },
    )
    outlet = forms.CharField(label="Outlet", max_length=200, required=False)

    def clean_url(self):
        from urllib.parse import urlsplit

        from factcheck.intake.fetch import public_addresses
        from factcheck.models import Feed

        url = self.cleaned_data["url"]
        if Feed.objects.filter(url=url).exists():
            raise forms.ValidationError("The newsroom already follows this feed.")
        parts = urlsplit(url)
        try:
            public_addresses(parts.hostname or "", parts.port or 443)
        except IntakeError as exc:
            raise forms.ValidationError(str(exc)) from None
        return url
