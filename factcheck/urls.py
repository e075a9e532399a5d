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

# --- reports and exports (views/reports.py) ---
