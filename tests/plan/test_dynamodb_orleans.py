"""Plan tests for modules/dynamodb-orleans (planned against the session's moto server, never applied)."""

from __future__ import annotations

import re

import pytest
import tftest

EXAMPLE = "dynamodb-orleans/examples/basic"
MODULE = "module.dynamodb_orleans"
ACCOUNT_ARN = "arn:aws:dynamodb:ap-northeast-1:123456789012:table"
KMS_KEY = "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"

ORLEANS = {"clustering", "grain_state", "reminders"}
DCB = {"dcb_events", "dcb_tags", "dcb_projection_states"}

# role -> (hash key, range key, {attribute: type}, {gsi name: (hash, range)})
SCHEMAS = {
    "clustering": ("DeploymentId", "SiloIdentity", {"DeploymentId": "S", "SiloIdentity": "S"}, {}),
    "grain_state": ("GrainReference", "GrainType", {"GrainReference": "S", "GrainType": "S"}, {}),
    "reminders": (
        "ReminderId",
        "GrainHash",
        {"ReminderId": "S", "GrainHash": "N", "ServiceId": "S", "GrainReference": "S"},
        {"ServiceIdIndex": ("ServiceId", "GrainHash"), "ServiceIdGrainReferenceIndex": ("ServiceId", "GrainReference")},
    ),
    "dcb_events": (
        "pk",
        "sk",
        {"pk": "S", "sk": "S", "gsi1pk": "S", "sortableUniqueId": "S"},
        {"GSI1": ("gsi1pk", "sortableUniqueId")},
    ),
    "dcb_tags": ("pk", "sk", {"pk": "S", "sk": "S", "tagGroup": "S", "tagString": "S"}, {"GSI1": ("tagGroup", "tagString")}),
    "dcb_projection_states": ("pk", "sk", {"pk": "S", "sk": "S"}, {}),
}


def arn(name: str) -> str:
    return f"{ACCOUNT_ARN}/{name}"


def default_statements(prefix: str = "example") -> dict[str, tuple[list[str], list[str]]]:
    return {
        "OrleansClustering": (
            ["dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
            [arn(f"{prefix}-orleans-clustering")],
        ),
        "OrleansGrainState": (
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
            [arn(f"{prefix}-orleans-grain-state")],
        ),
        "OrleansReminders": (
            ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"],
            [arn(f"{prefix}-orleans-reminders")],
        ),
        "OrleansRemindersIndexes": (["dynamodb:Query"], [arn(f"{prefix}-orleans-reminders") + "/index/*"]),
        "DcbEvents": (
            [
                "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Query",
            ],
            [arn(f"{prefix}-dcb-events")],
        ),
        "DcbTags": (
            ["dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"],
            [arn(f"{prefix}-dcb-tags")],
        ),
        "DcbIndexes": (
            ["dynamodb:Query"],
            [arn(f"{prefix}-dcb-events") + "/index/*", arn(f"{prefix}-dcb-tags") + "/index/*"],
        ),
        "DcbProjectionStates": (
            [
                "dynamodb:DeleteItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:UpdateItem",
            ],
            [arn(f"{prefix}-dcb-projection-states")],
        ),
    }


def without_nulls(value):
    """Optional object attributes show up as nulls in the module default; {} means the same."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    return value


def tables(plan) -> dict[str, dict]:
    """role -> planned values of each aws_dynamodb_table.this[role]."""
    out = {}
    for address, res in plan.modules[MODULE].resources.items():
        if res["type"] == "aws_dynamodb_table":
            out[re.search(r'\["(.+)"\]', address).group(1)] = res["values"]
    return out


def statements(plan) -> dict[str, tuple[list[str], list[str]]]:
    stmts = plan.outputs["app_policy_statements"]
    by_sid = {s["sid"]: (s["actions"], s["resources"]) for s in stmts}
    assert len(by_sid) == len(stmts), "duplicate sids"
    return by_sid


def assert_least_privilege(plan) -> None:
    forbidden = {"dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable"}
    for stmt in plan.outputs["app_policy_statements"]:
        assert re.fullmatch(r"[A-Za-z0-9]+", stmt["sid"]), stmt["sid"]
        assert stmt["actions"] and stmt["resources"]
        assert not any("*" in action for action in stmt["actions"]), stmt
        assert not forbidden & set(stmt["actions"]), stmt
        for resource in stmt["resources"]:
            assert resource != "*" and resource.startswith("arn:aws:"), stmt
            # A wildcard is allowed only for the index suffix of a named table.
            assert "*" not in resource or resource.endswith("/index/*"), stmt


@pytest.fixture(scope="module")
def default_plan(module_plan):
    return module_plan(EXAMPLE)


@pytest.fixture(scope="module")
def variant_plan(module_plan):
    """Every non-default switch at once: TTL, DeleteItem, PROVISIONED, a CMK and one renamed table."""
    return module_plan(
        EXAMPLE,
        name_prefix="shop-dev",
        grain_state_ttl_enabled="true",
        grain_state_delete_on_clear="true",
        billing_mode="PROVISIONED",
        provisioned_throughput={"read_capacity": 3, "write_capacity": 2},
        kms_key_arn=KMS_KEY,
        table_names={"clustering": "OrleansSilos"},
        deletion_protection="false",
        point_in_time_recovery_enabled="false",
    )


@pytest.fixture(scope="module")
def no_orleans_plan(module_plan):
    return module_plan(EXAMPLE, create_orleans_tables="false")


def test_default_names_derive_from_name_prefix(default_plan):
    names = {role: values["name"] for role, values in tables(default_plan).items()}
    assert names == {
        "clustering": "example-orleans-clustering",
        "grain_state": "example-orleans-grain-state",
        "reminders": "example-orleans-reminders",
        "dcb_events": "example-dcb-events",
        "dcb_tags": "example-dcb-tags",
        "dcb_projection_states": "example-dcb-projection-states",
    }
    assert default_plan.outputs["table_names"] == names
    assert default_plan.outputs["clustering_table_name"] == "example-orleans-clustering"
    assert default_plan.outputs["grain_state_table_name"] == "example-orleans-grain-state"
    assert default_plan.outputs["reminders_table_name"] == "example-orleans-reminders"
    assert default_plan.outputs["dcb_events_table_name"] == "example-dcb-events"
    assert default_plan.outputs["dcb_tags_table_name"] == "example-dcb-tags"
    assert default_plan.outputs["dcb_projection_states_table_name"] == "example-dcb-projection-states"


@pytest.mark.parametrize("role", sorted(SCHEMAS))
def test_key_schema_attribute_types_and_gsis(default_plan, role):
    hash_key, range_key, attributes, gsis = SCHEMAS[role]
    table = tables(default_plan)[role]
    assert (table["hash_key"], table["range_key"]) == (hash_key, range_key)
    assert {a["name"]: a["type"] for a in table["attribute"]} == attributes
    planned_gsis = {g["name"]: g for g in table["global_secondary_index"]}
    assert {name: (g["hash_key"], g["range_key"]) for name, g in planned_gsis.items()} == gsis
    for gsi in planned_gsis.values():
        assert gsi["projection_type"] == "ALL"
        assert not gsi["non_key_attributes"]
    assert not table.get("local_secondary_index")


def test_secure_defaults_on_every_table(default_plan):
    planned = tables(default_plan)
    assert set(planned) == ORLEANS | DCB
    for role, table in planned.items():
        assert table["billing_mode"] == "PAY_PER_REQUEST", role
        assert table["deletion_protection_enabled"] is True, role
        assert table["point_in_time_recovery"][0]["enabled"] is True, role
        sse = table["server_side_encryption"][0]
        assert sse["enabled"] is True, role
        assert not sse.get("kms_key_arn"), role  # AWS-managed key unless a CMK is given
        assert table.get("read_capacity") in (None, 0) and table.get("write_capacity") in (None, 0), role
        assert not table.get("ttl"), role


def test_module_defaults_and_example_defaults_agree(default_plan):
    """The example mirrors the module defaults, so the default plan really tests the module's defaults."""
    root = default_plan.configuration["root_module"]
    module_vars = root["module_calls"]["dynamodb_orleans"]["module"]["variables"]
    assert module_vars["deletion_protection"]["default"] is True
    assert module_vars["billing_mode"]["default"] == "PAY_PER_REQUEST"
    assert module_vars["point_in_time_recovery_enabled"]["default"] is True
    assert module_vars["create_orleans_tables"]["default"] is True
    assert module_vars["grain_state_ttl_enabled"]["default"] is False
    assert module_vars["grain_state_delete_on_clear"]["default"] is False
    assert module_vars["kms_key_arn"].get("default") is None
    for name, spec in root["variables"].items():
        if name in ("region", "name_prefix"):
            continue
        assert without_nulls(spec.get("default")) == without_nulls(module_vars[name].get("default")), name


def test_ttl_only_on_grain_state_and_only_when_enabled(default_plan, variant_plan):
    assert not tables(default_plan)["grain_state"].get("ttl")
    planned = tables(variant_plan)
    assert planned["grain_state"]["ttl"] == [{"attribute_name": "GrainTtl", "enabled": True}]
    for role in (ORLEANS | DCB) - {"grain_state"}:
        assert not planned[role].get("ttl"), role


def test_default_statements_exact(default_plan):
    assert statements(default_plan) == default_statements()
    assert_least_privilege(default_plan)


def test_variant_settings(variant_plan):
    planned = tables(variant_plan)
    assert planned["clustering"]["name"] == "OrleansSilos"
    assert planned["grain_state"]["name"] == "shop-dev-orleans-grain-state"
    for role, table in planned.items():
        assert table["billing_mode"] == "PROVISIONED", role
        assert (table["read_capacity"], table["write_capacity"]) == (3, 2), role
        for gsi in table["global_secondary_index"]:
            assert (gsi["read_capacity"], gsi["write_capacity"]) == (3, 2), role
        assert table["server_side_encryption"] == [{"enabled": True, "kms_key_arn": KMS_KEY}], role
        assert table["deletion_protection_enabled"] is False, role
        assert table["point_in_time_recovery"][0]["enabled"] is False, role


def test_variant_statements(variant_plan):
    stmts = statements(variant_plan)
    assert stmts["OrleansClustering"][1] == [arn("OrleansSilos")]
    assert stmts["OrleansGrainState"] == (
        ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        [arn("shop-dev-orleans-grain-state")],
    )
    assert stmts["DynamoDbTableKey"] == (["kms:Decrypt", "kms:GenerateDataKey"], [KMS_KEY])
    assert_least_privilege(variant_plan)


def test_without_orleans_tables_keeps_exactly_the_event_store(default_plan, no_orleans_plan):
    assert set(tables(no_orleans_plan)) == DCB
    dropped = set(tables(default_plan)) - set(tables(no_orleans_plan))
    assert dropped == ORLEANS
    planned_addresses = {a for a, rc in no_orleans_plan.resource_changes.items() if "create" in rc["change"]["actions"]}
    assert planned_addresses == {f'{MODULE}.aws_dynamodb_table.this["{role}"]' for role in DCB}
    for output in ("clustering_table_name", "grain_state_table_name", "reminders_table_name"):
        assert no_orleans_plan.outputs[output] is None
    assert set(no_orleans_plan.outputs["table_names"]) == DCB
    expected = {sid: stmt for sid, stmt in default_statements().items() if not sid.startswith("Orleans")}
    assert statements(no_orleans_plan) == expected
    assert_least_privilege(no_orleans_plan)


@pytest.mark.parametrize(
    ("tf_vars", "message"),
    [
        ({"billing_mode": "ON_DEMAND"}, "billing_mode must be PAY_PER_REQUEST or PROVISIONED"),
        ({"name_prefix": "Bad_Prefix"}, "name_prefix must be 3-32 characters"),
        ({"table_names": {"dcb_events": "no spaces allowed"}}, "Each table name must be 3-255 characters"),
        ({"kms_key_arn": "alias/aws/dynamodb"}, "kms_key_arn must be a KMS key ARN"),
    ],
)
def test_invalid_inputs_are_rejected(module_plan, tf_vars, message):
    with pytest.raises(tftest.TerraformTestError) as err:
        module_plan(EXAMPLE, **tf_vars)
    assert message in " ".join(str(err.value).split())
