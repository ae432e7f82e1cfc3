"""`python -m orchestrator COMMAND ENV`: a thin CLI over the pipeline.

Every user error ends as one `error: ...` line and a non-zero exit; no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import config, emulator, render, toolchain
from .runner import TerraformError, echo_error, log

ENV_HELP = "environment name (envs/NAME.json: local, dev, stg, prod) or a path to an environment JSON file"


def _env_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("env", metavar="ENV", help=ENV_HELP)


def _target_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rehearse",
        action="store_true",
        help="run this environment's config against the local emulator (only endpoints, credentials and the state backend change)",
    )
    parser.add_argument("--emulator-port", type=int, default=None, help="emulator port (default: envs/local.json emulator.port)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m orchestrator",
        description="Validate, plan, apply and verify the Orleans-on-AWS stack for one environment.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="validate an environment file (schema and semantic checks), then the Terraform")
    _env_arg(p)
    p.add_argument("--no-terraform", action="store_true", help="only validate the JSON file")

    p = sub.add_parser("plan", help="plan and save the plan (.build/ENV/plan.tfplan, plan.json, plan.txt)")
    _env_arg(p)
    _target_args(p)
    p.add_argument("--detailed-exitcode", action="store_true", help="exit 0 with no changes, 2 with changes, 1 on errors")

    p = sub.add_parser("apply", help="apply the saved plan (planning first when none is saved or it is stale), then verify")
    _env_arg(p)
    _target_args(p)
    p.add_argument("--plan", type=Path, default=None, help="apply exactly this saved plan file (never re-plans)")
    p.add_argument("--allow-replace", action="append", default=[], metavar="ADDRESS", help="allow deleting or replacing this stateful resource")
    p.add_argument("--no-verify", action="store_true", help="skip the live verification after apply")

    p = sub.add_parser("destroy", help="destroy every resource of the environment")
    _env_arg(p)
    _target_args(p)
    p.add_argument("--yes", action="store_true", help="required for environments outside the emulator")

    p = sub.add_parser("output", help="print the app contract (what the .NET app needs)")
    _env_arg(p)
    _target_args(p)
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON")
    fmt.add_argument("--format", choices=["json", "appsettings", "text"], default=None, help="appsettings prints an appsettings.json fragment")

    p = sub.add_parser("verify", help="check the deployed resources against the design's invariants")
    _env_arg(p)
    _target_args(p)

    p = sub.add_parser("bootstrap", help="create the environment's state bucket (idempotent) and print the backend settings")
    _env_arg(p)
    _target_args(p)

    p = sub.add_parser("emulator-stop", help="stop the local emulator started by `make deploy`")
    p.add_argument("--port", type=int, default=None)

    for name, module, adder in (
        ("cost", "cost", "add_arguments"),
        ("pr-comment", "pr_comment", "add_arguments"),
        ("drift-issue", "pr_comment", "add_drift_arguments"),
    ):
        try:
            mod = __import__(f"orchestrator.{module}", fromlist=[adder])
        except ImportError:
            continue
        help_text = {
            "cost": "offline monthly cost estimate with cheaper alternatives",
            "pr-comment": "post or update the plan comment on a pull request",
            "drift-issue": "open or update the drift issue of an environment",
        }[name]
        p = sub.add_parser(name, help=help_text)
        getattr(mod, adder)(p)
        p.set_defaults(_module=mod, _runner="run_drift" if name == "drift-issue" else "run")
    return parser


def cmd_validate(args) -> int:
    env = config.load(args.env)
    log(env.name, f"{config._rel(env.path)} is valid (target {env.data['target']}, tier {env.tier})")
    if args.no_terraform:
        return 0
    tools = toolchain.load()
    target = render.target_for(env, rehearse=not env.is_emulator)
    # Its own directory without a backend: validating needs no state and no credentials.
    directory = render.work_root() / f"{env.name}-validate"
    directory.mkdir(parents=True, exist_ok=True)
    files = render.render_files(env, target, directory, emulator_gaps=False)
    files["backend.tf"] = "# Validation only: no backend.\n"
    for name, content in files.items():
        (directory / name).write_text(content)
    if toolchain.LOCK_FILE.exists():
        (directory / ".terraform.lock.hcl").write_text(toolchain.LOCK_FILE.read_text())
    from .runner import Terraform, step

    tf = Terraform(tools.terraform, directory, {**tools.env(), "AWS_REGION": env.data["region"]}, env.name)
    with step(env.name, "terraform init (no backend) and validate"):
        tf.init(backend=False)
        warnings = tf.validate()
    for warning in warnings:
        log(env.name, f"warning: {warning}")
    return 1 if warnings else 0


def cmd_plan(args) -> int:
    from . import workflow

    ctx = workflow.prepare(args.env, rehearse=args.rehearse, emulator_port=args.emulator_port)
    summary, _ = workflow.plan(ctx)
    if args.detailed_exitcode:
        return 2 if summary.has_changes else 0
    return 0


def cmd_apply(args) -> int:
    from . import workflow

    ctx = workflow.prepare(args.env, rehearse=args.rehearse, emulator_port=args.emulator_port)
    summary = workflow.apply(ctx, allow_replace=set(args.allow_replace), plan_file=args.plan, verify=not args.no_verify)
    values = workflow.outputs(ctx)
    print(json.dumps(workflow.app_contract(ctx, values), indent=2))
    log(ctx.label, f"applied: {summary.line()}")
    return 0


def cmd_destroy(args) -> int:
    from . import workflow

    env = config.load(args.env)
    if not (env.is_emulator or args.rehearse) and not args.yes:
        raise config.ConfigError(f"{config._rel(env.path)}: target = \"aws\": destroying a real environment needs --yes")
    ctx = workflow.prepare(args.env, rehearse=args.rehearse, emulator_port=args.emulator_port)
    summary = workflow.destroy(ctx)
    log(ctx.label, f"destroyed: {summary.destroy} resource(s)")
    return 0


def cmd_output(args) -> int:
    from . import workflow

    ctx = workflow.prepare(args.env, rehearse=args.rehearse, emulator_port=args.emulator_port)
    values = workflow.outputs(ctx)
    if not values:
        raise config.ConfigError(f"environment {ctx.env.name} has no outputs yet; run `python -m orchestrator apply {args.env}` first")
    fmt = "json" if args.json else (args.format or "text")
    if fmt == "appsettings":
        print(json.dumps(workflow.appsettings(ctx, values), indent=2))
    elif fmt == "json":
        print(json.dumps(workflow.app_contract(ctx, values), indent=2))
    else:
        contract = workflow.app_contract(ctx, values)
        for section, value in contract.items():
            print(f"{section}: {json.dumps(value)}")
    return 0


def cmd_verify(args) -> int:
    from . import workflow

    ctx = workflow.prepare(args.env, rehearse=args.rehearse, emulator_port=args.emulator_port)
    workflow.run_verify(ctx)
    return 0


def cmd_bootstrap(args) -> int:
    from . import state, workflow

    ctx = workflow.prepare(args.env, rehearse=args.rehearse, emulator_port=args.emulator_port, init=False)
    settings = render.backend_settings(ctx.env, ctx.target)
    created = state.ensure_state_bucket(ctx.boto("s3"), settings["bucket"], settings["region"])
    log(ctx.label, f"state bucket {settings['bucket']} {'created' if created else 'already exists; protections re-applied'}")
    print(json.dumps({**settings, "use_lockfile": True, "encrypt": True}, indent=2))
    return 0


def cmd_emulator_stop(args) -> int:
    port = args.port or render.local_emulator_port()
    print("emulator stopped" if emulator.stop(port) else f"no emulator started by this project on port {port}")
    return 0


COMMANDS = {
    "validate": cmd_validate,
    "plan": cmd_plan,
    "apply": cmd_apply,
    "destroy": cmd_destroy,
    "output": cmd_output,
    "verify": cmd_verify,
    "bootstrap": cmd_bootstrap,
    "emulator-stop": cmd_emulator_stop,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    start = time.monotonic()
    from .verify import VerificationError
    from .workflow import PipelineError

    try:
        if hasattr(args, "_module"):
            return getattr(args._module, args._runner)(args)
        return COMMANDS[args.command](args)
    except (config.ConfigError, PipelineError, VerificationError, TerraformError, emulator.EmulatorError, toolchain.ToolchainError) as exc:
        echo_error(str(exc))
        return 1
    except KeyboardInterrupt:
        echo_error(f"interrupted after {time.monotonic() - start:.1f} s")
        return 130


if __name__ == "__main__":
    sys.exit(main())
