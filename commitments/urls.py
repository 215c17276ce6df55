from django.urls import path

from commitments.views import health

app_name = "public"

urlpatterns = [
    path("healthz/", health.healthz, name="health"),
]
