"""One word for each thing: the government work report is WorkReport, reached as ``work_report``; a
department's monthly report is a ProgressReport, reached as ``progress_reports``; evidence belongs to its
``progress_report``. Tables and columns are renamed in place; no row changes.

The model permissions of the renamed model keep their rows (and so their grants to groups): their codenames
are renamed from ``*_report`` to ``*_workreport`` before Django would create new ones.
"""

import django.db.models.deletion
from django.db import migrations, models


def rename_permissions(apps, schema_editor, old="report", new="workreport"):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # RenameModel has renamed the content type already (contenttypes injects that operation).
    types = ContentType.objects.filter(app_label="commitments", model__in=[old, new])
    for permission in Permission.objects.filter(content_type__in=types, codename__endswith=f"_{old}"):
        action = permission.codename.removesuffix(f"_{old}")
        if Permission.objects.filter(content_type__in=types, codename=f"{action}_{new}").exists():
            continue
        permission.codename = f"{action}_{new}"
        permission.save(update_fields=["codename"])


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, old="workreport", new="report")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0002_public_list_newest_first"),
    ]

    operations = [
        migrations.RenameModel(old_name="Report", new_name="WorkReport"),
        migrations.RunPython(rename_permissions, restore_permissions),
        # Indexes and constraints naming the renamed field are dropped and made again around the rename: SQLite
        # rebuilds a table to rename a column, and the rebuilt table must not name the old field.
        migrations.RemoveConstraint(model_name="commitment", name="commitment_unique_code_per_report"),
        migrations.RemoveConstraint(model_name="section", name="section_unique_key_per_report"),
        migrations.RemoveIndex(model_name="commitment", name="commitment_report_status"),
        migrations.RemoveIndex(model_name="commitment", name="commitment_public_report"),
        migrations.RenameField(model_name="section", old_name="report", new_name="work_report"),
        migrations.RenameField(model_name="commitment", old_name="report", new_name="work_report"),
        migrations.RenameField(model_name="historicalcommitment", old_name="report", new_name="work_report"),
        migrations.RenameField(model_name="importjob", old_name="report", new_name="work_report"),
        migrations.RenameField(model_name="evidence", old_name="report", new_name="progress_report"),
        migrations.AlterModelOptions(
            name="commitment",
            options={"ordering": ["work_report", "position", "code"], "verbose_name": "重点任务", "verbose_name_plural": "重点任务"},
        ),
        migrations.AlterModelOptions(
            name="section",
            options={"ordering": ["work_report", "position"], "verbose_name": "报告章节", "verbose_name_plural": "报告章节"},
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(fields=["work_report", "status"], name="commitment_report_status"),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(condition=models.Q(("is_public", True)), fields=["work_report"], name="commitment_public_report"),
        ),
        migrations.AddConstraint(
            model_name="commitment",
            constraint=models.UniqueConstraint(fields=("work_report", "code"), name="commitment_unique_code_per_report"),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(fields=("work_report", "key"), name="section_unique_key_per_report"),
        ),
        migrations.AlterField(
            model_name="section",
            name="work_report",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="sections",
                to="commitments.workreport",
                verbose_name="政府工作报告",
            ),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="work_report",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="commitments",
                to="commitments.workreport",
                verbose_name="政府工作报告",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcommitment",
            name="work_report",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="commitments.workreport",
                verbose_name="政府工作报告",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="work_report",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="commitments.workreport",
                verbose_name="政府工作报告",
            ),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="commitment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="progress_reports",
                to="commitments.commitment",
                verbose_name="重点任务",
            ),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="milestone",
            field=models.ForeignKey(
                blank=True,
                help_text="定性任务：本次填报完成的节点",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="progress_reports",
                to="commitments.milestone",
                verbose_name="完成的节点",
            ),
        ),
    ]
