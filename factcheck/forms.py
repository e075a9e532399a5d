"""Forms of factcheck."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from factcheck import caching
from factcheck.models import (
    COMMENT_MAX,
    EXCERPT_MAX,
    NOTE_MAX,
    RATIONALE_MAX,
    REASON_MAX,
    Evidence,
    Rating,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.json"}))
        # Empty files reach the importer, which names them without failing the batch.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ArticleUploadForm(forms.Form):
    files = MultipleFileField(
        label="Article files",
        help_text="Seed-format .txt files; add NAME.meta.json sidecars beside them "
        "for outlet, url and publication date.",
    )


# --- the review workflow: one small form per claim action --------------------------------
# Forms only parse and label the input; factcheck.workflow decides whether the step is
# allowed and validates the rest (its InvalidAction messages reach the user unchanged).


class ClaimActionForm(forms.Form):
    """Every claim action carries the version the user loaded (optimistic locking)."""

    version = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The claim version must be a whole number."},
    )


class DismissForm(ClaimActionForm):
    reason = forms.CharField(
        label="Dismissal reason",
        max_length=REASON_MAX,
        help_text=f"Not check-worthy, duplicate, opinion... (at most {REASON_MAX} characters)",
        error_messages={"required": "Give a reason for dismissing the claim."},
    )


def reviewer_queryset():
    """Active users who may review claims (Reviewers, Editors, superusers)."""
    perms = Permission.objects.filter(codename="review_claim", content_type__app_label="factcheck")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=perms) | Q(user_permissions__in=perms)
        )
        .distinct()
        .order_by("username")
    )


def reviewer_menu() -> list[tuple[int, str]]:
    """(pk, username) of every reviewer, for the menus that assign claims; reused under
    the permissions generation, which any change of a user, a group or a permission bumps
    (caching.connect_signals), so a new or deactivated reviewer shows at once."""
    return caching.remembered(
        f"reviewer-menu:{caching.generation(caching.PERMISSIONS)}",
        settings.PERMISSIONS_CACHE_SECONDS,
        lambda: [(user.pk, user.get_username()) for user in reviewer_queryset()],
    )


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's options read with one plain query per form. Django's own
    iterator reads them through a server-side cursor, three round trips on PostgreSQL
    (DECLARE, FETCH, CLOSE): the verdict scale's cards cost a claim page 1.2 ms of its
    ~8, for a dozen rows. The queryset keeps the rows, so a form drawn twice asks once."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (1 if self.field.empty_label is not None else 0)


class ListedChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class AssignForm(ClaimActionForm):
    assignee = ListedChoiceField(
        label="Assign to",
        queryset=None,
        empty_label="Choose a reviewer",
        error_messages={
            "required": "Choose the reviewer to assign the claim to.",
            "invalid_choice": "That user is not a reviewer.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewer_queryset()
        self.fields["assignee"].label_from_instance = lambda user: user.get_username()


class RatingCards(forms.RadioSelect):
    """The verdict scale as cards: each rating's badge with what it means, to choose from."""

    template_name = "factcheck/widgets/rating_cards.html"
    option_template_name = "factcheck/widgets/rating_card.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["rating"] = getattr(value, "instance", None)
        return option


def rating_field(label="Rating"):
    return ListedChoiceField(
        label=label,
        queryset=Rating.objects.filter(active=True).order_by("order", "id"),
        widget=RatingCards,
        error_messages={
            "required": "Choose a rating from the verdict scale.",
            "invalid_choice": "Choose a rating from the verdict scale.",
        },
    )


def _limit(n: int) -> str:
    return f"At most {n:,} characters."


class VerdictForm(ClaimActionForm):
    rating = rating_field()
    rationale = forms.CharField(
        label="Rationale",
        max_length=RATIONALE_MAX,
        help_text=_limit(RATIONALE_MAX),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write a rationale for the verdict."},
    )


class ReturnForm(ClaimActionForm):
    note = forms.CharField(
        label="What to fix",
        max_length=NOTE_MAX,
        help_text=_limit(NOTE_MAX),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the reviewer should fix."},
    )


class CorrectionRejectForm(ReturnForm):
    """Sending a proposed correction back: the note says why it is not published."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = "Why it is sent back"
        self.fields["note"].error_messages["required"] = "Say why the correction is sent back."


class CorrectForm(ClaimActionForm):
    rating = rating_field("Corrected rating")
    rationale = forms.CharField(
        label="Corrected rationale",
        max_length=RATIONALE_MAX,
        help_text=_limit(RATIONALE_MAX),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the corrected rationale."},
    )
    correction_note = forms.CharField(
        label="Correction note",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Published with the verdict: what changed and why. " + _limit(NOTE_MAX),
        error_messages={"required": "Write a correction note saying what changed."},
    )


class CommentForm(ClaimActionForm):
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX,
        help_text=_limit(COMMENT_MAX),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something before adding a comment."},
    )


class EvidenceForm(forms.Form):
    url = forms.URLField(
        label="Source URL",
        max_length=1000,
        assume_scheme="https",
        error_messages={
            "required": "Give the source's URL.",
            "invalid": "The source URL is not a web address (http:// or https://).",
        },
    )
    title = forms.CharField(
        label="Title", max_length=500, error_messages={"required": "Give the source's title."}
    )
    publisher = forms.CharField(label="Publisher", max_length=200, required=False)
    excerpt = forms.CharField(
        label="Excerpt",
        required=False,
        max_length=EXCERPT_MAX,
        help_text=_limit(EXCERPT_MAX),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stance = forms.ChoiceField(
        label="Stance",
        choices=(),
        error_messages={
            "required": "Say whether the source supports, contradicts or gives context.",
            "invalid_choice": "Say whether the source supports, contradicts or gives context.",
        },
    )
    accessed = forms.DateField(
        label="Accessed on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "The access date is not a date (YYYY-MM-DD)."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stance"].choices = [("", "Choose a stance"), *Evidence.Stance.choices]


class EvidenceRemoveForm(forms.Form):
    evidence = forms.IntegerField(
        min_value=1, error_messages={"required": "Say which evidence to remove."}
    )


class TriageForm(forms.Form):
    ACTIONS = {"queue": "Queue selected", "dismiss": "Dismiss selected"}

    claims = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        error_messages={
            "required": "Select at least one claim.",
            "invalid_choice": "Claim ids are numbers; %(value)s is not one.",
        },
    )
    action = forms.ChoiceField(
        choices=list(ACTIONS.items()),
        error_messages={
            "required": "Choose what to do with the selected claims.",
            "invalid_choice": "Unknown triage action; use queue or dismiss.",
        },
    )
    reason = forms.CharField(label="Dismissal reason", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any number is acceptable here; the workflow moves only those that can move.
        self.fields["claims"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "dismiss" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give a reason for dismissing the selected claims.")
        return cleaned


def form_errors_text(form) -> str:
    """All of a form's errors as one sentence that names the fields."""
    parts = []
    for name, errors in form.errors.items():
        for error in errors:
            if name == "__all__" or name == "version":
                parts.append(str(error))
            else:
                parts.append(f"{form.fields[name].label or name}: {error}")
    return " ".join(parts)


# --- claim editing: add, edit, merge, reject ----------------------------------------------
# The values are parsed by workflow._claim_values (its messages name the problem); these
# forms only carry them, so "1,200" or "2.5" reach the workflow as typed.


def _kind_choices():
    from factcheck.models import Claim

    return [("", "Choose a kind"), *Claim.Kind.choices]


class ClaimValuesForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of claim",
        choices=(),
        error_messages={
            "required": "Choose what kind of claim this is.",
            "invalid_choice": "Choose what kind of claim this is.",
        },
    )
    low = forms.CharField(
        label="Low", required=False, max_length=40, help_text="“more than 2,000”: low 2,000."
    )
    high = forms.CharField(
        label="High", required=False, max_length=40, help_text="“up to 500”: high 500."
    )
    qualifier = forms.ChoiceField(label="How the figure is given", required=False, choices=())
    unit = forms.CharField(label="What is counted", required=False, max_length=200)
    date = forms.CharField(
        label="Date",
        required=False,
        max_length=10,
        help_text="YYYY-MM-DD for a day, YYYY-MM for a month, YYYY for a year.",
    )
    granularity = forms.ChoiceField(label="Precision", required=False, choices=())
    speaker = forms.CharField(label="Who said it", required=False, max_length=200)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why, for the claim's history.",
    )

    # Which fields belong to which kinds (the page hides the others when JS runs).
    FIGURE_FIELDS = ("low", "high", "qualifier", "unit")
    DATE_FIELDS = ("date", "granularity")
    QUOTE_FIELDS = ("speaker",)

    def __init__(self, *args, **kwargs):
        from factcheck.models import Claim

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()
        self.fields["qualifier"].choices = [("", "—"), *Claim.Qualifier.choices]
        self.fields["granularity"].choices = [("", "—"), *Claim.Granularity.choices]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name, "")
            for name in ("kind", "low", "high", "qualifier", "unit", "date", "granularity")
        } | {"speaker": data.get("speaker", "")}


class ClaimAddForm(ClaimValuesForm):
    start = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "Select the claim's words in the article."},
    )
    end = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "Select the claim's words in the article."},
    )


class ClaimEditForm(ClaimActionForm, ClaimValuesForm):
    words = forms.CharField(
        label="The claim's words",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Select them again in the paragraph above, or type them as they stand there.",
        error_messages={"required": "Give the claim's words as they stand in the article."},
    )
    start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_claim(cls, claim, **kwargs):
        def number(value):
            return "" if value is None else f"{value.normalize():f}"

        initial = {
            "version": claim.version,
            "words": claim.span,
            "start": claim.start,
            "end": claim.end,
            "kind": claim.kind,
            "low": number(claim.low),
            "high": number(claim.high),
            "qualifier": claim.qualifier,
            "unit": claim.unit,
            "date": claim.date,
            "granularity": claim.granularity,
            "speaker": claim.speaker,
        }
        return cls(initial=initial, **kwargs)


class RejectForm(ClaimActionForm):
    note = forms.CharField(
        label="Why it is not a claim (optional)",
        required=False,
        max_length=2000,
        help_text="An opinion, a question, page furniture...",
    )


class MergeForm(ClaimActionForm):
    other = forms.TypedChoiceField(
        label="Duplicate to merge into this claim",
        coerce=int,
        choices=(),
        error_messages={
            "required": "Choose the duplicate claim to merge into this one.",
            "invalid_choice": "Claim numbers are whole numbers; %(value)s is not one.",
        },
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [("", "Choose a claim"), *candidates]
        # Any number is acceptable here; the workflow says why a claim cannot be merged.
        self.fields["other"].valid_value = lambda value: str(value).isdigit()


# --- notifications ---------------------------------------------------------------------------


class NotificationPreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label="Email me when",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Everything also shows under the bell in the app.",
    )

    def __init__(self, *args, **kwargs):
        from factcheck.models import Notification

        super().__init__(*args, **kwargs)
        self.fields["email_kinds"].choices = Notification.Kind.choices


class BulkForm(forms.Form):
    """A step for the claims ticked in the queue; each is refused or done on its own."""

    ACTIONS = {
        "assign": "Assign to",
        "release": "Release",
        "queue": "Queue",
        "dismiss": "Dismiss",
        "export": "Export",
    }
    EXPORT_FORMATS = {"csv": "CSV", "json": "JSON", "claimreview": "ClaimReview"}

    claims = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        error_messages={
            "required": "Select at least one claim (tick the boxes beside them).",
            "invalid_choice": "Claim ids are numbers; %(value)s is not one.",
        },
    )
    action = forms.ChoiceField(
        choices=list(ACTIONS.items()),
        error_messages={
            "required": "Choose what to do with the selected claims.",
            "invalid_choice": "Unknown action %(value)s; use assign, release, queue, dismiss "
            "or export.",
        },
    )
    assignee = ListedChoiceField(
        label="Reviewer",
        queryset=None,
        required=False,
        empty_label="Choose a reviewer",
        error_messages={"invalid_choice": "That user is not a reviewer."},
    )
    reason = forms.CharField(label="Dismissal reason", max_length=200, required=False)
    export_format = forms.ChoiceField(
        label="Format", choices=list(EXPORT_FORMATS.items()), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].valid_value = lambda value: str(value).isdigit()
        self.fields["assignee"].queryset = reviewer_queryset()
        self.fields["assignee"].label_from_instance = lambda user: user.get_username()

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "assign" and not cleaned.get("assignee"):
            self.add_error("assignee", "Choose the reviewer to assign the selected claims to.")
        if action == "dismiss" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give a reason for dismissing the selected claims.")
        return cleaned
