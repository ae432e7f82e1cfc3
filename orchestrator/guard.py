"""The stateful-resource guard: a plan that would delete or replace data is refused.

Tables, the snapshot bucket and databases are always guarded; a queue only
while it holds messages (an empty queue loses nothing). Each such resource
must be named with --allow-replace ADDRESS before the plan may be applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .plan_summary import Change, PlanSummary

ALWAYS_GUARDED = {
    "aws_dynamodb_table": "DynamoDB table (Orleans or event-store data)",
    "aws_s3_bucket": "S3 bucket (snapshots)",
    "aws_db_instance": "RDS database",
    "aws_rds_cluster": "RDS cluster",
}
GUARDED_WHEN_NOT_EMPTY = {"aws_sqs_queue": "SQS queue"}


@dataclass(frozen=True)
class Refusal:
    change: Change
    kind: str

    def line(self) -> str:
        verb = "replace" if self.change.is_replace else "delete"
        return f"  - {self.change.address} ({self.kind}): would {verb}: {self.change.why()}"


def refusals(
    summary: PlanSummary,
    allowed: set[str],
    queue_message_count: Callable[[Change], int] = lambda _c: 0,
) -> list[Refusal]:
    """Destructive changes to stateful resources that were not explicitly allowed."""
    found = []
    for change in summary.destructive:
        if change.address in allowed:
            continue
        if change.resource_type in ALWAYS_GUARDED:
            found.append(Refusal(change, ALWAYS_GUARDED[change.resource_type]))
        elif change.resource_type in GUARDED_WHEN_NOT_EMPTY:
            count = queue_message_count(change)
            if count:
                found.append(Refusal(change, f"{GUARDED_WHEN_NOT_EMPTY[change.resource_type]} holding {count} message(s)"))
    return found


def message(label: str, found: list[Refusal]) -> str:
    names = " ".join(f"--allow-replace '{r.change.address}'" for r in found)
    return (
        f"refusing to apply {label}: the plan would destroy data in {len(found)} stateful resource(s):\n"
        + "\n".join(r.line() for r in found)
        + f"\nNothing was applied. If this is intended, name each one: {names}"
    )
