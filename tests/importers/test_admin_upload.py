"""The admin upload of a work report (ImportJob): early refusal of bad files, the Celery task, the result page.

Administrators only: a department reporter or a supervisor reaches neither the upload nor the jobs.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commitments.importers.tasks import run_import
from commitments.models import Commitment, ImportJob, WorkReport
from tests.importers.conftest import BAD_INPUT
from tracker.celery import app as celery_app

ADD = reverse("admin:commitments_importjob_add")


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest storage of production needs collectstatic; pages here only need the URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def eager_celery():
    # The suite has REDIS_URL set, so Celery queues to Redis; here the task runs in-process, as it does
    # in the embedded set-up without Redis.
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def upload(client, data: bytes, *, name: str = "report.txt", year: int = 2025, issuer: str = "某某市人民政府", **extra):
    file = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post(ADD, {"source": file, "year": year, "issuer": issuer, **extra})


def upload_and_run(client, data: bytes, capture, **options):
    with capture(execute=True):
        return upload(client, data, **options)


def test_an_upload_is_imported_by_the_task_and_the_page_shows_the_result(
    admin_client, small_text, eager_celery, django_capture_on_commit_callbacks
):
    response = upload_and_run(admin_client, small_text.encode(), django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:commitments_importjob_change", args=[job.pk])
    assert (job.state, job.work_report.title, job.original_name) == ("done", "2025年某某市政府工作报告", "report.txt")
    assert (job.summary["sections"], job.summary["commitments"], job.summary["quantified"]) == (4, 6, 5)
    page = admin_client.get(response.url).content.decode()
    assert "已完成" in page and "任务：6（量化 5、定性 1）" in page


def test_the_drafts_are_not_public_and_belong_to_no_department(
    admin_client, small_text, eager_celery, django_capture_on_commit_callbacks
):
    upload_and_run(admin_client, small_text.encode(), django_capture_on_commit_callbacks)

    drafts = Commitment.objects.filter(work_report__issuer="某某市人民政府")
    assert drafts.count() == 6
    assert not drafts.filter(is_public=True).exists() and not drafts.filter(lead_department__isnull=False).exists()


def test_the_result_page_links_to_the_drafts_of_the_report(
    admin_client, small_text, eager_celery, django_capture_on_commit_callbacks
):
    response = upload_and_run(admin_client, small_text.encode(), django_capture_on_commit_callbacks)
    report = WorkReport.objects.get()

    page = admin_client.get(response.url).content.decode()
    changelist = reverse("admin:commitments_commitment_changelist")
    link = f"{changelist}?work_report__id__exact={report.pk}&amp;is_public__exact=0"
    assert link in page
    drafts = admin_client.get(link.replace("&amp;", "&"))
    assert drafts.status_code == 200 and "2025-2-1-03" in drafts.content.decode()


def test_warnings_are_shown_on_the_result_page(
    admin_client, qianjiang_text, eager_celery, django_capture_on_commit_callbacks
):
    response = upload_and_run(
        admin_client, qianjiang_text.encode(), django_capture_on_commit_callbacks, year=2024, issuer="某市人民政府"
    )

    assert "中途截断" in admin_client.get(response.url).content.decode()


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_a_bad_file_is_refused_at_once_and_nothing_is_written(
    case, admin_client, row_counts, media, eager_celery, django_capture_on_commit_callbacks
):
    data, message = BAD_INPUT[case]
    before = row_counts()

    response = upload_and_run(admin_client, data, django_capture_on_commit_callbacks)

    assert response.status_code == 200 and message in response.content.decode()
    assert row_counts() == before
    assert not (media / "imports").exists()


def test_a_file_of_another_type_is_refused_by_its_extension(admin_client, small_text, row_counts):
    before = row_counts()

    response = upload(admin_client, small_text.encode(), name="report.xlsx")

    assert "不支持“.xlsx”文件" in response.content.decode()
    assert row_counts() == before


def test_another_text_of_an_imported_report_is_refused_unless_drafts_are_replaced(
    admin_client, small_text, row_counts, eager_celery, django_capture_on_commit_callbacks
):
    upload_and_run(admin_client, small_text.encode(), django_capture_on_commit_callbacks)
    changed = small_text.replace("1000个", "1200个").encode()
    before = row_counts()

    refused = upload_and_run(admin_client, changed, django_capture_on_commit_callbacks)
    assert "已用另一份原文导入过" in refused.content.decode() and row_counts() == before

    upload_and_run(admin_client, changed, django_capture_on_commit_callbacks, replace_drafts="on")
    assert Commitment.objects.get(code="2025-2-1-01").target_value == 1200


def test_the_task_run_twice_imports_once(admin_client, small_text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # queued, not run: the test runs it
        upload(admin_client, small_text.encode())
    job = ImportJob.objects.get()
    assert job.state == "pending"

    assert run_import(job.pk) == "done"
    assert run_import(job.pk) == "skipped"

    job.refresh_from_db()
    assert (job.state, job.summary["outcome"], Commitment.objects.count()) == ("done", "created", 6)


def test_a_job_whose_file_cannot_be_imported_fails_with_its_message_and_writes_nothing(db, admin_user, row_counts):
    job = ImportJob.objects.create(year=2025, issuer="某某市人民政府", created_by=admin_user)
    job.source.save("empty.txt", ContentFile(b""))
    before = row_counts()

    assert run_import(job.pk) == "failed"

    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", "文件是空的，没有可导入的内容。")
    assert job.finished_at is not None and row_counts() == before


def test_the_job_page_is_read_only(admin_client, small_text, eager_celery, django_capture_on_commit_callbacks):
    response = upload_and_run(admin_client, small_text.encode(), django_capture_on_commit_callbacks)

    page = admin_client.get(response.url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.post(response.url, {"year": 1999, "issuer": "别的"}).status_code == 403


@pytest.mark.parametrize("persona", ["reporter_a", "supervisor"])
def test_only_administrators_reach_the_upload_and_the_jobs(persona, request, admin_user, small_text, row_counts):
    job = ImportJob.objects.create(year=2025, issuer="某某市人民政府", created_by=admin_user)
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    before = row_counts()

    assert client.get(ADD).status_code == 403
    assert upload(client, small_text.encode()).status_code == 403
    assert client.get(reverse("admin:commitments_importjob_changelist")).status_code == 403
    assert client.get(reverse("admin:commitments_importjob_change", args=[job.pk])).status_code == 403
    assert row_counts() == before


def test_a_user_given_the_add_permission_may_upload(reporter_b):
    reporter_b.user_permissions.add(Permission.objects.get(codename="add_importjob"))
    client = Client()
    client.force_login(reporter_b)

    assert client.get(ADD).status_code == 200
    assert client.get(reverse("admin:commitments_importjob_changelist")).status_code == 200
