"""Work-report importer: file bytes → text → section tree, commitment drafts and targets.

Pure Python (no Django): ``sources.read_source`` decodes a file, ``work_report.parse_report``
parses the text, ``work_report.targets_as_jsonl`` prints the dry run. ``loader.py`` writes
a parse result to the database.
"""

from commitments.importers.errors import ReportImportError

__all__ = ["ReportImportError"]
