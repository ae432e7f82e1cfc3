"""Offline monthly cost estimate of an environment: `python -m orchestrator cost ENV`.

Everything is computed from the validated environment (config.load) and the region's price
table (orchestrator.pricing), at the table's hours per month (730):

- the FIXED part: what the environment costs when nobody uses it (load balancer, tasks at
  app.min_count, public IPv4s, NAT or endpoints, idle SQS polling, idle Orleans table traffic,
  logs, storage, the database when orleans.backend = rds);
- the VARIABLE part: cost per unit of use (per million HTTP requests, stream messages, event
  appends, Orleans storage requests; per GB stored);
- ALTERNATIVES: the whole estimate recomputed with one change, shown as a delta on the fixed cost.

The math is pure functions of a Scenario (the cost-relevant facts of one environment) and a
PriceTable; I/O stays in run() and markdown_section().
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

from orchestrator import config
from orchestrator.pricing import PriceError, PriceTable, load_table

# ---------------------------------------------------------------- assumptions (not in the config)
# Each one is printed next to the number it drives, so a reader can disagree with it.

SHORT_POLL_PERIOD_S = 0.1        # Orleans pulling agent timer (GetQueueMsgsTimerPeriod) when WaitTimeSeconds is 0
MEMBERSHIP_READ_PERIOD_S = 60    # ClusterMembershipOptions.TableRefreshTimeout: each silo reads the table
I_AM_ALIVE_PERIOD_S = 30         # IAmAliveTablePublishTimeout: 30 s in current Orleans (older releases: 5 min)
REMINDER_REFRESH_PERIOD_S = 300  # ReminderOptions.RefreshReminderListPeriod: each silo reads its reminder range
HTTP_KB_PER_REQUEST = 10         # request + response bytes through the load balancer
SQS_REQUESTS_PER_MESSAGE = 3     # send + receive + delete, unbatched (batching only lowers it)
SQS_CHUNK_KB = 64                # every 64 KB chunk of a payload is billed as one request
STREAM_MESSAGE_KB = 8            # typical Orleans stream event batch
EVENT_ITEMS_PER_APPEND = 2       # one event item + one tag item per appended event
EVENT_ITEM_KB = 1                # each item within 1 KB, so 1 WRU each
TRANSACTIONAL_FACTOR = 2         # TransactWriteItems costs 2 WRU per KB (DCB append is conditional + atomic)
ORLEANS_READ_SHARE = 0.5         # grain storage mix: 50 % reads (strongly consistent, <= 4 KB), 50 % writes (<= 1 KB)
CONTAINER_INSIGHTS_METRICS = 40  # "a few dozen" custom metrics for one cluster + one service
DEFAULT_FLOW_LOGS_GB = 1.0       # VPC flow log volume of a small, mostly idle VPC
PRIVATE_ENDPOINTS = ("ecr.api", "ecr.dkr", "logs", "sqs")  # what tasks in private subnets need without NAT
BAR_WIDTH = 24


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Scenario:
    """The cost-relevant facts of one environment, read from its validated data."""

    name: str
    tier: str
    target: str
    region: str
    vcpu: float
    memory_gb: float
    architecture: str
    min_count: int
    fargate_base: int
    fargate_weight: int
    fargate_spot_weight: int
    availability_zones: int
    private_subnets: bool
    nat_gateway: str
    interface_endpoints: tuple[str, ...]
    flow_logs: bool
    backend: str
    stream_queue_count: int
    receive_wait_time_seconds: int
    point_in_time_recovery: bool
    rds_instance_class: str
    rds_multi_az: bool
    rds_storage_gb: float
    log_retention_days: int
    log_gb_per_month: float
    snapshot_gb: float
    table_gb: float
    image_gb: float
    nat_gb_per_month: float
    free_tier: bool
    flow_logs_gb_per_month: float = DEFAULT_FLOW_LOGS_GB
    flow_logs_gb_assumed: bool = True
    container_insights: bool = False
    alarm_count: int = 0
    ingress: str = "alb"  # the design uses an ALB; "nlb" and "http_api" exist only as alternatives

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "Scenario":
        app, net, usage = data["app"], data["network"], data["usage"]
        monitoring = data.get("monitoring", {})  # not in the schema yet: read it once it is
        return cls(
            name=data["name"],
            tier=data["tier"],
            target=data["target"],
            region=data["region"],
            vcpu=app["cpu"] / 1024,
            memory_gb=app["memory"] / 1024,
            architecture=app["architecture"],
            min_count=app["min_count"],
            fargate_base=app["fargate_base"],
            fargate_weight=app["fargate_weight"],
            fargate_spot_weight=app["fargate_spot_weight"],
            availability_zones=len(net["availability_zones"]),
            private_subnets=net["private_subnets"],
            nat_gateway=net["nat_gateway"],
            interface_endpoints=tuple(net["interface_endpoints"]),
            flow_logs=net["flow_logs"],
            backend=data["orleans"]["backend"],
            stream_queue_count=data["orleans"]["stream_queue_count"],
            receive_wait_time_seconds=data["streams"]["receive_wait_time_seconds"],
            point_in_time_recovery=data["dynamodb"]["point_in_time_recovery"],
            rds_instance_class=data["rds"]["instance_class"],
            rds_multi_az=data["rds"]["multi_az"],
            rds_storage_gb=data["rds"]["allocated_storage_gb"],
            log_retention_days=app["log_retention_days"],
            log_gb_per_month=usage["log_gb_per_month"],
            snapshot_gb=usage["snapshot_gb"],
            table_gb=usage["table_gb"],
            image_gb=usage["image_gb"],
            nat_gb_per_month=usage["nat_gb_per_month"],
            free_tier=usage["free_tier"],
            flow_logs_gb_per_month=usage.get("flow_logs_gb_per_month", DEFAULT_FLOW_LOGS_GB),
            flow_logs_gb_assumed="flow_logs_gb_per_month" not in usage,
            container_insights=bool(monitoring.get("container_insights", False)),
            alarm_count=int(monitoring.get("alarm_count", 0)),
        )

    @property
    def nat_count(self) -> int:
        return {"none": 0, "single": 1, "per_az": self.availability_zones}[self.nat_gateway]


# ---------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Line:
    name: str
    monthly_usd: float
    formula: str
    price_source: str
    note: str = ""


@dataclass(frozen=True)
class Rate:
    """Cost per unit of use, on top of the fixed part."""

    unit: str
    usd: float
    formula: str
    price_source: str
    assumption: str = ""


@dataclass(frozen=True)
class Alternative:
    name: str
    delta_monthly_usd: float
    fixed_monthly_usd: float
    notes: tuple[str, ...] = ()
    break_even: str = ""
    break_even_per_month: float | None = None  # in the unit the break-even sentence names
    within_design: bool = True  # False when it swaps out a design choice the stack does not offer (the ALB)


@dataclass(frozen=True)
class Estimate:
    scenario: Scenario
    lines: tuple[Line, ...]

    @property
    def fixed_monthly_usd(self) -> float:
        return sum(line.monthly_usd for line in self.lines)


@dataclass(frozen=True)
class Report:
    scenario: Scenario
    prices: PriceTable
    estimate: Estimate
    variable: tuple[Rate, ...]
    backends: Mapping[str, Any]
    alternatives: tuple[Alternative, ...]

    @property
    def fixed_monthly_usd(self) -> float:
        return self.estimate.fixed_monthly_usd

    @property
    def biggest_saving(self) -> Alternative | None:
        return _biggest_saving(self.alternatives)

    @property
    def biggest_saving_within_design(self) -> Alternative | None:
        return _biggest_saving([alt for alt in self.alternatives if alt.within_design])


def _biggest_saving(alternatives: Sequence[Alternative]) -> Alternative | None:
    savings = [alt for alt in alternatives if alt.delta_monthly_usd < -0.005]
    return min(savings, key=lambda alt: alt.delta_monthly_usd) if savings else None


# ---------------------------------------------------------------- formatting helpers


def num(value: float, decimals: int = 6) -> str:
    """A number as a person writes it: 0.0243, 730, 131,400, 0.5."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def qty(value: float) -> str:
    return num(value, 4)


def usd(value: float) -> str:
    return f"{value:,.2f}"


def rate_usd(value: float) -> str:
    """Per-unit rates are often cents: keep four decimals below a dime, two above."""
    return f"{value:,.2f}" if value >= 0.1 or value == 0 else f"{value:.4f}"


def signed_usd(value: float) -> str:
    return f"{'+' if value >= 0 else '-'}{abs(value):,.2f}"


def refs(prices: PriceTable, *keys: str) -> str:
    return "; ".join(prices.ref(key) for key in keys)


def hours(prices: PriceTable) -> float:
    return prices.hours_per_month


# ---------------------------------------------------------------- fixed lines (pure)


def capacity_split(tasks: int, base: int, on_demand_weight: int, spot_weight: int) -> tuple[float, float]:
    """(on-demand, Spot) task counts of an ECS capacity provider strategy at `tasks` running tasks.

    `base` tasks go to FARGATE first; the rest split by weight. The split of an odd remainder is
    kept fractional (the expected share) rather than guessing which provider ECS picks.
    """
    base_tasks = min(base, tasks)
    rest = tasks - base_tasks
    total_weight = on_demand_weight + spot_weight
    if total_weight == 0:
        return float(tasks), 0.0
    return base_tasks + rest * on_demand_weight / total_weight, rest * spot_weight / total_weight


def load_balancer_lines(s: Scenario, p: PriceTable) -> list[Line]:
    h = hours(p)
    ip = p.price("vpc.public_ipv4_hour")
    azs = s.availability_zones
    if s.ingress in ("alb", "nlb"):
        kind = s.ingress.upper()
        key = f"elb.{s.ingress}_hour"
        return [
            Line(f"{kind} hours", p.price(key) * h, f"{num(p.price(key))} $/h × {num(h)} h", refs(p, key)),
            Line(f"{kind} public IPv4 (one per AZ)", azs * ip * h, f"{azs} IPv4 × {num(ip)} $/h × {num(h)} h",
                 refs(p, "vpc.public_ipv4_hour"), "more nodes, so more IPs, under heavy load"),
        ]
    if s.ingress == "http_api":
        link = p.price("apigw.vpc_link_hour")
        instance = p.price("cloudmap.instance_month")
        return [
            Line("API Gateway HTTP API VPC link", link * h, f"{num(link)} $/h × {num(h)} h", refs(p, "apigw.vpc_link_hour"),
                 "no hourly charge found for HTTP API VPC links (confidence C)"),
            Line("Cloud Map registered tasks", s.min_count * instance,
                 f"{s.min_count} task(s) × {num(instance)} $/instance-month", refs(p, "cloudmap.instance_month"),
                 "HTTP namespace, so no Route 53 hosted zone"),
        ]
    raise ValueError(f"unknown ingress {s.ingress!r}")


def fargate_price_keys(architecture: str) -> tuple[str, str]:
    arch = "arm" if architecture == "ARM64" else "x86"
    return f"fargate.{arch}_vcpu_hour", f"fargate.{arch}_gb_hour"


def fargate_task_hour_usd(s: Scenario, p: PriceTable) -> float:
    vcpu_key, gb_key = fargate_price_keys(s.architecture)
    return s.vcpu * p.price(vcpu_key) + s.memory_gb * p.price(gb_key)


def fargate_lines(s: Scenario, p: PriceTable) -> list[Line]:
    h = hours(p)
    vcpu_key, gb_key = fargate_price_keys(s.architecture)
    on_demand, spot = capacity_split(s.min_count, s.fargate_base, s.fargate_weight, s.fargate_spot_weight)
    size = f"({num(s.vcpu)} vCPU × {num(p.price(vcpu_key))} $/vCPU-h + {num(s.memory_gb)} GB × {num(p.price(gb_key))} $/GB-h)"
    label = f"{s.architecture} {num(s.vcpu)} vCPU / {num(s.memory_gb)} GB"
    per_task = fargate_task_hour_usd(s, p) * h
    lines = []
    if on_demand > 0:
        lines.append(Line(f"Fargate on-demand tasks ({label})", on_demand * per_task,
                          f"{qty(on_demand)} task(s) × {size} × {num(h)} h", refs(p, vcpu_key, gb_key),
                          f"app.min_count = {s.min_count}, fargate_base = {s.fargate_base}"))
    if spot > 0:
        factor = p.price("fargate.spot_factor")
        lines.append(Line(f"Fargate Spot tasks ({label})", spot * per_task * factor,
                          f"{qty(spot)} task(s) × {size} × {num(h)} h × {num(factor)} Spot factor",
                          refs(p, vcpu_key, gb_key, "fargate.spot_factor"),
                          "Spot discount floats; the factor is a best case (confidence C)"))
    return lines


def task_public_ip_lines(s: Scenario, p: PriceTable) -> list[Line]:
    if s.private_subnets:
        return []
    h, ip = hours(p), p.price("vpc.public_ipv4_hour")
    return [Line("Task public IPv4 (public subnets)", s.min_count * ip * h,
                 f"{s.min_count} task(s) × {num(ip)} $/h × {num(h)} h", refs(p, "vpc.public_ipv4_hour"))]


def nat_lines(s: Scenario, p: PriceTable) -> list[Line]:
    n = s.nat_count
    if n == 0:
        return []
    h = hours(p)
    nat, ip, gb = p.price("vpc.nat_gateway_hour"), p.price("vpc.public_ipv4_hour"), p.price("vpc.nat_gateway_gb")
    return [
        Line(f"NAT gateway hours ({s.nat_gateway})", n * nat * h, f"{n} NAT × {num(nat)} $/h × {num(h)} h",
             refs(p, "vpc.nat_gateway_hour")),
        Line("NAT gateway Elastic IPs", n * ip * h, f"{n} IPv4 × {num(ip)} $/h × {num(h)} h", refs(p, "vpc.public_ipv4_hour")),
        Line("NAT data processed (usage.nat_gb_per_month)", s.nat_gb_per_month * gb,
             f"{qty(s.nat_gb_per_month)} GB × {num(gb)} $/GB", refs(p, "vpc.nat_gateway_gb"),
             "image pulls, SQS, Logs and ECR API calls; S3 and DynamoDB use free gateway endpoints"),
    ]


def endpoint_lines(s: Scenario, p: PriceTable) -> list[Line]:
    if not s.interface_endpoints:
        return []
    h = hours(p)
    hourly, gb = p.price("vpc.interface_endpoint_hour"), p.price("vpc.interface_endpoint_gb")
    count, azs = len(s.interface_endpoints), s.availability_zones
    lines = [Line(f"Interface endpoints ({', '.join(s.interface_endpoints)})", count * azs * hourly * h,
                  f"{count} endpoint(s) × {azs} AZ × {num(hourly)} $/h × {num(h)} h", refs(p, "vpc.interface_endpoint_hour"))]
    if s.private_subnets and s.nat_count == 0:
        lines.append(Line("Interface endpoint data (usage.nat_gb_per_month)", s.nat_gb_per_month * gb,
                          f"{qty(s.nat_gb_per_month)} GB × {num(gb)} $/GB", refs(p, "vpc.interface_endpoint_gb")))
    return lines


def idle_receives_per_queue(wait_time_seconds: int, hours_per_month: float) -> float:
    """Empty ReceiveMessage calls a month on one idle queue (one pulling agent per queue cluster-wide)."""
    period = wait_time_seconds if wait_time_seconds > 0 else SHORT_POLL_PERIOD_S
    return hours_per_month * 3600 / period


def sqs_idle_lines(s: Scenario, p: PriceTable) -> list[Line]:
    h = hours(p)
    price = p.price("sqs.requests_million")
    per_queue = idle_receives_per_queue(s.receive_wait_time_seconds, h)
    total = s.stream_queue_count * per_queue
    period = f"{s.receive_wait_time_seconds} s" if s.receive_wait_time_seconds > 0 else f"{num(SHORT_POLL_PERIOD_S)} s (short polling)"
    formula = f"{s.stream_queue_count} queues × {num(h)} h × 3600 s / {period} = {num(round(total))} receives"
    keys = ["sqs.requests_million"]
    note = ("long polling" if s.receive_wait_time_seconds > 0
            else "streams.receive_wait_time_seconds = 0: the provider polls every 100 ms and every empty receive is billed")
    billable = total
    if s.free_tier:
        free = p.price("sqs.free_requests_month")
        billable = max(0.0, total - free)
        formula += f" − {num(free)} free = {num(round(billable))}"
        keys.append("sqs.free_requests_month")
        note += "; always-free 1 M requests a month counted (shared by the whole account)"
    formula += f" × {num(price)} $/M"
    return [Line(f"SQS idle polling ({s.stream_queue_count} queues, W = {s.receive_wait_time_seconds} s)",
                 billable / 1e6 * price, formula, refs(p, *keys), note)]


def orleans_idle_requests_per_silo(hours_per_month: float) -> tuple[float, float]:
    """(read units, write units) an idle silo spends on the Orleans DynamoDB tables in a month."""
    seconds = hours_per_month * 3600
    reads = seconds / MEMBERSHIP_READ_PERIOD_S + seconds / REMINDER_REFRESH_PERIOD_S
    writes = seconds / I_AM_ALIVE_PERIOD_S
    return reads, writes


def orleans_table_idle_lines(s: Scenario, p: PriceTable) -> list[Line]:
    if s.backend != "dynamodb":
        return []  # membership and reminders live in PostgreSQL: no per-request charge
    reads, writes = orleans_idle_requests_per_silo(hours(p))
    rru, wru = p.price("dynamodb.read_request_units_million"), p.price("dynamodb.write_request_units_million")
    per_silo = reads / 1e6 * rru + writes / 1e6 * wru
    return [Line(f"Orleans tables idle traffic ({s.min_count} silo(s))", s.min_count * per_silo,
                 f"{s.min_count} silo(s) × ({num(reads)} RRU × {num(rru)} $/M + {num(writes)} WRU × {num(wru)} $/M)",
                 refs(p, "dynamodb.read_request_units_million", "dynamodb.write_request_units_million"),
                 f"membership read every {MEMBERSHIP_READ_PERIOD_S} s, reminder range every {REMINDER_REFRESH_PERIOD_S} s, "
                 f"I-am-alive write every {I_AM_ALIVE_PERIOD_S} s; 1 unit each")]


def dynamodb_storage_lines(s: Scenario, p: PriceTable) -> list[Line]:
    price = p.price("dynamodb.storage_gb_month")
    keys = ["dynamodb.storage_gb_month"]
    billable, formula, note = s.table_gb, f"{qty(s.table_gb)} GB", "usage.table_gb: event store + Orleans tables"
    if s.free_tier:
        free = p.price("dynamodb.free_storage_gb")
        billable = max(0.0, s.table_gb - free)
        formula = f"({qty(s.table_gb)} GB − {num(free)} GB free = {qty(billable)} GB)"
        keys.append("dynamodb.free_storage_gb")
        note += "; always-free 25 GB per account and region counted"
    lines = [Line("DynamoDB storage", billable * price, f"{formula} × {num(price)} $/GB-month", refs(p, *keys), note)]
    if s.point_in_time_recovery:
        pitr = p.price("dynamodb.pitr_gb_month")
        lines.append(Line("DynamoDB point-in-time recovery", s.table_gb * pitr, f"{qty(s.table_gb)} GB × {num(pitr)} $/GB-month",
                          refs(p, "dynamodb.pitr_gb_month")))
    return lines


def s3_lines(s: Scenario, p: PriceTable) -> list[Line]:
    price = p.price("s3.storage_gb_month")
    return [Line("S3 snapshot storage", s.snapshot_gb * price, f"{qty(s.snapshot_gb)} GB × {num(price)} $/GB-month",
                 refs(p, "s3.storage_gb_month"), "usage.snapshot_gb; noncurrent versions count too")]


def stored_log_gb(gb_per_month: float, retention_days: int, hours_per_month: float) -> float:
    """Steady-state GB held in CloudWatch Logs: a month's ingestion times the retention in months.

    Archived logs are billed compressed, so counting raw GB overstates storage: a safe side.
    """
    return gb_per_month * retention_days / (hours_per_month / 24)


def log_lines(s: Scenario, p: PriceTable) -> list[Line]:
    h = hours(p)
    ingest, store = p.price("logs.ingestion_gb"), p.price("logs.storage_gb_month")
    stored = stored_log_gb(s.log_gb_per_month, s.log_retention_days, h)
    free_left = p.price("logs.free_gb_month") if s.free_tier else 0.0
    billable_ingest = max(0.0, s.log_gb_per_month - free_left)
    free_left -= s.log_gb_per_month - billable_ingest
    billable_stored = max(0.0, stored - free_left)
    ingest_formula = f"{qty(s.log_gb_per_month)} GB"
    stored_formula = f"{qty(s.log_gb_per_month)} GB/month × {s.log_retention_days} d / {num(h / 24, 4)} d = {qty(stored)} GB"
    keys_ingest, keys_store, note = ["logs.ingestion_gb"], ["logs.storage_gb_month"], "usage.log_gb_per_month"
    if s.free_tier:
        ingest_formula += f" − free = {qty(billable_ingest)} GB"
        stored_formula += f" − free = {qty(billable_stored)} GB"
        keys_ingest.append("logs.free_gb_month")
        keys_store.append("logs.free_gb_month")
        note += "; always-free 5 GB a month counted (ingestion first)"
    return [
        Line("CloudWatch Logs ingestion", billable_ingest * ingest, f"{ingest_formula} × {num(ingest)} $/GB", refs(p, *keys_ingest), note),
        Line(f"CloudWatch Logs storage ({s.log_retention_days} d retention)", billable_stored * store,
             f"{stored_formula} × {num(store)} $/GB-month", refs(p, *keys_store), "raw size; billed compressed, so this is high"),
    ]


def flow_log_lines(s: Scenario, p: PriceTable) -> list[Line]:
    if not s.flow_logs:
        return []
    ingest = p.price("logs.ingestion_gb")
    note = ("assumed volume: the schema has no usage.flow_logs_gb_per_month yet" if s.flow_logs_gb_assumed
            else "usage.flow_logs_gb_per_month")
    return [Line("VPC flow logs ingestion", s.flow_logs_gb_per_month * ingest,
                 f"{qty(s.flow_logs_gb_per_month)} GB × {num(ingest)} $/GB", refs(p, "logs.ingestion_gb"), note)]


def monitoring_lines(s: Scenario, p: PriceTable) -> list[Line]:
    """Container Insights and alarms, only when the configuration has them."""
    lines = []
    if s.container_insights:
        price = p.price("cloudwatch.metric_month")
        free = p.price("cloudwatch.free_metrics") if s.free_tier else 0
        billable = max(0, CONTAINER_INSIGHTS_METRICS - free)
        lines.append(Line("Container Insights metrics", billable * price,
                          f"{billable} metrics × {num(price)} $/metric-month", refs(p, "cloudwatch.metric_month"),
                          f"assumes {CONTAINER_INSIGHTS_METRICS} custom metrics for one cluster and service; count before enabling"))
    if s.alarm_count:
        price = p.price("cloudwatch.alarm_month")
        free = int(p.price("cloudwatch.free_alarms")) if s.free_tier else 0
        billable = max(0, s.alarm_count - free)
        lines.append(Line("CloudWatch alarms", billable * price, f"{billable} alarm(s) × {num(price)} $/alarm-month",
                          refs(p, "cloudwatch.alarm_month")))
    return lines


def ecr_lines(s: Scenario, p: PriceTable) -> list[Line]:
    price = p.price("ecr.storage_gb_month")
    return [Line("ECR image storage", s.image_gb * price, f"{qty(s.image_gb)} GB × {num(price)} $/GB-month",
                 refs(p, "ecr.storage_gb_month"), "usage.image_gb; a lifecycle policy keeps it small")]


def rds_instance_key(instance_class: str, multi_az: bool) -> str:
    return f"rds.postgres.{instance_class}.{'multi_az' if multi_az else 'single_az'}"


def rds_lines(s: Scenario, p: PriceTable) -> list[Line]:
    if s.backend != "rds":
        return []
    h = hours(p)
    instance_key = rds_instance_key(s.rds_instance_class, s.rds_multi_az)
    storage_key = f"rds.gp3_gb_month.{'multi_az' if s.rds_multi_az else 'single_az'}"
    deployment = "Multi-AZ" if s.rds_multi_az else "Single-AZ"
    instance, storage, secret = p.price(instance_key), p.price(storage_key), p.price("secretsmanager.secret_month")
    return [
        Line(f"RDS PostgreSQL {s.rds_instance_class} {deployment}", instance * h, f"{num(instance)} $/h × {num(h)} h",
             refs(p, instance_key)),
        Line(f"RDS gp3 storage ({deployment})", s.rds_storage_gb * storage, f"{qty(s.rds_storage_gb)} GB × {num(storage)} $/GB-month",
             refs(p, storage_key), "backups free up to the provisioned size"),
        Line("Secrets Manager secret (RDS master password)", secret, f"1 secret × {num(secret)} $/secret-month",
             refs(p, "secretsmanager.secret_month")),
    ]


LINE_BUILDERS = (
    load_balancer_lines, fargate_lines, task_public_ip_lines, nat_lines, endpoint_lines, sqs_idle_lines,
    orleans_table_idle_lines, rds_lines, dynamodb_storage_lines, s3_lines, log_lines, flow_log_lines,
    monitoring_lines, ecr_lines,
)


def estimate(s: Scenario, p: PriceTable) -> Estimate:
    return Estimate(s, tuple(line for build in LINE_BUILDERS for line in build(s, p)))


# ---------------------------------------------------------------- variable rates (pure)


def lb_capacity_units_per_million(ingress: str, kb_per_request: float = HTTP_KB_PER_REQUEST) -> float:
    """LCU-hours (ALB) or NLCU-hours (NLB) that one million evenly spread requests consume.

    A capacity unit is billed on its largest dimension. With one new connection per request
    (clients without keep-alive, the expensive case) and kb_per_request through the balancer:
    ALB 25 new connections/s or 1 GB/h per LCU; NLB (TCP) 800 new connections/s or 1 GB/h per NLCU.
    """
    new_connections_per_unit_second = {"alb": 25, "nlb": 800}[ingress]
    by_connections = 1e6 / (new_connections_per_unit_second * 3600)
    by_bytes = 1e6 * kb_per_request / 1e6  # GB processed, 1 GB per unit-hour
    return max(by_connections, by_bytes)


def http_request_rate(ingress: str, p: PriceTable) -> Rate:
    if ingress == "http_api":
        price = p.price("apigw.http_requests_million")
        return Rate("1M HTTP requests (API Gateway HTTP API)", price, f"1 M × {num(price)} $/M",
                    refs(p, "apigw.http_requests_million"), "requests up to 512 KB; Cloud Map discovery calls not counted")
    units = lb_capacity_units_per_million(ingress)
    key = "elb.alb_lcu_hour" if ingress == "alb" else "elb.nlb_nlcu_hour"
    price = p.price(key)
    unit_name = "LCU" if ingress == "alb" else "NLCU"
    return Rate(f"1M HTTP requests ({ingress.upper()} {unit_name})", units * price,
                f"{qty(units)} {unit_name}-h × {num(price)} $/{unit_name}-h", refs(p, key),
                f"one new connection and {HTTP_KB_PER_REQUEST} KB per request, spread evenly over the month")


def stream_message_rate(p: PriceTable, message_kb: float = STREAM_MESSAGE_KB) -> Rate:
    price = p.price("sqs.requests_million")
    chunks = max(1, math.ceil(message_kb / SQS_CHUNK_KB))
    requests = SQS_REQUESTS_PER_MESSAGE * chunks
    return Rate("1M stream messages (SQS)", requests * price, f"{requests} requests/message × {num(price)} $/M",
                refs(p, "sqs.requests_million"),
                f"send + receive + delete, unbatched, {num(message_kb)} KB messages ({chunks} × {SQS_CHUNK_KB} KB chunk)")


def event_append_wru() -> int:
    return EVENT_ITEMS_PER_APPEND * math.ceil(EVENT_ITEM_KB) * TRANSACTIONAL_FACTOR


def event_append_rate(p: PriceTable) -> Rate:
    wru, price = event_append_wru(), p.price("dynamodb.write_request_units_million")
    return Rate("1M event appends (DynamoDB event store)", wru * price, f"{wru} WRU/append × {num(price)} $/M",
                refs(p, "dynamodb.write_request_units_million"),
                f"{EVENT_ITEMS_PER_APPEND} items (1 event + 1 tag) of ≤ {EVENT_ITEM_KB} KB in one transaction (× {TRANSACTIONAL_FACTOR})")


def orleans_request_usd_per_million(p: PriceTable) -> float:
    return (ORLEANS_READ_SHARE * p.price("dynamodb.read_request_units_million")
            + (1 - ORLEANS_READ_SHARE) * p.price("dynamodb.write_request_units_million"))


ORLEANS_MIX = (f"{ORLEANS_READ_SHARE:.0%} reads (strongly consistent, ≤ 4 KB = 1 RRU), "
               f"{1 - ORLEANS_READ_SHARE:.0%} writes (≤ 1 KB = 1 WRU)")


def orleans_request_rate(s: Scenario, p: PriceTable) -> Rate:
    if s.backend == "rds":
        return Rate("1M Orleans storage requests (PostgreSQL)", 0.0, "included in the instance price",
                    refs(p, rds_instance_key(s.rds_instance_class, s.rds_multi_az)), "until the instance runs out of capacity")
    rru, wru = p.price("dynamodb.read_request_units_million"), p.price("dynamodb.write_request_units_million")
    return Rate("1M Orleans storage requests (DynamoDB)", orleans_request_usd_per_million(p),
                f"{num(ORLEANS_READ_SHARE)} × {num(rru)} $/M + {num(1 - ORLEANS_READ_SHARE)} × {num(wru)} $/M",
                refs(p, "dynamodb.read_request_units_million", "dynamodb.write_request_units_million"), ORLEANS_MIX)


def storage_rates(s: Scenario, p: PriceTable) -> list[Rate]:
    h = hours(p)
    ddb = p.price("dynamodb.storage_gb_month")
    ddb_keys = ["dynamodb.storage_gb_month"]
    ddb_formula = f"{num(ddb)} $/GB-month"
    if s.point_in_time_recovery:
        pitr = p.price("dynamodb.pitr_gb_month")
        ddb += pitr
        ddb_keys.append("dynamodb.pitr_gb_month")
        ddb_formula += f" + {num(pitr)} $/GB-month PITR"
    s3 = p.price("s3.storage_gb_month")
    ingest, store = p.price("logs.ingestion_gb"), p.price("logs.storage_gb_month")
    months_kept = stored_log_gb(1, s.log_retention_days, h)
    rates = [
        Rate("GB-month stored in DynamoDB", ddb, ddb_formula, refs(p, *ddb_keys)),
        Rate("GB-month stored in S3 (snapshots)", s3, f"{num(s3)} $/GB-month", refs(p, "s3.storage_gb_month")),
        Rate("GB of logs a month (ingestion + retention)", ingest + months_kept * store,
             f"{num(ingest)} $/GB + {qty(months_kept)} GB-month kept × {num(store)} $/GB-month",
             refs(p, "logs.ingestion_gb", "logs.storage_gb_month"), f"{s.log_retention_days} d retention, steady state"),
    ]
    if s.nat_count:
        nat = p.price("vpc.nat_gateway_gb")
        rates.append(Rate("GB through the NAT gateway", nat, f"{num(nat)} $/GB", refs(p, "vpc.nat_gateway_gb")))
    return rates


def variable_rates(s: Scenario, p: PriceTable) -> list[Rate]:
    return [http_request_rate(s.ingress, p), stream_message_rate(p), event_append_rate(p), orleans_request_rate(s, p),
            *storage_rates(s, p)]


# ---------------------------------------------------------------- alternatives (pure)


def with_backend(s: Scenario, backend: str) -> Scenario:
    """The scenario on another Orleans backend; tasks without NAT then also need a Secrets Manager endpoint."""
    endpoints = s.interface_endpoints
    if backend == "rds" and s.private_subnets and s.nat_count == 0 and "secretsmanager" not in endpoints:
        endpoints = (*endpoints, "secretsmanager")
    if backend == "dynamodb":
        endpoints = tuple(e for e in endpoints if e != "secretsmanager") if s.backend == "rds" else endpoints
    return replace(s, backend=backend, interface_endpoints=endpoints)


def network_variants(s: Scenario) -> list[tuple[str, Scenario, tuple[str, ...]]]:
    endpoints = PRIVATE_ENDPOINTS + (("secretsmanager",) if s.backend == "rds" else ())
    variants = [
        ("Public subnets, task public IPv4s (no NAT, no endpoints)",
         replace(s, private_subnets=False, nat_gateway="none", interface_endpoints=()),
         ("tasks are reachable only through their security group: allow the ALB's group only",)),
        ("Private subnets + 1 NAT gateway",
         replace(s, private_subnets=True, nat_gateway="single", interface_endpoints=()),
         ("egress depends on one AZ's NAT gateway",)),
        ("Private subnets + a NAT gateway per AZ",
         replace(s, private_subnets=True, nat_gateway="per_az", interface_endpoints=()),
         ("no single AZ in the egress path",)),
        (f"Private subnets + interface endpoints ({', '.join(endpoints)}) in every AZ",
         replace(s, private_subnets=True, nat_gateway="none", interface_endpoints=endpoints),
         ("no internet egress at all; S3 and DynamoDB through free gateway endpoints",)),
    ]
    current = (s.private_subnets, s.nat_gateway, tuple(sorted(s.interface_endpoints)))
    return [(name, alt, notes) for name, alt, notes in variants
            if (alt.private_subnets, alt.nat_gateway, tuple(sorted(alt.interface_endpoints))) != current]


def _alternative(name: str, alt: Scenario, base_fixed: float, p: PriceTable, notes: Sequence[str] = (), **extra: Any) -> Alternative:
    fixed = estimate(alt, p).fixed_monthly_usd
    return Alternative(name, fixed - base_fixed, fixed, tuple(notes), **extra)


def architecture_alternative(s: Scenario, p: PriceTable, base_fixed: float) -> Alternative:
    if s.architecture == "ARM64":
        alt = _alternative("X86_64 tasks instead of ARM64", replace(s, architecture="X86_64"), base_fixed, p)
        return replace(alt, notes=(f"shows what ARM64 saves now: {usd(alt.delta_monthly_usd)} $/month",))
    return _alternative("ARM64 (Graviton) tasks instead of X86_64", replace(s, architecture="ARM64"), base_fixed, p,
                        ("needs a linux/arm64 image (multi-arch build); .NET publishes linux-arm64",))


def spot_alternative(s: Scenario, p: PriceTable, base_fixed: float) -> Alternative:
    prod_note = ("not for prod: Spot tasks can be stopped with 2 minutes' notice",) if s.tier == "prod" else (
        "Spot tasks can be stopped with 2 minutes' notice; Orleans moves their grains",)
    factor_note = (f"Spot factor {num(p.price('fargate.spot_factor'))} is a best case (confidence C)",)
    if s.fargate_spot_weight == 0:
        base = 1 if s.min_count > 1 else 0  # with a single task, base 1 would leave nothing for Spot
        alt = replace(s, fargate_base=base, fargate_weight=1, fargate_spot_weight=1)
        return _alternative(f"Fargate Spot for part of the tasks (base {base} on-demand, then 1:1)", alt, base_fixed, p,
                            prod_note + factor_note)
    alt = replace(s, fargate_base=s.min_count, fargate_weight=1, fargate_spot_weight=0)
    result = _alternative("All tasks on-demand (no Fargate Spot)", alt, base_fixed, p, factor_note)
    return replace(result, notes=(f"shows what Spot saves now: {usd(result.delta_monthly_usd)} $/month",) + factor_note)


OUTSIDE_DESIGN = "outside the current design: the stack deploys an ALB"


def ingress_alternatives(s: Scenario, p: PriceTable, base_fixed: float) -> list[Alternative]:
    alts: list[Alternative] = []
    base_rate = http_request_rate(s.ingress, p).usd
    if s.ingress != "nlb":
        alts.append(_alternative("NLB instead of the ALB", replace(s, ingress="nlb"), base_fixed, p,
                                 ("gives up HTTP routing (host/path rules, redirects) and per-path health checks at the "
                                  "load balancer; TCP/TLS only", OUTSIDE_DESIGN), within_design=False))
    if s.ingress != "http_api":
        alt = _alternative("API Gateway HTTP API + VPC link + Cloud Map instead of the ALB", replace(s, ingress="http_api"),
                           base_fixed, p,
                           ("gives up: 30 s integration timeout, 10 MB payloads, no WebSockets",
                            "Cloud Map discovery calls per request are not confirmed and not counted", OUTSIDE_DESIGN),
                           within_design=False)
        extra = http_request_rate("http_api", p).usd - base_rate
        if alt.delta_monthly_usd < 0 and extra > 0:
            millions = -alt.delta_monthly_usd / extra
            alt = replace(alt, break_even_per_month=millions * 1e6,
                          break_even=f"the ALB is cheaper above {millions:,.1f} M requests/month "
                                     f"({usd(-alt.delta_monthly_usd)} $ saved / {num(extra, 4)} $ more per 1M requests)")
        alts.append(alt)
    return alts


def backend_alternative(s: Scenario, p: PriceTable, base_fixed: float) -> Alternative:
    other = "rds" if s.backend == "dynamodb" else "dynamodb"
    deployment = "Multi-AZ" if s.rds_multi_az else "Single-AZ"
    rds_name = f"RDS PostgreSQL {s.rds_instance_class} {deployment}, {num(s.rds_storage_gb)} GB gp3"
    name = (f"{rds_name} for Orleans state instead of DynamoDB" if other == "rds"
            else f"DynamoDB on-demand for Orleans state instead of {rds_name}")
    alt = _alternative(name, with_backend(s, other), base_fixed, p,
                       ("the DCB event store stays on DynamoDB either way",))
    rds_extra = alt.delta_monthly_usd if other == "rds" else -alt.delta_monthly_usd  # fixed RDS premium
    per_million = orleans_request_usd_per_million(p)
    if rds_extra > 0:
        millions = rds_extra / per_million
        sentence = (f"RDS becomes cheaper above {millions:,.1f} M Orleans storage requests/month "
                    f"(≈ {num(millions * 1e6 / (hours(p) * 3600), 1)} req/s; {usd(rds_extra)} $ / {num(per_million, 5)} $ per 1M, "
                    f"{ORLEANS_MIX})")
        alt = replace(alt, break_even=sentence, break_even_per_month=millions * 1e6)
    return alt


def polling_alternative(s: Scenario, p: PriceTable, base_fixed: float) -> list[Alternative]:
    if s.receive_wait_time_seconds >= 20:
        return []
    return [_alternative("Long polling (streams.receive_wait_time_seconds = 20 and SqsOptions.ReceiveWaitTimeSeconds = 20)",
                         replace(s, receive_wait_time_seconds=20), base_fixed, p,
                         ("set both, or Orleans' own short polling keeps billing empty receives",))]


def alternatives(s: Scenario, p: PriceTable) -> list[Alternative]:
    base_fixed = estimate(s, p).fixed_monthly_usd
    alts = [architecture_alternative(s, p, base_fixed), spot_alternative(s, p, base_fixed)]
    alts += [_alternative(name, alt, base_fixed, p, notes) for name, alt, notes in network_variants(s)]
    alts += ingress_alternatives(s, p, base_fixed)
    alts.append(backend_alternative(s, p, base_fixed))
    alts += polling_alternative(s, p, base_fixed)
    return alts


def backends(s: Scenario, p: PriceTable) -> dict[str, Any]:
    fixed = {name: estimate(with_backend(s, name), p).fixed_monthly_usd for name in ("dynamodb", "rds")}
    rds_extra = fixed["rds"] - fixed["dynamodb"]
    per_million = orleans_request_usd_per_million(p)
    return {
        "current": s.backend,
        "dynamodb": {"fixed_monthly_usd": round(fixed["dynamodb"], 2), "variable_usd_per_million_requests": round(per_million, 5)},
        "rds": {"fixed_monthly_usd": round(fixed["rds"], 2), "instance_class": s.rds_instance_class,
                "multi_az": s.rds_multi_az, "allocated_storage_gb": s.rds_storage_gb},
        "break_even_orleans_requests_per_month": round(rds_extra / per_million * 1e6) if rds_extra > 0 else None,
        "mix_assumption": ORLEANS_MIX,
    }


def build_report(s: Scenario, p: PriceTable) -> Report:
    if p.region != s.region:
        raise PriceError(f"price table {p.path} is for {p.region}, but environment {s.name} is in {s.region}")
    return Report(s, p, estimate(s, p), tuple(variable_rates(s, p)), backends(s, p), tuple(alternatives(s, p)))


def report_for(env: config.Environment, prices_dir: Path | None = None) -> Report:
    s = Scenario.from_data(env.data)
    return build_report(s, load_table(s.region, prices_dir))


# ---------------------------------------------------------------- rendering


def change_sentence(fixed: float, baseline_fixed: float) -> str:
    delta = fixed - baseline_fixed
    if abs(delta) < 0.005:
        return f"This change does not change the fixed cost (${usd(fixed)}/month)."
    verb = "raises" if delta > 0 else "lowers"
    return f"This change {verb} the fixed cost by ${usd(abs(delta))}/month (from ${usd(baseline_fixed)} to ${usd(fixed)})."


def _saving_json(alt: Alternative | None) -> dict[str, Any] | None:
    return {"name": alt.name, "delta_monthly_usd": round(alt.delta_monthly_usd, 2)} if alt else None


def to_json(report: Report, baseline: Report | None = None) -> dict[str, Any]:
    s, p = report.scenario, report.prices
    doc: dict[str, Any] = {
        "environment": s.name,
        "region": s.region,
        "tier": s.tier,
        "target": s.target,
        "currency": "USD",
        "hours_per_month": int(hours(p)) if hours(p).is_integer() else hours(p),
        "price_table": {"file": str(p.path.name), "version": p.version},
        "free_tier_counted": s.free_tier,
        "fixed_monthly_usd": round(report.fixed_monthly_usd, 2),
        "lines": [dict(dataclasses.asdict(line), monthly_usd=round(line.monthly_usd, 4)) for line in report.estimate.lines],
        "variable": [dict(dataclasses.asdict(rate), usd=round(rate.usd, 5)) for rate in report.variable],
        "backends": report.backends,
        "alternatives": [
            {"name": alt.name, "delta_monthly_usd": round(alt.delta_monthly_usd, 2),
             "fixed_monthly_usd": round(alt.fixed_monthly_usd, 2), "notes": list(alt.notes),
             "break_even": alt.break_even or None,
             "break_even_per_month": round(alt.break_even_per_month) if alt.break_even_per_month is not None else None,
             "within_design": alt.within_design}
            for alt in report.alternatives
        ],
        "biggest_saving": _saving_json(report.biggest_saving),
        "biggest_saving_within_design": _saving_json(report.biggest_saving_within_design),
    }
    if baseline:
        doc["baseline"] = {
            "environment": baseline.scenario.name,
            "fixed_monthly_usd": round(baseline.fixed_monthly_usd, 2),
            "delta_monthly_usd": round(report.fixed_monthly_usd - baseline.fixed_monthly_usd, 2),
            "sentence": change_sentence(report.fixed_monthly_usd, baseline.fixed_monthly_usd),
        }
    return doc


def bar(share: float, width: int = BAR_WIDTH) -> str:
    cells = round(share * width)
    return "█" * cells if cells else ("▏" if share > 0 else "")


def render_terminal(report: Report, baseline: Report | None = None) -> str:
    s, p = report.scenario, report.prices
    total = report.fixed_monthly_usd
    out = [f"Monthly cost estimate: {s.name} ({s.region}, tier {s.tier}) at {num(hours(p))} h/month, USD",
           f"Prices: prices/{p.path.name} version {p.version}; always-free allowances "
           f"{'counted' if s.free_tier else 'not counted (usage.free_tier = false)'}"]
    if s.target == "emulator":
        out.append("target = emulator: this is what the configuration would cost on AWS; the emulator itself costs nothing")
    name_width = max(len(line.name) for line in report.estimate.lines)
    out += ["", "FIXED: what runs when nobody uses the system"]
    for line in sorted(report.estimate.lines, key=lambda line: -line.monthly_usd):
        share = line.monthly_usd / total if total else 0.0
        out.append(f"  {line.name:<{name_width}}  {usd(line.monthly_usd):>9}  {share:6.1%}  {bar(share)}")
        out.append(f"      = {line.formula}")
        out.append(f"        source: {line.price_source}" + (f"; note: {line.note}" if line.note else ""))
    out.append(f"  {'Fixed total':<{name_width}}  {usd(total):>9}")
    if baseline:
        out.append(f"  {change_sentence(total, baseline.fixed_monthly_usd)} Baseline: {baseline.scenario.name}.")
    out += ["", "VARIABLE: cost per unit of use, on top of the fixed part"]
    unit_width = max(len(rate.unit) for rate in report.variable)
    for rate in report.variable:
        out.append(f"  {rate_usd(rate.usd):>8} $  per {rate.unit:<{unit_width}}  = {rate.formula}"
                   + (f"  ({rate.assumption})" if rate.assumption else ""))
    b = report.backends
    out += ["", "ORLEANS STATE BACKEND: fixed cost of this environment with each"]
    for name in ("dynamodb", "rds"):
        current = "  (current)" if b["current"] == name else ""
        out.append(f"  {name:<9} {usd(b[name]['fixed_monthly_usd']):>9}{current}")
    if b["break_even_orleans_requests_per_month"]:
        out.append(f"  RDS is cheaper above {b['break_even_orleans_requests_per_month'] / 1e6:,.1f} M Orleans storage "
                   f"requests/month ({b['mix_assumption']})")
    out += ["", "ALTERNATIVES: the whole estimate recomputed with one change (delta on the fixed cost, $/month)"]
    for alt in sorted(report.alternatives, key=lambda alt: alt.delta_monthly_usd):
        out.append(f"  {signed_usd(alt.delta_monthly_usd):>9}  {alt.name}  -> {usd(alt.fixed_monthly_usd)}")
        for note in alt.notes + ((alt.break_even,) if alt.break_even else ()):
            out.append(f"  {'':>9}    - {note}")
    out.append("")
    out.append(saving_sentence("Biggest saving", report.biggest_saving))
    if report.biggest_saving_within_design is not report.biggest_saving:
        out.append(saving_sentence("Biggest saving that keeps the design", report.biggest_saving_within_design))
    return "\n".join(out) + "\n"


def saving_sentence(label: str, alt: Alternative | None) -> str:
    if alt is None:
        return f"{label}: none of the modelled alternatives lowers the fixed cost."
    return f"{label}: {alt.name} ({signed_usd(alt.delta_monthly_usd)} $/month)."


def render_markdown(report: Report, baseline: Report | None = None, top: int = 5) -> str:
    s, p = report.scenario, report.prices
    total = report.fixed_monthly_usd
    lines = sorted(report.estimate.lines, key=lambda line: -line.monthly_usd)
    out = [f"### Cost estimate: `{s.name}` ({s.region})", ""]
    headline = f"**Fixed: ${usd(total)}/month** at {num(hours(p))} h, before traffic."
    if baseline:
        headline += " " + change_sentence(total, baseline.fixed_monthly_usd)
    if s.target == "emulator":
        headline += " _(target = emulator: what this configuration would cost on AWS.)_"
    out += [headline, "", "| Top fixed lines | $/month | share |", "|---|---:|---:|"]
    for line in lines[:top]:
        out.append(f"| {line.name} | {usd(line.monthly_usd)} | {line.monthly_usd / total:.0%} |" if total else
                   f"| {line.name} | {usd(line.monthly_usd)} | |")
    rest = lines[top:]
    if rest:
        rest_total = sum(line.monthly_usd for line in rest)
        out.append(f"| {len(rest)} more lines | {usd(rest_total)} | {rest_total / total:.0%} |")
    rates = {rate.unit: rate for rate in report.variable}
    variable = " · ".join(f"${rate_usd(rate.usd)} per {rate.unit}" for rate in list(rates.values())[:4])
    b = report.backends
    out += ["", f"Variable: {variable}.",
            f"Orleans state: DynamoDB ${usd(b['dynamodb']['fixed_monthly_usd'])} · RDS PostgreSQL "
            f"${usd(b['rds']['fixed_monthly_usd'])} per month fixed (current: {b['current']})."]
    out.append(saving_sentence("Biggest saving", report.biggest_saving))
    if report.biggest_saving_within_design is not report.biggest_saving:
        out.append(saving_sentence("Biggest saving that keeps the design", report.biggest_saving_within_design))
    out += ["", f"<sub>Prices: `prices/{p.path.name}` version {p.version}. "
                f"`python -m orchestrator cost {s.name}` shows every formula and source.</sub>"]
    return "\n".join(out) + "\n"


def markdown_section(env: config.Environment, baseline: config.Environment | None = None,
                     prices_dir: Path | None = None) -> str:
    """A compact Markdown section for a PR comment; `baseline` is the same environment on the base branch."""
    report = report_for(env, prices_dir)
    base = report_for(baseline, prices_dir) if baseline else None
    return render_markdown(report, base)


# ---------------------------------------------------------------- CLI edge


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("env", metavar="ENV", help="environment name (envs/NAME.json) or path to a JSON file")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the estimate as JSON")
    fmt.add_argument("--markdown", action="store_true", help="print a compact Markdown section (for a PR comment)")
    parser.add_argument("--baseline", metavar="ENV_OR_PATH",
                        help="the same environment before the change (e.g. the base branch's file): report the difference")
    parser.add_argument("--prices-dir", type=Path, default=None, help="directory of the price files (default: prices/)")


def run(args: argparse.Namespace) -> int:
    prices_dir = getattr(args, "prices_dir", None)
    try:
        report = report_for(config.load(args.env), prices_dir)
        baseline = report_for(config.load(args.baseline), prices_dir) if getattr(args, "baseline", None) else None
    except (config.ConfigError, PriceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if getattr(args, "json", False):
        print(json.dumps(to_json(report, baseline), indent=2, ensure_ascii=False))
    elif getattr(args, "markdown", False):
        print(render_markdown(report, baseline), end="")
    else:
        print(render_terminal(report, baseline), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestrator.cost", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
