"""Every environment applied to the emulator: live facts via boto3, then an empty second plan."""

from __future__ import annotations

import json

import pytest

from orchestrator import config, emulator

from .conftest import outputs_of, plan_json

pytestmark = pytest.mark.emulator
ENVS = ["local", "local-rds", "dev", "stg", "prod"]


def test_local_apply_prints_progress_and_the_contract(deployed):
    result = deployed("local")
    assert "[local] terraform apply done in" in result.stderr
    assert "[local] live verification done in" in result.stderr
    assert "checkov:" in result.stderr and " 0 failed" in result.stderr
    assert "warning:" not in result.stderr, "plan and apply print no provider warnings"
    contract = json.loads(result.stdout)  # stdout carries only the contract
    assert contract["aws_endpoint_url"].startswith("http://127.0.0.1:")


@pytest.mark.parametrize("name", ENVS)
def test_apply_and_second_plan_is_empty(name, orch, deployed):
    deployed(name)
    result = orch.timed(f"{name}.second_plan", *orch.plan_args(name))
    changes = [
        (rc["address"], rc["change"]["actions"])
        for rc in plan_json(orch, name)["resource_changes"]
        if rc["change"]["actions"] not in (["no-op"], ["read"])
    ]
    # Diffs the emulator is known to leave, by address suffix, each with its reason.
    tolerated = emulator.TOLERATED_EMULATOR_DIFFS
    unexpected = [c for c in changes if not any(c[0].endswith(suffix) for suffix in tolerated)]
    assert unexpected == [], f"second plan of {name} is not empty:\n{result.stderr[-3000:]}"
    if not changes:
        assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("name", ENVS)
def test_app_contract(name, orch, deployed):
    deployed(name)
    env = config.load(name)
    contract = outputs_of(orch, name)
    orleans = contract["orleans"]
    assert contract["region"] == "ap-northeast-1"
    assert contract["aws_endpoint_url"] == emulator.endpoint(orch.port)
    assert orleans["cluster_id"] == env.data["orleans"]["cluster_id"]
    assert orleans["service_id"] == env.data["orleans"]["service_id"]
    assert (orleans["silo_port"], orleans["gateway_port"]) == (11111, env.data["orleans"]["gateway_port"])
    assert orleans["stream_provider"] == "SQSProvider" and orleans["stream_queue_count"] == 4
    assert orleans["stream_queue_names"] == [f"{env.data['orleans']['service_id']}-sqsprovider-{i}" for i in range(4)]
    if env.data["orleans"]["backend"] == "rds":
        assert orleans["clustering_table"] is orleans["grain_state_table"] is orleans["reminders_table"] is None
        assert orleans["rds"]["invariant"] == "Npgsql" and orleans["rds"]["port"] == 5432
        assert orleans["rds"]["secret_arn"].startswith("arn:aws:secretsmanager:")
        assert "password" not in json.dumps(orleans["rds"]).lower()
    else:
        for key in ("clustering_table", "grain_state_table", "reminders_table"):
            assert orleans[key].startswith(env.data["name_prefix"])
    for key in ("events_table", "tags_table", "projection_states_table", "snapshot_bucket"):
        assert contract["dcb"][key].startswith(env.data["name_prefix"])
    assert contract["http"]["port"] == 8080 and contract["http"]["url"].startswith("http://")


def test_appsettings_fragment(orch, deployed):
    deployed("local")
    result = orch.run("output", "local", "--format", "appsettings")
    settings = json.loads(result.stdout)
    dynamo = settings["Orleans"]["DynamoDB"]
    assert (dynamo["CreateIfNotExists"], dynamo["UpdateIfExists"], dynamo["UseProvisionedThroughput"]) == ("false", "false", "false")
    assert settings["Orleans"]["Streaming"]["Type"] == "SQS"
    assert settings["AWS"]["ServiceURL"] == emulator.endpoint(orch.port)


# --- live facts of the local stack, read back with boto3 ---------------------------------


@pytest.fixture(scope="module")
def local(orch, deployed):
    deployed("local")
    return outputs_of(orch, "local")


def key_schema(desc):
    types = {a["AttributeName"]: a["AttributeType"] for a in desc["AttributeDefinitions"]}
    return [(k["AttributeName"], k["KeyType"], types[k["AttributeName"]]) for k in desc["KeySchema"]]


def test_orleans_tables_are_shaped_as_the_packages_expect(local, aws):
    ddb = aws("dynamodb")
    o = local["orleans"]
    clustering = ddb.describe_table(TableName=o["clustering_table"])["Table"]
    assert key_schema(clustering) == [("DeploymentId", "HASH", "S"), ("SiloIdentity", "RANGE", "S")]
    grain = ddb.describe_table(TableName=o["grain_state_table"])["Table"]
    assert key_schema(grain) == [("GrainReference", "HASH", "S"), ("GrainType", "RANGE", "S")]
    reminders = ddb.describe_table(TableName=o["reminders_table"])["Table"]
    assert key_schema(reminders) == [("ReminderId", "HASH", "S"), ("GrainHash", "RANGE", "N")]
    indexes = {g["IndexName"]: ([(k["AttributeName"], k["KeyType"]) for k in g["KeySchema"]], g["Projection"]["ProjectionType"]) for g in reminders["GlobalSecondaryIndexes"]}
    assert indexes == {
        "ServiceIdIndex": ([("ServiceId", "HASH"), ("GrainHash", "RANGE")], "ALL"),
        "ServiceIdGrainReferenceIndex": ([("ServiceId", "HASH"), ("GrainReference", "RANGE")], "ALL"),
    }
    for table in (clustering, grain, reminders):
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        assert table["SSEDescription"]["Status"] == "ENABLED"
        pitr = ddb.describe_continuous_backups(TableName=table["TableName"])["ContinuousBackupsDescription"]
        assert pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"


def test_event_store_tables(local, aws):
    ddb = aws("dynamodb")
    events = ddb.describe_table(TableName=local["dcb"]["events_table"])["Table"]
    assert key_schema(events) == [("pk", "HASH", "S"), ("sk", "RANGE", "S")]
    (gsi,) = events["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "GSI1" and [k["AttributeName"] for k in gsi["KeySchema"]] == ["gsi1pk", "sortableUniqueId"]
    tags = ddb.describe_table(TableName=local["dcb"]["tags_table"])["Table"]
    assert [k["AttributeName"] for k in tags["GlobalSecondaryIndexes"][0]["KeySchema"]] == ["tagGroup", "tagString"]
    states = ddb.describe_table(TableName=local["dcb"]["projection_states_table"])["Table"]
    assert key_schema(states) == [("pk", "HASH", "S"), ("sk", "RANGE", "S")]


def test_stream_queues_and_redrive(local, aws):
    sqs = aws("sqs")
    for name in local["orleans"]["stream_queue_names"]:
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        assert attrs["VisibilityTimeout"] == "60"
        assert attrs["MessageRetentionPeriod"] == str(4 * 24 * 3600)
        assert attrs["ReceiveMessageWaitTimeSeconds"] == "20"
        assert attrs["MaximumMessageSize"] == "262144"
        assert attrs["SqsManagedSseEnabled"] == "true"
        redrive = json.loads(attrs["RedrivePolicy"])
        assert int(redrive["maxReceiveCount"]) == 5
        dlq_name = redrive["deadLetterTargetArn"].rsplit(":", 1)[-1]
        dlq_url = sqs.get_queue_url(QueueName=dlq_name)["QueueUrl"]
        dlq = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["MessageRetentionPeriod"])["Attributes"]
        assert dlq["MessageRetentionPeriod"] == str(14 * 24 * 3600)


def test_snapshot_bucket(local, aws):
    s3 = aws("s3")
    bucket = local["dcb"]["snapshot_bucket"]
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    assert any(st["Effect"] == "Deny" and st["Condition"]["Bool"]["aws:SecureTransport"] in ("false", False) for st in policy["Statement"])
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"][0]["ObjectOwnership"] == "BucketOwnerEnforced"


def test_security_groups_admit_only_what_the_design_says(local, orch, aws):
    res = json.loads(orch.run("output", "local", "--format", "json").stdout)  # contract
    ec2 = aws("ec2")
    ports = {}
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["orleans-local-*"]}])["SecurityGroups"]
    by_name = {g["GroupName"]: g for g in groups}
    alb = next(g for n, g in by_name.items() if "alb" in n)
    app = next(g for n, g in by_name.items() if "app" in n)
    for group in (alb, app):
        ports[group["GroupId"]] = sorted(
            (p["FromPort"], p["ToPort"], *(r["CidrIp"] for r in p.get("IpRanges", [])), *(g["GroupId"] for g in p.get("UserIdGroupPairs", [])))
            for p in group["IpPermissions"]
        )
    assert ports[alb["GroupId"]] == [(80, 80, "0.0.0.0/0")]
    # local runs with gateway_port 0: no gateway rule at all.
    assert ports[app["GroupId"]] == [(8080, 8080, alb["GroupId"]), (11111, 11111, app["GroupId"])]
    assert res["http"]["port"] == 8080


def test_task_definition_and_role(local, aws):
    ecs, iam = aws("ecs"), aws("iam")
    (cluster_arn,) = [a for a in ecs.list_clusters()["clusterArns"] if "orleans-local" in a]
    (service_arn,) = ecs.list_services(cluster=cluster_arn)["serviceArns"]
    service = ecs.describe_services(cluster=cluster_arn, services=[service_arn])["services"][0]
    td = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    (container,) = td["containerDefinitions"]
    assert sorted(m["containerPort"] for m in container["portMappings"]) == [8080, 11111]
    assert container["stopTimeout"] == 120
    assert not container.get("privileged")
    assert td["requiresCompatibilities"] == ["FARGATE"] and td["networkMode"] == "awsvpc"
    env = {e["name"]: e["value"] for e in container["environment"]}
    assert env["Orleans__DynamoDB__CreateIfNotExists"] == "false"
    assert env["Orleans__DynamoDB__UpdateIfExists"] == "false"
    assert env["Orleans__DynamoDB__UseProvisionedThroughput"] == "false"
    assert env["Orleans__Streaming__Type"] == "SQS"
    assert env["Orleans__AdvertisedIPAddressSource"] == "ECS_CONTAINER_METADATA_URI_V4"
    assert env["Orleans__Clustering__TableName"] == local["orleans"]["clustering_table"]
    role = td["taskRoleArn"].rsplit("/", 1)[-1]
    actions, resources = set(), set()
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        doc = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        doc = json.loads(doc) if isinstance(doc, str) else doc
        for st in doc["Statement"]:
            actions |= set([st["Action"]] if isinstance(st["Action"], str) else st["Action"])
            resources |= set([st["Resource"]] if isinstance(st["Resource"], str) else st["Resource"])
    assert not iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
    assert {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchWriteItem",
            "sqs:GetQueueUrl", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "s3:GetObject", "s3:PutObject"} <= actions
    assert not {a for a in actions if "*" in a}
    assert not {a for a in actions if a.split(":")[1] in ("CreateTable", "UpdateTable", "DeleteTable", "CreateQueue", "DeleteQueue")}
    assert "*" not in resources
    assert any(r.endswith(f"table/{local['orleans']['reminders_table']}/index/*") for r in resources)


def test_rds_variant_live(orch, deployed, aws):
    deployed("local-rds")
    contract = outputs_of(orch, "local-rds")
    rds, ec2 = aws("rds"), aws("ec2")
    (db,) = [d for d in rds.describe_db_instances()["DBInstances"] if d["DBInstanceIdentifier"].startswith("orleans-lrds")]
    assert db["PubliclyAccessible"] is False and db["StorageEncrypted"] is True
    assert db["Engine"] == "postgres" and db["DBInstanceClass"] == "db.t4g.micro"
    assert db["MasterUserSecret"]["SecretArn"] == contract["orleans"]["rds"]["secret_arn"]
    aws("secretsmanager").describe_secret(SecretId=db["MasterUserSecret"]["SecretArn"])
    (sg,) = ec2.describe_security_groups(GroupIds=[g["VpcSecurityGroupId"] for g in db["VpcSecurityGroups"]])["SecurityGroups"]
    app_sg = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["orleans-lrds-app"]}])["SecurityGroups"][0]
    assert [(p["FromPort"], [g["GroupId"] for g in p["UserIdGroupPairs"]], p.get("IpRanges")) for p in sg["IpPermissions"]] == [(5432, [app_sg["GroupId"]], [])]
    tables = aws("dynamodb").list_tables()["TableNames"]
    assert not [t for t in tables if t.startswith("orleans-lrds-orleans-")], "no Orleans tables with the rds backend"
    assert {"orleans-lrds-dcb-events", "orleans-lrds-dcb-tags", "orleans-lrds-dcb-projection-states"} <= set(tables)
    iam = aws("iam")
    role = "orleans-lrds-task"
    statements = [st for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
                  for st in (lambda d: json.loads(d) if isinstance(d, str) else d)(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"])["Statement"]]
    secret_statements = [st for st in statements if "secretsmanager:GetSecretValue" in st["Action"]]
    assert len(secret_statements) == 1 and secret_statements[0]["Resource"] in (db["MasterUserSecret"]["SecretArn"], [db["MasterUserSecret"]["SecretArn"]])
    assert not [st for st in statements if any("orleans-lrds-orleans-" in r for r in ([st["Resource"]] if isinstance(st["Resource"], str) else st["Resource"]))]
