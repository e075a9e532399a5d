"""The product's routes plus the benchmarks' reference page."""

from django.urls import path

from benchsite import views
from factcheck.urls import urlpatterns as product_urlpatterns

urlpatterns = [*product_urlpatterns, path("ping/", views.ping, name="ping")]
