"""Five failed logins lock an account for 30 minutes from any address; a locked attempt looks like a wrong
password and computes no password hash (a hash costs ~0.25 s of CPU: a lockout must not become a DoS)."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY

from tests.accounts.conftest import PASSWORD

ADDRESSES = ["198.51.100.7", "203.0.113.9"]


def _fail_five_times(client, login, username="reporter_a"):
    for n in range(5):
        response = login(client, username, "wrong-Password-1", ip=ADDRESSES[n % 2])
        assert response.status_code == 200 and SESSION_KEY not in client.session


def test_four_failures_do_not_lock_the_account(client, reporter_a, login):
    for n in range(4):
        login(client, "reporter_a", "wrong-Password-1", ip=ADDRESSES[n % 2])
    response = login(client, "reporter_a", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(reporter_a.pk)


def test_five_failures_from_two_addresses_lock_the_account_for_a_third(client, reporter_a, login):
    _fail_five_times(client, login)
    response = login(client, "reporter_a", PASSWORD, ip="192.0.2.200")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_a_locked_attempt_gets_the_same_page_and_message_as_a_wrong_password(client, reporter_a, login):
    wrong = login(client, "reporter_a", "wrong-Password-1", ip=ADDRESSES[0])
    for n in range(4):
        login(client, "reporter_a", "wrong-Password-1", ip=ADDRESSES[n % 2])
    locked = login(client, "reporter_a", PASSWORD)
    assert locked.status_code == wrong.status_code == 200
    assert locked.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()
    assert "请输入一个正确的" in locked.content.decode()
    assert "锁定" not in locked.content.decode() and "locked" not in locked.content.decode().lower()


def test_a_locked_attempt_computes_no_password_hash(client, reporter_a, login, counting_hasher):
    assert reporter_a.password.startswith(f"{counting_hasher.algorithm}$")
    counting_hasher.calls = 0
    login(client, "reporter_a", "wrong-Password-1")
    assert counting_hasher.calls == 1  # an ordinary failure computes one hash: the counter works
    for n in range(4):
        login(client, "reporter_a", "wrong-Password-1", ip=ADDRESSES[n % 2])
    counting_hasher.calls = 0
    login(client, "reporter_a", PASSWORD, ip="192.0.2.200")
    assert counting_hasher.calls == 0


def test_attempts_refused_while_locked_do_not_extend_the_lock(client, reporter_a, login):
    _fail_five_times(client, login)
    locked_at = AccessAttempt.objects.filter(username="reporter_a").latest("attempt_time").attempt_time
    login(client, "reporter_a", "wrong-Password-1")
    login(client, "reporter_a", PASSWORD)
    assert AccessAttempt.objects.filter(username="reporter_a").latest("attempt_time").attempt_time == locked_at
    assert sum(a.failures_since_start for a in AccessAttempt.objects.filter(username="reporter_a")) == 5


def test_the_lock_lifts_thirty_minutes_after_the_fifth_failure(client, reporter_a, login):
    _fail_five_times(client, login)
    for attempt in AccessAttempt.objects.filter(username="reporter_a"):
        attempt.attempt_time -= timedelta(minutes=30, seconds=1)
        attempt.save(update_fields=["attempt_time"])
    response = login(client, "reporter_a", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(reporter_a.pk)


def test_the_lock_holds_just_before_thirty_minutes(client, reporter_a, login):
    _fail_five_times(client, login)
    for attempt in AccessAttempt.objects.filter(username="reporter_a"):
        attempt.attempt_time -= timedelta(minutes=29)
        attempt.save(update_fields=["attempt_time"])
    login(client, "reporter_a", PASSWORD)
    assert SESSION_KEY not in client.session


def test_locking_one_account_leaves_another_free(client, reporter_a, reporter_b, login):
    _fail_five_times(client, login, username="reporter_a")
    response = login(client, "reporter_b", PASSWORD, ip=ADDRESSES[0])
    assert response.status_code == 302
