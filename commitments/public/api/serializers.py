"""What the API shows of public data: explicit field lists, so a new model field is never exposed by accident."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commitments.models import Commitment, Department, Evidence, Milestone, ProgressReport, Section, WorkReport
from commitments.public.tables import commitment_url


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkReport
        fields = ["id", "year", "issuer", "title", "notes"]


class SectionSerializer(serializers.ModelSerializer):
    # The API keeps its published name: "report" is the work report (WorkReport) the section belongs to.
    report = serializers.IntegerField(source="work_report_id", read_only=True, help_text="政府工作报告编号")

    class Meta:
        model = Section
        fields = ["id", "report", "parent", "key", "number", "heading", "level", "position"]


class DepartmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="公开网页")
    # Plain text rather than an enum: "kind" is also the commitment's enum, and one name keeps the schema stable.
    kind = serializers.CharField(read_only=True, help_text="bureau / township / zone / enterprise / other")

    class Meta:
        model = Department
        fields = ["slug", "name", "short_name", "kind", "url"]

    def get_url(self, obj: Department) -> str:
        return reverse("public:department-detail", args=[obj.slug])


class CommitmentSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="work_report_id", read_only=True, help_text="政府工作报告编号")
    report_year = serializers.IntegerField(source="work_report.year", read_only=True)
    section_heading = serializers.CharField(source="section.heading", read_only=True)
    lead_department = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead_department_name = serializers.CharField(source="lead_department.name", read_only=True, default=None)
    supporting_departments = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.SerializerMethodField(help_text="公开网页")

    class Meta:
        model = Commitment
        fields = [
            "code",
            "report",
            "report_year",
            "section",
            "section_heading",
            "title",
            "quote",
            "lead_department",
            "lead_department_name",
            "supporting_departments",
            "kind",
            "comparator",
            "target_value",
            "unit",
            "baseline_value",
            "current_value",
            "progress_percent",
            "achievement_percent",
            "expected_pace_percent",
            "pace",
            "status",
            "status_label",
            "status_reason",
            "terminal_state",
            "terminal_reason",
            "start_date",
            "due_date",
            "planned_investment",
            "investment_completed",
            "last_approved_at",
            "url",
        ]

    def get_url(self, obj: Commitment) -> str:
        return commitment_url(obj)


class MilestoneSerializer(serializers.ModelSerializer):
    commitment = serializers.CharField(source="commitment.code", read_only=True)
    report = serializers.IntegerField(source="commitment.work_report_id", read_only=True)

    class Meta:
        model = Milestone
        fields = ["commitment", "report", "title", "due_date", "target_value", "weight", "done_on"]


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["name", "content_type", "size", "url"]

    def get_url(self, obj: Evidence) -> str:
        return reverse("public:evidence-download", args=[obj.pk])


class UpdateSerializer(serializers.ModelSerializer):
    """An approved progress report: who typed it and what reviewers noted stay internal."""

    commitment = serializers.CharField(source="commitment.code", read_only=True)
    report = serializers.IntegerField(source="commitment.work_report_id", read_only=True)
    approved_at = serializers.DateTimeField(source="reviewed_at", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True, source="public_evidence")

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "commitment",
            "report",
            "period",
            "value",
            "investment_completed",
            "narrative",
            "approved_at",
            "verified",
            "verified_at",
            "evidence",
        ]


class ChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    values = serializers.SerializerMethodField(help_text="变更的字段：名称、原值、新值")
    reason = serializers.CharField()

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_values(self, obj) -> list[dict]:
        return [{"field": label, "old": old, "new": new} for label, old, new in obj.fields]


class CommitmentDetailSerializer(CommitmentSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True)
    updates = UpdateSerializer(many=True, read_only=True)
    changes = ChangeSerializer(many=True, read_only=True)

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "milestones", "updates", "changes"]


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField(source="value")
    label = serializers.CharField()
    count = serializers.IntegerField()


class TallySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    completion_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    average_progress = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    average_pace = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    statuses = StatusCountSerializer(many=True)


class SectionRateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="section.pk")
    key = serializers.CharField(source="section.key")
    heading = serializers.CharField(source="section.heading")
    level = serializers.IntegerField(source="section.level")
    tally = TallySerializer()


class DepartmentRateSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    tally = TallySerializer()


class SummarySerializer(serializers.Serializer):
    report = ReportSerializer(source="work_report")
    as_of = serializers.DateField()
    summary = TallySerializer()
    sections = SectionRateSerializer(many=True)
    departments = DepartmentRateSerializer(many=True)
