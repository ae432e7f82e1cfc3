"""The live-verification checks on planted faults (pure functions over API answers)."""

import json

from orchestrator import policy, verify

ALB, APP = "sg-alb", "sg-app"


def perm(port, source, to=None):
    pair = {"UserIdGroupPairs": [{"GroupId": source}]} if source.startswith("sg-") else {"IpRanges": [{"CidrIp": source}]}
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": to or port, **pair}


def groups(app_extra=(), alb_extra=()):
    return [
        {"GroupId": ALB, "GroupName": "alb", "IpPermissions": [perm(80, "0.0.0.0/0"), *alb_extra]},
        {"GroupId": APP, "GroupName": "app", "IpPermissions": [perm(8080, ALB), perm(11111, APP), *app_extra]},
    ]


def sg_check(gs):
    return verify.check_security_groups(gs, ALB, APP, {80}, 8080, {11111})


def test_clean_security_groups_pass():
    assert sg_check(groups()) == []


def test_planted_open_port_is_named():
    found = sg_check(groups(app_extra=[perm(22, "0.0.0.0/0")]))
    assert [(v.resource, v.found) for v in found] == [("security group sg-app (app)", "port 22-22 open to 0.0.0.0/0")]


def test_silo_port_from_the_alb_is_a_violation():
    assert sg_check(groups(app_extra=[perm(11111, ALB)]))


def test_other_group_open_to_internet_is_a_violation():
    gs = groups() + [{"GroupId": "sg-x", "GroupName": "x", "IpPermissions": [perm(5432, "0.0.0.0/0")]}]
    assert sg_check(gs)[0].invariant == "only the listener port is open to the internet"


def test_missing_silo_rule_is_a_violation():
    gs = groups()
    gs[1]["IpPermissions"] = [perm(8080, ALB)]
    assert "no rule for port 11111" in sg_check(gs)[0].found


def table(name, keys, attrs, gsis=()):
    return {
        "TableName": name,
        "KeySchema": [{"AttributeName": k, "KeyType": t} for k, t in keys],
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": t} for a, t in attrs],
        "GlobalSecondaryIndexes": list(gsis),
        "SSEDescription": {"Status": "ENABLED"},
        "DeletionProtectionEnabled": False,
    }


def test_reminders_table_shape():
    good = table(
        "r",
        [("ReminderId", "HASH"), ("GrainHash", "RANGE")],
        [("ReminderId", "S"), ("GrainHash", "N"), ("ServiceId", "S"), ("GrainReference", "S")],
        [
            {"IndexName": "ServiceIdIndex", "KeySchema": [{"AttributeName": "ServiceId", "KeyType": "HASH"}, {"AttributeName": "GrainHash", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}},
            {"IndexName": "ServiceIdGrainReferenceIndex", "KeySchema": [{"AttributeName": "ServiceId", "KeyType": "HASH"}, {"AttributeName": "GrainReference", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}},
        ],
    )
    assert verify.check_table("reminders", good, "ENABLED", False) == []
    bad = json.loads(json.dumps(good))
    bad["AttributeDefinitions"][1]["AttributeType"] = "S"  # GrainHash must be a number
    bad["GlobalSecondaryIndexes"].pop()
    found = {v.invariant for v in verify.check_table("reminders", bad, "DISABLED", True)}
    assert found == {
        "table keys as the Orleans/DCB providers expect",
        "indexes as the providers expect",
        "point-in-time recovery on",
        "deletion protection in stg/prod",
    }


STREAMS = {"visibility_timeout_seconds": 60, "message_retention_seconds": 345600, "receive_wait_time_seconds": 20, "max_receive_count": 5}


def test_queue_checks():
    attrs = {
        "VisibilityTimeout": "60",
        "MessageRetentionPeriod": "345600",
        "ReceiveMessageWaitTimeSeconds": "20",
        "SqsManagedSseEnabled": "true",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": "arn:dlq", "maxReceiveCount": 5}),
    }
    assert verify.check_queue("q", attrs, STREAMS, {"arn:dlq"}) == []
    short = dict(attrs, ReceiveMessageWaitTimeSeconds="0", RedrivePolicy="")
    invariants = {v.invariant for v in verify.check_queue("q", short, STREAMS, {"arn:dlq"})}
    assert "long polling on stream queues" in invariants
    assert "redrive to a dead-letter queue at 5 receives" in invariants


def test_bucket_must_refuse_plain_http():
    block = dict.fromkeys(["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"], True)
    rules = [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
    tls = json.dumps({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
    assert verify.check_bucket("b", block, rules, "Enabled", tls) == []
    found = verify.check_bucket("b", dict(block, BlockPublicPolicy=False), [], "Suspended", None)
    assert len(found) == 4


def test_task_role_wildcards_and_management_actions():
    doc = {"Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:CreateTable", "sqs:*"], "Resource": ["arn:aws:dynamodb:x:1:table/t", "*"]}]}
    found = {(v.invariant, v.found) for v in verify.check_role_policies("r", [doc])}
    assert ("no table or queue management on the task role", "action dynamodb:CreateTable") in found
    assert ("no wildcard action on the task role", "action sqs:*") in found
    assert ("no wildcard resource on the task role", "resource *") in found


def test_task_definition_checks():
    td = {"taskDefinitionArn": "td", "containerDefinitions": [{"name": "app", "stopTimeout": 120, "portMappings": [{"containerPort": 8080}, {"containerPort": 11111}]}]}
    assert verify.check_task_definition(td, {8080, 11111}) == []
    td["containerDefinitions"][0].update(privileged=True, stopTimeout=30)
    assert len(verify.check_task_definition(td, {8080, 11111, 30000})) == 3


def plan_with_container(**container):
    return {"resource_changes": [{"address": "module.stack.module.app.aws_ecs_task_definition.this", "type": "aws_ecs_task_definition",
                                  "change": {"after": {"container_definitions": json.dumps([{"name": "app", **container}])}}}]}


def test_policy_catches_privileged_and_planted_secret():
    assert policy.container_findings(plan_with_container(environment=[{"name": "Orleans__ClusterId", "value": "dev"}])) == []
    found = policy.container_findings(plan_with_container(privileged=True, environment=[{"name": "UPSTREAM_KEY", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}]))
    assert {f.check_id for f in found} == {"OAI_ECS_PRIVILEGED", "OAI_ECS_PLAIN_SECRET"}
