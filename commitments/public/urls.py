from django.urls import include, path

from commitments.ops import health
from commitments.public import feeds, opendata
from commitments.public import views as public
from commitments.public.cache import cached_public

app_name = "public"

data_urls = [
    path("", opendata.index, name="open-data"),
    path("commitments.csv", opendata.commitments_csv, name="commitments-csv"),
    path("commitments.xlsx", opendata.commitments_xlsx, name="commitments-xlsx"),
    path("updates.csv", opendata.updates_csv, name="updates-csv"),
]

feed_urls = [
    path("updates.atom", cached_public(feeds.UpdatesFeed()), name="feed"),
    path("reports/<int:work_report_id>/updates.atom", cached_public(feeds.UpdatesFeed()), name="report-feed"),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("commitments/", public.commitment_list, name="commitment-list"),
    path("commitments/<str:code>/", public.commitment_detail, name="commitment-detail"),
    path("departments/", public.department_list, name="department-list"),
    path("departments/<slug:slug>/", public.department_detail, name="department-detail"),
    path("reports/<int:work_report_id>/sections/<str:key>/", public.section_detail, name="section-detail"),
    path("evidence/<int:pk>/", public.evidence_download, name="evidence-download"),
    path("data/", include(data_urls)),
    path("feeds/", include(feed_urls)),
    path("api/v1/", include("commitments.public.api.urls")),
    path("healthz/", health.healthz, name="health"),
]
