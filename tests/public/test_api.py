"""The read-only JSON API at /api/v1/: public data only, filters as the table, JSON errors in Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commitments import amendments
from commitments.models import Milestone, ProgressReport

pytestmark = pytest.mark.django_db


def api(name: str, *args) -> str:
    return reverse(f"public:api:{name}", args=args)


def test_the_list_carries_the_stored_figures(client, make_commitment, approve):
    c = make_commitment()
    approve(c, value="51.5")

    row = client.get(api("commitment-list")).json()["results"][0]

    assert row["code"] == c.code
    assert Decimal(row["progress_percent"]) == c.progress_percent
    assert (row["status"], row["status_label"]) == (c.status, c.get_status_display())
    assert Decimal(row["current_value"]) == Decimal("51.5")


@pytest.mark.parametrize("field", ["internal_note", "is_public", "updated_at", "created_at"])
def test_internal_fields_are_not_in_the_list(client, make_commitment, field):
    make_commitment(internal_note="内部备注")

    assert field not in client.get(api("commitment-list")).json()["results"][0]


def test_filters_match_the_table(client, make_commitment, approve, dept_b):
    done = make_commitment(title="新增停车位")
    approve(done, value="103")
    other = make_commitment(title="口袋公园", lead_department=dept_b)

    def found(**params):
        return [r["code"] for r in client.get(api("commitment-list"), params).json()["results"]]

    assert found(status="completed") == [done.code]
    assert found(q="停车") == [done.code]
    assert found(department=dept_b.slug) == [other.code]
    assert found(kind="milestone") == []


def test_the_list_filters_by_supporting_department_and_exact_code(client, make_commitment, second_report, dept_b):
    later, later_section = second_report
    helped = make_commitment(code="2024-2-1-05")
    make_commitment(code="2024-2-1-05", work_report=later, section=later_section)
    make_commitment(code="2024-2-1-050")
    make_commitment(is_public=False).supporting_departments.add(dept_b)
    helped.supporting_departments.add(dept_b)

    def found(**params):
        return sorted(
            r["code"] + "/" + str(r["report"]) for r in client.get(api("commitment-list"), params).json()["results"]
        )

    assert found(supporter=dept_b.slug) == [f"2024-2-1-05/{helped.work_report_id}"]
    assert found(code="2024-2-1-05") == sorted([f"2024-2-1-05/{helped.work_report_id}", f"2024-2-1-05/{later.pk}"])
    assert found(code="2024-2-1-05", report=later.pk) == [f"2024-2-1-05/{later.pk}"]


def test_an_unknown_supporter_is_a_json_error(client, make_commitment):
    make_commitment()

    response = client.get(api("commitment-list"), {"supporter": "no-such-dept"})

    assert response.status_code == 400 and "supporter" in response.json()["errors"]


def test_it_orders_by_progress_on_request(client, make_commitment, approve):
    slow, fast = make_commitment(), make_commitment()
    approve(slow, value="10")
    approve(fast, value="90")

    rows = client.get(api("commitment-list"), {"ordering": "-progress_percent"}).json()["results"]

    assert [r["code"] for r in rows] == [fast.code, slow.code]


def test_it_pages_results(client, make_commitment):
    for _ in range(3):
        make_commitment()

    body = client.get(api("commitment-list"), {"page_size": 2}).json()

    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


def test_an_invalid_filter_is_a_json_error_with_a_chinese_message(client, make_commitment):
    make_commitment()

    response = client.get(api("commitment-list"), {"status": "done"})

    assert response.status_code == 400
    assert response.json()["detail"] == "请求参数无效，请检查筛选条件。"
    assert "status" in response.json()["errors"]


def test_an_unknown_code_is_a_json_404(client, db):
    response = client.get(api("commitment-detail", "2099-1-1-01"))

    assert response.status_code == 404
    assert response.json() == {"detail": "没有编号为“2099-1-1-01”的公开任务。"}


def test_an_unknown_address_under_the_api_is_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404 and response.json()["detail"] == "没有这个接口。"


def test_the_api_is_read_only(client, make_commitment):
    c = make_commitment()

    response = client.post(api("commitment-list"), {"code": "X"}, content_type="application/json")
    deleted = client.delete(api("commitment-detail", c.code))

    assert response.status_code == deleted.status_code == 405
    assert "detail" in response.json()


def test_the_detail_has_milestones_approved_updates_and_changes(
    client, make_commitment, approve, make_progress_report, admin_user
):
    c = make_commitment()
    Milestone.objects.create(commitment=c, title="开工", due_date=c.due_date)
    approve(c, narrative="已通过")
    make_progress_report(c, narrative="尚未提交", state=ProgressReport.State.DRAFT)
    amendments.change_target(c, by=admin_user, reason="会议决定", target_value=Decimal(110))

    body = client.get(api("commitment-detail", c.code)).json()

    assert [m["title"] for m in body["milestones"]] == ["开工"]
    assert [u["narrative"] for u in body["updates"]] == ["已通过"]
    assert body["changes"][0]["reason"] == "会议决定"
    assert body["changes"][0]["values"] == [{"field": "目标值", "old": "103", "new": "110"}]


def test_the_detail_is_disambiguated_by_report(client, work_report, make_commitment, second_report):
    later, later_section = second_report
    make_commitment(code="X-01", title="旧")
    make_commitment(code="X-01", title="新", work_report=later, section=later_section)

    assert client.get(api("commitment-detail", "X-01")).json()["title"] == "新"
    assert client.get(api("commitment-detail", "X-01"), {"report": work_report.pk}).json()["title"] == "旧"


def test_updates_list_approved_reports_with_public_evidence_only(client, make_commitment, approve, attach):
    report = approve(make_commitment())
    attach(report, name="公开照片.png")
    attach(report, name="内部材料.png", public=False)

    body = client.get(api("update-list")).json()

    assert [e["name"] for e in body["results"][0]["evidence"]] == ["公开照片.png"]
    assert "review_note" not in body["results"][0] and "submitted_by" not in body["results"][0]


def test_milestones_filter_by_commitment(client, make_commitment):
    a, b = make_commitment(), make_commitment()
    Milestone.objects.create(commitment=a, title="甲节点", due_date=a.due_date)
    Milestone.objects.create(commitment=b, title="乙节点", due_date=b.due_date)

    rows = client.get(api("milestone-list"), {"commitment": a.code}).json()["results"]

    assert [m["title"] for m in rows] == ["甲节点"]


def test_departments_sections_and_reports_are_listed(client, work_report, section, make_commitment, dept_a):
    make_commitment()

    assert [d["slug"] for d in client.get(api("department-list")).json()["results"]] == [dept_a.slug]
    assert client.get(api("department-detail", dept_a.slug)).json()["name"] == dept_a.name
    assert [s["key"] for s in client.get(api("section-list"), {"report": work_report.pk}).json()["results"]] == ["2"]
    assert [r["id"] for r in client.get(api("report-list")).json()["results"]] == [work_report.pk]


def test_the_summary_equals_the_home_page(client, make_commitment, approve):
    approve(make_commitment(), value="103")
    make_commitment()

    summary = client.get(api("summary")).json()["summary"]
    home = client.get(reverse("public:home")).context["page"].summary

    assert (summary["total"], summary["completed"]) == (home.total, home.completed) == (2, 1)
    assert Decimal(summary["completion_rate"]) == home.completion_rate == Decimal("50.0")


def test_the_openapi_schema_is_served_at_a_stable_address(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})

    body = response.json()
    assert body["openapi"].startswith("3.")
    assert "/api/v1/commitments/" in body["paths"] and "/api/v1/summary/" in body["paths"]


def test_the_schema_documents_the_supporter_and_code_filters(client, db):
    operation = client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]["/api/v1/commitments/"]["get"]

    described = {p["name"]: p.get("description", "") for p in operation["parameters"]}
    assert "配合单位" in described["supporter"] and "完全一致" in described["code"]


def test_anonymous_clients_are_throttled(client, settings, make_commitment):
    from django.core.cache import cache

    from commitments.public.api.views import PublicThrottle

    make_commitment()
    settings.TRACKER_API_RATE = "2/minute"
    cache.delete(PublicThrottle.key_for("192.0.2.77"))

    statuses = [client.get(api("commitment-list"), {"n": i}, REMOTE_ADDR="192.0.2.77").status_code for i in range(3)]

    assert statuses == [200, 200, 429]
