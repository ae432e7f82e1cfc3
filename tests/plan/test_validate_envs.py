"""`python -m orchestrator validate ENV` for every environment: valid, and no provider warnings."""

import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator import config

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", config.all_environment_names())
def test_environment_validates_without_warnings(name, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "orchestrator", "validate", name],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "ORCHESTRATOR_WORK_ROOT": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower(), result.stderr
