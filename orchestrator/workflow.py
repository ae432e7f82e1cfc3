"""The plan/apply pipeline: prepare a working directory, plan, gate, apply, verify.

This is the edge where subprocesses and AWS calls happen; the decisions are
made by the pure modules (config, render, plan_summary, guard).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import botocore.exceptions
from botocore.config import Config as BotoConfig

from . import config, emulator, guard, render, state, toolchain
from .plan_summary import Change, PlanSummary, summarize
from .runner import Terraform, TerraformError, log, step

PLAN_FILE = "plan.tfplan"
PLAN_JSON = "plan.json"
PLAN_TEXT = "plan.txt"
PLAN_META = "plan.meta.json"


class PipelineError(Exception):
    """A refusal or failure already worded for the user."""


@dataclass
class Context:
    env: config.Environment
    target: render.Target
    workdir: Path
    fingerprint: str
    tf: Terraform
    aws_env: dict[str, str]

    @property
    def label(self) -> str:
        return f"{self.env.name}{' (rehearsal)' if self.target.rehearse else ''}"

    def path(self, name: str) -> Path:
        return self.workdir / name

    def boto(self, service: str) -> Any:
        """A boto3 client that talks to the same AWS (or emulator) as Terraform."""
        kwargs: dict[str, Any] = {"region_name": self.env.data["region"], "config": BotoConfig(retries={"max_attempts": 2})}
        if self.target.emulator:
            access_key, secret_key = emulator.emulator_keys()
            kwargs.update(endpoint_url=self.target.endpoint, aws_access_key_id=access_key, aws_secret_access_key=secret_key)
        return boto3.session.Session().client(service, **kwargs)


def _check_credentials(env: config.Environment) -> None:
    """Fail before Terraform runs when no AWS identity is available for a real account."""
    try:
        boto3.session.Session().client("sts", region_name=env.data["region"]).get_caller_identity()
    except (botocore.exceptions.NoCredentialsError, botocore.exceptions.PartialCredentialsError):
        raise PipelineError(
            f"{env.path.name}: target = \"aws\": no AWS credentials found; expected AWS_PROFILE (e.g. after "
            "`aws sso login`), or a role assumed through GitHub OIDC. Nothing was planned or applied. "
            "To try this environment without AWS, add --rehearse."
        ) from None
    except botocore.exceptions.ClientError as exc:
        raise PipelineError(f"{env.path.name}: AWS rejected the credentials: {exc}") from None
    except botocore.exceptions.EndpointConnectionError as exc:
        raise PipelineError(f"{env.path.name}: cannot reach AWS STS ({exc}); nothing was planned or applied") from None


def prepare(ref: str, *, rehearse: bool = False, emulator_port: int | None = None, init: bool = True) -> Context:
    env = config.load(ref)
    target = render.target_for(env, rehearse=rehearse, emulator_port=emulator_port)
    tools = toolchain.load()
    aws_env: dict[str, str] = {"AWS_REGION": env.data["region"]}
    if target.emulator:
        source = f"{config._rel(env.path)}" if env.is_emulator else "envs/local.json"
        with step(env.name, f"emulator on {target.endpoint}"):
            emulator.ensure_running(target.emulator_port, source=source)
        aws_env.update(emulator.client_env(target.emulator_port))
    else:
        _check_credentials(env)
    workdir, fingerprint = render.write(env, target)
    tf = Terraform(tools.terraform, workdir, {**tools.env(), **aws_env}, env.name)
    ctx = Context(env, target, workdir, fingerprint, tf, aws_env)
    if target.emulator:
        # On the emulator, state lives beside the resources and dies with them.
        state.ensure_state_bucket(ctx.boto("s3"), render.backend_settings(env, target)["bucket"], env.data["region"])
    if init:
        with step(ctx.label, "terraform init"):
            tf.init()
    return ctx


def _queue_message_count(ctx: Context, plan: dict[str, Any]) -> Any:
    """Live message count of a queue the plan would delete (0 when it cannot be read)."""
    urls = {rc["address"]: (rc.get("change", {}).get("before") or {}).get("url") for rc in plan.get("resource_changes", [])}

    def count(change: Change) -> int:
        url = urls.get(change.address)
        if not url:
            return 0
        try:
            attrs = ctx.boto("sqs").get_queue_attributes(
                QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
            )["Attributes"]
        except botocore.exceptions.ClientError:
            return 0
        return sum(int(v) for v in attrs.values())

    return count


def print_summary(ctx: Context, summary: PlanSummary) -> None:
    log(ctx.label, f"plan: {summary.line()}")
    for change in summary.destructive:
        verb = "REPLACE" if change.is_replace else "DESTROY"
        log(ctx.label, f"  {verb} {change.address}: {change.why()}")


def plan(ctx: Context, *, gates: bool = True, destroy: bool = False) -> tuple[PlanSummary, dict[str, Any]]:
    """Plan, save plan file + JSON + text, and run the pre-apply gates."""
    with step(ctx.label, "terraform plan"):
        ctx.tf.plan(ctx.path(PLAN_FILE), destroy=destroy)
        plan_json = ctx.tf.show_json(ctx.path(PLAN_FILE))
        ctx.path(PLAN_JSON).write_text(json.dumps(plan_json))
        ctx.path(PLAN_TEXT).write_text(ctx.tf.show_text(ctx.path(PLAN_FILE)))
        ctx.path(PLAN_META).unlink(missing_ok=True)
    summary = summarize(plan_json)
    print_summary(ctx, summary)
    if gates and not destroy:
        run_plan_gates(ctx, plan_json)
    # Recorded only once the gates passed: a refused plan is never applied later.
    ctx.path(PLAN_META).write_text(json.dumps({"fingerprint": ctx.fingerprint, "destroy": destroy, "gated": gates, "created": time.time()}))
    return summary, plan_json


def run_plan_gates(ctx: Context, plan_json: dict[str, Any]) -> None:
    """checkov on the plan JSON; a failure stops before anything is applied."""
    try:
        from . import policy
    except ImportError:  # pragma: no cover - policy gate not installed
        return
    with step(ctx.label, "checkov gate on the plan"):
        policy.gate_plan(ctx.path(PLAN_JSON), label=ctx.label, tier=ctx.env.tier, emulator=ctx.target.emulator)


def saved_plan_is_current(ctx: Context) -> bool:
    try:
        meta = json.loads(ctx.path(PLAN_META).read_text())
    except (OSError, ValueError):
        return False
    return ctx.path(PLAN_FILE).exists() and meta.get("fingerprint") == ctx.fingerprint and meta.get("gated") and not meta.get("destroy")


def apply(ctx: Context, *, allow_replace: set[str], plan_file: Path | None = None, verify: bool = True) -> PlanSummary:
    if plan_file is not None:
        plan_path = plan_file.resolve()
        if not plan_path.exists():
            raise PipelineError(f"--plan {plan_file}: no such plan file (expected a file written by `python -m orchestrator plan {ctx.env.name}`)")
        plan_json = ctx.tf.show_json(plan_path)
        summary = summarize(plan_json)
        print_summary(ctx, summary)
        run_plan_gates(ctx, plan_json)
    elif saved_plan_is_current(ctx):
        log(ctx.label, f"applying the saved plan {ctx.path(PLAN_FILE)}")
        plan_path = ctx.path(PLAN_FILE)
        plan_json = json.loads(ctx.path(PLAN_JSON).read_text())
        summary = summarize(plan_json)
        print_summary(ctx, summary)
    else:
        summary, plan_json = plan(ctx)
        plan_path = ctx.path(PLAN_FILE)

    refused = guard.refusals(summary, allow_replace, _queue_message_count(ctx, plan_json))
    if refused:
        raise PipelineError(guard.message(ctx.label, refused))

    if summary.has_changes:
        with step(ctx.label, "terraform apply"):
            try:
                ctx.tf.apply(plan_path)
            except TerraformError as exc:
                stale = "Saved plan is stale" in str(exc) or "Saved plan does not match the given state" in str(exc)
                if stale and plan_file is None:
                    log(ctx.label, "the saved plan is stale (state changed since); planning again")
                    ctx.path(PLAN_META).unlink(missing_ok=True)
                    return apply(ctx, allow_replace=allow_replace, verify=verify)
                raise
    else:
        log(ctx.label, "no changes to apply")
    ctx.path(PLAN_META).unlink(missing_ok=True)  # a plan is consumed once applied
    if verify:
        run_verify(ctx)
    return summary


def run_verify(ctx: Context) -> None:
    try:
        from . import verify
    except ImportError:  # pragma: no cover - verification not installed
        return
    with step(ctx.label, "live verification"):
        verify.verify_or_raise(ctx)


def outputs(ctx: Context) -> dict[str, Any]:
    return ctx.tf.output()


def app_contract(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    contract = dict(values.get("app_contract") or {})
    contract["environment"] = ctx.env.name
    contract["aws_endpoint_url"] = ctx.target.endpoint
    return contract


def appsettings(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    """The container environment as an appsettings.json fragment (A__B -> {"A": {"B": ...}})."""
    tree: dict[str, Any] = {}
    settings = dict(values.get("app_settings") or {})
    if ctx.target.endpoint:
        settings["AWS__ServiceURL"] = ctx.target.endpoint
    for key, value in sorted(settings.items()):
        node = tree
        parts = key.split("__")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return tree


def destroy(ctx: Context) -> PlanSummary:
    summary, _ = plan(ctx, destroy=True)
    if summary.has_changes:
        with step(ctx.label, "terraform destroy"):
            ctx.tf.apply(ctx.path(PLAN_FILE))
    ctx.path(PLAN_META).unlink(missing_ok=True)
    return summary


def environ_flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")
