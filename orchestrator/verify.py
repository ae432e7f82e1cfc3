"""Live verification: read the deployed resources with boto3 and check the design's invariants.

The expectations come from the environment's config (what the design says),
never from Terraform's outputs (what was built); outputs only say where to look.
Each check is a pure function over API answers that returns violations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

from botocore.exceptions import ClientError

INTERNET = "0.0.0.0/0"
FORBIDDEN_ACTIONS = {
    "dynamodb:createtable",
    "dynamodb:updatetable",
    "dynamodb:deletetable",
    "sqs:createqueue",
    "sqs:deletequeue",
}

# Key schemas the official Orleans DynamoDB packages and the DCB store expect:
# table key -> (hash, range, {index: (hash, range)}), attribute types included.
TABLE_SHAPES: dict[str, tuple[tuple[str, str], tuple[str, str], dict[str, tuple[tuple[str, str], tuple[str, str]]]]] = {
    "clustering": (("DeploymentId", "S"), ("SiloIdentity", "S"), {}),
    "grain_state": (("GrainReference", "S"), ("GrainType", "S"), {}),
    "reminders": (
        ("ReminderId", "S"),
        ("GrainHash", "N"),
        {
            "ServiceIdIndex": (("ServiceId", "S"), ("GrainHash", "N")),
            "ServiceIdGrainReferenceIndex": (("ServiceId", "S"), ("GrainReference", "S")),
        },
    ),
    "dcb_events": (("pk", "S"), ("sk", "S"), {"GSI1": (("gsi1pk", "S"), ("sortableUniqueId", "S"))}),
    "dcb_tags": (("pk", "S"), ("sk", "S"), {"GSI1": (("tagGroup", "S"), ("tagString", "S"))}),
    "dcb_projection_states": (("pk", "S"), ("sk", "S"), {}),
}
ORLEANS_TABLES = ("clustering", "grain_state", "reminders")


@dataclass(frozen=True)
class Violation:
    invariant: str
    resource: str
    found: str

    def line(self) -> str:
        return f"  - {self.invariant}: {self.resource}: found {self.found}"


class VerificationError(Exception):
    def __init__(self, label: str, violations: list[Violation]):
        self.violations = violations
        super().__init__(
            f"live verification of {label} failed ({len(violations)} invariant(s) broken):\n"
            + "\n".join(v.line() for v in violations)
        )


# --- pure checks ---------------------------------------------------------------------


def _rule_sources(perm: dict[str, Any]) -> list[str]:
    sources = [r["CidrIp"] for r in perm.get("IpRanges", [])]
    sources += [r["CidrIpv6"] for r in perm.get("Ipv6Ranges", [])]
    sources += [g["GroupId"] for g in perm.get("UserIdGroupPairs", [])]
    sources += [p["PrefixListId"] for p in perm.get("PrefixListIds", [])]
    return sources


def _ports(perm: dict[str, Any]) -> tuple[int, int]:
    if perm.get("IpProtocol") == "-1":
        return (0, 65535)
    return (perm.get("FromPort", 0), perm.get("ToPort", 65535))


def check_security_groups(
    groups: list[dict[str, Any]], alb_sg: str, app_sg: str, listener_ports: set[int], http_port: int, cluster_ports: set[int]
) -> list[Violation]:
    """Only the listener is open to the internet; the app port only from the ALB; silo/gateway only from the app."""
    out: list[Violation] = []
    allowed = {
        alb_sg: {(p, p, INTERNET) for p in listener_ports} | {(p, p, "::/0") for p in listener_ports},
        app_sg: {(http_port, http_port, alb_sg)} | {(p, p, app_sg) for p in cluster_ports},
    }
    for group in groups:
        gid = group["GroupId"]
        for perm in group.get("IpPermissions", []):
            low, high = _ports(perm)
            for source in _rule_sources(perm):
                if gid in allowed:
                    if (low, high, source) not in allowed[gid]:
                        out.append(Violation("ingress only as designed", f"security group {gid} ({group.get('GroupName')})", f"port {low}-{high} open to {source}"))
                elif source in (INTERNET, "::/0"):
                    out.append(Violation("only the listener port is open to the internet", f"security group {gid} ({group.get('GroupName')})", f"port {low}-{high} open to {source}"))
    # The app group must also have every rule it is allowed: the tasks are unreachable otherwise.
    app_group = next((g for g in groups if g["GroupId"] == app_sg), {})
    present = {(*_ports(p), s) for p in app_group.get("IpPermissions", []) for s in _rule_sources(p)}
    for rule in sorted(allowed[app_sg] - present):
        out.append(Violation("app and cluster ports reachable as designed", f"security group {app_sg}", f"no rule for port {rule[0]} from {rule[2]}"))
    return out


def _key_shape(desc: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    types = {a["AttributeName"]: a["AttributeType"] for a in desc.get("AttributeDefinitions", [])}
    return tuple((k["AttributeName"], types.get(k["AttributeName"], "?")) for k in sorted(desc["KeySchema"], key=lambda k: k["KeyType"]))


def check_table(
    key: str, desc: dict[str, Any], pitr_status: str, deletion_protection_expected: bool
) -> list[Violation]:
    out: list[Violation] = []
    name = desc["TableName"]
    hash_key, range_key, indexes = TABLE_SHAPES[key]
    expected = (hash_key, range_key)  # sorted by KeyType: HASH < RANGE
    if _key_shape(desc) != expected:
        out.append(Violation("table keys as the Orleans/DCB providers expect", f"table {name}", f"keys {_key_shape(desc)}, expected {expected}"))
    types = {a["AttributeName"]: a["AttributeType"] for a in desc.get("AttributeDefinitions", [])}
    found_indexes = {}
    for gsi in desc.get("GlobalSecondaryIndexes", []) or []:
        shape = tuple((k["AttributeName"], types.get(k["AttributeName"], "?")) for k in sorted(gsi["KeySchema"], key=lambda k: k["KeyType"]))
        found_indexes[gsi["IndexName"]] = (shape, gsi.get("Projection", {}).get("ProjectionType"))
    want_indexes = {name_: ((h, r), "ALL") for name_, (h, r) in indexes.items()}
    if found_indexes != want_indexes:
        out.append(Violation("indexes as the providers expect", f"table {name}", f"indexes {found_indexes or 'none'}, expected {want_indexes or 'none'}"))
    if pitr_status != "ENABLED":
        out.append(Violation("point-in-time recovery on", f"table {name}", f"PITR {pitr_status}"))
    sse = (desc.get("SSEDescription") or {}).get("Status")
    if sse not in ("ENABLED", "ENABLING"):
        out.append(Violation("server-side encryption with KMS", f"table {name}", f"SSE {sse or 'not reported'}"))
    if deletion_protection_expected and not desc.get("DeletionProtectionEnabled"):
        out.append(Violation("deletion protection in stg/prod", f"table {name}", "deletion protection off"))
    return out


def check_queue(name: str, attrs: dict[str, str], streams: dict[str, Any], dlq_arns: set[str]) -> list[Violation]:
    out: list[Violation] = []
    want = {
        "VisibilityTimeout": str(streams["visibility_timeout_seconds"]),
        "MessageRetentionPeriod": str(streams["message_retention_seconds"]),
        "ReceiveMessageWaitTimeSeconds": str(streams["receive_wait_time_seconds"]),
    }
    for attr, value in want.items():
        if attrs.get(attr) != value:
            out.append(Violation(f"stream queue {attr} = {value}", f"queue {name}", f"{attr} = {attrs.get(attr)}"))
    if attrs.get("ReceiveMessageWaitTimeSeconds", "0") == "0":
        out.append(Violation("long polling on stream queues", f"queue {name}", "short polling (ReceiveMessageWaitTimeSeconds 0)"))
    if attrs.get("SqsManagedSseEnabled") != "true" and not attrs.get("KmsMasterKeyId"):
        out.append(Violation("queue encryption", f"queue {name}", "no SSE"))
    try:
        redrive = json.loads(attrs.get("RedrivePolicy", "{}"))
    except ValueError:
        redrive = {}
    if int(redrive.get("maxReceiveCount", 0) or 0) != streams["max_receive_count"] or redrive.get("deadLetterTargetArn") not in dlq_arns:
        out.append(Violation(f"redrive to a dead-letter queue at {streams['max_receive_count']} receives", f"queue {name}", f"RedrivePolicy {redrive or 'none'}"))
    return out


def check_bucket(name: str, public_block: dict[str, bool], encryption_rules: list[dict], versioning: str, policy: str | None) -> list[Violation]:
    out: list[Violation] = []
    if not public_block or not all(public_block.get(k) for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")):
        out.append(Violation("all public access blocked", f"bucket {name}", f"public access block {public_block or 'none'}"))
    if not encryption_rules:
        out.append(Violation("bucket encrypted", f"bucket {name}", "no default encryption"))
    if versioning != "Enabled":
        out.append(Violation("bucket versioned", f"bucket {name}", f"versioning {versioning or 'never enabled'}"))
    denies_http = False
    for stmt in (json.loads(policy).get("Statement", []) if policy else []):
        cond = stmt.get("Condition", {}).get("Bool", {})
        if stmt.get("Effect") == "Deny" and str(cond.get("aws:SecureTransport", "")).lower() == "false":
            denies_http = True
    if not denies_http:
        out.append(Violation("bucket refuses plain HTTP", f"bucket {name}", "no Deny on aws:SecureTransport = false"))
    return out


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def check_role_policies(role: str, documents: Iterable[dict[str, Any]]) -> list[Violation]:
    out: list[Violation] = []
    for doc in documents:
        for stmt in _as_list(doc.get("Statement")) if isinstance(doc.get("Statement"), str) else doc.get("Statement", []):
            if stmt.get("Effect") != "Allow":
                continue
            actions = _as_list(stmt.get("Action"))
            resources = _as_list(stmt.get("Resource"))
            for action in actions:
                if "*" in action:
                    out.append(Violation("no wildcard action on the task role", f"role {role}", f"action {action}"))
                if action.lower() in FORBIDDEN_ACTIONS:
                    out.append(Violation("no table or queue management on the task role", f"role {role}", f"action {action}"))
            for resource in resources:
                if resource == "*" or resource.endswith(":*"):
                    out.append(Violation("no wildcard resource on the task role", f"role {role}", f"resource {resource}"))
    return out


def check_task_definition(task_def: dict[str, Any], expected_ports: set[int]) -> list[Violation]:
    out: list[Violation] = []
    arn = task_def.get("taskDefinitionArn", "?")
    containers = task_def.get("containerDefinitions", [])
    if len(containers) != 1:
        return [Violation("one container runs the API and the silo", f"task definition {arn}", f"{len(containers)} containers")]
    container = containers[0]
    ports = {m.get("containerPort") for m in container.get("portMappings", [])}
    if ports != expected_ports:
        out.append(Violation("container ports: HTTP, silo (and gateway)", f"container {container.get('name')}", f"ports {sorted(ports)}, expected {sorted(expected_ports)}"))
    if container.get("stopTimeout") != 120:
        out.append(Violation("stopTimeout 120 s so the silo can leave the cluster", f"container {container.get('name')}", f"stopTimeout {container.get('stopTimeout')}"))
    if container.get("privileged"):
        out.append(Violation("no privileged container", f"container {container.get('name')}", "privileged = true"))
    return out


def check_database(instance: dict[str, Any], db_groups: list[dict[str, Any]], app_sg: str, secret_exists: bool, tier: str) -> list[Violation]:
    """The Orleans database is private, encrypted, reachable only from the app, its password in Secrets Manager."""
    out: list[Violation] = []
    name = f"db instance {instance.get('DBInstanceIdentifier')}"
    if instance.get("PubliclyAccessible"):
        out.append(Violation("database never publicly accessible", name, "PubliclyAccessible = true"))
    if not instance.get("StorageEncrypted"):
        out.append(Violation("database storage encrypted", name, "StorageEncrypted = false"))
    if not (instance.get("MasterUserSecret") or {}).get("SecretArn") or not secret_exists:
        out.append(Violation("master password managed by RDS in Secrets Manager", name, f"secret {instance.get('MasterUserSecret')}"))
    if tier in ("stg", "prod") and not instance.get("DeletionProtection"):
        out.append(Violation("database deletion protection in stg/prod", name, "DeletionProtection = false"))
    if int(instance.get("BackupRetentionPeriod") or 0) < 1:
        out.append(Violation("automated backups on", name, f"BackupRetentionPeriod {instance.get('BackupRetentionPeriod')}"))
    for group in db_groups:
        rules = {(*_ports(p), s) for p in group.get("IpPermissions", []) for s in _rule_sources(p)}
        port = int((instance.get("Endpoint") or {}).get("Port") or 5432)
        if rules != {(port, port, app_sg)}:
            out.append(Violation(f"database port {port} only from the app's security group", f"security group {group['GroupId']}", f"rules {sorted(rules)}"))
    return out


# --- fetching (the edge) ---------------------------------------------------------------


def collect(ctx) -> list[Violation]:
    values = ctx.tf.output()
    resources = values.get("resources") or {}
    if not resources:
        return [Violation("the stack is deployed", f"environment {ctx.env.name}", "no outputs in the state")]
    data = ctx.env.data
    violations: list[Violation] = []
    ec2, ddb, sqs, s3, iam, ecs = (ctx.boto(s) for s in ("ec2", "dynamodb", "sqs", "s3", "iam", "ecs"))

    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [resources["vpc_id"]]}])["SecurityGroups"]
    listener_ports = {data["alb"]["listener_port"]} | ({443} if data["alb"].get("certificate_arn") else set())
    cluster_ports = {data["orleans"]["silo_port"]} | ({data["orleans"]["gateway_port"]} if data["orleans"]["gateway_port"] else set())
    violations += check_security_groups(
        groups, resources["alb_security_group_id"], resources["app_security_group_id"], listener_ports, data["app"]["http_port"], cluster_ports
    )

    protect = data["tier"] in ("stg", "prod") or data["dynamodb"]["deletion_protection"]
    tables = {k: v for k, v in (resources.get("table_names") or {}).items() if v}
    expected_tables = set(TABLE_SHAPES) - (set(ORLEANS_TABLES) if data["orleans"]["backend"] == "rds" else set())
    missing = expected_tables - set(tables)
    for key in sorted(missing):
        violations.append(Violation("every expected table exists", f"table {key}", "absent from the stack outputs"))
    for key, name in sorted(tables.items()):
        if key not in TABLE_SHAPES:
            continue
        try:
            desc = ddb.describe_table(TableName=name)["Table"]
        except ClientError as exc:
            violations.append(Violation("every expected table exists", f"table {name}", exc.response["Error"]["Code"]))
            continue
        pitr = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"].get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus", "DISABLED")
        violations += check_table(key, desc, pitr, protect)

    orleans = data["orleans"]
    expected_queues = [f"{orleans['service_id']}-{orleans['stream_provider'].lower()}-{i}" for i in range(orleans["stream_queue_count"])]
    if list(resources.get("queue_names") or []) != expected_queues:
        violations.append(Violation("stream queue names as the SQS provider looks them up", "stream queues", f"{resources.get('queue_names')}, expected {expected_queues}"))
    dlq_arns = set()
    for dlq in resources.get("dlq_names") or []:
        url = sqs.get_queue_url(QueueName=dlq)["QueueUrl"]
        dlq_arns.add(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])
    for queue in expected_queues:
        try:
            url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
        except ClientError:
            violations.append(Violation("every stream queue exists", f"queue {queue}", "does not exist"))
            continue
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        violations += check_queue(queue, attrs, data["streams"], dlq_arns)

    bucket = resources["snapshot_bucket"]

    def _get(call, *path, default=None):
        try:
            result = call()
        except ClientError:
            return default
        for part in path:
            result = result.get(part, default) if isinstance(result, dict) else default
        return result

    violations += check_bucket(
        bucket,
        _get(lambda: s3.get_public_access_block(Bucket=bucket), "PublicAccessBlockConfiguration", default={}),
        _get(lambda: s3.get_bucket_encryption(Bucket=bucket), "ServerSideEncryptionConfiguration", "Rules", default=[]),
        _get(lambda: s3.get_bucket_versioning(Bucket=bucket), "Status", default=""),
        _get(lambda: s3.get_bucket_policy(Bucket=bucket), "Policy"),
    )

    role = resources["task_role_name"]
    documents = []
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        doc = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        documents.append(json.loads(doc) if isinstance(doc, str) else doc)
    for attached in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
        policy = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]
        version = iam.get_policy_version(PolicyArn=attached["PolicyArn"], VersionId=policy["DefaultVersionId"])["PolicyVersion"]["Document"]
        documents.append(json.loads(version) if isinstance(version, str) else version)
    violations += check_role_policies(role, documents)

    if data["orleans"]["backend"] == "rds":
        violations += _collect_database(ctx, resources, documents)

    task_def = ecs.describe_task_definition(taskDefinition=resources["task_definition_arn"])["taskDefinition"]
    violations += check_task_definition(task_def, {data["app"]["http_port"]} | cluster_ports)
    return violations


def _collect_database(ctx, resources: dict[str, Any], role_documents: list[dict[str, Any]]) -> list[Violation]:
    rds, ec2, secrets = ctx.boto("rds"), ctx.boto("ec2"), ctx.boto("secretsmanager")
    if not resources.get("db_instance_id"):
        return [Violation("the Orleans database exists (backend rds)", f"environment {ctx.env.name}", "no db instance in the outputs")]
    instance = rds.describe_db_instances(DBInstanceIdentifier=resources["db_instance_id"])["DBInstances"][0]
    group_ids = [g["VpcSecurityGroupId"] for g in instance.get("VpcSecurityGroups", [])]
    groups = ec2.describe_security_groups(GroupIds=group_ids)["SecurityGroups"] if group_ids else []
    secret_arn = (instance.get("MasterUserSecret") or {}).get("SecretArn")
    try:
        secret_exists = bool(secret_arn) and bool(secrets.describe_secret(SecretId=secret_arn)["ARN"])
    except ClientError:
        secret_exists = False
    out = check_database(instance, groups, resources["app_security_group_id"], secret_exists, ctx.env.tier)
    granted = {
        r
        for doc in role_documents
        for st in doc.get("Statement", [])
        if st.get("Effect") == "Allow" and "secretsmanager:GetSecretValue" in _as_list(st.get("Action"))
        for r in _as_list(st.get("Resource"))
    }
    if granted != {secret_arn}:
        out.append(Violation("task role reads only the database secret", f"role {resources['task_role_name']}", f"GetSecretValue on {sorted(granted)}"))
    return out


def verify_or_raise(ctx) -> None:
    violations = collect(ctx)
    if violations:
        raise VerificationError(ctx.label, violations)
