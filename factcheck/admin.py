"""The Django admin for editors and admins: every model, related rows inline, history read-only.

Nothing here rewrites history: verdicts, evidence, comments and events are read-only for
everyone (superusers included), claims change only through workflow.py's services (the
admin actions call them), and an article whose claims have history is archived, not deleted.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header

from factcheck import workflow
from factcheck.contrast import MIN_CONTRAST, contrast_ratio, darker_passing
from factcheck.exports import export_chunks, export_filename, export_format
from factcheck.models import (
    Article,
    Claim,
    ClaimEvent,
    Comment,
    Evidence,
    Feed,
    Rating,
    Verdict,
)

HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

# --- export actions: the same writers as the download view and export_verdicts ---


def _export_response(format_name, claims):
    fmt = export_format(format_name)
    response = StreamingHttpResponse(export_chunks(fmt, claims), content_type=fmt.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(fmt))
    return response


def _export_action(format_name, label):
    def action(modeladmin, request, queryset):
        if queryset.model is Article:
            claims = Claim.objects.filter(article__in=queryset)
        else:
            claims = queryset.order_by()
        return _export_response(format_name, claims)

    action.__name__ = f"export_verdicts_{format_name}"
    return admin.action(description=f"Export verdicts ({label})", permissions=["export_verdicts"])(
        action
    )


EXPORT_ACTIONS = [
    _export_action("csv", "CSV"),
    _export_action("json", "JSON"),
    _export_action("claimreview", "ClaimReview"),
]


class ExportVerdictsMixin:
    """Admin actions exporting the selected articles' (or claims') verdicts."""

    actions = EXPORT_ACTIONS

    def has_export_verdicts_permission(self, request):
        return request.user.has_perm("factcheck.export_verdicts")


class HistoryAdmin(admin.ModelAdmin):
    """A record of what happened: readable by editors and admins, writable by nobody."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _table_action(name: str):
    """An admin action running workflow action `name` on each selected claim."""
    spec = workflow.ACTIONS[name]

    def action(modeladmin, request, queryset):
        modeladmin._each(
            request,
            queryset,
            lambda claim: workflow.perform(name, claim=claim, actor=request.user, data={}),
            spec.past,
        )

    action.__name__ = f"{name}_selected"
    return admin.action(description=f"{spec.label}: selected claims", permissions=["edit_claim"])(
        action
    )


# The table's steps that need no input and are an editor's to take, offered on selections.
TABLE_ACTIONS = [
    _table_action(name)
    for name, spec in workflow.ACTIONS.items()
    if spec.placement == "button" and spec.role in (workflow.EDITOR, workflow.HOLDER)
]


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ("kind", "span", "status", "assignee", "checkworthiness")
    readonly_fields = fields
    ordering = ("start",)


@admin.register(Article)
class ArticleAdmin(ExportVerdictsMixin, admin.ModelAdmin):
    list_display = ("title", "outlet", "published", "claim_count", "imported_at", "imported_by")
    search_fields = ("title", "outlet", "url", "body")
    list_select_related = ("imported_by",)
    date_hierarchy = "imported_at"
    readonly_fields = (
        "content_hash",
        "raw_text",
        "source_line",
        "imported_at",
        "imported_by",
        "extracted_at",
        "extractor_version",
        "extraction_error",
    )
    inlines = [ClaimInline]
    list_filter = ("archived_at", "outlet", "published", "imported_at")
    actions = [*EXPORT_ACTIONS, "archive_selected", "restore_selected"]

    def get_readonly_fields(self, request, obj=None):
        # The body is what claim offsets point into: changing it would misplace every claim.
        fields = [*self.readonly_fields, "archived_at", "archived_by"]
        return fields + ["body"] if obj is not None else fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    def get_deleted_objects(self, objs, request):
        """An article whose claims have history is protected: say why, offer archiving."""
        blocked = [
            f"“{a.title}”: its claims have {n} recorded review step(s); archive it instead"
            for a in objs
            if (n := workflow.article_history(a))
        ]
        if blocked:
            return [], {}, set(), blocked
        return [str(a) for a in objs], {"articles": len(objs)}, set(), []

    def delete_model(self, request, obj):
        workflow.article_delete(article=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            workflow.article_delete(article=article, actor=request.user)

    @admin.action(description="Archive selected articles (hide from the queue, keep everything)")
    def archive_selected(self, request, queryset):
        for article in queryset:
            workflow.article_archive(article=article, actor=request.user)
        self.message_user(request, f"{queryset.count()} article(s) archived.", messages.SUCCESS)

    @admin.action(description="Restore selected archived articles")
    def restore_selected(self, request, queryset):
        for article in queryset:
            workflow.article_archive(article=article, actor=request.user, archived=False)
        self.message_user(request, f"{queryset.count()} article(s) restored.", messages.SUCCESS)

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


class VerdictInline(ReadOnlyInline):
    model = Verdict
    fields = ("revision", "state", "rating", "author", "approved_by", "approved_at", "created_at")
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("title", "url", "publisher", "stance", "accessed", "added_by", "removed_at")
    readonly_fields = fields


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ("author", "body", "created_at")
    readonly_fields = fields


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = ("created_at", "actor", "action", "from_status", "to_status", "note")
    readonly_fields = fields
    show_change_link = False


# A claim's kind, place and values change only through workflow.claim_edit (audited,
# versioned): the admin's change form checks the edit with the service and then makes it.
CLAIM_EDIT_FIELDS = (
    "kind",
    "start",
    "end",
    "low",
    "high",
    "qualifier",
    "unit",
    "date",
    "granularity",
    "speaker",
)


class _DryRun(Exception):
    pass


class ClaimAdminForm(forms.ModelForm):
    actor = None  # set per request by ClaimAdmin.get_form

    class Meta:
        model = Claim
        fields = CLAIM_EDIT_FIELDS

    def edits(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in CLAIM_EDIT_FIELDS
            if name in self.changed_data
        }

    def _post_clean(self):
        # The model's own validation would run on values the service has not checked yet;
        # the service (in clean) is the judge, so only the edit service validates them.
        pass

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not self.edits():
            return cleaned
        try:
            with transaction.atomic():
                workflow.claim_edit(claim=self.instance.pk, actor=self.actor, **self.edits())
                raise _DryRun  # checked; ClaimAdmin.save_model makes the edit for real
        except _DryRun:
            pass
        except workflow.WorkflowError as error:
            raise ValidationError(error.message) from None
        return cleaned


@admin.register(Claim)
class ClaimAdmin(ExportVerdictsMixin, admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = (
        "__str__",
        "kind",
        "status",
        "article",
        "assignee",
        "checkworthiness",
        "created_at",
    )
    list_filter = ("status", "kind", "origin", "dismissal_reason", "qualifier", "article__outlet")
    search_fields = ("text", "span", "speaker", "article__title")
    list_select_related = ("article", "assignee")
    raw_id_fields = ("article",)

    # Every field belongs to workflow.py: shown here, changed only through its services
    # (the actions below, and claim_edit for the kind, place and values), so each change
    # is checked and audited.
    def has_add_permission(self, request):
        return False  # claims are added from the article's text (workflow.claim_add)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        editable = CLAIM_EDIT_FIELDS if workflow.is_editor(request.user) else ()
        return [f.name for f in Claim._meta.fields if f.name not in editable]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        edits = form.edits()
        if edits:
            workflow.claim_edit(claim=obj.pk, actor=request.user, **edits)

    readonly_fields = (
        "status",
        "assignee",
        "lease_expires_at",
        "version",
        "dismissal_reason",
        "created_at",
        "updated_at",
        "extractor_version",
    )
    inlines = [VerdictInline, EvidenceInline, CommentInline, ClaimEventInline]
    actions = [*EXPORT_ACTIONS, *TABLE_ACTIONS, "dismiss_selected"]

    # Triage from the admin goes through workflow.py like everything else: same checks,
    # same audit events.

    def has_edit_claim_permission(self, request):
        return workflow.is_editor(request.user)

    def _each(self, request, queryset, step, done):
        moved, refused = 0, []
        for claim in queryset:
            try:
                step(claim)
                moved += 1
            except workflow.WorkflowError as error:
                refused.append(f"#{claim.pk}: {error.message}")
        self.message_user(request, f"{moved} claim(s) {done}.", messages.SUCCESS)
        if refused:
            self.message_user(request, "Not changed: " + " ".join(refused[:20]), messages.WARNING)

    @admin.action(description="Dismiss selected claims…", permissions=["edit_claim"])
    def dismiss_selected(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if "apply" in request.POST and reason:
            moved = workflow.claims_dismiss_many(
                claim_ids=list(queryset.values_list("pk", flat=True)),
                actor=request.user,
                reason=reason,
            )
            self.message_user(
                request,
                f"{moved} claim(s) dismissed; claims that were not new or queued are unchanged.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/factcheck/claim/dismiss.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "claims": queryset,
                "action": "dismiss_selected",
                "error": "A reason is required." if "apply" in request.POST else "",
                "title": "Dismiss claims",
            },
        )


class RatingForm(forms.ModelForm):
    """A rating's badge must be readable: white text on its colour at 4.5:1 or more."""

    class Meta:
        model = Rating
        fields = ("label", "slug", "value", "colour", "description", "order", "active")
        help_texts = {
            "colour": "Badge colour as #rrggbb. Badge text is white, so the colour must give "
            f"it a contrast of at least {MIN_CONTRAST}:1.",
            "description": "What the rating means, in plain words: shown on the verdict form "
            "and on every public fact-check with this rating.",
        }

    def clean_colour(self):
        colour = (self.cleaned_data.get("colour") or "").strip()
        if not HEX_COLOUR.match(colour):
            raise forms.ValidationError("Give the colour as # and six hex digits, e.g. #9a6700.")
        ratio = contrast_ratio(colour)
        if ratio < MIN_CONTRAST:
            raise forms.ValidationError(
                f"White badge text on {colour} has a contrast of {ratio:.1f}:1; badges need "
                f"at least {MIN_CONTRAST}:1 to be readable. A darker shade such as "
                f"{darker_passing(colour)} ({contrast_ratio(darker_passing(colour)):.1f}:1) "
                "would do."
            )
        return colour.lower()


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    form = RatingForm
    list_display = ("label", "value", "colour", "text_contrast", "order", "active")
    list_editable = ("order", "active")
    prepopulated_fields = {"slug": ("label",)}
    search_fields = ("label", "description")
    list_filter = ("active",)
    readonly_fields = ("text_contrast",)

    @admin.display(description="text contrast")
    def text_contrast(self, obj):
        if obj is None or not obj.colour or not HEX_COLOUR.match(obj.colour):
            return "—"
        ratio = contrast_ratio(obj.colour)
        verdict = "readable" if ratio >= MIN_CONTRAST else f"too low (needs {MIN_CONTRAST}:1)"
        return f"{ratio:.1f}:1, {verdict}"


@admin.register(Verdict)
class VerdictAdmin(HistoryAdmin):
    list_display = ("claim", "revision", "state", "rating", "author", "approved_by", "created_at")
    list_filter = ("state", "rating")
    search_fields = ("rationale", "claim__text")
    list_select_related = ("claim", "rating", "author", "approved_by")
    raw_id_fields = ("claim", "evidence")
    readonly_fields = (
        "claim",
        "revision",
        "state",
        "author",
        "approved_by",
        "approved_at",
        "created_at",
    )


@admin.register(Evidence)
class EvidenceAdmin(HistoryAdmin):
    list_display = ("title", "publisher", "stance", "claim", "accessed", "added_by")
    list_filter = ("stance", "publisher")
    search_fields = ("title", "url", "excerpt", "publisher")
    list_select_related = ("claim", "added_by")
    raw_id_fields = ("claim",)


@admin.register(Comment)
class CommentAdmin(HistoryAdmin):
    list_display = ("claim", "author", "created_at")
    search_fields = ("body",)
    list_select_related = ("claim", "author")
    raw_id_fields = ("claim",)


@admin.register(ClaimEvent)
class ClaimEventAdmin(HistoryAdmin):
    """The audit log."""

    list_display = ("created_at", "claim", "actor", "action", "from_status", "to_status")
    list_filter = ("action", "to_status")
    search_fields = ("note", "claim__text", "actor__username")
    list_select_related = ("claim", "actor")
    date_hierarchy = "created_at"


# --- intake: the feeds the newsroom follows ---


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("__str__", "url", "active", "last_polled_at", "last_imported", "has_error")
    list_filter = ("active",)
    search_fields = ("url", "outlet")
    readonly_fields = (
        "last_polled_at",
        "last_imported",
        "last_error",
        "etag",
        "last_modified",
        "added_by",
        "created_at",
    )
    actions = ["poll_now"]

    @admin.display(boolean=True, description="problem at last poll")
    def has_error(self, feed):
        return bool(feed.last_error)

    @admin.action(description="Check the selected feeds for new articles now")
    def poll_now(self, request, queryset):
        from factcheck.tasks import poll_one_feed

        for feed in queryset:
            poll_one_feed.enqueue(feed.pk)
        self.message_user(request, f"Polling {queryset.count()} feed(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if not change and obj.added_by_id is None:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
