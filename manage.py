#!/usr/bin/env python
"""Django's command-line utility, with a start-up check that names a broken setting or service in one line."""

import os
import sys

# Commands that must work without the database or Redis being reachable.
OFFLINE_COMMANDS = {
    "help",
    "makemigrations",
    "check",
    "collectstatic",
    "version",
    "--version",
    "--help",
    "compilemessages",
    "diffsettings",
    "startapp",
    "test",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - import the settings now, to report a bad value cleanly
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"配置错误: {exc}\n")
        sys.exit(2)

    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if command not in OFFLINE_COMMANDS and os.environ.get("TRACKER_SKIP_PREFLIGHT") != "1":
        import django

        django.setup()
        from tracker.preflight import service_errors

        errors = service_errors()
        if errors:
            sys.stderr.write("".join(f"错误: {line}\n" for line in errors))
            sys.exit(2)

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
