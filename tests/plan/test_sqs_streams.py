"""Plan tests for modules/sqs-streams (planned against the session's moto server, never applied)."""

from __future__ import annotations

import json
import re

import pytest
import tftest

EXAMPLE = "sqs-streams/examples/basic"
MODULE = "module.sqs_streams"
ARN_PREFIX = "arn:aws:sqs:ap-northeast-1:123456789012"
KMS_KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"
QUEUES = [f"shop-sqsprovider-{i}" for i in range(4)]


def arn(name: str) -> str:
    return f"{ARN_PREFIX}:{name}"


def of_type(plan, rtype: str) -> list[dict]:
    """Planned values of one resource type, in count-index order."""
    found = [
        (int(re.search(r"\[(\d+)\]$", address).group(1)), res["values"])
        for address, res in plan.modules[MODULE].resources.items()
        if res["type"] == rtype
    ]
    return [values for _, values in sorted(found, key=lambda item: item[0])]


def queues(plan):
    return [q for q in of_type(plan, "aws_sqs_queue") if not q["name"].endswith("-dlq")]


def dlqs(plan):
    return [q for q in of_type(plan, "aws_sqs_queue") if q["name"].endswith("-dlq")]


def assert_least_privilege(plan) -> None:
    for stmt in plan.outputs["app_policy_statements"]:
        assert re.fullmatch(r"[A-Za-z0-9]+", stmt["sid"]), stmt["sid"]
        assert stmt["actions"] and stmt["resources"]
        assert not any("*" in a for a in stmt["actions"] + stmt["resources"]), stmt
        assert not {"sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes"} & set(stmt["actions"]), stmt
        assert not any(r.endswith("-dlq") for r in stmt["resources"]), "the app must not touch dead-letter queues"


@pytest.fixture(scope="module")
def default_plan(module_plan):
    return module_plan(EXAMPLE)


@pytest.fixture(scope="module")
def shared_plan(module_plan):
    return module_plan(EXAMPLE, dead_letter="shared")


@pytest.fixture(scope="module")
def emulator_plan(module_plan):
    """What the emulator renderer sets: no redrive-allow policy."""
    return module_plan(EXAMPLE, enable_redrive_allow_policy="false")


@pytest.fixture(scope="module")
def custom_plan(module_plan):
    return module_plan(
        EXAMPLE,
        service_id="Shop_EU",
        provider_name="OrderEvents",
        queue_count=2,
        max_receive_count=7,
        kms_key_arn=KMS_KEY,
    )


def test_queue_names_follow_the_orleans_convention(default_plan):
    assert [q["name"] for q in queues(default_plan)] == QUEUES
    assert default_plan.outputs["queue_names"] == QUEUES
    assert default_plan.outputs["provider_name"] == "SQSProvider"
    assert default_plan.outputs["queue_count"] == 4


def test_service_id_case_is_kept_and_provider_is_lowercased(custom_plan):
    assert [q["name"] for q in queues(custom_plan)] == ["Shop_EU-orderevents-0", "Shop_EU-orderevents-1"]
    assert [q["name"] for q in dlqs(custom_plan)] == ["Shop_EU-orderevents-0-dlq", "Shop_EU-orderevents-1-dlq"]


def test_stream_queue_attributes(default_plan):
    for queue in queues(default_plan):
        assert queue["visibility_timeout_seconds"] == 60
        assert queue["message_retention_seconds"] == 345600
        assert queue["receive_wait_time_seconds"] == 20
        assert queue["max_message_size"] == 262144
        assert queue["sqs_managed_sse_enabled"] is True
        assert queue.get("kms_master_key_id") is None
        assert not queue.get("fifo_queue")


def test_per_queue_dead_letter_queues(default_plan):
    planned = dlqs(default_plan)
    assert [q["name"] for q in planned] == [f"{name}-dlq" for name in QUEUES]
    assert default_plan.outputs["dlq_names"] == [f"{name}-dlq" for name in QUEUES]
    for dlq in planned:
        assert dlq["message_retention_seconds"] == 1209600
        assert dlq["sqs_managed_sse_enabled"] is True
        assert dlq["max_message_size"] == 262144


def test_redrive_through_its_own_resource(default_plan):
    redrives = of_type(default_plan, "aws_sqs_queue_redrive_policy")
    assert len(redrives) == 4
    for i, redrive in enumerate(redrives):
        assert json.loads(redrive["redrive_policy"]) == {"deadLetterTargetArn": arn(f"{QUEUES[i]}-dlq"), "maxReceiveCount": 5}
    for queue in queues(default_plan):
        # The queue itself never carries the redrive policy (moto whitespace drift; one owner).
        assert queue.get("redrive_policy") is None


def test_redrive_allow_policy_is_on_by_default_and_admits_only_the_source(default_plan):
    allows = of_type(default_plan, "aws_sqs_queue_redrive_allow_policy")
    assert len(allows) == 4
    for i, allow in enumerate(allows):
        assert json.loads(allow["redrive_allow_policy"]) == {"redrivePermission": "byQueue", "sourceQueueArns": [arn(QUEUES[i])]}


def test_redrive_allow_policy_can_be_switched_off(emulator_plan):
    assert of_type(emulator_plan, "aws_sqs_queue_redrive_allow_policy") == []
    assert len(of_type(emulator_plan, "aws_sqs_queue_redrive_policy")) == 4
    assert not [a for a in emulator_plan.resource_changes if "redrive_allow_policy" in a]


def test_shared_dead_letter_queue(shared_plan):
    assert [q["name"] for q in dlqs(shared_plan)] == ["shop-sqsprovider-dlq"]
    shared = arn("shop-sqsprovider-dlq")
    for redrive in of_type(shared_plan, "aws_sqs_queue_redrive_policy"):
        assert json.loads(redrive["redrive_policy"]) == {"deadLetterTargetArn": shared, "maxReceiveCount": 5}
    (allow,) = of_type(shared_plan, "aws_sqs_queue_redrive_allow_policy")
    assert json.loads(allow["redrive_allow_policy"]) == {
        "redrivePermission": "byQueue",
        "sourceQueueArns": [arn(name) for name in QUEUES],
    }


def test_default_statements_exact(default_plan, shared_plan):
    expected = [
        {
            "sid": "OrleansStreamQueues",
            "actions": ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"],
            "resources": [arn(name) for name in QUEUES],
        }
    ]
    assert default_plan.outputs["app_policy_statements"] == expected
    assert shared_plan.outputs["app_policy_statements"] == expected
    assert_least_privilege(default_plan)


def test_customer_managed_key(custom_plan):
    for queue in of_type(custom_plan, "aws_sqs_queue"):
        assert queue["kms_master_key_id"] == KMS_KEY
        assert queue["kms_data_key_reuse_period_seconds"] == 300
        assert queue.get("sqs_managed_sse_enabled") is not True
    for redrive in of_type(custom_plan, "aws_sqs_queue_redrive_policy"):
        assert json.loads(redrive["redrive_policy"])["maxReceiveCount"] == 7
    stmts = {s["sid"]: s for s in custom_plan.outputs["app_policy_statements"]}
    assert stmts["OrleansStreamQueues"]["resources"] == [arn("Shop_EU-orderevents-0"), arn("Shop_EU-orderevents-1")]
    assert stmts["StreamQueueKey"] == {"sid": "StreamQueueKey", "actions": ["kms:Decrypt", "kms:GenerateDataKey"], "resources": [KMS_KEY]}
    assert_least_privilege(custom_plan)


def test_module_defaults_and_example_defaults_agree(default_plan):
    root = default_plan.configuration["root_module"]
    module_vars = root["module_calls"]["sqs_streams"]["module"]["variables"]
    assert module_vars["queue_count"]["default"] == 4
    assert module_vars["provider_name"]["default"] == "SQSProvider"
    assert module_vars["dead_letter"]["default"] == "per_queue"
    assert module_vars["max_receive_count"]["default"] == 5
    assert module_vars["enable_redrive_allow_policy"]["default"] is True
    assert module_vars["receive_wait_time_seconds"]["default"] == 20
    for name, spec in root["variables"].items():
        if name in ("region", "service_id"):
            continue
        assert spec.get("default") == module_vars[name].get("default"), name


@pytest.mark.parametrize(
    ("tf_vars", "message"),
    [
        # 70 + len("-sqsprovider-3-dlq") = 88 > 80
        ({"service_id": "s" * 70}, "Generated SQS queue names must be at most 80 characters"),
        ({"service_id": "shop.eu"}, "service_id may contain only letters, digits"),
        ({"provider_name": "SQS Provider"}, "provider_name may contain only letters, digits"),
        ({"queue_count": 0}, "queue_count must be a whole number from 1 to 64"),
        ({"queue_count": 65}, "queue_count must be a whole number from 1 to 64"),
        ({"dead_letter": "none"}, 'dead_letter must be "per_queue" or "shared"'),
        ({"dead_letter": "shared", "queue_count": 11}, "can name at most 10 source queues"),
        ({"receive_wait_time_seconds": 21}, "receive_wait_time_seconds must be a whole number from 0 to 20"),
    ],
)
def test_invalid_inputs_are_rejected(module_plan, tf_vars, message):
    with pytest.raises(tftest.TerraformTestError) as err:
        module_plan(EXAMPLE, **tf_vars)
    assert message in " ".join(str(err.value).split())


def test_longest_valid_name_is_accepted(module_plan):
    # 62 + len("-sqsprovider-3-dlq") = 80: the limit itself is fine.
    plan = module_plan(EXAMPLE, service_id="s" * 62)
    assert max(len(q["name"]) for q in of_type(plan, "aws_sqs_queue")) == 80
