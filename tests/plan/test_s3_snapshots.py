"""Plan tests for modules/s3-snapshots (planned against the session's moto server, never applied)."""

from __future__ import annotations

import json
import re

import pytest
import tftest

EXAMPLE = "s3-snapshots/examples/basic"
MODULE = "module.s3_snapshots"
BUCKET = "example-snapshots-123456789012"  # moto's account id
KMS_KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"


def resource(plan, rtype: str) -> dict:
    (values,) = [res["values"] for res in plan.modules[MODULE].resources.values() if res["type"] == rtype]
    return values


def has(plan, rtype: str) -> bool:
    return any(res["type"] == rtype for res in plan.modules[MODULE].resources.values())


def lifecycle_rules(plan) -> dict[str, dict]:
    return {rule["id"]: rule for rule in resource(plan, "aws_s3_bucket_lifecycle_configuration")["rule"]}


def assert_least_privilege(plan) -> None:
    for stmt in plan.outputs["app_policy_statements"]:
        assert re.fullmatch(r"[A-Za-z0-9]+", stmt["sid"]), stmt["sid"]
        assert stmt["actions"] and stmt["resources"]
        assert not any("*" in action for action in stmt["actions"]), stmt
        for res in stmt["resources"]:
            assert res != "*" and res.startswith("arn:aws:"), stmt
            # Only the objects of a named bucket may be wildcarded.
            assert "*" not in res or (res.endswith("/*") and "*" not in res[:-2]), stmt
        assert not {"s3:DeleteBucket", "s3:PutBucketPolicy", "s3:CreateBucket"} & set(stmt["actions"]), stmt


@pytest.fixture(scope="module")
def default_plan(module_plan):
    return module_plan(EXAMPLE)


@pytest.fixture(scope="module")
def custom_plan(module_plan):
    return module_plan(
        EXAMPLE,
        bucket_name="shop-dev-snapshots",
        kms_key_arn=KMS_KEY,
        force_destroy="true",
        noncurrent_version_expiration_days=10,
        abort_incomplete_multipart_upload_days=2,
        deny_insecure_transport="false",
    )


def test_default_bucket_name_is_prefix_and_account(default_plan):
    assert resource(default_plan, "aws_s3_bucket")["bucket"] == BUCKET
    assert default_plan.outputs["bucket_name"] == BUCKET


def test_force_destroy_is_off_by_default(default_plan, custom_plan):
    assert resource(default_plan, "aws_s3_bucket")["force_destroy"] is False
    assert resource(custom_plan, "aws_s3_bucket")["force_destroy"] is True


def test_all_public_access_blocked(default_plan):
    pab = resource(default_plan, "aws_s3_bucket_public_access_block")
    assert {k: pab[k] for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")} == {
        "block_public_acls": True,
        "block_public_policy": True,
        "ignore_public_acls": True,
        "restrict_public_buckets": True,
    }


def test_bucket_owner_enforced(default_plan):
    assert resource(default_plan, "aws_s3_bucket_ownership_controls")["rule"] == [{"object_ownership": "BucketOwnerEnforced"}]


def test_sse_kms_with_bucket_key(default_plan, custom_plan):
    (rule,) = resource(default_plan, "aws_s3_bucket_server_side_encryption_configuration")["rule"]
    assert rule["bucket_key_enabled"] is True
    assert rule["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "aws:kms"
    assert not rule["apply_server_side_encryption_by_default"][0]["kms_master_key_id"]  # AWS-managed aws/s3 key
    (rule,) = resource(custom_plan, "aws_s3_bucket_server_side_encryption_configuration")["rule"]
    assert rule["apply_server_side_encryption_by_default"] == [{"sse_algorithm": "aws:kms", "kms_master_key_id": KMS_KEY}]


def test_versioning_enabled(default_plan):
    assert resource(default_plan, "aws_s3_bucket_versioning")["versioning_configuration"][0]["status"] == "Enabled"


def test_tls_only_bucket_policy(default_plan):
    policy = json.loads(resource(default_plan, "aws_s3_bucket_policy")["policy"])
    arn = f"arn:aws:s3:::{BUCKET}"
    assert policy["Statement"] == [
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [arn, f"{arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ]


def test_tls_policy_can_be_switched_off_for_the_emulator(custom_plan):
    assert not has(custom_plan, "aws_s3_bucket_policy")


def test_lifecycle_rules(default_plan, custom_plan):
    rules = lifecycle_rules(default_plan)
    assert set(rules) == {"expire-noncurrent-versions", "abort-incomplete-multipart-uploads"}
    for rule in rules.values():
        assert rule["status"] == "Enabled"
        # An explicit whole-bucket filter on every rule: no provider warning, no legacy prefix.
        assert len(rule["filter"]) == 1 and rule["filter"][0]["prefix"] == ""
    expire = rules["expire-noncurrent-versions"]
    assert expire["noncurrent_version_expiration"][0]["noncurrent_days"] == 30
    assert expire["expiration"][0]["expired_object_delete_marker"] is True
    assert rules["abort-incomplete-multipart-uploads"]["abort_incomplete_multipart_upload"] == [{"days_after_initiation": 7}]
    custom = lifecycle_rules(custom_plan)
    assert custom["expire-noncurrent-versions"]["noncurrent_version_expiration"][0]["noncurrent_days"] == 10
    assert custom["abort-incomplete-multipart-uploads"]["abort_incomplete_multipart_upload"] == [{"days_after_initiation": 2}]


def test_default_statements_exact(default_plan):
    arn = f"arn:aws:s3:::{BUCKET}"
    assert default_plan.outputs["app_policy_statements"] == [
        {"sid": "SnapshotObjects", "actions": ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], "resources": [f"{arn}/*"]},
        {"sid": "SnapshotBucketList", "actions": ["s3:ListBucket"], "resources": [arn]},
    ]
    assert_least_privilege(default_plan)


def test_custom_name_and_key_statements(custom_plan):
    assert resource(custom_plan, "aws_s3_bucket")["bucket"] == "shop-dev-snapshots"
    stmts = {s["sid"]: s for s in custom_plan.outputs["app_policy_statements"]}
    assert stmts["SnapshotObjects"]["resources"] == ["arn:aws:s3:::shop-dev-snapshots/*"]
    assert stmts["SnapshotBucketList"]["resources"] == ["arn:aws:s3:::shop-dev-snapshots"]
    assert stmts["SnapshotBucketKey"] == {"sid": "SnapshotBucketKey", "actions": ["kms:Decrypt", "kms:GenerateDataKey"], "resources": [KMS_KEY]}
    assert_least_privilege(custom_plan)


def test_module_defaults_and_example_defaults_agree(default_plan):
    root = default_plan.configuration["root_module"]
    module_vars = root["module_calls"]["s3_snapshots"]["module"]["variables"]
    assert module_vars["force_destroy"]["default"] is False
    assert module_vars["deny_insecure_transport"]["default"] is True
    assert module_vars["noncurrent_version_expiration_days"]["default"] == 30
    assert module_vars["abort_incomplete_multipart_upload_days"]["default"] == 7
    assert module_vars["kms_key_arn"].get("default") is None
    assert module_vars["bucket_name"].get("default") is None
    for name, spec in root["variables"].items():
        if name in ("region", "name_prefix"):
            continue
        assert spec.get("default") == module_vars[name].get("default"), name


@pytest.mark.parametrize(
    ("tf_vars", "message"),
    [
        ({"bucket_name": "Upper_Case"}, "bucket_name must follow S3 naming rules"),
        ({"bucket_name": "a..b"}, "bucket_name must follow S3 naming rules"),
        ({"bucket_name": "192.168.1.1"}, "bucket_name must follow S3 naming rules"),
        ({"name_prefix": "x" * 33}, "name_prefix must be 3-32 characters"),
        ({"noncurrent_version_expiration_days": 0}, "noncurrent_version_expiration_days must be a whole number"),
    ],
)
def test_invalid_inputs_are_rejected(module_plan, tf_vars, message):
    with pytest.raises(tftest.TerraformTestError) as err:
        module_plan(EXAMPLE, **tf_vars)
    assert message in " ".join(str(err.value).split())
