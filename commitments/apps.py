from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = "政府工作报告重点任务"
    default_auto_field = "django.db.models.BigAutoField"
