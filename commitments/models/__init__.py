"""The tracker's data, one module per part: work reports and their sections, departments, commitments and
milestones, progress reports and evidence, supervision, messages, imports, and the audit trail.

Names follow the glossary (docs/design.md). Models hold fields, constraints, choices and row-local facts only;
rules that cross rows live in the workflow modules (figures, reviews, supervision, ...) and the pure rules.
"""

from commitments.models.audit import HistoricalChange, HistoryEntry, LoginEvent
from commitments.models.commitments import Commitment, CommitmentQuerySet, Milestone
from commitments.models.departments import Department
from commitments.models.imports import ImportJob, import_upload_path
from commitments.models.messages import Bulletin, OutboxMessage, bulletin_path
from commitments.models.progress import Evidence, ProgressReport, evidence_path
from commitments.models.supervision import Escalation, SupervisionNotice
from commitments.models.work_reports import Section, WorkReport

# The upload paths are named by the migrations, which import them from here.
__all__ = [
    "Bulletin",
    "Commitment",
    "CommitmentQuerySet",
    "Department",
    "Escalation",
    "Evidence",
    "HistoricalChange",
    "HistoryEntry",
    "ImportJob",
    "LoginEvent",
    "Milestone",
    "OutboxMessage",
    "ProgressReport",
    "Section",
    "SupervisionNotice",
    "WorkReport",
    "bulletin_path",
    "evidence_path",
    "import_upload_path",
]
