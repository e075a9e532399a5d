"""URL routes of factcheck."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from factcheck.views import articles

urlpatterns = [
    path("", articles.home, name="home"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
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
    path("queue/bulk/", queue_views.queue_bulk, name="queue_bulk"),
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

# --- adding and fixing claims; the extractor's report card (views/editing.py) ---
from factcheck.views import editing  # noqa: E402

urlpatterns += [
    path("articles/<int:pk>/claims/new/", editing.claim_new, name="claim_new"),
    path("extraction/report/", editing.extraction_report, name="extraction_report"),
]

# --- reports and exports (views/reports.py) ---
from factcheck.views import reports  # noqa: E402

urlpatterns += [
    path("articles/<int:pk>/report/", reports.article_report, name="article_report"),
    path("exports/", reports.export, name="export"),
]

# --- intake: paste, upload, by address, feeds, extraction progress (views/intake.py) ---
from factcheck.views import intake  # noqa: E402

# --- stories: one event across outlets (views/stories.py) ---
from factcheck.views import stories as story_views  # noqa: E402

urlpatterns += [
    path("stories/<int:pk>/", story_views.story_detail, name="story"),
    path("stories/<int:pk>/<str:action>/", story_views.story_edit, name="story_edit"),
    path(
        "claims/<int:pk>/earlier/<int:other>/<str:what>/",
        story_views.claim_earlier,
        name="claim_earlier",
    ),
]


urlpatterns += [
    path("articles/upload/", intake.article_upload, name="article_upload"),
    path("articles/paste/", intake.article_paste, name="article_paste"),
    path("articles/from-url/", intake.article_from_url, name="article_from_url"),
    path("articles/progress/", intake.import_progress, name="import_progress"),
    path("feeds/", intake.feeds, name="feeds"),
    path("feeds/<int:pk>/poll/", intake.feed_poll, name="feed_poll"),
    path("feeds/<int:pk>/toggle/", intake.feed_toggle, name="feed_toggle"),
]
handler400 = "factcheck.views.intake.bad_request"

# --- public --- (views/public.py: no login; anonymous readers served from the cache)
from django.urls import register_converter  # noqa: E402

from factcheck.views import public as public_views  # noqa: E402


class WordsSlugConverter:
    """A slug of words in any script (a claim in Arabic or Russian keeps a readable URL)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(WordsSlugConverter, "words")

urlpatterns += [
    path("fact-checks/", public_views.index, name="public_index"),
    path("fact-checks/feed/", public_views.feed, name="public_feed"),
    path("fact-checks/ratings.css", public_views.ratings_css, name="public_ratings_css"),
    path("fact-checks/articles/<int:pk>/", public_views.article, name="public_article"),
    path("fact-checks/<int:pk>/", public_views.fact_check, name="public_fact_check_bare"),
    path("fact-checks/<int:pk>-<words:slug>/", public_views.fact_check, name="public_fact_check"),
    path("sitemap.xml", public_views.sitemap, name="sitemap"),
]


# --- my desk, notifications, people (views/desk.py) ---
from factcheck.views import desk as desk_views  # noqa: E402

urlpatterns += [
    path("desk/", desk_views.my_desk, name="desk"),
    path("notifications/", desk_views.notification_list, name="notifications"),
    path("notifications/bell/", desk_views.notification_bell, name="notification_bell"),
    path("notifications/read/", desk_views.notification_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", desk_views.notification_read, name="notification_read"),
    path("notifications/<int:pk>/open/", desk_views.notification_open, name="notification_open"),
    path("notifications/settings/", desk_views.notification_settings, name="notification_settings"),
    path("people/<str:username>/", desk_views.person, name="person"),
]

# --- the editors' dashboard (views/dashboard.py) ---
from factcheck.views import dashboard as dashboard_views  # noqa: E402

urlpatterns.append(path("dashboard/", dashboard_views.dashboard, name="dashboard"))

# --- production: health checks for load balancers (views/health.py) ---
from factcheck.views import health  # noqa: E402

urlpatterns += [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
