"""Each safety gate shown catching its fault on the live emulator stack, and passing when clean."""

from __future__ import annotations

import copy
import json
import re
import signal
import threading
import time

import pytest

from orchestrator import config

pytestmark = pytest.mark.emulator
LOCAL = json.loads((config.ENVS / "local.json").read_text())


def variant(tmp_path, name, mutate) -> str:
    data = copy.deepcopy(LOCAL)
    mutate(data)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data))
    return str(path)


def error_text(result) -> str:
    """The error part of stderr (progress lines start with '[env]')."""
    return "\n".join(line for line in result.stderr.strip().splitlines() if not line.startswith("["))


@pytest.fixture(scope="module")
def stack(orch, deployed):
    deployed("local")
    return orch


def app_group(aws):
    groups = aws("ec2").describe_security_groups(Filters=[{"Name": "group-name", "Values": ["orleans-local-app"]}])["SecurityGroups"]
    return groups[0]["GroupId"]


def test_verify_catches_a_planted_open_port(stack, aws):
    ec2, sg = aws("ec2"), app_group(aws)
    permission = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=permission)
    try:
        result = stack.run("verify", "local")
        assert result.returncode == 1
        assert "ingress only as designed" in error_text(result)
        assert f"security group {sg}" in error_text(result) and "port 22-22 open to 0.0.0.0/0" in error_text(result)
    finally:
        ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=permission)
    assert stack.run("verify", "local").returncode == 0


def test_guard_refuses_a_table_replacement(stack, tmp_path, aws):
    path = variant(tmp_path, "renamed-table", lambda d: d["orleans"].update({"table_names": {"clustering": "orleans-local-renamed-silos"}}))
    result = stack.run("apply", path)
    assert result.returncode == 1
    text = error_text(result)
    address = 'module.stack.module.dynamodb.aws_dynamodb_table.this["clustering"]'
    assert "refusing to apply local" in text and address in text
    assert "would replace: replaced because name changed" in text
    assert f"--allow-replace '{address}'" in text
    assert "Nothing was applied" in text
    assert aws("dynamodb").describe_table(TableName="orleans-local-orleans-clustering")["Table"]["TableStatus"] == "ACTIVE"


def test_guard_refuses_replacing_the_snapshot_bucket(stack, tmp_path):
    # Same state (its default location follows name_prefix), new names: every named resource is replaced.
    path = variant(tmp_path, "renamed-prefix", lambda d: d.update(
        {"name_prefix": "orleans-local2", "state": {"bucket": "orleans-local-tfstate", "key": "local/terraform.tfstate"}}))
    result = stack.run("apply", path)
    assert result.returncode == 1
    assert "module.stack.module.snapshots.aws_s3_bucket.this (S3 bucket (snapshots)): would replace" in error_text(result)


def test_second_plan_after_refusals_is_still_empty(stack):
    assert stack.run("plan", "local", "--detailed-exitcode").returncode == 0


def _wait_for(proc, marker: str, lines: list[str], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        lines.append(line)
        if marker in line:
            return
        assert time.monotonic() < deadline, f"no {marker!r} within {timeout} s"
    raise AssertionError(f"process ended before {marker!r}:\n{''.join(lines)}")


def _drain(proc, lines):
    thread = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    thread.start()
    return thread


def test_two_applies_at_once_the_second_fails_fast_with_the_holder(stack, tmp_path, tmp_path_factory):
    # A lifecycle change keeps the first apply busy for about a minute (the provider's S3 waiter).
    slow = variant(tmp_path, "slow-change", lambda d: d.update({"snapshots": {**d["snapshots"], "noncurrent_version_expiration_days": 31}}))
    first = stack.popen("apply", slow)
    lines: list[str] = []
    _wait_for(first, "terraform apply ...", lines)
    drain = _drain(first, lines)
    time.sleep(2)
    started = time.monotonic()
    second = stack.run("apply", slow, work_root=tmp_path_factory.mktemp("second-laptop"))
    waited = time.monotonic() - started
    assert first.wait(timeout=600) == 0, "".join(lines)
    drain.join(timeout=5)
    assert second.returncode == 1
    text = error_text(second)
    assert re.search(r"the state of local is locked \(lock id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}, held by \S+@\S+", text), text
    assert "force-unlock " in text and "Nothing was changed" in text
    assert waited < 60, f"the second apply waited {waited:.0f} s instead of failing fast"


def test_interrupt_during_apply_is_passed_on_and_a_rerun_converges(stack):
    run = stack.popen("apply", "local")  # back from 31 to 30 days: another slow lifecycle update
    lines: list[str] = []
    _wait_for(run, "terraform apply ...", lines)
    drain = _drain(run, lines)
    time.sleep(3)
    run.send_signal(signal.SIGINT)
    code = run.wait(timeout=600)
    drain.join(timeout=5)
    output = "".join(lines)
    assert "passing it to Terraform and waiting for it to stop cleanly" in output
    assert code != 0, output
    rerun = stack.run("apply", "local")
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr
    assert stack.run("plan", "local", "--detailed-exitcode").returncode == 0


def test_a_held_lock_is_reported_and_never_removed(stack, aws):
    s3 = aws("s3")
    lock_key = "local/terraform.tfstate.tflock"
    holder = {"ID": "11111111-2222-3333-4444-555555555555", "Operation": "OperationTypeApply", "Info": "",
              "Who": "alice@laptop", "Version": "1.11.4", "Created": "2026-12-03T10:00:00Z", "Path": "orleans-local-tfstate/local/terraform.tfstate"}
    s3.put_object(Bucket="orleans-local-tfstate", Key=lock_key, Body=json.dumps(holder).encode())
    try:
        result = stack.run("plan", "local")
        assert result.returncode == 1
        text = error_text(result)
        assert "lock id 11111111-2222-3333-4444-555555555555" in text and "held by alice@laptop" in text
        assert "force-unlock 11111111-2222-3333-4444-555555555555" in text
        s3.head_object(Bucket="orleans-local-tfstate", Key=lock_key)  # still there: we never unlock on our own
    finally:
        s3.delete_object(Bucket="orleans-local-tfstate", Key=lock_key)
    after = stack.run("plan", "local", "--detailed-exitcode")
    assert after.returncode in (0, 2) and "locked" not in after.stderr, after.stderr[-2000:]  # the state is usable again
