from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户与安全"

    def ready(self) -> None:
        from accounts import audit

        audit.connect()
