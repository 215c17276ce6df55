from django.urls import path, re_path

from commitments.public.api import views
from commitments.public.cache import cached_public

app_name = "api"


def cached(view_class):
    return cached_public(view_class.as_view())


urlpatterns = [
    path("", views.root, name="root"),
    path("commitments/", cached(views.CommitmentList), name="commitment-list"),
    path("commitments/<str:code>/", cached(views.CommitmentDetail), name="commitment-detail"),
    path("milestones/", cached(views.MilestoneList), name="milestone-list"),
    path("updates/", cached(views.UpdateList), name="update-list"),
    path("departments/", cached(views.DepartmentList), name="department-list"),
    path("departments/<slug:slug>/", cached(views.DepartmentDetail), name="department-detail"),
    path("sections/", cached(views.SectionList), name="section-list"),
    path("reports/", cached(views.ReportList), name="report-list"),
    path("summary/", cached(views.Summary), name="summary"),
    # A stable address for the OpenAPI 3 document (YAML; ?format=json for JSON).
    path("schema/", cached(views.Schema), name="schema"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
