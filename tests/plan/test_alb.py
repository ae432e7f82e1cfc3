"""Plan tests of modules/alb through its basic example (which builds the VPC with modules/vpc)."""

from __future__ import annotations

import pytest
import tftest

EXAMPLE = "alb/examples/basic"
M = "module.alb"
CERT = "arn:aws:acm:ap-northeast-1:123456789012:certificate/0b4a7c3e-1111-2222-3333-444455556666"


def _tf(value):
    """tftest passes scalars through str(); Terraform wants lower-case booleans."""
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


def _module_config(plan) -> dict:
    return plan.configuration["root_module"]["module_calls"]["alb"]["module"]


@pytest.fixture(scope="module")
def http_plan(module_plan):
    return _plan(module_plan)


@pytest.fixture(scope="module")
def https_plan(module_plan):
    return _plan(module_plan, certificate_arn=CERT)


def test_alb_is_internet_facing_application_lb_with_safe_attributes(http_plan):
    lb = _res(http_plan)["aws_lb.this"]["values"]
    assert lb["internal"] is False
    assert lb["load_balancer_type"] == "application"
    assert lb["drop_invalid_header_fields"] is True
    assert lb["idle_timeout"] == 60
    assert lb["name"] == "orleans-example-alb"
    assert lb["access_logs"] == []


def test_deletion_protection_is_on_by_default(http_plan):
    assert _res(http_plan)["aws_lb.this"]["values"]["enable_deletion_protection"] is True


def test_deletion_protection_can_be_turned_off(module_plan):
    plan = _plan(module_plan, deletion_protection=False)
    assert _res(plan)["aws_lb.this"]["values"]["enable_deletion_protection"] is False


def test_target_group_is_ip_http_with_short_deregistration_and_readiness_check(http_plan):
    tg = _res(http_plan)["aws_lb_target_group.this"]["values"]
    assert tg["target_type"] == "ip"
    assert tg["protocol"] == "HTTP"
    assert tg["port"] == 8080
    assert tg["deregistration_delay"] == "15"
    (hc,) = tg["health_check"]
    assert hc["path"] == "/health/ready"
    assert hc["matcher"] == "200"
    assert hc["port"] == "traffic-port"
    assert hc["enabled"] is True


def test_without_certificate_only_an_http_forward_listener(http_plan):
    listeners = _of_type(http_plan, "aws_lb_listener")
    assert list(listeners) == ["aws_lb_listener.http_forward[0]"]
    http = listeners["aws_lb_listener.http_forward[0]"]
    assert (http["port"], http["protocol"]) == (80, "HTTP")
    (action,) = http["default_action"]
    assert action["type"] == "forward"
    assert http_plan.outputs["https_listener_arn"] is None


def test_without_certificate_ingress_is_only_the_listener_port(http_plan):
    rules = _of_type(http_plan, "aws_vpc_security_group_ingress_rule")
    assert len(rules) == 1
    (rule,) = rules.values()
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"], rule["cidr_ipv4"]) == ("tcp", 80, 80, "0.0.0.0/0")
    assert rule["description"]


def test_only_egress_is_to_the_app_security_group_on_the_target_port(http_plan):
    rules = _of_type(http_plan, "aws_vpc_security_group_egress_rule")
    assert list(rules) == ["aws_vpc_security_group_egress_rule.to_app"]
    rule = rules["aws_vpc_security_group_egress_rule.to_app"]
    assert (rule["ip_protocol"], rule["from_port"], rule["to_port"]) == ("tcp", 8080, 8080)
    assert rule["cidr_ipv4"] is None and rule["cidr_ipv6"] is None and rule["prefix_list_id"] is None
    assert rule["description"]
    # The referenced group is the one passed as app_security_group_id (the example's stand-in task SG).
    cfg = _module_config(http_plan)
    egress = next(r for r in cfg["resources"] if r["address"] == "aws_vpc_security_group_egress_rule.to_app")
    assert egress["expressions"]["referenced_security_group_id"]["references"] == ["var.app_security_group_id"]
    call = http_plan.configuration["root_module"]["module_calls"]["alb"]["expressions"]
    assert "aws_security_group.app.id" in call["app_security_group_id"]["references"]


def test_security_group_has_no_inline_rules(http_plan):
    sg = _res(http_plan)["aws_security_group.alb"]["values"]
    assert sg["description"]
    assert "ingress" not in sg or sg["ingress"] in (None, [])


def test_with_certificate_https_listener_and_http_redirect(https_plan):
    listeners = _of_type(https_plan, "aws_lb_listener")
    assert sorted(listeners) == ["aws_lb_listener.http_redirect[0]", "aws_lb_listener.https[0]"]
    https = listeners["aws_lb_listener.https[0]"]
    assert (https["port"], https["protocol"]) == (443, "HTTPS")
    assert https["ssl_policy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert https["certificate_arn"] == CERT
    assert https["default_action"][0]["type"] == "forward"
    redirect = listeners["aws_lb_listener.http_redirect[0]"]
    assert (redirect["port"], redirect["protocol"]) == (80, "HTTP")
    (action,) = redirect["default_action"]
    assert action["type"] == "redirect"
    (target,) = action["redirect"]
    assert (target["protocol"], target["port"], target["status_code"]) == ("HTTPS", "443", "HTTP_301")


def test_with_certificate_ingress_is_80_for_the_redirect_and_443(https_plan):
    rules = _of_type(https_plan, "aws_vpc_security_group_ingress_rule")
    assert sorted(rules) == [
        'aws_vpc_security_group_ingress_rule.http_redirect["0.0.0.0/0"]',
        'aws_vpc_security_group_ingress_rule.https["0.0.0.0/0"]',
    ]
    assert sorted((r["from_port"], r["to_port"]) for r in rules.values()) == [(80, 80), (443, 443)]


def test_ingress_cidrs_are_configurable(module_plan):
    plan = _plan(module_plan, ingress_cidr_blocks='["203.0.113.0/24","198.51.100.0/24"]', listener_port=8000)
    rules = _of_type(plan, "aws_vpc_security_group_ingress_rule")
    assert sorted(r["cidr_ipv4"] for r in rules.values()) == ["198.51.100.0/24", "203.0.113.0/24"]
    assert {(r["from_port"], r["to_port"]) for r in rules.values()} == {(8000, 8000)}


@pytest.mark.parametrize("delay", [119.5, 120, 300])
def test_deregistration_delay_of_120_or_more_is_rejected(module_plan, delay):
    err = _plan_error(module_plan, deregistration_delay_seconds=delay)
    assert "deregistration_delay_seconds must be 0 to 119 and less than stop_timeout_seconds" in err


def test_deregistration_delay_must_be_below_the_stop_timeout(module_plan):
    err = _plan_error(module_plan, deregistration_delay_seconds=60, stop_timeout_seconds=60)
    assert "less than stop_timeout_seconds" in err


def test_listener_port_443_with_certificate_is_rejected(module_plan):
    err = _plan_error(module_plan, certificate_arn=CERT, listener_port=443)
    assert "listener_port must not be 443 when certificate_arn is set" in err


def test_malformed_certificate_arn_is_rejected(module_plan):
    assert "certificate_arn must be an ACM certificate ARN" in _plan_error(module_plan, certificate_arn="my-cert")


def test_weak_tls_policy_is_rejected(module_plan):
    err = _plan_error(module_plan, certificate_arn=CERT, ssl_policy="ELBSecurityPolicy-2016-08")
    assert "ssl_policy must be a TLS 1.2+ policy" in err
