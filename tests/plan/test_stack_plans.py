"""Composition plan tests: every environment file planned as it would be on AWS.

The real inputs are used (nothing of the emulator's gap list is switched off);
the emulator only answers the provider's reads. Each plan is also scanned by
checkov, as `python -m orchestrator plan` does before any apply.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tftest

from orchestrator import config, policy, render

ENVS = ["local", "dev", "stg", "prod"]
LOCAL_BACKEND = 'terraform {\n  backend "local" {}\n}\n'


@pytest.fixture(scope="module")
def stack_plan(tools, tf_env, emulator_port, tmp_path_factory):
    cache: dict[str, tuple] = {}

    def plan(name: str, mutate=None):
        key = name + (mutate.__name__ if mutate else "")
        if key not in cache:
            env = config.load(name)
            if mutate:
                data = json.loads(env.path.read_text())
                mutate(data)
                env = config.from_data(data, f"{name}-variant.json")
            directory = tmp_path_factory.mktemp(f"plan-{key}")
            target = render.Target(emulator=True, emulator_port=emulator_port, rehearse=True)
            files = render.render_files(env, target, directory, emulator_gaps=False)
            files["backend.tf"] = LOCAL_BACKEND  # plan only: no state bucket needed
            for file_name, content in files.items():
                (directory / file_name).write_text(content)
            tf = tftest.TerraformTest(str(directory), binary=tools.terraform, env=tf_env)
            tf.setup(cleanup_on_exit=True)
            result = tf.plan(output=True)
            tf.execute_command("plan", "-input=false", "-out=plan.bin")
            (directory / "plan.json").write_text(tf.execute_command("show", "-json", "plan.bin").out)
            cache[key] = (env, result, directory)
        return cache[key]

    return plan


def resources(plan, suffix_type: str) -> list[dict]:
    return [rc for addr, rc in plan.resource_changes.items() if rc["type"] == suffix_type]


def after(rc) -> dict:
    return rc["change"]["after"]


@pytest.mark.parametrize("name", ENVS)
def test_environment_plans_the_whole_architecture(name, stack_plan):
    env, plan, _ = stack_plan(name)
    types = {rc["type"] for rc in plan.resource_changes.values()}
    assert {
        "aws_vpc", "aws_subnet", "aws_vpc_endpoint", "aws_lb", "aws_lb_listener", "aws_lb_target_group",
        "aws_ecs_cluster", "aws_ecs_service", "aws_ecs_task_definition", "aws_iam_role",
        "aws_dynamodb_table", "aws_sqs_queue", "aws_s3_bucket", "aws_appautoscaling_target", "aws_appautoscaling_policy",
    } <= types
    assert all(rc["change"]["actions"] in (["create"], ["read"]) for rc in plan.resource_changes.values())


@pytest.mark.parametrize("name", ENVS)
def test_environment_specific_values_come_from_its_json(name, stack_plan):
    env, plan, _ = stack_plan(name)
    data = env.data
    (td,) = resources(plan, "aws_ecs_task_definition")
    assert after(td)["cpu"] == str(data["app"]["cpu"]) and after(td)["memory"] == str(data["app"]["memory"])
    assert after(td)["runtime_platform"][0]["cpu_architecture"] == data["app"]["architecture"]
    (target,) = resources(plan, "aws_appautoscaling_target")
    assert (after(target)["min_capacity"], after(target)["max_capacity"]) == (data["app"]["min_count"], data["app"]["max_count"])
    queues = sorted(after(q)["name"] for q in resources(plan, "aws_sqs_queue") if not after(q)["name"].endswith("-dlq"))
    assert queues == [f"{data['orleans']['service_id']}-sqsprovider-{i}" for i in range(4)]
    tables = resources(plan, "aws_dynamodb_table")
    assert len(tables) == 6
    protected = data["tier"] in ("stg", "prod")
    assert all(after(t)["deletion_protection_enabled"] == protected for t in tables)
    assert all(after(t)["billing_mode"] == "PAY_PER_REQUEST" for t in tables)
    (lb,) = resources(plan, "aws_lb")
    assert after(lb)["enable_deletion_protection"] == (data["tier"] == "prod")
    assert after(lb)["internal"] is False and after(lb)["drop_invalid_header_fields"] is True
    (bucket,) = resources(plan, "aws_s3_bucket")
    assert after(bucket)["force_destroy"] == (data["tier"] == "dev")
    assert resources(plan, "aws_sqs_queue_redrive_allow_policy"), "redrive-allow policies are planned outside the emulator"


def test_prod_keeps_data_even_if_json_asks_otherwise(stack_plan):
    def unprotect(data):
        data["dynamodb"] = {"deletion_protection": False}
        data["alb"] = {"deletion_protection": False}

    _, plan, _ = stack_plan("prod", unprotect)
    assert all(after(t)["deletion_protection_enabled"] for t in resources(plan, "aws_dynamodb_table"))
    assert after(resources(plan, "aws_lb")[0])["enable_deletion_protection"] is True


@pytest.mark.parametrize("name", ENVS)
def test_checkov_gate_passes_on_each_plan(name, stack_plan):
    _, _, directory = stack_plan(name)
    result = policy.scan_plan(directory / "plan.json", config.load(name).tier)
    assert result.failed == (), "\n".join(f.line() for f in result.failed)
    assert policy.container_findings(json.loads((directory / "plan.json").read_text())) == []
    report = Path(__file__).resolve().parents[2] / ".build" / "reports"
    report.mkdir(parents=True, exist_ok=True)
    (report / f"checkov-{name}.json").write_text(json.dumps({"passed": result.passed, "skipped": [list(s) for s in result.skipped]}, indent=2))


def to_rds(data):
    data["orleans"]["backend"] = "rds"


def keep_both(data):
    data["orleans"]["keep_both_backends"] = True


@pytest.mark.parametrize("name", ENVS)
def test_rds_backend_replaces_only_the_orleans_tables(name, stack_plan):
    env, plan, _ = stack_plan(name, to_rds)
    tables = sorted(after(t)["name"] for t in resources(plan, "aws_dynamodb_table"))
    prefix = env.data["name_prefix"]
    assert tables == [f"{prefix}-dcb-events", f"{prefix}-dcb-projection-states", f"{prefix}-dcb-tags"]
    (db,) = resources(plan, "aws_db_instance")
    values = after(db)
    assert values["engine"] == "postgres" and values["publicly_accessible"] is False and values["storage_encrypted"] is True
    assert values["manage_master_user_password"] is True and values.get("password") is None
    assert values["instance_class"] == env.data["rds"]["instance_class"]
    assert values["multi_az"] == env.data["rds"]["multi_az"]
    assert values["backup_retention_period"] == env.data["rds"]["backup_retention_days"]
    protected = env.data["tier"] in ("stg", "prod")
    assert values["deletion_protection"] is protected and values["skip_final_snapshot"] is (not protected)
    ingress = [after(r) for r in resources(plan, "aws_vpc_security_group_ingress_rule") if after(r).get("from_port") == 5432]
    assert len(ingress) == 1 and ingress[0]["cidr_ipv4"] is None
    # The streams, the event store and the snapshots are untouched by the switch.
    _, dynamo_plan, _ = stack_plan(name)
    for rtype in ("aws_sqs_queue", "aws_s3_bucket", "aws_lb"):
        assert [after(r) for r in resources(plan, rtype)] == [after(r) for r in resources(dynamo_plan, rtype)]
    assert len(resources(plan, "aws_subnet")) == 2 * len(env.data["network"]["availability_zones"]), "private subnets for the database"


@pytest.mark.parametrize("name", ["dev", "prod"])
def test_checkov_gate_passes_on_the_rds_plans(name, stack_plan):
    env, _, directory = stack_plan(name, to_rds)
    result = policy.scan_plan(directory / "plan.json", env.tier)
    assert result.failed == (), "\n".join(f.line() for f in result.failed)


def test_migration_keeps_both_backends(stack_plan):
    _, plan, _ = stack_plan("dev", keep_both)
    assert len(resources(plan, "aws_dynamodb_table")) == 6
    assert len(resources(plan, "aws_db_instance")) == 1
