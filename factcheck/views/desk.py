"""My desk, notifications (the bell, the list, marking read, email settings), people."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from factcheck import desk, notifications, workflow
from factcheck.forms import NotificationPreferenceForm
from factcheck.http import is_fragment_request
from factcheck.models import Claim, Notification, NotificationPreference
from factcheck.views.claims import refused

NOTIFICATIONS_SHOWN = 100


def _reviewers_only(request):
    return refused(
        request, workflow.NotAllowed("Only reviewers and editors have a desk and notifications.")
    )


@require_GET
def my_desk(request):
    if not workflow.is_reviewer(request.user):
        return redirect("home")  # the desk is for people who check claims
    return render(
        request,
        "desk/desk.html",
        {"desk": desk.desk_for(request.user), "is_editor": workflow.is_editor(request.user)},
    )


@require_GET
@vary_on_headers("HX-Request")
def notification_list(request):
    if not workflow.is_reviewer(request.user):
        return _reviewers_only(request)
    return _render_list(request)


def _render_list(request):
    items = list(
        Notification.objects.filter(recipient=request.user)
        .select_related("actor", "claim")
        .order_by("-created_at", "-id")[:NOTIFICATIONS_SHOWN]
    )
    context = {"items": items, "unread": sum(1 for n in items if n.read_at is None)}
    if is_fragment_request(request):
        return render(request, "notifications/list.html#notification-list", context)
    return render(request, "notifications/list.html", context)


@require_GET
def notification_bell(request):
    """The navigation bar's counts, redrawn by HTMX polling."""
    if not workflow.is_reviewer(request.user):
        return _reviewers_only(request)
    return render(request, "_nav_counts.jinja", {}, using="jinja2")


def _back_to_list(request, message):
    if is_fragment_request(request):
        return _render_list(request)
    messages.success(request, message)
    return redirect("notifications")


@require_POST
def notification_read(request, pk):
    if not workflow.is_reviewer(request.user):
        return _reviewers_only(request)
    notifications.mark_read(user=request.user, notification_id=pk)
    return _back_to_list(request, "Marked read.")


@require_POST
def notification_read_all(request):
    if not workflow.is_reviewer(request.user):
        return _reviewers_only(request)
    count = notifications.mark_read(user=request.user)
    return _back_to_list(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")


@require_POST
def notification_open(request, pk):
    """Mark the notification read and go to what it is about."""
    if not workflow.is_reviewer(request.user):
        return _reviewers_only(request)
    item = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(user=request.user, notification_id=item.pk)
    target = reverse("notifications")
    if item.claim_id:
        target = reverse("claim", args=[item.claim_id])
        if item.comment_id:
            target += f"#comment-{item.comment_id}"
    return redirect(target)


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if not workflow.is_reviewer(request.user):
        return _reviewers_only(request)
    chosen = notifications.email_kinds(request.user)
    form = NotificationPreferenceForm(request.POST or None, initial={"email_kinds": chosen})
    if request.method == "POST" and form.is_valid():
        NotificationPreference.objects.update_or_create(
            user=request.user, defaults={"email_kinds": form.cleaned_data["email_kinds"]}
        )
        messages.success(request, "Saved: your email choices.")
        return redirect("notification_settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


@require_GET
def person(request, username):
    """A colleague: who they are and the claims in their hands (where @mentions link)."""
    if not workflow.is_reviewer(request.user):
        return _reviewers_only(request)
    user = get_object_or_404(get_user_model(), username=username, is_active=True)
    holding = (
        Claim.objects.filter(
            assignee=user, status__in=[Claim.Status.IN_REVIEW, Claim.Status.PROPOSED]
        )
        .select_related("article")
        .defer("article__body", "article__raw_text")
        .order_by("status", "id")
    )
    return render(
        request,
        "desk/person.html",
        {
            "person": user,
            "role": "editor"
            if workflow.is_editor(user)
            else "reviewer"
            if workflow.is_reviewer(user)
            else "",
            "holding": holding,
        },
    )
