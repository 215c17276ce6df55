"""Audit: every login event and permission change writes one entry with who, when, what and from where;
every create, change and delete of a commitment, milestone, report or notice keeps a historical row with the
same; the admin shows them; nobody changes or deletes them (the database refuses); purge only after 180 days."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from simple_history.middleware import HistoryRequestMiddleware

from commitments.models import HistoryEntry, Milestone, SupervisionNotice

ATTACKER = "203.0.113.66"


def _auth(action):
    return HistoryEntry.objects.filter(action=action)


# --- Login events ---------------------------------------------------------------------------------------


def test_a_login_writes_who_when_and_from_where(client, reporter_a, login):
    before = timezone.now()
    login(client, "reporter_a", ip="198.51.100.5")
    entry = _auth("auth.login").get()
    assert (entry.actor, entry.actor_name, entry.ip_address) == (reporter_a, "reporter_a", "198.51.100.5")
    assert entry.at >= before and entry.object_id == str(reporter_a.pk)


def test_a_failed_login_writes_the_attempted_name_and_address(client, reporter_a, login):
    login(client, "reporter_a", "not-The-Password-1", ip=ATTACKER)
    login(client, "no-such-user", "not-The-Password-1", ip=ATTACKER)
    entries = _auth("auth.login_failed").order_by("id")
    assert [(e.actor, e.actor_name, e.ip_address) for e in entries] == [
        (None, "reporter_a", ATTACKER),
        (None, "no-such-user", ATTACKER),
    ]
    assert not _auth("auth.login").exists()


def test_a_lockout_writes_one_entry_and_refused_attempts_are_marked(client, reporter_a, login):
    for _ in range(5):
        login(client, "reporter_a", "not-The-Password-1", ip=ATTACKER)
    login(client, "reporter_a", ip=ATTACKER)
    login(client, "reporter_a", ip=ATTACKER)
    lock = _auth("auth.lockout").get()
    assert (lock.object_id, lock.actor_name, lock.ip_address, lock.data) == (
        str(reporter_a.pk),
        "reporter_a",
        ATTACKER,
        {"failures": 5},
    )
    refused = [e.data["refused_while_locked"] for e in _auth("auth.login_failed").order_by("id")]
    assert refused == [False] * 5 + [True] * 2


def test_a_logout_writes_who_and_why(client, reporter_a, login):
    login(client, "reporter_a")
    client.post(reverse("admin:logout"), REMOTE_ADDR="198.51.100.5")
    entry = _auth("auth.logout").get()
    assert (entry.actor, entry.ip_address, entry.data) == (reporter_a, "198.51.100.5", {"reason": "user"})


# --- Permission changes ---------------------------------------------------------------------------------


def test_making_a_user_superuser_in_the_admin_writes_who_did_it_and_from_where(client, admin_user, reporter_a, login):
    login(client, "admin")
    response = client.post(
        reverse("admin:auth_user_change", args=[reporter_a.pk]),
        {
            "username": "reporter_a",
            "email": reporter_a.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2024-01-02",
            "date_joined_1": "09:00:00",
        },
        REMOTE_ADDR="198.51.100.77",
    )
    assert response.status_code == 302
    entry = _auth("auth.permissions_changed").get(object_id=str(reporter_a.pk), data__is_superuser__isnull=False)
    assert (entry.actor, entry.ip_address, entry.data["is_superuser"]) == (admin_user, "198.51.100.77", [False, True])


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda u, g, p, d: setattr(u, "is_staff", False) or u.save(), {"is_staff": [True, False]}),
        (lambda u, g, p, d: u.groups.add(g), {"relation": "groups", "change": "add"}),
        (lambda u, g, p, d: g.user_set.add(u), {"relation": "groups", "change": "add"}),
        (lambda u, g, p, d: u.user_permissions.add(p), {"relation": "user_permissions", "change": "add"}),
        (lambda u, g, p, d: g.permissions.add(p), {"relation": "group_permissions", "change": "add"}),
        (lambda u, g, p, d: d.members.remove(u), {"relation": "department_members", "change": "remove"}),
        (lambda u, g, p, d: u.departments.clear(), {"relation": "department_members", "change": "clear"}),
    ],
    ids=["flag", "group", "group-reverse", "permission", "group-permission", "department", "department-clear"],
)
def test_each_permission_change_writes_one_entry(reporter_a, dept_a, change, expected):
    group = Group.objects.create(name="测试组")
    permission = Permission.objects.get(codename="view_commitment")
    earlier = list(HistoryEntry.objects.values_list("pk", flat=True))  # the fixtures' own changes
    change(reporter_a, group, permission, dept_a)
    entry = _auth("auth.permissions_changed").exclude(pk__in=earlier).get()
    assert expected.items() <= entry.data.items()


def test_saving_a_user_without_changing_permissions_writes_nothing(reporter_a):
    before = HistoryEntry.objects.count()
    reporter_a.first_name = "文静"
    reporter_a.save()
    reporter_a.groups.add(*reporter_a.groups.all())
    assert HistoryEntry.objects.count() == before


# --- Business changes (simple-history): who, when, what, from where ----------------------------------------


def _via_request(user, ip, work) -> None:
    """Run ``work`` inside a real request through simple-history's middleware, as an admin view would."""
    request = RequestFactory().post("/admin/", REMOTE_ADDR=ip)
    request.user = user
    HistoryRequestMiddleware(lambda r: work() or HttpResponse())(request)


@pytest.fixture
def builders(make_commitment, make_progress_report, dept_a):
    def milestone():
        return Milestone.objects.create(commitment=make_commitment(), title="完成招标", due_date=date(2024, 6, 30))

    def notice():
        return SupervisionNotice.objects.create(
            commitment=make_commitment(), department=dept_a, reason="进度滞后", response_due=date(2024, 7, 10)
        )

    return {
        "commitment": make_commitment,
        "milestone": milestone,
        "report": lambda: make_progress_report(make_commitment()),
        "notice": notice,
    }


@pytest.mark.parametrize("kind", ["commitment", "milestone", "report", "notice"])
def test_create_change_and_delete_each_keep_a_row_with_who_when_what_and_where(kind, builders, supervisor):
    made = {}

    def create():
        made["obj"] = builders[kind]()

    _via_request(supervisor, "198.51.100.9", create)
    obj = made["obj"]
    field = {"commitment": "title", "milestone": "title", "report": "narrative", "notice": "reason"}[kind]
    setattr(obj, field, "改过的内容")
    _via_request(supervisor, "198.51.100.9", obj.save)
    pk = obj.pk
    _via_request(supervisor, "198.51.100.9", obj.delete)

    rows = type(obj).history.filter(id=pk).order_by("history_id")
    assert [r.history_type for r in rows] == ["+", "~", "-"]
    assert {(r.history_user_id, r.ip_address) for r in rows} == {(supervisor.pk, "198.51.100.9")}
    assert getattr(rows[1], field) == "改过的内容"
    assert all(r.history_date for r in rows)


def test_the_admin_shows_a_commitments_history_with_who_and_before_and_after(
    client, admin_user, make_commitment, login
):
    commitment = make_commitment(title="老旧小区改造（原）")
    commitment.title = "老旧小区改造（调整后）"
    commitment._history_user = admin_user
    commitment.save()
    login(client, "admin")
    response = client.get(reverse("admin:commitments_commitment_history", args=[commitment.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"任务简称:</strong>\s*老旧小区改造（原）\s*&nbsp;&rarr;&nbsp;&nbsp;老旧小区改造（调整后）", html)
    assert f'{reverse("admin:auth_user_change", args=[admin_user.pk])}">admin</a>' in html


# --- Nobody changes or deletes the audit trail ---------------------------------------------------------------


@pytest.fixture
def entry(reporter_a, client, login):
    login(client, "reporter_a")
    return _auth("auth.login").get()


def test_an_audit_entry_cannot_be_changed_or_deleted_through_the_orm(entry):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        HistoryEntry.objects.filter(pk=entry.pk).update(actor_name="someone-else")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        HistoryEntry.objects.all().delete()
    assert HistoryEntry.objects.get(pk=entry.pk).actor_name == "reporter_a"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE commitments_historyentry SET ip_address = '10.0.0.1' WHERE id = %s",
        "UPDATE commitments_historyentry SET at = at - interval '1 year' WHERE id = %s",
        "UPDATE commitments_historyentry SET actor_id = NULL WHERE id = %s",
        "DELETE FROM commitments_historyentry WHERE id = %s",
    ],
)
def test_an_audit_entry_cannot_be_changed_or_deleted_through_sql(entry, sql):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk])
    assert HistoryEntry.objects.filter(pk=entry.pk, ip_address=entry.ip_address, at=entry.at).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET history_user_id = {user}",
        "UPDATE {table} SET ip_address = '10.0.0.1'",
        "DELETE FROM {table}",
    ],
)
def test_a_historical_row_cannot_be_changed_or_deleted_through_sql(make_commitment, supervisor, sql):
    from django.db import DatabaseError, connection, transaction

    from commitments.models import Commitment

    commitment = make_commitment()
    table = Commitment.history.model._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(table=table, user=supervisor.pk))
    assert commitment.history.count() == 1


def test_the_admin_offers_no_way_to_change_or_delete_audit_entries(client, admin_user, entry, login):
    login(client, "admin")
    for name in ("historyentry", "loginevent"):
        changelist = client.get(reverse(f"admin:commitments_{name}_changelist"))
        assert changelist.status_code == 200
        assert "delete_selected" not in changelist.content.decode()
    login_event = reverse("admin:commitments_loginevent_change", args=[entry.pk])
    assert client.post(login_event, {"actor_name": "x"}).status_code == 403
    delete = reverse("admin:commitments_loginevent_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert HistoryEntry.objects.filter(pk=entry.pk, actor_name="reporter_a").exists()


def test_a_user_with_an_audit_trail_cannot_be_deleted_only_deactivated(client, admin_user, reporter_a, login):
    login(client, "reporter_a")
    login(client, "admin")
    response = client.post(reverse("admin:auth_user_delete", args=[reporter_a.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert type(reporter_a).objects.filter(pk=reporter_a.pk).exists()


# --- Retention ---------------------------------------------------------------------------------------------


def _backdate_entry(days: int) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO commitments_historyentry (action, at, actor_name, object_type, object_id, object_repr, "
            "data, reason, is_public) VALUES ('auth.login', %s, 'old', 'auth.user', '1', 'old', '{}', '', false) "
            "RETURNING id",
            [timezone.now() - timedelta(days=days)],
        )
        return cursor.fetchone()[0]


def test_purge_removes_only_rows_past_the_retention_period(make_commitment, call_command_output):
    expired, kept = _backdate_entry(182), _backdate_entry(179)
    commitment = make_commitment()
    commitment._history_date = timezone.now() - timedelta(days=200)
    commitment.title = "旧的历史"
    commitment.save()
    out = call_command_output("purge_audit")
    assert "已删除超过保存期限的审计记录 2 条" in out
    assert not HistoryEntry.objects.filter(pk=expired).exists()
    assert HistoryEntry.objects.filter(pk=kept).exists()
    assert commitment.history.count() == 1  # the creation row is recent and stays


def test_a_row_younger_than_180_days_cannot_be_deleted_even_by_sql(db):
    from django.db import DatabaseError, connection, transaction

    young = _backdate_entry(179)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM commitments_historyentry WHERE id = %s", [young])
    assert HistoryEntry.objects.filter(pk=young).exists()


@pytest.fixture
def call_command_output():
    from io import StringIO

    from django.core.management import call_command

    def run(*args) -> str:
        out = StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    return run
