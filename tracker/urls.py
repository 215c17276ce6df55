from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "政府工作报告重点任务督查系统"
admin.site.site_title = "重点任务督查"
admin.site.index_title = "工作台"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("commitments.urls")),
]
