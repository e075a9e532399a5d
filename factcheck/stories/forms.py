"""Forms for editors' story decisions; every field is checked and named in errors."""

from django import forms


class MoveOutForm(forms.Form):
    article = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(max_length=500, required=False)


class MoveInForm(forms.Form):
    article = forms.IntegerField(
        min_value=1,
        label="Article number",
        help_text="The number in the article's address, e.g. 42 for /articles/42/.",
    )
    note = forms.CharField(max_length=500, required=False, label="Why (optional)")


class MergeForm(forms.Form):
    other = forms.IntegerField(
        min_value=1,
        label="Story number",
        help_text="The story whose articles join this one; it is then gone.",
    )
    note = forms.CharField(max_length=500, required=False, label="Why (optional)")


class SplitForm(forms.Form):
    articles = forms.TypedMultipleChoiceField(
        coerce=int, label="Articles that leave together as a new story"
    )
    note = forms.CharField(max_length=500, required=False, label="Why (optional)")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["articles"].choices = choices
