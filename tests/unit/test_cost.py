"""The cost model: every formula against values computed by hand here, the env files, JSON, Markdown, CLI.

Hand values use the Tokyo prices of prices/ap-northeast-1.yaml (version 2026-12-03); when a price
there changes, the matching test here must change with it, on purpose.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestrator import config, cost, pricing
from orchestrator.cost import Scenario

ROOT = Path(__file__).resolve().parents[2]
TOKYO = pricing.load_table("ap-northeast-1")
VIRGINIA = pricing.load_table("us-east-1")

BASE: dict[str, Any] = {
    "name": "test",
    "region": "ap-northeast-1",
    "name_prefix": "orleans-test",
    "target": "aws",
    "tier": "dev",
    "network": {"availability_zones": ["ap-northeast-1a", "ap-northeast-1c"]},
    "orleans": {"cluster_id": "test", "service_id": "test"},
    "app": {
        "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/orleans-app:1.0.0",
        "cpu": 512, "memory": 1024, "architecture": "ARM64",
        "min_count": 1, "max_count": 4, "fargate_base": 1, "fargate_weight": 1, "fargate_spot_weight": 0,
        "log_retention_days": 14,
    },
    "usage": {"log_gb_per_month": 1, "snapshot_gb": 1, "table_gb": 1, "image_gb": 1, "nat_gb_per_month": 5, "free_tier": False},
    "monitoring": {"container_insights": False},  # the schema's default is on; these hand-computed tests leave it out
}


def merged(base: dict, changes: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        out[key] = merged(out.get(key, {}), value) if isinstance(value, dict) else value
    return out


def env(**changes: Any) -> config.Environment:
    return config.from_data(merged(BASE, changes), "test.json")


def scenario(**changes: Any) -> Scenario:
    return Scenario.from_data(env(**changes).data)


def line(lines: list[cost.Line], prefix: str) -> cost.Line:
    found = [item for item in lines if item.name.startswith(prefix)]
    assert len(found) == 1, [item.name for item in lines]
    return found[0]


def total(lines: list[cost.Line]) -> float:
    return sum(item.monthly_usd for item in lines)


approx = pytest.approx


# ---------------------------------------------------------------- fixed lines, one formula at a time


def test_alb_hours_and_one_public_ipv4_per_az():
    lines = cost.load_balancer_lines(scenario(), TOKYO)
    assert line(lines, "ALB hours").monthly_usd == approx(17.739)          # 0.0243 × 730
    assert line(lines, "ALB public IPv4").monthly_usd == approx(7.30)      # 2 × 0.005 × 730
    three_azs = scenario(network={"availability_zones": ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]})
    assert line(cost.load_balancer_lines(three_azs, TOKYO), "ALB public IPv4").monthly_usd == approx(10.95)
    assert line(lines, "ALB hours").formula == "0.0243 $/h × 730 h"
    assert line(lines, "ALB hours").price_source.startswith("elb.alb_hour (G1")


def test_alb_hours_in_us_east_1():
    lines = cost.load_balancer_lines(scenario(region="us-east-1", network={"availability_zones": ["us-east-1a", "us-east-1b"]}),
                                     VIRGINIA)
    assert line(lines, "ALB hours").monthly_usd == approx(16.425)          # 0.0225 × 730


def test_nlb_costs_the_same_hours_as_the_alb_in_tokyo():
    lines = cost.load_balancer_lines(cost.replace(scenario(), ingress="nlb"), TOKYO)
    assert total(lines) == approx(17.739 + 7.30)


def test_http_api_has_no_hourly_cost_but_a_cloud_map_instance_per_task():
    lines = cost.load_balancer_lines(cost.replace(scenario(app={"min_count": 3}), ingress="http_api"), TOKYO)
    assert line(lines, "API Gateway HTTP API VPC link").monthly_usd == 0
    assert line(lines, "Cloud Map").monthly_usd == approx(0.30)            # 3 × 0.10


def test_fargate_arm_task_tokyo():
    lines = cost.fargate_lines(scenario(), TOKYO)
    assert line(lines, "Fargate on-demand").monthly_usd == approx(17.99085)  # (0.5×0.04045 + 1×0.00442) × 730
    assert round(line(lines, "Fargate on-demand").monthly_usd, 2) == 17.99


def test_fargate_x86_and_larger_tasks():
    x86 = cost.fargate_lines(scenario(app={"architecture": "X86_64"}), TOKYO)
    assert line(x86, "Fargate on-demand").monthly_usd == approx(22.4913)      # (0.5×0.05056 + 1×0.00553) × 730
    big = cost.fargate_lines(scenario(app={"cpu": 1024, "memory": 2048, "min_count": 2, "fargate_base": 2}), TOKYO)
    assert line(big, "Fargate on-demand").monthly_usd == approx(2 * 35.9817)  # 2 × (0.04045 + 2×0.00442) × 730


@pytest.mark.parametrize("tasks,base,on_demand_weight,spot_weight,expected", [
    (1, 0, 0, 1, (0, 1)),      # dev: everything on Spot
    (2, 1, 1, 1, (1.5, 0.5)),  # stg: base 1, then 1:1 (the odd task is split as an expected share)
    (2, 2, 1, 0, (2, 0)),      # prod: all on-demand
    (3, 5, 1, 1, (3, 0)),      # base above the task count
    (4, 0, 1, 3, (1, 3)),
])
def test_capacity_provider_split(tasks, base, on_demand_weight, spot_weight, expected):
    assert cost.capacity_split(tasks, base, on_demand_weight, spot_weight) == approx(expected)


def test_fargate_spot_line_applies_the_discount_factor():
    lines = cost.fargate_lines(scenario(app={"fargate_base": 0, "fargate_weight": 0, "fargate_spot_weight": 1}), TOKYO)
    assert [item.name.split(" (")[0] for item in lines] == ["Fargate Spot tasks"]
    assert lines[0].monthly_usd == approx(17.99085 * 0.3)
    mixed = cost.fargate_lines(scenario(app={"min_count": 2, "fargate_base": 1, "fargate_spot_weight": 1}), TOKYO)
    assert line(mixed, "Fargate on-demand").monthly_usd == approx(1.5 * 17.99085)
    assert line(mixed, "Fargate Spot").monthly_usd == approx(0.5 * 17.99085 * 0.3)


def test_task_public_ipv4_only_in_public_subnets():
    assert total(cost.task_public_ip_lines(scenario(app={"min_count": 2}), TOKYO)) == approx(7.30)  # 2 × 0.005 × 730
    private = scenario(network={"private_subnets": True, "nat_gateway": "single"})
    assert cost.task_public_ip_lines(private, TOKYO) == []


def test_single_nat_gateway_with_its_eip_and_data():
    lines = cost.nat_lines(scenario(network={"private_subnets": True, "nat_gateway": "single"}), TOKYO)
    assert line(lines, "NAT gateway hours").monthly_usd == approx(45.26)     # 0.062 × 730
    assert line(lines, "NAT gateway Elastic IPs").monthly_usd == approx(3.65)
    assert line(lines, "NAT data").monthly_usd == approx(0.31)               # 5 GB × 0.062


def test_nat_gateway_per_az():
    s = scenario(network={"private_subnets": True, "nat_gateway": "per_az",
                          "availability_zones": ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]})
    lines = cost.nat_lines(s, TOKYO)
    assert line(lines, "NAT gateway hours").monthly_usd == approx(3 * 45.26)
    assert line(lines, "NAT gateway Elastic IPs").monthly_usd == approx(3 * 3.65)
    assert cost.nat_lines(scenario(), TOKYO) == []


def test_interface_endpoints_per_az():
    s = scenario(network={"private_subnets": True, "interface_endpoints": ["ecr.api", "ecr.dkr", "logs", "sqs"]})
    lines = cost.endpoint_lines(s, TOKYO)
    assert line(lines, "Interface endpoints").monthly_usd == approx(81.76)   # 4 × 2 AZ × 0.014 × 730
    assert line(lines, "Interface endpoint data").monthly_usd == approx(0.05)  # 5 GB × 0.01, no NAT


def test_sqs_long_polling_four_queues():
    lines = cost.sqs_idle_lines(scenario(), TOKYO)
    assert cost.idle_receives_per_queue(20, 730) == 131_400
    assert lines[0].monthly_usd == approx(0.21024)                            # 525,600 × 0.40 / 1e6
    assert "525,600 receives" in lines[0].formula


def test_sqs_short_polling_costs_tens_of_dollars_more():
    short = cost.sqs_idle_lines(scenario(streams={"receive_wait_time_seconds": 0}), TOKYO)[0]
    assert cost.idle_receives_per_queue(0, 730) == approx(26_280_000)         # every 100 ms
    assert short.monthly_usd == approx(42.048)                                # 105.12 M × 0.40
    long = cost.sqs_idle_lines(scenario(), TOKYO)[0]
    assert 10 <= short.monthly_usd - long.monthly_usd < 100                   # tens of dollars
    assert cost.idle_receives_per_queue(10, 730) == 262_800


def test_sqs_free_tier_only_when_asked():
    free = scenario(usage={"free_tier": True})
    assert cost.sqs_idle_lines(free, TOKYO)[0].monthly_usd == 0               # 525,600 < 1 M free
    assert "free" in cost.sqs_idle_lines(free, TOKYO)[0].note
    short_free = scenario(usage={"free_tier": True}, streams={"receive_wait_time_seconds": 0})
    assert cost.sqs_idle_lines(short_free, TOKYO)[0].monthly_usd == approx(41.648)  # (105.12 M − 1 M) × 0.40


def test_orleans_tables_idle_traffic_per_silo():
    reads, writes = cost.orleans_idle_requests_per_silo(730)
    assert (reads, writes) == (43_800 + 8_760, 87_600)   # membership 60 s + reminders 300 s; I-am-alive 30 s
    per_silo = 52_560 * 0.1425 / 1e6 + 87_600 * 0.715 / 1e6
    assert cost.orleans_table_idle_lines(scenario(app={"min_count": 2}), TOKYO)[0].monthly_usd == approx(2 * per_silo)
    assert cost.orleans_table_idle_lines(scenario(orleans={"backend": "rds"}), TOKYO) == []


def test_dynamodb_storage_pitr_and_free_tier():
    lines = cost.dynamodb_storage_lines(scenario(usage={"table_gb": 30}), TOKYO)
    assert line(lines, "DynamoDB storage").monthly_usd == approx(30 * 0.285)
    assert line(lines, "DynamoDB point-in-time").monthly_usd == approx(30 * 0.228)
    free = cost.dynamodb_storage_lines(scenario(usage={"table_gb": 30, "free_tier": True}), TOKYO)
    assert line(free, "DynamoDB storage").monthly_usd == approx(5 * 0.285)   # 25 GB free
    assert line(free, "DynamoDB point-in-time").monthly_usd == approx(30 * 0.228)  # no allowance for PITR
    no_pitr = cost.dynamodb_storage_lines(scenario(dynamodb={"point_in_time_recovery": False}), TOKYO)
    assert [item.name for item in no_pitr] == ["DynamoDB storage"]


def test_s3_and_ecr_storage():
    s = scenario(usage={"snapshot_gb": 10, "image_gb": 2})
    assert cost.s3_lines(s, TOKYO)[0].monthly_usd == approx(0.25)             # 10 × 0.025
    assert cost.ecr_lines(s, TOKYO)[0].monthly_usd == approx(0.20)            # 2 × 0.10


def test_cloudwatch_logs_ingestion_and_retention_storage():
    lines = cost.log_lines(scenario(usage={"log_gb_per_month": 5}, app={"log_retention_days": 90}), TOKYO)
    assert line(lines, "CloudWatch Logs ingestion").monthly_usd == approx(3.80)          # 5 × 0.76
    stored = 5 * 90 / (730 / 24)                                                          # 14.79 GB held
    assert line(lines, "CloudWatch Logs storage").monthly_usd == approx(stored * 0.033)  # 0.488


def test_cloudwatch_logs_free_tier():
    lines = cost.log_lines(scenario(usage={"log_gb_per_month": 2, "free_tier": True}), TOKYO)
    assert total(lines) == 0                       # 2 GB ingested + 0.92 GB stored < 5 GB free
    big = cost.log_lines(scenario(usage={"log_gb_per_month": 8, "free_tier": True}), TOKYO)
    assert line(big, "CloudWatch Logs ingestion").monthly_usd == approx(3 * 0.76)


def test_flow_logs_only_when_on():
    assert cost.flow_log_lines(scenario(), TOKYO) == []
    lines = cost.flow_log_lines(scenario(network={"flow_logs": True}), TOKYO)
    assert lines[0].monthly_usd == approx(cost.DEFAULT_FLOW_LOGS_GB * 0.76) and "assumed" in lines[0].note


def test_container_insights_and_alarms_only_when_configured():
    assert cost.monitoring_lines(scenario(), TOKYO) == []
    assert line(cost.monitoring_lines(scenario(monitoring={"container_insights": True}), TOKYO), "Container Insights").monthly_usd == approx(12.0)
    s = cost.replace(scenario(), container_insights=True, alarm_count=12)
    lines = cost.monitoring_lines(s, TOKYO)
    assert line(lines, "Container Insights").monthly_usd == approx(40 * 0.30)
    assert line(lines, "CloudWatch alarms").monthly_usd == approx(1.20)       # 12 × 0.10
    free = cost.monitoring_lines(cost.replace(s, free_tier=True), TOKYO)
    assert line(free, "Container Insights").monthly_usd == approx(30 * 0.30)
    assert line(free, "CloudWatch alarms").monthly_usd == approx(0.20)


def test_rds_instance_storage_and_secret():
    lines = cost.rds_lines(scenario(orleans={"backend": "rds"}), TOKYO)
    assert line(lines, "RDS PostgreSQL db.t4g.micro Single-AZ").monthly_usd == approx(18.25)  # 0.025 × 730
    assert line(lines, "RDS gp3").monthly_usd == approx(2.76)                                # 20 × 0.138
    assert line(lines, "Secrets Manager").monthly_usd == approx(0.40)
    multi = cost.rds_lines(scenario(orleans={"backend": "rds"}, rds={"instance_class": "db.t4g.small", "multi_az": True}), TOKYO)
    assert total(multi) == approx(73.0 + 5.52 + 0.40)
    assert cost.rds_lines(scenario(), TOKYO) == []


def test_whole_estimate_adds_up():
    lines = list(cost.estimate(scenario(), TOKYO).lines)
    stored_logs = 1 * 14 / (730 / 24) * 0.033
    expected = (17.739 + 7.30 + 17.99085 + 3.65 + 0.21024 + (52_560 * 0.1425 + 87_600 * 0.715) / 1e6
                + 0.285 + 0.228 + 0.025 + 0.76 + stored_logs + 0.10)
    assert total(lines) == approx(expected)
    assert cost.estimate(scenario(), TOKYO).fixed_monthly_usd == approx(expected)


# ---------------------------------------------------------------- variable rates


def test_http_request_rates_per_million():
    assert cost.lb_capacity_units_per_million("alb") == approx(1e6 / (25 * 3600))  # connections dominate 10 GB
    assert cost.http_request_rate("alb", TOKYO).usd == approx(11.1111 * 0.008, rel=1e-4)
    assert cost.http_request_rate("nlb", TOKYO).usd == approx(10 * 0.006)          # bytes dominate for the NLB
    assert cost.http_request_rate("http_api", TOKYO).usd == approx(1.29)


def test_stream_message_rate_counts_three_requests_and_64_kb_chunks():
    assert cost.stream_message_rate(TOKYO).usd == approx(1.20)                      # 3 × 0.40
    assert cost.stream_message_rate(TOKYO, message_kb=100).usd == approx(2.40)      # 2 chunks


def test_event_append_rate_is_two_items_transactional():
    assert cost.event_append_wru() == 4
    assert cost.event_append_rate(TOKYO).usd == approx(2.86)                        # 4 × 0.715


def test_orleans_request_rate_and_rds_has_none():
    assert cost.orleans_request_rate(scenario(), TOKYO).usd == approx(0.42875)      # ½ × 0.1425 + ½ × 0.715
    assert cost.orleans_request_rate(scenario(orleans={"backend": "rds"}), TOKYO).usd == 0


def test_storage_rates():
    rates = {rate.unit: rate.usd for rate in cost.storage_rates(scenario(), TOKYO)}
    assert rates["GB-month stored in DynamoDB"] == approx(0.285 + 0.228)
    assert rates["GB-month stored in S3 (snapshots)"] == approx(0.025)
    assert rates["GB of logs a month (ingestion + retention)"] == approx(0.76 + 14 / (730 / 24) * 0.033)


# ---------------------------------------------------------------- alternatives


def alternatives_by_name(s: Scenario) -> dict[str, cost.Alternative]:
    return {alt.name: alt for alt in cost.alternatives(s, TOKYO)}


def find(alts: dict[str, cost.Alternative], start: str) -> cost.Alternative:
    found = [alt for name, alt in alts.items() if name.startswith(start)]
    assert len(found) == 1, list(alts)
    return found[0]


def test_architecture_flip_both_ways():
    arm = alternatives_by_name(scenario())
    assert find(arm, "X86_64 tasks").delta_monthly_usd == approx(22.4913 - 17.99085)    # what ARM saves
    x86 = alternatives_by_name(scenario(app={"architecture": "X86_64"}))
    assert find(x86, "ARM64").delta_monthly_usd == approx(-(22.4913 - 17.99085))


def test_spot_alternative_and_the_prod_warning():
    one_task = alternatives_by_name(scenario())
    assert find(one_task, "Fargate Spot").delta_monthly_usd == approx(-0.5 * 17.99085 * 0.7)
    prod = scenario(tier="prod", app={"min_count": 2, "fargate_base": 2, "image": BASE["app"]["image"]},
                    snapshots={"force_destroy": False})
    spot = find(alternatives_by_name(prod), "Fargate Spot")
    assert spot.delta_monthly_usd == approx(-0.5 * 17.99085 * 0.7)   # base 1, then 1:1 → half a task on Spot
    assert any("not for prod" in note for note in spot.notes)
    already_spot = alternatives_by_name(scenario(app={"fargate_base": 0, "fargate_weight": 0, "fargate_spot_weight": 1}))
    assert find(already_spot, "All tasks on-demand").delta_monthly_usd == approx(17.99085 * 0.7)


def test_network_variants_from_public_subnets():
    alts = alternatives_by_name(scenario())
    assert not any(name.startswith("Public subnets") for name in alts)  # that is the current setup
    assert find(alts, "Private subnets + 1 NAT").delta_monthly_usd == approx(45.26 + 3.65 + 0.31 - 3.65)
    assert find(alts, "Private subnets + a NAT gateway per AZ").delta_monthly_usd == approx(2 * 45.26 + 2 * 3.65 + 0.31 - 3.65)
    endpoints = find(alts, "Private subnets + interface endpoints")
    assert "ecr.api, ecr.dkr, logs, sqs)" in endpoints.name
    assert endpoints.delta_monthly_usd == approx(4 * 2 * 0.014 * 730 + 0.05 - 3.65)


def test_network_variants_from_a_nat_and_endpoints_include_secretsmanager_with_rds():
    s = scenario(network={"private_subnets": True, "nat_gateway": "single"}, orleans={"backend": "rds"})
    alts = alternatives_by_name(s)
    assert find(alts, "Public subnets").delta_monthly_usd == approx(3.65 - (45.26 + 3.65 + 0.31))
    endpoints = find(alts, "Private subnets + interface endpoints")
    assert "secretsmanager" in endpoints.name
    assert endpoints.delta_monthly_usd == approx(5 * 2 * 10.22 + 0.05 - (45.26 + 3.65 + 0.31))


def test_ingress_alternatives_with_what_they_give_up_and_the_http_api_break_even():
    alts = alternatives_by_name(scenario())
    nlb = find(alts, "NLB")
    assert nlb.delta_monthly_usd == approx(0)
    assert any("HTTP routing" in note and "health checks" in note for note in nlb.notes)
    api = find(alts, "API Gateway HTTP API")
    assert api.delta_monthly_usd == approx(-(17.739 + 7.30) + 0.10)            # one Cloud Map instance
    assert any("30 s" in note and "10 MB" in note and "WebSockets" in note for note in api.notes)
    per_million_extra = 1.29 - 1e6 / 90_000 * 0.008
    assert api.break_even_per_month == approx(24.939 / per_million_extra * 1e6, rel=1e-6)   # ≈ 20.8 M requests
    assert "20.8 M requests/month" in api.break_even


def test_backend_alternative_and_break_even():
    rds = find(alternatives_by_name(scenario()), "RDS PostgreSQL db.t4g.micro Single-AZ")
    idle_dynamodb = (52_560 * 0.1425 + 87_600 * 0.715) / 1e6
    assert rds.delta_monthly_usd == approx(18.25 + 2.76 + 0.40 - idle_dynamodb)
    assert rds.break_even_per_month == approx(rds.delta_monthly_usd / 0.42875 * 1e6)  # ≈ 49.8 M requests
    assert "50% reads" in rds.break_even
    back = find(alternatives_by_name(scenario(orleans={"backend": "rds"})), "DynamoDB on-demand")
    assert back.delta_monthly_usd == approx(-rds.delta_monthly_usd)


def test_both_backends_fixed_costs_are_reported():
    b = cost.backends(scenario(), TOKYO)
    base = cost.estimate(scenario(), TOKYO).fixed_monthly_usd
    assert b["current"] == "dynamodb"
    assert b["dynamodb"]["fixed_monthly_usd"] == round(base, 2)
    assert b["rds"]["fixed_monthly_usd"] == round(cost.estimate(scenario(orleans={"backend": "rds"}), TOKYO).fixed_monthly_usd, 2)
    assert b["break_even_orleans_requests_per_month"] == approx(49.77e6, rel=1e-3)


def test_long_polling_alternative_appears_only_when_short_polling():
    assert not any(name.startswith("Long polling") for name in alternatives_by_name(scenario()))
    short = alternatives_by_name(scenario(streams={"receive_wait_time_seconds": 0}))
    assert find(short, "Long polling").delta_monthly_usd == approx(0.21024 - 42.048)


def test_biggest_saving_is_the_most_negative_delta():
    report = cost.build_report(scenario(streams={"receive_wait_time_seconds": 0}), TOKYO)
    assert report.biggest_saving.name.startswith("Long polling")
    report = cost.build_report(scenario(), TOKYO)
    assert report.biggest_saving.name.startswith("API Gateway HTTP API")
    assert report.biggest_saving.delta_monthly_usd == min(alt.delta_monthly_usd for alt in report.alternatives)
    # dropping the ALB is outside the design, so the best change that keeps it is named too
    assert not report.biggest_saving.within_design
    assert report.biggest_saving_within_design.name.startswith("Fargate Spot")
    assert "Biggest saving that keeps the design: Fargate Spot" in cost.render_terminal(report)


def test_no_saving_is_said_plainly():
    spot_arm = scenario(app={"fargate_base": 0, "fargate_weight": 0, "fargate_spot_weight": 1})
    report = cost.build_report(spot_arm, TOKYO)
    assert report.biggest_saving_within_design is None
    assert "keeps the design: none of the modelled alternatives lowers the fixed cost" in cost.render_terminal(report)


@pytest.mark.parametrize("changes", [
    {},
    {"orleans": {"backend": "rds"}, "rds": {"instance_class": "db.t4g.medium", "multi_az": True}},
    {"network": {"private_subnets": True, "nat_gateway": "per_az", "flow_logs": True}},
    {"app": {"architecture": "X86_64", "fargate_spot_weight": 1}, "usage": {"free_tier": True}},
])
def test_us_east_1_table_prices_every_line_and_alternative(changes):
    s = scenario(**merged({"region": "us-east-1", "network": {"availability_zones": ["us-east-1a", "us-east-1b"]}}, changes))
    report = cost.build_report(s, VIRGINIA)
    assert report.fixed_monthly_usd > 0 and len(report.alternatives) >= 6
    assert line(list(report.estimate.lines), "ALB hours").monthly_usd == approx(16.425)


def test_rate_formatting_keeps_cents_visible():
    assert cost.rate_usd(0.0889) == "0.0889" and cost.rate_usd(1.2) == "1.20" and cost.rate_usd(0) == "0.00"


# ---------------------------------------------------------------- the environment files


@pytest.mark.parametrize("name", ["local", "dev", "stg", "prod"])
def test_each_environment_file_has_a_positive_estimate_with_formulas_and_sources(name):
    report = cost.report_for(config.load(name))
    assert report.fixed_monthly_usd > 0
    for item in report.estimate.lines:
        assert item.formula and item.price_source and item.monthly_usd >= 0, item
        key = item.price_source.split(" (")[0]
        assert key in report.prices.entries
    assert report.backends["dynamodb"]["fixed_monthly_usd"] > 0 and report.backends["rds"]["fixed_monthly_usd"] > 0


def test_dev_estimate_by_hand():
    # dev: 1 ARM 0.5 vCPU/1 GB task on Spot, public subnets, 2 AZs, W = 20, DynamoDB, 1 GB of everything, 14 d logs
    report = cost.report_for(config.load("dev"))
    expected = (17.739 + 7.30 + 17.99085 * 0.3 + 3.65 + 0.21024 + (52_560 * 0.1425 + 87_600 * 0.715) / 1e6
                + 0.285 + 0.228 + 0.025 + 0.76 + 14 / (730 / 24) * 0.033 + 0.10)
    assert report.fixed_monthly_usd == approx(expected)


def test_region_without_a_price_file_is_an_error_naming_it():
    s = scenario(region="eu-west-1", network={"availability_zones": ["eu-west-1a", "eu-west-1b"]})
    with pytest.raises(pricing.PriceError, match=r"eu-west-1.*eu-west-1\.yaml"):
        cost.build_report(s, pricing.load_table(s.region))


def test_missing_price_is_an_error_naming_it_never_a_zero():
    with pytest.raises(pricing.PriceError) as err:
        cost.estimate(scenario(), TOKYO.without("vpc.public_ipv4_hour"))
    assert "vpc.public_ipv4_hour" in str(err.value) and "ap-northeast-1.yaml" in str(err.value)
    with pytest.raises(pricing.PriceError, match=r"rds\.postgres\.db\.r6g\.large\.single_az"):
        cost.rds_lines(scenario(orleans={"backend": "rds"}, rds={"instance_class": "db.r6g.large"}), TOKYO)


# ---------------------------------------------------------------- JSON, Markdown, CLI


def test_json_shape():
    doc = cost.to_json(cost.report_for(config.load("prod")))
    json.dumps(doc)  # serialisable
    assert {"environment", "region", "fixed_monthly_usd", "lines", "variable", "alternatives", "backends"} <= set(doc)
    assert doc["environment"] == "prod" and doc["region"] == "ap-northeast-1"
    assert all({"name", "monthly_usd", "formula", "price_source"} <= set(item) for item in doc["lines"])
    assert doc["fixed_monthly_usd"] == approx(sum(item["monthly_usd"] for item in doc["lines"]), abs=0.01)
    assert all({"unit", "usd", "formula"} <= set(rate) for rate in doc["variable"])
    assert all({"name", "delta_monthly_usd", "notes"} <= set(alt) for alt in doc["alternatives"])
    assert {"dynamodb", "rds"} <= set(doc["backends"])
    assert doc["biggest_saving"]["delta_monthly_usd"] < 0
    assert doc["biggest_saving_within_design"]["name"].startswith("Fargate Spot")  # prod: 2 on-demand tasks
    assert {alt["within_design"] for alt in doc["alternatives"]} == {True, False}


def test_markdown_baseline_sentence_raises_lowers_and_unchanged():
    one, two = env(), env(app={"min_count": 2})
    fixed_one = cost.report_for(one).fixed_monthly_usd
    fixed_two = cost.report_for(two).fixed_monthly_usd
    # a second task adds its Fargate time, its public IPv4 and its idle Orleans table traffic
    assert fixed_two - fixed_one == approx(17.99085 + 3.65 + (52_560 * 0.1425 + 87_600 * 0.715) / 1e6)
    raised = cost.markdown_section(two, baseline=one)
    assert (f"This change raises the fixed cost by $21.71/month (from ${fixed_one:,.2f} to ${fixed_two:,.2f})."
            in raised)
    assert "This change lowers the fixed cost by $21.71/month" in cost.markdown_section(one, baseline=two)
    assert "does not change the fixed cost" in cost.markdown_section(one, baseline=one)
    plain = cost.markdown_section(one)
    assert "This change" not in plain and f"**Fixed: ${fixed_one:,.2f}/month**" in plain
    assert "| ALB hours | 17.74 |" in plain


def namespace(env_ref: str, **kw: Any) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cost.add_arguments(parser)
    args = [env_ref] + [item for key, value in kw.items() for item in
                        ([f"--{key.replace('_', '-')}"] if value is True else [f"--{key.replace('_', '-')}", str(value)])]
    return parser.parse_args(args)


def test_run_terminal_table(capsys):
    assert cost.run(namespace("stg")) == 0
    out = capsys.readouterr().out
    assert "FIXED" in out and "Fixed total" in out and "VARIABLE" in out and "ALTERNATIVES" in out
    assert "█" in out and "Biggest saving:" in out
    assert "dynamodb" in out and "rds" in out


def test_run_json_and_baseline(capsys):
    assert cost.run(namespace("prod", json=True, baseline="stg")) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["baseline"]["environment"] == "stg"
    assert doc["baseline"]["delta_monthly_usd"] == approx(doc["fixed_monthly_usd"] - doc["baseline"]["fixed_monthly_usd"], abs=0.011)


def test_json_and_markdown_are_exclusive():
    with pytest.raises(SystemExit):
        namespace("dev", json=True, markdown=True)


def test_run_bad_environment_is_one_line_and_exit_1(capsys):
    assert cost.run(namespace("no-such-env")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-env" in err


def test_run_region_without_prices_is_one_line_and_exit_1(tmp_path, capsys):
    path = tmp_path / "eu.json"
    path.write_text(json.dumps(merged(BASE, {"region": "eu-west-1", "network": {"availability_zones": ["eu-west-1a", "eu-west-1b"]}})))
    assert cost.run(namespace(str(path))) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "eu-west-1" in err and "eu-west-1.yaml" in err


def test_run_missing_price_is_one_line_naming_it(tmp_path, capsys):
    prices_dir = tmp_path / "prices"
    shutil.copytree(ROOT / "prices", prices_dir)
    doc = yaml.safe_load((prices_dir / "ap-northeast-1.yaml").read_text())
    del doc["prices"]["sqs.requests_million"]
    (prices_dir / "ap-northeast-1.yaml").write_text(pricing.render_table(doc))
    assert cost.run(namespace("dev", prices_dir=prices_dir)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sqs.requests_million" in err and "ap-northeast-1" in err


def test_module_entry_point_markdown():
    proc = subprocess.run([sys.executable, "-m", "orchestrator.cost", "dev", "--markdown"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("### Cost estimate: `dev`") and "**Fixed: $" in proc.stdout
