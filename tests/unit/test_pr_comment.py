"""Plan comments rendered from hand-built `terraform show -json` plans: counts, warnings, size, secrets."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from orchestrator import config, pr_comment
from orchestrator.plan_summary import summarize

SECRET = "hunter2-correct-horse-battery"
OLD_SECRET = "previous-db-password-1234"
VARIABLE_SECRET = "tf-variable-api-key-5678"
DEV = config.load("dev")
RUN = pr_comment.Context(run_url="https://github.example/acme/orleans-shop/actions/runs/4242", sha="0123456789ab", artifact="plan-dev")


def rc(address: str, actions: list[str], *, reason: str | None = None, **change) -> dict:
    out = {"address": address, "type": address.split(".")[-2], "change": {"actions": actions, **change}}
    if reason:
        out["action_reason"] = reason
    return out


def make_plan(*changes: dict) -> dict:
    return {"format_version": "1.2", "resource_changes": list(changes)}


CREATE = rc(
    "module.stack.module.streams.aws_sqs_queue.stream[0]", ["create"],
    before=None, after={"name": "orleans-dev-sqsprovider-0", "tags": {"Project": "x"}}, after_unknown={"arn": True}, after_sensitive={},
)
UPDATE = rc(
    "module.stack.module.app.aws_ecs_service.this", ["update"],
    before={"desired_count": 1, "name": "app"}, after={"desired_count": 2, "name": "app"},
    before_sensitive={}, after_sensitive={}, after_unknown={},
)
DELETE = rc("module.stack.module.snapshots.aws_s3_bucket.old", ["delete"], reason="delete_because_no_resource_config", before={"bucket": "old"}, after=None)
REPLACE = rc(
    'module.stack.module.dynamodb.aws_dynamodb_table.orleans["clustering"]', ["delete", "create"],
    reason="replace_because_cannot_update", replace_paths=[["hash_key"]],
    before={"hash_key": "A"}, after={"hash_key": "B"}, after_unknown={}, after_sensitive={},
)
SENSITIVE_UPDATE = rc(
    "module.stack.module.rds.aws_db_instance.this", ["update"],
    before={"password": OLD_SECRET, "allocated_storage": 20, "connection": {"user": "app", "token": OLD_SECRET}},
    after={"password": SECRET, "allocated_storage": 30, "connection": {"user": "app", "token": SECRET}},
    before_sensitive={"password": True, "connection": {"token": True}},
    after_sensitive={"password": True, "connection": {"token": True}},
    after_unknown={},
)
FULL = make_plan(CREATE, UPDATE, DELETE, REPLACE, SENSITIVE_UPDATE)


def comment(plan: dict, tmp_path: Path | None = None, plan_text: str | None = None, context=RUN, cost: str = "") -> str:
    plan_path = None
    if tmp_path is not None:
        plan_path = tmp_path / "plan.json"
        plan_path.write_text(json.dumps(plan))
        if plan_text is not None:
            (tmp_path / "plan.txt").write_text(plan_text)
    return pr_comment.plan_comment("dev", plan, plan_path, context, cost)


def test_counts_replace_as_both_add_and_destroy():
    summary = summarize(FULL)
    assert (summary.add, summary.change, summary.destroy) == (2, 2, 2)
    body = comment(FULL)
    assert "| 2 | 2 | 2 |" in body
    assert "2 to add, 2 to change, 2 to destroy" in body.splitlines()[1]


def test_marker_opens_the_body_and_names_the_environment():
    body = comment(FULL)
    assert body.startswith("<!-- orleans-aws-infra:plan:dev -->\n")
    assert "Terraform plan for `dev`" in body


def test_destroy_and_replace_are_warned_with_their_reasons():
    body = comment(FULL)
    assert "⚠️ **This plan destroys or replaces 2 resource(s).**" in body
    assert "| destroy | `module.stack.module.snapshots.aws_s3_bucket.old` | delete because no resource config |" in body
    assert '| replace | `module.stack.module.dynamodb.aws_dynamodb_table.orleans["clustering"]` | replaced because hash_key changed |' in body


def test_no_warning_without_destroys():
    body = comment(make_plan(CREATE, UPDATE))
    assert "WARNING" not in body and "destroys or replaces" not in body
    assert body.splitlines()[1].startswith("### 📝")


def test_no_changes_says_so():
    body = comment(make_plan(rc("module.stack.aws_vpc.this", ["no-op"], before={}, after={})))
    assert body.splitlines()[1].startswith("### ✅") and "No changes" in body


def test_readable_plan_from_json_lists_every_change():
    text = pr_comment.readable_plan(FULL)
    assert "+ create module.stack.module.streams.aws_sqs_queue.stream[0]" in text
    assert "arn = (known after apply)" in text
    assert "desired_count: 1 -> 2" in text
    assert "- delete module.stack.module.snapshots.aws_s3_bucket.old" in text
    assert '-/+ replace module.stack.module.dynamodb.aws_dynamodb_table.orleans["clustering"]  (replaced because hash_key changed)' in text
    assert "allocated_storage: 20 -> 30" in text
    assert "name: " not in text  # unchanged attributes of an update stay out


def test_sensitive_values_never_appear():
    plan = {
        **FULL,
        "output_changes": {"db_password": {"actions": ["update"], "before": OLD_SECRET, "after": SECRET, "before_sensitive": True, "after_sensitive": True}},
        "variables": {"api_key": {"value": VARIABLE_SECRET}, "region": {"value": "ap-northeast-1"}},
        "configuration": {"root_module": {"variables": {"api_key": {"sensitive": True}, "region": {}}}},
    }
    body = comment(plan)
    for secret in (SECRET, OLD_SECRET, VARIABLE_SECRET):
        assert secret not in body
    assert "password: (sensitive) -> (sensitive)" in body
    assert '"token": "(sensitive)"' in body and '"user": "app"' in body  # only the marked leaf is hidden
    assert "db_password = (sensitive)" in body


def test_secrets_leaking_into_plan_text_are_scrubbed(tmp_path):
    # Terraform hides marked values in `terraform show`; if one still slipped
    # into the text (an unmarked attribute), the comment must not carry it.
    leaked = f'  ~ user_data = "export DB_PASSWORD={SECRET}"\n  ~ note = "{json.dumps("line1" + chr(10) + OLD_SECRET)[1:-1]}"\n'
    body = comment(FULL, tmp_path, plan_text=leaked)
    assert SECRET not in body and OLD_SECRET not in body
    assert "DB_PASSWORD=(sensitive)" in body
    assert "Full plan (terraform show)" in body


def test_plan_text_beside_the_json_is_the_detail(tmp_path):
    body = comment(FULL, tmp_path, plan_text="Terraform will perform the following actions:\n  # x will be created")
    assert "# x will be created" in body and "summary of the plan JSON" not in body


def test_backticks_in_the_plan_cannot_close_the_fence(tmp_path):
    body = comment(FULL, tmp_path, plan_text="a ``` b ```` c")
    assert "`````text\na ``` b ```` c\n`````" in body


def test_oversized_plan_is_cut_under_the_limit_with_the_summary_whole(tmp_path):
    line = "  # module.stack.aws_sqs_queue.q will be updated in-place: some attribute changes here\n"
    huge = line * (200_000 // len(line) + 1)
    assert len(huge) > 200_000
    body = comment(FULL, tmp_path, plan_text=huge)
    assert len(body) < pr_comment.GITHUB_LIMIT and len(body.encode()) <= pr_comment.BODY_BUDGET
    # the summary is whole
    assert "| 2 | 2 | 2 |" in body
    assert "| destroy | `module.stack.module.snapshots.aws_s3_bucket.old`" in body
    assert '| replace | `module.stack.module.dynamodb.aws_dynamodb_table.orleans["clustering"]`' in body
    # the detail is cut, says so, and points at the artifact of the run
    assert "… (cut here: see the full plan)" in body
    assert "✂️ **The plan above is cut**" in body
    assert "`plan-dev` artifact of [this workflow run](https://github.example/acme/orleans-shop/actions/runs/4242)" in body
    assert body.rstrip().endswith("</sub>")  # the footer survives too


def test_oversized_plan_without_a_run_points_at_the_local_file(tmp_path):
    local = pr_comment.Context(local_plan_text=".build/dev/plan.txt")
    body = comment(FULL, tmp_path, plan_text="x" * 10 + "\n" + "y" * 100_000, context=local)
    assert len(body) < pr_comment.GITHUB_LIMIT
    assert "The full plan is in `.build/dev/plan.txt`" in body


def test_even_thousands_of_destroys_fit():
    many = [rc(f"module.stack.aws_sqs_queue.q[{i}]", ["delete"], before={}, after=None) for i in range(3000)]
    body = comment(make_plan(*many))
    assert len(body.encode()) <= pr_comment.BODY_BUDGET
    assert "| 0 | 0 | 3000 |" in body and "more (see the full plan)" in body


def test_cost_section_is_left_out_without_the_cost_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "orchestrator.cost", None)  # import fails as if absent
    assert pr_comment.cost_markdown(DEV) == ""


def test_cost_section_comes_from_the_cost_module(monkeypatch):
    fake = types.ModuleType("orchestrator.cost")
    fake.markdown_section = lambda env: f"#### 💰 Cost of {env.name}\nabout $42 per month"
    monkeypatch.setitem(sys.modules, "orchestrator.cost", fake)
    section = pr_comment.cost_markdown(DEV)
    body = comment(FULL, cost=section)
    assert "#### 💰 Cost of dev\nabout $42 per month" in body
    assert body.index("Cost of dev") < body.index("<details>")


def test_the_real_cost_module_gives_a_section_when_present():
    pytest.importorskip("orchestrator.cost")
    section = pr_comment.cost_markdown(DEV)
    assert section and not section.startswith("_Cost estimate unavailable")


def test_a_failing_cost_module_costs_one_line_not_the_comment(monkeypatch):
    fake = types.ModuleType("orchestrator.cost")
    fake.markdown_section = lambda env: (_ for _ in ()).throw(RuntimeError("no price table\nmore"))
    monkeypatch.setitem(sys.modules, "orchestrator.cost", fake)
    assert pr_comment.cost_markdown(DEV) == "_Cost estimate unavailable: no price table_"


def test_drift_issue_has_its_own_marker_and_says_what_to_do():
    title, body = pr_comment.drift_issue("stg", FULL, None, RUN)
    assert title == "Drift detected in stg"
    assert body.startswith("<!-- orleans-aws-infra:drift:stg -->\n")
    assert "no longer matches its code" in body and "⚠️" in body
    assert SECRET not in body


def test_redact_follows_the_mask():
    value = {"a": "x", "b": ["y", "z"], "c": {"d": "w"}}
    mask = {"b": [False, True], "c": True}
    assert pr_comment.redact(value, mask) == {"a": "x", "b": ["y", "(sensitive)"], "c": "(sensitive)"}
    assert pr_comment.redact("s", True) == "(sensitive)"


def test_fork_notice_has_its_marker():
    body = pr_comment.fork_notice(RUN)
    assert body.startswith(pr_comment.FORK_MARKER) and "`dev`, `stg`, `prod`" in body


def test_cost_section_compares_with_the_base_branch(tmp_path):
    import json as _json

    base = _json.loads((config.ENVS / "dev.json").read_text())
    base["app"]["min_count"] = 2  # the base branch ran two tasks; this change goes down to one
    base["app"]["max_count"] = 2
    path = tmp_path / "base-dev.json"
    path.write_text(_json.dumps(base))
    section = pr_comment.cost_markdown(config.load("dev"), pr_comment.load_baseline(path))
    assert "lowers the fixed cost by $" in section
    assert pr_comment.load_baseline(tmp_path / "missing.json") is None
