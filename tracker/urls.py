from django.contrib import admin
from django.urls import include, path

from commitments.admin import dashboard

admin.site.site_header = "政府工作报告重点任务督查系统"
admin.site.site_title = "重点任务督查"
admin.site.index_title = "工作台"

urlpatterns = [
    # The admin start page with the worklist (commitments.admin.dashboard); the rest of the admin as usual.
    path("admin/", dashboard.start_page, name="admin-start"),
    path("admin/", admin.site.urls),
    path("", include("commitments.public.urls")),
]
