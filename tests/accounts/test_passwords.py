"""Passwords: at least 12 characters, not on Django's common list, not all digits, not like the username, and
(government deployment, on by default) at least three of upper, lower, digit, symbol."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

PASS_PHRASE = "Seven tired pandas climbed 42 bamboo ladders before sunrise, too!"[:64]


def _codes(password: str, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {error.code for error in exc.error_list}
    return set()


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Abc-1234567", "password_too_short"),  # 11 characters, four classes
        ("Qwerty123456", "password_too_common"),  # on the common list (compared case-insensitively)
        ("739184625017", "password_entirely_numeric"),
        ("zebraquiltmoonriver", "password_too_few_character_classes"),  # one class
        ("ZebraQuiltMoonRiver", "password_too_few_character_classes"),  # two classes
        ("zebra quilt moon river", "password_too_few_character_classes"),  # lower + space: two classes
    ],
)
def test_each_weak_password_is_refused_with_its_reason(password, code):
    assert code in _codes(password)


def test_a_password_like_the_username_is_refused(db):
    user = get_user_model()(username="zhang.wenjing", email="zhang.wenjing@qianjiang.gov.cn")
    assert "password_too_similar" in _codes("Zhang.Wenjing1", user)


def test_the_class_rule_explains_in_chinese_what_is_missing():
    with pytest.raises(ValidationError) as exc:
        validate_password("zebraquiltmoonriver")
    assert "至少 3 类" in " ".join(exc.value.messages)
    assert "大写字母" in " ".join(exc.value.messages)


def test_a_64_character_pass_phrase_is_accepted():
    assert len(PASS_PHRASE) == 64
    validate_password(PASS_PHRASE)


@pytest.mark.parametrize("password", ["Correct-Horse-9-Battery", "长江汉水龙虾Qianjiang2024", "tea and 42 dumplings"])
def test_three_classes_of_twelve_or_more_characters_are_accepted(password):
    validate_password(password)


def test_the_class_rule_can_be_switched_off_by_setting(settings):
    settings.TRACKER_PASSWORD_CHAR_CLASSES = False
    assert _codes("zebraquiltmoonriver") == set()


def test_the_admin_refuses_a_weak_new_password_and_keeps_the_old_one(client, admin_user, reporter_a, login):
    login(client, "admin")
    response = client.post(
        reverse("admin:auth_user_password_change", args=[reporter_a.pk]),
        {"password1": "zebraquiltmoonriver", "password2": "zebraquiltmoonriver", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    reporter_a.refresh_from_db()
    assert reporter_a.check_password(PASSWORD)
