"""Password composition rule of the government deployment: at least three of four character classes.

OWASP ASVS 5.0 requirement V6.2.5 forbids composition rules and relies on length and a common-password list,
which we also enforce (12 characters, Django's common-password list). Government assessors of 等保2.0
(GB/T 22239-2019, 身份鉴别: 身份鉴别信息具有复杂度要求) expect a complexity rule, so it is on by default and can be
switched off with TRACKER_PASSWORD_CHAR_CLASSES=0 where an assessor accepts the ASVS position. docs/security.md
records this deliberate deviation.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

CLASS_NAMES = ("大写字母", "小写字母", "数字", "符号")


def character_classes(password: str) -> set[str]:
    """The classes a password uses. Anything not a letter or digit counts as a symbol: a space, punctuation,
    a Chinese character; so a long pass phrase with a capital and a number qualifies."""
    found = set()
    for char in password:
        if char.isupper():
            found.add("大写字母")
        elif char.islower():
            found.add("小写字母")
        elif char.isdigit():
            found.add("数字")
        else:
            found.add("符号")
    return found


class CharacterClassValidator:
    """AUTH_PASSWORD_VALIDATORS entry: refuse passwords using fewer than ``min_classes`` of the four classes."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if not settings.TRACKER_PASSWORD_CHAR_CLASSES:
            return
        used = character_classes(password)
        if len(used) < self.min_classes:
            missing = "、".join(name for name in CLASS_NAMES if name not in used)
            raise ValidationError(
                f"密码必须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类（还缺：{missing}）。",
                code="password_too_few_character_classes",
            )

    def get_help_text(self) -> str:
        if not settings.TRACKER_PASSWORD_CHAR_CLASSES:
            return ""
        return f"密码必须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"
