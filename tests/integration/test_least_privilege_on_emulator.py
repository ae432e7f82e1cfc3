"""Least privilege proven by acting: IAM enforced, the task role makes every call the
official Orleans packages and the DCB event store make, then tries what it must not do.

The emulator enforces IAM once its first requests (which create an administrator)
have passed. The stack is deployed as that administrator; the test then lets the
administrator assume the task role (its trust is widened for the test and restored).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import boto3
import pytest
from botocore.exceptions import ClientError

from orchestrator import config, emulator

from .conftest import REGION, ROOT

pytestmark = pytest.mark.emulator
ACCOUNT = "123456789012"


def client(port, service, creds):
    return boto3.client(service, region_name=REGION, endpoint_url=emulator.endpoint(port), **creds)


@pytest.fixture(scope="module")
def enforced(tmp_path_factory):
    """An IAM-enforcing emulator, an administrator, and the stack deployed as that administrator."""
    port = emulator.free_port()
    emulator.ensure_running(port, source="least-privilege test", unauthenticated_requests=3)
    try:
        bootstrap = client(port, "iam", {"aws_access_key_id": "test", "aws_secret_access_key": "test"})
        bootstrap.create_user(UserName="admin")  # request 1
        bootstrap.attach_user_policy(UserName="admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")  # 2
        key = bootstrap.create_access_key(UserName="admin")["AccessKey"]  # 3: from here on IAM is enforced
        admin = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
        with pytest.raises(ClientError):
            client(port, "dynamodb", {"aws_access_key_id": "test", "aws_secret_access_key": "test"}).list_tables()

        data = copy.deepcopy(json.loads((config.ENVS / "local.json").read_text()))
        data.update(name="iam", name_prefix="orleans-iam")
        data["orleans"].update(cluster_id="orleans-iam", service_id="orleans-iam")
        env_file = tmp_path_factory.mktemp("iam") / "iam.json"
        env_file.write_text(json.dumps(data))
        env = {**os.environ, "ORCHESTRATOR_WORK_ROOT": str(tmp_path_factory.mktemp("iam-work")),
               "EMULATOR_ACCESS_KEY_ID": admin["aws_access_key_id"], "EMULATOR_SECRET_ACCESS_KEY": admin["aws_secret_access_key"]}
        run = lambda *args: subprocess.run([sys.executable, "-m", "orchestrator", *args, "--emulator-port", str(port)],  # noqa: E731
                                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
        applied = run("apply", str(env_file))
        assert applied.returncode == 0, applied.stdout[-4000:] + applied.stderr
        contract = json.loads(run("output", str(env_file), "--json").stdout)

        # Another environment's data, which the role must not reach.
        ddb = client(port, "dynamodb", admin)
        ddb.create_table(TableName="orleans-other-orleans-clustering", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "DeploymentId", "KeyType": "HASH"}, {"AttributeName": "SiloIdentity", "KeyType": "RANGE"}],
                         AttributeDefinitions=[{"AttributeName": "DeploymentId", "AttributeType": "S"}, {"AttributeName": "SiloIdentity", "AttributeType": "S"}])
        s3 = client(port, "s3", admin)
        s3.create_bucket(Bucket="orleans-other-snapshots", CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket="orleans-other-snapshots", Key="snap", Body=b"x")

        iam = client(port, "iam", admin)
        role_name = client(port, "ecs", admin).describe_task_definition(
            taskDefinition=f"orleans-iam-app")["taskDefinition"]["taskRoleArn"].rsplit("/", 1)[-1]
        original_trust = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
        iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/admin"}, "Action": "sts:AssumeRole"}],
        }))
        try:
            creds = client(port, "sts", admin).assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{role_name}", RoleSessionName="least-privilege")["Credentials"]
        finally:
            iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=json.dumps(original_trust) if isinstance(original_trust, dict) else original_trust)
        role = {"aws_access_key_id": creds["AccessKeyId"], "aws_secret_access_key": creds["SecretAccessKey"], "aws_session_token": creds["SessionToken"]}
        yield {"port": port, "contract": contract, "role": lambda service: client(port, service, role), "admin": admin}
    finally:
        emulator.stop(port)


S = lambda v: {"S": v}  # noqa: E731
N = lambda v: {"N": str(v)}  # noqa: E731


def test_clustering_calls_of_the_membership_table(enforced):
    ddb, table = enforced["role"]("dynamodb"), enforced["contract"]["orleans"]["clustering_table"]
    version = {"DeploymentId": S("c1"), "SiloIdentity": S("VersionRow")}
    ddb.get_item(TableName=table, Key=version, ConsistentRead=True)
    ddb.put_item(TableName=table, Item={**version, "MembershipVersion": N(0), "ETag": N(0)},
                 ConditionExpression="attribute_not_exists(DeploymentId) AND attribute_not_exists(SiloIdentity)")
    silo = {"DeploymentId": S("c1"), "SiloIdentity": S("10.0.0.1-11111-1")}
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {**silo, "SiloStatus": N(3), "ETag": N(0)}, "ConditionExpression": "attribute_not_exists(SiloIdentity)"}},
        {"Update": {"TableName": table, "Key": version, "UpdateExpression": "SET ETag = :n", "ConditionExpression": "ETag = :e",
                    "ExpressionAttributeValues": {":n": N(1), ":e": N(0)}}},
    ])
    ddb.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": silo}}, {"Get": {"TableName": table, "Key": version}}])
    ddb.update_item(TableName=table, Key=silo, UpdateExpression="SET IAmAliveTime = :t", ConditionExpression="attribute_exists(SiloIdentity)",
                    ExpressionAttributeValues={":t": S("2026-12-03T10:00:00Z")})
    assert ddb.query(TableName=table, KeyConditionExpression="DeploymentId = :d", ExpressionAttributeValues={":d": S("c1")}, ConsistentRead=True)["Count"] == 2
    ddb.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": silo}}]})


def test_grain_state_calls_and_no_delete(enforced):
    ddb, table = enforced["role"]("dynamodb"), enforced["contract"]["orleans"]["grain_state_table"]
    key = {"GrainReference": S("svc_grain/1"), "GrainType": S("state")}
    ddb.put_item(TableName=table, Item={**key, "ETag": N(0)}, ConditionExpression="attribute_not_exists(GrainReference)")
    ddb.update_item(TableName=table, Key=key, UpdateExpression="SET ETag = :n", ConditionExpression="ETag = :e",
                    ExpressionAttributeValues={":n": N(1), ":e": N(0)})
    assert ddb.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]["ETag"] == N(1)
    with pytest.raises(ClientError) as denied:  # DeleteStateOnClear is off: no DeleteItem
        ddb.delete_item(TableName=table, Key=key)
    assert denied.value.response["Error"]["Code"] in ("AccessDenied", "AccessDeniedException", "403")


def test_reminder_calls_including_both_indexes(enforced):
    ddb, table = enforced["role"]("dynamodb"), enforced["contract"]["orleans"]["reminders_table"]
    item = {"ReminderId": S("svc_grain/1_r"), "GrainHash": N(42), "ServiceId": S("svc"), "GrainReference": S("grain/1"), "ETag": N(7)}
    ddb.put_item(TableName=table, Item=item)
    ddb.get_item(TableName=table, Key={"ReminderId": item["ReminderId"], "GrainHash": item["GrainHash"]}, ConsistentRead=True)
    by_range = ddb.query(TableName=table, IndexName="ServiceIdIndex", KeyConditionExpression="ServiceId = :s AND GrainHash BETWEEN :a AND :b",
                         ExpressionAttributeValues={":s": S("svc"), ":a": N(0), ":b": N(100)})
    by_grain = ddb.query(TableName=table, IndexName="ServiceIdGrainReferenceIndex", KeyConditionExpression="ServiceId = :s AND GrainReference = :g",
                         ExpressionAttributeValues={":s": S("svc"), ":g": S("grain/1")})
    assert by_range["Count"] == by_grain["Count"] == 1
    ddb.delete_item(TableName=table, Key={"ReminderId": item["ReminderId"], "GrainHash": item["GrainHash"]},
                    ConditionExpression="ETag = :e", ExpressionAttributeValues={":e": N(7)})


def test_event_store_calls(enforced):
    ddb, dcb = enforced["role"]("dynamodb"), enforced["contract"]["dcb"]
    events, tags, states = dcb["events_table"], dcb["tags_table"], dcb["projection_states_table"]
    event = {"pk": S("EVENT#1"), "sk": S("EVENT"), "gsi1pk": S("ALL"), "sortableUniqueId": S("0001")}
    tag = {"pk": S("TAG#order:1"), "sk": S("0001"), "tagGroup": S("order"), "tagString": S("order:1")}
    ddb.put_item(TableName=tags, Item={"pk": S("TAG#order:0"), "sk": S("0000"), "tagGroup": S("order"), "tagString": S("order:0")})
    ddb.transact_write_items(TransactItems=[
        {"ConditionCheck": {"TableName": tags, "Key": {"pk": S("TAG#order:0"), "sk": S("0000")}, "ConditionExpression": "attribute_exists(pk)"}},
        {"Put": {"TableName": events, "Item": event, "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Put": {"TableName": tags, "Item": tag}},
    ])
    ddb.batch_write_item(RequestItems={events: [{"PutRequest": {"Item": {**event, "pk": S("EVENT#2"), "sortableUniqueId": S("0002")}}}]})
    assert ddb.query(TableName=events, IndexName="GSI1", KeyConditionExpression="gsi1pk = :p", ExpressionAttributeValues={":p": S("ALL")})["Count"] == 2
    assert ddb.query(TableName=tags, IndexName="GSI1", KeyConditionExpression="tagGroup = :g", ExpressionAttributeValues={":g": S("order")})["Count"] == 2
    ddb.batch_get_item(RequestItems={events: {"Keys": [{"pk": S("EVENT#1"), "sk": S("EVENT")}]}})
    ddb.get_item(TableName=events, Key={"pk": S("EVENT#1"), "sk": S("EVENT")})
    ddb.scan(TableName=tags)
    state = {"pk": S("PROJ#orders"), "sk": S("STATE")}
    ddb.put_item(TableName=states, Item={**state, "version": N(1)})
    ddb.update_item(TableName=states, Key=state, UpdateExpression="SET version = :n", ConditionExpression="version = :v",
                    ExpressionAttributeValues={":n": N(2), ":v": N(1)})
    ddb.query(TableName=states, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("PROJ#orders")})
    ddb.scan(TableName=states)
    ddb.delete_item(TableName=states, Key=state)


def test_stream_queue_calls(enforced):
    sqs = enforced["role"]("sqs")
    url = sqs.get_queue_url(QueueName=enforced["contract"]["orleans"]["stream_queue_names"][0])["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"payload": "AAEC"}))
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)["Messages"]
    for message in messages:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def test_snapshot_calls(enforced):
    s3, bucket = enforced["role"]("s3"), enforced["contract"]["dcb"]["snapshot_bucket"]
    s3.put_object(Bucket=bucket, Key="projections/orders/1.bin", Body=b"snapshot")
    assert s3.get_object(Bucket=bucket, Key="projections/orders/1.bin")["Body"].read() == b"snapshot"
    assert s3.list_objects_v2(Bucket=bucket, Prefix="projections/")["KeyCount"] == 1
    s3.delete_object(Bucket=bucket, Key="projections/orders/1.bin")


@pytest.mark.parametrize(
    "what, call",
    [
        ("create a table", lambda r, c: r("dynamodb").create_table(
            TableName="orleans-iam-sneaky", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])),
        ("update a table", lambda r, c: r("dynamodb").update_table(TableName=c["orleans"]["clustering_table"], BillingMode="PROVISIONED",
                                                                   ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 5})),
        ("delete a table", lambda r, c: r("dynamodb").delete_table(TableName=c["orleans"]["reminders_table"])),
        ("describe a table", lambda r, c: r("dynamodb").describe_table(TableName=c["orleans"]["clustering_table"])),
        ("create a queue", lambda r, c: r("sqs").create_queue(QueueName="orleans-iam-sqsprovider-99")),
        ("delete a queue", lambda r, c: r("sqs").delete_queue(QueueUrl=r("sqs").get_queue_url(QueueName=c["orleans"]["stream_queue_names"][0])["QueueUrl"])),
        ("read another environment's table", lambda r, c: r("dynamodb").get_item(
            TableName="orleans-other-orleans-clustering", Key={"DeploymentId": S("x"), "SiloIdentity": S("y")})),
        ("read another bucket", lambda r, c: r("s3").get_object(Bucket="orleans-other-snapshots", Key="snap")),
    ],
)
def test_what_the_role_must_not_do_is_denied(enforced, what, call):
    with pytest.raises(ClientError) as denied:
        call(enforced["role"], enforced["contract"])
    code = denied.value.response["Error"]["Code"]
    assert code in ("AccessDenied", "AccessDeniedException", "403"), f"{what}: {code}"
