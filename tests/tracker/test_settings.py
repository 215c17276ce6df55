"""Settings fail loudly on malformed values, and manage.py names a broken service in one line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tracker.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("1", True), ("False", False), ("0", False)])
def test_env_bool_accepts_true_false_one_zero(monkeypatch, raw, value):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", not value) is value


@pytest.mark.parametrize("raw", ["yes", "on", "2"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("X_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_env_int_and_env_list_refuse_malformed_values(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    monkeypatch.setenv("X_LIST", "a,,b")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1)
    with pytest.raises(ImproperlyConfigured):
        env_list("X_LIST", [])


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    full_env.update({"SECRET_KEY": "x" * 60, "DEBUG": "0", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_malformed_database_url_gives_one_clear_line():
    result = _manage("migrate", DATABASE_URL="nosuchdb://x")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_gives_one_clear_line():
    result = _manage("migrate", DATABASE_URL="postgres://postgres@127.0.0.1:1/none")
    assert result.returncode == 2
    assert "无法连接数据库" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_redis_gives_one_clear_line():
    # The server's maintenance database always exists; only Redis is unreachable.
    reachable = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    result = _manage("migrate", DATABASE_URL=reachable, REDIS_URL="redis://127.0.0.1:1/0")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if line.startswith("错误: 无法连接 Redis")
    ]
    assert "Traceback" not in result.stderr


def test_debug_off_without_a_secret_key_is_refused():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
