"""scripts/audit-deps.sh: vulnerabilities fail the build; an unreachable advisory service is a loud warning
(exit 0) unless STRICT=1. pip-audit itself is replaced by a stub printing what the real one prints, so the
test needs no network."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOUND = "Found 2 known vulnerabilities in 1 package\nName   Version ID\ndjango 3.2.0   PYSEC-2021-98\n"
CLEAN = "No known vulnerabilities found\n"
UNAUDITED = CLEAN + "django Dependency not found on PyPI and could not be audited: django (3.2.0)\n"


@pytest.fixture
def run(tmp_path):
    reachable = tmp_path / "probe.json"
    reachable.write_text("{}")

    def run(*, prints: str = CLEAN, exit_code: int = 0, online: bool = True, strict: bool = False):
        stub = tmp_path / "pip-audit"
        stub.write_text(f"#!/bin/sh\ncat <<'OUT'\n{prints}OUT\nexit {exit_code}\n")
        stub.chmod(0o755)
        env = {
            **os.environ,
            "PIP_AUDIT": str(stub),
            "AUDIT_PROBE_URL": reachable.as_uri() if online else "http://127.0.0.1:9/",
            "AUDIT_TIMEOUT": "2",
            "STRICT": "1" if strict else "0",
        }
        return subprocess.run(
            ["scripts/audit-deps.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
        )

    return run


def test_known_vulnerabilities_fail_the_build(run):
    result = run(prints=FOUND, exit_code=1)
    assert result.returncode == 1
    assert "PYSEC-2021-98" in result.stdout and "FAILED" in result.stderr


def test_a_clean_audit_passes(run):
    result = run()
    assert result.returncode == 0 and "OK: no known vulnerabilities found." in result.stdout


def test_an_unreachable_service_warns_and_passes(run):
    result = run(online=False)
    assert result.returncode == 0
    assert "dependency audit SKIPPED" in result.stderr and "依赖漏洞检查未执行" in result.stderr


def test_an_unreachable_service_fails_under_strict(run):
    assert run(online=False, strict=True).returncode == 2


def test_an_index_without_advisory_data_is_not_reported_clean(run):
    result = run(prints=UNAUDITED)
    assert result.returncode == 0 and "OK:" not in result.stdout
    assert "could not be audited" in result.stderr
    assert run(prints=UNAUDITED, strict=True).returncode == 2
