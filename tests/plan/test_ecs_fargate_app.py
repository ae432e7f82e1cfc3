"""Plan tests of modules/ecs-fargate-app through its basic example (vpc + alb + app, wired as the stack does)."""

from __future__ import annotations

import json

import pytest
import tftest

EXAMPLE = "ecs-fargate-app/examples/basic"
M = "module.app"
IMAGE = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/orleans-app"
SECRET_ARN = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:orleans/db-AbCdEf"
PARAM_ARN = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/orleans/api-key"


def _tf(value):
    """tftest passes scalars through str() (and JSON-encodes dicts and lists); Terraform wants true/false."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def _plan(module_plan, **tf_vars):
    return module_plan(EXAMPLE, **{k: _tf(v) for k, v in tf_vars.items()})


def _plan_error(module_plan, **tf_vars) -> str:
    with pytest.raises(tftest.TerraformTestError) as err:
        _plan(module_plan, **tf_vars)
    return " ".join(str(err.value).replace("\\n", " ").split())


def _res(plan) -> dict[str, dict]:
    return plan.modules[M].resources


def _of_type(plan, rtype: str) -> dict[str, dict]:
    return {a: r["values"] for a, r in _res(plan).items() if r["type"] == rtype}


def _container(plan) -> dict:
    (container,) = json.loads(_res(plan)["aws_ecs_task_definition.this"]["values"]["container_definitions"])
    return container


def _service(plan) -> dict:
    (service,) = _of_type(plan, "aws_ecs_service").values()
    return service


def _rule_config(plan, address: str) -> dict:
    module = plan.configuration["root_module"]["module_calls"]["app"]["module"]
    return next(r for r in module["resources"] if r["address"] == address)["expressions"]


def _statement(sid, actions, resources):
    return {"sid": sid, "actions": actions, "resources": resources}


@pytest.fixture(scope="module")
def default_plan(module_plan):
    return _plan(module_plan)


@pytest.fixture(scope="module")
def fixed_plan(module_plan):
    """The emulator's shape: autoscaling and capacity providers off, a dev-like spot weighting, no gateway."""
    return _plan(
        module_plan,
        enable_autoscaling=False,
        use_capacity_providers=False,
        min_count=2,
        max_count=2,
        fargate_base=0,
        fargate_weight=0,
        fargate_spot_weight=1,
        gateway_port=0,
        container_insights=False,
        environment={"ORLEANS_SERVICE_ID": "svc", "ASPNETCORE_ENVIRONMENT": "Development", "Orleans__ClusterId": "c"},
        secrets={"ConnectionStrings__Db": SECRET_ARN + ":password::", "Api__Key": PARAM_ARN},
    )


# ---------------------------------------------------------------- container


def test_one_essential_app_container_with_the_image(default_plan):
    container = _container(default_plan)
    assert container["name"] == "app"
    assert container["image"] == IMAGE + ":0.1.0"
    assert container["essential"] is True
    assert default_plan.outputs["container_name"] == "app"


def test_container_ports_http_silo_gateway(default_plan):
    mappings = _container(default_plan)["portMappings"]
    assert mappings == [
        {"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"},
        {"containerPort": 11111, "hostPort": 11111, "protocol": "tcp"},
        {"containerPort": 30000, "hostPort": 30000, "protocol": "tcp"},
    ]


def test_gateway_port_zero_removes_the_mapping(fixed_plan):
    assert [m["containerPort"] for m in _container(fixed_plan)["portMappings"]] == [8080, 11111]


def test_stop_timeout_is_the_fargate_maximum(default_plan):
    assert _container(default_plan)["stopTimeout"] == 120


def test_not_privileged_and_read_only_root_with_writable_tmp(default_plan):
    container = _container(default_plan)
    assert container.get("privileged", False) is False
    assert container["readonlyRootFilesystem"] is True
    assert container["mountPoints"] == [{"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": False}]
    (volume,) = _res(default_plan)["aws_ecs_task_definition.this"]["values"]["volume"]
    assert volume["name"] == "tmp"
    assert volume["efs_volume_configuration"] == [] and volume["host_path"] in (None, "")
    assert "linuxParameters" not in container and "user" not in container


def test_logs_go_to_the_module_log_group(default_plan):
    log = _container(default_plan)["logConfiguration"]
    assert log["logDriver"] == "awslogs"
    assert log["options"] == {
        "awslogs-group": "/ecs/orleans-example/app",
        "awslogs-region": "ap-northeast-1",
        "awslogs-stream-prefix": "app",
    }
    group = _res(default_plan)["aws_cloudwatch_log_group.this"]["values"]
    assert group["name"] == "/ecs/orleans-example/app"
    assert group["retention_in_days"] == 30


def test_no_environment_or_secrets_keys_when_empty(default_plan):
    container = _container(default_plan)
    assert "environment" not in container and "secrets" not in container
    assert "aws_iam_role_policy.execution_secrets[0]" not in _res(default_plan)


def test_environment_and_secrets_are_sorted_by_name(fixed_plan):
    container = _container(fixed_plan)
    assert [e["name"] for e in container["environment"]] == ["ASPNETCORE_ENVIRONMENT", "ORLEANS_SERVICE_ID", "Orleans__ClusterId"]
    assert container["secrets"] == [
        {"name": "Api__Key", "valueFrom": PARAM_ARN},
        {"name": "ConnectionStrings__Db", "valueFrom": SECRET_ARN + ":password::"},
    ]


def test_execution_role_reads_exactly_the_given_secrets(fixed_plan):
    policy = json.loads(_res(fixed_plan)["aws_iam_role_policy.execution_secrets[0]"]["values"]["policy"])
    grants = {s["Sid"]: (s["Action"], s["Resource"]) for s in policy["Statement"]}
    # The JSON-key suffix is cut off: IAM knows the secret, not the key.
    assert grants == {
        "ReadContainerSecrets": ("secretsmanager:GetSecretValue", SECRET_ARN),
        "ReadContainerParameters": ("ssm:GetParameters", PARAM_ARN),
    }


def test_execution_role_has_the_managed_execution_policy(default_plan):
    attachment = _res(default_plan)["aws_iam_role_policy_attachment.execution"]["values"]
    assert attachment["policy_arn"] == "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"


def test_task_definition_is_fargate_awsvpc_arm64(default_plan):
    td = _res(default_plan)["aws_ecs_task_definition.this"]["values"]
    assert td["requires_compatibilities"] == ["FARGATE"]
    assert td["network_mode"] == "awsvpc"
    assert (td["cpu"], td["memory"]) == ("512", "1024")
    assert td["runtime_platform"] == [{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}]
    assert td["family"] == "orleans-example-app"
    assert td["skip_destroy"] is True  # old revisions stay for rollbacks


# ---------------------------------------------------------------- task role


def test_task_role_policy_has_exactly_the_given_actions(module_plan):
    statements = [
        _statement("Clustering", ["dynamodb:GetItem", "dynamodb:Query"], ["arn:aws:dynamodb:ap-northeast-1:123456789012:table/t"]),
        _statement("Streams", ["sqs:ReceiveMessage", "sqs:DeleteMessage"], ["arn:aws:sqs:ap-northeast-1:123456789012:q-0"]),
    ]
    plan = _plan(module_plan, task_role_policy_statements=statements)
    policy = json.loads(_res(plan)["aws_iam_role_policy.task[0]"]["values"]["policy"])
    got = {s["Sid"]: (s["Effect"], sorted([s["Action"]] if isinstance(s["Action"], str) else s["Action"]), s["Resource"]) for s in policy["Statement"]}
    assert got == {
        "Clustering": ("Allow", ["dynamodb:GetItem", "dynamodb:Query"], "arn:aws:dynamodb:ap-northeast-1:123456789012:table/t"),
        "Streams": ("Allow", ["sqs:DeleteMessage", "sqs:ReceiveMessage"], "arn:aws:sqs:ap-northeast-1:123456789012:q-0"),
    }
    assert len([a for a in _res(plan) if a.startswith("aws_iam_role_policy.task")]) == 1


def test_no_task_policy_without_statements(module_plan):
    plan = _plan(module_plan, task_role_policy_statements=[])
    assert "aws_iam_role_policy.task[0]" not in _res(plan)


def test_task_role_trust_is_limited_to_this_account(default_plan):
    trust = json.loads(_res(default_plan)["aws_iam_role.task"]["values"]["assume_role_policy"])
    (statement,) = trust["Statement"]
    assert statement["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert statement["Condition"]["StringEquals"]["aws:SourceAccount"] == "123456789012"


@pytest.mark.parametrize(
    "statement",
    [
        _statement("All", ["*"], ["arn:aws:dynamodb:ap-northeast-1:123456789012:table/t"]),
        _statement("Service", ["dynamodb:*"], ["arn:aws:dynamodb:ap-northeast-1:123456789012:table/t"]),
        _statement("Prefix", ["sqs:Get*"], ["arn:aws:sqs:ap-northeast-1:123456789012:q"]),
    ],
    ids=["star", "service-star", "prefix-star"],
)
def test_wildcard_action_is_rejected(module_plan, statement):
    err = _plan_error(module_plan, task_role_policy_statements=[statement])
    assert '"*" and wildcards such as "dynamodb:*" or "sqs:Get*" are rejected' in err


def test_star_resource_is_rejected(module_plan):
    err = _plan_error(module_plan, task_role_policy_statements=[_statement("Any", ["dynamodb:GetItem"], ["*"])])
    assert 'resources must be ARNs, never "*"' in err


@pytest.mark.parametrize(
    "action", ["dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:DeleteTable", "sqs:CreateQueue", "sqs:deletequeue"]
)
def test_table_and_queue_lifecycle_actions_are_rejected(module_plan, action):
    err = _plan_error(
        module_plan, task_role_policy_statements=[_statement("Init", [action], ["arn:aws:dynamodb:ap-northeast-1:123456789012:table/t"])]
    )
    assert "must not grant dynamodb:CreateTable" in err


# ---------------------------------------------------------------- image and configuration validation


def test_latest_tag_is_rejected(module_plan):
    assert "must not use the mutable :latest tag" in _plan_error(module_plan, image=IMAGE + ":latest")


def test_latest_tag_is_allowed_when_opted_out(module_plan):
    plan = _plan(module_plan, image=IMAGE + ":latest", reject_mutable_latest=False)
    assert _container(plan)["image"] == IMAGE + ":latest"


def test_digest_image_is_accepted(module_plan):
    image = IMAGE + "@sha256:" + "ab" * 32
    assert _container(_plan(module_plan, image=image))["image"] == image


@pytest.mark.parametrize("image", [IMAGE, "orleans-app:1.0", IMAGE + "@sha256:abc"], ids=["no-tag", "no-registry", "short-digest"])
def test_image_without_tag_or_full_uri_is_rejected(module_plan, image):
    assert "image must be a full image URI" in _plan_error(module_plan, image=image)


@pytest.mark.parametrize("key", ["DB_PASSWORD", "ApiToken", "Jwt__Secret", "AWS_SECRET_ACCESS_KEY", "my_private_key"])
def test_secret_looking_environment_key_is_rejected(module_plan, key):
    assert "environment must not carry secrets" in _plan_error(module_plan, environment={key: "x"})


def test_name_in_both_environment_and_secrets_is_rejected(module_plan):
    err = _plan_error(module_plan, environment={"Api__Key": "x"}, secrets={"Api__Key": PARAM_ARN})
    assert "must not be both in environment and in secrets" in err


def test_secret_value_must_be_an_arn(module_plan):
    assert "secrets values must be Secrets Manager secret ARNs" in _plan_error(module_plan, secrets={"A": "plain-text"})


def test_stop_timeout_above_120_is_rejected(module_plan):
    assert "stop_timeout_seconds must be a whole number from 2 to 120" in _plan_error(module_plan, stop_timeout_seconds=121)


@pytest.mark.parametrize(("cpu", "memory"), [(512, 512), (256, 4096), (1024, 1024), (4096, 31744)])
def test_invalid_fargate_size_is_rejected(module_plan, cpu, memory):
    assert "memory is not a valid Fargate pairing" in _plan_error(module_plan, cpu=cpu, memory=memory)


def test_valid_larger_fargate_size_on_x86(module_plan):
    plan = _plan(module_plan, cpu=2048, memory=16384, architecture="X86_64")
    td = _res(plan)["aws_ecs_task_definition.this"]["values"]
    assert (td["cpu"], td["memory"], td["runtime_platform"][0]["cpu_architecture"]) == ("2048", "16384", "X86_64")


def test_max_below_min_is_rejected(module_plan):
    assert "max_count must be a whole number, at least min_count" in _plan_error(module_plan, min_count=3, max_count=2)


def test_no_capacity_weight_is_rejected(module_plan):
    assert "must not both be 0" in _plan_error(module_plan, fargate_weight=0, fargate_spot_weight=0)


def test_gateway_port_clash_is_rejected(module_plan):
    assert "gateway_port must be 0 (off) or 1024 to 65535" in _plan_error(module_plan, gateway_port=11111)


# ---------------------------------------------------------------- cluster and service


def test_cluster_with_container_insights_and_both_fargate_providers(default_plan):
    cluster = _res(default_plan)["aws_ecs_cluster.this"]["values"]
    assert cluster["setting"] == [{"name": "containerInsights", "value": "enabled"}]
    providers = _res(default_plan)["aws_ecs_cluster_capacity_providers.this"]["values"]
    assert sorted(providers["capacity_providers"]) == ["FARGATE", "FARGATE_SPOT"]


def test_container_insights_can_be_turned_off(fixed_plan):
    assert _res(fixed_plan)["aws_ecs_cluster.this"]["values"]["setting"] == [{"name": "containerInsights", "value": "disabled"}]


def test_service_deployment_settings(default_plan):
    service = _service(default_plan)
    assert service["name"] == "orleans-example-app"
    assert service["deployment_circuit_breaker"] == [{"enable": True, "rollback": True}]
    assert service["deployment_minimum_healthy_percent"] == 100
    assert service["deployment_maximum_percent"] == 200
    assert service["health_check_grace_period_seconds"] == 120
    assert service["enable_execute_command"] is False
    assert service["propagate_tags"] == "SERVICE"
    assert service.get("launch_type") in (None, "")  # capacity providers instead
    assert service["desired_count"] == 1


def test_service_registers_the_app_container_http_port(default_plan):
    (lb,) = _service(default_plan)["load_balancer"]
    assert (lb["container_name"], lb["container_port"]) == ("app", 8080)
    # The listener ARN reaches the service only as a dependency.
    assert _res(default_plan)["terraform_data.listener"]["type"] == "terraform_data"


def test_tasks_get_the_app_security_group_and_public_ip_only_as_told(default_plan, module_plan):
    (net,) = _service(default_plan)["network_configuration"]
    assert net["assign_public_ip"] is True  # the example follows the vpc module: public subnets by default
    (net,) = _service(_plan(module_plan, assign_public_ip=False))["network_configuration"]
    assert net["assign_public_ip"] is False


def test_default_capacity_strategy_is_on_demand_with_a_base(default_plan):
    assert _service(default_plan)["capacity_provider_strategy"] == [{"capacity_provider": "FARGATE", "weight": 1, "base": 1}]


def test_spot_strategy(module_plan):
    plan = _plan(module_plan, fargate_base=0, fargate_weight=0, fargate_spot_weight=1)
    assert _service(plan)["capacity_provider_strategy"] == [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    default = _res(plan)["aws_ecs_cluster_capacity_providers.this"]["values"]["default_capacity_provider_strategy"]
    assert default == [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}]


def test_without_capacity_providers_plain_fargate_launch_type(fixed_plan):
    """moto's CreateService drops capacityProviderStrategy; the emulator runs the plain launch type instead."""
    service = _service(fixed_plan)
    assert service["launch_type"] == "FARGATE"
    assert service["capacity_provider_strategy"] == []


def test_mixed_strategy(module_plan):
    plan = _plan(module_plan, fargate_base=2, fargate_weight=1, fargate_spot_weight=3)
    assert sorted(_service(plan)["capacity_provider_strategy"], key=lambda s: s["capacity_provider"]) == [
        {"capacity_provider": "FARGATE", "weight": 1, "base": 2},
        {"capacity_provider": "FARGATE_SPOT", "weight": 3, "base": 0},
    ]


def test_autoscaling_target_and_cpu_policy_when_enabled(default_plan):
    res = _res(default_plan)
    assert "aws_ecs_service.autoscaled[0]" in res and "aws_ecs_service.fixed[0]" not in res
    target = res["aws_appautoscaling_target.this[0]"]["values"]
    assert (target["min_capacity"], target["max_capacity"]) == (1, 2)
    assert target["scalable_dimension"] == "ecs:service:DesiredCount"
    assert target["resource_id"] == "service/orleans-example/orleans-example-app"
    policy = res["aws_appautoscaling_policy.cpu[0]"]["values"]
    assert policy["policy_type"] == "TargetTrackingScaling"
    (config,) = policy["target_tracking_scaling_policy_configuration"]
    assert config["target_value"] == 60
    assert config["predefined_metric_specification"][0]["predefined_metric_type"] == "ECSServiceAverageCPUUtilization"


def test_autoscaling_disabled_removes_it_and_keeps_the_count_with_terraform(fixed_plan):
    res = _res(fixed_plan)
    assert not [a for a in res if a.startswith("aws_appautoscaling")]
    # The service without ignore_changes: Terraform keeps managing desired_count.
    assert "aws_ecs_service.fixed[0]" in res and "aws_ecs_service.autoscaled[0]" not in res
    assert res["aws_ecs_service.fixed[0]"]["values"]["desired_count"] == 2


# ---------------------------------------------------------------- security group


def test_security_group_rules(default_plan):
    ingress = _of_type(default_plan, "aws_vpc_security_group_ingress_rule")
    egress = _of_type(default_plan, "aws_vpc_security_group_egress_rule")
    ports = lambda rules: sorted((a.split(".")[1], r["from_port"], r["to_port"]) for a, r in rules.items())  # noqa: E731
    assert ports(ingress) == [("gateway_from_self[0]", 30000, 30000), ("http_from_alb", 8080, 8080), ("silo_from_self", 11111, 11111)]
    assert ports(egress) == [("gateway_to_self[0]", 30000, 30000), ("https", 443, 443), ("silo_to_self", 11111, 11111)]
    assert all(r["description"] and r["ip_protocol"] == "tcp" for r in [*ingress.values(), *egress.values()])
    # Ingress never from a CIDR; the only CIDR rule is HTTPS out.
    assert all(r["cidr_ipv4"] is None for r in ingress.values())
    assert egress["aws_vpc_security_group_egress_rule.https"]["cidr_ipv4"] == "0.0.0.0/0"


def test_http_only_from_the_alb_and_orleans_ports_only_from_itself(default_plan):
    refs = lambda a: _rule_config(default_plan, a)["referenced_security_group_id"]["references"]  # noqa: E731
    assert refs("aws_vpc_security_group_ingress_rule.http_from_alb") == ["var.alb_security_group_id"]
    for address in (
        "aws_vpc_security_group_ingress_rule.silo_from_self",
        "aws_vpc_security_group_ingress_rule.gateway_from_self",
        "aws_vpc_security_group_egress_rule.silo_to_self",
        "aws_vpc_security_group_egress_rule.gateway_to_self",
    ):
        assert refs(address) == ["aws_security_group.app.id", "aws_security_group.app"], address
    call = default_plan.configuration["root_module"]["module_calls"]["app"]["expressions"]
    assert "module.alb.security_group_id" in call["alb_security_group_id"]["references"]


def test_gateway_zero_removes_its_rules(fixed_plan):
    rules = [a for a in _res(fixed_plan) if a.startswith("aws_vpc_security_group_") and "gateway" in a]
    assert rules == []
