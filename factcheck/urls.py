"""URL routes of factcheck."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from factcheck.views import articles

urlpatterns = [
    path("", articles.home, name="home"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("articles/upload/", articles.article_upload, name="article_upload"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

# --- review queue and claim pages (views/queue.py, views/claims.py) ---
from factcheck.views import claims as claim_views  # noqa: E402
from factcheck.views import queue as queue_views  # noqa: E402

urlpatterns += [
    path("queue/", queue_views.queue_list, name="queue"),
    path("queue/next/", queue_views.queue_next, name="queue_next"),
    path("queue/triage/", queue_views.queue_triage, name="queue_triage"),
    path("claims/<int:pk>/", claim_views.claim_detail, name="claim"),
    # Before claim_action, whose <str:action> would also match "evidence".
    path("claims/<int:pk>/evidence/", claim_views.evidence_add, name="evidence_add"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_id>/remove/",
        claim_views.evidence_remove,
        name="evidence_remove",
    ),
    path("claims/<int:pk>/<str:action>/", claim_views.claim_action, name="claim_action"),
]

# --- reports and exports (views/reports.py) ---
from factcheck.views import reports  # noqa: E402

urlpatterns += [
    path("articles/<int:pk>/report/", reports.article_report, name="article_report"),
    path("exports/", reports.export, name="export"),
]

# --- benchmarks (views/health.py) ---
from factcheck.views import health  # noqa: E402

urlpatterns.append(path("ping/", health.ping, name="ping"))

# --- production: health checks, error pages (views/health.py) ---
urlpatterns += [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
handler500 = "factcheck.views.health.server_error"
