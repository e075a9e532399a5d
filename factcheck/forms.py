"""Forms of factcheck."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

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


class AssignForm(ClaimActionForm):
    assignee = forms.ModelChoiceField(
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


def rating_field(label="Rating"):
    return forms.ModelChoiceField(
        label=label,
        queryset=Rating.objects.filter(active=True).order_by("order", "id"),
        empty_label="Choose a rating",
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
    assignee = forms.ModelChoiceField(
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
