"""Plan tests for modules/rds-orleans (planned against the session's moto server, never applied)."""

from __future__ import annotations

import json

import pytest
import tftest

EXAMPLE = "rds-orleans/examples/basic"
M = "module.rds_orleans"
ACCOUNT = "123456789012"
APP_SG = "sg-0123456789abcdef0"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
KMS_KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"


def _tf(value):
    """tftest passes scalars through str(); Terraform wants lower-case booleans."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def _plan(module_plan, **tf_vars):
    return module_plan(EXAMPLE, **{k: _tf(v) for k, v in tf_vars.items()})


def _plan_error(module_plan, **tf_vars) -> str:
    with pytest.raises(tftest.TerraformTestError) as err:
        _plan(module_plan, **tf_vars)
    return " ".join(str(err.value).replace("\\n", " ").split())


def _of_type(plan, rtype: str) -> dict[str, dict]:
    return {a: r["values"] for a, r in plan.modules[M].resources.items() if r["type"] == rtype}


def _one(plan, rtype: str) -> dict:
    found = _of_type(plan, rtype)
    assert len(found) == 1, (rtype, sorted(found))
    return next(iter(found.values()))


def _change(plan, address: str) -> dict:
    return plan.resource_changes[f"{M}.{address}"]["change"]


def _output(plan, name: str):
    """(known part, unknown mask) of an output; app_policy_statements is only known after apply."""
    change = plan.output_changes[name]
    return change["after"], change["after_unknown"]


def _module_config(plan) -> dict:
    return plan.configuration["root_module"]["module_calls"]["rds_orleans"]["module"]


@pytest.fixture(scope="module")
def default_plan(module_plan):
    return module_plan(EXAMPLE)


@pytest.fixture(scope="module")
def dev_plan(module_plan):
    """A dev environment's opt-outs plus every other non-default switch, with pinned IDs."""
    return _plan(
        module_plan,
        name_prefix="shop-dev",
        subnet_ids=SUBNETS,
        app_security_group_id=APP_SG,
        deletion_protection=False,
        skip_final_snapshot=True,
        multi_az=False,
        monitoring_interval=0,
        performance_insights_enabled=False,
        auto_minor_version_upgrade=False,
        engine_version="15.7",
        slow_statement_ms=250,
        backup_retention_days=1,
        instance_class="db.t4g.small",
        allocated_storage_gb=30,
        max_allocated_storage_gb=200,
        kms_key_arn=KMS_KEY,
        port=6432,
    )


# --- the instance -------------------------------------------------------------------------------


def test_instance_is_private_encrypted_pinned_postgres(default_plan):
    db = _one(default_plan, "aws_db_instance")
    assert db["identifier"] == "example-orleans"
    assert db["engine"] == "postgres"
    assert db["engine_version"] == "16.4"
    assert db["instance_class"] == "db.t4g.micro"
    assert db["publicly_accessible"] is False
    assert db["storage_encrypted"] is True
    assert db.get("kms_key_id") in (None, "")  # AWS-managed aws/rds unless a CMK is given
    assert (db["storage_type"], db["allocated_storage"], db["max_allocated_storage"]) == ("gp3", 20, 100)
    assert (db["db_name"], db["username"], db["port"]) == ("orleans", "orleans_admin", 5432)
    assert db["iam_database_authentication_enabled"] is True
    assert db["enabled_cloudwatch_logs_exports"] == ["postgresql"]
    assert db["apply_immediately"] is False
    assert db["auto_minor_version_upgrade"] is True
    assert db["allow_major_version_upgrade"] is False


def test_master_password_is_managed_by_rds_and_never_set(default_plan):
    db = _one(default_plan, "aws_db_instance")
    assert db["manage_master_user_password"] is True
    assert db.get("password") is None
    assert db.get("password_wo") is None
    # No input of the module or of the example can carry a password.
    for variables in (_module_config(default_plan)["variables"], default_plan.configuration["root_module"]["variables"]):
        assert not [name for name in variables if "password" in name or "secret" in name]
    # Nor can an output: the only secret-ish output is the secret's ARN.
    for name, change in default_plan.output_changes.items():
        assert "password" not in json.dumps(change.get("after")).lower(), name


def test_backups_multi_az_deletion_protection_and_final_snapshot_by_default(default_plan):
    db = _one(default_plan, "aws_db_instance")
    assert db["multi_az"] is True
    assert db["backup_retention_period"] == 7
    assert db["copy_tags_to_snapshot"] is True
    assert db["deletion_protection"] is True
    assert db["skip_final_snapshot"] is False
    # Named "<identifier>-final-<creation time>" from terraform_data, so it is known after apply only.
    assert _change(default_plan, "aws_db_instance.this")["after_unknown"]["final_snapshot_identifier"] is True
    assert "terraform_data.final_snapshot_suffix" in default_plan.modules[M].resources
    expr = _module_config(default_plan)["resources"]
    db_cfg = next(r for r in expr if r["address"] == "aws_db_instance.this")
    refs = db_cfg["expressions"]["final_snapshot_identifier"]["references"]
    assert "local.identifier" in refs and "terraform_data.final_snapshot_suffix.output" in refs


def test_monitoring_and_performance_insights_on_by_default(default_plan):
    db = _one(default_plan, "aws_db_instance")
    assert db["monitoring_interval"] == 60
    assert _change(default_plan, "aws_db_instance.this")["after_unknown"]["monitoring_role_arn"] is True
    assert db["performance_insights_enabled"] is True
    assert db["performance_insights_retention_period"] == 7
    role = _one(default_plan, "aws_iam_role")
    assert role["name"] == "example-rds-monitoring"
    trust = json.loads(role["assume_role_policy"])
    assert trust["Statement"] == [
        {
            "Sid": "RdsEnhancedMonitoring",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Service": "monitoring.rds.amazonaws.com"},
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        }
    ]
    attachment = _one(default_plan, "aws_iam_role_policy_attachment")
    assert attachment["policy_arn"] == "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"


def test_log_group_is_owned_with_retention(default_plan):
    group = _one(default_plan, "aws_cloudwatch_log_group")
    assert group["name"] == "/aws/rds/instance/example-orleans/postgresql"
    assert group["retention_in_days"] == 365


# --- network ------------------------------------------------------------------------------------


def test_ingress_is_exactly_the_port_from_the_app_security_group(dev_plan):
    rules = _of_type(dev_plan, "aws_vpc_security_group_ingress_rule")
    assert len(rules) == 1
    rule = next(iter(rules.values()))
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"]) == ("tcp", 6432, 6432)
    assert rule["referenced_security_group_id"] == APP_SG
    for other_source in ("cidr_ipv4", "cidr_ipv6", "prefix_list_id"):
        assert rule.get(other_source) is None, other_source
    assert rule["description"]


def test_default_ingress_is_5432_from_the_example_app_group_and_nothing_else(default_plan):
    rule = _one(default_plan, "aws_vpc_security_group_ingress_rule")
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"]) == ("tcp", 5432, 5432)
    assert rule.get("cidr_ipv4") is None and rule.get("cidr_ipv6") is None and rule.get("prefix_list_id") is None
    types = {r["type"] for r in default_plan.modules[M].resources.values()}
    assert "aws_security_group_rule" not in types
    # The one egress rule the module adds opens PostgreSQL from the app's group to this database's group.
    egress = _one(default_plan, "aws_vpc_security_group_egress_rule")
    assert (egress["ip_protocol"], egress["from_port"], egress["to_port"]) == ("tcp", 5432, 5432)
    assert egress.get("cidr_ipv4") is None and egress.get("cidr_ipv6") is None
    egress_cfg = next(r for r in _module_config(default_plan)["resources"] if r["address"] == "aws_vpc_security_group_egress_rule.app_to_db")
    assert egress_cfg["expressions"]["security_group_id"]["references"] == ["var.app_security_group_id"]
    assert "aws_security_group.db" in egress_cfg["expressions"]["referenced_security_group_id"]["references"]
    sg_cfg = next(r for r in _module_config(default_plan)["resources"] if r["address"] == "aws_security_group.db")
    assert "ingress" not in sg_cfg["expressions"] and "egress" not in sg_cfg["expressions"]
    # The rule's source is the module input, which the example wires to its app group.
    rule_cfg = next(
        r for r in _module_config(default_plan)["resources"] if r["address"] == "aws_vpc_security_group_ingress_rule.app"
    )
    assert rule_cfg["expressions"]["referenced_security_group_id"]["references"] == ["var.app_security_group_id"]


def test_subnet_group_uses_the_given_subnets(dev_plan):
    group = _one(dev_plan, "aws_db_subnet_group")
    assert group["name"] == "shop-dev-orleans"
    assert sorted(group["subnet_ids"]) == sorted(SUBNETS)


# --- parameter group ----------------------------------------------------------------------------


def _parameters(plan) -> dict[str, tuple[str, str]]:
    group = _one(plan, "aws_db_parameter_group")
    return {p["name"]: (p["value"], p["apply_method"]) for p in group["parameter"]}


def test_parameter_group_forces_tls_and_logs_ddl_and_slow_statements(default_plan):
    group = _one(default_plan, "aws_db_parameter_group")
    assert (group["name"], group["family"]) == ("example-orleans-postgres16", "postgres16")
    assert _parameters(default_plan) == {
        "rds.force_ssl": ("1", "immediate"),
        "log_statement": ("ddl", "immediate"),
        "log_min_duration_statement": ("500", "immediate"),
    }
    db_cfg = next(r for r in _module_config(default_plan)["resources"] if r["address"] == "aws_db_instance.this")
    assert "aws_db_parameter_group.this" in db_cfg["expressions"]["parameter_group_name"]["references"]


def test_parameter_group_follows_major_version_and_threshold(dev_plan):
    group = _one(dev_plan, "aws_db_parameter_group")
    assert (group["name"], group["family"]) == ("shop-dev-orleans-postgres15", "postgres15")
    assert _parameters(dev_plan)["log_min_duration_statement"] == ("250", "immediate")
    assert _parameters(dev_plan)["rds.force_ssl"] == ("1", "immediate")


# --- dev opt-outs and other switches ------------------------------------------------------------


def test_dev_opt_outs_plan(dev_plan):
    db = _one(dev_plan, "aws_db_instance")
    assert db["identifier"] == "shop-dev-orleans"
    assert db["deletion_protection"] is False
    assert db["skip_final_snapshot"] is True
    assert db["multi_az"] is False
    assert db["monitoring_interval"] == 0 and db.get("monitoring_role_arn") is None
    assert db["performance_insights_enabled"] is False
    assert db["auto_minor_version_upgrade"] is False
    assert db["engine_version"] == "15.7"
    assert db["backup_retention_period"] == 1
    assert (db["instance_class"], db["allocated_storage"], db["max_allocated_storage"]) == ("db.t4g.small", 30, 200)
    assert db["kms_key_id"] == KMS_KEY
    # Still private, encrypted, TLS-only and password-less whatever the opt-outs.
    assert db["publicly_accessible"] is False and db["storage_encrypted"] is True
    assert db["manage_master_user_password"] is True and db.get("password") is None
    assert _of_type(dev_plan, "aws_iam_role") == {}
    assert _of_type(dev_plan, "aws_iam_role_policy_attachment") == {}


def test_module_defaults_and_example_defaults_agree(default_plan):
    """The example mirrors the module defaults, so the default plan really tests the module's defaults."""
    module_vars = _module_config(default_plan)["variables"]
    example_vars = default_plan.configuration["root_module"]["variables"]
    expected = {
        "engine_version": "16.4",
        "instance_class": "db.t4g.micro",
        "allocated_storage_gb": 20,
        "max_allocated_storage_gb": 100,
        "multi_az": True,
        "backup_retention_days": 7,
        "deletion_protection": True,
        "skip_final_snapshot": False,
        "database_name": "orleans",
        "master_username": "orleans_admin",
        "auto_minor_version_upgrade": True,
        "allow_major_version_upgrade": False,
        "slow_statement_ms": 500,
        "port": 5432,
        "monitoring_interval": 60,
        "performance_insights_enabled": True,
        "log_retention_days": 365,
    }
    for name, value in expected.items():
        assert module_vars[name]["default"] == value, name
        assert example_vars[name]["default"] == value, name
    for required in ("name_prefix", "vpc_id", "subnet_ids", "app_security_group_id"):
        assert "default" not in module_vars[required], required


# --- outputs ------------------------------------------------------------------------------------


def test_connection_info_has_no_password(default_plan):
    known, unknown = _output(default_plan, "connection_info")
    assert set(known) | set(unknown) == {"host", "port", "database", "username", "secret_arn", "invariant"}
    assert known == {"database": "orleans", "invariant": "Npgsql", "port": 5432, "username": "orleans_admin"}
    assert unknown == {"host": True, "secret_arn": True}


def test_app_policy_statements_are_only_get_secret_value_on_the_rds_secret(default_plan):
    known, unknown = _output(default_plan, "app_policy_statements")
    assert known == [{"sid": "OrleansDbSecret", "actions": ["secretsmanager:GetSecretValue"], "resources": [None]}]
    assert unknown == [{"actions": [False], "resources": [True]}]  # the secret ARN RDS creates
    # ...and that ARN is the instance's master-user secret, not a pattern.
    cfg = _module_config(default_plan)
    for output in ("master_user_secret_arn", "app_policy_statements", "connection_info"):
        refs = cfg["outputs"][output]["expression"]
        assert "aws_db_instance.this.master_user_secret" in json.dumps(refs), output
    assert "*" not in json.dumps(cfg["outputs"]["app_policy_statements"]["expression"])


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tf_vars", "message"),
    [
        ({"subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1"]}, "subnet_ids must list at least 2 private subnets"),
        ({"subnet_ids": [SUBNETS[0], SUBNETS[0]]}, "subnet_ids must not repeat a subnet"),
        ({"engine_version": "13.14"}, "MAJOR >= 14"),
        ({"engine_version": "16.x"}, "engine_version must be a PostgreSQL version"),
        ({"backup_retention_days": 0}, "backup_retention_days must be a whole number from 1 to 35"),
        ({"backup_retention_days": 36}, "backup_retention_days must be a whole number from 1 to 35"),
        ({"app_security_group_id": "0.0.0.0/0"}, "app_security_group_id must be a security group ID"),
        ({"name_prefix": "Bad_Prefix"}, "name_prefix must be 3-32 characters"),
        ({"max_allocated_storage_gb": 20}, "max_allocated_storage_gb must be null"),
        ({"monitoring_interval": 7}, "monitoring_interval must be 0 (off)"),
        ({"slow_statement_ms": -2}, "slow_statement_ms must be a whole number"),
        ({"master_username": "rdsadmin"}, "master_username must be"),
    ],
)
def test_invalid_inputs_are_rejected(module_plan, tf_vars, message):
    assert message in _plan_error(module_plan, **tf_vars)
