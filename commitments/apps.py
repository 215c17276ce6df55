from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = "政府工作报告重点任务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from commitments.ops import audit_guards, db_guards, schedules

        post_migrate.connect(db_guards.install_after_migrate, sender=self, dispatch_uid="commitments.ops.db_guards")
        post_migrate.connect(
            audit_guards.install_after_migrate, sender=self, dispatch_uid="commitments.ops.audit_guards"
        )
        post_migrate.connect(schedules.install_after_migrate, sender=self, dispatch_uid="commitments.ops.schedules")
