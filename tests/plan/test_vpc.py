"""Plan tests of modules/vpc through its basic example."""

from __future__ import annotations

import pytest
import tftest

EXAMPLE = "vpc/examples/basic"
M = "module.vpc"


def _of_type(plan, rtype: str) -> dict[str, dict]:
    return {addr: r for addr, r in plan.modules[M].resources.items() if r["type"] == rtype}


def _tf(value):
    """tftest passes scalars through str(); Terraform wants lower-case booleans."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def _plan(module_plan, **tf_vars):
    return module_plan(EXAMPLE, **{k: _tf(v) for k, v in tf_vars.items()})


def _plan_error(module_plan, **tf_vars) -> str:
    with pytest.raises(tftest.TerraformTestError) as err:
        _plan(module_plan, **tf_vars)
    return " ".join(str(err.value).replace("\\n", " ").split())


@pytest.fixture(scope="module")
def default_plan(module_plan):
    return module_plan(EXAMPLE)


def test_vpc_has_dns_and_the_given_cidr(default_plan):
    vpc = default_plan.modules[M].resources["aws_vpc.this"]["values"]
    assert vpc["cidr_block"] == "10.10.0.0/16"
    assert vpc["enable_dns_support"] is True
    assert vpc["enable_dns_hostnames"] is True


def test_default_is_two_public_subnets_without_public_ip_on_launch(default_plan):
    subnets = _of_type(default_plan, "aws_subnet")
    assert sorted(subnets) == ['aws_subnet.public["ap-northeast-1a"]', 'aws_subnet.public["ap-northeast-1c"]']
    assert {s["values"]["cidr_block"] for s in subnets.values()} == {"10.10.0.0/20", "10.10.16.0/20"}
    assert all(s["values"]["map_public_ip_on_launch"] is False for s in subnets.values())
    assert {s["values"]["availability_zone"] for s in subnets.values()} == {"ap-northeast-1a", "ap-northeast-1c"}


def test_public_route_goes_to_the_internet_gateway(default_plan):
    res = default_plan.modules[M].resources
    assert res["aws_route.public_internet"]["values"]["destination_cidr_block"] == "0.0.0.0/0"
    assert "aws_internet_gateway.this" in res
    assert len(_of_type(default_plan, "aws_route_table_association")) == 2


def test_default_has_no_nat_no_private_subnets_no_interface_endpoints_no_flow_logs(default_plan):
    for rtype in ("aws_nat_gateway", "aws_eip", "aws_flow_log", "aws_cloudwatch_log_group", "aws_iam_role"):
        assert _of_type(default_plan, rtype) == {}, rtype
    endpoints = _of_type(default_plan, "aws_vpc_endpoint")
    assert all(e["values"]["vpc_endpoint_type"] == "Gateway" for e in endpoints.values())
    out = default_plan.outputs
    assert out["nat_gateway_count"] == 0
    assert out["private_subnet_ids"] == []
    assert out["database_subnet_ids"] == []
    assert out["interface_endpoint_ids"] == {}
    assert out["task_assign_public_ip"] is True


def test_free_gateway_endpoints_for_s3_and_dynamodb(default_plan):
    endpoints = _of_type(default_plan, "aws_vpc_endpoint")
    assert sorted(endpoints) == ['aws_vpc_endpoint.gateway["dynamodb"]', 'aws_vpc_endpoint.gateway["s3"]']
    names = {e["values"]["service_name"] for e in endpoints.values()}
    assert names == {"com.amazonaws.ap-northeast-1.s3", "com.amazonaws.ap-northeast-1.dynamodb"}


def test_default_security_group_has_no_rules(default_plan):
    sg = default_plan.modules[M].resources["aws_default_security_group.this"]["values"]
    assert sg["ingress"] == []
    assert sg["egress"] == []


def test_three_zones_give_three_public_subnets(module_plan):
    plan = _plan(module_plan, availability_zones=["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"])
    subnets = _of_type(plan, "aws_subnet")
    assert len(subnets) == 3
    assert {s["values"]["cidr_block"] for s in subnets.values()} == {"10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20"}


@pytest.mark.parametrize(
    "zones",
    [["ap-northeast-1a"], ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d", "ap-northeast-1b"]],
    ids=["one", "four"],
)
def test_zone_count_other_than_two_or_three_is_rejected(module_plan, zones):
    assert "availability_zones must list 2 or 3 zones" in _plan_error(module_plan, availability_zones=zones)


def test_repeated_zone_is_rejected(module_plan):
    err = _plan_error(module_plan, availability_zones=["ap-northeast-1a", "ap-northeast-1a"])
    assert "must not repeat a zone" in err


def test_nat_without_private_subnets_is_rejected(module_plan):
    assert "needs create_private_subnets = true" in _plan_error(module_plan, nat_gateway="single")


def test_unknown_nat_mode_is_rejected(module_plan):
    err = _plan_error(module_plan, create_private_subnets=True, nat_gateway="two")
    assert 'nat_gateway must be "none", "single" or "per_az"' in err


def test_private_subnets_alone_are_for_the_database_and_tasks_stay_public(module_plan):
    plan = _plan(module_plan, create_private_subnets=True)
    private = {a: r for a, r in _of_type(plan, "aws_subnet").items() if ".private[" in a}
    assert {s["values"]["cidr_block"] for s in private.values()} == {"10.10.128.0/20", "10.10.144.0/20"}
    assert _of_type(plan, "aws_nat_gateway") == {}
    assert len(_of_type(plan, "aws_route_table")) == 3  # public + one per zone
    assert plan.outputs["task_assign_public_ip"] is True


def test_single_nat_gateway_serves_every_private_route_table(module_plan):
    plan = _plan(module_plan, create_private_subnets=True, nat_gateway="single")
    assert sorted(_of_type(plan, "aws_nat_gateway")) == ['aws_nat_gateway.this["ap-northeast-1a"]']
    routes = {a for a in _of_type(plan, "aws_route") if a.startswith("aws_route.private_nat")}
    assert len(routes) == 2
    assert plan.outputs["nat_gateway_count"] == 1


def test_per_az_nat_gateways(module_plan):
    plan = _plan(module_plan, create_private_subnets=True, nat_gateway="per_az")
    assert len(_of_type(plan, "aws_nat_gateway")) == 2
    assert len(_of_type(plan, "aws_eip")) == 2
    assert plan.outputs["nat_gateway_count"] == 2
    assert plan.outputs["task_assign_public_ip"] is False


def test_interface_endpoints_get_their_own_https_only_security_group(module_plan):
    plan = _plan(module_plan, create_private_subnets=True, interface_endpoints=["ecr.api", "ecr.dkr", "logs", "sqs"])
    endpoints = {a: r for a, r in _of_type(plan, "aws_vpc_endpoint").items() if ".interface[" in a}
    assert {e["values"]["service_name"] for e in endpoints.values()} == {
        f"com.amazonaws.ap-northeast-1.{s}" for s in ("ecr.api", "ecr.dkr", "logs", "sqs")
    }
    assert all(e["values"]["private_dns_enabled"] is True for e in endpoints.values())
    rules = _of_type(plan, "aws_vpc_security_group_ingress_rule")
    assert len(rules) == 1
    rule = next(iter(rules.values()))["values"]
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"]) == ("tcp", 443, 443)
    assert rule["cidr_ipv4"] == "10.10.0.0/16"
    assert rule["description"]
    assert _of_type(plan, "aws_vpc_security_group_egress_rule") == {}
    assert plan.outputs["task_assign_public_ip"] is False


def test_interface_endpoints_without_private_subnets_are_rejected(module_plan):
    err = _plan_error(module_plan, interface_endpoints=["ecr.api", "ecr.dkr", "logs"])
    assert "interface_endpoints need create_private_subnets = true" in err


def test_incomplete_endpoint_set_without_nat_is_rejected(module_plan):
    err = _plan_error(module_plan, create_private_subnets=True, interface_endpoints=["sqs"])
    assert 'must include "ecr.api", "ecr.dkr" and "logs"' in err


def test_unknown_interface_endpoint_is_rejected(module_plan):
    err = _plan_error(module_plan, create_private_subnets=True, nat_gateway="single", interface_endpoints=["ec2"])
    assert "interface_endpoints may only contain" in err


def test_flow_logs_when_enabled(module_plan):
    plan = _plan(module_plan, flow_logs_enabled=True, flow_logs_retention_days=90)
    res = plan.modules[M].resources
    assert res["aws_flow_log.this[0]"]["values"]["traffic_type"] == "ALL"
    assert res["aws_flow_log.this[0]"]["values"]["log_destination_type"] == "cloud-watch-logs"
    assert res["aws_cloudwatch_log_group.flow_logs[0]"]["values"]["retention_in_days"] == 90
    assert "vpc-flow-logs.amazonaws.com" in res["aws_iam_role.flow_logs[0]"]["values"]["assume_role_policy"]


@pytest.mark.parametrize("cidr", ["10.0.0.0/8", "10.0.0.0/28", "10.0.0.1/16", "not-a-cidr"])
def test_bad_cidr_is_rejected(module_plan, cidr):
    assert "cidr_block must be an IPv4 network address" in _plan_error(module_plan, cidr_block=cidr)


def test_bad_name_prefix_is_rejected(module_plan):
    assert "name_prefix must be 4-25 characters" in _plan_error(module_plan, name_prefix="Orleans_Dev")
