"""The Django admin for editors and admins: every model, related rows inline, audit read-only."""

from django.contrib import admin
from django.db.models import Count

from factcheck.models import Article, Claim, ClaimEvent, Comment, Evidence, Rating, Verdict


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ("kind", "span", "status", "assignee", "checkworthiness")
    readonly_fields = fields
    ordering = ("start",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "published", "claim_count", "imported_at", "imported_by")
    list_filter = ("outlet", "published", "imported_at")
    search_fields = ("title", "outlet", "url", "body")
    list_select_related = ("imported_by",)
    date_hierarchy = "imported_at"
    readonly_fields = ("content_hash", "raw_text", "source_line", "imported_at", "imported_by",
                       "extracted_at", "extractor_version", "extraction_error")
    inlines = [ClaimInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


class VerdictInline(ReadOnlyInline):
    model = Verdict
    fields = ("revision", "state", "rating", "author", "approved_by", "approved_at",
              "created_at")
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


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "article", "assignee", "checkworthiness",
                    "created_at")
    list_filter = ("status", "kind", "qualifier", "article__outlet")
    search_fields = ("text", "span", "speaker", "article__title")
    list_select_related = ("article", "assignee")
    raw_id_fields = ("article",)
    # Status, assignee, lease and version belong to workflow.py: shown, never edited here.
    readonly_fields = ("status", "assignee", "lease_expires_at", "version", "dismissal_reason",
                       "created_at", "updated_at", "extractor_version")
    inlines = [VerdictInline, EvidenceInline, CommentInline, ClaimEventInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("label", "value", "colour", "order", "active")
    list_editable = ("order", "active")
    prepopulated_fields = {"slug": ("label",)}
    search_fields = ("label", "description")
    list_filter = ("active",)


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("claim", "revision", "state", "rating", "author", "approved_by",
                    "created_at")
    list_filter = ("state", "rating")
    search_fields = ("rationale", "claim__text")
    list_select_related = ("claim", "rating", "author", "approved_by")
    raw_id_fields = ("claim", "evidence")
    readonly_fields = ("claim", "revision", "state", "author", "approved_by", "approved_at",
                       "created_at")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "stance", "claim", "accessed", "added_by")
    list_filter = ("stance", "publisher")
    search_fields = ("title", "url", "excerpt", "publisher")
    list_select_related = ("claim", "added_by")
    raw_id_fields = ("claim",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("claim", "author", "created_at")
    search_fields = ("body",)
    list_select_related = ("claim", "author")
    raw_id_fields = ("claim",)


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    """The audit log: readable by editors and admins, writable by nobody."""

    list_display = ("created_at", "claim", "actor", "action", "from_status", "to_status")
    list_filter = ("action", "to_status")
    search_fields = ("note", "claim__text", "actor__username")
    list_select_related = ("claim", "actor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
