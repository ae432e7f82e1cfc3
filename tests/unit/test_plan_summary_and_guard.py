"""Plan summaries and the stateful-resource guard, on hand-built plan JSON."""

from orchestrator import guard
from orchestrator.plan_summary import summarize


def rc(address, rtype, actions, **extra):
    return {"address": address, "type": rtype, "change": {"actions": actions, **extra.pop("change", {})}, **extra}


PLAN = {
    "resource_changes": [
        rc("module.stack.module.vpc.aws_vpc.this", "aws_vpc", ["no-op"]),
        rc("module.stack.module.app.aws_ecs_service.this", "aws_ecs_service", ["update"]),
        rc("module.stack.module.alb.aws_lb.this", "aws_lb", ["create"]),
        rc(
            'module.stack.module.dynamodb.aws_dynamodb_table.orleans["clustering"]',
            "aws_dynamodb_table",
            ["delete", "create"],
            action_reason="replace_because_cannot_update",
            change={"replace_paths": [["hash_key"]]},
        ),
        rc("module.stack.module.snapshots.aws_s3_bucket.this", "aws_s3_bucket", ["delete"], action_reason="delete_because_no_resource_config"),
        rc('module.stack.module.streams.aws_sqs_queue.stream["0"]', "aws_sqs_queue", ["delete"], change={"before": {"url": "http://q/0"}}),
    ]
}


def test_counts_follow_terraform():
    summary = summarize(PLAN)
    assert (summary.add, summary.change, summary.destroy) == (2, 1, 3)
    assert summary.line() == "2 to add, 1 to change, 3 to destroy"
    assert [c.address.rsplit(".", 1)[-1] for c in summary.destructive] == ['orleans["clustering"]', "this", 'stream["0"]']


def test_replace_reason_names_the_changed_attribute():
    table = summarize(PLAN).destructive[0]
    assert table.is_replace and table.why() == "replaced because hash_key changed"


def test_guard_refuses_table_and_bucket_but_not_an_empty_queue():
    found = guard.refusals(summarize(PLAN), allowed=set())
    assert [r.change.resource_type for r in found] == ["aws_dynamodb_table", "aws_s3_bucket"]
    text = guard.message("dev", found)
    assert "would replace: replaced because hash_key changed" in text
    assert "would delete: delete because no resource config" in text
    assert "--allow-replace 'module.stack.module.snapshots.aws_s3_bucket.this'" in text


def test_guard_refuses_a_queue_that_holds_messages():
    found = guard.refusals(summarize(PLAN), allowed=set(), queue_message_count=lambda c: 7)
    assert any("holding 7 message(s)" in r.line() for r in found)


def test_guard_lets_named_resources_through():
    summary = summarize(PLAN)
    allowed = {c.address for c in summary.destructive}
    assert guard.refusals(summary, allowed=allowed, queue_message_count=lambda c: 7) == []


def test_no_changes():
    summary = summarize({"resource_changes": [rc("a.b", "aws_vpc", ["no-op"])]})
    assert not summary.has_changes and summary.destructive == ()


def test_a_plan_that_changes_only_outputs_still_has_changes():
    summary = summarize({"resource_changes": [], "output_changes": {"app_contract": {"actions": ["update"]}, "resources": {"actions": ["no-op"]}}})
    assert summary.has_changes and summary.outputs_changed == ("app_contract",)
    assert summary.line() == "0 to add, 0 to change, 0 to destroy (outputs changed: app_contract)"


def test_lock_message_reads_the_lock_info_block_not_the_request_id():
    from pathlib import Path

    from orchestrator.runner import _lock_message

    stderr = """Error: Error acquiring the state lock

Error message: operation error S3: PutObject, https response error
StatusCode: 412, RequestID:
BNZwtzLlS8rFgy2t32Vove4aQ9OLDB7ryBQnVddzLFLhUpcuOfyF, HostID:
api error PreconditionFailed: At least one of the pre-conditions you
Lock Info:
  ID:        55515b31-7cba-5e33-c3a1-33fea4077c3d
  Path:      probe-tfstate/x/terraform.tfstate
  Operation: OperationTypeApply
  Who:       root@vm
"""
    text = _lock_message(stderr, Path("/w"), "dev")
    assert "lock id 55515b31-7cba-5e33-c3a1-33fea4077c3d, held by root@vm, probe-tfstate/x/terraform.tfstate" in text
    assert text.endswith("terraform -chdir=/w force-unlock 55515b31-7cba-5e33-c3a1-33fea4077c3d")
