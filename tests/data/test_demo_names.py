"""Each demo account greets by a name that says who it is (the admin's "欢迎，…"), not a bare "演示"."""

from __future__ import annotations

from django.contrib.auth import get_user_model

User = get_user_model()


def test_every_demo_account_has_a_telling_name(demo):
    names = dict(User.objects.filter(username__startswith="demo-").values_list("username", "first_name"))

    assert names["demo-duchashi"] == "演示督查员"
    assert names["demo-admin"] == "演示管理员"
    assert names["demo-zjj"] == "演示住建局"
    assert len(set(names.values())) == len(names)
