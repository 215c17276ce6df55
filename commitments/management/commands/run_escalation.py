"""python manage.py run_escalation: the name STYLE.md uses for run_scan (the same job)."""

from commitments.management.commands.run_scan import Command  # noqa: F401
