"""Switching an environment's Orleans backend (dynamodb <-> rds) on the emulator.

The plan summary names what goes and what comes, the guard refuses the
unnamed deletes, and each switch converges to an empty second plan.
"""

from __future__ import annotations

import copy
import json

import pytest

from orchestrator import config

pytestmark = pytest.mark.emulator
TABLES = [f'module.stack.module.dynamodb.aws_dynamodb_table.this["{k}"]' for k in ("clustering", "grain_state", "reminders")]
DATABASE = "module.stack.module.rds[0].aws_db_instance.this"


def env_file(tmp_path, backend: str) -> str:
    data = copy.deepcopy(json.loads((config.ENVS / "local.json").read_text()))
    data.update(name="switch", name_prefix="orleans-switch")
    data["orleans"].update(cluster_id="orleans-switch", service_id="orleans-switch", backend=backend)
    data["rds"] = {"multi_az": False, "backup_retention_days": 1}
    path = tmp_path / f"switch-{backend}.json"
    path.write_text(json.dumps(data))
    return str(path)


def errors(result) -> str:
    return "\n".join(line for line in result.stderr.splitlines() if not line.startswith("["))


def test_switch_to_rds_and_back(orch, tmp_path, aws):
    dynamo, rds = env_file(tmp_path, "dynamodb"), env_file(tmp_path, "rds")
    first = orch.timed("switch.apply_dynamodb", "apply", dynamo)
    assert first.returncode == 0, first.stderr[-4000:]

    refused = orch.run("apply", rds)
    assert refused.returncode == 1
    for table in TABLES:
        assert f"DESTROY {table}" in refused.stderr  # the plan summary says what goes
        assert f"--allow-replace '{table}'" in errors(refused)
    assert "module.stack.module.rds[0].aws_db_instance.this" in json.dumps(
        json.loads((orch.work_root / "switch" / "plan.json").read_text())["resource_changes"])  # and what comes
    assert "orleans-switch-orleans-clustering" in aws("dynamodb").list_tables()["TableNames"], "nothing was applied"

    allow = [arg for table in TABLES for arg in ("--allow-replace", table)]
    switched = orch.timed("switch.apply_rds", "apply", rds, *allow)
    assert switched.returncode == 0, switched.stderr[-4000:]
    assert "live verification done" in switched.stderr
    assert orch.run("plan", rds, "--detailed-exitcode").returncode == 0
    assert not [t for t in aws("dynamodb").list_tables()["TableNames"] if t.startswith("orleans-switch-orleans-")]

    refused_back = orch.run("apply", dynamo)
    assert refused_back.returncode == 1
    assert f"{DATABASE} (RDS database): would delete" in errors(refused_back)

    back = orch.timed("switch.apply_back", "apply", dynamo, "--allow-replace", DATABASE)
    assert back.returncode == 0, back.stderr[-4000:]
    assert orch.run("plan", dynamo, "--detailed-exitcode").returncode == 0
    assert not [d for d in aws("rds").describe_db_instances()["DBInstances"] if d["DBInstanceIdentifier"].startswith("orleans-switch")]
